"""The mirror-correct opening used when no LLM is configured."""

from __future__ import annotations

import pytest

from assistant.analyzer import analyze
from assistant.drafter.opening import mirrored_greeting, opening


@pytest.mark.parametrize(
    ("message", "nickname", "expected"),
    [
        # The name is the greeting: no greeting back when the customer did not greet.
        ("карта не работает", "Максим", "Максим, "),
        ("Почему списали комиссию?", "Валюшка лапочка", "Валюшка лапочка, "),
        # Greeted: greet back with their word, their punctuation.
        ("Здравствуйте. Жду выписку уже неделю", "Ксения", "Здравствуйте, Ксения. "),
        ("Добрый день, банк! Поправьте название платежа", "Ольга", "Добрый день, Ольга! "),
        ("Добрый вечер! Не проходит перевод", "", "Добрый вечер! "),
        # Casual greeting from a casual customer stays casual.
        ("Привет!) слушай, а че с приложением", "vasya_99", "Привет, vasya_99! "),
    ],
)
def test_opening(message: str, nickname: str, expected: str) -> None:
    assert opening(analyze(message, nickname=nickname or None), nickname or None) == expected


def test_nickname_is_never_corrected() -> None:
    profile = analyze("Добрый день, не приходит смс", nickname="Валюшка лапочка")
    assert "Валюшка лапочка" in opening(profile, "Валюшка лапочка")
    assert "Валентина" not in opening(profile, "Валюшка лапочка")


def test_no_name_no_greeting_is_empty() -> None:
    assert opening(analyze("не приходит смс с кодом")) == ""


def test_greeting_only_if_the_customer_greeted() -> None:
    assert mirrored_greeting(analyze("не приходит смс")) is None
    assert mirrored_greeting(analyze("Здравствуйте, не приходит смс")) == "Здравствуйте"
