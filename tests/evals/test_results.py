"""Aggregation from per-case records: exact figures on hand-made records."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.evals.results import aggregate, percentile
from assistant.evals.suites import Suite


def suite(kind: str, **thresholds: Any) -> Suite:
    return Suite.model_validate(
        {"name": "s", "kind": kind, "data": ["x"], "thresholds": thresholds}
    )


def test_analyzer_metrics_and_confusions() -> None:
    def rec(case: str, gold: str, pred: str, urgent: tuple[bool, bool]) -> dict[str, Any]:
        return {
            "case": case,
            "gold": {"address": gold, "urgent": urgent[0], "mood": None},
            "predicted": {"address": pred, "urgent": urgent[1], "mood": "neutral"},
        }

    records = [
        rec("1", "ty", "ty", (True, True)),
        rec("2", "vy", "ty", (True, False)),
        rec("3", "vy", "vy", (False, False)),
        rec("4", "none", "none", (False, True)),
    ]
    result = aggregate(suite("analyzer", **{"address.accuracy": 0.8}), records)
    m = result.metrics
    assert m["address.accuracy"] == 0.75
    assert m["address.ty.precision"] == 0.5 and m["address.ty.recall"] == 1.0
    assert m["address.vy.recall"] == 0.5 and m["address.vy.precision"] == 1.0
    assert m["urgent.true.recall"] == 0.5 and m["urgent.true.precision"] == 0.5
    assert "mood.accuracy" not in m  # no gold labels for mood
    assert m["accuracy"] == pytest.approx((0.75 + 0.5) / 2)
    assert result.confusions["address"].labels == ["none", "ty", "vy"]
    assert result.confusions["address"].matrix == [[1, 0, 0], [0, 1, 0], [0, 1, 1]]
    assert not result.passed  # 0.75 < 0.8
    assert {(i.case, i.what) for i in result.issues} == {("2", "address"), ("2", "urgent"),
                                                         ("4", "urgent")}  # fmt: skip


def test_lint_metrics_list_false_positives_and_misses() -> None:
    records: list[dict[str, Any]] = [
        {"case": "a", "text": "t", "expected": ["redirect"], "predicted": ["redirect"]},
        {"case": "b", "text": "t", "expected": ["redirect", "pii"], "predicted": ["redirect"]},
        {"case": "c", "text": "t", "expected": [], "predicted": ["emoji"],
         "findings": [{"rule": "emoji/x", "category": "emoji", "level": "warning", "text": ":)"}]},
        {"case": "d", "error": "RuleError: broken"},
    ]  # fmt: skip
    result = aggregate(suite("lint", **{"micro.f1": 0.5}), records, ["redirect", "pii", "emoji"])
    m = result.metrics
    assert m["redirect.precision"] == 1.0 and m["redirect.recall"] == 1.0
    assert m["pii.recall"] == 0.0
    assert m["emoji.precision"] == 0.0
    assert m["micro.precision"] == pytest.approx(2 / 3)
    assert m["micro.recall"] == pytest.approx(2 / 3)
    assert m["exact_match"] == pytest.approx(1 / 3)
    assert m["errors"] == 1 and m["cases"] == 4
    kinds = {(i.kind, i.case, i.what) for i in result.issues}
    assert kinds == {("miss", "b", "pii"), ("false_positive", "c", "emoji")}
    assert "emoji/x" in next(i.detail for i in result.issues if i.kind == "false_positive")
    failed = {t.metric for t in result.thresholds if not t.passed}
    assert failed == {"errors"}  # micro.f1 0.67 ≥ 0.5, but a case raised


def draft_rec(
    case: str, variant: str, passes: list[bool], score: float, **kw: Any
) -> dict[str, Any]:
    types = ["lint_clean", "mirrors_emoji", "mentions_facts"]
    metrics = ["lint", "mirroring", "facts"]
    return {
        "case": case,
        "variant": variant,
        "situation": kw.get("situation", "angry"),
        "assertions": [
            {"type": t, "metric": mt, "passed": p, "detail": ""}
            for t, mt, p in zip(types, metrics, passes, strict=True)
        ],
        "style": {"score": score, "lsm": score},
        "attempts": kw.get("attempts", 1),
        "first_blocking": kw.get("first_blocking", 0),
        "findings_fixed": kw.get("fixed", 0),
        "incomplete": False,
        "latency_ms": kw.get("latency", 100.0),
        "text": "reply",
    }


def test_drafting_pass_rates_ablation_and_repair_stats() -> None:
    records = [
        draft_rec("a", "mirrored", [True, True, True], 0.9, attempts=2, first_blocking=1, fixed=1),
        draft_rec("b", "mirrored", [True, False, True], 0.7, latency=300.0, situation="joke"),
        draft_rec("a", "baseline", [True, False, True], 0.5),
        draft_rec("b", "baseline", [False, False, True], 0.4, situation="joke"),
    ]
    result = aggregate(suite("drafting", pass_rate=0.6), records)
    m = result.metrics
    assert m["pass_rate"] == 0.5
    assert m["assert.mirrors_emoji"] == 0.5 and m["assert.lint_clean"] == 1.0
    assert m["metric.facts"] == 1.0
    assert m["situation.angry"] == 1.0 and m["situation.joke"] == 0.0
    assert m["style_match.mean"] == pytest.approx(0.8)
    assert m["attempts.mean"] == 1.5 and m["findings_fixed.total"] == 1
    assert m["first_attempt_clean"] == 0.5
    assert m["latency.p50_ms"] == 200.0
    assert m["baseline.pass_rate"] == 0.0
    assert m["gain.pass_rate"] == 0.5
    assert m["gain.style_match.mean"] == pytest.approx(0.35)
    assert m["cases"] == 2
    assert result.style_scores == {"mirrored": [0.9, 0.7], "baseline": [0.5, 0.4]}
    assert [(i.case, i.what) for i in result.issues] == [("b", "mirrors_emoji")]
    assert not result.passed


def test_ablation_thresholds_are_skipped_without_the_ablation() -> None:
    records = [draft_rec("a", "mirrored", [True, True, True], 0.9)]
    rules = {"gain.pass_rate": 0.0, "judge.human_voice": 0.5, "pass_ratee": 0.5}
    checks = {t.metric: t for t in aggregate(suite("drafting", **rules), records).thresholds}
    assert checks["gain.pass_rate"].skipped and checks["gain.pass_rate"].passed
    assert checks["judge.human_voice"].skipped
    assert not checks["pass_ratee"].passed and not checks["pass_ratee"].skipped  # a typo fails
    with_baseline = [*records, draft_rec("a", "baseline", [True, True, True], 0.9)]
    checks = {t.metric: t for t in aggregate(suite("drafting", **rules), with_baseline).thresholds}
    assert checks["gain.pass_rate"].value == 0.0 and not checks["gain.pass_rate"].skipped


def test_percentile() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile(range(1, 101), 95) == pytest.approx(95.05)
