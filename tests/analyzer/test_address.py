from __future__ import annotations

import pytest

from assistant import analyze

from .conftest import texts


@pytest.mark.parametrize(
    ("text", "address", "words"),
    [
        ("Подскажите, пожалуйста, где реквизиты", "vy", ["Подскажите"]),
        ("вы можете помочь", "vy", ["вы", "можете"]),
        ("Ах вы гады, банкомат съел карту", "vy", ["вы"]),
        ("Спасибо вашему курьеру", "vy", ["вашему"]),
        ("проверь заказ", "ty", ["проверь"]),
        ("ты можешь сказать?", "ty", ["ты", "можешь"]),
        ("слушай, а где кешбэк", "ty", ["слушай"]),
        ("Здравствуйте, у меня не проходит оплата", "none", []),
        ("Здравствуй, магазин", "none", []),
        ("Пойдёмте дальше", "none", []),
        ("Пришли смс о списании", "none", []),
        ("Претензия (см. вложение)", "none", []),
        ("Мой заказ не пришёл", "none", []),
        ("Хочу закрыть счёт", "none", []),
    ],
)
def test_address(text: str, address: str, words: list[str]) -> None:
    profile = analyze(text)
    assert profile.address == address
    assert texts(profile.address_evidence) == words


def test_look_alike_letters_inside_the_word() -> None:
    text = "Пoдскажите, пожалуйста"  # Latin «o»
    profile = analyze(text)
    assert profile.address == "vy"
    ev = profile.address_evidence[0]
    assert text[ev.start : ev.end] == ev.text == "Пoдскажите"


def test_history_is_only_a_fallback() -> None:
    earlier = ["Привет! Ты можешь проверить заявку?"]
    fallback = analyze("а когда будет готово?", history=earlier)
    assert fallback.address == "ty" and fallback.from_history == ["address"]
    assert fallback.address_evidence == []
    current = analyze("Подскажите, когда будет готово?", history=earlier)
    assert current.address == "vy" and current.from_history == []
