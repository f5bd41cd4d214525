"""Run output: the terminal tables (rich), the JSON file and reading a ``--baseline``."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.evals.results import EvalReport, SuiteResult

#: Metrics the terminal shows per suite kind (besides every thresholded one).
SUMMARY_PREFIXES: dict[str, tuple[str, ...]] = {
    "analyzer": ("accuracy", "emoji.accuracy", "greeting.accuracy", "address.accuracy",
                 "urgent.accuracy", "urgent.true.", "nickname.accuracy", "mood.accuracy",
                 "register.accuracy"),
    "lint": ("micro.", "macro.f1", "exact_match"),
    "drafting": ("pass_rate", "assert.", "metric.", "style_match.mean", "lsm.mean",
                 "attempts.mean", "first_attempt_clean", "findings_fixed.total",
                 "incomplete_rate", "latency.", "judge."),
}  # fmt: skip

MAX_ISSUES = 12


def write_json(report: EvalReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=1), encoding="utf-8")


def read_json(path: Path) -> EvalReport:
    return EvalReport.model_validate_json(path.read_text(encoding="utf-8"))


def reported_models(report: EvalReport) -> list[str]:
    """The models the server said answered (from the run's case records), in first-seen order.

    The configured name (``report.model``) can differ: a proxy or a local server may serve
    another model under it, and the report must name the one that answered.
    """
    import json

    path = Path(report.run_dir) / "results.jsonl"
    seen: dict[str, None] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a torn last line
        model = record.get("model") if isinstance(record, dict) else None
        if isinstance(model, str) and model:
            seen[model] = None
    return list(seen)


def model_line(report: EvalReport) -> str:
    """«модель: …» for the report header: the one that answered, and the configured one if
    it differs."""
    if report.model is None:
        return "модель: без модели (--no-llm)"
    answered = reported_models(report)
    if not answered:
        return f"модель: {report.model} (ответов модели в прогоне нет)"
    line = "модель (ответил сервер): " + ", ".join(answered)
    if answered != [report.model]:
        line += f" · в настройках: {report.model}"
    return line


def fmt(value: float | None, metric: str = "") -> str:
    if value is None:
        return "—"
    if metric.endswith("_ms"):
        return f"{value:.0f} ms"
    if metric in ("cases", "errors") or metric.endswith(".total"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def summary_metrics(suite: SuiteResult) -> list[str]:
    wanted = SUMMARY_PREFIXES.get(suite.kind, ())
    names = [m for m in suite.metrics if m.startswith(wanted)]
    names += [t.metric for t in suite.thresholds if t.metric not in names]
    return names


def suite_table(suite: SuiteResult) -> Table:
    table = Table(
        title=f"{suite.name} ({suite.kind}) — {suite.description}".rstrip(" —"),
        title_justify="left",
    )
    baseline = suite.variants.get("baseline")
    table.add_column("метрика")
    table.add_column("значение", justify="right")
    if baseline:
        table.add_column("без карточки", justify="right")
        table.add_column("выигрыш", justify="right")
    table.add_column("порог")
    if suite.deltas:
        table.add_column("Δ к --baseline", justify="right")
    checks = {t.metric: t for t in suite.thresholds}
    for name in summary_metrics(suite):
        value = suite.metrics.get(name)
        check = checks.get(name)
        rule = ""
        if check is not None and check.skipped:
            rule = f"[dim]{check.rule} (не измерялось)[/]"
        elif check is not None:
            rule = f"[green]{check.rule} ✓[/]" if check.passed else f"[red]{check.rule} ✗[/]"
        row = [name, fmt(value, name)]
        if baseline:
            gain = suite.metrics.get(f"gain.{name}")
            row += [fmt(baseline.get(name), name), "" if gain is None else f"{gain:+.3f}"]
        row.append(rule)
        if suite.deltas:
            delta = suite.deltas.get(name)
            row.append("" if delta is None else f"{delta:+.3f}")
        table.add_row(*row)
    return table


def lint_table(suite: SuiteResult) -> Table:
    table = Table(title=f"{suite.name}: по категориям", title_justify="left")
    for col in ("категория", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "категория" else "left")
    cats = sorted({m.rsplit(".", 1)[0] for m in suite.metrics if m.endswith(".f1")} - {"micro"})
    for cat in cats:
        if cat == "macro":
            continue
        table.add_row(
            cat,
            *(fmt(suite.metrics.get(f"{cat}.{k}")) for k in ("precision", "recall", "f1")),
        )
    return table


def print_report(report: EvalReport, console: Console | None = None) -> None:
    console = console or Console()
    for suite in report.suites:
        console.print(suite_table(suite))
        if suite.kind == "lint":
            console.print(lint_table(suite))
        issues = suite.errors + suite.issues
        if issues:
            console.print(f"[bold]{suite.name}: разобрать ({len(issues)})[/]")
            for issue in issues[:MAX_ISSUES]:
                text = issue.text.replace("\n", " ")[:70]
                console.print(
                    f"  {issue.kind:<14} {issue.what:<22} {issue.case}: {issue.detail[:90]}"
                    + (f"  «{text}»" if text else ""),
                    markup=False,
                    highlight=False,
                )
            if len(issues) > MAX_ISSUES:
                console.print(f"  … и ещё {len(issues) - MAX_ISSUES} (см. JSON/HTML)")
    if report.skipped:
        console.print(f"Пропущены без модели (--no-llm): {', '.join(report.skipped)}")
    failed = [f"{s.name}:{t.metric}" for s in report.suites for t in s.thresholds if not t.passed]
    if failed:
        console.print(f"[red bold]Пороги не выполнены:[/] {', '.join(failed)}")
    else:
        console.print("[green bold]Все пороги выполнены.[/]")
    console.print(f"Результаты по случаям: {report.run_dir}/results.jsonl")
