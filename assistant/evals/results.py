"""Per-suite results: metrics aggregated from per-case records, thresholds, baseline deltas.

The per-case records are plain JSON dicts (one line each in the run's ``results.jsonl``,
written by :mod:`assistant.evals.runner`); everything here is recomputed from them, so a
resumed run and a fresh run report the same numbers.

Metric names (what thresholds and ``--baseline`` deltas refer to):

- analyzer: ``accuracy`` (mean over labels), ``<label>.accuracy``,
  ``<label>.<class>.precision|recall|f1`` (e.g. ``urgent.true.recall``, ``address.ty.f1``);
- lint: ``<category>.precision|recall|f1``, ``micro.precision|recall|f1``, ``macro.f1``,
  ``exact_match`` (share of cases whose predicted set equals the expected one);
- drafting: ``pass_rate`` (all assertions pass), ``assert.<type>``, ``metric.<name>``,
  ``situation.<tag>``, ``style_match.mean``, ``lsm.mean``, ``lsm.<category>``,
  ``dimension.<name>`` (the style-match parts), ``attempts.mean``,
  ``first_attempt_clean``, ``findings_fixed.total``, ``incomplete_rate``,
  ``latency.p50_ms``, ``latency.p95_ms``, ``judge.<rubric>`` and, with the ablation,
  ``baseline.<metric>`` and ``gain.<metric>`` (mirrored − baseline);
- every kind: ``cases`` and ``errors`` (cases that raised; a run with errors fails unless
  a threshold on ``errors`` allows them).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from assistant.evals.metrics import Confusion, multilabel_scores
from assistant.evals.suites import Suite, Threshold

Record = dict[str, Any]

ANALYZER_LABELS: tuple[str, ...] = (
    "emoji",
    "greeting",
    "address",
    "urgent",
    "nickname",
    "mood",
    "register",
)
#: Labels with too many classes for a confusion matrix (accuracy only).
NO_MATRIX: frozenset[str] = frozenset({"nickname"})


class ConfusionData(BaseModel):
    labels: list[str]
    matrix: list[list[int]]
    accuracy: float


class ThresholdCheck(BaseModel):
    metric: str
    rule: str
    value: float | None
    passed: bool
    skipped: bool = Field(
        default=False, description="Not measured in this run (no ablation/judge)."
    )


class CaseIssue(BaseModel):
    """A case worth a supervisor's look: a false positive, a miss or a failed assertion."""

    case: str
    kind: str
    what: str
    text: str = ""
    detail: str = ""


class SuiteResult(BaseModel):
    name: str
    kind: str
    description: str = ""
    metrics: dict[str, float] = Field(default_factory=dict)
    thresholds: list[ThresholdCheck] = Field(default_factory=list)
    confusions: dict[str, ConfusionData] = Field(default_factory=dict)
    issues: list[CaseIssue] = Field(default_factory=list)
    errors: list[CaseIssue] = Field(default_factory=list)
    style_scores: dict[str, list[float]] = Field(default_factory=dict)
    variants: dict[str, dict[str, float]] = Field(default_factory=dict)
    deltas: dict[str, float] = Field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.thresholds)


