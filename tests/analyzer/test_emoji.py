from __future__ import annotations

import pytest

from assistant import analyze


def items(text: str) -> list[tuple[str, str]]:
    return [(i.text, i.kind) for i in analyze(text).emoji.items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("спасибо)))", [(")))", "smile")]),
        ("ок :-)", [(":-)", "smile")]),
        ("ок =)", [("=)", "smile")]),
        ("ну вы даёте :D", [(":D", "smile")]),
        ("лол xD", [("лол", "laughter"), ("xD", "laughter")]),
        ("норм хДД", [("хДД", "laughter")]),
        ("супер ^^ и ^_^", [("^^", "smile"), ("^_^", "smile")]),
        ("ладно ;)", [(";)", "smile")]),
        ("жаль(", [("(", "sad")]),
        ("жаль (( но ладно", [("((", "sad")]),
        ("не вышло :(", [(":(", "sad")]),
        ("опять :'(", [(":'(", "sad")]),
        ("ахаха вот это да", [("ахаха", "laughter")]),
        ("хаха", [("хаха", "laughter")]),
        ("ржу не могу", [("ржу", "laughter")]),
        ("ну такое :/", [(":/", "sad")]),
    ],
)
def test_text_emoticons(text: str, expected: list[tuple[str, str]]) -> None:
    assert items(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Вопросы: 1) лимит 2) комиссия",
        "1) карта\n2) счёт",
        "а) карта\nб) счёт",
        "Пишу повторно (см. выше).",
        "Вклад «Надёжный» (на 6 мес.) ещё действует?",
        "В п. 3) договора написано иначе",
        "ссылка https://example.ru/pay?ref=(promo)",
        "время 10:00, адрес https://bank.ru/help",
        "Хорошего дня",
    ],
)
def test_brackets_and_lists_are_not_emoticons(text: str) -> None:
    assert items(text) == []


def test_a_closing_bracket_run_keeps_its_smile() -> None:
    assert items("Оплатил (наконец-то))) кредит") == [("))", "smile")]
    assert items("Всё работает) (проверил)") == [(")", "smile")]


def test_pictographic_emoji_and_tone() -> None:
    profile = analyze("Где деньги 😡 ну спасибо 👍 семья 👨‍👩‍👧")
    tones = [(i.text, i.kind, i.tone) for i in profile.emoji.items]
    assert tones == [
        ("😡", "emoji", "angry"),
        ("👍", "emoji", "positive"),
        ("👨‍👩‍👧", "emoji", "neutral"),
    ]
    assert profile.emoji.used and profile.emoji.count == 3


def test_emoji_spans_point_into_the_original_with_invisible_characters() -> None:
    text = "спа\u200bсибо\u200b)) 👍"
    profile = analyze(text)
    for item in profile.emoji.items:
        assert text[item.start : item.end] == item.text
    assert [i.text for i in profile.emoji.items] == ["))", "👍"]
