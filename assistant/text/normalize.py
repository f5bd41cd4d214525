"""Normalisation of incoming and outgoing text, with a map back to the original offsets.

Analysis and lint run on a *normalised copy* of the text, so that disguises do not hide a
phrase (``дaнный`` with a Latin ``a``, a soft hyphen inside ``о\u00adжидайте``, zero-width
spaces, bidi overrides, fullwidth letters). Every span the library reports must point into
the *original* text the operator sees, so :class:`NormalizedText` keeps, for every character
of the normalised copy, the range of original characters it came from.

What normalisation does, in order:

1. lone surrogates become U+FFFD (they cannot be encoded and would break JSON);
2. hidden characters (:mod:`assistant.text.invisible`: Unicode's default-ignorable code
   points and the controls other than tab and newline; a ZWJ between two emoji and a
   variation selector on an emoji are kept) are removed and recorded; U+2028/U+2029
   become a newline;
3. each base character with its combining marks is normalised to NFC (analysis) or NFKC
   (lint: also folds fullwidth and other compatibility look-alikes); with NFKC, marks that
   are still left on a Cyrillic letter after composition (a stress accent, a
   strike-through, a combining grapheme joiner or variation selector wedged inside a word)
   are removed and recorded as ``mark``, so they cannot split a word (NFC keeps them);
4. Latin (and Greek) look-alike letters inside words that also hold Cyrillic letters are
   folded to Cyrillic (``пpивeт`` → ``привет``), only when every non-Cyrillic letter of the
   word has a Cyrillic twin, so ``iPhone`` or ``vasya.pupkin`` stay as written;
5. with NFKC (lint) only, the digit ``0`` is read as the letter «о» in a token made of
   Cyrillic letters and zeros alone (``0жидайте``, ``д0кумент``); a zero next to another
   digit or a Latin letter (``10руб``, ``A0``) is a number and stays, and so does a leading
   zero before a unit (``0руб``, ``0мин``, ``0дней``: :data:`UNITS_AFTER_ZERO`).

The result is idempotent: normalising a normalised text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Literal

import regex
from pydantic import PlainSerializer

from assistant.text.invisible import (
    BIDI_CONTROLS,
    MAYBE_HIDDEN,
    ZWJ,
    hidden_kind,
    is_variation_selector,
    scrub_surrogates,
)

__all__ = ["BIDI_CONTROLS", "JsonStr", "NormalizedText", "Removed", "normalize", "scrub_surrogates"]

Form = Literal["NFC", "NFKC"]

#: Latin letters that look like Cyrillic ones, folded inside Cyrillic words.
LOOKALIKES: dict[str, str] = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
    "m": "м", "t": "т", "h": "н", "b": "в", "u": "и", "n": "п", "r": "г",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У",
    "ɑ": "а",
    # Greek
    "α": "а", "ο": "о", "ε": "е", "ρ": "р", "κ": "к", "χ": "х", "τ": "т",
    "Α": "А", "Β": "В", "Ε": "Е", "Η": "Н", "Κ": "К", "Μ": "М", "Ο": "О", "Ρ": "Р",
    "Τ": "Т", "Χ": "Х", "Υ": "У",
}  # fmt: skip

RemovedKind = Literal["invisible", "bidi", "tag", "control", "surrogate", "mark"]

_TWINS = "".join(sorted(LOOKALIKES))
#: A Cyrillic character and a look-alike side by side. The look-alike opens the pattern (its
#: neighbour is checked by look-arounds): rare in Cyrillic text, so ``re`` skips to it.
_MIXED_SCRIPT = re.compile(f"[{_TWINS}](?:(?<=[\u0400-\u04ff][{_TWINS}])|(?=[\u0400-\u04ff]))")
#: A Cyrillic letter carrying a mark that did not compose with it (the mark opens the
#: pattern: rare, so the search skips to it; the letter is checked behind it).
_MARKED_CYRILLIC = regex.compile(
    r"[\p{Mn}\p{Me}](?<=[[\u0400-\u04ff]&&\p{L}][\p{Mn}\p{Me}])", regex.V1
)
_WORD = re.compile(r"[^\W\d_]+")
#: Units written straight after a number: a token starting «0» + one of these is a quantity.
UNITS_AFTER_ZERO = (
    "р", "коп", "тыс", "млн", "млрд", "мин", "сек", "ч", "дн", "ден", "шт", "лет", "год",
    "мес", "нед", "км", "м", "см", "кг", "г", "л", "гб", "мб",
)  # fmt: skip
#: A token of Cyrillic letters and zeros only, with at least two letters and one zero.
_ZERO_WORD = re.compile(
    r"(?<!\w)(?=[0а-яёА-ЯЁ]*[а-яёА-ЯЁ][0а-яёА-ЯЁ]*[а-яёА-ЯЁ])(?=[а-яёА-ЯЁ]*0)[0а-яёА-ЯЁ]+(?!\w)"
)
#: Every zero-word has a zero next to a letter (a quick pre-check for the pattern above).
_ZERO_HINT = re.compile("[а-яёА-ЯЁ]0|0[а-яёА-ЯЁ]")
_CYRILLIC = re.compile("[а-яёА-ЯЁ]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_AS_NEWLINE = {"\u2028": "\n", "\u2029": "\n"}
#: Characters that need no look in context: neither hidden, nor a mark, nor a surrogate, nor a
#: line or paragraph separator (a fast path of :func:`normalize`).
_PLAIN_RUN = regex.compile(
    r"(?:[^\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}\p{Cs}\u2028\u2029]|[\t\n\r])+"
)


@dataclass(frozen=True, slots=True)
class Removed:
    """An invisible or control character removed from the original text."""

    kind: RemovedKind
    start: int
    end: int
    char: str


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised copy of ``original`` with a character map back into it.

    ``starts[i]``/``ends[i]`` give the original range that produced character ``i`` of
    ``text``; both are ``None`` when the text needed no change (the common, fast case).
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    removed: tuple[Removed, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.starts is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised range ``[start, end)`` to a range of the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.text)
        if n == 0:
            return 0, 0
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def offset(self, index: int) -> int:
        """Map one normalised position to the original text (a cursor, not a character)."""
        return self.span(index, index)[0]


def _removal_kind(char: str, prev: str, nxt: str) -> RemovedKind | None:
    if "\ud800" <= char <= "\udfff":
        return "surrogate"
    return hidden_kind(char, prev, nxt)


def _next_kept(text: str) -> list[int]:
    """For each position, the index of the next character that is neither a ZWJ nor removed."""
    n = len(text)
    out = [n] * n
    following = n
    for j in range(n - 1, -1, -1):
        out[j] = following
        char = text[j]
        if char != ZWJ and _removal_kind(char, "", "") is None:
            following = j
    return out


def _fold_lookalikes(chars: list[str], form: Form) -> None:
    text = "".join(chars)
    # A word to fold holds a Cyrillic letter and only look-alikes besides, so somewhere a
    # Cyrillic letter and a look-alike side by side: without such a pair no word folds.
    for match in _WORD.finditer(text) if _MIXED_SCRIPT.search(text) else ():
        word = match.group()
        if not _CYRILLIC.search(word):
            continue
        foreign = [ch for ch in word if not "\u0400" <= ch <= "\u04ff"]
        if foreign and all(ch in LOOKALIKES for ch in foreign):
            for i in range(match.start(), match.end()):
                chars[i] = LOOKALIKES.get(chars[i], chars[i])
    if form == "NFKC" and "0" in text:  # after the letters, so «0AВ» reads «0АВ» first
        text = "".join(chars)
        for match in _ZERO_WORD.finditer(text):
            token = match.group()
            if token[0] == "0" and token.lstrip("0").lower().startswith(UNITS_AFTER_ZERO):
                continue
            letter = "о" if any(ch.islower() for ch in token) else "О"
            for i in range(match.start(), match.end()):
                if chars[i] == "0":
                    chars[i] = letter


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _is_cyrillic(char: str) -> bool:
    """A Cyrillic *letter* (the block also holds combining marks such as U+0488)."""
    return "\u0400" <= char <= "\u04ff" and char.isalpha()


#: A ``str`` field that quotes user text: kept as given in Python, written to JSON with lone
#: surrogates as U+FFFD (else the whole model would fail to serialise).
JsonStr = Annotated[str, PlainSerializer(scrub_surrogates, return_type=str, when_used="json")]


def is_normal(text: str, form: Form = "NFC") -> bool:
    """Whether :func:`normalize` would return ``text`` unchanged (the fast path)."""
    return (
        not MAYBE_HIDDEN.search(text)
        and not _LONE_SURROGATE.search(text)
        and "\u2028" not in text
        and "\u2029" not in text
        and not _MIXED_SCRIPT.search(text)
        and (form == "NFC" or _nfkc_only_normal(text))
        and unicodedata.is_normalized(form, text)
    )


def _nfkc_only_normal(text: str) -> bool:
    """The checks :func:`is_normal` makes for NFKC only (marks on Cyrillic, zeros as «о»)."""
    return not _MARKED_CYRILLIC.search(text) and not (
        "0" in text and _ZERO_HINT.search(text) and _ZERO_WORD.search(text)
    )


def is_nfkc_normal(norm: NormalizedText) -> bool:
    """Whether NFKC :func:`normalize` would leave ``norm.text`` unchanged. A text that
    ``norm`` left unchanged passed the checks common to both forms: only NFKC's remain."""
    if norm.changed:
        return is_normal(norm.text, "NFKC")
    return _nfkc_only_normal(norm.text) and unicodedata.is_normalized("NFKC", norm.text)


