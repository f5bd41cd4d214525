"""Literal prefilters: skip a regex when none of the strings it needs is in the text.

Most phrase patterns of the analyzer match nothing in most messages, yet ``re`` must try
them at every position (a pattern that opens with a look-behind or an alternation gets no
fast scan). Every match of ``как\\s+можно\\s+(?:скорее|быстрее)`` holds «скорее» or
«быстрее», so a message with neither cannot match: one search for those literals (an
alternation of plain strings, which ``re`` skips through quickly) rules the pattern out
before its own regex runs. The same idea drives RE2's and Hyperscan's prefilters.

:func:`required_literals` reads the pattern's syntax tree and returns a set of strings one
of which occurs in every match (``None`` when it cannot tell, e.g. a pattern made only of
classes); :class:`Screened` wraps a compiled pattern with that test, :class:`ScreenSet` a
list of patterns with one test for them all. The screen is a
*necessary* condition only: when it passes, the regex decides as before, so results never
change (``tests/text/test_prefilter.py`` checks this over the corpora).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any, Generic, TypeVar

try:  # the syntax tree of ``re`` (``sre_parse`` before Python 3.11)
    _parser: ModuleType | None = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - another runtime: no screen, same results
    _parser = None

#: Literals shorter than this are not worth a test (a single letter is in every text)…
_MIN_LENGTH = 2


def _rare(char: str) -> bool:
    """…but a single sign is («^», «:», «!»): neither a letter, a digit nor a space."""
    return not char.isalnum() and not char.isspace()


def _signs(items: Any) -> Literals | None:
    """The characters of a class made of signs only («[:;=]»), else ``None``."""
    chars = [chr(av) for op, av in items if str(op) == "LITERAL"]
    if len(chars) != len(items) or not all(map(_rare, chars)):
        return None
    return frozenset(chars)


Literals = frozenset[str]
T = TypeVar("T")


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two candidate sets: the longer shortest string, then fewer."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _sequence(items: Any) -> Literals | None:
    """Strings one of which is in every match of a sequence of parsed items."""
    best: Literals | None = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best
        if len(run) >= _MIN_LENGTH or (run and _rare(run[0])):
            best = _better(best, frozenset({"".join(run)}))
        run.clear()

    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        if name in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and str(av[2][0][0]) == "LITERAL":
            # «гы+»: the letter's first occurrence ends the run («гы»), its last starts one
            letter = chr(av[2][0][1])
            run.append(letter)
            close_run()
            run.append(letter)
            continue
        close_run()
        if name == "SUBPATTERN":
            if not av[1] & re.IGNORECASE:  # a local «(?i:…)» would need folded literals
                best = _better(best, _sequence(av[-1]))
        elif name == "BRANCH":
            alternatives = [_sequence(alt) for alt in av[1]]
            if all(alt is not None for alt in alternatives):
                best = _better(best, frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif name in _REPEATS and av[0] >= 1:
            best = _better(best, _sequence(av[2]))
        elif name == "IN":
            best = _better(best, _signs(av))
        elif name == "ATOMIC_GROUP":
            best = _better(best, _sequence(av))
        # classes, anchors, look-arounds, back-references: nothing required
    close_run()
    return best


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Strings one of which occurs in every match of ``pattern`` (as written in it: under
    ``re.IGNORECASE`` they match in any case), or ``None`` when no such set is known."""
    if _parser is None or pattern.flags & (re.VERBOSE | re.LOCALE):
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled already
        return None
    return _sequence(tree.data)


def trie_pattern(strings: Iterable[str]) -> str:
    """A regex matching any of ``strings``, the longest one where several start at a place.

    Written as a trie («пр(?:инять|ошу)»): ``re`` tries the alternatives of a group one by
    one, so a flat alternation of 80 strings costs up to 80 tries at every candidate
    position, while the trie follows one branch per character.
    """
    tree: dict[str, Any] = {}
    for string in strings:
        node = tree
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer string first

    return emit(tree)


class _Screen:
    """One search for any of the literals (the longest at a place, see :func:`trie_pattern`).
    A case-insensitive pattern is screened on the case-folded text: ``re`` cannot skip
    ahead on a case-insensitive alternation of letters, so it would try every literal at
    every position."""

    __slots__ = ("fold", "regex")

    def __init__(self, literals: Literals, ignore_case: bool) -> None:
        self.fold = ignore_case
        strings = {s.casefold() for s in literals} if ignore_case else set(literals)
        self.regex = re.compile(trie_pattern(strings))

    def passes(self, text: str) -> bool:
        return self.regex.search(text.casefold() if self.fold else text) is not None


class Screened:
    """A compiled pattern that is only run on texts holding one of its required strings.

    ``search``/``finditer`` behave exactly like the pattern's own methods.
    """

    __slots__ = ("literals", "pattern", "screen")

    def __init__(self, pattern: re.Pattern[str] | str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        self.literals = required_literals(self.pattern)
        self.screen = (
            None
            if self.literals is None
            else _Screen(self.literals, bool(self.pattern.flags & re.IGNORECASE))
        )

    def may_match(self, text: str) -> bool:
        return self.screen is None or self.screen.passes(text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self.screen is not None and not self.screen.passes(text):
            return None
        return self.pattern.search(text, pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if self.screen is not None and not self.screen.passes(text):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)


class ScreenSet(Generic[T]):
    """Patterns with a payload each (``(pattern, code)``) and one screen for them all.

    The union of the patterns' strings is searched once, from every position where one of
    them starts: a text with none rules every pattern out, and otherwise only the patterns
    whose own strings were seen run. The string found at a position is the longest there,
    and every other one starting there is a prefix of it, so it stands for its prefixes
    too. Every pattern of a set shares the ``flags``.
    """

    __slots__ = ("items", "needs", "prefixes", "screen")

    def __init__(self, items: Iterable[tuple[str, T]], flags: int = 0) -> None:
        self.items = [(Screened(pattern, flags), payload) for pattern, payload in items]
        literal_sets = [screened.literals for screened, _ in self.items]
        self.screen = (
            None
            if any(literals is None for literals in literal_sets)
            else _Screen(
                frozenset().union(*literal_sets),  # type: ignore[arg-type]
                any(s.pattern.flags & re.IGNORECASE for s, _ in self.items),
            )
        )
        fold = self.screen is not None and self.screen.fold
        #: Per pattern, its strings as the screen searches them.
        self.needs = [
            frozenset(x.casefold() if fold else x for x in literals or ())
            for literals in literal_sets
        ]
        every = frozenset().union(*self.needs)
        #: Per string, the strings that are its prefixes (itself included).
        self.prefixes = {x: frozenset(y for y in every if x.startswith(y)) for x in every}

    def finditer(self, text: str) -> Iterator[tuple[re.Match[str], T]]:
        """Every match of every pattern, pattern by pattern, with the pattern's payload."""
        if self.screen is None:
            for screened, payload in self.items:
                for match in screened.finditer(text):
                    yield match, payload
            return
        haystack = text.casefold() if self.screen.fold else text
        search = self.screen.regex.search
        seen: set[str] = set()
        found = search(haystack)
        while found is not None:
            seen |= self.prefixes[found.group()]
            found = search(haystack, found.start() + 1)
        if not seen:
            return
        for (screened, payload), needs in zip(self.items, self.needs, strict=True):
            if not needs.isdisjoint(seen):
                for match in screened.pattern.finditer(text):
                    yield match, payload
