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
from assistant.lint.models import CATEGORIES
from tests.support.corpora import LINT_THRESHOLD, lint_scores

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
    failing, report = lint_scores(cases, title="held-out", min_support=MIN_SUPPORT)
    print(report)
    assert not failing, f"below {LINT_THRESHOLD}: {failing}\n{report}"
