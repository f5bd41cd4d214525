"""Evaluation: labelled cases as data, metrics, suites and reports.

API for the app's supervisor tab and other tools (names load lazily)::

    from pathlib import Path
    from assistant.evals import EvalOptions, evaluate, write_html, write_json

    def on_progress(step):                    # Progress(suite, done, total, case, resumed)
        print(f"{step.suite}: {step.done}/{step.total}")

    report = evaluate(
        EvalOptions(suites=("analyzer", "lint"), no_llm=True, run_dir=Path("runs/1")),
        on_progress,
    )                                         # EvalReport; report.passed gates CI
    write_html(report, Path("report.html"))   # self-contained, opens offline
    write_json(report, Path("report.json"))   # the --baseline of the next run
    report.suite("lint").metrics["micro.f1"]

``EvalOptions.run_dir`` is where per-case results are appended; the same folder resumes an
interrupted run. ``aevaluate`` is the coroutine. ``list_suites()`` names the suites in
``eval/suites``. Modules: :mod:`.suites` (suite files), :mod:`.scenarios` and
:mod:`.assertions` (drafting scenarios), :mod:`.style_match` (LSM and style dimensions),
:mod:`.runner` (running and resuming), :mod:`.results` (metrics), :mod:`.report` (terminal,
JSON), :mod:`.html` (HTML), :mod:`.judge` (LLM judge), :mod:`.cases`/:mod:`.metrics` (corpora).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.evals.html import render_html, write_html
    from assistant.evals.report import read_json, write_json
    from assistant.evals.results import EvalReport, SuiteResult
    from assistant.evals.runner import EvalOptions, Progress, aevaluate, evaluate
    from assistant.evals.style_match import StyleMatch
    from assistant.evals.suites import list_suites

_EXPORTS = {
    "EvalOptions": "runner",
    "Progress": "runner",
    "aevaluate": "runner",
    "evaluate": "runner",
    "EvalReport": "results",
    "SuiteResult": "results",
    "render_html": "html",
    "write_html": "html",
    "read_json": "report",
    "write_json": "report",
    "StyleMatch": "style_match",
    "list_suites": "suites",
}

__all__ = [
    "EvalOptions",
    "EvalReport",
    "Progress",
    "StyleMatch",
    "SuiteResult",
    "aevaluate",
    "evaluate",
    "list_suites",
    "read_json",
    "render_html",
    "write_html",
    "write_json",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"assistant.evals.{module}"), name)
