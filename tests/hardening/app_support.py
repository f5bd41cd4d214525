"""Helpers of the app-level hardening tests: raw Gradio API calls, log checks, a sender.

The app process helpers live in ``tests/support/app.py``. This file is also a small script::

    python tests/hardening/app_support.py send DB_PATH PREFIX START [SECONDS]

which stores replies ``PREFIX-000START``, ``PREFIX-000START+1``… in the outbox at
``DB_PATH`` through :meth:`Outbox.send` and prints ``ack KEY ID`` after each ``send``
returned (an acknowledged send); a :class:`StorageError` prints ``error KEY …`` and the
same key is retried, as a client would. With SECONDS it stops after that long.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPPORT = Path(__file__).resolve()
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


# -- raw calls of the Gradio API (what a hostile client can send) ---------------------------


@dataclass
class Outcome:
    """What one ``/gradio_api/call/<name>`` call ended with."""

    status: int  # of the POST that queued the call
    event: str  # "complete", "error", or "" when the POST itself was refused
    data: Any

    @property
    def message(self) -> str:
        return self.data if isinstance(self.data, str) else json.dumps(self.data)


def call_raw(
    base_url: str,
    api_name: str,
    data: Sequence[Any],
    *,
    cookies: dict[str, str] | None = None,
    timeout: float = 60,
) -> Outcome:
    """Call an endpoint with a JSON body written with ``\\u`` escapes only.

    ``ensure_ascii`` lets lone surrogates and control characters travel exactly as a
    hostile client would write them (``"\\ud800"``), which ``gradio_client`` cannot send.
    """
    from tests.support import clients

    base = base_url.rstrip("/")
    body = json.dumps({"data": list(data)}, ensure_ascii=True)
    with clients.http(timeout=timeout, cookies=cookies) as http:
        posted = http.post(
            f"{base}/gradio_api/call/{api_name}",
            content=body,
            headers={"content-type": "application/json"},
        )
        if posted.status_code != 200:
            return Outcome(posted.status_code, "", posted.text)
        event_id = posted.json()["event_id"]
        event, payload = "", None
        with http.stream("GET", f"{base}/gradio_api/call/{api_name}/{event_id}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    raw = line.split(":", 1)[1].strip()
                    try:
                        payload = json.loads(raw)
                    except json.JSONDecodeError:
                        payload = raw
                    break
        return Outcome(posted.status_code, event, payload)


# -- the app's log ---------------------------------------------------------------------------

_EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)\b)[:\s]?.*$", re.M)


def unexpected_exceptions(log: str) -> list[str]:
    """Exception lines of tracebacks in an app log, except the intended ``gr.Error``.

    Gradio prints a traceback for every ``gr.Error`` too (the clear message the operator
    sees); anything else that ends a traceback is a crash.
    """
    found: list[str] = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        if "The above exception was the direct cause" in block or "During handling" in block:
            continue  # a cause in a chain: the last exception of the chain is what counts
        lines = [ln for ln in block.splitlines() if ln and not ln.startswith((" ", "\t"))]
        last = next((ln for ln in lines if _EXC_LINE.match(ln)), lines[0] if lines else "")
        if not last.startswith("gradio.exceptions.Error"):
            found.append(last)
    return found


# -- the outbox ------------------------------------------------------------------------------


def sqlite_integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def stored_keys(path: Path) -> list[str]:
    """Every key in the outbox (with repeats, if the database ever held any)."""
    con = sqlite3.connect(path)
    try:
        return [row[0] for row in con.execute("SELECT key FROM sent_replies ORDER BY id")]
    except sqlite3.OperationalError:  # killed before the table was created
        return []
    finally:
        con.close()


def parse_acks(text: str) -> dict[str, int]:
    """``ack KEY ID`` lines of a sender's output; a line cut by the kill does not count."""
    acks: dict[str, int] = {}
    complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
    for line in complete.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            acks[parts[1]] = int(parts[2])
    return acks


def sender_command(db: Path, prefix: str, start: int, seconds: float | None = None) -> list[str]:
    """The sender's arguments after the interpreter (for :func:`tests.support.prefork.spawn`)."""
    cmd = [str(SUPPORT), "send", str(db), prefix, str(start)]
    return [*cmd, str(seconds)] if seconds is not None else cmd


def key_index(key: str) -> int:
    return int(key.rsplit("-", 1)[1])


def _send_forever(argv: Iterable[str]) -> None:
    from assistant.errors import StorageError
    from assistant.outbox import Outbox
    from assistant.outbox.models import SendRequest

    db, prefix, start, *rest = argv
    stop_at = time.monotonic() + float(rest[0]) if rest else None
    box = Outbox(f"sqlite:///{db}")
    print("ready", flush=True)
    index = int(start)
    while stop_at is None or time.monotonic() < stop_at:
        key = f"{prefix}-{index:06d}"
        request = SendRequest(
            text=f"Ответ {key}: деньги вернули на карту.", key=key, operator=prefix
        )
        try:
            record = box.send(request)
        except StorageError as exc:
            print(f"error {key} {str(exc)[:200]!r}", flush=True)
            time.sleep(0.01)
            continue  # the same key again: a retry must not store a duplicate
        print(f"ack {key} {record.id}", flush=True)
        index += 1


__all__ = ["Outcome", "call_raw", "parse_acks"]

if __name__ == "__main__":
    if sys.argv[1:2] == ["send"]:
        _send_forever(sys.argv[2:])
    else:
        raise SystemExit(__doc__)
