"""Lemma-phrase matching: every phrase list of every rule in one automaton.

Each phrase word becomes one symbol: its lemma («денежных средств» → ``денежный``
``средство``) or, written ``=ожидайте``, that exact form. Symbols are single private-use
characters, so a phrase is a short string and all phrases live in one pyahocorasick trie.

A reply word is ambiguous: «данной» has the candidate lemmas {данный, дать, данна}. So the
reply is not one string but a lattice of candidate symbols per word, and matching walks
the trie with a set of live prefixes (an NFA over the trie, ``Automaton.match``/``get``):
one pass over the words, whatever the number of rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from assistant.lint.text import Word
from assistant.text.morph import Morphology

_FIRST_SYMBOL = 0xF0000  # Supplementary Private Use Area-A: 65 534 symbols


@dataclass(frozen=True, slots=True)
class PhraseRef:
    """What a phrase points to: its rule, its entry and its replacements."""

    rule: str
    phrase: str
    replacements: tuple[str, ...]
    except_forms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    first: int  # index of the first word
    last: int  # index of the last word (inclusive)
    ref: PhraseRef


class DuplicatePhraseError(ValueError):
    def __init__(self, phrase: str, other: PhraseRef) -> None:
        self.other = other
        super().__init__(f"фраза «{phrase}» совпадает с «{other.phrase}» из правила {other.rule}")


class PhraseIndex:
    """All lemma phrases of a rule set, matched in one pass."""

    def __init__(self, morph: Morphology) -> None:
        self.morph = morph
        self._symbols: dict[str, str] = {}
        self._trie = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        self._symbols_of = lru_cache(maxsize=50_000)(self._word_symbols)
        self.size = 0

    def key(self, phrase: str) -> tuple[str, ...]:
        """The lemma key of a phrase as written in a rule («=ожидайте» stays exact)."""
        out = []
        for word in phrase.lower().replace("ё", "е").split():
            out.append(word if word.startswith("=") else self.morph.lemma(word))
        return tuple(out)

    def add(self, phrase: str, ref: PhraseRef) -> None:
        """Add a phrase; a phrase with the same key as an existing one is an error."""
        symbols = []
        for part in self.key(phrase):
            if part not in self._symbols:
                self._symbols[part] = chr(_FIRST_SYMBOL + len(self._symbols))
            symbols.append(self._symbols[part])
        key = "".join(symbols)
        existing = self._trie.get(key, None)
        if existing is not None:
            raise DuplicatePhraseError(phrase, existing)
        self._trie.add_word(key, ref)
        self.size += 1

    def _word_symbols(self, word: str) -> str:
        found = {
            self._symbols[lemma] for lemma in self.morph.lemmas(word) if lemma in self._symbols
        }
        exact = self._symbols.get("=" + word)
        if exact is not None:
            found.add(exact)
        return "".join(sorted(found))

    def find(self, words: list[Word]) -> list[PhraseMatch]:
        """Every phrase occurrence among ``words`` (overlaps included)."""
        if not self.size:
            return []
        trie = self._trie
        out: list[PhraseMatch] = []
        live: list[tuple[str, int]] = []
        for i, word in enumerate(words):
            if word.after_break:
                live = []
            symbols = self._symbols_of(word.text)
            if not symbols:
                live = []
                continue
            nxt: list[tuple[str, int]] = []
            for prefix, first in [*live, ("", i)]:
                for symbol in symbols:
                    key = prefix + symbol
                    if trie.match(key):
                        nxt.append((key, first))
                        ref = trie.get(key, None)
                        if ref is not None and not (
                            ref.except_forms
                            and any(w.text in ref.except_forms for w in words[first : i + 1])
                        ):
                            out.append(PhraseMatch(first, i, ref))
            live = nxt
        return out
