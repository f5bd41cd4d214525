"""assistant.text.normalize: what is folded or removed, and the map back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text.normalize import normalize

_tricky = st.sampled_from(
    [
        *"привет ПРИВЕТ aceopxyAKMHT iPhone 😀👨\u200d👩 é\n\t0",
        *("\u200b", "\u00ad", "\u202e", "\u2066", "\U000e0041", "\ud800", "\x07", "\u0301"),
        *("ａ", "\u2028", "\ufeff"),
    ]
)
tricky_text = st.text(_tricky, max_size=120) | st.text(
    st.characters(exclude_categories=()), max_size=120
)


def test_clean_text_is_returned_as_is() -> None:
    norm = normalize("Привет, как дела?")
    assert norm.text == "Привет, как дела?" and not norm.changed and norm.removed == ()
    assert norm.span(0, 6) == (0, 6)


def test_invisible_characters_removed_and_recorded() -> None:
    text = "при\u200bвет\u202e!\U000e0041"
    norm = normalize(text)
    assert norm.text == "привет!"
    assert [(r.kind, r.start) for r in norm.removed] == [
        ("invisible", 3),
        ("bidi", 7),
        ("tag", 9),
    ]
    assert text[slice(*norm.span(0, 6))] == "при\u200bвет"


def test_look_alikes_folded_only_inside_cyrillic_words() -> None:
    norm = normalize("Здpaвствуйте, мой iPhone и vasya.pupkin")
    assert norm.text == "Здравствуйте, мой iPhone и vasya.pupkin"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("0жидайте", "ожидайте"),
        ("пр0в0дится", "проводится"),
        ("ОЖИД0ЙТЕ", "ОЖИДОЙТЕ"),
        ("Ваше 0бращение", "Ваше обращение"),
    ],
)
def test_lint_form_reads_a_zero_inside_a_cyrillic_word_as_o(text: str, folded: str) -> None:
    norm = normalize(text, form="NFKC")
    assert norm.text == folded
    assert norm.span(0, len(folded)) == (0, len(text))  # one character for one
    assert normalize(text).text == text  # analysis (NFC) leaves digits alone


@pytest.mark.parametrize(
    "text",
    ["10руб", "0руб", "0 руб", "0рублей", "0дней", "0мин", "A0 тест", "В0", "0000", "д0c"],
)
def test_zeros_in_numbers_and_quantities_stay_digits(text: str) -> None:
    assert normalize(text, form="NFKC").text == text


def test_zwj_inside_an_emoji_is_kept() -> None:
    family = "👨\u200d👩\u200d👧"
    assert normalize(family).text == family


def test_combining_marks_composed_and_nfkc_folds_fullwidth() -> None:
    assert normalize("е\u0301").text == "\u0435\u0301"  # no precomposed Cyrillic é: unchanged
    assert normalize("e\u0301").text == "é"
    assert normalize("ＩＧＮＯＲＥ", form="NFKC").text == "IGNORE"
    assert normalize("ＩＧＮＯＲＥ", form="NFC").text == "ＩＧＮＯＲＥ"


def test_lone_surrogate_becomes_replacement_character() -> None:
    norm = normalize("a\ud800b")
    assert norm.text == "a\ufffdb"
    assert [r.kind for r in norm.removed] == ["surrogate"]
    norm.text.encode("utf-8")


def test_line_separators_become_newlines() -> None:
    assert normalize("а\u2028б").text == "а\nб"


@pytest.mark.parametrize("form", ["NFC", "NFKC"])
@settings(max_examples=400, deadline=None)
@given(text=tricky_text)
def test_idempotent(form: str, text: str) -> None:
    once = normalize(text, form=form)  # type: ignore[arg-type]
    twice = normalize(once.text, form=form)  # type: ignore[arg-type]
    assert twice.text == once.text
    assert twice.removed == ()


@settings(max_examples=400, deadline=None)
@given(text=tricky_text, data=st.data())
def test_spans_stay_inside_the_original(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = norm.span(start, end)
    assert 0 <= s <= e <= len(text)
    if start < end:
        # the original slice covers every normalised character it maps from
        assert e > s
    for r in norm.removed:
        assert 0 <= r.start < r.end <= len(text) and text[r.start : r.end] == r.char
