"""The labelled corpus: precision and recall per category at error/warning level (≥ 0.9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.cases import LintCase, load_cases
from assistant.evals.metrics import multilabel_scores
from assistant.lint import lint
from assistant.lint.models import CATEGORIES

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "lint" / "corpus.jsonl"
THRESHOLD = 0.9


def predicted(case: LintCase) -> set[str]:
    findings = lint(
        case.text,
        incoming=case.incoming,
        nickname=case.nickname,
        channel=case.channel,
        notes=case.notes,
    )
    return {f.category for f in findings if f.blocking}


@pytest.fixture(scope="module")
def cases() -> list[LintCase]:
    return load_cases(CORPUS, LintCase)


def test_corpus_shape(cases: list[LintCase]) -> None:
    assert len(cases) >= 200
    clean = [c for c in cases if not c.expected]
    assert len(clean) / len(cases) >= 0.4
    for case in cases:
        assert set(case.expected) <= set(CATEGORIES), case.id
        assert case.incoming and case.nickname, f"{case.id}: every case carries its context"
    for category in CATEGORIES:
        assert sum(category in c.expected for c in cases) >= 10, category


def test_precision_and_recall_per_category(cases: list[LintCase]) -> None:
    gold = [set(c.expected) for c in cases]
    pred = [predicted(c) for c in cases]
    scores = multilabel_scores(gold, pred, CATEGORIES)
    lines = [f"{'category':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for category, s in scores.items():
        lines.append(
            f"{category:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{s.support:>6}{s.predicted:>6}"
        )
    for case, g, p in zip(cases, gold, pred, strict=True):
        if p - g:
            lines.append(f"  false positive {sorted(p - g)} in {case.id}: {case.text}")
        if g - p:
            lines.append(f"  missed {sorted(g - p)} in {case.id}: {case.text}")
    report = "\n".join(lines)
    print(report)
    failing = {c: s for c, s in scores.items() if s.precision < THRESHOLD or s.recall < THRESHOLD}
    assert not failing, f"below {THRESHOLD}: {sorted(failing)}\n{report}"
