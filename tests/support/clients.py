"""HTTP clients of the tests (httpx and gradio_client), all with the process's one trust store.

httpx loads a TLS trust store for every client it makes, plain-HTTP ones included: about
25 ms of CPU each. The app tests make well over a thousand clients (every readiness poll, raw
API call and plain request, and several per ``gradio_client.Client``: its config fetch,
heartbeat, uploads and streams), and that was some 30 s of the suite's CPU. Here each client
gets :func:`assistant.llm.client.tls_context`, the one context the product's LLM clients
share. ``tests/support/test_clients.py`` checks that test code makes its clients here.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from unittest import mock

import httpx

from assistant.llm.client import tls_context

if TYPE_CHECKING:
    from gradio_client import Client


def http(**kwargs: Any) -> httpx.Client:
    """``httpx.Client(**kwargs)``."""
    return httpx.Client(verify=tls_context(), **kwargs)


def get(url: str, **kwargs: Any) -> httpx.Response:
    """``httpx.get(url, **kwargs)``."""
    return httpx.get(url, verify=tls_context(), **kwargs)


def post(url: str, **kwargs: Any) -> httpx.Response:
    """``httpx.post(url, **kwargs)``."""
    return httpx.post(url, verify=tls_context(), **kwargs)


def gradio(url: str, **kwargs: Any) -> Client:
    """``gradio_client.Client(url, verbose=False, **kwargs)``.

    gradio_client hands its ``ssl_verify`` to every httpx call it makes (config, heartbeat,
    uploads, streams) as ``verify``, which takes a context as well as a bool.
    """
    from gradio_client import Client

    return Client(url, verbose=False, ssl_verify=tls_context(), **kwargs)  # type: ignore[arg-type]


def trust_store(client: httpx.Client | httpx.AsyncClient) -> ssl.SSLContext:
    """The TLS context ``client`` verifies servers with (its connection pool's)."""
    return client._transport._pool._ssl_context  # type: ignore[attr-defined,no-any-return]


@contextlib.contextmanager
def trust_stores_built() -> Iterator[list[object]]:
    """Records every trust store built inside the block (the shared one is built before)."""
    tls_context()
    built: list[object] = []
    real = ssl.create_default_context

    def counted(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        built.append(args or kwargs)
        return real(*args, **kwargs)

    with mock.patch.object(ssl, "create_default_context", counted):
        yield built
