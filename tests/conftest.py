"""Shared fixtures: the local OpenAI-compatible server and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.config import Settings
from assistant.testing.llm_server import FakeLLMServer


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    """A fresh scripted server on a free port (default answer: the mirror model)."""
    server = FakeLLMServer(hang_limit=10.0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def llm_settings(llm_server: FakeLLMServer) -> Settings:
    """Settings for ``llm_server`` with small limits, so failure tests run fast."""
    return Settings(
        base_url=llm_server.base_url,
        api_key="test-key",
        model="fake-model",
        connect_timeout=1.0,
        read_timeout=1.0,
        deadline=6.0,
        max_retries=2,
        retry_backoff=0.02,
        max_revisions=2,
    )
