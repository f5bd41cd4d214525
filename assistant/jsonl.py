"""JSONL batches: one JSON object per line in, the same object plus one result key out.

Shared by ``python -m assistant analyze|lint|draft --jsonl``. Every non-blank input line
(``bytes`` or ``str``) answers with exactly one output line, in input order:

- the input object's keys, copied (except the result key itself);
- the result under ``key`` (``"profile"``, ``"findings"``, ``"draft"``) or, when the line
  failed, ``"error"`` (a message for a person), ``"error_type"`` (the exception class) and
  ``"line"`` (the 1-based input line number, unless the input already has a ``"line"``).

A line fails on invalid UTF-8, invalid JSON, a value that is not an object, a missing or
non-string ``text``, or any :class:`~assistant.errors.AssistantError` / ``ValueError`` the
handler raises; the run goes on. Output is JSON with ``ensure_ascii=False`` and falls back
to ASCII escapes when the line holds lone surrogates (``"\\ud800"`` in the input).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, TextIO

from assistant.errors import AssistantError, InputError

Record = dict[str, Any]
Handler = Callable[[Record, str], Any]
"""``handler(record, text)`` returns the JSON-ready result for one line."""
AsyncHandler = Callable[[Record, str], Awaitable[Any]]
Row = tuple[Record, bool]
"""An output object and whether its line succeeded."""


def dumps(obj: Record) -> str:
    """One JSON line; ASCII escapes only when the text holds lone surrogates."""
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes in the input
        line = json.dumps(obj, ensure_ascii=True)
    return line


def write_line(out: TextIO, obj: Record) -> None:
    """Write one output line and flush it (a consumer may read the stream as it goes)."""
    out.write(dumps(obj) + "\n")
    out.flush()


def _decode(raw: bytes | str) -> Record:
    try:
        obj = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as exc:
        raise InputError(f"строка не в UTF-8: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"неверный JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise InputError("ожидался JSON-объект с полем «text»")
    return obj


def _begin(raw: bytes | str, key: str, row: Record) -> tuple[Record, str]:
    """Parse a line, copy its keys into ``row``; return the record and its ``text``."""
    record = _decode(raw)
    row.update((k, v) for k, v in record.items() if k != key)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("нет поля «text» (строка)")
    return record, text


def _failed(row: Record, lineno: int, key: str, exc: Exception) -> Row:
    row.pop(key, None)
    row["error"] = str(exc)
    row["error_type"] = type(exc).__name__
    row.setdefault("line", lineno)
    return row, False


def handle_line(raw: bytes | str, lineno: int, key: str, handler: Handler) -> Row:
    """One output object for one input line; never raises for a bad line."""
    row: Record = {}
    try:
        record, text = _begin(raw, key, row)
        row[key] = handler(record, text)
    except (AssistantError, ValueError) as exc:
        return _failed(row, lineno, key, exc)
    return row, True


async def ahandle_line(raw: bytes | str, lineno: int, key: str, handler: AsyncHandler) -> Row:
    """:func:`handle_line` with an async handler."""
    row: Record = {}
    try:
        record, text = _begin(raw, key, row)
        row[key] = await handler(record, text)
    except (AssistantError, ValueError) as exc:
        return _failed(row, lineno, key, exc)
    return row, True


def _numbered(lines: Iterable[bytes | str]) -> Iterator[tuple[int, bytes | str]]:
    """Non-blank lines with their 1-based line numbers."""
    return ((n, raw) for n, raw in enumerate(lines, start=1) if raw.strip())


def run_jsonl(lines: Iterable[bytes | str], out: TextIO, key: str, handler: Handler) -> int:
    """Handle every line, writing each output line as it is ready; count the failed lines."""
    failed = 0
    for lineno, raw in _numbered(lines):
        row, ok = handle_line(raw, lineno, key, handler)
        failed += not ok
        write_line(out, row)
    return failed


async def aiter_jsonl(
    lines: Iterable[bytes | str], key: str, handler: AsyncHandler, *, concurrency: int = 4
) -> AsyncIterator[Row]:
    """Handle lines concurrently (at most ``concurrency`` at a time); yield in input order."""
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(lineno: int, raw: bytes | str) -> Row:
        async with limit:
            return await ahandle_line(raw, lineno, key, handler)

    tasks = [asyncio.ensure_future(one(lineno, raw)) for lineno, raw in _numbered(lines)]
    try:
        for task in tasks:
            yield await task
    finally:
        for task in tasks:
            task.cancel()
