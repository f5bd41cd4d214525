"""Quick rewrites of the operator's current reply: shorter, warmer, more formal, simpler, or
a free instruction — through the same masking, style card, lint and repair loop as a draft.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Required

from typing_extensions import Unpack

from assistant.config import get_settings
from assistant.drafter.guard import as_data, clean_chars
from assistant.drafter.inputs import (
    ConversationOptions,
    DraftContext,
    check_length,
    check_text,
    prepare_context,
    style_card_value,
)
from assistant.drafter.loop import astream_context, last_of
from assistant.drafter.models import Draft, Revising
from assistant.drafter.prompts import load_prompt
from assistant.llm.client import run_sync

PRESETS = ("shorter", "warmer", "formal", "simpler")


class RewriteOptions(ConversationOptions, total=False):
    """Keyword options of :func:`rewrite`, :func:`arewrite` and :func:`astream_rewrite`:
    ``message`` (the customer's message, required) and the conversation, as for a draft."""

    message: Required[str]


def prepare_rewrite(
    reply: str,
    how: str,
    *,
    message: str,
    **conversation: Unpack[ConversationOptions],
) -> DraftContext:
    """The checked inputs and everything decided before the model, for a rewrite."""
    started = time.perf_counter()
    settings = conversation.get("settings") or get_settings()
    conversation["settings"] = settings
    cleaned_reply = check_text(reply, settings, what="Ответ оператора")
    check_length(how, settings)
    ctx = prepare_context(message, started=started, **conversation)
    prompt = load_prompt("rewrite", ctx.settings.prompts_dir)
    instruction = prompt.presets.get(how)
    if instruction is None:
        instruction = as_data(ctx.masker.mask(clean_chars(how))).strip()
        if not instruction:
            raise ValueError(f"how: one of {', '.join(PRESETS)} or a free instruction")
    shared = ("channel", "message", "notes", "data_warning")
    preset = how if how in prompt.presets else None
    task_values = {
        **{k: ctx.values[k] for k in shared},
        "style_card": style_card_value(
            ctx.card, ctx.masker, channel=ctx.channel, task="rewrite", how=preset
        ),
        "reply": as_data(ctx.masker.mask(cleaned_reply)),
        "instruction": instruction,
    }
    return ctx.for_task("rewrite", task_values)


_prepare_rewrite = prepare_rewrite  # the name tests/hardening imports


async def astream_rewrite(
    reply: str, how: str, **options: Unpack[RewriteOptions]
) -> AsyncIterator[str | Revising | Draft]:
    """Like :func:`assistant.drafter.astream_draft`, for a rewrite of ``reply``."""
    ctx = prepare_rewrite(reply, how, **options)
    async for item in astream_context(ctx, 1):
        yield item


async def arewrite(reply: str, how: str, **options: Unpack[RewriteOptions]) -> Draft:
    """Rewrite ``reply`` as ``how`` says (a preset name or a free instruction)."""
    return await last_of(astream_rewrite(reply, how, **options), Draft)


def rewrite(reply: str, how: str, **options: Unpack[RewriteOptions]) -> Draft:
    """Blocking :func:`arewrite`."""
    return run_sync(arewrite(reply, how, **options))
