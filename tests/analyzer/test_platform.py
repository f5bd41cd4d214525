"""Platform syntax (assistant/analyzer/platform.py): mentions, handles, quotes, headers,
signatures are recognised, reported, and left out of every decision."""

from __future__ import annotations

import pytest

from assistant import analyze
from tests.analyzer.conftest import assert_spans_point_into


@pytest.mark.parametrize(
    ("text", "greeting"),
    [
        ("@sber_help доброе утро, карта не работает", "доброе утро"),
        ("[id7|Ирина Павловна], здравствуйте! Где выписка?", "здравствуйте"),
        ("[club12|Магазин] привет) заказ пришёл", "привет"),
        ("@id55 (Олег), добрый вечер", "добрый вечер"),
        ("@tele2_help, @beeline_help, всем привет", "всем привет"),
    ],
)
def test_greeting_after_a_mention(text: str, greeting: str) -> None:
    profile = analyze(text)
    assert profile.greeting.present
    assert profile.greeting.text is not None
    assert greeting.endswith(profile.greeting.text.lower())
    assert_spans_point_into(profile)


def test_vk_mention_keeps_the_name_exactly() -> None:
    profile = analyze("[id123|Валюшка лапочка], спасибо! И [club456|Банк «Альфа»] тоже")
    assert [(m.platform, m.target, m.name) for m in profile.mentions] == [
        ("vk", "id123", "Валюшка лапочка"),
        ("vk", "club456", "Банк «Альфа»"),
    ]
    assert profile.nickname is None  # the mentioned person is not the customer
    for mention in profile.mentions:
        assert profile.text[mention.start : mention.end].startswith("[")


def test_handles_are_not_shouting_names_or_email() -> None:
    profile = analyze("@megafon_help_RUS @ivan.petrov почему нет связи? пишите на a.b@mail.ru")
    assert [m.target for m in profile.mentions] == ["megafon_help_RUS", "ivan.petrov"]
    assert not profile.urgent


def test_quoted_operator_line_is_not_the_customers() -> None:
    profile = analyze("> Здравствуйте! Уточните номер карты, пожалуйста\n4411, жду")
    assert not profile.greeting.present
    assert profile.address == "none"
    assert [e.label for e in profile.platform_syntax] == ["platform:quote"]


def test_reply_header_and_device_signature() -> None:
    text = "В ответ на комментарий «Напишите нам в личку»\nНаписала\n\nОтправлено с iPhone"
    profile = analyze(text)
    assert profile.address == "none"
    assert profile.nickname is None
    labels = {e.label for e in profile.platform_syntax}
    assert labels == {"platform:reply_header", "platform:signature"}


def test_signature_name_above_the_device_line() -> None:
    text = "Добрый день.\nПришлите справку.\n\n--\nС уважением, Анна Котова\nSent from my iPhone"
    assert analyze(text).nickname == "Анна Котова"


def test_an_emoticon_at_line_start_is_not_a_quote() -> None:
    profile = analyze(">_< опять не грузится")
    assert profile.emoji.used
    assert not profile.platform_syntax
