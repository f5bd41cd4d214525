"""§5, app part: a failing LLM never costs the operator what they typed.

The draft handler of the operator screen runs against the local OpenAI-compatible server
scripted to hang, stall mid-stream, rate-limit, fail, refuse the key, send garbage or cut
the stream, and against a port where nothing listens. Each case must end in a clear
Russian message within the configured deadline, give the operator's reply text back, leave
the message and notes alone, and offer a retry that produces a draft in one call.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import app as app_module
from assistant.config import Settings
from assistant.outbox import Outbox
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from assistant.ui.handlers import Handlers
from assistant.ui.service import Workspace
from tests.support import clients
from tests.support.app import AppProcess, Req, app_env, free_port, running_app
from tests.support.app import drain as _drain

from .app_support import CYRILLIC

MESSAGE = "Добрый день! Перевод на 5 000 ₽ ушёл не туда, помогите"
NICK = "Марина К."
NOTES = "вернём 5 000 ₽ до пятницы"
TYPED = "Марина К., я уже начала писать ответ сама, не потеряйте его"
GOOD = "Марина К., проверили перевод: деньги вернём до пятницы."
SLACK = 3.0  # seconds over the deadline allowed for process scheduling on a busy CI box

FAULTS: dict[str, tuple[Behaviour, ...]] = {
    "hang": (Behaviour.hanging(),) * 3,
    "stall_mid_stream": (Behaviour.hanging(after_chunks=2, text=GOOD),) * 3,
    "429_retry_after": (Behaviour.rate_limited(0.2),) * 3,
    "429_no_retry_after": (Behaviour.rate_limited(None),) * 3,
    "500": (Behaviour.error(500),) * 3,
    "503": (Behaviour.error(503),) * 3,
    "400": (Behaviour.error(400),),
    "401": (Behaviour.error(401),),
    "garbage": (Behaviour.garbage_body(),) * 3,
    "cut_stream": (Behaviour.cut(GOOD, after=2),) * 3,
}
NOT_RETRIED = {"400", "401"}


def _settings(base_url: str, tmp_path: Path, template: Settings) -> Settings:
    return template.model_copy(
        update={"base_url": base_url, "db_url": f"sqlite:///{tmp_path / 'o.sqlite3'}"}
    )


def _handlers(settings: Settings) -> Handlers:
    return Handlers(Workspace(settings, Outbox(settings.db_url)))


def _inputs(reply: str = TYPED) -> list[Any]:
    # message, nickname, channel, history, notes, operator, n_variants, reply, state, request
    return [MESSAGE, NICK, "private", "", NOTES, "anna", 1, reply, {}, Req()]


def _assert_kept(final: tuple[Any, ...], typed: str) -> None:
    reply, _variants, _state, status, retry, action = final
    assert reply == typed, "the operator's reply text must come back"
    assert 'class="ta-status-error"' in status and CYRILLIC.search(status)
    assert "сохранено" in status and "Повторить" in status
    assert retry["visible"] is True and action == "draft"


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_fault_ends_in_a_clear_message_and_keeps_the_text(
    fault: str, llm_server: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    settings = _settings(llm_server.base_url, tmp_path, llm_settings)
    h = _handlers(settings)
    llm_server.script(*FAULTS[fault])
    started = time.monotonic()
    outs = _drain(h.llm_action("draft", *_inputs()))
    elapsed = time.monotonic() - started
    _assert_kept(outs[-1], TYPED)
    assert elapsed < settings.deadline + SLACK, f"{fault}: {elapsed:.1f} s"
    calls = len(llm_server.completions())
    print(f"\n{fault}: ended in {elapsed:.2f} s after {calls} request(s)")
    if fault in NOT_RETRIED:
        assert calls == 1, f"{fault} must not be retried"
    llm_server.reset()
    llm_server.script(Behaviour.reply(GOOD))
    again = _drain(h.llm_action(outs[-1][5], *_inputs()))[-1]
    assert again[0] == GOOD and again[4]["visible"] is False, "retry is one call"


@pytest.mark.parametrize("fault", ["cut_stream", "stall_mid_stream"])
def test_partial_draft_waits_among_the_variants(
    fault: str, llm_server: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    """A draft cut mid-stream never overwrites the operator's text, and is not lost either."""
    h = _handlers(_settings(llm_server.base_url, tmp_path, llm_settings))
    llm_server.script(*FAULTS[fault])
    final = _drain(h.llm_action("draft", *_inputs()))[-1]
    assert final[0] == TYPED
    variants, state = final[1], final[2]
    assert variants["visible"] is True and len(variants["choices"]) == 1
    partial = state["variants"][0]
    assert partial and GOOD.startswith(partial.strip())
    assert h.pick_variant("0", state) == partial  # one click puts it in the box
    # With an empty reply box the partial draft goes straight in, marked incomplete.
    llm_server.script(*FAULTS[fault])
    final = _drain(h.llm_action("draft", *_inputs(reply="")))[-1]
    assert GOOD.startswith(final[0].strip()) and "оговоркой" in final[3]


