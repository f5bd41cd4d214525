"""The app under test: ``python app.py`` in a subprocess, its environment, direct handler calls.

Every app process gets its own port, database, knowledge log and data folder (nothing is
shared with another process or another pytest-xdist worker), and :meth:`AppProcess.start`
waits until the app answers HTTP. The shared, session-scoped processes are fixtures in
``tests/conftest.py``; a test that needs a configuration of its own starts one here.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from assistant.auth import UserStore
from assistant.testing.llm_server import FakeLLMServer
from tests.support import clients, prefork

ROOT = Path(__file__).resolve().parents[2]
LLM_VARS = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "ASSISTANT_BASE_URL", "ASSISTANT_API_KEY")
#: Seconds an app may take to answer after the start; generous, because on a loaded machine
#: (another pytest-xdist worker, other jobs) importing gradio and the analyzer is slow.
START_TIMEOUT = 240.0
_PORT_TAKEN = ("address already in use", "cannot find empty port", "errno 98")


#: The routes the access tests (tests/app/test_access.py, tests/hardening/test_access_app.py)
#: check without and with a login.
GET_ROUTES = [
    "/config",
    "/gradio_api/info",
    "/gradio_api/openapi.json",
    "/gradio_api/file=/etc/passwd",
    "/gradio_api/file=app.py",
    "/gradio_api/file=../../etc/passwd",
    "/gradio_api/file/app.py",
    "/gradio_api/heartbeat/abc",
    "/gradio_api/queue/data?session_hash=abc",
    "/gradio_api/call/analyze/some-event",
    "/gradio_api/upload_progress?upload_id=x",
    "/gradio_api/runs",
    "/gradio_api/user",
    "/gradio_api/token",
    "/monitoring",
    "/monitoring/summary",
    "/gradio_api/stream/abc/0/0/playlist.m3u8",
]
POST_ROUTES = [
    "/gradio_api/queue/join",
    "/gradio_api/upload",
    "/gradio_api/call/analyze",
    "/gradio_api/call/v2/analyze",
    "/gradio_api/run/analyze",
    "/gradio_api/api/analyze",
    "/gradio_api/cancel",
    "/gradio_api/reset",
    "/gradio_api/stream/abc",
    "/gradio_api/process_recording",
]


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
        self.proc: prefork.Forked | subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = START_TIMEOUT) -> AppProcess:
        """Start the app and wait until it answers; a port another process took in the
        meantime (the free port is only reserved until it is closed) means a new port."""
        for _ in range(3):
            if self._start_once(timeout):
                return self
            self.port = free_port()
        raise RuntimeError(f"app found no free port: {self._log_tail()}")

    def _start_once(self, timeout: float) -> bool:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        for name in (*LLM_VARS, "ASSISTANT_USERS_FILE", "ASSISTANT_DB_URL"):
            if name not in self.env:
                env.pop(name, None)
        with self.log.open("ab") as fh:
            self.proc = prefork.spawn(
                [str(ROOT / "app.py"), "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if any(s in self._log_tail().lower() for s in _PORT_TAKEN):
                    return False
                raise RuntimeError(f"app exited: {self._log_tail()}")
            try:
                if clients.get(self.url, timeout=5).status_code < 500 and self.proc.poll() is None:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"app did not answer within {timeout:.0f} s: {self._log_tail()}")

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

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
    """The environment of an app whose files all live in ``tmp_path``."""
    env = {
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_DB_URL": f"sqlite:///{tmp_path / 'outbox.sqlite3'}",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ASSISTANT_KNOWLEDGE_LOG": str(tmp_path / "knowledge_usage.jsonl"),
        **extra,
    }
    if llm_url:
        env.update(OPENAI_BASE_URL=llm_url, OPENAI_API_KEY="test-key", ASSISTANT_MODEL="fake-model")
    return env


@contextlib.contextmanager
def running_app(tmp_path: Path, env: dict[str, str]) -> Iterator[AppProcess]:
    """An app process for the length of the ``with`` block (its log in ``tmp_path``)."""
    proc = AppProcess(env, tmp_path / "app.log").start()
    try:
        yield proc
    finally:
        proc.stop()


@dataclass
class RunningApp:
    """A started app with what a test needs around it: its folder (``outbox.sqlite3``,
    ``app.log``, ``data/``), its users and its fake LLM."""

    proc: AppProcess
    tmp: Path
    llm: FakeLLMServer | None = None
    users: UserStore | None = None

    @property
    def base(self) -> str:
        return self.proc.url.rstrip("/")

    @property
    def db(self) -> Path:
        return self.tmp / "outbox.sqlite3"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db}"

    def login(self, user: str, password: str) -> httpx.Client:
        """An HTTP client with the session cookie of ``user``."""
        http = clients.http(base_url=self.base, timeout=20)
        response = http.post("/login", data={"username": user, "password": password})
        assert response.status_code == 200, response.text
        return http


# -- handlers called directly, without a server ------------------------------------------------


class Req:
    """Stands in for gr.Request in direct calls: only ``username`` is read."""

    def __init__(self, username: str | None = None) -> None:
        self.username = username


def drain(gen: Any) -> list[Any]:
    """Everything an async generator (a streaming handler) yields."""

    async def go() -> list[Any]:
        return [out async for out in gen]

    return asyncio.run(go())
