"""assistant.text.invisible: the one definition of a hidden character, used everywhere."""

from __future__ import annotations

import regex

from assistant.drafter.guard import clean_chars
from assistant.text.invisible import hidden_kind, scrub_surrogates, strip_hidden
from assistant.text.normalize import normalize

UNICODE_SET = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cc}]")
#: Every hidden code point of the BMP and the tag block (sampled beyond).
CANDIDATES = [
    chr(c)
    for c in [*range(0x0000, 0xD800), *range(0xE000, 0x10000), *range(0xE0000, 0xE0200)]
    if UNICODE_SET.match(chr(c)) and chr(c) not in "\t\n\r"
]


def test_the_definition_is_unicodes_set() -> None:
    assert len(CANDIDATES) > 100
    for char in CANDIDATES:  # between two letters every one of them is hidden
        assert hidden_kind(char, "а", "б") is not None, hex(ord(char))
    assert hidden_kind("\u202e") == "bidi"
    assert hidden_kind("\U000e0041") == "tag"
    assert hidden_kind("\x07") == "control"
    assert hidden_kind("\u3164") == "invisible"  # a Hangul filler
    assert hidden_kind("а") is hidden_kind("\t") is hidden_kind("🙂") is None


def test_normalisation_and_the_prompt_guard_remove_the_same_characters() -> None:
    for char in CANDIDATES:
        text = f"да{char}нный"
        assert normalize(text).text == "данный", hex(ord(char))
        assert strip_hidden(text) == clean_chars(text) == "данный", hex(ord(char))


def test_emoji_keep_their_joiners_and_variation_selectors() -> None:
    family = "👨\u200d👩\u200d👧"
    flag = "🏳\ufe0f\u200d🌈"
    keycap = "1\ufe0f\u20e3"
    for emoji in (family, flag, keycap):
        text = f"Спасибо {emoji}!"
        assert normalize(text).text == text
        assert strip_hidden(text) == text
    # …but next to a letter they are a disguise
    assert normalize("Ож\ufe0fидайте").text == strip_hidden("Ож\ufe0fидайте") == "Ожидайте"
    assert normalize("Ож\u200dидайте").text == strip_hidden("Ож\u200dидайте") == "Ожидайте"


def test_lone_surrogates_become_replacement_characters_in_place() -> None:
    assert scrub_surrogates("а\ud800б") == "а\ufffdб"
    assert strip_hidden("а\udfff\u200bб") == "а\ufffdб"
    assert scrub_surrogates("обычный текст") == "обычный текст"
