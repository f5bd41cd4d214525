"""Turn labelled spans into the segments ``gr.HighlightedText`` shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    label: str


def highlighted(text: str, spans: Iterable[Span]) -> list[tuple[str, str | None]]:
    """Split ``text`` into ``(segment, label or None)`` covering it exactly once.

    Overlapping spans are resolved left to right: a span that starts inside an earlier
    one is clipped to where the earlier one ends (its label still shows on the rest).
    Spans outside the text are clipped; empty ones are dropped.
    """
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, label in sorted(spans, key=lambda s: (s.start, -s.end)):
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
