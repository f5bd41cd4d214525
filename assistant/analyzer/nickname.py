"""The customer's name: the profile name as given, else a signature or an introduction.

A profile name is copied exactly (never "corrected": «Валюшка лапочка» stays as it is).
Without one, the last line may be a signature («— Маша», «Олег.», «С уважением, Иван
Петров»), or the customer may introduce themself («меня зовут Ира», «это Петя»). A word
counts as a name when pymorphy3 knows it as a first name (``Name``), or when it follows a
dash on its own line (a signed nickname such as «— kotik_99»).
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.analyzer.data.nickname import INLINE_SIGNOFF, INTRODUCTIONS, NOT_NAMES, SIGNATURE
from assistant.analyzer.models import Evidence
from assistant.text.morph import Morphology
from assistant.text.normalize import NormalizedText
from assistant.text.prefilter import Screened

_SIGNATURE = re.compile(SIGNATURE, re.IGNORECASE | re.MULTILINE)
_INTRODUCTIONS = [Screened(p, re.IGNORECASE | re.MULTILINE) for p in INTRODUCTIONS]
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_CYRILLIC_WORD = re.compile("[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)
_INLINE_SIGNOFF = Screened(INLINE_SIGNOFF, re.IGNORECASE)  # needs «уважением» or «regards»
#: «…спасибо! — Маша» (dash: any signed word) or «…Спасибо. Ирина» (no dash: a first name).
_DASH_SIGNATURE = re.compile(r"[.!?)]\s*(?P<dash>[—–-]\s*)?(?P<name>[^\W\d_][\w.-]*?)[.!]?\s*$")

Source = Literal["signature", "introduction"]


def _is_name(word: str, morph: Morphology, *, surname: bool = False) -> bool:
    """A first name by pymorphy3 (or a surname, after an explicit sign-off «С уважением,»)."""
    if not _CYRILLIC_WORD.fullmatch(word) or word.lower() in NOT_NAMES:
        return False
    tags = {"Name", "Surn"} if surname else {"Name"}
    return any(not tags.isdisjoint(p.tag.grammemes) for p in morph.parses(word.lower()))


def _signature(text: str, morph: Morphology) -> tuple[int, int] | None:
    """The span of the name signed on the last line, if any."""
    body = text.rstrip()
    if "\n" not in body:
        return None  # a one-line message has no separate signature line
    start = body.rfind("\n") + 1
    # «С уважением,\nИван Петров»: let the pattern see the line before, too
    prev = body.rfind("\n", 0, max(start - 1, 0)) + 1 if start else 0
    for line_start in (prev, start) if prev < start else (start,):
        m = _SIGNATURE.search(body, line_start)
        if m is None or m.end() != len(body):
            continue
        name = m.group("name")
        words = name.split()
        if m.group("dash") is not None and (
            _is_name(words[0], morph) or words[0][:1].isupper() or not _CYRILLIC.search(name)
        ):
            return m.start("name"), m.end("name")
        capitalised = all(w[:1].isupper() for w in words)
        if capitalised and _is_name(words[0], morph):
            return m.start("name"), m.end("name")
    return None


def _dash_signature(text: str, morph: Morphology) -> tuple[int, int] | None:
    """A signature at the end of a one-line message: «…спасибо! — Маша», «…Спасибо. Ирина»,
    «…С уважением, Петров А.В.»."""
    m = _INLINE_SIGNOFF.search(text.rstrip())
    if m is not None and _is_name(m.group("name").split()[0], morph, surname=True):
        return m.start("name"), m.end("name")
    m = _DASH_SIGNATURE.search(text)
    if m is None or not _is_name(m.group("name"), morph):
        return None
    if m.group("dash") is None and not m.group("name")[:1].isupper():
        return None  # without a dash only a capitalised first name signs: «Спасибо. Ирина»
    return m.start("name"), m.end("name")


def _introduction(text: str, morph: Morphology) -> tuple[int, int] | None:
    for pattern in _INTRODUCTIONS:
        for m in pattern.finditer(text):
            name = m.group("name")
            if _is_name(name, morph) or (
                not _CYRILLIC.search(name) and name[:1].isupper() and name.lower() not in NOT_NAMES
            ):
                return m.start("name"), m.end("name")
    return None


def find_name(text: str, morph: Morphology) -> tuple[Source, int, int] | None:
    """Where in ``text`` the customer signed or introduced themself."""
    span = _signature(text, morph) or _dash_signature(text, morph)
    if span is not None:
        return "signature", *span
    span = _introduction(text, morph)
    if span is not None:
        return "introduction", *span
    return None


def detect_nickname(
    norm: NormalizedText, morph: Morphology, text: str | None = None
) -> tuple[str, Source, Evidence] | None:
    """A name the customer gave in this message (normalised: no invisible characters;
    ``text``: the same with platform syntax blanked out)."""
    found = find_name(norm.text if text is None else text, morph)
    if found is None:
        return None
    source, start, end = found
    s, e = norm.span(start, end)
    evidence = Evidence(label=f"nickname:{source}", text=norm.original[s:e], start=s, end=e)
    return norm.text[start:end], source, evidence
