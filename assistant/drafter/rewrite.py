"""Quick rewrites of the operator's current reply: shorter, warmer, more formal, simpler, or
a free instruction — through the same masking, style card, lint and repair loop as a draft.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence

from assistant.config import Settings, get_settings
from assistant.drafter.guard import as_data, clean_chars
from assistant.drafter.models import Draft, Revising
from assistant.drafter.pipeline import (
    HistoryItem,
    _astream_job,
    _common,
    _Job,
    _job,
    check_length,
    check_text,
    run_sync,
)
from assistant.drafter.prompts import load_prompt
from assistant.lint.models import Channel, Policy

PRESETS = ("shorter", "warmer", "formal", "simpler")


def _prepare_rewrite(
    reply: str,
    how: str,
    *,
    message: str,
    nickname: str | None,
    channel: Channel,
    history: Sequence[HistoryItem],
    notes: str,
    operator: str | None,
    policy: Policy | None,
    settings: Settings | None,
) -> _Job:
    started = time.perf_counter()
    settings = settings or get_settings()
    cleaned_reply = check_text(reply, settings, what="Ответ оператора")
    check_length(how, settings)
    settings, policy, profile, card, masker, values = _common(
        message,
        nickname=nickname,
        channel=channel,
        history=history,
        notes=notes,
        operator=operator,
        policy=policy,
        settings=settings,
    )
    prompt = load_prompt("rewrite", settings.prompts_dir)
    instruction = prompt.presets.get(how)
    if instruction is None:
        instruction = as_data(masker.mask(clean_chars(how))).strip()
        if not instruction:
            raise ValueError(f"how: one of {', '.join(PRESETS)} or a free instruction")
    task_values = {
        "style_card": values["style_card"],
        "channel": values["channel"],
        "message": values["message"],
        "notes": values["notes"],
        "data_warning": values["data_warning"],
        "reply": as_data(masker.mask(cleaned_reply)),
        "instruction": instruction,
    }
    return _job(
        mode="rewrite",
        task_id="rewrite",
        values=task_values,
        settings=settings,
        policy=policy,
        channel=channel,
        nickname=nickname,
        notes=notes,
        profile=profile,
        card=card,
        masker=masker,
        started=started,
    )


async def astream_rewrite(
    reply: str,
    how: str,
    *,
    message: str,
    nickname: str | None = None,
    channel: Channel = "private",
    history: Sequence[HistoryItem] = (),
    notes: str = "",
    operator: str | None = None,
    policy: Policy | None = None,
    settings: Settings | None = None,
) -> AsyncIterator[str | Revising | Draft]:
    """Like :func:`assistant.drafter.astream_draft`, for a rewrite of ``reply``."""
    job = _prepare_rewrite(
        reply,
        how,
        message=message,
        nickname=nickname,
        channel=channel,
        history=history,
        notes=notes,
        operator=operator,
        policy=policy,
        settings=settings,
    )
    async for item in _astream_job(job, 1):
        yield item


async def arewrite(
    reply: str,
    how: str,
    *,
    message: str,
    nickname: str | None = None,
    channel: Channel = "private",
    history: Sequence[HistoryItem] = (),
    notes: str = "",
    operator: str | None = None,
    policy: Policy | None = None,
    settings: Settings | None = None,
) -> Draft:
    """Rewrite ``reply`` as ``how`` says (a preset name or a free instruction)."""
    async for item in astream_rewrite(
        reply,
        how,
        message=message,
        nickname=nickname,
        channel=channel,
        history=history,
        notes=notes,
        operator=operator,
        policy=policy,
        settings=settings,
    ):
        if isinstance(item, Draft):
            return item
    raise AssertionError("rewrite stream ended without a draft")  # pragma: no cover


def rewrite(
    reply: str,
    how: str,
    *,
    message: str,
    nickname: str | None = None,
    channel: Channel = "private",
    history: Sequence[HistoryItem] = (),
    notes: str = "",
    operator: str | None = None,
    policy: Policy | None = None,
    settings: Settings | None = None,
) -> Draft:
    """Blocking :func:`arewrite`."""
    return run_sync(
        arewrite(
            reply,
            how,
            message=message,
            nickname=nickname,
            channel=channel,
            history=history,
            notes=notes,
            operator=operator,
            policy=policy,
            settings=settings,
        )
    )
