from __future__ import annotations

import pytest

from assistant import analyze
from assistant.analyzer.urgency import reason_code


def reasons(text: str) -> set[str]:
    return {reason_code(e) for e in analyze(text).urgency_reasons}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Срочно помогите", "explicit"),
        ("Мне заблокировали карту", "blocked"),
        ("Карта заблокирована", "blocked"),
        ("украли кошелёк", "stolen"),
        ("потерял карту в метро", "lost"),
        ("банкомат съел карту", "card_eaten"),
        ("Списали 500 за подписку, которую я не подключал", "unauthorised_charge"),
        ("списали дважды за один заказ", "charged_twice"),
        ("перевела деньги не тому человеку", "wrong_recipient"),
        ("звонили якобы из банка, я сказала им код", "fraud"),
        ("я за границей, карта не работает", "abroad"),
        ("сегодня последний день оплаты", "due_today"),
        ("деньги до сих пор не пришли на счёт", "money_missing"),
        ("Ах вы гады", "insult"),
        ("ВЕРНИТЕ МОИ ДЕНЬГИ", "shouting"),
        ("ну и где ответ!!!", "punctuation"),
        ("где деньги 😡", "angry_emoji"),
        ("третий раз пишу", "repeated"),
        ("сколько можно ждать", "repeated"),
        ("Это развод какой-то! Верните сейчас же", "fraud"),
    ],
)
def test_urgent(text: str, reason: str) -> None:
    profile = analyze(text)
    assert profile.urgent
    assert reason in reasons(text)
    for ev in profile.urgency_reasons:
        assert text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    "text",
    [
        "карта не пришла((",
        "Жаль, что акция закончилась :(",
        "Разочарована обслуживанием",
        "Как заблокировать карту, если потеряю?",
        "Хочу открыть срочный вклад на полгода",
        "Если я буду за границей, карта будет работать?",
        "Лучший банк!!! 😍",
        "Жду доставку третий день",
        "В приложении пропал раздел с вкладами",
        "Переписка по СМС и ПИН через МТС",
        "ой, не туда написала, извините",
    ],
)
def test_not_urgent(text: str) -> None:
    assert not analyze(text).urgent, reasons(text)
