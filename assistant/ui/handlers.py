"""Gradio event handlers of the operator screen: translate between components and the
:class:`~assistant.ui.service.Workspace` (which calls the library).

Each handler returns a named structure (a ``NamedTuple`` whose fields name the components
it updates, in the order ``app.py`` wires them). The screen keeps one
:class:`~assistant.ui.conversation.Conversation` in a ``gr.State``; «Следующий клиент» and a
successful send replace it, and every text box of the customer, at once (:class:`Screen`).
The supervisor's handlers live in :mod:`assistant.ui.supervisor`. This module imports
gradio, so :mod:`assistant.ui` does not re-export it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import gradio as gr

from assistant.drafter.opening import opening
from assistant.errors import AssistantError, LLMError, StorageError
from assistant.lint.models import Finding
from assistant.ui import badges, page
from assistant.ui import findings as fx
from assistant.ui.conversation import Conversation
from assistant.ui.highlight import Span, highlighted
from assistant.ui.knowledge_panel import cleared_panel
from assistant.ui.service import OverrideRequiredError, Workspace
from assistant.ui.views import AnalysisView, ApplyView, DraftView, LintView, Screen, SessionView

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


def _findings(value: Any) -> list[Finding]:
    return [f if isinstance(f, Finding) else Finding.model_validate(f) for f in value or []]


def _highlight(text: str, spans: Sequence[Span], colors: dict[str, str]) -> Any:
    """HighlightedText value with a legend of only the labels that occur."""
    segments = highlighted(text, spans)
    used = {label for _, label in segments if label}
    return gr.update(value=segments, color_map={k: v for k, v in colors.items() if k in used})


def _keep() -> Any:
    return gr.update()


def _screen_kept(**changes: Any) -> Screen:
    """The screen as it is, but for ``changes``."""
    values = {name: _keep() for name in Screen._fields}
    values.update(changes)
    return Screen(**values)


def fresh_conversation() -> dict[str, Any]:
    """A new conversation's state for a new page (each gets its own send key)."""
    return Conversation().state()


# -- the handlers ----------------------------------------------------------------------------


