"""Which rules can fire on a clause, told from its words by bit masks.

A structural rule matches only where certain word classes meet in one clause: an override
needs a verb of overriding and a meta noun, a claimed authority an authority and an order.
Each rule lists those classes; a word is read as one bit per class it belongs to, a clause
as the union of its words' bits, and a rule is tried only on a clause whose bits satisfy
it. The condition is necessary, never sufficient (the rule itself still decides), so
results do not change, while most messages and most clauses are ruled out by a few
integer operations instead of a clause split and six rule functions.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
#: Word classes that must all have a word in the clause.
Classes = tuple[frozenset[str], ...]


class Needs(Generic[T]):
    """Rules, each with what it needs: any one of its alternatives (:data:`Classes`)."""

    def __init__(self, rules: Sequence[tuple[T, Sequence[Classes]]]) -> None:
        classes: list[frozenset[str]] = []
        for _, alternatives in rules:
            classes.extend(c for group in alternatives for c in group if c not in classes)
        self.classes = tuple(classes)
        self.rules = [
            (rule, [[1 << classes.index(c) for c in group] for group in alternatives])
            for rule, alternatives in rules
        ]
        #: Few combinations of classes occur, and each is decided once.
        self.select = functools.lru_cache(maxsize=4096)(self._select)

    def bits(self, lemmas: frozenset[str]) -> int:
        """One bit per class that ``lemmas`` meets."""
        out = 0
        for k, words in enumerate(self.classes):
            if not lemmas.isdisjoint(words):
                out |= 1 << k
        return out

    def _select(self, bits: int) -> tuple[T, ...]:
        """The rules, in order, that a clause with these ``bits`` may satisfy."""
        return tuple(
            rule
            for rule, alternatives in self.rules
            if any(all(bits & b for b in group) for group in alternatives)
        )
