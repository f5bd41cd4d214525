"""LLM fault scenarios: what the local server does, what the drafter must end in.

Shared by ``test_llm_faults.py`` (each scenario once, in ``make test``), the soak suite
(each scenario several times) and the README table::

    .venv/bin/python -m tests.hardening.faults      # prints the Markdown table

Every scenario runs a whole ``astream_draft`` against the local OpenAI-compatible server
(real HTTP, the real openai client) and records the outcome: the typed error (or an
incomplete draft), the time it took, and how many requests the server received.
:func:`run_all` runs the scenarios at once, each on its own server, loop and thread: they
share nothing and mostly wait on their timers, so a round takes as long as the slowest one.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from assistant.config import Settings
from assistant.drafter import Draft, astream_draft
from assistant.errors import (
    LLMBadResponseError,
    LLMError,
    LLMNotConfiguredError,
    LLMRateLimitedError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from assistant.testing.llm_server import Behaviour, FakeLLMServer

REPLY = "Ольга, проверили платёж: деньги уже на карте, можно пользоваться."
LONG = " ".join(["Ольга, проверили платёж и всё исправили."] * 12)
MESSAGE = "Ольга. Платёж не прошёл, деньги списались, что делать?"

#: A cut draft: what the operator already saw is kept, marked incomplete.
INCOMPLETE = "incomplete"
OK = "ok"

#: The limits every scenario starts from (the ``llm_settings`` fixture's, made explicit).
BASE: dict[str, Any] = {
    "api_key": "test-key",
    "model": "fake-model",
    "connect_timeout": 1.0,
    "read_timeout": 1.0,
    "deadline": 6.0,
    "max_retries": 2,
    "retry_backoff": 0.02,
    "max_revisions": 0,
}


@dataclass(frozen=True)
class Fault:
    """One fault: the server's behaviour (for every request) and the expected end."""

    name: str
    behaviour: Behaviour | None  # None: nothing listens on the port (connection refused)
    expect: type[LLMError] | str
    requests: int | None  # how many requests the server must have received
    limits: dict[str, float] = field(default_factory=dict)
    first: tuple[Behaviour, ...] = ()  # scripted before ``behaviour`` (e.g. one 503)

    def settings(self, base_url: str) -> Settings:
        return Settings(base_url=base_url, **{**BASE, **self.limits})


FAULTS: list[Fault] = [
    Fault("hang: no answer at all", Behaviour.hanging(), LLMTimeoutError, 1,
          {"read_timeout": 0.5, "deadline": 3.0}),
    Fault("slow start beyond the deadline", Behaviour.reply(REPLY, delay=10), LLMTimeoutError,
          1, {"read_timeout": 30.0, "deadline": 2.0}),
    Fault("stall after the first tokens", Behaviour.hanging(after_chunks=2, text=REPLY),
          INCOMPLETE, 1, {"read_timeout": 0.5, "deadline": 3.0}),
    Fault("slow drip: gap between chunks > read timeout",
          Behaviour.reply(REPLY, chunk_delay=1.5), INCOMPLETE, 1,
          {"read_timeout": 0.5, "deadline": 4.0}),
    Fault("slow drip: total over the deadline", Behaviour.reply(LONG, chunk_delay=0.2),
          INCOMPLETE, 1, {"read_timeout": 1.0, "deadline": 2.0}),
    Fault("429 with Retry-After 0.2 s", Behaviour.rate_limited(retry_after=0.2),
          LLMRateLimitedError, 3),
    Fault("429 with Retry-After beyond the deadline", Behaviour.rate_limited(retry_after=60),
          LLMRateLimitedError, 1),
    Fault("429 without Retry-After", Behaviour.rate_limited(retry_after=None),
          LLMRateLimitedError, 3),
    Fault("500 every time", Behaviour.error(500), LLMUnavailableError, 3),
    Fault("503 once, then an answer", Behaviour.reply(REPLY), OK, 2,
          first=(Behaviour.error(503),)),
    Fault("400 bad request", Behaviour.error(400), LLMBadResponseError, 1),
    Fault("401 bad key", Behaviour.error(401), LLMNotConfiguredError, 1),
    Fault("garbage instead of JSON", Behaviour.garbage_body(), LLMBadResponseError, 1),
    Fault("SSE stream cut after the first tokens", Behaviour.cut(REPLY, after=3), INCOMPLETE,
          1),
    Fault("SSE stream cut before any token", Behaviour.cut(REPLY, after=0),
          LLMUnavailableError, 3),
    Fault("connection refused", None, LLMUnavailableError, None),
]  # fmt: skip


