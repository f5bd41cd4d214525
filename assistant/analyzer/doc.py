"""The analysed message: normalised text, word tokens and the map back to the original.

Every decision module receives one :class:`Doc` and reports :class:`Evidence` through
:meth:`Doc.evidence`, which maps normalised offsets back into the original message.
Words come from one precompiled regex: the analyzer needs letters-only tokens with offsets,
and spaCy's tokenizer would add a second of start-up for the same result. Each word carries
its :class:`~assistant.analyzer.wordform.WordForm`, looked up once per distinct form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Generic, NamedTuple, TypeVar, overload

from assistant.analyzer.models import EmojiItem, Evidence
from assistant.analyzer.wordform import WordForm, word_form
from assistant.text.morph import Morphology
from assistant.text.normalize import NormalizedText

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

#: A quoted stretch of one line: «…», "…", “…”, „…“ (a product name, someone else's words).
_QUOTED = re.compile(r"«[^»\n]{1,80}»|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”|„[^“”\n]{1,80}[“”]")

T = TypeVar("T")


class lazy(Generic[T]):
    """A value computed on first access and then stored on the instance, like
    ``functools.cached_property`` but without its per-instance lock (Python 3.11)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> lazy[T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object | None, owner: type) -> T | lazy[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class Word(NamedTuple):
    """A letters-only token of the normalised text (a named tuple: quick to build)."""

    text: str
    lower: str
    start: int
    end: int
    #: Whether the word is all Cyrillic (look-alikes are folded before this).
    cyrillic: bool
    form: WordForm


_new_word = tuple.__new__  # ``Word`` without the Python-level ``__new__`` of a named tuple

#: Evidence not built yet: label, original text, start, end. Mood and register gather
#: candidates for every class and keep one class's; only those become :class:`Evidence`
#: (a pydantic model, whose validation is the costly part).
Pending = tuple[str, str, int, int]


def build(pending: Iterable[Pending]) -> list[Evidence]:
    return [Evidence(label=label, text=text, start=s, end=e) for label, text, s, e in pending]


def relabel(label: str, item: Evidence | EmojiItem) -> Pending:
    """An item found by another module, as evidence of ``label``."""
    return label, item.text, item.start, item.end


class Doc:
    """One message prepared for the decision modules."""

    def __init__(self, norm: NormalizedText, morph: Morphology, text: str | None = None) -> None:
        """``text``: the normalised text with platform syntax blanked out (same length)."""
        self.norm = norm
        self.text = norm.text if text is None else text
        self.morph = morph

    @lazy
    def words(self) -> list[Word]:
        """The letters-only tokens (split on first use: the linter's emoji check needs none)."""
        morph = self.morph
        out: list[Word] = []
        for m in WORD.finditer(self.text):
            text = m.group()
            form = word_form(morph, text)
            out.append(_new_word(Word, (text, form.lower, m.start(), m.end(), form.cyrillic, form)))
        return out

    @lazy
    def vocabulary(self) -> frozenset[str]:
        """Every lemma and lower-cased form of the words: a word class that has nothing in
        common with it occurs nowhere in the message (a quick test before a loop)."""
        words = self.words
        return frozenset([w.lower for w in words]).union(*[w.form.lemmas for w in words])

    @lazy
    def lower(self) -> str:
        return self.text.lower()

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """The original text and range of the normalised range ``[start, end)``."""
        s, e = self.norm.span(start, end)
        return self.norm.original[s:e], s, e

    def evidence(self, label: str, start: int, end: int) -> Evidence:
        """Evidence for the normalised range ``[start, end)``, pointing into the original."""
        text, s, e = self.locate(start, end)
        return Evidence(label=label, text=text, start=s, end=e)

    def word_evidence(self, label: str, word: Word) -> Evidence:
        return self.evidence(label, word.start, word.end)

    def pending(self, label: str, start: int, end: int) -> Pending:
        """:meth:`evidence`, to be built only if kept (see :func:`build`)."""
        return (label, *self.locate(start, end))

    def word_pending(self, label: str, word: Word) -> Pending:
        return self.pending(label, word.start, word.end)

    @lazy
    def lemma_sets(self) -> list[frozenset[str]]:
        """The lemmas of every word, in order."""
        return [w.form.lemmas for w in self.words]

    @lazy
    def quoted(self) -> list[tuple[int, int]]:
        """Spans of quoted stretches (normalised offsets, quotes included)."""
        if not any(q in self.text for q in '«"“„'):
            return []
        return [m.span() for m in _QUOTED.finditer(self.text)]

    def superlative(self, word: Word) -> bool:
        """Whether the word's most probable parse is a superlative («лучшие»)."""
        return word.cyrillic and "Supr" in self.morph.best(word.lower).tag.grammemes
