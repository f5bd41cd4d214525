"""The analysed message: normalised text, word tokens and the map back to the original.

Every decision module receives one :class:`Doc` and reports :class:`Evidence` through
:meth:`Doc.evidence`, which maps normalised offsets back into the original message.
Words come from one precompiled regex: the analyzer needs letters-only tokens with offsets,
and spaCy's tokenizer would add a second of start-up for the same result.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import NamedTuple

from assistant.analyzer.models import Evidence
from assistant.text.morph import Morphology
from assistant.text.normalize import NormalizedText

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: Only all-Cyrillic words go to pymorphy3 (it is a Russian dictionary, and some code
#: points without a Unicode name make its Latin check raise).
_CYRILLIC_WORD = re.compile("[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)


#: A quoted stretch of one line: «…», "…", “…”, „…“ (a product name, someone else's words).
_QUOTED = re.compile(r"«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”|„[^“”\n]{1,80}[“”]")


@lru_cache(maxsize=100_000)
def _cyrillic(word: str) -> bool:
    return _CYRILLIC_WORD.fullmatch(word) is not None


@lru_cache(maxsize=100_000)
def known_word(morph: Morphology, lower: str) -> bool:
    """Whether pymorphy3's dictionary knows the lower-cased word."""
    return bool(morph.analyzer.word_is_known(lower))


class Word(NamedTuple):
    """A letters-only token of the normalised text (a named tuple: quick to build)."""

    text: str
    lower: str
    start: int
    end: int
    #: Whether the word is all Cyrillic (look-alikes are folded before this).
    cyrillic: bool = False


class Doc:
    """One message prepared for the decision modules."""

    def __init__(self, norm: NormalizedText, morph: Morphology, text: str | None = None) -> None:
        """``text``: the normalised text with platform syntax blanked out (same length)."""
        self.norm = norm
        self.text = norm.text if text is None else text
        self.morph = morph

    @cached_property
    def words(self) -> list[Word]:
        """The letters-only tokens (split on first use: the linter's emoji check needs none)."""
        return [
            Word(w, w.lower(), m.start(), m.end(), _cyrillic(w))
            for m in WORD.finditer(self.text)
            for w in (m.group(),)
        ]

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    def evidence(self, label: str, start: int, end: int) -> Evidence:
        """Evidence for the normalised range ``[start, end)``, pointing into the original."""
        s, e = self.norm.span(start, end)
        return Evidence(label=label, text=self.norm.original[s:e], start=s, end=e)

    def word_evidence(self, label: str, word: Word) -> Evidence:
        return self.evidence(label, word.start, word.end)

    @cached_property
    def lemma_sets(self) -> list[frozenset[str]]:
        """:meth:`lemmas` of every word, in order (computed once per message)."""
        return [self.lemmas(w) for w in self.words]

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Spans of quoted stretches (normalised offsets, quotes included)."""
        if not any(q in self.text for q in '«"“„'):
            return []
        return [m.span() for m in _QUOTED.finditer(self.text)]

    def superlative(self, word: Word) -> bool:
        """Whether the word's most probable parse is a superlative («лучшие»)."""
        return word.cyrillic and "Supr" in self.morph.best(word.lower).tag.grammemes

    def known(self, lower: str) -> bool:
        """Whether pymorphy3's dictionary has the (lower-cased) form (cached per process)."""
        return known_word(self.morph, lower)

    def lemmas(self, word: Word) -> frozenset[str]:
        """Every candidate lemma of a Cyrillic word; the lower-cased form otherwise."""
        if word.cyrillic:
            return self.morph.lemmas(word.lower)
        return frozenset((word.lower,))
