"""Lemma cues (assistant/analyzer/cues.py): colloquial money trouble with negation and tense;
conditions, how-to questions, jokes and advice are not facts."""

from __future__ import annotations

import pytest

from assistant import analyze
from assistant.analyzer.urgency import reason_code


def _codes(text: str) -> set[str]:
    return {reason_code(e) for e in analyze(text).urgency_reasons}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("деньги так и не вернулись", "money_missing"),
        ("перевод до сих пор не зачислился", "money_missing"),
        ("Зарплата не пришла", "money_missing"),
        ("баланс не пополнился после оплаты", "money_missing"),
        ("не поступили деньги от покупателя", "money_missing"),
        ("за ночь нет 300 рублей", "money_missing"),
        ("платёж висит уже вторые сутки", "money_missing"),
        ("у меня пропало 2 000 с карты", "money_gone"),
        ("сняли 499 за подписку, которую я не оформляла", "unauthorised_charge"),
        ("на счёте минус 1200, хотя я ничего не покупал", "unauthorised_charge"),
        ("списали дважды за кофе", "charged_twice"),
    ],
)
def test_money_trouble(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Когда поступят деньги?",  # future: a question, not a report
        "Деньги поступили, спасибо",  # no negation
        "Не приходит чек после оплаты",  # the receipt, not the money, did not arrive
        "Куда делась кнопка перевода?",  # a genitive is not the subject
        "Перевод висит в обработке",  # a state, no time said
        "Если деньги не поступят, что делать?",  # a condition
        "а если вдруг заблокируют карту за границей?",
        "Как понять, что перевод не дошёл?",  # a how-to question
        "Можно ли узнать, заблокирована ли карта?",
        "Подскажите, что делать, если украли телефон",
        "Посоветуйте маме, как не попасться мошенникам",  # advice to others
        "Банкомат съел мою карту. Шучу, просто хочу новую",  # a joke
        "Вклад «СРОЧНЫЙ» ещё открыт?",  # a product name in quotes
        "Спасибо, что так быстро разблокировали карту!",  # solved
        "На кредитке минус 5000, это долг?",
    ],
)
def test_not_facts(text: str) -> None:
    assert not analyze(text).urgent, analyze(text).urgency_reasons
