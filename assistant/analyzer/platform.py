"""Platform syntax: mentions, handles, quoted replies, reply headers and signatures.

They are found with the per-platform patterns of :mod:`assistant.analyzer.data.platform`,
reported (a VK mention keeps its display name exactly as written, for the operator), and
blanked out of the text the decisions read. Blanking keeps every offset, so evidence still
points into the original message.
"""

from __future__ import annotations

import re

from assistant.analyzer.data.platform import PLATFORM_SYNTAX
from assistant.analyzer.models import Evidence, Mention
from assistant.text.normalize import NormalizedText

_PATTERNS = [(platform, kind, re.compile(p)) for platform, kind, p in PLATFORM_SYNTAX]
#: Quick rejection: every pattern needs one of these characters or a line-start keyword.
_MAYBE = re.compile(
    r"[\[@*>]|&gt;|^[ \t]*(?:в[ \t]+ответ|ответ|re:|reply|in[ \t]+reply|переслан|forwarded"
    r"|отправлено|послано|написано|sent|--|—)",
    re.IGNORECASE | re.MULTILINE,
)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def find_platform_syntax(norm: NormalizedText) -> tuple[str, list[Mention], list[Evidence]]:
    """The text with platform syntax blanked out, the mentions, and the evidence spans."""
    text = norm.text
    if not _MAYBE.search(text):
        return text, [], []
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    evidence: list[Evidence] = []
    for platform, kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if start == end or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            s, e = norm.span(start, end)
            label = f"platform:{platform}_{kind}" if kind == "mention" else f"platform:{kind}"
            evidence.append(Evidence(label=label, text=norm.original[s:e], start=s, end=e))
            if kind == "mention":
                groups = m.groupdict()
                mentions.append(
                    Mention(
                        platform=platform,
                        target=groups["target"],
                        name=groups.get("name"),
                        start=s,
                        end=e,
                    )
                )
    if not taken:
        return text, [], []
    evidence.sort(key=lambda ev: ev.start)
    mentions.sort(key=lambda mention: mention.start)
    return _blank(text, taken), mentions, evidence
