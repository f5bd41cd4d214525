"""The one definition of a hidden character, used by normalisation, the prompt guard and the UI.

A character is *hidden* when it prints as nothing but can still change what a text means
to a machine: Unicode's ``Default_Ignorable_Code_Point`` set (zero-width spaces and joiners,
the soft hyphen, bidi controls, Hangul fillers, tag characters, variation selectors …) and
the controls ``\\p{Cc}`` other than tab, newline and carriage return. Two emoji exceptions:

* a zero-width joiner (ZWJ) between two non-letters is part of an emoji sequence
  (``👨\\u200d👩\\u200d👧``) and stays; next to a letter it is hidden;
* a variation selector stays unless it follows a letter (``🏳\\ufe0f``, ``1\\ufe0f\\u20e3``
  are emoji; ``ж\\ufe0fидайте`` is a disguise).

Lone surrogates are not hidden but unencodable: :func:`scrub_surrogates` turns them into
U+FFFD without moving any offset.
"""

from __future__ import annotations

import re
from typing import Literal

import regex

ZWJ = "\u200d"
#: Bidi controls (embeddings, overrides, isolates, marks): flagged to the operator.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

HiddenKind = Literal["invisible", "bidi", "tag", "control"]

_VARIATION = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
#: Hidden in every context (the ZWJ and variation selectors depend on their neighbours).
ALWAYS_HIDDEN = regex.compile(
    rf"[[\p{{Default_Ignorable_Code_Point}}\p{{Cc}}]--[\t\n\r{ZWJ}{_VARIATION}]]", regex.V1
)
#: Any character that may be hidden, whatever its context (a fast pre-check).
MAYBE_HIDDEN = regex.compile(r"[[\p{Default_Ignorable_Code_Point}\p{Cc}]--[\t\n\r]]", regex.V1)
_VARIATION_SELECTOR = regex.compile(f"[{_VARIATION}]")
_LONE_ZWJ = regex.compile(rf"(?<=\p{{L}}){ZWJ}|{ZWJ}(?=\p{{L}})")
_VARIATION_AFTER_LETTER = regex.compile(rf"(?<=\p{{L}}\p{{M}}*)[{_VARIATION}]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = regex.compile(r"\p{Cc}")


def is_variation_selector(char: str) -> bool:
    return bool(_VARIATION_SELECTOR.fullmatch(char))


def hidden_kind(char: str, prev: str = "", nxt: str = "") -> HiddenKind | None:
    """How ``char`` is hidden, or ``None`` if it is visible (or an emoji's joiner/selector).

    ``prev`` and ``nxt`` are the visible neighbours; they decide for a ZWJ (hidden next to a
    letter) and for a variation selector (hidden after a letter).
    """
    if char == ZWJ:
        return "invisible" if prev.isalpha() or nxt.isalpha() else None
    if is_variation_selector(char):
        return "invisible" if prev.isalpha() else None
    if not ALWAYS_HIDDEN.match(char):
        return None
    if 0xE0000 <= ord(char) <= 0xE007F:
        return "tag"
    if char in BIDI_CONTROLS:
        return "bidi"
    if _CONTROL.match(char):
        return "control"
    return "invisible"


def strip_hidden(text: str) -> str:
    """``text`` without hidden characters; lone surrogates become U+FFFD."""
    if not MAYBE_HIDDEN.search(text) and not _LONE_SURROGATE.search(text):
        return text
    text = scrub_surrogates(ALWAYS_HIDDEN.sub("", text))
    if ZWJ in text:
        text = _LONE_ZWJ.sub("", text)
    if _VARIATION_SELECTOR.search(text):
        text = _VARIATION_AFTER_LETTER.sub("", text)
    return text


def scrub_surrogates(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD: same length, same offsets.

    A lone surrogate cannot be encoded, so a result quoting it (a profile, a finding)
    could not be written as JSON; library entry points scrub their input with this.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text
