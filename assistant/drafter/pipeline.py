"""The drafter's public functions: ``draft``, ``adraft`` and ``astream_draft``.

The walk from a message to a draft goes forward through three modules:
:mod:`~assistant.drafter.inputs` checks every input once and builds the
:class:`~assistant.drafter.inputs.DraftContext` (normalise → analyze → style card → mask →
prompt values), :mod:`~assistant.drafter.loop` streams, cleans, unmasks, lints and revises
each variant, and this module chooses the options and runs the two.

``draft``/``adraft`` return a :class:`~assistant.drafter.models.Draft`; ``astream_draft``
yields text chunks as they arrive (``str``), a :class:`Revising` marker before each
revision, and finally the ``Draft``. Whatever findings remain are returned, never hidden.
Personal data is masked before anything leaves the process and restored in the text the
operator gets; the canary of the system prompt is stripped.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence

from typing_extensions import Unpack

from assistant.drafter.inputs import (
    DATA_WARNING,
    ConversationOptions,
    DraftContext,
    HistoryItem,
    check_length,
    check_text,
    history_lines,
    prepare_context,
    recent_history,
)
from assistant.drafter.loop import (
    LEAK_FINDING,
    astream_context,
    last_of,
    needs_revision,
    render_findings,
)
from assistant.drafter.models import Draft, Mode, Revising
from assistant.llm.client import run_sync

__all__ = [
    # moved to inputs.py / loop.py; re-exported here for callers of the old module
    "DATA_WARNING",
    "LEAK_FINDING",
    "ConversationOptions",
    "DraftContext",
    "DraftOptions",
    "HistoryItem",
    "ReplyOptions",
    "adraft",
    "astream_draft",
    "check_length",
    "check_text",
    "draft",
    "history_lines",
    "last_of",
    "needs_revision",
    "prepare_draft",
    "recent_history",
    "render_findings",
]


class ReplyOptions(ConversationOptions, total=False):
    """The keyword options of :func:`astream_draft` besides ``variants``.

    ``mode="reply"`` (or ``"holding"``); ``mirror=True`` (``False``: no style card);
    ``knowledge=True`` (``False``: no knowledge-base articles, no style exemplars);
    ``exclude_sources``: article ids the operator left out.
    """

    mode: Mode
    mirror: bool
    knowledge: bool
    exclude_sources: Sequence[str]


class DraftOptions(ReplyOptions, total=False):
    """Keyword options of :func:`draft` and :func:`adraft` (``variants`` defaults to 1)."""

    variants: int


def prepare_draft(
    message: str,
    *,
    mode: Mode = "reply",
    mirror: bool = True,
    knowledge: bool = True,
    exclude_sources: Sequence[str] = (),
    **conversation: Unpack[ConversationOptions],
) -> DraftContext:
    """The checked inputs and everything decided before the model, for a draft."""
    started = time.perf_counter()
    if mode not in ("reply", "holding"):
        raise ValueError(f"mode must be 'reply' or 'holding', not {mode!r}")
    # mirror=False: the eval's ablation, the same draft without the style card
    return prepare_context(
        message,
        mode=mode,
        mirror=mirror,
        knowledge=knowledge,
        exclude_sources=exclude_sources,
        started=started,
        **conversation,
    )


_prepare_draft = prepare_draft  # the name tests/hardening imports


async def astream_draft(
    message: str, *, variants: int = 1, **options: Unpack[ReplyOptions]
) -> AsyncIterator[str | Revising | Draft]:
    """Yield text chunks as they arrive (``str``), ``Revising`` markers, then the ``Draft``.

    ``mirror=False`` drafts without the customer's style card (the eval's baseline).
    """
    ctx = prepare_draft(message, **options)
    async for item in astream_context(ctx, max(1, variants)):
        yield item


async def adraft(message: str, **options: Unpack[DraftOptions]) -> Draft:
    """Draft a reply to ``message`` (see the module docs for the loop)."""
    return await last_of(astream_draft(message, **options), Draft)


def draft(message: str, **options: Unpack[DraftOptions]) -> Draft:
    """Blocking :func:`adraft` (safe to call from inside a running event loop too)."""
    return run_sync(adraft(message, **options))
