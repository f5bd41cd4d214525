"""The record of one case: analyze or lint a labelled case, or draft a scenario and check it.

Each builder returns the JSON object the :class:`~assistant.evals.store.ResultStore` appends
(the runner adds the suite, key and fingerprint); :mod:`assistant.evals.results` aggregates
them into metrics.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.evals.cases import AnalyzerCase, LintCase
from assistant.evals.conversation import ReplyCheck
from assistant.evals.judge import Rubric, judge
from assistant.evals.results import Record
from assistant.evals.scenarios import DraftScenario
from assistant.evals.style_match import style_match

if TYPE_CHECKING:
    from assistant.drafter.models import Draft


class EmptyDraftError(ValueError):
    """The drafter returned no text: the case fails as an error."""


def error_text(exc: BaseException) -> str:
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
    incoming = draft.profile  # the drafter analysed the message (and history) already
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
    ctx = ReplyCheck(
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