def normalize(text: str, *, form: Form = "NFC") -> NormalizedText:
    """Return the normalised copy of ``text`` with its map back to the original."""
    if is_normal(text, form):
        return NormalizedText(original=text, text=text)

    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    removed: list[Removed] = []
    n = len(text)
    next_kept: list[int] | None = None
    last = ""  # the last character kept that is not a ZWJ
    i = 0
    while i < n:
        run = _PLAIN_RUN.match(text, i)
        if run is not None:
            # A stretch with nothing to remove or compose is copied as it is.
            j = run.end()
            if j < n and unicodedata.combining(text[j]):
                j -= 1  # the last letter goes with its marks (below)
            if j > i and unicodedata.is_normalized(form, text[i:j]):
                chars.extend(text[i:j])
                starts.extend(range(i, j))
                ends.extend(range(i + 1, j + 1))
                last = text[j - 1]
                i = j
                continue
        char = text[i]
        if char == ZWJ:
            # Judge a ZWJ by its neighbours as they will be *kept* (skipping removed
            # characters and other ZWJs), so that normalising twice changes nothing.
            if next_kept is None:
                next_kept = _next_kept(text)
            prev = last
            nxt = text[next_kept[i]] if next_kept[i] < n else ""
        elif is_variation_selector(char):
            prev, nxt = last, ""  # kept on an emoji, removed after a letter
        else:
            prev = nxt = ""
        if form == "NFKC" and "0" in (prev, nxt):
            # A zero may yet be read as «о» (step 5): judge a joiner or selector beside it
            # as beside a letter, so that normalising twice changes nothing.
            prev, nxt = ("о" if c == "0" else c for c in (prev, nxt))
        kind = _removal_kind(char, prev, nxt)
        if kind is not None:
            removed.append(Removed(kind, i, i + 1, char))
        # A lone surrogate stands as U+FFFD, a line or paragraph separator as a newline.
        replacement = "\ufffd" if kind == "surrogate" else _AS_NEWLINE.get(char)
        if replacement is not None or kind is not None:
            if replacement is not None:
                chars.append(replacement)
                last = replacement
                starts.append(i)
                ends.append(i + 1)
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for out in unicodedata.normalize(form, text[i:j]):
            chars.append(out)
            starts.append(i)
            ends.append(j)
            if out != ZWJ and not _is_mark(out):
                last = out  # a ZWJ is judged by letters, not by the marks on them
        i = j

    _fold_lookalikes(chars, form)
    # Dropping a mark can join a word to fold («В\u0301A»); folding can give a mark a
    # Cyrillic letter to sit on («дa\u0336»): repeat until neither changes anything.
    while form == "NFKC" and _drop_marks_on_cyrillic(text, chars, starts, ends, removed, form):
        _fold_lookalikes(chars, form)
    result = NormalizedText(
        original=text,
        text="".join(chars),
        starts=tuple(starts),
        ends=tuple(ends),
        removed=tuple(removed),
    )
    if not unicodedata.is_normalized(form, result.text):
        # A combining mark separated from its base by a removed character («A\u200b\u0301»)
        # composes only now: normalise once more and chain the two maps.
        result = _chain(result, normalize(result.text, form=form))
    return result


