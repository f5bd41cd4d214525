from __future__ import annotations

import pytest

from assistant import analyze


def test_profile_name_is_copied_exactly() -> None:
    for name in ("Валюшка лапочка", "kotik_99", "Ксюша 🌸", " Dmitry K. "):
        profile = analyze("Здравствуйте, меня зовут Ира", nickname=name)
        assert profile.nickname == name
        assert profile.nickname_source == "profile"


@pytest.mark.parametrize(
    ("text", "name", "source"),
    [
        ("Карта пришла, спасибо.\n— Маша", "Маша", "signature"),
        ("Вопрос снят.\nОлег.", "Олег", "signature"),
        ("Прошу проверить заявку.\n\nС уважением,\nИван Петров", "Иван Петров", "signature"),
        ("Проверьте, пожалуйста.\nС уважением, Кирилл", "Кирилл", "signature"),
        ("Всё пришло, спасибо! — Лена", "Лена", "signature"),
        ("Добрый день, меня зовут Ира, вопрос по рассрочке", "Ира", "introduction"),
        ("Привет это Петя, роутер снова мигает", "Петя", "introduction"),
        ("Hi, my name is John, my card was declined", "John", "introduction"),
    ],
)
def test_signature_and_introduction(text: str, name: str, source: str) -> None:
    profile = analyze(text)
    assert (profile.nickname, profile.nickname_source) == (name, source)
    [ev] = profile.nickname_evidence
    assert text[ev.start : ev.end] == ev.text == name


@pytest.mark.parametrize(
    "text",
    [
        "Спасибо, Олег! Всё получилось.",
        "Передайте спасибо Марине из отделения",
        "Здравствуйте, я клиент вашего банка",
        "Мария Ивановна, вы обещали перезвонить",
        "Карта пришла.\nЖду ответа",
        "Олег",
    ],
)
def test_no_name(text: str) -> None:
    assert analyze(text).nickname is None


def test_name_from_history() -> None:
    profile = analyze("Спасибо, всё пришло", history=["Заказ не пришёл.\n— Марина"])
    assert profile.nickname == "Марина"
    assert profile.from_history == ["nickname"]


def test_signature_with_invisible_characters_maps_back() -> None:
    text = "Спасибо!\n— Ма\u200bша"
    profile = analyze(text)
    assert profile.nickname == "Маша"
    [ev] = profile.nickname_evidence
    assert text[ev.start : ev.end] == ev.text == "Ма\u200bша"
