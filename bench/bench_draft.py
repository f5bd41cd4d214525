"""Drafting speed against the local OpenAI-compatible server (real HTTP, real client).

* pipeline overhead per draft (everything but waiting for the model: normalisation,
  analysis, masking, prompt, stream handling, unmasking, one lint), server answering at once;
* how long a streamed chunk takes from the server writing it to the caller of
  ``astream_draft`` receiving it;
* 100 drafts through the JSONL batch path at concurrency 16, the server taking 1 s each.
"""

from __future__ import annotations

import json
import time

from assistant.config import Settings
from assistant.drafter import Draft, adraft, astream_draft
from assistant.drafter.batch import adraft_jsonl
from assistant.llm.client import run_sync
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from bench.common import Row, percentile

MESSAGE = "Добрый день! Списали деньги два раза за один заказ, верните, пожалуйста 🙂"
NOTES = "одобрен возврат второго списания, деньги вернутся за 3 дня"
REPLY = "Добрый день, Ольга! Второе списание отменили, деньги вернутся за 3 дня."
WORDS = [f"слово{i} " for i in range(40)]


def _settings(server: FakeLLMServer, **kw: object) -> Settings:
    return Settings(base_url=server.base_url, api_key="bench", read_timeout=10, deadline=30, **kw)  # type: ignore[arg-type]


async def _overhead(server: FakeLLMServer, n: int) -> tuple[list[float], list[float]]:
    settings = _settings(server, max_revisions=0)
    out: list[float] = []
    totals: list[float] = []
    for i in range(n + 5):
        message = f"{MESSAGE} Заказ {1000 + i}, оплачивал картой."  # no cache can help
        d = await adraft(message, nickname="Ольга", notes=NOTES, settings=settings)
        if i >= 5:  # warm-up: imports, rule loading, the first connection
            out.append(d.timings.overhead)
            totals.append(d.timings.total)
    return out, totals


async def _chunk_latency(server: FakeLLMServer, rounds: int) -> list[float]:
    settings = _settings(server, max_revisions=0)
    latencies: list[float] = []
    for _ in range(rounds):
        server.reset()
        server.script(Behaviour.reply("".join(WORDS), chunks=WORDS, chunk_delay=0.005))
        received: list[tuple[int, float]] = []  # (cumulative length, perf_counter)
        length = 0
        async for item in astream_draft(MESSAGE, nickname="Ольга", settings=settings):
            if isinstance(item, str):
                length += len(item)
                received.append((length, time.perf_counter()))
            elif isinstance(item, Draft):
                break
        sent = 0
        for chunk in server.chunks_sent:
            sent += len(chunk.text)
            arrival = next((t for n, t in received if n >= sent), None)
            if arrival is not None:
                latencies.append((arrival - chunk.at) * 1000)
    return latencies


async def _batch(server: FakeLLMServer, n: int, concurrency: int) -> float:
    settings = _settings(server)
    lines = [
        json.dumps({"id": i, "text": MESSAGE, "nickname": "Ольга", "notes": NOTES})
        for i in range(n)
    ]
    started = time.perf_counter()
    rows = [row async for row in adraft_jsonl(lines, settings=settings, concurrency=concurrency)]
    elapsed = time.perf_counter() - started
    failed = [r for r in rows if "draft" not in r]
    if failed:
        raise RuntimeError(f"batch failures: {failed[:2]}")
    return elapsed


def run() -> list[Row]:
    rows: list[Row] = []
    with FakeLLMServer(default=Behaviour.reply(REPLY)) as server:
        overhead, totals = run_sync(_overhead(server, 60))
        rows.append(
            Row("draft", "pipeline overhead p50 (1 lint)", percentile(overhead, 50), "ms", 20)
        )
        rows.append(Row("draft", "pipeline overhead p95", percentile(overhead, 95), "ms"))
        rows.append(
            Row("draft", "whole draft p50 (instant local server)", percentile(totals, 50), "ms")
        )
        latency = run_sync(_chunk_latency(server, 5))
        rows.append(Row("draft", "chunk server→caller p50", percentile(latency, 50), "ms"))
        rows.append(Row("draft", "chunk server→caller max", max(latency), "ms", 50))
    with FakeLLMServer(default=Behaviour.reply(REPLY), delay=1.0) as slow:
        elapsed = run_sync(_batch(slow, 100, 16))
        rows.append(Row("draft", "100 drafts, 1 s model, concurrency 16", elapsed, "s", 10))
    return rows


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
