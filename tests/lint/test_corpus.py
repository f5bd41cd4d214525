"""The labelled corpus: precision and recall per category at error/warning level (≥ 0.9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.cases import LintCase, load_cases
from assistant.lint.models import CATEGORIES
from tests.support.corpora import LINT_THRESHOLD, lint_scores

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "lint" / "corpus.jsonl"


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
    failing, report = lint_scores(cases, title="category")
    print(report)
    assert not failing, f"below {LINT_THRESHOLD}: {failing}\n{report}"
