"""Streaming one chat completion under a deadline, with retries and typed errors.

:func:`astream_chat` yields the text chunks as they arrive and finally a
:class:`ChatResult`. Before the first chunk, connection errors, 429 and 5xx are retried
(at most ``max_retries`` times, backing off, honouring ``Retry-After`` when it fits in the
deadline). After the first chunk nothing is retried: a cut stream, a stall or the deadline
end the call with ``incomplete=True`` and the text received so far — the operator never
loses text that was already shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import LLMBadResponseError, LLMError, LLMRateLimitedError, LLMTimeoutError
from assistant.llm.errors import is_retryable, map_error

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

Message = tuple[str, str]


@dataclass(frozen=True)
class ChatResult:
    """The outcome of one streamed completion."""

    text: str
    incomplete: bool
    finish_reason: str | None
    model: str | None
    first_token_ms: float | None
    duration_ms: float
    tries: int
    error: str | None = None


async def astream_chat(
    model: BaseChatModel,
    messages: Sequence[Message],
    *,
    settings: Settings,
) -> AsyncIterator[str | ChatResult]:
    """Stream ``messages`` through ``model``: ``str`` chunks, then one :class:`ChatResult`."""
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    end = loop.time() + settings.deadline
    tries = 0
    while True:
        tries += 1
        parts: list[str] = []
        first_ms: float | None = None
        finish: str | None = None
        model_name: str | None = None
        stream = model.astream(list(messages)).__aiter__()
        failure: LLMError | None = None
        try:
            while True:
                remaining = end - loop.time()
                if remaining <= 0:
                    raise TimeoutError("deadline")
                try:
                    async with asyncio.timeout(remaining):
                        chunk = await anext(stream)
                except StopAsyncIteration:
                    break
                meta: dict[str, Any] = getattr(chunk, "response_metadata", None) or {}
                finish = meta.get("finish_reason") or finish
                model_name = meta.get("model_name") or model_name
                text = _chunk_text(getattr(chunk, "content", ""))
                if text:
                    if first_ms is None:
                        first_ms = (time.perf_counter() - started) * 1000
                    parts.append(text)
                    yield text
        except (asyncio.CancelledError, GeneratorExit):
            raise
        except Exception as exc:
            failure = _deadline_error(exc, settings) if loop.time() >= end else map_error(exc)
            if not isinstance(exc, LLMError):
                failure.__cause__ = exc
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                with contextlib.suppress(Exception):  # a broken stream may fail to close too
                    await aclose()

        duration = (time.perf_counter() - started) * 1000
        if parts:
            # Text already reached the caller: never retry, never throw it away.
            yield ChatResult(
                text="".join(parts),
                incomplete=failure is not None or finish is None,
                finish_reason=finish,
                model=model_name,
                first_token_ms=first_ms,
                duration_ms=duration,
                tries=tries,
                error=str(failure) if failure is not None else None,
            )
            return
        if failure is None:
            raise LLMBadResponseError("Модель вернула пустой ответ.")
        if is_retryable(failure) and tries <= settings.max_retries:
            pause = _pause(failure, tries, settings)
            if loop.time() + pause < end:
                await asyncio.sleep(pause)
                continue
        raise failure


def _pause(error: LLMError, tries: int, settings: Settings) -> float:
    if isinstance(error, LLMRateLimitedError) and error.retry_after is not None:
        return error.retry_after
    base = settings.retry_backoff * (2 ** (tries - 1))
    return float(base * (0.75 + random.random() / 2))


def _deadline_error(exc: BaseException, settings: Settings) -> LLMError:
    error = map_error(exc)
    if isinstance(error, LLMTimeoutError):
        return LLMTimeoutError(
            f"Модель не уложилась в {settings.deadline:g} с на ответ (ASSISTANT_DEADLINE)."
        )
    return error


def _chunk_text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        out = []
        for block in content:
            if isinstance(block, str):
                out.append(block)
            elif isinstance(block, dict) and isinstance(block.get("text"), str):
                out.append(block["text"])
        return "".join(out)
    return ""


async def achat(
    model: BaseChatModel, messages: Sequence[Message], *, settings: Settings
) -> ChatResult:
    """Run :func:`astream_chat` to the end and return its result."""
    async for item in astream_chat(model, messages, settings=settings):
        if isinstance(item, ChatResult):
            return item
    raise LLMBadResponseError("Модель вернула пустой ответ.")  # pragma: no cover
