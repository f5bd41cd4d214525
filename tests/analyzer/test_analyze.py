"""``analyze()`` as a whole: limits, empty input, robustness, spans, JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import StyleProfile, TextTooLongError, analyze
from assistant.errors import InputError

from .conftest import assert_spans_point_into

MESSY = (
    "Здpавствуйте!\u200b Пoдскажите\u00ad, пожалуйста (см. выше): 1) карта 2) счёт )))\n\n"
    "ВЕРНИТЕ ДЕНЬГИ!!! 😡 \u202eтекст\u202c я за границей, карту заблокировали\n— Ма\u200bша"
)

#: Text that exercises the analyzer: letters, brackets, emoji, invisible and odd characters.
_alphabet = st.sampled_from(
    [
        *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕКМНОРСТХabcekmopxyDPT ()!?.,:;=^_-—\n\t",
        *("😡", "👍", "\u200b", "\u202e", "\U000e0041", "\ud800", "\x00", "\u0301", "ｉ"),
    ]
)
russianish = st.text(_alphabet, max_size=200)


def test_too_long_raises_before_any_work() -> None:
    with pytest.raises(TextTooLongError) as info:
        analyze("а" * 101, max_chars=100)
    assert info.value.length == 101 and info.value.limit == 100
    assert isinstance(info.value, InputError)
    analyze("а" * 100, max_chars=100)


def test_default_limit_comes_from_settings() -> None:
    with pytest.raises(TextTooLongError):
        analyze("а" * 20_001)


def test_non_string_is_an_input_error() -> None:
    with pytest.raises(InputError):
        analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u200b\u200b", "\u202e"])
def test_empty_or_invisible_text_gives_a_neutral_profile(text: str) -> None:
    profile = analyze(text)
    assert not profile.emoji.used and not profile.greeting.present and not profile.urgent
    assert profile.address == "none" and profile.mood == "neutral"
    assert profile.habits.words == 0 and profile.habits.chars == len(text)
    assert len(profile.hidden_characters) == sum(1 for c in text if not c.isspace())


def test_messy_message_spans_point_into_the_original() -> None:
    profile = analyze(MESSY)
    assert profile.greeting.present and profile.greeting.text == "Здpавствуйте"
    assert profile.address == "vy" and profile.urgent and profile.mood == "angry"
    assert profile.nickname == "Маша"
    assert profile.hidden_flagged
    assert [i.text for i in profile.emoji.items] == [")))", "😡"]
    assert_spans_point_into(profile)


def test_profile_is_json_and_round_trips() -> None:
    profile = analyze(MESSY, nickname="Маша", history=["привет, ты тут?"])
    data = json.loads(profile.model_dump_json())
    assert data["emoji"]["used"] is True
    assert data["greeting"]["present"] is True
    assert data["address"] == "vy"
    assert StyleProfile.model_validate(data) == profile
    assert StyleProfile.model_validate_json(profile.model_dump_json()) == profile


def test_history_never_sets_emoji_greeting_or_habits() -> None:
    profile = analyze("ок", history=["Привет)) глянь заказ!!! 😊"])
    assert not profile.emoji.used and not profile.greeting.present
    assert profile.habits.exclamation_runs == []
    assert profile.address == "ty"


def test_odd_history_entries_are_skipped() -> None:
    profile = analyze("ок", history=["а" * 30_000, 42, "Подскажите"])  # type: ignore[list-item]
    assert profile.address == "vy"


#: Any code point, surrogates and control characters included.
any_text = st.text(st.characters(exclude_categories=()), max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_never_raises_on_any_text(text: str) -> None:
    profile = analyze(text)
    assert profile.text == text
    assert_spans_point_into(profile)


@settings(max_examples=300, deadline=None)
@given(russianish, st.one_of(st.none(), st.text(max_size=20)), st.lists(russianish, max_size=3))
def test_never_raises_on_russianish_text(
    text: str, nickname: str | None, history: list[str]
) -> None:
    profile = analyze(text, nickname=nickname, history=history)
    assert_spans_point_into(profile)
    assert profile.emoji.count == len(profile.emoji.items)
    assert profile.emoji.used == bool(profile.emoji.items)
    assert profile.urgent == bool(profile.urgency_reasons)
