"""The second held-out lint set (eval/lint/heldout-tokens.jsonl, issue 11).

150 replies written and labelled (commit a63188f) before the token-rule linter ran on them:
канцелярит of the kinds the literature describes, polite redirects in every phrasing,
promises in model drafts and operator text, invisible controls, and clean replies. Gates
are issue 11's targets: precision ≥ 0.90 and recall ≥ 0.85 for ``bureaucratic`` and
``redirect``, false alarms on clean replies ≤ 5 %. First-run figures are in
docs/linter-token-rules.md. ``pytest -s`` prints the table and every miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.cases import LintCase, load_cases
from assistant.evals.metrics import multilabel_scores
from assistant.lint.models import CATEGORIES
from tests.support.corpora import lint_categories, lint_scores

HELDOUT = Path(__file__).resolve().parents[2] / "eval" / "lint" / "heldout-tokens.jsonl"
TARGETS = {"bureaucratic": (0.90, 0.85), "redirect": (0.90, 0.85)}
MAX_FALSE_ALARMS = 0.05


@pytest.fixture(scope="module")
def cases() -> list[LintCase]:
    return load_cases(HELDOUT, LintCase)


def test_shape(cases: list[LintCase]) -> None:
    assert len(cases) >= 120
    assert all(c.id.startswith("lt-") for c in cases)
    assert sum(not c.expected for c in cases) / len(cases) >= 0.4


def test_targets(cases: list[LintCase]) -> None:
    _, report = lint_scores(cases, title="held-out-2")
    print(report)
    predicted = [lint_categories(c) for c in cases]
    scores = multilabel_scores([set(c.expected) for c in cases], predicted, CATEGORIES)
    for category, (precision, recall) in TARGETS.items():
        s = scores[category]
        assert s.precision >= precision and s.recall >= recall, (category, s, report)
    clean = [p for c, p in zip(cases, predicted, strict=True) if not c.expected]
    false_alarms = sum(bool(p) for p in clean) / len(clean)
    print(f"false alarms on clean: {false_alarms:.3f} ({sum(bool(p) for p in clean)}/{len(clean)})")
    assert false_alarms <= MAX_FALSE_ALARMS, report
