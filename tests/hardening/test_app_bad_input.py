"""§1, app part: hostile input through the running app's HTTP API, every endpoint.

Each value goes through ``/gradio_api/call/<name>`` as JSON written with ``\\u`` escapes
(lone surrogates and control characters arrive exactly as a hostile client sends them).
Every call must end in a result or a clear error, never a crash (the app's log must hold
no traceback but the intended ``gr.Error``), and no send may be lost or stored twice.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.outbox import Outbox
from tests.support.app import AppProcess, RunningApp

from .app_support import CYRILLIC, Outcome, call_raw, sqlite_integrity, unexpected_exceptions

MIB = 1_048_576
BAD: dict[str, str] = {
    "empty": "",
    "invisible_only": "\u200b\u200d \ufeff\u2060",
    "one_mib": "я" * MIB,
    "one_mib_ascii_spaces": "a " * (MIB // 2),
    "lone_surrogates": "Привет \ud800 мир \udfff и половинка эмодзи \ud83d",
    "nul_and_controls": "Де\x00ньги\x01 не\x07 пришли\x1b[31m\x7f\x9b\r\n",
    "c0_block": "".join(chr(i) for i in range(32)) * 8,
    "rtl_override": "Верните \u202eйлбур 0001\u202c и \u2067изолят\u2069 срочно",
    "tag_characters": "Привет\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065",
    "zwj_emoji": "👨\u200d👩\u200d👧 спасибо))) 🏳️\u200d🌈",
}
# The operator-facing plain API must answer in Russian; the UI events too.
KEYS = (f"bad-{i}" for i in itertools.count())

Args = Callable[[str], list[Any]]
ENDPOINTS: dict[str, tuple[str, Args]] = {
    "analyze": ("analyze", lambda v: [v, "", None]),
    "analyze.nickname": ("analyze", lambda v: ["Здравствуйте, где мой перевод?", v, None]),
    "analyze.history": ("analyze", lambda v: ["Где перевод?", "", [v, v]]),
    "lint": ("lint", lambda v: [v, "", "", "private", ""]),
    "lint.incoming": ("lint", lambda v: ["Проверили перевод.", v, v, "public", v]),
    "draft": ("draft", lambda v: [v, "", "private", None, "", "", "reply", 1]),
    "draft.notes": ("draft", lambda v: ["Где перевод?", v, "public", [v], v, v, "holding", 2]),
    "send": ("send", lambda v: [v, next(KEYS), "", "", "private", "", "", "", False, "", "", ""]),
    "send.fields": (
        "send",
        lambda v: ["Проверили перевод.", next(KEYS), v, "", "private", v, v, v, True, v, "", ""],
    ),
    "analyze_message": ("analyze_message", lambda v: [v, v, v, v]),
    "lint_reply": ("lint_reply", lambda v: [v, v, "", "public", v]),
    "draft_reply": ("draft_reply", lambda v: [v, "", "private", v, v, "", 1, v]),
    "rewrite_shorter": (
        "rewrite_shorter",
        lambda v: ["Где перевод?", "", "private", "", "", "", 1, v],
    ),
    "send_reply": ("send_reply", lambda v: [v, v, "", "private", v, "", False, ""]),
    "search_sent": ("search_sent", lambda v: [v]),
    "apply_suggestion": ("apply_suggestion", lambda v: [v, v]),
    "pick_variant": ("pick_variant", lambda v: [v]),
}
RAW_ERROR = re.compile(r"Traceback|validation error|\b[A-Z]\w+(Error|Exception)\b")
PLAIN_API = {"analyze", "lint", "draft", "send"}


class App:
    def __init__(self, proc: AppProcess, db: Path) -> None:
        self.proc = proc
        self.db = db
        self.outbox = Outbox(f"sqlite:///{db}")
        self.sent: dict[str, str] = {}  # key -> final text of every acknowledged send


@pytest.fixture(scope="module")
def app(llm_app: RunningApp) -> App:
    """The session's app with a fake LLM (tests/conftest.py): the barrage and whatever other
    files sent it before must leave it working."""
    return App(llm_app.proc, llm_app.db)


def _error_text(outcome: Outcome) -> str:
    data = outcome.data
    if isinstance(data, dict):
        return str(data.get("error") or "")
    return str(data or "")


@pytest.mark.parametrize("value", list(BAD), ids=list(BAD))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS), ids=list(ENDPOINTS))
def test_bad_input_is_a_result_or_a_clear_error(app: App, endpoint: str, value: str) -> None:
    api_name, make_args = ENDPOINTS[endpoint]
    args = make_args(BAD[value])
    before = app.outbox.count()
    outcome = call_raw(app.proc.url, api_name, args, timeout=120)
    if len(json.dumps({"data": args}, ensure_ascii=True)) > Settings().max_request_bytes:
        # The body itself is over the cap: refused before Gradio parses it (issue 14).
        assert outcome.status == 413 and "too large" in outcome.message, outcome
        assert app.outbox.count() == before
        return
    assert outcome.status == 200, f"{endpoint}: HTTP {outcome.status}: {outcome.message[:300]}"
    assert outcome.event in ("complete", "error"), outcome
    if outcome.event == "error":
        message = _error_text(outcome)
        assert message and not RAW_ERROR.search(message), outcome.message[:300]
        if api_name in PLAIN_API:
            # (Gradio's own choice validation of a Radio echoes the value back: harmless.)
            assert len(message) < 2_000, "an error must not echo the whole input back"
            assert CYRILLIC.search(message), f"not a message for the operator: {message[:200]}"
    after = app.outbox.count()
    if api_name == "send":
        key = args[1]
        stored = app.outbox.get(key)
        if outcome.event == "complete":
            assert (
                stored is not None and stored.final_text == args[0] == outcome.data[0]["final_text"]
            )
            app.sent[key] = args[0]
            assert after == before + 1
        else:
            assert stored is None and after == before
    elif api_name == "send_reply":
        status = outcome.data[0] if outcome.event == "complete" else ""
        if "Отправлено" in str(status):
            newest = app.outbox.search("", limit=1)[0]
            assert newest.final_text == args[0] and after == before + 1
            app.sent[newest.key] = args[0]
        else:
            assert after == before
            if outcome.event == "complete":  # refused: the reply box is left as it is
                reply_out = outcome.data[2]
                assert isinstance(reply_out, dict) and reply_out.get("__type__") == "update"
                assert "value" not in reply_out
    else:
        assert after == before


def test_no_crash_and_no_record_lost_after_the_barrage(app: App) -> None:
    """Runs after the parametrised cases (same module, file order)."""
    log = app.proc.log.read_text(encoding="utf-8", errors="replace")
    assert unexpected_exceptions(log) == []
    assert app.proc.proc is not None and app.proc.proc.poll() is None, "the app died"
    for key, text in app.sent.items():
        stored = app.outbox.get(key)
        assert stored is not None and stored.final_text == text
    assert len({r.key for r in app.outbox.records()}) == app.outbox.count()
    assert sqlite_integrity(app.db) == "ok"
    # The app still works normally after all of it.
    ok = call_raw(app.proc.url, "analyze", ["Добрый день! Где мой перевод?", "", None])
    assert ok.event == "complete" and ok.data[0]["greeting"]["present"] is True


@pytest.mark.parametrize(
    ("field", "named"),
    [("nickname", "имя клиента"), ("key", "ключ отправки"), ("model", "модель")],
)
def test_overlong_fields_are_a_clear_input_error(tmp_path: Path, field: str, named: str) -> None:
    """Found by the barrage: a 1 MiB nickname used to escape as a pydantic ValidationError."""
    from assistant.config import Settings
    from assistant.errors import InputError
    from assistant.ui.service import Workspace

    box = Outbox(f"sqlite:///{tmp_path / 'o.sqlite3'}")
    ws = Workspace(Settings(db_url=box.url), box)
    fields: dict[str, Any] = {"key": "k-1", field: "я" * 1000}
    with pytest.raises(InputError, match=named) as info:
        ws.send("Проверили перевод, всё в порядке.", **fields)
    assert "остался в окне" in str(info.value) and "я" * 50 not in str(info.value)
    assert box.count() == 0
