"""Lint evasion: disguised phrases (data/evasion.yaml) are still caught, at their span.

Every case names the category that must fire and marks, inline, the span the finding must
cover in the *original* text — disguise characters included — so the operator's editor
highlights exactly what they typed.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.lint import lint

from .conftest import load, unmark

DATA = load("evasion.yaml")
CASES: list[dict[str, Any]] = DATA["cases"]
GAPS: list[dict[str, Any]] = DATA["known_gaps"]


def _spans(case: dict[str, Any]) -> tuple[str, tuple[int, int], list[tuple[int, int, str]]]:
    text, span = unmark(case["text"])
    findings = lint(
        text,
        incoming=case.get("incoming", "Карта не работает"),
        nickname=case.get("nickname"),
        channel=case.get("channel", "private"),
    )
    got = [(f.start, f.end, f.rule) for f in findings if f.category == case["category"]]
    return text, span, got


def test_the_table_is_big_and_varied() -> None:
    assert len(CASES) >= 30
    assert len({c["id"] for c in CASES + GAPS}) == len(CASES) + len(GAPS)
    categories = {c["category"] for c in CASES}
    assert {"bureaucratic", "redirect", "greeting", "pii"} <= categories
    for case in CASES:
        text, _ = unmark(case["text"])
        assert text != text.encode("ascii", "ignore").decode(), case["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_disguised_phrase_is_caught_at_its_span(case: dict[str, Any]) -> None:
    text, span, got = _spans(case)
    assert got, f"{case['id']} ({case['disguise']}): no {case['category']} finding in {text!r}"
    assert span in [(s, e) for s, e, _ in got], (
        f"{case['id']}: expected {text[span[0] : span[1]]!r}, got "
        f"{[(text[s:e], rule) for s, e, rule in got]}"
    )


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(reason=c["why"], strict=True)) for c in GAPS],
    ids=[c["id"] for c in GAPS],
)
def test_known_gaps(case: dict[str, Any]) -> None:
    _text, span, got = _spans(case)
    assert span in [(s, e) for s, e, _ in got]
