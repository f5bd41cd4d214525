"""Running suites: cases in, one JSON record per finished case appended to ``results.jsonl``.

Records are appended (and flushed) as each case finishes, keyed by suite, case id, variant
and a fingerprint of the case data, so a run interrupted at any point resumes with
``run_dir`` set to the same folder without redoing a finished case (a case whose data
changed is redone). Analyzer and lint suites need no LLM; drafting suites call
``assistant.adraft`` ``concurrency`` scenarios at a time, again without the style card when
the ablation is on, and optionally ask the LLM judge.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.evals.assertions import DraftContext
from assistant.evals.cases import AnalyzerCase, LintCase, load_cases
from assistant.evals.judge import Rubric, judge, load_rubrics
from assistant.evals.results import EvalReport, Record, SuiteResult, aggregate
from assistant.evals.scenarios import DraftScenario, load_scenarios
from assistant.evals.style_match import style_match
from assistant.evals.suites import Suite, resolve_suites

if TYPE_CHECKING:
    from assistant.drafter.models import Draft


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


class ResultStore:
    """The append-only ``results.jsonl`` of one run (a torn last line is ignored)."""

    def __init__(self, run_dir: Path) -> None:
        run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = run_dir
        self.path = run_dir / "results.jsonl"
        self._records: dict[tuple[str, str], Record] = {}
        self._lock = threading.Lock()
        if self.path.exists():
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    if isinstance(rec, dict) and "suite" in rec and "key" in rec:
                        self._records[(rec["suite"], rec["key"])] = rec
        self._fh = self.path.open("a", encoding="utf-8")
        if self._fh.tell() > 0:
            with self.path.open("rb") as raw:
                raw.seek(-1, 2)
                torn = raw.read(1) != b"\n"
            if torn:  # a kill mid-write left half a line: start the next record afresh
                self._fh.write("\n")
                self._fh.flush()

    def get(self, suite: str, key: str, fingerprint: str) -> Record | None:
        rec = self._records.get((suite, key))
        return rec if rec is not None and rec.get("fp") == fingerprint else None

    def append(self, record: Record) -> None:
        line = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self._fh.write(line + "\n")
            self._fh.flush()
            self._records[(record["suite"], record["key"])] = record

    def close(self) -> None:
        self._fh.close()


def default_run_dir() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return PROJECT_ROOT / "artifacts" / "eval-runs" / stamp


def _fingerprint(case: BaseModel, *extra: str) -> str:
    blob = case.model_dump_json() + "|".join(extra)
    return hashlib.sha1(blob.encode()).hexdigest()[:12]


class EmptyDraftError(ValueError):
    """The drafter returned no text: the case fails as an error."""


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


# -- analyzer and lint --------------------------------------------------------------------


def analyzer_record(case: AnalyzerCase) -> Record:
    from assistant.analyzer import analyze

    p = analyze(case.text, nickname=case.nickname, history=tuple(case.history))
    predicted = {
        "emoji": p.emoji.used,
        "greeting": p.greeting.present,
        "address": p.address,
        "urgent": p.urgent,
        "nickname": p.nickname,
        "mood": p.mood,
        "register": p.register,
    }
    return {"text": case.text, "gold": case.labels.model_dump(), "predicted": predicted}


def lint_record(case: LintCase) -> Record:
    from assistant.lint.engine import lint
    from assistant.lint.models import Policy

    findings = lint(
        case.text,
        incoming=case.incoming,
        nickname=case.nickname,
        channel=case.channel,
        policy=Policy(),
        notes=case.notes,
        author=case.author,
    )
    return {
        "text": case.text,
        "expected": sorted(set(case.expected)),
        "predicted": sorted({f.category for f in findings if f.blocking}),
        "findings": [
            {"rule": f.rule, "category": f.category, "level": f.level, "text": f.text}
            for f in findings
        ],
    }


# -- drafting -----------------------------------------------------------------------------


async def _draft(scenario: DraftScenario, *, mirror: bool, settings: Settings) -> Draft:
    from assistant.drafter import adraft

    return await adraft(
        scenario.message,
        nickname=scenario.nickname,
        channel=scenario.channel,
        history=[(t.role, t.text) for t in scenario.history],
        notes=scenario.notes,
        mode=scenario.mode,
        settings=settings,
        mirror=mirror,
    )


async def drafting_record(
    scenario: DraftScenario,
    *,
    mirror: bool,
    settings: Settings,
    rubrics: list[Rubric],
) -> Record:
    """Draft ``scenario`` (with or without the style card) and check its assertions."""
    from assistant.analyzer import analyze
    from assistant.lint.engine import lint
    from assistant.lint.models import Policy

    started = time.perf_counter()
    draft = await _draft(scenario, mirror=mirror, settings=settings)
    latency_ms = (time.perf_counter() - started) * 1000
    text: str = draft.text
    if not text.strip():
        raise EmptyDraftError("модель вернула пустой черновик")
    history = tuple(t.text for t in scenario.history if t.role == "customer")
    incoming = analyze(scenario.message, nickname=scenario.nickname, history=history)
    reply_profile = analyze(text)
    findings = lint(
        text,
        incoming=scenario.message,
        nickname=scenario.nickname,
        channel=scenario.channel,
        policy=Policy(),
        notes=scenario.notes,
        author="model",
    )
    style = style_match(incoming, reply_profile)
    ctx = DraftContext(
        scenario=scenario,
        reply=text,
        incoming=incoming,
        reply_profile=reply_profile,
        findings=findings,
        style=style,
    )
    checks = []
    for assertion in scenario.assertions:
        outcome = assertion.check(ctx)
        checks.append(
            {
                "type": assertion.type,
                "metric": assertion.metric_name,
                "passed": outcome.passed,
                "detail": outcome.detail,
            }
        )
    # repair loop: blocking findings in the first attempt vs. in the text finally returned
    first = draft.attempts[0].findings if draft.attempts else draft.findings
    first_blocking = sum(1 for f in first if f.blocking)
    final_blocking = sum(1 for f in findings if f.blocking)
    record: Record = {
        "situation": scenario.situation,
        "text": text,
        "assertions": checks,
        "style": style.model_dump(),
        "attempts": max(1, len(draft.attempts)),
        "first_blocking": first_blocking,
        "final_blocking": final_blocking,
        "findings_fixed": max(0, first_blocking - final_blocking),
        "incomplete": draft.incomplete,
        "model": draft.model,
        "prompt_version": draft.prompt_version,
        "latency_ms": round(latency_ms, 1),
    }
    if rubrics:
        verdicts = await asyncio.gather(
            *(
                judge(
                    r, message=scenario.message, reply=text, notes=scenario.notes, settings=settings
                )
                for r in rubrics
            )
        )
        record["judge"] = {v.rubric: v.model_dump() for v in verdicts}
    return record


# -- the run ------------------------------------------------------------------------------


class Runner:
    """Runs suites into one :class:`ResultStore` and aggregates the results."""

    def __init__(self, options: EvalOptions, on_progress: ProgressCallback | None = None) -> None:
        self.options = options
        self.settings = options.settings or get_settings()
        self.on_progress = on_progress or (lambda _p: None)
        self.store = ResultStore(options.run_dir or default_run_dir())

    def _emit(self, progress: Progress) -> None:
        self.on_progress(progress)

    def _run_sync(
        self, suite: Suite, cases: list[Any], fn: Callable[[Any], Record]
    ) -> list[Record]:
        records: list[Record] = []
        todo = []
        for case in cases:
            fp = _fingerprint(case)
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
                rec = base | {"error": _error_text(exc)}
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
                fp = _fingerprint(sc, variant, rubric_ids)
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
                    rec = base | {"error": _error_text(exc)}
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
