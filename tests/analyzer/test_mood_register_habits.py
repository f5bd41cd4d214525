from __future__ import annotations

import pytest

from assistant import analyze


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Спасибо большое, всё отлично 🙂", "positive"),
        ("Когда откроется отделение?", "neutral"),
        ("Карта не работает, жаль :(", "negative"),
        ("Ах вы гады!!!", "angry"),
        ("ВЕРНИТЕ ДЕНЬГИ", "angry"),
    ],
)
def test_mood(text: str, mood: str) -> None:
    profile = analyze(text)
    assert profile.mood == mood
    assert bool(profile.mood_evidence) == (mood != "neutral")


@pytest.mark.parametrize(
    ("text", "register"),
    [
        (
            "Уважаемая поддержка! Прошу Вас предоставить справку в связи с закрытием "
            "счёта.\n\nС уважением, Иван Петров",
            "formal",
        ),
        ("бро спс, чё по кешбэку, норм?", "slang"),
        ("привет) глянь заказ плиз", "slang"),
        ("привет) ну как там мой заказ", "casual"),
        ("Когда будет готова карта?", "neutral"),
    ],
)
def test_register(text: str, register: str) -> None:
    assert analyze(text).register == register


def test_habits() -> None:
    text = "ну вот опять...\n\nгде мой заказ?? уже неделю жду!! ёлки\n\nспасибо"
    h = analyze(text).habits
    assert h.words == 11
    assert h.chars == len(text)
    assert h.paragraphs == 3
    assert h.all_lowercase
    assert h.caps_ratio == 0.0
    assert [e.text for e in h.question_runs] == ["??"]
    assert [e.text for e in h.exclamation_runs] == ["!!"]
    assert h.ellipses == 1
    assert h.uses_yo
    assert h.no_final_punctuation


def test_caps_ratio_and_sentences() -> None:
    h = analyze("ГДЕ ДЕНЬГИ. Вопрос простой.").habits
    assert h.sentences == 2
    assert not h.all_lowercase
    assert 0.4 < h.caps_ratio < 0.5
    assert not h.no_final_punctuation
