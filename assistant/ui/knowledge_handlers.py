"""Gradio handlers of the «База знаний» panel (:mod:`assistant.ui.knowledge_panel`).

The articles the operator leaves out belong to the conversation
(:attr:`~assistant.ui.conversation.Conversation.excluded`): the next draft of this customer
goes without them, and «Следующий клиент» or a send forgets them with everything else.
The panel shows the articles of the last draft (:attr:`Conversation.sources`); the usage is
logged by :meth:`~assistant.ui.service.Workspace.stream`. Imports gradio.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr

from assistant.ui.conversation import Conversation
from assistant.ui.handlers import shown_to_operator, username
from assistant.ui.knowledge_panel import (
    KnowledgePanel,
    cleared_panel,
    excluded_ids,
    stats_markdown,
)
from assistant.ui.service import Workspace
from assistant.ui.views import KnowledgeView


class KnowledgeHandlers:
    """The panel's events over the workspace's :class:`KnowledgeService`."""

    def __init__(self, workspace: Workspace, panel: KnowledgePanel | None = None) -> None:
        self.ws = workspace
        self.panel = panel

    def after_draft(self, conversation: Any) -> KnowledgeView:
        """The articles the last draft was given, its citations checked, the left-out
        ones listed unchecked; an empty panel before the first draft."""
        conv = Conversation.of(conversation)
        if conv.status != "drafted" or self.panel is None:
            empty = cleared_panel()
            return KnowledgeView(empty["kb_used"], empty["kb_passages"], empty["kb_shown"])
        used, passages, shown = self.panel.show(
            conv.message, conv.sources, channel=conv.channel, excluded=conv.excluded
        )
        return KnowledgeView(used, passages, shown)

    def leave_out(
        self, checked: Sequence[str] | None, shown: Sequence[str] | None, conversation: Any
    ) -> dict[str, Any]:
        """The conversation without the unchecked articles (only ids the base knows)."""
        conv = Conversation.of(conversation)
        left_out = [
            i
            for i in excluded_ids(list(shown or []), list(checked or []))
            if isinstance(i, str) and self.ws.knowledge.article(i) is not None
        ]
        return conv.model_copy(update={"excluded": left_out}).state()

    def stats(self, request: gr.Request) -> str:
        """The supervisor's view of the base (the role is checked on the server)."""
        with shown_to_operator():
            self.ws.require(username(request), "supervisor")
        return stats_markdown(self.ws.knowledge.stats())