def _drop_marks_on_cyrillic(
    text: str,
    chars: list[str],
    starts: list[int],
    ends: list[int],
    removed: list[Removed],
    form: Form,
) -> bool:
    """Remove (and record) the marks left on Cyrillic letters, in place; True if any.

    Runs after look-alikes are folded, so «дa\u0336» loses its mark just like «да\u0336»
    (normalising twice changes nothing). A mark that would still compose with its letter
    (``и`` + breve across a removed character) is kept: the caller composes it.
    """
    keep = [True] * len(chars)
    base = ""
    for i, char in enumerate(chars):
        if not _is_mark(char):
            base = char
            continue
        if _is_cyrillic(base) and not _composes(base, char, form):
            keep[i] = False
            span = text[starts[i] : ends[i]]
            at = starts[i] + span.index(char) if char in span else starts[i]
            removed.append(Removed("mark", at, at + 1, text[at]))
    if all(keep):
        return False
    chars[:] = [c for c, k in zip(chars, keep, strict=True) if k]
    starts[:] = [x for x, k in zip(starts, keep, strict=True) if k]
    ends[:] = [x for x, k in zip(ends, keep, strict=True) if k]
    removed.sort(key=lambda r: r.start)
    return True


def _composes(base: str, mark: str, form: Form) -> bool:
    """Whether ``mark`` composes with ``base`` (``и`` + breve → ``й``)."""
    return len(unicodedata.normalize(form, base + mark)) == 1


def _chain(first: NormalizedText, second: NormalizedText) -> NormalizedText:
    """``second`` normalised ``first.text``: map its characters back to ``first.original``."""
    if second.starts is None or second.ends is None:
        return first
    assert first.starts is not None and first.ends is not None
    f_starts, f_ends = first.starts, first.ends
    moved = tuple(
        Removed(r.kind, f_starts[r.start], f_ends[r.start], r.char) for r in second.removed
    )
    return NormalizedText(
        original=first.original,
        text=second.text,
        starts=tuple(f_starts[s] for s in second.starts),
        ends=tuple(f_ends[e - 1] for e in second.ends),
        removed=tuple(sorted(first.removed + moved, key=lambda r: r.start)),
    )
