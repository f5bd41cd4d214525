"""assistant.jsonl: the line format shared by ``analyze|lint|draft --jsonl``."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

from assistant.errors import EmptyTextError
from assistant.jsonl import aiter_jsonl, run_jsonl


def _upper(record: dict[str, Any], text: str) -> str:
    if not text.strip():
        raise EmptyTextError("пусто")
    return text.upper()


def test_bad_lines_answer_with_errors_and_keep_keys() -> None:
    lines = [
        b'{"id": 1, "text": "ok", "result": "old"}\n',
        b"{not json\n",
        b"\n",
        b"[1]\n",
        b'{"id": 5, "text": 7}\n',
        b'{"id": 6, "text": " ", "line": "mine"}\n',
        b"\xff\xfe\n",
        b'{"text": "\\ud800"}\n',
    ]
    out = io.StringIO()
    assert run_jsonl(lines, out, "result", _upper) == 5
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0] == {"id": 1, "text": "ok", "result": "OK"}
    assert rows[1]["line"] == 2 and "JSON" in rows[1]["error"]
    assert rows[2]["line"] == 4 and rows[2]["error_type"] == "InputError"
    assert rows[3] == {"id": 5, "text": 7, "error": rows[3]["error"], "error_type": "InputError",
                       "line": 5}  # fmt: skip
    assert rows[4]["line"] == "mine" and rows[4]["error_type"] == "EmptyTextError"
    assert "UTF-8" in rows[5]["error"] and rows[5]["line"] == 7
    assert rows[6]["result"] == "\ud800".upper() and "\\ud800" in out.getvalue()


def test_async_keeps_input_order_with_bounded_concurrency() -> None:
    running = 0
    peak = 0

    async def slow(record: dict[str, Any], text: str) -> str:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01 * (5 - int(text)))
        running -= 1
        return text

    async def collect(lines: list[str]) -> list[tuple[dict[str, Any], bool]]:
        return [row async for row in aiter_jsonl(lines, "r", slow, concurrency=2)]

    lines = [json.dumps({"text": str(i)}) + "\n" for i in range(5)] + ["nope\n"]
    results = asyncio.run(collect(lines))
    rows = [row for row, _ in results]
    assert [ok for _, ok in results] == [True] * 5 + [False]
    assert [r.get("r") for r in rows] == ["0", "1", "2", "3", "4", None]
    assert rows[-1]["line"] == 6 and peak == 2
