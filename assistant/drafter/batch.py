"""JSONL batch drafting: one JSON object per line in, the same object plus a draft out.

Input keys: ``text`` (required), optional ``nickname``, ``channel``, ``notes``, ``history``,
``mode``, ``operator``, ``knowledge`` (``false``: no knowledge base); any other key is copied
to the output unchanged. The output line adds
``"draft": {"text", "findings", "attempts", "incomplete", "sources"}`` or, when that line failed,
``"error"`` (a message for a person), ``"error_type"`` and ``"line"``. Lines are drafted
concurrently (at most ``concurrency`` at a time) and written in input order (the line format
is :mod:`assistant.jsonl`'s, shared with ``analyze --jsonl`` and ``lint --jsonl``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from assistant.config import Settings
from assistant.drafter.models import Draft
from assistant.drafter.pipeline import adraft
from assistant.errors import InputError
from assistant.jsonl import aiter_jsonl
from assistant.lint.models import Policy

_CHANNELS = ("private", "public")
_MODES = ("reply", "holding")


def draft_summary(d: Draft) -> dict[str, Any]:
    """The ``draft`` object of an output line."""
    return {
        "text": d.text,
        "findings": [f.model_dump(mode="json") for f in d.findings],
        "attempts": [
            {
                "text": a.text,
                "findings": [f.model_dump(mode="json") for f in a.findings],
                "incomplete": a.incomplete,
            }
            for a in d.attempts
        ],
        "incomplete": d.incomplete,
        "sources": [s.model_dump(mode="json") for s in d.sources],
        **({"variants": d.variants} if d.variants else {}),
        **({"revision_error": d.error} if d.error else {}),
    }


async def draft_record(
    item: dict[str, Any], text: str, *, settings: Settings, policy: Policy | None = None
) -> dict[str, Any]:
    """The ``draft`` object for one input record (``text`` already checked to be a string)."""
    channel = item.get("channel", "private")
    mode = item.get("mode", "reply")
    if channel not in _CHANNELS:
        raise InputError(f"channel: {', '.join(_CHANNELS)}")
    if mode not in _MODES:
        raise InputError(f"mode: {', '.join(_MODES)}")
    knowledge = item.get("knowledge", True)
    if not isinstance(knowledge, bool):
        raise InputError("knowledge: true или false")
    history = item.get("history") or ()
    if isinstance(history, str) or not isinstance(history, list | tuple):
        raise InputError("history: список строк или объектов {role, text}")
    d = await adraft(
        text,
        nickname=item.get("nickname"),
        channel=channel,
        history=[h if isinstance(h, str | dict) else str(h) for h in history],
        notes=str(item.get("notes") or ""),
        operator=item.get("operator"),
        mode=mode,
        knowledge=knowledge,
        policy=policy,
        settings=settings,
    )
    return draft_summary(d)


async def adraft_jsonl(
    lines: Iterable[str],
    *,
    settings: Settings,
    concurrency: int = 4,
    policy: Policy | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Draft every non-blank line; yield output objects in input order."""

    async def handler(item: dict[str, Any], text: str) -> dict[str, Any]:
        return await draft_record(item, text, settings=settings, policy=policy)

    async for row, _ok in aiter_jsonl(lines, "draft", handler, concurrency=concurrency):
        yield row
