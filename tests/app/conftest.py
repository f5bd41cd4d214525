"""Fixtures of the app tests: a workspace on a temporary database, a fake LLM server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.auth import UserStore
from assistant.testing.llm_server import FakeLLMServer

LLM_VARS = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "ASSISTANT_BASE_URL", "ASSISTANT_API_KEY")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # app.py lives at the repository root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium (the browser tests are skipped without it)."""
    from tests.support.browser import CHROMIUM, CHROMIUM_FLAGS

    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def open_page(
    browser: Any, width: int, height: int, clipboard_for: str | None = None
) -> Iterator[Any]:
    """A fresh Russian-locale page of ``width``×``height`` (clipboard allowed for one origin)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    if clipboard_for:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=clipboard_for)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def users(tmp_path: Path) -> UserStore:
    """An operator (anna) and a supervisor (boris)."""
    store = UserStore(tmp_path / "users.yaml")
    store.add("anna", "a-pass", "operator")
    store.add("boris", "b-pass", "supervisor")
    return store


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server:
        yield server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppProcess:
    """``python app.py --port N`` in a subprocess, with its own environment."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 60) -> AppProcess:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        for name in (*LLM_VARS, "ASSISTANT_USERS_FILE", "ASSISTANT_DB_URL"):
            if name not in self.env:
                env.pop(name, None)
        with self.log.open("ab") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py"), "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited: {self.log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(self.url, timeout=1).status_code < 500:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"app did not start: {self.log.read_text(errors='replace')[-3000:]}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def app_env(tmp_path: Path, llm_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {
        "ASSISTANT_DB_URL": f"sqlite:///{tmp_path / 'outbox.sqlite3'}",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ASSISTANT_KNOWLEDGE_LOG": str(tmp_path / "knowledge_usage.jsonl"),
        **extra,
    }
    if llm_url:
        env.update(OPENAI_BASE_URL=llm_url, OPENAI_API_KEY="test-key", ASSISTANT_MODEL="fake-model")
    return env


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
