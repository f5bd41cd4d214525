"""What each handler of the operator screen returns: one named field per component.

``app.py`` wires a handler's outputs in the order of its structure's fields, so a handler
never returns an anonymous tuple and the wiring cannot drift from it (no gradio here).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class SessionView(NamedTuple):
    """On page load."""

    operator: Any
    who: str
    logout: Any
    supervisor_tab: Any
    conversation: dict[str, Any]
    sent_table: Any


class AnalysisView(NamedTuple):
    """After the message, the name or the history changed."""

    badges: str
    message_highlight: Any
    conversation: Any
    reply: Any
    sent: Any
    status: Any


class LintView(NamedTuple):
    """After the reply (or what it is checked against) changed."""

    reply_highlight: Any
    findings: str
    suggestions: Any
    found: list[dict[str, Any]]


class ApplyView(NamedTuple):
    reply: Any
    suggestions: Any
    status: str


class DraftView(NamedTuple):
    """One step of a streaming draft or rewrite."""

    reply: Any
    variants: Any
    conversation: Any
    status: Any
    retry: Any
    last_action: str


class Screen(NamedTuple):
    """Everything of one conversation on screen: a send or «Следующий клиент» sets it all."""

    status: Any
    conversation: Any
    reply: Any
    override_group: Any
    override: Any
    reason: Any
    sent_table: Any
    sent: Any
    message: Any
    nickname: Any
    history: Any
    notes: Any
    channel: Any
    variants: Any
    retry: Any
    found: Any
    findings: Any
    suggestions: Any
    reply_highlight: Any
    badges: Any
    message_highlight: Any
    kb_used: Any
    kb_passages: Any
    kb_shown: Any
    kb_query: Any
    kb_results: Any


class KnowledgeView(NamedTuple):
    """The «База знаний» panel after a draft: the articles given, their passages."""

    kb_used: Any
    kb_passages: str
    kb_shown: list[str]
