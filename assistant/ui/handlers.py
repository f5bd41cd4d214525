"""Gradio event handlers of the operator screen: translate between components and the
:class:`~assistant.ui.service.Workspace` (which calls the library).

``app.py`` lays out the components and wires their events to these methods. This module
imports gradio, so :mod:`assistant.ui` does not re-export it.
"""

from __future__ import annotations

import contextlib
import queue
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import gradio as gr

from assistant.analyzer.models import StyleProfile
from assistant.drafter.opening import opening
from assistant.errors import AssistantError, LLMError, StorageError
from assistant.lint.models import Finding
from assistant.outbox import new_key
from assistant.ui import badges
from assistant.ui import findings as fx
from assistant.ui.highlight import Span, highlighted
from assistant.ui.service import OverrideRequiredError, Workspace

REWRITES: dict[str, str] = {
    "shorter": "Короче",
    "warmer": "Теплее",
    "formal": "Официальнее",
    "simpler": "Проще",
}
LLM_ERROR_HINT = "Всё, что вы ввели, сохранено. Нажмите «Повторить», когда будете готовы."


# -- small helpers ---------------------------------------------------------------------------


def status_html(text: str, kind: str = "ok") -> str:
    from html import escape

    return f'<div class="ta-status-{kind}" data-testid="status">{escape(text)}</div>'


@contextlib.contextmanager
def shown_to_operator() -> Iterator[None]:
    """Turn a library error into ``gr.Error``: its Russian message reaches the operator."""
    try:
        yield
    except AssistantError as exc:
        raise gr.Error(str(exc)) from exc


def username(request: gr.Request | None) -> str | None:
    """The login name behind a request (None without users configured)."""
    return getattr(request, "username", None) if request is not None else None


def _profile_or_none(value: Any) -> StyleProfile | None:
    if isinstance(value, StyleProfile):
        return value
    if isinstance(value, dict) and value:
        return StyleProfile.model_validate(value)
    return None


def _findings(value: Any) -> list[Finding]:
    return [f if isinstance(f, Finding) else Finding.model_validate(f) for f in value or []]


def _highlight(text: str, spans: Sequence[Span], colors: dict[str, str]) -> Any:
    """HighlightedText value with a legend of only the labels that occur."""
    segments = highlighted(text, spans)
    used = {label for _, label in segments if label}
    return gr.update(value=segments, color_map={k: v for k, v in colors.items() if k in used})


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


# -- the handlers ----------------------------------------------------------------------------


