"""Invariants every lint result keeps, whatever the input (used by the property tests)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.lint.models import Finding


def assert_findings_point_into(text: str, findings: Sequence[Finding]) -> None:
    """Findings are sorted by position, lie inside ``text`` and quote it exactly."""
    positions = [(f.start, f.end) for f in findings]
    assert positions == sorted(positions)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start : f.end]
