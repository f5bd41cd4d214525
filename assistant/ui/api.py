"""The plain API endpoints of the running app (``/analyze``, ``/lint``, ``/draft``,
``/send``): the message or reply first, the rest optional, the library's models as JSON,
so other tools can call the app through ``gradio_client``. Imports gradio.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.outbox import new_key
from assistant.ui.handlers import shown_to_operator, username
from assistant.ui.service import Workspace


class Api:
    """``/analyze``, ``/lint``, ``/draft``, ``/send``: plain arguments in, library JSON out."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    def analyze(
        self, message: str, nickname: str = "", history: list[str] | None = None
    ) -> dict[str, Any]:
        """The style profile of a customer message (StyleProfile as JSON)."""
        with shown_to_operator():
            profile = self.ws.analyze(message, nickname or None, history or [])
        if profile is None:
            raise gr.Error("Сообщение пустое: нечего анализировать.")
        return profile.model_dump(mode="json")

    def lint(
        self,
        reply: str,
        incoming: str = "",
        nickname: str = "",
        channel: str = "private",
        notes: str = "",
    ) -> list[dict[str, Any]]:
        """Findings in a reply (a list of Finding as JSON)."""
        with shown_to_operator():
            found = self.ws.lint(
                reply, incoming=incoming or None, nickname=nickname, channel=channel, notes=notes
            )
        return [f.model_dump(mode="json") for f in found]

    async def draft(
        self,
        message: str,
        nickname: str = "",
        channel: str = "private",
        history: list[str] | None = None,
        notes: str = "",
        operator: str = "",
        mode: str = "reply",
        variants: int = 1,
        request: gr.Request | None = None,
    ) -> dict[str, Any]:
        """A mirrored draft (Draft as JSON); needs a configured LLM endpoint."""
        from assistant.drafter import adraft
        from assistant.ui.service import channel_of

        with shown_to_operator():
            self.ws.check_limits(
                message=message, nickname=nickname, history=history, notes=notes,
                operator=operator, channel=channel, mode=mode,
            )  # fmt: skip
            result = await adraft(
                message,
                nickname=nickname or None,
                channel=channel_of(channel),
                history=history or [],
                notes=notes,
                operator=self.ws.operator_name(username(request), operator) or None,
                mode="holding" if mode == "holding" else "reply",
                variants=max(1, min(3, int(variants))),
                settings=self.ws.settings,
            )
        return result.model_dump(mode="json")

    def send(
        self,
        reply: str,
        key: str = "",
        incoming: str = "",
        nickname: str = "",
        channel: str = "private",
        notes: str = "",
        operator: str = "",
        first_draft: str = "",
        override: bool = False,
        override_reason: str = "",
        model: str = "",
        prompt_version: str = "",
        request: gr.Request | None = None,
    ) -> dict[str, Any]:
        """Store a sent reply (SentReply as JSON); the same ``key`` stores it once."""
        with shown_to_operator():
            record = self.ws.send(
                reply,
                key=key or new_key(),
                username=username(request),
                operator=operator,
                channel=channel,
                incoming=incoming,
                nickname=nickname or None,
                notes=notes,
                first_draft=first_draft or None,
                override=override,
                override_reason=override_reason,
                model=model or None,
                prompt_version=prompt_version or None,
            )
        return record.model_dump(mode="json")

    def export(self, unmasked: bool = False, request: gr.Request | None = None) -> str:
        """The outbox as CSV text (supervisors; customer data masked unless ``unmasked``,
        which is logged)."""
        with shown_to_operator():
            return self.ws.export_csv(username(request), unmasked=bool(unmasked))
