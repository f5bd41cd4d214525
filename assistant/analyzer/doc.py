"""The analysed message: normalised text, word tokens and the map back to the original.

Every decision module receives one :class:`Doc` and reports :class:`Evidence` through
:meth:`Doc.evidence`, which maps normalised offsets back into the original message.
Words come from one precompiled regex: the analyzer needs letters-only tokens with offsets,
and spaCy's tokenizer would add a second of start-up for the same result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from assistant.analyzer.models import Evidence
from assistant.text.morph import Morphology
from assistant.text.normalize import NormalizedText

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: Only all-Cyrillic words go to pymorphy3 (it is a Russian dictionary, and some code
#: points without a Unicode name make its Latin check raise).
_CYRILLIC_WORD = re.compile("[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Word:
    """A letters-only token of the normalised text."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def cyrillic(self) -> bool:
        """Whether the word is all Cyrillic (look-alikes are folded before this)."""
        return _CYRILLIC_WORD.fullmatch(self.text) is not None


class Doc:
    """One message prepared for the decision modules."""

    def __init__(self, norm: NormalizedText, morph: Morphology, text: str | None = None) -> None:
        """``text``: the normalised text with platform syntax blanked out (same length)."""
        self.norm = norm
        self.text = norm.text if text is None else text
        self.morph = morph
        self.words = [
            Word(m.group(), m.group().lower(), m.start(), m.end()) for m in WORD.finditer(self.text)
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

    def lemmas(self, word: Word) -> frozenset[str]:
        """Every candidate lemma of a Cyrillic word; the lower-cased form otherwise."""
        if word.cyrillic:
            return self.morph.lemmas(word.lower)
        return frozenset((word.lower,))
