"""Shouting (assistant/analyzer/shouting.py): capitals a person shouts, not names."""

from __future__ import annotations

import pytest

from assistant import analyze
from assistant.analyzer.urgency import reason_code


def _shouts(text: str) -> bool:
    return any(reason_code(e) == "shouting" for e in analyze(text).urgency_reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ВЕРНИТЕ МОИ ДЕНЬГИ",
        "вы вообще ОТВЕЧАТЬ собираетесь",
        "СБЕР ВЕРНИТЕ ДЕНЬГИ",  # a verb after a brand is not part of the name
        "ПОЧЕМУ НЕ ПРИХОДИТ КОД",
    ],
)
def test_shouting(text: str) -> None:
    assert _shouts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Салон МТС РОССИИ закрыт?",  # a place after a brand
        "Почта РОССИИ потеряла посылку",
        "Карта МИР ПРЕМИАЛЬНАЯ, какой кэшбэк?",  # an adjective continues the brand
        "Тариф «ВСЁ ЗА 500» ещё есть?",  # a product in quotes
        "Вклад «ДОХОДНЫЙ ПЛЮС» можно пополнять?",
        "QOS режется, LTE есть, а скорость как у EDGE",  # Latin abbreviations
        "пишет ERROR ACCESS DENIED",
        "Сим-карта ТЕЛЕ2 не ловит",  # glued to a digit
        "Где взять справку для ЖКУ и ЕПД?",  # short capitals unknown to the dictionary
    ],
)
def test_not_shouting(text: str) -> None:
    assert not _shouts(text)
