"""The held-out lint set (eval/lint/heldout.jsonl): per-category precision and recall.

The 60 replies were written from the category definitions alone (style_rules/README.md and
the rules' messages), without reading the checks or the main corpus: the out-of-sample
counterpart of test_corpus.py. Same gate: precision and recall ≥ 0.9 for every category
with at least MIN_SUPPORT gold cases; categories with less support are reported only.
``pytest -s`` prints the table and every miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.cases import LintCase, load_cases
from assistant.evals.metrics import multilabel_scores
from assistant.lint.models import CATEGORIES

from .test_corpus import THRESHOLD, predicted

HELDOUT = Path(__file__).resolve().parents[2] / "eval" / "lint" / "heldout.jsonl"
MIN_SUPPORT = 3


@pytest.fixture(scope="module")
def cases() -> list[LintCase]:
    return load_cases(HELDOUT, LintCase)


def test_heldout_shape(cases: list[LintCase]) -> None:
    assert len(cases) >= 60
    assert all(c.id.startswith("lh-") for c in cases)
    assert sum(not c.expected for c in cases) / len(cases) >= 0.4
    for case in cases:
        assert set(case.expected) <= set(CATEGORIES), case.id
        assert case.incoming and case.nickname, f"{case.id}: every case carries its context"


def test_heldout_precision_and_recall(cases: list[LintCase]) -> None:
    gold = [set(c.expected) for c in cases]
    pred = [predicted(c) for c in cases]
    scores = multilabel_scores(gold, pred, CATEGORIES)
    lines = [f"{'held-out':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for category, s in scores.items():
        gated = "" if s.support >= MIN_SUPPORT else "  (reported only)"
        lines.append(
            f"{category:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{s.support:>6}{s.predicted:>6}{gated}"
        )
    for case, g, p in zip(cases, gold, pred, strict=True):
        if p - g:
            lines.append(f"  false positive {sorted(p - g)} in {case.id}: {case.text}")
        if g - p:
            lines.append(f"  missed {sorted(g - p)} in {case.id}: {case.text}")
    report = "\n".join(lines)
    print(report)
    failing = {
        c: s
        for c, s in scores.items()
        if s.support >= MIN_SUPPORT and (s.precision < THRESHOLD or s.recall < THRESHOLD)
    }
    assert not failing, f"below {THRESHOLD}: {sorted(failing)}\n{report}"
