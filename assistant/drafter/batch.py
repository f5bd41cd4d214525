"""JSONL batch drafting: one JSON object per line in, the same object plus a draft out.

Input keys: ``text`` (required), optional ``nickname``, ``channel``, ``notes``, ``history``,
``mode``, ``operator``; any other key is copied to the output unchanged. The output line adds
``"draft": {"text", "findings", "attempts", "incomplete"}`` or, when that line failed,
``"error"`` (a message for a person) and ``"error_type"``. Lines are drafted concurrently
(at most ``concurrency`` at a time) and written in input order.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from assistant.config import Settings
from assistant.drafter.models import Draft
from assistant.drafter.pipeline import adraft
from assistant.errors import AssistantError
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
        **({"variants": d.variants} if d.variants else {}),
        **({"revision_error": d.error} if d.error else {}),
    }


async def draft_line(
    line: str, *, settings: Settings, policy: Policy | None = None
) -> dict[str, Any]:
    """Draft one input line; never raises for a bad line (the error goes into the output)."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"Строка не JSON: {exc}", "error_type": "InputError", "input": line}
    if not isinstance(item, dict):
        return {"error": "Строка должна быть JSON-объектом.", "error_type": "InputError"}
    try:
        text = item.get("text")
        if not isinstance(text, str):
            raise ValueError("нет поля «text» (строка)")
        channel = item.get("channel", "private")
        mode = item.get("mode", "reply")
        if channel not in _CHANNELS:
            raise ValueError(f"channel: {', '.join(_CHANNELS)}")
        if mode not in _MODES:
            raise ValueError(f"mode: {', '.join(_MODES)}")
        history = item.get("history") or ()
        if isinstance(history, str) or not isinstance(history, list | tuple):
            raise ValueError("history: список строк или объектов {role, text}")
        d = await adraft(
            text,
            nickname=item.get("nickname"),
            channel=channel,
            history=[h if isinstance(h, str | dict) else str(h) for h in history],
            notes=str(item.get("notes") or ""),
            operator=item.get("operator"),
            mode=mode,
            policy=policy,
            settings=settings,
        )
    except (AssistantError, ValueError) as exc:
        return {**item, "error": str(exc), "error_type": type(exc).__name__}
    return {**item, "draft": draft_summary(d)}


async def adraft_jsonl(
    lines: Iterable[str],
    *,
    settings: Settings,
    concurrency: int = 4,
    policy: Policy | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Draft every non-blank line; yield output objects in input order."""
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(line: str) -> dict[str, Any]:
        async with limit:
            return await draft_line(line, settings=settings, policy=policy)

    tasks = [asyncio.ensure_future(one(line)) for line in lines if line.strip()]
    try:
        for task in tasks:
            yield await task
    finally:
        for task in tasks:
            task.cancel()