@dataclass
class Outcome:
    fault: Fault
    got: str  # the error class name, OK or INCOMPLETE
    seconds: float
    requests: int | None
    deadline: float
    chunks: list[str]
    draft: Draft | None
    error: LLMError | None

    @property
    def expected(self) -> str:
        e = self.fault.expect
        return e if isinstance(e, str) else e.__name__

    @property
    def passed(self) -> bool:
        in_time = self.seconds <= self.deadline + 2.0
        counted = self.fault.requests is None or self.requests == self.fault.requests
        return self.got == self.expected and in_time and counted


async def _drive(settings: Settings) -> tuple[list[str], Draft]:
    chunks: list[str] = []
    async for item in astream_draft(MESSAGE, nickname="Ольга", settings=settings):
        if isinstance(item, str):
            chunks.append(item)
        elif isinstance(item, Draft):
            return chunks, item
    raise AssertionError("no draft")


@contextlib.contextmanager
def _refusing_port() -> Iterator[int]:
    """A port that refuses connections: bound and held, never listening, so no other server
    of a round (or another test process) can take it meanwhile."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def run(fault: Fault, server_factory: Callable[[], FakeLLMServer] | None = None) -> Outcome:
    """Run ``fault`` once against a fresh local server; never raises on the fault itself."""
    with contextlib.ExitStack() as stack:
        server: FakeLLMServer | None = None
        if fault.behaviour is not None:
            factory = server_factory or (lambda: FakeLLMServer(hang_limit=15.0))
            server = stack.enter_context(factory())
            server.default = fault.behaviour
            server.script(*fault.first)
            base_url = server.base_url
        else:
            base_url = f"http://127.0.0.1:{stack.enter_context(_refusing_port())}/v1"
        settings = fault.settings(base_url)
        chunks: list[str] = []
        result: Draft | None = None
        error: LLMError | None = None
        started = time.monotonic()
        try:
            chunks, result = asyncio.run(_drive(settings))
            got = INCOMPLETE if result.incomplete else OK
        except LLMError as exc:
            error = exc
            got = type(exc).__name__
        seconds = time.monotonic() - started
        requests = None if server is None else len(server.completions())
    return Outcome(fault, got, seconds, requests, settings.deadline, chunks, result, error)


#: Run before a round: a process's first draft imports the LLM client and loads the analyzer
#: (about 1.5 s). Scenarios started together would all wait for that and time it, not the fault.
WARM_UP = Fault("warm-up: one refused request", Behaviour.error(400), LLMBadResponseError, 1)


def run_all(faults: Sequence[Fault] = FAULTS) -> list[Outcome]:
    """Run every fault once, all at the same time (after :data:`WARM_UP`); the outcomes in the
    order of ``faults``."""
    warm = run(WARM_UP)
    assert warm.passed, f"the warm-up draft did not end as expected: {warm.got}"
    with ThreadPoolExecutor(max_workers=len(faults), thread_name_prefix="fault") as pool:
        return list(pool.map(run, faults))


def run_rounds(runs: int, faults: Sequence[Fault] = FAULTS) -> list[list[Outcome]]:
    """``runs`` rounds of :func:`run_all`: one row per fault, its outcomes in round order."""
    rounds = [run_all(faults) for _ in range(runs)]
    return [list(row) for row in zip(*rounds, strict=True)]


def table(outcomes: list[list[Outcome]]) -> str:
    """A Markdown table: one row per fault, the slowest of its runs."""
    lines = [
        "| Fault | Ends in | Deadline, s | Observed, s (max of runs) | Requests | Runs | OK |",
        "|---|---|---|---|---|---|---|",
    ]
    for runs in outcomes:
        first = runs[0]
        worst = max(o.seconds for o in runs)
        requests = "—" if first.requests is None else str(first.requests)
        ok = sum(o.passed for o in runs)
        lines.append(
            f"| {first.fault.name} | {first.expected} | {first.deadline:g} | {worst:.2f} "
            f"| {requests} | {len(runs)} | {ok}/{len(runs)} |"
        )
    return "\n".join(lines)


def main(runs: int = 3) -> int:
    outcomes = run_rounds(runs)
    print(table(outcomes))
    return 0 if all(o.passed for rows in outcomes for o in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
