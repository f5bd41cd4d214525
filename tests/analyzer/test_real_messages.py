"""Typos in ты/вы, underscore faces, sarcasm and upset moods (issue 12), and the linter
consequence: a smiley in a reply to an upset customer is flagged."""

from __future__ import annotations

import pytest

from assistant import analyze
from assistant.lint import lint


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("обьясните, что это за списание", "vy"),  # ь for ъ
        ("Ответте, пожалуйста", "vy"),
        ("поможеш с переводом?", "ty"),
        ("вчера отправели заявку", "none"),  # a misspelt past tense, not an imperative
        ("зделали перевод, а он не дошёл", "none"),
        ("Отличный банк, ничего не скажешь", "none"),  # an idiom addresses no one
        ("Подключила тариф «ТВОЙ ОНЛАЙН»", "none"),  # a quoted name
    ],
)
def test_address_with_typos_and_idioms(text: str, address: str) -> None:
    assert analyze(text).address == address


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("опять -_-", "negative"),
        ("o_O что это", "neutral"),
        (".__.", "negative"),
        ("0_о", "neutral"),
    ],
)
def test_underscore_faces(text: str, tone: str) -> None:
    items = analyze(text).emoji.items
    assert items and items[0].tone == tone


@pytest.mark.parametrize(
    "text",
    [
        "Спасибо, конечно, за такой сервис. Просто супер.",
        "Ну-ну, «быстрая доставка»",
        "Спасибо за такую «оперативную» поддержку",
        "Я вам больше не клиент",
        "Ухожу в другой банк",
        "Закрою все счета",
        "Буду писать в ЦБ",
        "Почему опять списали?!",
        "Вы уже месяц рассматриваете заявку",
        "Хватит слать рекламу",
        "Ну вы даёте) третий месяц не можете поменять адрес",  # a smile after a complaint
    ],
)
def test_upset_without_anger(text: str) -> None:
    profile = analyze(text)
    assert profile.mood == "negative"
    assert profile.upset


@pytest.mark.parametrize(
    "text",
    [
        "Ребят, вы лучшие ❤️ кэшбэк пришёл, как и обещали",
        "Спасибо, что помогли!",
        "Снова здравствуйте)",
    ],
)
def test_not_sarcasm(text: str) -> None:
    assert analyze(text).mood == "positive"


@pytest.mark.parametrize("text", ["ребята, вы лучшие!!!", "Ура, наконец-то пришла карта!!!"])
def test_joyful_exclamations_are_not_anger(text: str) -> None:
    profile = analyze(text)
    assert not profile.urgent
    assert profile.mood == "positive"


def test_a_smiley_to_a_sarcastic_customer_is_flagged() -> None:
    incoming = "Спасибо, конечно, за такой сервис. Просто супер."
    findings = lint("Понимаем вас, уже разбираемся 🙂", incoming=incoming)
    assert any(f.category == "emoji" and f.blocking for f in findings)
    calm = lint("Рады помочь 🙂", incoming="Спасибо, всё получилось!")
    assert not any(f.category == "emoji" and f.blocking for f in calm)
