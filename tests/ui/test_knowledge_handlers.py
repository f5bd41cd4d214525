"""The «База знаний» panel on the operator screen: handler calls against the local LLM server.

A draft's cited articles reach the panel; an article the operator unchecked does not reach
the next draft request; «Следующий клиент» forgets the exclusions; the usage log feeds the
supervisor's view, which only a supervisor may read.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from assistant.auth import UserStore
from assistant.config import Settings
from assistant.outbox import Outbox
from assistant.testing.llm_server import FakeLLMServer
from assistant.ui.conversation import Conversation
from assistant.ui.handlers import Handlers
from assistant.ui.knowledge_handlers import KnowledgeHandlers
from assistant.ui.knowledge_panel import build_knowledge_panel
from assistant.ui.service import Workspace
from tests.support.app import Req
from tests.support.knowledge import ARTICLE_ID, GROUNDED, MESSAGE, TITLE, knowledge_settings
from tests.support.users import user_store

KB_MARK = "<<<БАЗА_ЗНАНИЙ>>>"


@pytest.fixture
def settings(llm_settings: Settings, tmp_path: Path) -> Settings:
    return knowledge_settings(llm_settings, tmp_path)


def _screen(settings: Settings, users: UserStore | None = None) -> tuple[Handlers, Any]:
    ws = Workspace(settings, Outbox(settings.db_url), users)
    k = KnowledgeHandlers(ws)
    with gr.Blocks():
        k.panel = build_knowledge_panel(ws.knowledge)
    return Handlers(ws), k


def _draft(h: Handlers, conversation: Any, message: str = MESSAGE) -> dict[str, Any]:
    """Click «Черновик» and return the conversation state the last step wrote."""

    async def go() -> list[Any]:
        fields = (message, "", "private", "", "", "Анна", 1, "")
        return [out async for out in h.llm_action("draft", *fields, conversation, Req())]

    outs = asyncio.run(go())
    assert "Черновик готов" in outs[-1].status
    state: dict[str, Any] = outs[-1].conversation
    return state


def _kb_messages(request: Any) -> list[str]:
    return [m["content"] for m in request.messages if KB_MARK in m["content"]]


def test_the_articles_used_reach_the_panel_after_a_draft(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    h, k = _screen(settings)
    llm_server.script(GROUNDED)
    conv = _draft(h, {})
    assert [s["id"] for s in conv["sources"]] == [ARTICLE_ID]
    view = k.after_draft(conv)
    assert ARTICLE_ID in view.kb_shown
    assert view.kb_used["value"] == view.kb_shown  # everything given is checked
    assert (f"✓ {TITLE}", ARTICLE_ID) in view.kb_used["choices"]  # the cited one is marked
    assert TITLE in view.kb_passages and "использована в черновике" in view.kb_passages
    assert "5 рабочих дней" in view.kb_passages  # the passage itself
    # the draft was logged for the supervisor, the customer's question masked
    [line] = [json.loads(x) for x in settings.knowledge_log.read_text("utf-8").splitlines()]  # type: ignore[union-attr]
    assert line["cited"] == [ARTICLE_ID] and ARTICLE_ID in line["found"]


def test_an_unchecked_article_does_not_reach_the_next_draft_request(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    h, k = _screen(settings)
    llm_server.script(GROUNDED, "Новую карту выпустим, подскажем сроки в чате.")
    conv = _draft(h, {})
    view = k.after_draft(conv)
    [first] = llm_server.completions()
    assert any(TITLE in m for m in _kb_messages(first))
    checked = [i for i in view.kb_shown if i != ARTICLE_ID]
    conv = k.leave_out(checked, view.kb_shown, conv)
    assert Conversation.of(conv).excluded == [ARTICLE_ID]
    conv = _draft(h, conv)
    _, second = llm_server.completions()
    assert all(TITLE not in m for m in _kb_messages(second))
    assert all(TITLE not in m["content"] for m in second.messages)
    # the panel lists it unchecked, marked as left out, so the operator can take it back
    view = k.after_draft(conv)
    assert ARTICLE_ID in view.kb_shown and ARTICLE_ID not in view.kb_used["value"]
    assert "убрана оператором" in view.kb_passages


def test_leave_out_keeps_only_articles_the_base_knows(settings: Settings) -> None:
    _, k = _screen(settings)
    conv = k.leave_out([], [ARTICLE_ID, "no/such.md#x", "x" * 5000], Conversation().state())
    assert Conversation.of(conv).excluded == [ARTICLE_ID]


def test_next_customer_forgets_the_exclusions_and_empties_the_panel(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    h, k = _screen(settings)
    conv = k.leave_out([], [ARTICLE_ID], Conversation(message=MESSAGE).state())
    assert Conversation.of(conv).excluded == [ARTICLE_ID]
    screen = h.next_customer()
    fresh = Conversation.of(screen.conversation)
    assert fresh.excluded == [] and fresh.sources == []
    assert screen.kb_shown == [] and screen.kb_passages == "" and screen.kb_query == ""
    assert screen.kb_results == "" and screen.kb_used["choices"] == []
    # and the next customer's draft is grounded in the whole base again
    llm_server.script(GROUNDED)
    _draft(h, screen.conversation)
    [request] = llm_server.completions()
    assert any(TITLE in m for m in _kb_messages(request))
    assert k.after_draft(screen.conversation).kb_shown == []  # nothing before a draft


def test_the_supervisor_sees_the_most_used_articles_and_the_gaps(
    llm_server: FakeLLMServer, settings: Settings, tmp_path: Path
) -> None:
    users = user_store(tmp_path / "users.yaml", {"anna": "operator", "boris": "supervisor"})
    h, k = _screen(settings, users)
    llm_server.script(GROUNDED)
    _draft(h, {})
    k.ws.knowledge.record("Как заказать пиццу на дом?", [])
    text = k.stats(Req("boris"))  # type: ignore[arg-type]
    assert f"{TITLE} — 1" in text and "Черновиков: 2" in text
    assert "пиццу" in text.split("Вопросы без статьи в базе")[1]
    with pytest.raises(gr.Error):
        k.stats(Req("anna"))  # type: ignore[arg-type]
