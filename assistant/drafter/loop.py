"""The revision loop: stream → clean → unmask → lint → revise, for each variant of a draft.

:func:`astream_context` streams variant 0 to the caller while the other variants run
alongside; each variant revises while findings at error or warning level remain (or the
model leaked its instructions) and fewer than ``settings.max_revisions`` revisions were
made. Duplicate variants are asked for once more, else dropped; the best variant becomes
the :class:`~assistant.drafter.models.Draft`, with whatever findings remain.

A grounded draft (knowledge base on) cites articles as ``[kb:N]``: the citations are
stripped from the streamed chunks and the final text, the cited articles become the
attempt's ``sources`` and their text is read by lint as extra notes; the revise step sees
the model's answer with its citations.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from assistant.drafter.guard import StreamFilter, as_data, sanitize_output
from assistant.drafter.inputs import DraftContext
from assistant.drafter.models import Attempt, Draft, Revising, Timings
from assistant.drafter.prompts import load_prompt
from assistant.errors import InputError, LLMBadResponseError, LLMError
from assistant.lint.models import Finding
from assistant.llm.client import chat_model_for_loop
from assistant.llm.stream import ChatResult, astream_chat

R = TypeVar("R")

_WS = re.compile(r"\s+")
_FILL_IN = re.compile(r"^\[[^\[\]]{1,40}\]$")

LEAK_FINDING = (
    "- [error] Ответ повторяет служебные инструкции или метку. Убери всё, кроме текста "
    "ответа клиенту."
)


def lint_reply(ctx: DraftContext, text: str, grounded: str = "") -> list[Finding]:
    """The drafter's one lint call: the model's answer against the customer's profile
    (``grounded``: the cited articles' text, read beside the operator's notes)."""
    from assistant.lint import lint

    findings: list[Finding] = lint(
        text,
        incoming=ctx.profile,
        nickname=ctx.nickname,
        channel=ctx.channel,
        policy=ctx.policy,
        notes=f"{ctx.notes}\n\n{grounded}" if grounded else ctx.notes,
        author="model",
    )
    return findings


def _uncited(ctx: DraftContext, chunk: str) -> str:
    """A streamed chunk without ``[kb:…]`` citations (the final text is cleaned the same way)."""
    if ctx.grounding is None:
        return chunk
    from assistant.knowledge.grounding import strip_citations

    return strip_citations(chunk)


def needs_revision(finding: Finding) -> bool:
    """Errors and warnings, except a visible placeholder like ``[срок]``: only the
    operator can fill it in, so asking the model again would not help."""
    return finding.blocking and not _FILL_IN.match(finding.text.strip())


def render_findings(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        tips = [*f.suggestions, *([f.hint] if f.hint else [])]
        tip = f" Как лучше: {'; '.join(t.rstrip('.') for t in tips)}." if tips else ""
        lines.append(f"- [{f.level}] «{f.text}» — {f.message}{tip}")
    return "\n".join(lines)


def variant_note(index: int, avoid: str | None = None) -> str:
    if index == 0 and avoid is None:
        return ""
    note = (
        f"Это вариант {index + 1}: сформулируй иначе — другие слова и построение фраз, "
        "тот же смысл и те же факты."
    )
    if avoid:
        note += f" Не повторяй этот текст: «{avoid}»."
    return note


@dataclass
class VariantResult:
    """One variant's attempts (the last is its text) and its timings."""

    index: int
    attempts: list[Attempt]
    llm_ms: float
    first_token_ms: float | None
    model: str | None
    error: str | None = None

    @property
    def final(self) -> Attempt:
        return self.attempts[-1]