class Handlers:
    """Gradio event handlers: translate between components and the :class:`Workspace`."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.llm = workspace.settings.llm_configured

    # session -----------------------------------------------------------------------------

    def session(self, request: gr.Request) -> tuple[Any, ...]:
        """On page load: who is working, what they may see, a fresh send key."""
        user = username(request)
        role = self.ws.role(user)
        if self.ws.auth_enabled:
            operator = gr.update(value=user or "", interactive=False)
        else:
            operator = gr.update()
        return (
            operator,
            gr.update(visible=role == "supervisor"),
            new_key(),
            self._rows("", user),
        )

    def _rows(self, query: str, user: str | None = None) -> Any:
        """The sent list; if the database is unavailable, say so and keep the table."""
        try:
            return self.ws.sent_rows(query, username=user)
        except StorageError as exc:
            gr.Warning(str(exc))
            return gr.update()

    # analysis ------------------------------------------------------------------------------

    def analyze(
        self, message: str, nickname: str, history: str, reply: str, prefill: str
    ) -> tuple[Any, ...]:
        """Badges and highlighted spans; without an LLM, prefill the mirrored opening."""
        try:
            profile = self.ws.analyze(message, nickname, history)
        except AssistantError as exc:
            return (
                status_html(str(exc), "error"),
                [],
                None,
                gr.update(),
                prefill,
            )
        if profile is None:
            return (badges.profile_badges_html(None), [], None, gr.update(), prefill)
        spans = _highlight(profile.text, badges.profile_spans(profile), badges.PROFILE_COLORS)
        new_reply: Any = gr.update()
        if not self.llm and (not (reply or "").strip() or reply == prefill):
            prefill = opening(profile, nickname or None)
            new_reply = prefill
        return (
            badges.profile_badges_html(profile),
            spans,
            profile.model_dump(mode="json"),  # gr.State must be hashable: plain JSON
            new_reply,
            prefill,
        )

    # lint ----------------------------------------------------------------------------------

    def lint(
        self,
        reply: str,
        profile: Any,
        message: str,
        nickname: str,
        channel: str,
        notes: str,
    ) -> tuple[Any, ...]:
        """Live lint of the reply box: highlights, the list, the one-click suggestions."""
        incoming: StyleProfile | str | None = _profile_or_none(profile) or message
        try:
            found = self.ws.lint(
                reply, incoming=incoming, nickname=nickname, channel=channel, notes=notes
            )
        except AssistantError as exc:
            return ([], status_html(str(exc), "error"), gr.update(choices=[], visible=False), [])
        choices = fx.suggestion_choices(found)
        return (
            _highlight(reply or "", fx.finding_spans(found), fx.FINDING_COLORS),
            fx.findings_html(found),
            gr.update(choices=[tuple(c) for c in choices], value=None, visible=bool(choices)),
            [f.model_dump(mode="json") for f in found],
        )

    def apply(self, choice: str | None, reply: str, found: Any) -> tuple[Any, ...]:
        """Apply one suggestion to the reply (the reply's change event re-lints it)."""
        if not choice:
            return gr.update(), gr.update(), ""
        try:
            return fx.apply_suggestion(reply, _findings(found), choice), None, ""
        except ValueError:
            return (
                gr.update(),
                None,
                status_html("Текст изменился — замечания обновлены, выберите исправление ещё раз."),
            )

    # drafting ------------------------------------------------------------------------------

    def llm_handler(self, action: str) -> Callable[..., AsyncIterator[tuple[Any, ...]]]:
        """A streaming handler for "draft", "holding" or a rewrite (``rewrite:shorter``…)."""

        async def handler(
            message: str,
            nickname: str,
            channel: str,
            history: str,
            notes: str,
            operator: str,
            n_variants: float,
            reply: str,
            draft_state: dict[str, Any] | None,
            request: gr.Request,
        ) -> AsyncIterator[tuple[Any, ...]]:
            with shown_to_operator():  # every field within its limit, before any work
                self.ws.check_limits(
                    message=message, nickname=nickname, history=history, notes=notes,
                    operator=operator, reply=reply,
                )  # fmt: skip
            async for out in self.run_llm(
                action,
                message,
                nickname,
                channel,
                history,
                notes,
                self.ws.operator_name(username(request), operator),
                int(n_variants or 1),
                reply,
                dict(draft_state or {}),
            ):
                yield out

        return handler

    async def retry(
        self,
        last_action: str,
        message: str,
        nickname: str,
        channel: str,
        history: str,
        notes: str,
        operator: str,
        n_variants: float,
        reply: str,
        draft_state: dict[str, Any] | None,
        request: gr.Request,
    ) -> AsyncIterator[tuple[Any, ...]]:
        handler = self.llm_handler(last_action or "draft")
        async for out in handler(
            message,
            nickname,
            channel,
            history,
            notes,
            operator,
            n_variants,
            reply,
            draft_state,
            request,
        ):
            yield out

    async def run_llm(
        self,
        action: str,
        message: str,
        nickname: str,
        channel: str,
        history: str,
        notes: str,
        operator: str,
        n_variants: int,
        reply: str,
        draft_state: dict[str, Any],
    ) -> AsyncIterator[tuple[Any, ...]]:
        """Stream a draft into the reply box; on failure put the operator's text back.

        Yields (reply, variants, draft_state, status, retry button, last action).
        """
        from assistant.drafter import astream_draft, astream_rewrite
        from assistant.drafter.models import Draft, Revising
        from assistant.ui.service import channel_of, split_history

        keep = gr.update()
        snapshot = reply
        kind, _, how = action.partition(":")
        if kind == "rewrite" and not (reply or "").strip():
            empty = status_html("Нечего переписывать: ответ пуст.", "error")
            yield (keep, keep, draft_state, empty, gr.update(visible=False), action)
            return
        common: dict[str, Any] = {
            "nickname": nickname or None,
            "channel": channel_of(channel),
            "history": split_history(history),
            "notes": notes or "",
            "operator": operator or None,
            "settings": self.ws.settings,
        }
        if kind == "rewrite":
            stream = astream_rewrite(reply, how, message=message, **common)
            working = f"Переписываю: {REWRITES.get(how, how).lower()}…"
        else:
            mode: Literal["reply", "holding"] = "holding" if kind == "holding" else "reply"
            stream = astream_draft(message, mode=mode, variants=n_variants, **common)
            working = "Пишу ответ-заглушку…" if mode == "holding" else "Пишу черновик…"
        text = ""
        restart = False
        final: Draft | None = None
        yield (keep, keep, draft_state, status_html(working), gr.update(visible=False), action)
        try:
            async for item in stream:
                if isinstance(item, str):
                    text = item if restart else text + item
                    restart = False
                    yield (text, keep, draft_state, keep, keep, action)
                elif isinstance(item, Revising):
                    restart = True
                    yield (
                        keep,
                        keep,
                        draft_state,
                        status_html(f"Исправляю черновик: замечаний {len(item.findings)}…"),
                        keep,
                        action,
                    )
                elif isinstance(item, Draft):
                    final = item
        except (LLMError, AssistantError) as exc:
            yield (
                snapshot,
                keep,
                draft_state,
                status_html(f"{exc} {LLM_ERROR_HINT}", "error"),
                gr.update(visible=True),
                action,
            )
            return
        if final is None:
            yield (
                snapshot,
                keep,
                draft_state,
                status_html(f"Модель не вернула черновик. {LLM_ERROR_HINT}", "error"),
                gr.update(visible=True),
                action,
            )
            return
        variants = final.variants or [final.text]
        if kind != "rewrite" or not draft_state.get("first_draft"):
            draft_state["first_draft"] = final.text
        draft_state.update(
            model=final.model, prompt_version=final.prompt_version, variants=variants
        )
        variant_choices = [(f"Вариант {i + 1}", str(i)) for i in range(len(variants))]
        if final.incomplete or final.error:
            note = final.error or "ответ модели оборвался, текст может быть неполным"
            if (snapshot or "").strip():
                # The operator's own text stays in the box; the partial draft waits among
                # the variants, so neither is lost.
                status = status_html(
                    f"Черновик оборвался ({note}); он в «Вариантах». {LLM_ERROR_HINT}", "error"
                )
                yield (
                    snapshot,
                    gr.update(choices=variant_choices, value=None, visible=True),
                    draft_state,
                    status,
                    gr.update(visible=True),
                    action,
                )
                return
            status = status_html(f"Черновик готов с оговоркой: {note}.", "error")
            retry = gr.update(visible=True)
        else:
            status = status_html("Черновик готов — проверьте и отредактируйте.")
            retry = gr.update(visible=False)
        yield (
            final.text,
            gr.update(choices=variant_choices, value="0", visible=len(variants) > 1),
            draft_state,
            status,
            retry,
            action,
        )

    def pick_variant(self, choice: str | None, draft_state: dict[str, Any] | None) -> Any:
        variants = (draft_state or {}).get("variants") or []
        try:
            return variants[int(choice or "")]
        except (ValueError, IndexError):
            return gr.update()

    # sending -------------------------------------------------------------------------------

    def send(
        self,
        reply: str,
        key: str,
        draft_state: dict[str, Any] | None,
        profile: Any,
        message: str,
        nickname: str,
        channel: str,
        notes: str,
        operator: str,
        override: bool,
        reason: str,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        """Store the reply; on refusal or failure keep every field as it is.

        Yields (status, key, reply, override group, override checkbox, reason, sent table,
        draft state).
        """
        keep = gr.update()
        state = dict(draft_state or {})
        try:
            record = self.ws.send(
                reply,
                key=key or new_key(),
                username=username(request),
                operator=operator,
                channel=channel,
                incoming=message or "",
                nickname=nickname or None,
                notes=notes or "",
                profile=_profile_or_none(profile),
                first_draft=state.get("first_draft"),
                override=bool(override),
                override_reason=reason,
                model=state.get("model"),
                prompt_version=state.get("prompt_version"),
            )
        except OverrideRequiredError as exc:
            shown = gr.update(visible=True)
            return (status_html(str(exc), "error"), key, keep, shown, keep, keep, keep, state)
        except StorageError as exc:
            return (status_html(str(exc), "error"), key, keep, keep, keep, keep, keep, state)
        except AssistantError as exc:
            return (status_html(str(exc), "error"), key, keep, keep, keep, keep, keep, state)
        when = record.created_at.strftime("%H:%M:%S")
        note = " (вопреки ошибкам — причина записана)" if record.override else ""
        return (
            status_html(f"Отправлено и сохранено: № {record.id} в {when} UTC{note}."),
            new_key(),
            "",
            gr.update(visible=False),
            False,
            "",
            self._rows("", username(request)),
            {},
        )

    def search(self, query: str, request: gr.Request | None = None) -> Any:
        with shown_to_operator():  # a query over its limit is a clear error
            return self._rows(query or "", username(request))

    # supervisor ---------------------------------------------------------------------------

    def export_csv(self, request: gr.Request) -> str:
        self._require_supervisor(request)
        return self.ws.export_file(username(request))

    # supervisor: analytics and the eval suite --------------------------------------------

    def analytics(self, period: str, request: gr.Request) -> tuple[Any, ...]:
        """Analytics over the outbox: a summary, the plots, the list of overrides."""
        from assistant import analytics

        self._require_supervisor(request)
        report = analytics.summarize(self.ws.outbox.records(), period=_period(period))
        figures = analytics.figures(report)
        span = (
            f"{report.first:%Y-%m-%d} — {report.last:%Y-%m-%d}" if report.first and report.last
            else "ответов пока нет"
        )  # fmt: skip
        summary = f"**Ответов:** {report.total} · **период:** {span}"
        plots = [figures.get(name) for name in ANALYTICS_PLOTS]
        overrides = report.tables["override_list"]
        return (summary, *plots, {"headers": overrides.columns, "data": overrides.rows})

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

    def run_eval(
        self, suites: list[str], no_llm: bool, request: gr.Request
    ) -> Iterator[tuple[Any, ...]]:
        """Run eval suites in a worker thread; yield progress, then the summary and report."""
        from assistant.evals.html import write_html
        from assistant.evals.report import write_json
        from assistant.evals.runner import EvalOptions, evaluate

        self._require_supervisor(request)
        if not suites:
            yield "Выберите хотя бы один набор.", gr.update()
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
                yield "**Идёт оценка…**\n\n" + "\n".join(lines.values()), gr.update()
        if "error" in result:
            yield f"Оценка прервалась: {result['error']}", gr.update()
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
        yield (
            f"**Готово: {verdict}.**\n\n" + "\n".join(rows) + skipped,
            [str(html_path), str(json_path)],
        )

    def _require_supervisor(self, request: gr.Request | None) -> None:
        with shown_to_operator():
            self.ws.require(username(request), "supervisor")


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
