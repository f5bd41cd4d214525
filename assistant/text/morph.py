"""Russian morphology: one pymorphy3 analyzer per process, with cached look-ups.

``MorphAnalyzer`` loads its dictionaries once (tens of megabytes); building it per call
would dominate every analysis. :func:`get_morphology` builds it lazily, once, and
:class:`Morphology` caches parses per word form, so a hot path pays a dict look-up.
Components receive a :class:`Morphology` (injected) and default to the shared one.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse

from assistant.text.shared import once


class Morphology:
    """Cached lemma and tag look-ups over one :class:`pymorphy3.MorphAnalyzer`."""

    def __init__(self, analyzer: pymorphy3.MorphAnalyzer | None = None) -> None:
        self.analyzer = analyzer or pymorphy3.MorphAnalyzer(lang="ru")
        self.parses = lru_cache(maxsize=200_000)(self._parses)
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)
        self.known = lru_cache(maxsize=200_000)(self._known)

    def _parses(self, word: str) -> tuple[Parse, ...]:
        """All parses of ``word`` (lower-cased), most probable first."""
        try:
            return tuple(self.analyzer.parse(word.lower()))
        except ValueError:
            # pymorphy3 looks up Unicode names and fails on characters without one
            # (e.g. Tangut «𗀀»): parse what is left without them.
            named = "".join(ch for ch in word.lower() if unicodedata.name(ch, ""))
            return tuple(self.analyzer.parse(named))

    def _lemmas(self, word: str) -> frozenset[str]:
        """Every candidate normal form of ``word``, ``ё`` folded to ``е``.

        Ambiguous forms keep all their lemmas: «данной» is both «данный» (adjective) and
        «дать» (participle), and a phrase list written with either must match.
        """
        return frozenset(str(p.normal_form).replace("ё", "е") for p in self.parses(word))

    def _known(self, word: str) -> bool:
        """Whether the dictionary knows the (lower-cased) form, not just the guesser."""
        return bool(self.analyzer.word_is_known(word))

    def best(self, word: str) -> Parse:
        """The most probable parse of ``word``."""
        return self.parses(word)[0]

    def lemma(self, word: str) -> str:
        """The most probable normal form of ``word``, ``ё`` folded to ``е``."""
        return str(self.best(word).normal_form).replace("ё", "е")

    def has_tag(self, word: str, *grammemes: str, any_parse: bool = False) -> bool:
        """Whether the best parse (or any parse) carries all ``grammemes``."""
        wanted = set(grammemes)
        parses = self.parses(word) if any_parse else self.parses(word)[:1]
        return any(wanted <= p.tag.grammemes for p in parses)


@once
def get_morphology() -> Morphology:
    """The process-wide :class:`Morphology`, built on first use."""
    return Morphology()
