"""Emoji and text emoticons: pictographic emoji, ``)))``, ``:)``, ``^^``, ``xD``, ``((``, laughter.

A ``)`` that closes a parenthesis or a list item (``1)``) and a ``(`` that opens a
parenthesis are brackets, not emoticons. Brackets are paired left to right: a ``(`` counts
as an opening bracket when text follows it directly («(см. выше)»); a ``)`` closes the
nearest open bracket, and the rest of its run is a smile («(кстати)))» has one bracket and
a ``))`` smile).
"""

from __future__ import annotations

import re

import emoji as emoji_lib

from assistant.analyzer.data.emoticons import (
    ANGRY_EMOJI,
    EYED,
    LAUGHTER,
    NEGATIVE_EMOJI,
    POSITIVE_EMOJI,
)
from assistant.analyzer.doc import Doc
from assistant.analyzer.models import EmojiInfo, EmojiItem, EmojiKind, EmojiTone
from assistant.text.prefilter import Screened

#: Screened: most emoticons need a sign («:», «^», «_», «<») that most messages lack.
_EYED = [(Screened(p), kind, tone) for p, kind, tone in EYED]
#: Laughter is a whole run of letters: no letter before or after the match.
_LAUGHTER = Screened(rf"(?<![^\W\d_])(?:{LAUGHTER})(?![^\W\d_])", re.IGNORECASE)
_BRACKETS = re.compile(r"\(+|\)+")
#: A list-item marker «1)», «2)», «а)»: at a line start, or after a space or punctuation.
_LIST_MARKER = re.compile(
    r"(?:^(?P<ls>[ \t]*)|(?<=[\s,.;:]))(\d{1,2}|[а-жa-f])\)(?P<word>[ \t]+[^\W\d_])?", re.MULTILINE
)
#: Characters that may be emoji; Cyrillic and ASCII text skips the emoji library.
_MAYBE_PICTO = re.compile(
    "[\u00a9\u00ae\u2000-\u2bff\u3000-\u303f\u3200-\u32ff\ufe0f\U0001f000-\U0001faff]"
)


#: Every character that occurs in some emoji: an emoji never spans any other character, so
#: the emoji library only needs to read the runs of these around a likely pictograph.
_EMOJI_CHARS = frozenset(c for key in emoji_lib.EMOJI_DATA for c in key)


def _pictographs(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, emoji)`` of every pictographic emoji, by the emoji library."""
    out: list[tuple[int, int, str]] = []
    end = 0
    for m in _MAYBE_PICTO.finditer(text):
        if m.start() < end or m.group() not in _EMOJI_CHARS:
            continue
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1] in _EMOJI_CHARS:
            start -= 1
        while end < len(text) and text[end] in _EMOJI_CHARS:
            end += 1
        run = text[start:end]
        if run in emoji_lib.EMOJI_DATA:  # one emoji alone: no need to tokenise
            out.append((start, end, run))
        else:
            out.extend(
                (start + int(e["match_start"]), start + int(e["match_end"]), e["emoji"])
                for e in emoji_lib.emoji_list(run)
            )
    return out


def _tone(char: str) -> EmojiTone:
    base = char.replace("\ufe0f", "")[:1]
    if base in ANGRY_EMOJI:
        return "angry"
    if base in NEGATIVE_EMOJI:
        return "negative"
    if base in POSITIVE_EMOJI:
        return "positive"
    return "neutral"


def _list_markers(text: str) -> set[int]:
    """Positions of the ``)`` of list-item markers.

    A marker stands at a line start, belongs to a sequence («1) … 2) …»), or is a number
    followed by a word («п. 3) договора»).
    """
    found = list(_LIST_MARKER.finditer(text))
    labels = {m.group(2).lower() for m in found}
    out: set[int] = set()
    for m in found:
        label = m.group(2).lower()
        step = int(label) if label.isdigit() else ord(label)
        neighbours = (
            {str(step - 1), str(step + 1)} if label.isdigit() else {chr(step - 1), chr(step + 1)}
        )
        numbered_item = label.isdigit() and m.group("word") is not None  # «п. 3) договора»
        if m.group("ls") is not None or neighbours & labels or numbered_item:
            out.add(m.end(2))
    return out


def _bracket_items(text: str, taken: list[bool]) -> list[tuple[int, int, EmojiKind, EmojiTone]]:
    items: list[tuple[int, int, EmojiKind, EmojiTone]] = []
    markers = _list_markers(text)
    open_stack: list[int] = []  # positions of plausible opening brackets
    for m in _BRACKETS.finditer(text):
        start, end = m.start(), m.end()
        if any(taken[start:end]):
            continue
        run = m.group()
        if run[0] == "(":
            after = text[end : end + 1]
            if len(run) == 1 and after and not after.isspace() and after not in ")(":
                open_stack.append(start)
            else:
                # «((», or «(» followed by a space or the end: a sad face
                sad_start = start
                if after and not after.isspace() and after not in ")(":
                    open_stack.append(end - 1)  # «((текст)»: the last «(» opens a bracket
                    end -= 1
                if end > sad_start:
                    items.append((sad_start, end, "sad", "negative"))
            continue
        # a run of «)»
        if start in markers:
            start += 1
        elif open_stack:
            open_stack.pop()
            start += 1
        if end > start:
            items.append((start, end, "smile", "positive"))
    return items


def detect_emoji(doc: Doc) -> EmojiInfo:
    """Every pictographic emoji and text emoticon of the message, in order."""
    text = doc.text
    found: list[tuple[int, int, EmojiKind, EmojiTone]] = []
    taken = [False] * len(text)

    def take(start: int, end: int, kind: EmojiKind, tone: EmojiTone) -> None:
        found.append((start, end, kind, tone))
        for i in range(start, end):
            taken[i] = True

    if _MAYBE_PICTO.search(text):
        for start, end, picture in _pictographs(text):
            take(start, end, "emoji", _tone(picture))
    for pattern, kind, tone in _EYED:
        for m in pattern.finditer(text):
            if not any(taken[m.start() : m.end()]):
                take(m.start(), m.end(), kind, tone)  # type: ignore[arg-type]
    for m in _LAUGHTER.finditer(text):
        if not any(taken[m.start() : m.end()]):
            take(m.start(), m.end(), "laughter", "positive")
    if "(" in text or ")" in text:
        found.extend(_bracket_items(text, taken))
    found.sort()
    items = []
    for start, end, kind, tone in found:
        original, s, e = doc.locate(start, end)
        items.append(EmojiItem(text=original, kind=kind, tone=tone, start=s, end=e))
    return EmojiInfo(used=bool(items), count=len(items), items=items)
