"""Fixtures of the app tests: users, a fake LLM server, app processes of one test
(the helpers are in tests/support/app.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.auth import UserStore
from assistant.testing.llm_server import FakeLLMServer
from tests.support.app import AppProcess
from tests.support.users import user_store


@pytest.fixture
def users(tmp_path: Path) -> UserStore:
    """An operator (anna) and a supervisor (boris), passwords ``anna-pass`` and ``boris-pass``."""
    return user_store(tmp_path / "users.yaml", {"anna": "operator", "boris": "supervisor"})


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def start_app(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], AppProcess]]:
    """A factory: ``start_app(env) -> AppProcess``; every process is stopped afterwards."""
    started: list[AppProcess] = []

    def start(env: dict[str, str]) -> AppProcess:
        proc = AppProcess(env, tmp_path / f"app-{len(started)}.log").start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()
