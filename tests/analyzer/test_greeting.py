from __future__ import annotations

import pytest

from assistant import analyze


@pytest.mark.parametrize(
    ("text", "greeting", "register"),
    [
        ("Добрый день! Вопрос по карте", "Добрый день", "neutral"),
        ("Здравствуйте.", "Здравствуйте", "neutral"),
        ("Здраствуйте, не могу войти", "Здраствуйте", "neutral"),
        ("доброго времени суток", "доброго времени суток", "formal"),
        ("День добрый. Вопрос", "День добрый", "neutral"),
        ("Приветствую! Есть вопрос", "Приветствую", "formal"),
        ("привет) как дела", "привет", "casual"),
        ("Всем привет, вопрос", "привет", "casual"),
        ("Ребята, привет! Можете помочь?", "привет", "casual"),
        ("👋 Привет", "Привет", "casual"),
        ("Хай, глянь заказ", "Хай", "slang"),
        ("Hello! My card", "Hello", "neutral"),
        ("Здpавствуйте", "Здpавствуйте", "neutral"),  # Latin «p» inside
    ],
)
def test_greetings(text: str, greeting: str, register: str) -> None:
    g = analyze(text).greeting
    assert g.present
    assert g.text == greeting and g.register == register
    assert g.start is not None and g.end is not None
    assert text[g.start : g.end] == greeting


@pytest.mark.parametrize(
    "text",
    [
        "Хорошего дня!",
        "Уважаемые сотрудники, прошу предоставить справку",
        "Спасибо, привет семье",
        "У меня вопрос. Здравствуйте",
        "день добрый был бы, если бы не ваш сервис",
        "Здорово, что вы так быстро ответили",
        "С праздником! Когда бонусы?",
        "Хайп вокруг новой карты",
    ],
)
def test_not_greetings(text: str) -> None:
    assert not analyze(text).greeting.present
