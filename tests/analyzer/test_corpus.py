"""The labelled corpus (eval/analyzer/corpus.jsonl): accuracy per label against thresholds.

Prints the confusion of each label and the ids it got wrong (``pytest -s`` shows them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import analyze
from assistant.analyzer.models import StyleProfile
from assistant.evals.cases import AnalyzerCase, load_cases
from tests.support.corpora import ANALYZER_THRESHOLDS, label_accuracy

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "analyzer" / "corpus.jsonl"


@pytest.fixture(scope="module")
def results() -> list[tuple[AnalyzerCase, StyleProfile]]:
    cases = load_cases(CORPUS, AnalyzerCase)
    return [
        (case, analyze(case.text, nickname=case.nickname, history=case.history)) for case in cases
    ]


def test_corpus_size_and_coverage(results: list[tuple[AnalyzerCase, StyleProfile]]) -> None:
    cases = [case for case, _ in results]
    assert len(cases) >= 260
    for label in ("emoji", "greeting", "urgent"):
        values = [getattr(c.labels, label) for c in cases]
        assert 0.15 < sum(values) / len(values) < 0.85, label  # both classes well represented
    assert {c.labels.address for c in cases} == {"ty", "vy", "none"}


@pytest.mark.parametrize("label", list(ANALYZER_THRESHOLDS))
def test_accuracy(label: str, results: list[tuple[AnalyzerCase, StyleProfile]]) -> None:
    accuracy, report = label_accuracy(label, results, title=label)
    print("\n" + report)
    assert accuracy >= ANALYZER_THRESHOLDS[label], report
