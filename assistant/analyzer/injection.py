"""Prompt injection: instruction-like content aimed at the model, not at support.

Patterns (see :mod:`assistant.analyzer.data.injection`) run over the NFKC-normalised text,
so fullwidth letters and look-alikes do not hide them; a base64 blob is decoded and checked
too; Unicode tag characters (invisible ASCII) are flagged on their own.
"""

from __future__ import annotations

import base64
import binascii
import re

from assistant.analyzer.data.injection import BASE64_BLOB, INJECTION_PATTERNS
from assistant.analyzer.models import Evidence
from assistant.text.normalize import NormalizedText, is_normal, normalize

_PATTERNS = [(re.compile(p, re.IGNORECASE), code) for p, code in INJECTION_PATTERNS]
_BASE64 = re.compile(BASE64_BLOB)


def _matches(text: str) -> list[tuple[str, int, int]]:
    return [
        (code, m.start(), m.end()) for pattern, code in _PATTERNS for m in pattern.finditer(text)
    ]


def _decode(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def detect_injection(original: NormalizedText) -> list[Evidence]:
    """Evidence of injection attempts in the original message (empty: none found)."""
    # NFKC only differs from the NFC copy when compatibility characters (or marks wedged
    # into Cyrillic words) are present.
    if is_normal(original.text, "NFKC"):
        norm = original
    else:
        norm = normalize(original.original, form="NFKC")
    out: list[Evidence] = []

    def add(label: str, start: int, end: int, text_: NormalizedText) -> None:
        s, e = text_.span(start, end)
        out.append(Evidence(label=label, text=text_.original[s:e], start=s, end=e))

    for code, start, end in _matches(norm.text):
        add(f"injection:{code}", start, end, norm)
    for m in _BASE64.finditer(norm.text):
        decoded = _decode(m.group())
        if decoded and _matches(normalize(decoded, form="NFKC").text):
            add("injection:base64", m.start(), m.end(), norm)
    tags = [r for r in original.removed if r.kind == "tag"]
    if tags:
        out.append(
            Evidence(
                label="injection:tag_characters",
                text=original.original[tags[0].start : tags[-1].end],
                start=tags[0].start,
                end=tags[-1].end,
            )
        )
    out.sort(key=lambda e: (e.start, e.end))
    return out
