"""Scoring of the labelled corpora, shared by the in-sample corpus tests and the held-out
tests (same predictions, same gates, same printed report)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from assistant.analyzer.models import StyleProfile
from assistant.evals.cases import AnalyzerCase, LintCase
from assistant.evals.metrics import Confusion, multilabel_scores
from assistant.lint import lint
from assistant.lint.models import CATEGORIES

#: Accuracy gates per analyzer label (issue: emoji, greeting 0.97; address 0.93; urgent 0.90).
ANALYZER_THRESHOLDS: dict[str, float] = {
    "emoji": 0.97,
    "greeting": 0.97,
    "address": 0.93,
    "urgent": 0.90,
    "nickname": 0.95,
}

#: Gates for the platform messages (eval/analyzer/platform.jsonl and the held-out
#: heldout_platform.jsonl; issue 12: greeting ≥ 0.95, urgent ≥ 0.88, ты/вы ≥ 0.95 on real
#: posts). Mood is labelled on every platform message, so it is gated too.
PLATFORM_THRESHOLDS: dict[str, float] = {
    "emoji": 0.97,
    "greeting": 0.95,
    "address": 0.95,
    "urgent": 0.90,
    "nickname": 0.95,
    "mood": 0.85,
}

PREDICT: dict[str, Callable[[StyleProfile], Hashable]] = {
    "emoji": lambda p: p.emoji.used,
    "greeting": lambda p: p.greeting.present,
    "address": lambda p: p.address,
    "urgent": lambda p: p.urgent,
    "nickname": lambda p: p.nickname,
    "mood": lambda p: p.mood,
}

#: Precision and recall gate per lint category.
LINT_THRESHOLD = 0.9


def label_accuracy(
    label: str, results: Sequence[tuple[AnalyzerCase, StyleProfile]], *, title: str
) -> tuple[float, str]:
    """Accuracy of one analyzer label and a report: the confusion and every miss."""
    gold = [getattr(case.labels, label) for case, _ in results]
    predicted = [PREDICT[label](profile) for _, profile in results]
    confusion = Confusion.build(gold, predicted)
    wrong = [
        f"  {case.id}: gold={g!r} predicted={p!r} | {case.text[:70]!r}"
        for (case, _), g, p in zip(results, gold, predicted, strict=True)
        if g != p
    ]
    head = (
        confusion.render(title)
        if label != "nickname"
        else f"{title} accuracy={confusion.accuracy:.3f}"
    )
    return confusion.accuracy, "\n".join([head, "misclassified:", *wrong])


def lint_categories(case: LintCase) -> set[str]:
    """The categories ``lint`` reports at error or warning level for a corpus case."""
    findings = lint(
        case.text,
        incoming=case.incoming,
        nickname=case.nickname,
        channel=case.channel,
        notes=case.notes,
        author=case.author,
    )
    return {f.category for f in findings if f.blocking}


def lint_scores(
    cases: Sequence[LintCase], *, title: str, min_support: int = 0
) -> tuple[list[str], str]:
    """Categories below :data:`LINT_THRESHOLD` (among those with ``min_support`` gold cases)
    and a report: precision, recall and F1 per category, every false positive and miss."""
    gold = [set(c.expected) for c in cases]
    pred = [lint_categories(c) for c in cases]
    scores = multilabel_scores(gold, pred, CATEGORIES)
    lines = [f"{title:<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for category, s in scores.items():
        gated = "" if s.support >= min_support else "  (reported only)"
        lines.append(
            f"{category:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            f"{s.support:>6}{s.predicted:>6}{gated}"
        )
    for case, g, p in zip(cases, gold, pred, strict=True):
        if p - g:
            lines.append(f"  false positive {sorted(p - g)} in {case.id}: {case.text}")
        if g - p:
            lines.append(f"  missed {sorted(g - p)} in {case.id}: {case.text}")
    failing = sorted(
        c
        for c, s in scores.items()
        if s.support >= min_support and min(s.precision, s.recall) < LINT_THRESHOLD
    )
    return failing, "\n".join(lines)
