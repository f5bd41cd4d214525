"""Running suites: cases in, one JSON record per finished case appended to ``results.jsonl``.

Records are appended to a :class:`~assistant.evals.store.ResultStore` as each case
finishes, so a run interrupted at any point resumes with ``run_dir`` set to the same folder
without redoing a finished case (a case whose data changed is redone); the records
themselves are built in :mod:`assistant.evals.records`. Analyzer and lint suites need no
LLM; drafting suites call ``assistant.adraft`` ``concurrency`` scenarios at a time, again
without the style card when the ablation is on, and optionally ask the LLM judge.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import Settings, get_settings
from assistant.evals.cases import AnalyzerCase, LintCase, load_cases
from assistant.evals.judge import Rubric, load_rubrics
from assistant.evals.records import (
    EmptyDraftError,
    analyzer_record,
    drafting_record,
    error_text,
    lint_record,
)
from assistant.evals.results import EvalReport, Record, SuiteResult, aggregate
from assistant.evals.scenarios import DraftScenario, load_scenarios
from assistant.evals.store import ResultStore, default_run_dir, fingerprint
from assistant.evals.suites import Suite, resolve_suites

__all__ = [
    # moved to store.py / records.py; re-exported here for callers of the old module
    "EmptyDraftError",
    "EvalOptions",
    "Progress",
    "ProgressCallback",
    "ResultStore",
    "Runner",
    "aevaluate",
    "analyzer_record",
    "default_run_dir",
    "drafting_record",
    "evaluate",
    "lint_record",
]


@dataclass(frozen=True)
class Progress:
    """One step of a run, for progress bars: ``done`` of ``total`` cases of ``suite``."""

    suite: str
    done: int
    total: int
    case: str | None = None
    resumed: int = 0


ProgressCallback = Callable[[Progress], None]


@dataclass
class EvalOptions:
    """What to run and how (the CLI flags, as an object for the app and tests)."""

    suites: tuple[str, ...] = ()
    no_llm: bool = False
    concurrency: int = 8
    run_dir: Path | None = None
    ablation: bool | None = None
    judge: bool = False
    settings: Settings | None = None
    suites_dir: Path | None = None
    judge_dir: Path | None = None


# -- the run ------------------------------------------------------------------------------


class Runner:
    """Runs suites into one :class:`ResultStore` and aggregates the results."""

    def __init__(self, options: EvalOptions, on_progress: ProgressCallback | None = None) -> None:
        self.options = options
        self.settings = options.settings or get_settings()
        self.on_progress = on_progress or (lambda _p: None)
        self.store = ResultStore(options.run_dir or default_run_dir(self.settings))

    def _emit(self, progress: Progress) -> None:
        self.on_progress(progress)

    def _run_sync(
        self, suite: Suite, cases: list[Any], fn: Callable[[Any], Record]
    ) -> list[Record]:
        records: list[Record] = []
        todo = []
        for case in cases:
            fp = fingerprint(case)
            done = self.store.get(suite.name, case.id, fp)
            if done is not None:
                records.append(done)
            else:
                todo.append((case, fp))
        resumed = len(records)
        self._emit(Progress(suite.name, resumed, len(cases), None, resumed))
        for case, fp in todo:
            base: Record = {"suite": suite.name, "key": case.id, "fp": fp, "case": case.id}
            try:
                rec = base | fn(case)
            except Exception as exc:  # a broken case is reported, the run goes on
                rec = base | {"error": error_text(exc)}
            self.store.append(rec)
            records.append(rec)
            self._emit(Progress(suite.name, len(records), len(cases), case.id, resumed))
        return records

    async def _run_drafting(self, suite: Suite) -> list[Record]:
        scenarios = load_scenarios(suite.data_files(), suite.defaults)
        ablation = suite.ablation if self.options.ablation is None else self.options.ablation
        variants = ["mirrored", "baseline"] if ablation else ["mirrored"]
        rubrics: list[Rubric] = []
        if self.options.judge and suite.judge:
            judge_dir = self.options.judge_dir or self.settings.eval_dir / "judge"
            rubrics = load_rubrics(judge_dir, suite.judge)
        rubric_ids = ",".join(r.id for r in rubrics)
        jobs = []
        records: list[Record] = []
        for sc in scenarios:
            for variant in variants:
                fp = fingerprint(sc, variant, rubric_ids)
                key = f"{sc.id}@{variant}"
                done = self.store.get(suite.name, key, fp)
                if done is not None:
                    records.append(done)
                else:
                    jobs.append((sc, variant, key, fp))
        total = len(records) + len(jobs)
        resumed = len(records)
        self._emit(Progress(suite.name, resumed, total, None, resumed))
        semaphore = asyncio.Semaphore(max(1, self.options.concurrency))

        async def one(sc: DraftScenario, variant: str, key: str, fp: str) -> None:
            base: Record = {
                "suite": suite.name,
                "key": key,
                "fp": fp,
                "case": sc.id,
                "variant": variant,
                "situation": sc.situation,
            }
            async with semaphore:
                try:
                    rec = base | await drafting_record(
                        sc, mirror=variant == "mirrored", settings=self.settings, rubrics=rubrics
                    )
                except Exception as exc:  # recorded as a failed case
                    rec = base | {"error": error_text(exc)}
            self.store.append(rec)
            records.append(rec)
            self._emit(Progress(suite.name, len(records), total, key, resumed))

        await asyncio.gather(*(one(*job) for job in jobs))
        return records

    async def run_suite(self, suite: Suite) -> SuiteResult:
        from assistant.lint.models import CATEGORIES

        if suite.kind == "analyzer":
            cases: list[Any] = []
            for path in suite.data_files():
                cases.extend(load_cases(path, AnalyzerCase))
            records = self._run_sync(suite, cases, analyzer_record)
        elif suite.kind == "lint":
            cases = []
            for path in suite.data_files():
                cases.extend(load_cases(path, LintCase))
            records = self._run_sync(suite, cases, lint_record)
        else:
            records = await self._run_drafting(suite)
        return aggregate(suite, records, CATEGORIES)

    async def run(self) -> EvalReport:
        started = datetime.now(UTC)
        suites_dir = self.options.suites_dir or self.settings.eval_dir / "suites"
        suites = resolve_suites(list(self.options.suites), suites_dir)
        skipped = [s.name for s in suites if s.needs_llm and self.options.no_llm]
        if not self.options.no_llm and any(s.needs_llm for s in suites):
            from assistant.llm.client import ensure_configured

            ensure_configured(self.settings)
        results = []
        try:
            for suite in suites:
                if suite.name in skipped:
                    continue
                results.append(await self.run_suite(suite))
        finally:
            self.store.close()
        return EvalReport(
            started_at=started,
            finished_at=datetime.now(UTC),
            run_dir=str(self.store.run_dir),
            suites=results,
            skipped=skipped,
            model=None if self.options.no_llm else self.settings.model,
        )


async def aevaluate(
    options: EvalOptions, on_progress: ProgressCallback | None = None
) -> EvalReport:
    """Run the suites of ``options``; see :func:`evaluate`."""
    return await Runner(options, on_progress).run()


def evaluate(options: EvalOptions, on_progress: ProgressCallback | None = None) -> EvalReport:
    """Run the suites of ``options`` (blocking) and return the report.

    ``on_progress`` is called after every case (from the running thread). Results are
    appended to ``options.run_dir/results.jsonl``; pass the same ``run_dir`` to resume.
    """
    from assistant.llm.client import run_sync

    return run_sync(aevaluate(options, on_progress))
