"""Thanks and praise in a word: read by the mood (positive) and by urgency (joyful «!!!»)."""

from __future__ import annotations

from assistant.analyzer.data.mood import POSITIVE_LEMMAS, POSITIVE_SUPERLATIVES
from assistant.analyzer.doc import Doc, Word


def praise(doc: Doc, word: Word, lemmas: frozenset[str]) -> bool:
    """A positive lemma, or a superlative of «хороший» («вы лучшие»)."""
    if not lemmas.isdisjoint(POSITIVE_LEMMAS):
        return True
    return not lemmas.isdisjoint(POSITIVE_SUPERLATIVES) and doc.superlative(word)