class Handlers:
    """Gradio event handlers: translate between components and the :class:`Workspace`."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.llm = workspace.settings.llm_configured

    # session -----------------------------------------------------------------------------

    def session(self, request: gr.Request) -> SessionView:
        """On page load: who is working, what they may see, a fresh conversation."""
        user = username(request)
        role = self.ws.role(user)
        if self.ws.auth_enabled:
            operator = gr.update(value=user or "", interactive=False)
        else:
            operator = gr.update()
        return SessionView(
            operator=operator,
            who=page.header_html(user, can_log_out=self.ws.auth_enabled),
            logout=gr.update(visible=self.ws.auth_enabled),
            supervisor_tab=gr.update(visible=role == "supervisor"),
            conversation=self.ws.start().state(),
            sent_table=self._rows("", user),
        )

    def who(self, operator: str, request: gr.Request) -> str:
        """The header after the operator typed a name (the login name wins when there is one)."""
        name = self.ws.operator_name(username(request), operator)
        return page.header_html(name or None, can_log_out=self.ws.auth_enabled)

    def _rows(self, query: str, user: str | None = None) -> Any:
        """The sent list; if the database is unavailable, say so and keep the table."""
        try:
            return self.ws.sent_rows(query, username=user)
        except StorageError as exc:
            gr.Warning(str(exc))
            return gr.update()

    # the conversation --------------------------------------------------------------------

    def next_customer(self) -> Screen:
        """«Следующий клиент»: a fresh conversation; every field of the last one is emptied."""
        return self._fresh(status="", sent=gr.update(value="", visible=False))

    def _fresh(self, *, status: str, sent: Any, sent_table: Any = None) -> Screen:
        return Screen(
            status=status,
            conversation=self.ws.start().state(),
            reply="",
            override_group=gr.update(visible=False),
            override=False,
            reason="",
            sent_table=_keep() if sent_table is None else sent_table,
            sent=sent,
            message="",
            nickname="",
            history="",
            notes="",
            channel="private",
            variants=gr.update(choices=[], value=None, visible=False),
            retry=gr.update(visible=False),
            found=[],
            findings=fx.findings_html([]),
            suggestions=gr.update(choices=[], value=None, visible=False),
            reply_highlight=[],
            badges=badges.profile_badges_html(None),
            message_highlight=[],
            **cleared_panel(),
        )

    # analysis ------------------------------------------------------------------------------

    def analyze(
        self, message: str, nickname: str, history: str, reply: str, conversation: Any
    ) -> AnalysisView:
        """Badges and highlighted spans; without an LLM, prefill the mirrored opening."""
        conv = Conversation.of(conversation)
        # The first words of the next customer: the notice of the last send leaves the screen.
        sent = status = _keep()
        if conv.after_sent is not None and (message or "").strip():
            sent, status = gr.update(value="", visible=False), ""
            conv = conv.model_copy(update={"after_sent": None})
        try:
            conv = self.ws.observe(conv, message=message, nickname=nickname, history=history)
        except AssistantError as exc:
            conv = conv.with_fields(message=message, nickname=nickname, history=history)
            error = status_html(str(exc), "error")
            return AnalysisView(error, [], conv.state(), _keep(), sent, status)
        profile = conv.profile
        if profile is None:
            empty = badges.profile_badges_html(None)
            return AnalysisView(empty, [], conv.state(), _keep(), sent, status)
        spans = _highlight(profile.text, badges.profile_spans(profile), badges.PROFILE_COLORS)
        new_reply: Any = _keep()
        if not self.llm and (not (reply or "").strip() or reply == conv.prefill):
            prefill = opening(profile, nickname or None)
            conv = conv.model_copy(update={"prefill": prefill})
            new_reply = prefill
        return AnalysisView(
            badges.profile_badges_html(profile), spans, conv.state(), new_reply, sent, status
        )

    # lint ----------------------------------------------------------------------------------

    def lint(
        self,
        reply: str,
        conversation: Any,
        message: str,
        nickname: str,
        channel: str,
        notes: str,
    ) -> LintView:
        """Live lint of the reply box: highlights, the list, the one-click suggestions."""
        conv = Conversation.of(conversation)
        # The profile already computed, when it is the profile of the message on screen.
        incoming = conv.profile if conv.profile and conv.message == message else message
        try:
            found = self.ws.lint(
                reply, incoming=incoming, nickname=nickname, channel=channel, notes=notes
            )
        except AssistantError as exc:
            hidden = gr.update(choices=[], visible=False)
            return LintView([], status_html(str(exc), "error"), hidden, [])
        choices = fx.suggestion_choices(found)
        return LintView(
            _highlight(reply or "", fx.finding_spans(found), fx.FINDING_COLORS),
            fx.findings_html(found),
            gr.update(choices=[tuple(c) for c in choices], value=None, visible=bool(choices)),
            [f.model_dump(mode="json") for f in found],
        )

    def apply(self, choice: str | None, reply: str, found: Any) -> ApplyView:
        """Apply one suggestion to the reply (the reply's change event re-lints it)."""
        if not choice:
            return ApplyView(_keep(), _keep(), "")
        try:
            return ApplyView(fx.apply_suggestion(reply, _findings(found), choice), None, "")
        except ValueError:
            note = "Текст изменился — замечания обновлены, выберите исправление ещё раз."
            return ApplyView(_keep(), None, status_html(note))

    # drafting ------------------------------------------------------------------------------

    async def llm_action(
        self,
        action: str,
        message: str,
        nickname: str,
        channel: str,
        history: str,
        notes: str,
        operator: str,
        n_variants: float,
        reply: str,
        conversation: Any,
        request: gr.Request,
    ) -> AsyncIterator[DraftView]:
        """Stream a draft (``draft``, ``holding``) or a rewrite (``rewrite:shorter``…).

        ``action`` is an input like the others: each button passes its own (a fixed
        ``gr.State``), «Повторить» passes the last one with what the screen shows now.
        """
        with shown_to_operator():  # every field within its limit, before any work
            self.ws.check_limits(
                message=message, nickname=nickname, history=history, notes=notes,
                operator=operator, reply=reply,
            )  # fmt: skip
        conv = Conversation.of(conversation).with_fields(
            message=message, nickname=nickname, channel=channel, history=history, notes=notes
        )
        async for out in self.run_llm(
            action or "draft",
            conv,
            self.ws.operator_name(username(request), operator),
            int(n_variants or 1),
            reply,
        ):
            yield out

    async def run_llm(
        self, action: str, conv: Conversation, operator: str, n_variants: int, reply: str
    ) -> AsyncIterator[DraftView]:
        """Stream a draft into the reply box; on failure put the operator's text back."""
        from assistant.drafter.models import Draft, Revising

        keep = _keep()
        snapshot = reply
        kind, _, how = action.partition(":")

        def view(
            text: Any, status: Any, retry: Any, variants: Any = keep, c: Any = keep
        ) -> DraftView:
            return DraftView(text, variants, c, status, retry, action)

        if kind == "rewrite" and not (reply or "").strip():
            empty = status_html("Нечего переписывать: ответ пуст.", "error")
            yield view(keep, empty, gr.update(visible=False))
            return
        if kind == "rewrite":
            working = f"Переписываю: {REWRITES.get(how, how).lower()}…"
        else:
            working = "Пишу ответ-заглушку…" if kind == "holding" else "Пишу черновик…"
        text = ""
        restart = False
        final: Draft | None = None
        # The box is read-only until the event has ended (``reply_editable``, chained in
        # app.py): keys typed into a streaming draft would be overwritten, and Gradio applies
        # a generator's last values once more when it ends, over an edit made in between.
        yield view(gr.update(interactive=False), status_html(working), gr.update(visible=False))
        try:
            stream = self.ws.stream(
                conv, action, operator=operator, reply=reply, variants=n_variants
            )
            async for item in stream:
                if isinstance(item, str):
                    text = item if restart else text + item
                    restart = False
                    yield view(text, keep, keep)
                elif isinstance(item, Revising):
                    restart = True
                    note = f"Исправляю черновик: замечаний {len(item.findings)}…"
                    yield view(keep, status_html(note), keep)
                elif isinstance(item, Draft):
                    final = item
        except (LLMError, AssistantError) as exc:
            yield view(
                snapshot, status_html(f"{exc} {LLM_ERROR_HINT}", "error"), gr.update(visible=True)
            )
            return
        if final is None:
            failed = status_html(f"Модель не вернула черновик. {LLM_ERROR_HINT}", "error")
            yield view(snapshot, failed, gr.update(visible=True))
            return
        variants = final.variants or [final.text]
        conv = conv.drafted(
            text=final.text,
            variants=variants,
            model=final.model,
            prompt_version=final.prompt_version,
            rewrite=kind == "rewrite",
            sources=final.sources,
        ).model_copy(update={"last_action": action})
        choices = [(f"Вариант {i + 1}", str(i)) for i in range(len(variants))]
        if final.incomplete or final.error:
            note = final.error or "ответ модели оборвался, текст может быть неполным"
            if (snapshot or "").strip():
                # The operator's own text stays in the box; the partial draft waits among
                # the variants, so neither is lost.
                status = status_html(
                    f"Черновик оборвался ({note}); он в «Вариантах». {LLM_ERROR_HINT}", "error"
                )
                shown = gr.update(choices=choices, value=None, visible=True)
                yield view(snapshot, status, gr.update(visible=True), shown, conv.state())
                return
            status = status_html(f"Черновик готов с оговоркой: {note}.", "error")
            retry = gr.update(visible=True)
        else:
            status = status_html("Черновик готов — проверьте и отредактируйте.")
            retry = gr.update(visible=False)
        shown = gr.update(choices=choices, value="0", visible=len(variants) > 1)
        yield view(final.text, status, retry, shown, conv.state())

    def reply_editable(self) -> Any:
        """After a draft or rewrite event has ended: the reply box takes keys again."""
        return gr.update(interactive=True)

    def pick_variant(self, choice: str | None, conversation: Any) -> Any:
        variants = Conversation.of(conversation).variants
        try:
            return variants[int(choice or "")]
        except (ValueError, IndexError):
            return gr.update()

    # sending -------------------------------------------------------------------------------

    def send(
        self,
        reply: str,
        conversation: Any,
        message: str,
        nickname: str,
        channel: str,
        notes: str,
        operator: str,
        override: bool,
        reason: str,
        request: gr.Request,
    ) -> Screen:
        """Store the reply and start the next conversation; on refusal or failure keep all."""
        conv = Conversation.of(conversation)
        try:
            record = self.ws.repeated_send(conv, reply) or self.ws.send_conversation(
                self.ws.observe(
                    conv, message=message or "", nickname=nickname or "", channel=channel,
                    notes=notes or "",
                ),
                reply,
                username=username(request),
                operator=operator,
                override=bool(override),
                override_reason=reason,
            )  # fmt: skip
        except OverrideRequiredError as exc:
            refused = f"Ответ не отмечен отправленным. {exc}"
            return _screen_kept(
                status=status_html(refused, "error"), override_group=gr.update(visible=True)
            )
        except AssistantError as exc:
            return _screen_kept(status=status_html(str(exc), "error"))
        when = self.ws.local_time(record.created_at).strftime("%H:%M")
        note = " (вопреки ошибкам — причина записана)" if record.override else ""
        screen = self._fresh(
            status=status_html(f"Отправлено и сохранено: № {record.id} в {when}{note}."),
            sent=gr.update(value=page.sent_html(record.final_text), visible=True),
            sent_table=self._rows("", username(request)),
        )
        # The next conversation remembers only the number, to clear the notice when it starts.
        return screen._replace(conversation=Conversation(after_sent=record.key).state())

    def search(self, query: str, request: gr.Request | None = None) -> Any:
        with shown_to_operator():  # a query over its limit is a clear error
            return self._rows(query or "", username(request))
