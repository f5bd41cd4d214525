"""Undo the disguises of a hidden instruction, keeping a map back to the source offsets.

Applied, in order, to the (already NFKC-normalised, look-alike-folded) text:

1. lower case;
2. leetspeak inside words: digits and signs between letters read as the letters they
   imitate, per the word's script (``пр0шлые`` → ``прошлые``, ``1gn0r3`` → ``ignore``);
   Cyrillic look-alikes inside Latin words read as Latin (``ignоre`` with a Cyrillic «о»);
3. spaced letters joined (``и г н о р и р у й`` → ``игнорируй``; two or more spaces
   still separate words);
4. syllable hyphens removed from words cut in three or more pieces (``иг-но-ри-руй``);
5. a word cut over two lines joined (``инструк⏎ции``); line breaks never end a clause
   anyway, so an order split over lines is read as one.

:func:`deobfuscate` returns the text and, for every character, its index in the input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from assistant.analyzer.data.injection import LEET_CYRILLIC, LEET_LATIN
from assistant.text.normalize import LOOKALIKES

_TO_LATIN = {cyr.lower(): lat.lower() for lat, cyr in LOOKALIKES.items() if lat.isascii()}
_LEET_CHARS = frozenset(LEET_CYRILLIC) | frozenset(LEET_LATIN)
_SPACED = re.compile(r"(?<!\S)\S(?: \S){2,39}(?!\S)")  # a word's worth of letters
#: In every match of _SPACED (its second and third letters), and rare in plain text.
_SPACED_HINT = re.compile(r" \S \S(?!\S)")
_SYLLABLES = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+){2,}")
_SYLLABLE_HINT = re.compile(r"-[^\W\d_]+-")  # in every match of _SYLLABLES, and quick to find
_NEWLINE = re.compile("\n")
#: A line break between two letters, with the spaces around it: ``(?<=[^\W\d_])[ \t]*\n[ \t]*
#: (?=[^\W\d_])``, written to open with its first character so that ``re`` skips to one.
_LINE_BREAK = re.compile(
    r"[ \t\n](?<=[^\W\d_][ \t\n])(?:(?<=\n)|(?<=[ \t])[ \t]*\n)[ \t]*(?=[^\W\d_])"
)
#: A digit or sign next to a letter, or letters of two scripts side by side. The pattern
#: opens with the pair's rarer character (a digit, a sign or a Latin letter) and checks its
#: neighbour by look-arounds, so that ``re`` skips straight to candidates in Cyrillic text.
_HINT = (
    r"[0-9@$√!a-z](?:(?<=[^\W\d_][0-9@$√!])|(?<=[0-9@$√!])(?=[^\W\d_])"
    r"|(?<=[а-яё][a-z])|(?<=[a-z])(?=[а-яё]))"
)
_LEET_HINT = re.compile(_HINT)
#: A whitespace-delimited token with such a hint (the only tokens leetspeak can change).
_LEET_TOKEN = re.compile(rf"(?<!\S)\S*?(?:{_HINT})\S*")
_LEFT_WORD = re.compile(r"[^\W\d_]+$")
_RIGHT_WORD = re.compile(r"[^\W\d_]+")

Chars = list[tuple[str, int]]


def _text(chars: Chars) -> str:
    return "".join(c for c, _ in chars)


def _rewrite(chars: Chars, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> Chars:
    """Replace every match by ``repl(match)``, which must keep or drop characters only.

    A kept character keeps its source index; the result is built character by character.
    """
    text = _text(chars)
    out: Chars = []
    pos = 0
    for m in pattern.finditer(text):
        out.extend(chars[pos : m.start()])
        new = repl(m)
        i = m.start()
        for ch in new:  # the replacement is a subsequence of the match (or equal length)
            while i < m.end() and text[i] != ch and len(new) < m.end() - m.start():
                i += 1
            out.append((ch, chars[min(i, m.end() - 1)][1]))
            i += 1
        pos = m.end()
    out.extend(chars[pos:])
    return out


def _leet(token: str) -> str:
    letters = [c for c in token if c.isalpha()]
    if len(letters) < 2 or not any(c in _LEET_CHARS or c in _TO_LATIN for c in token):
        return token
    cyrillic = sum("а" <= c <= "я" or c == "ё" for c in letters)
    if cyrillic * 2 > len(letters):
        return "".join(LEET_CYRILLIC.get(c, c) for c in token)
    latin = "".join(_TO_LATIN.get(c, c) for c in token)
    return "".join(LEET_LATIN.get(c, c) for c in latin)


@functools.lru_cache(maxsize=50_000)
def _leet_token(token: str) -> str:
    """``token`` with leetspeak read as letters (cached: «спасибо!» recurs)."""
    # Only characters *inside* the word are read as letters: «вам5» or «(495)» stay.
    core = token.strip(".,;:!?«»\"'()[]")
    if not core or core.isdigit():
        return token
    start = token.index(core)
    return token[:start] + _leet(core) + token[start + len(core) :]


def _join_spaced(run: str, known: Callable[[str], bool]) -> str:
    """«п р а в и л а и» → «правила и»: a last letter that spoils a known word stays apart."""
    joined = run.replace(" ", "")
    if len(joined) > 3 and not known(joined) and known(joined[:-1]):
        return joined[:-1] + " " + joined[-1]
    return joined


def _join_lines(m: re.Match[str], known: Callable[[str], bool]) -> str:
    """A line break inside a word cut in two («инструк|ции») goes; any other stays."""
    left = _LEFT_WORD.search(m.string, 0, m.start())
    right = _RIGHT_WORD.match(m.string, m.end())
    if left and right:
        a, b = left.group(), right.group()
        if not (known(a) and known(b)) and known(a + b):
            return ""
    return m.group()


def deobfuscate(
    text: str, known: Callable[[str], bool] = lambda word: True
) -> tuple[str, list[int]]:
    """``text`` with the disguises undone, and each character's index in ``text``.

    ``known`` tells a dictionary word (pymorphy3's ``word_is_known``) to cut spaced letters
    at a word's end. Each step runs only where its pattern occurs, so an ordinary message
    costs a few regex searches.
    """
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer (İ): keep it as is
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    steps: list[tuple[re.Pattern[str], re.Pattern[str], Callable[[re.Match[str]], str]]] = [
        (_LEET_HINT, _LEET_TOKEN, lambda m: _leet_token(m.group())),
        (_SPACED_HINT, _SPACED, lambda m: _join_spaced(m.group(), known)),
        (_SYLLABLE_HINT, _SYLLABLES, lambda m: m.group().replace("-", "")),
        (_NEWLINE, _LINE_BREAK, lambda m: _join_lines(m, known)),
    ]
    current, chars = low, None
    for hint, pattern, repl in steps:
        if not hint.search(current):
            continue
        if not any(repl(m) != m.group() for m in pattern.finditer(current)):
            continue
        chars = _rewrite(
            chars or list(zip(current, range(len(current)), strict=True)), pattern, repl
        )
        current = _text(chars)
    return current, [i for _, i in chars] if chars is not None else list(range(len(text)))