def percentile(values: Iterable[float], q: float) -> float:
    """Linear-interpolated ``q``-th percentile (0–100); 0.0 for no values."""
    data = sorted(values)
    if not data:
        return 0.0
    pos = (len(data) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def _key(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _errors(records: list[Record]) -> list[CaseIssue]:
    return [
        CaseIssue(case=r["case"], kind="error", what=r.get("variant", ""), detail=r["error"])
        for r in records
        if r.get("error")
    ]


def aggregate_analyzer(records: list[Record]) -> tuple[dict[str, float], SuiteResult]:
    ok = [r for r in records if not r.get("error")]
    metrics: dict[str, float] = {}
    confusions: dict[str, ConfusionData] = {}
    issues: list[CaseIssue] = []
    accuracies = []
    for label in ANALYZER_LABELS:
        pairs = [
            (_key(r["gold"][label]), _key(r["predicted"].get(label)))
            for r in ok
            if r["gold"].get(label) is not None
        ]
        if not pairs:
            continue
        conf = Confusion.build([g for g, _ in pairs], [p for _, p in pairs])
        metrics[f"{label}.accuracy"] = conf.accuracy
        accuracies.append(conf.accuracy)
        if label not in NO_MATRIX:
            for cls in conf.labels:
                s = conf.scores(cls)
                metrics[f"{label}.{cls}.precision"] = s.precision
                metrics[f"{label}.{cls}.recall"] = s.recall
                metrics[f"{label}.{cls}.f1"] = s.f1
            confusions[label] = ConfusionData(
                labels=[str(x) for x in conf.labels], matrix=conf.matrix(), accuracy=conf.accuracy
            )
        for r in ok:
            g = r["gold"].get(label)
            if g is not None and _key(g) != _key(r["predicted"].get(label)):
                issues.append(
                    CaseIssue(
                        case=r["case"],
                        kind="wrong",
                        what=label,
                        text=r.get("text", ""),
                        detail=f"ожидалось {_key(g)}, получено {_key(r['predicted'].get(label))}",
                    )
                )
    if accuracies:
        metrics["accuracy"] = sum(accuracies) / len(accuracies)
    return metrics, SuiteResult(name="", kind="analyzer", confusions=confusions, issues=issues)


def aggregate_lint(
    records: list[Record], categories: Iterable[str]
) -> tuple[dict[str, float], SuiteResult]:
    ok = [r for r in records if not r.get("error")]
    gold = [set(r["expected"]) for r in ok]
    pred = [set(r["predicted"]) for r in ok]
    cats = sorted({*categories, *(c for g in gold for c in g), *(c for p in pred for c in p)})
    scores = multilabel_scores(gold, pred, cats)
    metrics: dict[str, float] = {}
    tp = fp = fn = 0
    f1s = []
    for cat, s in scores.items():
        metrics[f"{cat}.precision"] = s.precision
        metrics[f"{cat}.recall"] = s.recall
        metrics[f"{cat}.f1"] = s.f1
        cat_tp = sum(1 for g, p in zip(gold, pred, strict=True) if cat in g and cat in p)
        tp += cat_tp
        fp += s.predicted - cat_tp
        fn += s.support - cat_tp
        if s.support or s.predicted:
            f1s.append(s.f1)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    metrics["micro.precision"] = precision
    metrics["micro.recall"] = recall
    metrics["micro.f1"] = (
        2 * precision * recall / (precision + recall) if precision + recall else 0.0
    )
    metrics["macro.f1"] = sum(f1s) / len(f1s) if f1s else 1.0
    metrics["exact_match"] = (
        sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(ok) if ok else 0.0
    )
    issues = []
    for r, g, p in zip(ok, gold, pred, strict=True):
        for cat in sorted(p - g):
            detail = "; ".join(
                f"{f['rule']}: «{f['text']}»" for f in r.get("findings", []) if f["category"] == cat
            )
            issues.append(
                CaseIssue(
                    case=r["case"], kind="false_positive", what=cat, text=r["text"], detail=detail
                )
            )
        for cat in sorted(g - p):
            issues.append(CaseIssue(case=r["case"], kind="miss", what=cat, text=r["text"]))
    return metrics, SuiteResult(name="", kind="lint", issues=issues)


def _rate(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def drafting_metrics(records: list[Record]) -> dict[str, float]:
    """Metrics of one variant's drafting records (errors count as failed cases)."""
    if not records:
        return {}
    ok = [r for r in records if not r.get("error")]
    metrics: dict[str, float] = {}
    metrics["pass_rate"] = _rate(
        [not r.get("error") and all(a["passed"] for a in r["assertions"]) for r in records]
    )
    by_type: dict[str, list[bool]] = defaultdict(list)
    by_metric: dict[str, list[bool]] = defaultdict(list)
    by_situation: dict[str, list[bool]] = defaultdict(list)
    for r in records:
        if r.get("error"):
            by_situation[r.get("situation", "other")].append(False)
            continue
        for a in r["assertions"]:
            by_type[a["type"]].append(a["passed"])
        for name, flags in _group(r["assertions"], "metric").items():
            by_metric[name].append(all(flags))
        by_situation[r.get("situation", "other")].append(all(a["passed"] for a in r["assertions"]))
    metrics.update({f"assert.{k}": _rate(v) for k, v in sorted(by_type.items())})
    metrics.update({f"metric.{k}": _rate(v) for k, v in sorted(by_metric.items())})
    metrics.update({f"situation.{k}": _rate(v) for k, v in sorted(by_situation.items())})
    if ok:
        metrics["style_match.mean"] = statistics.fmean(r["style"]["score"] for r in ok)
        metrics["lsm.mean"] = statistics.fmean(r["style"]["lsm"] for r in ok)
        for cat in ok[0]["style"].get("lsm_categories", {}):
            metrics[f"lsm.{cat}"] = statistics.fmean(
                r["style"]["lsm_categories"].get(cat, 0.0) for r in ok
            )
        for dim in ok[0]["style"].get("dimensions", {}):
            metrics[f"dimension.{dim}"] = statistics.fmean(
                r["style"]["dimensions"].get(dim, 0.0) for r in ok
            )
        metrics["attempts.mean"] = statistics.fmean(r["attempts"] for r in ok)
        metrics["first_attempt_clean"] = _rate([r["first_blocking"] == 0 for r in ok])
        metrics["findings_fixed.total"] = float(sum(r["findings_fixed"] for r in ok))
        metrics["incomplete_rate"] = _rate([bool(r.get("incomplete")) for r in ok])
        latencies = [r["latency_ms"] for r in ok]
        metrics["latency.p50_ms"] = percentile(latencies, 50)
        metrics["latency.p95_ms"] = percentile(latencies, 95)
        judged: dict[str, list[bool]] = defaultdict(list)
        for r in ok:
            for rubric, verdict in (r.get("judge") or {}).items():
                judged[rubric].append(bool(verdict["passed"]))
        metrics.update({f"judge.{k}": _rate(v) for k, v in sorted(judged.items())})
    return metrics


def _group(assertions: list[Record], field: str) -> dict[str, list[bool]]:
    out: dict[str, list[bool]] = defaultdict(list)
    for a in assertions:
        out[a[field]].append(a["passed"])
    return out


def aggregate_drafting(records: list[Record]) -> tuple[dict[str, float], SuiteResult]:
    by_variant: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_variant[r.get("variant", "mirrored")].append(r)
    mirrored = by_variant.get("mirrored", [])
    metrics = drafting_metrics(mirrored)
    variants = {v: drafting_metrics(rs) for v, rs in sorted(by_variant.items())}
    baseline = variants.get("baseline")
    if baseline:
        for name, value in baseline.items():
            metrics[f"baseline.{name}"] = value
            if name in metrics and not name.startswith(("latency", "findings_fixed")):
                metrics[f"gain.{name}"] = metrics[name] - value
    issues = []
    for r in mirrored:
        for a in r.get("assertions", []):
            if not a["passed"]:
                issues.append(
                    CaseIssue(
                        case=r["case"],
                        kind="failed",
                        what=a["type"],
                        text=r.get("text", ""),
                        detail=a.get("detail", ""),
                    )
                )
    style_scores = {
        v: [r["style"]["score"] for r in rs if not r.get("error")] for v, rs in by_variant.items()
    }
    return metrics, SuiteResult(
        name="", kind="drafting", issues=issues, style_scores=style_scores, variants=variants
    )


#: Metrics that only exist when the run includes the ablation or the judge.
OPTIONAL_PREFIXES: tuple[str, ...] = ("gain.", "baseline.", "judge.")


def check_thresholds(
    metrics: dict[str, float], thresholds: dict[str, Threshold]
) -> list[ThresholdCheck]:
    """Check every threshold; a missing metric fails (a typo must not pass silently),
    except ablation and judge metrics in a run without them, which are skipped."""
    rules = dict(thresholds)
    rules.setdefault("errors", Threshold(max=0))
    checks = []
    for name, t in rules.items():
        value = metrics.get(name)
        prefix = next((p for p in OPTIONAL_PREFIXES if name.startswith(p)), None)
        skipped = (
            value is None and prefix is not None and not any(m.startswith(prefix) for m in metrics)
        )
        checks.append(
            ThresholdCheck(
                metric=name,
                rule=t.describe(),
                value=value,
                passed=skipped or t.passes(value),
                skipped=skipped,
            )
        )
    return checks


def aggregate(suite: Suite, records: list[Record], categories: Iterable[str] = ()) -> SuiteResult:
    """The :class:`SuiteResult` of ``suite`` from its case records."""
    if suite.kind == "analyzer":
        metrics, result = aggregate_analyzer(records)
    elif suite.kind == "lint":
        metrics, result = aggregate_lint(records, categories)
    else:
        metrics, result = aggregate_drafting(records)
    errors = _errors(records)
    cases = {r["case"] for r in records}
    metrics["cases"] = float(len(cases))
    metrics["errors"] = float(len(errors))
    return result.model_copy(
        update={
            "name": suite.name,
            "description": suite.description,
            "metrics": metrics,
            "errors": errors,
            "thresholds": check_thresholds(metrics, suite.thresholds),
        }
    )


def deltas(current: dict[str, float], previous: dict[str, float]) -> dict[str, float]:
    """``current − previous`` for every metric both runs have."""
    return {k: current[k] - previous[k] for k in current if k in previous}


class EvalReport(BaseModel):
    """A whole run: every suite's result, and what was skipped (``--no-llm``)."""

    started_at: datetime
    finished_at: datetime
    run_dir: str
    suites: list[SuiteResult]
    skipped: list[str] = Field(default_factory=list)
    model: str | None = None
    baseline: str | None = Field(default=None, description="The --baseline file compared to.")

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.suites)

    def suite(self, name: str) -> SuiteResult:
        for s in self.suites:
            if s.name == name:
                return s
        raise KeyError(name)

    def compare(self, previous: EvalReport, label: str) -> EvalReport:
        """A copy with each suite's ``deltas`` against the same suite in ``previous``."""
        before = {s.name: s.metrics for s in previous.suites}
        suites = [
            s.model_copy(update={"deltas": deltas(s.metrics, before[s.name])})
            if s.name in before
            else s
            for s in self.suites
        ]
        return self.model_copy(update={"suites": suites, "baseline": label})
