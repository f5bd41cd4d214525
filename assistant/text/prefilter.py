"""Literal prefilters: skip a regex when none of the strings it needs is in the text.

Most phrase patterns of the analyzer match nothing in most messages, yet ``re`` must try
them at every position (a pattern that opens with a look-behind or an alternation gets no
fast scan). Every match of ``как\\s+можно\\s+(?:скорее|быстрее)`` contains «как» and
«можно», so a message without «можно» cannot match: a substring test (C speed) rules the
pattern out before the regex engine runs. The same idea drives RE2's and Hyperscan's
prefilters.

:func:`required_literals` reads the pattern's syntax tree and returns a set of strings one
of which occurs in every match (``None`` when it cannot tell, e.g. a pattern made only of
classes); :class:`Screened` wraps a compiled pattern with that test. The screen is a
*necessary* condition only: when it passes, the regex decides as before, so results never
change (``tests/text/test_prefilter.py`` checks this over the corpora).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

try:  # the syntax tree of ``re`` (``sre_parse`` before Python 3.11)
    _parser: ModuleType | None = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - another runtime: no screen, same results
    _parser = None

#: Literals shorter than this are not worth a test (a single letter is in every text).
_MIN_LENGTH = 2

Literals = frozenset[str]


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two candidate sets: the longer shortest string, then fewer."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: Any) -> Literals | None:
    """Strings one of which is in every match of a sequence of parsed items."""
    best: Literals | None = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best
        if len(run) >= _MIN_LENGTH:
            best = _better(best, frozenset({"".join(run)}))
        run.clear()

    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        close_run()
        if name == "SUBPATTERN":
            if not av[1] & re.IGNORECASE:  # a local «(?i:…)» would need folded literals
                best = _better(best, _sequence(av[-1]))
        elif name == "BRANCH":
            alternatives = [_sequence(alt) for alt in av[1]]
            if all(alt is not None for alt in alternatives):
                best = _better(best, frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            best = _better(best, _sequence(av[2]))
        elif name == "ATOMIC_GROUP":
            best = _better(best, _sequence(av))
        # classes, anchors, look-arounds, back-references: nothing required
    close_run()
    return best


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Strings one of which occurs in every match of ``pattern`` (lower case when the
    pattern ignores case: case-folded), or ``None`` when no such set is known."""
    if _parser is None or pattern.flags & (re.VERBOSE | re.LOCALE):
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled already
        return None
    found = _sequence(tree.data)
    if found is None:
        return None
    if pattern.flags & re.IGNORECASE:
        found = frozenset(s.casefold() for s in found)
    return found


class Screened:
    """A compiled pattern that is only run on texts holding one of its required strings.

    ``search``/``finditer`` behave exactly like the pattern's own methods.
    """

    __slots__ = ("fold", "literals", "pattern")

    def __init__(self, pattern: re.Pattern[str] | str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        self.literals = required_literals(self.pattern)
        #: Case-insensitive patterns are screened on a case-folded copy of the text.
        self.fold = bool(self.pattern.flags & re.IGNORECASE)

    def may_match(self, text: str) -> bool:
        if self.literals is None:
            return True
        if self.fold:
            text = text.casefold()
        return any(literal in text for literal in self.literals)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(text, pos, endpos) if self.may_match(text) else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos, endpos) if self.may_match(text) else iter(())
