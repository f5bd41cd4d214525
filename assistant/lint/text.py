"""The text a lint pass matches on, with a map back to the operator's original reply.

Three layers, each keeping offsets:

1. :func:`assistant.text.normalize` with NFKC: zero-width and bidi characters and soft
   hyphens removed, fullwidth forms folded, Latin look-alikes inside Cyrillic words mapped
   to Cyrillic;
2. letter-spaced words collapsed: «д а н н ы й» (or «д.а.н.н.ы.й») is matched as «данный»;
3. a case-folded copy (same length, ``ё`` → ``е``, quotation marks as spaces) that phrase
   lists and patterns use.

Rules see :attr:`LintText.text` (lower case) and :attr:`LintText.cased` (same offsets, the
original case); every span they report goes back to the original through :meth:`span`.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

import regex

from assistant.text.normalize import NormalizedText, normalize

#: Four or more single letters, each followed by the same separator of one to three
#: characters: «д а н н ы й», «д.а.н.н.ы.й», «д-а-н-н-ы-й», «д  а  н  н  ы  й», «д. а. н.».
_SPACED = regex.compile(r"(?<![\w])\p{L}([ .\-_*·]{1,3})(?:\p{L}\1){2,}\p{L}(?![\w])")
#: A word for phrase matching: letters and digits, inner hyphens and apostrophes kept.
_WORD = regex.compile(r"\w+(?:[-'’]\w+)*")
#: What separates sentences: phrases never match across it.
_BREAK = re.compile(r"[.!?;:…\n]")
#: Quotation marks read as spaces, so «позвоните на «горячую линию»» still matches.
_QUOTES = str.maketrans(dict.fromkeys('«»“”„"‹›', " "))


def _fold_case(text: str) -> str:
    """Lower-case without changing the length (rare characters that would grow are kept)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("ё", "е")


class Word(NamedTuple):
    """A word of the lint text: ``text`` is lower-case with ``ё`` folded to ``е``.

    A named tuple: a reply has dozens of words, built on every lint call.
    """

    text: str
    start: int
    end: int
    #: The word starts a sentence (nothing but spaces/commas since the last break).
    after_break: bool


class LintText:
    """The normalised, case-folded reply with a map back to the original characters."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.norm: NormalizedText = normalize(original, form="NFKC")
        cased = self.norm.text
        index: list[int] | None = None
        if _SPACED.search(cased):
            kept: list[str] = []
            index = []
            pos = 0
            for match in _SPACED.finditer(cased):
                for i in range(pos, match.start()):
                    kept.append(cased[i])
                    index.append(i)
                for i in range(match.start(), match.end()):
                    if cased[i].isalpha():
                        kept.append(cased[i])
                        index.append(i)
                pos = match.end()
            for i in range(pos, len(cased)):
                kept.append(cased[i])
                index.append(i)
            cased = "".join(kept)
        self._index = index
        self.cased = cased.replace("ё", "е").replace("Ё", "Е").translate(_QUOTES)
        self.text = _fold_case(self.cased)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of :attr:`text` to the original reply."""
        if self._index is not None:
            if start >= end:
                pos = self._index[start] if start < len(self._index) else len(self.norm.text)
                return self.norm.span(pos, pos)
            start, end = self._index[start], self._index[end - 1] + 1
        return self.norm.span(start, end)

    @cached_property
    def words(self) -> list[Word]:
        out: list[Word] = []
        text = self.text
        breaks = _BREAK.search
        last = 0
        for match in _WORD.finditer(text):
            start, end = match.span()
            out.append(
                Word(match.group(), start, end, not out or breaks(text, last, start) is not None)
            )
            last = end
        return out