async def run_variant(
    ctx: DraftContext, index: int, *, avoid: str | None = None
) -> AsyncIterator[str | Revising | VariantResult]:
    """Stream one variant's text and ``Revising`` markers; end with its result."""
    settings = ctx.settings
    model = chat_model_for_loop(settings)
    base = ctx.render(variant_note(index, avoid))
    messages = base
    attempts: list[Attempt] = []
    llm_ms = 0.0
    first_ms: float | None = None
    model_name: str | None = None
    error: str | None = None
    for round_ in range(settings.max_revisions + 1):
        stream_filter = StreamFilter(ctx.masker, ctx.canary, ctx.echo_lines)
        result: ChatResult | None = None
        try:
            async for item in astream_chat(model, messages, settings=settings):
                if isinstance(item, ChatResult):
                    result = item
                    continue
                shown = _uncited(ctx, stream_filter.feed(item))
                if shown:
                    if first_ms is None:
                        first_ms = (time.perf_counter() - ctx.started) * 1000
                    yield shown
            tail = _uncited(ctx, stream_filter.flush())
            if tail:
                yield tail
        except LLMError as exc:
            if not attempts:
                raise
            error = f"Правка не удалась, оставлен предыдущий вариант: {exc}"
            break
        assert result is not None
        llm_ms += result.duration_ms
        model_name = result.model or model_name
        clean = sanitize_output(result.text, canary=ctx.canary, prompt_lines=ctx.echo_lines)
        answer = text = ctx.masker.unmask(clean.text)
        cited = ctx.grounding.cite(text) if ctx.grounding else None
        text = cited.text if cited else text
        try:
            findings = lint_reply(ctx, text, cited.notes if cited else "") if text else []
        except InputError as exc:  # e.g. an answer longer than max_input_chars
            if not attempts:
                raise LLMBadResponseError(f"Ответ модели не удалось проверить: {exc}") from exc
            error = f"Правка не удалась, оставлен предыдущий вариант: {exc}"
            break
        attempts.append(
            Attempt(
                text=text,
                findings=findings,
                incomplete=result.incomplete,
                leaked=clean.leaked,
                duration_ms=result.duration_ms,
                sources=cited.sources if cited else [],
            )
        )
        blocking = [f for f in findings if needs_revision(f)]
        if result.incomplete or not (blocking or clean.leaked or not text):
            break
        if round_ == settings.max_revisions:
            break
        yield Revising(attempt=round_ + 2, findings=blocking, variant=index)
        listed = render_findings(blocking)
        if clean.leaked or not text:
            listed = f"{listed}\n{LEAK_FINDING}".strip()
        revise = load_prompt("revise", settings.prompts_dir)
        messages = [
            *base,
            ("assistant", as_data(ctx.masker.mask(answer)) or "(пусто)"),
            *revise.render(findings=ctx.masker.mask(listed)),
        ]
    yield VariantResult(index, attempts, llm_ms, first_ms, model_name, error)


def _rank(result: VariantResult) -> tuple[int, int, int, int]:
    final = result.final
    errors = sum(f.level == "error" for f in final.findings)
    warnings = sum(f.level == "warning" for f in final.findings)
    return (int(final.incomplete), errors, warnings, result.index)


def _same(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip().casefold() == _WS.sub(" ", b).strip().casefold()


async def last_of(stream: AsyncIterator[str | Revising | R], kind: type[R]) -> R:
    """The final ``kind`` item of a stream of chunks and ``Revising`` markers."""
    async for item in stream:
        if isinstance(item, kind):
            return item
    raise AssertionError(f"stream ended without a {kind.__name__}")  # pragma: no cover


def build_draft(ctx: DraftContext, results: list[VariantResult], asked: int) -> Draft:
    """The best variant as a ``Draft`` (the others as ``variants`` when more were asked)."""
    best = min(results, key=_rank)
    variants: list[str] = []
    if asked > 1:
        variants = [best.final.text] + [
            r.final.text for r in sorted(results, key=lambda r: r.index) if r is not best
        ]
    total = (time.perf_counter() - ctx.started) * 1000
    llm = max(r.llm_ms for r in results)
    first = results[0].first_token_ms if results[0].index == 0 else None
    return Draft(
        text=best.final.text,
        variants=variants,
        profile=ctx.profile,
        findings=best.final.findings,
        attempts=best.attempts,
        directives=ctx.card.directives,
        incomplete=best.final.incomplete,
        error=best.error,
        model=next((r.model for r in results if r.model), None) or ctx.settings.model,
        prompt_id=ctx.task.id,
        prompt_version=ctx.prompt_version,
        mode=ctx.mode,
        timings=Timings(total=total, llm=llm, first_token=first, overhead=max(0.0, total - llm)),
        sources=best.final.sources,
    )


async def astream_context(
    ctx: DraftContext, variants: int
) -> AsyncIterator[str | Revising | Draft]:
    """Stream variant 0 to the caller while the other variants run alongside."""
    others = [
        asyncio.ensure_future(last_of(run_variant(ctx, i), VariantResult))
        for i in range(1, max(variants, 1))
    ]
    try:
        first: VariantResult | None = None
        async for item in run_variant(ctx, 0):
            if isinstance(item, VariantResult):
                first = item
            else:
                yield item
        assert first is not None
        results = [first]
        for task in others:
            try:
                results.append(await task)
            except LLMError:
                continue  # an alternative failed; the first variant stands
        results = await _distinct(ctx, results)
        yield build_draft(ctx, results, variants)
    finally:
        for task in others:
            task.cancel()


async def _distinct(ctx: DraftContext, results: list[VariantResult]) -> list[VariantResult]:
    """Keep variants whose texts differ; ask once more for a duplicate, else drop it."""
    kept: list[VariantResult] = []
    for result in results:
        if any(_same(result.final.text, k.final.text) for k in kept):
            avoid = ctx.masker.mask(result.final.text)
            try:
                retry = run_variant(ctx, result.index, avoid=avoid)
                result = await last_of(retry, VariantResult)
            except LLMError:
                continue
            if any(_same(result.final.text, k.final.text) for k in kept):
                continue
        kept.append(result)
    return kept
