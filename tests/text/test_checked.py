"""assistant.text.checked: a message is checked and normalised once at the boundary."""

from __future__ import annotations

import pytest

from assistant.analyzer import analyze
from assistant.errors import InputError, TextTooLongError
from assistant.text.checked import CheckedText


def test_check_refuses_what_cannot_be_processed() -> None:
    with pytest.raises(InputError):
        CheckedText.check(None, max_chars=100)
    with pytest.raises(TextTooLongError):
        CheckedText.check("а" * 101, max_chars=100)


def test_check_normalises_once_and_keeps_the_original() -> None:
    checked = CheckedText.check("Пpивет\u200b, карта не работает", max_chars=100)
    assert checked.original == "Пpивет\u200b, карта не работает"
    assert checked.text == "Привет, карта не работает"
    assert checked.visible
    assert not CheckedText.check("\u200b \u2060", max_chars=100).visible


def test_analyze_trusts_a_checked_text() -> None:
    text = "Привет\u200b! Карту заблокировали 😡"
    checked = CheckedText.check(text, max_chars=1000)
    assert analyze(checked) == analyze(text)
    # the length check happened at the boundary: a stricter analyze limit is not re-applied
    assert analyze(checked, max_chars=5).text == text