def test_connection_refused_then_the_server_comes_back(
    llm_settings: Settings, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens here yet
    settings = _settings(f"http://127.0.0.1:{port}/v1", tmp_path, llm_settings)
    h = _handlers(settings)
    started = time.monotonic()
    final = _drain(h.llm_action("draft", *_inputs()))[-1]
    assert time.monotonic() - started < settings.deadline + SLACK
    _assert_kept(final, TYPED)
    with FakeLLMServer(port=port) as server:
        server.script(Behaviour.reply(GOOD))
        again = _drain(h.llm_action(final[5], *_inputs()))[-1]
    assert again[0] == GOOD


def test_rewrite_failure_gives_the_operators_own_text_back(
    llm_server: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    h = _handlers(_settings(llm_server.base_url, tmp_path, llm_settings))
    llm_server.script(*FAULTS["cut_stream"])
    final = _drain(h.llm_action("rewrite:shorter", *_inputs()))[-1]
    assert final[0] == TYPED and final[5] == "rewrite:shorter"
    assert 'class="ta-status-error"' in final[3] and final[4]["visible"] is True


def test_llm_events_never_write_to_the_message_or_the_notes(tmp_path: Path) -> None:
    """Structural: the draft, holding, rewrite and retry events cannot touch what was typed."""
    demo = app_module.build_app(
        Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", base_url="http://127.0.0.1:9/v1")
    )
    typed_fields = {"message", "nickname", "history", "notes", "operator"}
    llm_events = [
        fn
        for fn in demo.fns.values()
        if fn.api_name in {"draft_reply", "holding_reply", "retry"}
        or str(fn.api_name).startswith("rewrite_")
    ]
    assert len(llm_events) == 7
    for fn in llm_events:
        written = {getattr(block, "elem_id", None) for block in fn.outputs}
        assert not written & typed_fields, fn.api_name
        assert "reply" in written


# -- through the running app ------------------------------------------------------------------


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppProcess, FakeLLMServer]]:
    tmp = tmp_path_factory.mktemp("faults-app")
    with FakeLLMServer(hang_limit=10.0) as llm:
        env = app_env(
            tmp,
            llm.base_url,
            ASSISTANT_READ_TIMEOUT="1",
            ASSISTANT_CONNECT_TIMEOUT="1",
            ASSISTANT_DEADLINE="5",
            ASSISTANT_RETRY_BACKOFF="0.02",
        )
        with running_app(tmp, env) as proc:
            yield proc, llm


@pytest.mark.parametrize("fault", ["hang", "500", "cut_stream"])
def test_through_the_app_the_reply_box_keeps_the_text_and_retry_works(
    running: tuple[AppProcess, FakeLLMServer], fault: str
) -> None:
    proc, llm = running
    llm.reset()
    llm.script(*FAULTS[fault])
    client = clients.gradio(proc.url)
    args = (MESSAGE, NICK, "private", "", NOTES, "", 1, TYPED)
    job = client.submit(*args, api_name="/draft_reply")
    final = job.result(timeout=60)
    reply, status, retry = final[0], job.outputs()[-1], None
    assert reply == TYPED, f"{fault}: the typed reply must come back"
    assert "сохранено" in str(status) or "сохранено" in str(final)
    del retry
    llm.reset()
    llm.script(Behaviour.reply(GOOD))
    again = client.predict(*args, api_name="/retry")
    assert again[0] == GOOD
