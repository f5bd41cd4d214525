"""The local OpenAI-compatible server speaks the real protocol to the real openai client."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import openai
import pytest

from assistant.testing.llm_server import Behaviour, FakeLLMServer, split_chunks


def _client(server: FakeLLMServer, **kw: object) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0, **kw)  # type: ignore[arg-type]


def test_models_endpoint(llm_server: FakeLLMServer) -> None:
    models = _client(llm_server).models.list()
    assert [m.id for m in models.data] == ["fake-model"]


def test_json_completion_and_recording(llm_server: FakeLLMServer) -> None:
    llm_server.script("Добрый вечер, Игорь")
    out = _client(llm_server).chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "Привет"}]
    )
    assert out.choices[0].message.content == "Добрый вечер, Игорь"
    assert out.choices[0].finish_reason == "stop"
    (req,) = llm_server.completions()
    assert req.body["messages"] == [{"role": "user", "content": "Привет"}]
    assert req.stream is False


def test_sse_stream_in_chunks(llm_server: FakeLLMServer) -> None:
    llm_server.script(Behaviour.reply("раз два три", chunks=["раз ", "два ", "три"]))
    stream = _client(llm_server).chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "x"}], stream=True
    )
    pieces = [c.choices[0].delta.content for c in stream if c.choices and c.choices[0].delta]
    assert [p for p in pieces if p] == ["раз ", "два ", "три"]
    assert [c.text for c in llm_server.chunks_sent] == ["раз ", "два ", "три"]


def test_error_status_with_headers(llm_server: FakeLLMServer) -> None:
    llm_server.script(Behaviour.rate_limited(retry_after=7))
    with pytest.raises(openai.RateLimitError) as info:
        _client(llm_server).chat.completions.create(
            model="m", messages=[{"role": "user", "content": "x"}]
        )
    assert info.value.response.headers["retry-after"] == "7"


def test_cut_stream_breaks_the_http_message(llm_server: FakeLLMServer) -> None:
    llm_server.script(Behaviour.cut("один два три четыре", after=2))
    stream = _client(llm_server).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "x"}], stream=True
    )
    got: list[str] = []
    with pytest.raises(openai.APIConnectionError):  # incomplete chunked read
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                got.append(chunk.choices[0].delta.content)
    assert "".join(got) == "один два "


def test_default_can_be_a_callable_scripting_by_content(llm_server: FakeLLMServer) -> None:
    llm_server.default = lambda req: Behaviour.reply("A" if "альфа" in req.text else "B")
    client = _client(llm_server)
    for word, want in (("альфа", "A"), ("бета", "B")):
        out = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": word}]
        )
        assert out.choices[0].message.content == want


def test_split_chunks_keeps_all_text() -> None:
    text = "Привет,  мир!\n\nКак дела?"
    assert "".join(split_chunks(text)) == text
    assert len(split_chunks(text)) > 3
    assert split_chunks(text, "line") == ["Привет,  мир!\n", "\n", "Как дела?"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_runs_as_a_process_with_the_mirror_model() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.testing.llm_server", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        assert "fake LLM server" in proc.stdout.readline()
        body = {
            "model": "m",
            "messages": [
                {
                    "role": "user",
                    "content": "<<<ДАННЫЕ_КАРТОЧКИ>>>\n"
                    + json.dumps({"name": "Лёля", "task": "reply"}, ensure_ascii=False)
                    + "\n<<<КОНЕЦ_ДАННЫХ_КАРТОЧКИ>>>\n<<<ЗАМЕТКИ_ОПЕРАТОРА>>>\nвернём за 3 дня\n"
                    "<<<КОНЕЦ_ЗАМЕТОК_ОПЕРАТОРА>>>",
                }
            ],
        }
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(req, timeout=5) as resp:
                    answer = json.loads(resp.read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        text = answer["choices"][0]["message"]["content"]
        assert text.startswith("Лёля, ")
        assert "вернём за 3 дня" in text
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
