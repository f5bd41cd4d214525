"""Tokens and sentences with character offsets, from spaCy's rule-based Russian tokenizer.

Trained Russian pipelines cannot be installed here, so this uses ``spacy.blank("ru")``:
its tokenizer (Russian exceptions and punctuation rules) and the rule-based sentencizer.
Lemmas and tags come from :mod:`assistant.text.morph`, not from spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.text.shared import once

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: its surface form and ``[start, end)`` offsets in that text."""

    text: str
    start: int
    end: int
    is_alpha: bool
    is_punct: bool

    @property
    def lower(self) -> str:
        return self.text.lower()


@once
def get_nlp() -> Language:
    """The process-wide blank Russian pipeline (tokenizer + sentencizer), built once."""
    import spacy

    nlp = spacy.blank("ru")
    nlp.add_pipe("sentencizer")
    return nlp


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens (whitespace dropped) with offsets into ``text``."""
    doc = get_nlp().tokenizer(text)
    return [
        Token(t.text, t.idx, t.idx + len(t.text), t.is_alpha, t.is_punct)
        for t in doc
        if not t.is_space
    ]


def sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of the sentences of ``text``."""
    doc = get_nlp()(text)
    return [(s.start_char, s.end_char) for s in doc.sents]
