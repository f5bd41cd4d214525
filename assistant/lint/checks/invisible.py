"""Invisible and bidirectional control characters in the reply (issue: text smuggling).

Right-to-left overrides reorder what the customer sees («\u202e4321» shows as «1234»), and
zero-width characters hide words from the linter and from people. The lint text already
drops them for matching; this check reports them as they are in the original reply. A
zero-width joiner between two emoji (👩‍💻) and emoji variation selectors are legitimate.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext

_EMOJI = regex.compile(r"\p{Extended_Pictographic}")


class InvisibleParams(Params):
    #: Code points (hex) or ranges «202A-202E» that are flagged.
    characters: tuple[str, ...] = (
        "202A-202E", "2066-2069", "200E", "200F", "061C", "200B", "200C", "200D", "2060-2064",
        "FEFF", "180E", "E0000-E007F",
    )  # fmt: skip


@lru_cache(maxsize=16)
def _runs(spec: tuple[str, ...]) -> re.Pattern[str]:
    """A run of the listed code points (``202A-202E`` is a range), compiled once per list."""
    parts = []
    for item in spec:
        low, _, high = item.partition("-")
        parts.append(re.escape(chr(int(low, 16))))
        if high:
            parts.append("-" + re.escape(chr(int(high, 16))))
    return re.compile(f"[{''.join(parts)}]+")


@register("invisible_controls", InvisibleParams)
def invisible_controls(ctx: LintContext, params: InvisibleParams) -> list[Hit]:
    """Runs of listed control characters (a ZWJ inside an emoji sequence excepted)."""
    text = ctx.text.original
    runs = _runs(params.characters)
    hits: list[Hit] = []
    i = 0
    while (m := runs.search(text, i)) is not None:
        i = m.start()
        if (
            text[i] == "\u200d"
            and i
            and _EMOJI.match(text[i - 1] if text[i - 1] != "\ufe0f" else text[i - 2 : i - 1] or " ")
            and _EMOJI.match(text, i + 1)
        ):
            i += 1
            continue
        hits.append(Hit(i, m.end(), suggestions=("",), original=True))
        i = m.end()
    return hits
