"""Gradio event handlers of the supervisor's tab: the CSV export, analytics, the eval suite.

Every handler checks the role on the server (the tab being hidden is not the protection).
Imports gradio, so :mod:`assistant.ui` does not re-export it.
"""

from __future__ import annotations

import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple

import gradio as gr

from assistant.errors import AssistantError
from assistant.ui.handlers import shown_to_operator, username
from assistant.ui.service import Workspace

ANALYTICS_PLOTS = (
    "tone_mix",
    "urgency",
    "findings_by_category",
    "findings_by_operator",
    "edits",
    "overrides",
)
PERIODS = {"день": "day", "неделя": "week", "месяц": "month"}


def _period(value: str | None) -> Literal["day", "week", "month"]:
    if value in ("day", "month"):
        return value  # type: ignore[return-value]
    return "week"


def supervisor_features() -> dict[str, Any]:
    """The eval and analytics libraries, when their modules are present."""
    found: dict[str, Any] = {}
    for name in ("analytics", "evals"):
        try:
            module = __import__(f"assistant.{name}", fromlist=["_"])
        except ImportError:
            continue
        found[name] = module
    return found


class AnalyticsView(NamedTuple):
    summary: str
    plots: list[Any]
    overrides: dict[str, Any]

    def outputs(self) -> tuple[Any, ...]:
        """In the order the tab wires them: summary, each plot, the overrides table."""
        return (self.summary, *self.plots, self.overrides)


class EvalView(NamedTuple):
    status: str
    files: Any


class SupervisorHandlers:
    """The supervisor tab's handlers over the same :class:`Workspace` as the operator's."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.llm = workspace.settings.llm_configured

    def _require_supervisor(self, request: gr.Request | None) -> None:
        with shown_to_operator():
            self.ws.require(username(request), "supervisor")

    def _local(self, value: Any) -> Any:
        """A stored ISO time (UTC) as the team's local «дд.мм.гггг чч:мм»."""
        from datetime import datetime

        try:
            return f"{self.ws.local_time(datetime.fromisoformat(str(value))):%d.%m.%Y %H:%M}"
        except ValueError:
            return value

    def export_csv(self, request: gr.Request) -> str:
        self._require_supervisor(request)
        return self.ws.export_file(username(request))

    def analytics(self, period: str, request: gr.Request) -> tuple[Any, ...]:
        """Analytics over the outbox: a summary, the plots, the list of overrides."""
        from assistant import analytics

        self._require_supervisor(request)
        report = analytics.summarize(self.ws.outbox.records(), period=_period(period))
        figures = analytics.figures(report)
        first, last = report.first, report.last
        span = (
            f"{self.ws.local_time(first):%d.%m.%Y} — {self.ws.local_time(last):%d.%m.%Y}"
            if first and last
            else "ответов пока нет"
        )
        overrides = report.tables["override_list"]
        rows = [[self._local(row[0]), *row[1:]] for row in overrides.rows]
        return AnalyticsView(
            summary=f"**Ответов:** {report.total} · **период:** {span}",
            plots=[figures.get(name) for name in ANALYTICS_PLOTS],
            overrides={
                "headers": [analytics.column_name(c) for c in overrides.columns],
                "data": rows,
            },
        ).outputs()

    def analytics_csv(self, period: str, request: gr.Request) -> list[str]:
        """Every analytics table and the whole outbox as CSV files."""
        self._require_supervisor(request)
        return self.ws.analytics_files(username(request), _period(period))

    def eval_suites(self) -> list[str]:
        try:
            from assistant.evals.suites import list_suites

            return [s.name for s in list_suites(self.ws.settings.eval_dir / "suites")]
        except (ImportError, AssistantError, OSError, ValueError):
            return []

    def run_eval(self, suites: list[str], no_llm: bool, request: gr.Request) -> Iterator[EvalView]:
        """Run eval suites in a worker thread; yield progress, then the summary and report."""
        from assistant.evals.html import write_html
        from assistant.evals.report import write_json
        from assistant.evals.runner import EvalOptions, evaluate

        self._require_supervisor(request)
        if not suites:
            yield EvalView("Выберите хотя бы один набор.", gr.update())
            return
        run_dir = Path(tempfile.mkdtemp(prefix="eval-run-"))
        progress: queue.Queue[Any] = queue.Queue()
        options = EvalOptions(
            suites=tuple(suites),
            no_llm=no_llm or not self.llm,
            run_dir=run_dir,
            settings=self.ws.settings,
        )
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["report"] = evaluate(options, progress.put)
            except Exception as exc:  # reported to the supervisor below
                result["error"] = exc
            finally:
                progress.put(None)

        threading.Thread(target=work, name="eval-run", daemon=True).start()
        lines: dict[str, str] = {}
        shown = 0.0
        while (step := progress.get()) is not None:
            lines[step.suite] = f"- {step.suite}: {step.done} / {step.total}"
            if time.monotonic() - shown > 0.3 or step.done == step.total:
                shown = time.monotonic()
                yield EvalView("**Идёт оценка…**\n\n" + "\n".join(lines.values()), gr.update())
        if "error" in result:
            yield EvalView(f"Оценка прервалась: {result['error']}", gr.update())
            return
        report = result["report"]
        html_path, json_path = run_dir / "report.html", run_dir / "report.json"
        write_html(report, html_path)
        write_json(report, json_path)
        rows = [
            f"- **{s.name}**: {'пройден' if s.passed else 'НЕ пройден'} · "
            + ", ".join(f"{k} = {v:.3g}" for k, v in list(s.metrics.items())[:6])
            for s in report.suites
        ]
        skipped = (
            f"\n\nПропущены (нужна LLM): {', '.join(report.skipped)}" if report.skipped else ""
        )
        verdict = "все пороги выполнены" if report.passed else "есть невыполненные пороги"
        yield EvalView(
            f"**Готово: {verdict}.**\n\n" + "\n".join(rows) + skipped,
            [str(html_path), str(json_path)],
        )
