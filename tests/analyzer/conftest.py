"""Helpers for the analyzer tests."""

from __future__ import annotations

from assistant.analyzer.models import Evidence, StyleProfile


def assert_spans_point_into(profile: StyleProfile) -> None:
    """Every highlighted span is a real slice of the original text."""
    for ev in profile.highlights():
        assert 0 <= ev.start <= ev.end <= len(profile.text), ev
        assert profile.text[ev.start : ev.end] == ev.text, ev


def texts(evidence: list[Evidence]) -> list[str]:
    return [e.text for e in evidence]
