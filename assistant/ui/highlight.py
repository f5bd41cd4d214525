"""Turn labelled spans into the segments ``gr.HighlightedText`` shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    label: str


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "\u0301-"  # a stress mark or a hyphen stays inside a word


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` so that it never cuts a word in two («спис|али» → «списали»)."""
    start, end = max(0, start), min(end, len(text))
    if start < end:
        while 0 < start < len(text) and _word_char(text[start - 1]) and _word_char(text[start]):
            start -= 1
        while 0 < end < len(text) and _word_char(text[end - 1]) and _word_char(text[end]):
            end += 1
    return start, end


def highlighted(text: str, spans: Iterable[Span]) -> list[tuple[str, str | None]]:
    """Split ``text`` into ``(segment, label or None)`` covering it exactly once.

    Spans are widened to whole words. Overlapping spans are resolved left to right: a span
    that starts inside an earlier one is clipped to where the earlier one ends (its label
    still shows on the rest). Spans outside the text are clipped; empty ones are dropped.
    """
    out: list[tuple[str, str | None]] = []
    pos = 0
    widened = [Span(*whole_words(text, s.start, s.end), s.label) for s in spans]
    for start, end, label in sorted(widened, key=lambda s: (s.start, -s.end)):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], label))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
