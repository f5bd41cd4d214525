"""The one client factory: a langchain-openai ``ChatOpenAI`` with explicit limits.

Limits, from :class:`~assistant.config.Settings`:

* ``connect_timeout`` (≈5 s) to open the connection;
* ``read_timeout`` between two reads *and* between two streamed chunks
  (``stream_chunk_timeout``, which SSE keep-alive comments do not reset);
* ``deadline`` for a whole call, retries included — enforced by
  :func:`assistant.llm.stream.astream_chat`, because the client's ``timeout`` bounds each
  read, not the call;
* retries (``max_retries`` ≤ 2) are done by :mod:`assistant.llm.stream`, only on connection
  errors, 429 and 5xx, honouring ``Retry-After`` when it fits in the deadline. The client's
  own retries are switched off (``max_retries=0``): openai-python would also retry read
  timeouts, 408 and 409, and sleep up to two minutes on a ``Retry-After`` regardless of our
  deadline. (It never retries 400/401 either: its ``_should_retry`` only accepts 408, 409,
  429 and ≥ 500.)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import ssl
import weakref
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.config import Settings, get_settings
from assistant.errors import LLMNotConfiguredError

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

#: A key local servers (vLLM, Ollama, the fake server) accept when none is configured.
PLACEHOLDER_KEY = "not-needed"

T = TypeVar("T")
_Key = tuple[Settings, float | None]
#: Models cached on the event loop object itself, so they die with their loop.
_LOOP_ATTR = "_assistant_chat_models"
_fallback: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[_Key, ChatOpenAI]] = (
    weakref.WeakKeyDictionary()
)


def ensure_configured(settings: Settings) -> None:
    if not settings.llm_configured:
        raise LLMNotConfiguredError(
            "Модель не настроена: задайте OPENAI_BASE_URL (адрес OpenAI-совместимого "
            "сервера) и/или OPENAI_API_KEY, а также ASSISTANT_MODEL."
        )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The system's trust store (``SSL_CERT_FILE``/``SSL_CERT_DIR`` honoured), loaded once
    per process.

    Each HTTP client would otherwise load it again (about 30 ms), and clients are made per
    event loop: every call of the synchronous ``draft()`` or ``rewrite()`` runs a loop of
    its own, so a caller drafting in a loop paid that for every message.

    The clients made here are openai's defaults with this context. langchain-openai's TCP
    keep-alive options do not apply to them, and need not: ``read_timeout`` and ``deadline``
    end a call to a silent server long before keep-alive would notice it.
    """
    return ssl.create_default_context()


def make_chat_model(
    settings: Settings | None = None, *, temperature: float | None = None
) -> ChatOpenAI:
    """A new ``ChatOpenAI`` for ``settings`` (streaming, limits set, client retries off)."""
    import openai
    from langchain_openai import ChatOpenAI

    settings = settings or get_settings()
    ensure_configured(settings)
    timeout = openai.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )
    return ChatOpenAI(
        model=settings.model,
        api_key=settings.api_key or PLACEHOLDER_KEY,
        base_url=settings.base_url,
        temperature=settings.temperature if temperature is None else temperature,
        timeout=timeout,
        max_retries=0,
        streaming=True,
        stream_usage=False,
        stream_chunk_timeout=settings.read_timeout,
        http_client=openai.DefaultHttpxClient(verify=tls_context()),
        http_async_client=openai.DefaultAsyncHttpxClient(verify=tls_context()),
    )


def _models_of(loop: asyncio.AbstractEventLoop) -> dict[_Key, ChatOpenAI]:
    models: dict[_Key, ChatOpenAI] | None = getattr(loop, _LOOP_ATTR, None)
    if models is None:
        models = {}
        try:
            setattr(loop, _LOOP_ATTR, models)
        except AttributeError:  # loops without a __dict__ (uvloop)
            models = _fallback.setdefault(loop, models)
    return models


def chat_model_for_loop(settings: Settings, *, temperature: float | None = None) -> ChatOpenAI:
    """A ``ChatOpenAI`` shared by the calls of the running event loop (pooled connections).

    The async HTTP client's connections belong to one event loop, so models are cached
    on the loop and dropped with it; :func:`aclose_loop_models` closes them early.
    """
    models = _models_of(asyncio.get_running_loop())
    key = (settings, temperature)
    model = models.get(key)
    if model is None:
        model = models[key] = make_chat_model(settings, temperature=temperature)
    return model


async def aclose_loop_models() -> None:
    """Close the HTTP clients of the models cached on the running loop."""
    models = _models_of(asyncio.get_running_loop())
    cached = list(models.values())
    models.clear()
    for model in cached:
        client = getattr(model, "root_async_client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from synchronous code, on a loop of its own (in a worker
    thread if this thread already runs one); the loop's HTTP clients are closed after."""

    async def main() -> T:
        try:
            return await coro
        finally:
            await aclose_loop_models()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()
