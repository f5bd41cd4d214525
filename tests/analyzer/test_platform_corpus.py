"""Platform messages (issue 12): mentions, handles, brand caps, disguised swearing, colloquial
money trouble, sarcasm, jokes and typos, labelled by the README's definitions.

* ``eval/analyzer/heldout_platform.jsonl`` (``hp-…``, 141) was written and committed before
  any new code ran on it; its first-run figures are in docs/analyzer-real-messages.md.
* ``eval/analyzer/platform.jsonl`` (``pl-…``, 195) is the development set the fixes were
  made against.

``pytest -s`` prints the confusion and the misses of every label.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import analyze
from assistant.analyzer.models import StyleProfile
from assistant.evals.cases import AnalyzerCase, load_cases
from tests.support.corpora import PLATFORM_THRESHOLDS, label_accuracy

ROOT = Path(__file__).resolve().parents[2] / "eval" / "analyzer"
CORPORA = {"heldout_platform": ROOT / "heldout_platform.jsonl", "platform": ROOT / "platform.jsonl"}


@pytest.fixture(scope="module", params=list(CORPORA))
def results(request: pytest.FixtureRequest) -> tuple[str, list[tuple[AnalyzerCase, StyleProfile]]]:
    cases = load_cases(CORPORA[request.param], AnalyzerCase)
    return request.param, [
        (c, analyze(c.text, nickname=c.nickname, history=c.history)) for c in cases
    ]


def test_sizes_and_coverage() -> None:
    heldout = load_cases(CORPORA["heldout_platform"], AnalyzerCase)
    dev = load_cases(CORPORA["platform"], AnalyzerCase)
    assert len(heldout) >= 120 and len(heldout) + len(dev) >= 300
    assert all(c.id.startswith("hp-") for c in heldout)
    assert all(c.id.startswith("pl-") for c in dev)
    for cases in (heldout, dev):
        texts = " ".join(c.text for c in cases)
        for marker in ("[id", "[club", "@", "*", "\n>", "Отправлено с"):
            assert marker in texts, marker
        assert all(c.labels.mood is not None for c in cases)
        assert {c.labels.address for c in cases} == {"ty", "vy", "none"}
        for label in ("emoji", "greeting", "urgent"):
            share = sum(getattr(c.labels, label) for c in cases) / len(cases)
            assert 0.05 < share < 0.95, label


@pytest.mark.parametrize("label", list(PLATFORM_THRESHOLDS))
def test_accuracy(label: str, results: tuple[str, list[tuple[AnalyzerCase, StyleProfile]]]) -> None:
    name, pairs = results
    accuracy, report = label_accuracy(label, pairs, title=f"{name} {label}")
    print("\n" + report)
    assert accuracy >= PLATFORM_THRESHOLDS[label], report
