"""The labelled corpus (eval/analyzer/corpus.jsonl): accuracy per label against thresholds.

Prints the confusion of each label and the ids it got wrong (``pytest -s`` shows them).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

import pytest

from assistant import analyze
from assistant.analyzer.models import StyleProfile
from assistant.evals.cases import AnalyzerCase, load_cases
from assistant.evals.metrics import Confusion

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "analyzer" / "corpus.jsonl"

THRESHOLDS: dict[str, float] = {
    "emoji": 0.97,
    "greeting": 0.97,
    "address": 0.93,
    "urgent": 0.90,
    "nickname": 0.95,
}

PREDICT: dict[str, Callable[[StyleProfile], Hashable]] = {
    "emoji": lambda p: p.emoji.used,
    "greeting": lambda p: p.greeting.present,
    "address": lambda p: p.address,
    "urgent": lambda p: p.urgent,
    "nickname": lambda p: p.nickname,
}


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


@pytest.mark.parametrize("label", list(THRESHOLDS))
def test_accuracy(label: str, results: list[tuple[AnalyzerCase, StyleProfile]]) -> None:
    gold = [getattr(case.labels, label) for case, _ in results]
    predicted = [PREDICT[label](profile) for _, profile in results]
    confusion = Confusion.build(gold, predicted)
    wrong = [
        f"{case.id}: gold={g!r} predicted={p!r} | {case.text[:70]!r}"
        for (case, _), g, p in zip(results, gold, predicted, strict=True)
        if g != p
    ]
    report = (
        confusion.render(label)
        if label != "nickname"
        else f"nickname accuracy={confusion.accuracy:.3f}"
    )
    print("\n" + report)
    print("misclassified:", *wrong, sep="\n  ")
    assert confusion.accuracy >= THRESHOLDS[label], "\n".join([report, *wrong])
