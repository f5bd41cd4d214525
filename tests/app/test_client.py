"""The running app, through gradio_client: the plain API, streaming, durability."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.outbox import Outbox
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from tests.support import clients
from tests.support.app import AppProcess, RunningApp, app_env

MESSAGE = "Добрый день! Перевод ушёл не туда, верните деньги!!!"
NICK = "Марина К."


@pytest.fixture(scope="module")
def llm(llm_app: RunningApp) -> FakeLLMServer:
    assert llm_app.llm is not None
    return llm_app.llm


@pytest.fixture(scope="module")
def running(llm_app: RunningApp) -> tuple[AppProcess, Client, str]:
    """The session's app with a fake LLM (tests/conftest.py) and one client of it."""
    return llm_app.proc, clients.gradio(llm_app.proc.url), llm_app.db_url


def test_every_event_has_an_api_name(running: tuple[AppProcess, Client, str]) -> None:
    _, client, _ = running
    names = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    expected = {"/analyze", "/lint", "/draft", "/send", "/analyze_message", "/lint_reply"}
    expected |= {"/draft_reply", "/holding_reply", "/send_reply", "/search_sent", "/retry"}
    expected |= {f"/rewrite_{how}" for how in ("shorter", "warmer", "formal", "simpler")}
    assert expected <= names
    assert not any(name.startswith("/lambda") or name == "/predict" for name in names)


def test_the_tests_gradio_clients_build_no_trust_store(llm_app: RunningApp) -> None:
    with clients.trust_stores_built() as built:  # config, heartbeat, queue and stream requests
        client = clients.gradio(llm_app.proc.url)
        assert client.predict("Данная заявка", api_name="/lint")
    assert built == []


def test_analyze_and_lint_return_library_json(running: tuple[AppProcess, Client, str]) -> None:
    _, client, _ = running
    profile = client.predict(MESSAGE, NICK, api_name="/analyze")
    assert profile["text"] == MESSAGE and profile["greeting"]["present"] is True
    assert profile["urgent"] is True
    assert client.predict(MESSAGE, api_name="/analyze")["nickname"] is None  # rest optional
    findings = client.predict(
        "Уважаемый клиент, данная операция", MESSAGE, NICK, "public", api_name="/lint"
    )
    assert {f["text"] for f in findings} >= {"Уважаемый клиент", "данная"}
    assert client.predict("Марина К., вернули.", api_name="/lint") == [] or all(
        f["level"] != "error" for f in client.predict("Марина К., вернули.", api_name="/lint")
    )


def test_bad_input_is_a_clear_error_not_a_crash(running: tuple[AppProcess, Client, str]) -> None:
    _, client, _ = running
    with pytest.raises(Exception, match="слишком длинный"):
        client.predict("я" * 30_000, api_name="/analyze")
    with pytest.raises(Exception, match="пуст"):
        client.predict(" \u200b ", api_name="/analyze")
    profile = client.predict("Привет\x00 мир\x07\u202e", api_name="/analyze")  # control chars
    assert "мир" in profile["text"] and profile["hidden_characters"]


def test_send_is_idempotent_and_durable(running: tuple[AppProcess, Client, str]) -> None:
    _, client, db_url = running
    reply = "Марина К., проверили перевод, всё в порядке."
    first = client.predict(reply, key="client-1", incoming=MESSAGE, nickname=NICK, api_name="/send")
    again = client.predict("Марина К., другой текст", key="client-1", api_name="/send")
    assert again["id"] == first["id"] and again["final_text"] == first["final_text"]
    stored = Outbox(db_url).get("client-1")
    assert stored is not None and stored.incoming == MESSAGE and stored.nickname == NICK
    rows = client.predict("ВСЁ В ПОРЯДКЕ", api_name="/search_sent")
    assert any(row[5] == "Марина К., проверили перевод, всё в порядке." for row in rows["data"])


def test_send_refuses_errors_without_override(running: tuple[AppProcess, Client, str]) -> None:
    _, client, db_url = running
    reply = "Маша, проверили перевод."  # a «corrected» nickname: an error
    with pytest.raises(Exception, match="Отправить несмотря на ошибки"):
        client.predict(reply, key="client-2", incoming=MESSAGE, nickname=NICK, api_name="/send")
    assert Outbox(db_url).get("client-2") is None
    sent = client.predict(
        reply,
        key="client-2",
        incoming=MESSAGE,
        nickname=NICK,
        override=True,
        override_reason="так зовут клиентку в переписке",
        api_name="/send",
    )
    assert sent["override"] is True and sent["override_reason"]


def test_draft_endpoint_uses_the_llm(
    running: tuple[AppProcess, Client, str], llm: FakeLLMServer
) -> None:
    _, client, _ = running
    text = "Добрый день, Марина К.! Проверяем перевод прямо сейчас."
    llm.script(Behaviour.reply(text))
    draft = client.predict(MESSAGE, NICK, api_name="/draft")
    assert draft["text"] == text and draft["findings"] == []
    assert draft["model"] and draft["prompt_version"] and draft["profile"]["urgent"] is True


def test_draft_streams_through_the_ui_event(
    running: tuple[AppProcess, Client, str], llm: FakeLLMServer
) -> None:
    _, client, _ = running
    text = "Добрый день, Марина К.! Уже разбираемся с переводом, напишу, как только что-то узнаю."
    llm.script(Behaviour.reply(text, chunk_delay=0.05))
    job = client.submit(MESSAGE, NICK, "private", "", "", "", 1, "", api_name="/draft_reply")
    job.result(timeout=60)
    replies = [out[0] for out in job.outputs() if isinstance(out[0], str) and out[0]]
    assert replies[-1] == text
    assert len(set(replies)) >= 3, "the reply should arrive in several steps"


def test_acknowledged_send_survives_sigkill(
    tmp_path: Path,
    llm: FakeLLMServer,
    start_app: Callable[[dict[str, str]], AppProcess],
) -> None:
    env = app_env(tmp_path, llm.base_url)
    proc = start_app(env)
    client = clients.gradio(proc.url)
    acked = client.predict("Марина К., вернули.", key="kill-1", api_name="/send")
    assert proc.proc is not None
    proc.proc.send_signal(signal.SIGKILL)  # no chance to flush anything after the answer
    proc.proc.wait(timeout=10)
    record = Outbox(env["ASSISTANT_DB_URL"]).get("kill-1")
    assert record is not None and record.id == acked["id"]
    restarted = start_app(env)
    rows = clients.gradio(restarted.url).predict("", api_name="/search_sent")
    assert [row[5] for row in rows["data"]] == ["Марина К., вернули."]
