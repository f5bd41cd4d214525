"""Ты or вы: the second-person forms of a message decide, by majority.

Whether a word is a second-person form is decided once per word form
(:mod:`assistant.analyzer.person`); here the forms that count are chosen: not those in set
phrases that address no one («ничего не скажешь», «как ни крути») or in quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.analyzer.data.address import NOT_ADDRESS_PHRASES
from assistant.analyzer.doc import Doc, Word
from assistant.analyzer.models import Address, Evidence


def address_forms(words: Iterable[Word]) -> list[tuple[Address, Word]]:
    """Every second-person form among ``words``, in order."""
    return [(w.form.address, w) for w in words if w.form.address != "none"]


def decide(forms: list[tuple[Address, Word]]) -> Address:
    """The majority form; a tie goes to ``vy`` (the safer choice for a reply)."""
    ty = sum(1 for form, _ in forms if form == "ty")
    vy = len(forms) - ty
    if not forms:
        return "none"
    return "ty" if ty > vy else "vy"


_NOT_ADDRESS_PHRASES = re.compile(NOT_ADDRESS_PHRASES)


def detect_address(doc: Doc) -> tuple[Address, list[Evidence]]:
    forms = address_forms(doc.words)
    if not forms:
        return "none", []  # set phrases and quotes could only leave forms out
    idioms = [m.span() for m in _NOT_ADDRESS_PHRASES.finditer(doc.lower)]
    idioms.extend(doc.quoted)
    if idioms:
        forms = [(f, w) for f, w in forms if not any(s <= w.start < e for s, e in idioms)]
    address = decide(forms)
    evidence = [doc.word_evidence(f"address:{form}", w) for form, w in forms if form == address]
    return address, evidence
