"""The client factory and streaming: typed errors, retries, deadlines, cut streams.

Time bounds here are correctness bounds (a limit is enforced at all), checked with wide
margins; speed is measured in bench/bench_draft.py.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from typing import TYPE_CHECKING

import openai
import pytest

from assistant.config import Settings
from assistant.errors import (
    LLMBadResponseError,
    LLMNotConfiguredError,
    LLMRateLimitedError,
    LLMTimeoutError,
    LLMUnavailableError,
)
from assistant.llm import ChatResult, achat, astream_chat, make_chat_model
from assistant.llm.client import chat_model_for_loop, tls_context
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from tests.support.clients import trust_store

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

MESSAGES = [("system", "Ты помогаешь оператору."), ("user", "Напиши ответ")]


def _run(settings: Settings) -> tuple[ChatResult | Exception, float]:
    async def go() -> ChatResult:
        return await achat(make_chat_model(settings), MESSAGES, settings=settings)

    started = time.monotonic()
    try:
        result: ChatResult | Exception = asyncio.run(go())
    except Exception as exc:
        result = exc
    return result, time.monotonic() - started


def test_factory_sets_explicit_limits(llm_settings: Settings) -> None:
    model = make_chat_model(llm_settings)
    assert model.max_retries == 0  # retries are ours: only connection errors, 429, 5xx
    assert model.streaming is True
    assert model.stream_chunk_timeout == llm_settings.read_timeout
    timeout = model.request_timeout
    assert isinstance(timeout, openai.Timeout)
    assert timeout.connect == llm_settings.connect_timeout
    assert timeout.read == llm_settings.read_timeout
    assert model.model_name == "fake-model"


def test_models_of_two_event_loops_share_one_trust_store(llm_settings: Settings) -> None:
    async def model() -> ChatOpenAI:
        return chat_model_for_loop(llm_settings)

    first, second = asyncio.run(model()), asyncio.run(model())
    assert first is not second  # connections belong to one loop
    assert first.http_async_client is not second.http_async_client
    stores = {id(trust_store(m.root_async_client._client)) for m in (first, second)} | {
        id(trust_store(m.root_client._client)) for m in (first, second)
    }
    assert stores == {id(tls_context())}  # loaded once, not for every client (~30 ms each)
    assert tls_context().verify_mode == ssl.CERT_REQUIRED and tls_context().check_hostname


def test_not_configured() -> None:
    with pytest.raises(LLMNotConfiguredError, match="OPENAI_BASE_URL"):
        make_chat_model(Settings(base_url=None, api_key=None))


def test_streams_chunks_then_result(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(Behaviour.reply("Готово, Маша", chunks=["Готово", ", ", "Маша"]))

    async def go() -> list[str | ChatResult]:
        model = make_chat_model(llm_settings)
        return [item async for item in astream_chat(model, MESSAGES, settings=llm_settings)]

    items = asyncio.run(go())
    assert items[:3] == ["Готово", ", ", "Маша"]
    result = items[-1]
    assert isinstance(result, ChatResult)
    assert result.text == "Готово, Маша"
    assert result.incomplete is False
    assert result.finish_reason == "stop"
    assert result.tries == 1
    body = llm_server.completions()[0].body
    assert body["stream"] is True
    assert body["messages"][0] == {"role": "system", "content": "Ты помогаешь оператору."}


def test_hang_times_out_without_retry(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(Behaviour.hanging(), "не должно понадобиться")
    result, elapsed = _run(llm_settings.model_copy(update={"read_timeout": 0.3}))
    assert isinstance(result, LLMTimeoutError)
    assert elapsed < 3  # read timeout 0.3 s, not retried
    assert len(llm_server.completions()) == 1


def test_overall_deadline_bounds_a_slow_start(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.script(Behaviour.reply("поздно", delay=5))
    settings = llm_settings.model_copy(update={"read_timeout": 10.0, "deadline": 0.5})
    result, elapsed = _run(settings)
    assert isinstance(result, LLMTimeoutError)
    assert "0.5" in str(result)
    assert elapsed < 3


def test_deadline_mid_stream_keeps_the_text(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.script(Behaviour.reply("раз два три четыре пять шесть", chunk_delay=0.3))
    settings = llm_settings.model_copy(update={"deadline": 0.7})
    result, elapsed = _run(settings)
    assert isinstance(result, ChatResult)
    assert result.incomplete is True
    assert result.text.startswith("раз ")
    assert result.text != "раз два три четыре пять шесть"
    assert elapsed < 3


def test_stall_mid_stream_is_incomplete(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(Behaviour.hanging(after_chunks=2, text="раз два три"))
    result, _ = _run(llm_settings.model_copy(update={"read_timeout": 0.3}))
    assert isinstance(result, ChatResult)
    assert (result.text, result.incomplete) == ("раз два ", True)


def test_rate_limit_honours_retry_after(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(Behaviour.rate_limited(retry_after=0.2), "Получилось")
    result, elapsed = _run(llm_settings)
    assert isinstance(result, ChatResult)
    assert result.text == "Получилось"
    assert result.tries == 2
    first, second = llm_server.completions()
    assert second.received_at - first.received_at >= 0.18  # waited as told
    assert elapsed < 3


def test_rate_limit_exhausts_retries(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(*[Behaviour.rate_limited(retry_after=0.05)] * 5)
    result, _ = _run(llm_settings)
    assert isinstance(result, LLMRateLimitedError)
    assert result.retry_after == 0.05
    assert len(llm_server.completions()) == 3  # one try + max_retries=2


def test_retry_after_beyond_the_deadline_fails_at_once(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.script(Behaviour.rate_limited(retry_after=30), "никогда")
    result, elapsed = _run(llm_settings)
    assert isinstance(result, LLMRateLimitedError)
    assert result.retry_after == 30
    assert "30" in str(result)
    assert len(llm_server.completions()) == 1
    assert elapsed < 3


def test_server_error_is_retried(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(Behaviour.error(503), Behaviour.error(500), "С третьего раза")
    result, _ = _run(llm_settings)
    assert isinstance(result, ChatResult)
    assert result.text == "С третьего раза"
    assert len(llm_server.completions()) == 3


def test_server_error_exhausts_retries(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(*[Behaviour.error(500)] * 4)
    result, elapsed = _run(llm_settings)
    assert isinstance(result, LLMUnavailableError)
    assert "500" in str(result)
    assert len(llm_server.completions()) == 3
    assert elapsed < 3


@pytest.mark.parametrize(
    ("status", "error"), [(400, LLMBadResponseError), (401, LLMNotConfiguredError)]
)
def test_client_errors_are_not_retried(
    llm_server: FakeLLMServer, llm_settings: Settings, status: int, error: type[Exception]
) -> None:
    llm_server.script(*[Behaviour.error(status)] * 3)
    result, _ = _run(llm_settings)
    assert isinstance(result, error)
    assert len(llm_server.completions()) == 1


@pytest.mark.parametrize(("status", "requests"), [(400, 1), (401, 1), (500, 3), (429, 3)])
def test_openai_builtin_retries_skip_400_and_401(
    llm_server: FakeLLMServer, status: int, requests: int
) -> None:
    """What the factory relies on when someone turns the client's own retries back on."""
    llm_server.script(*[Behaviour.error(status, headers={"retry-after-ms": "10"})] * 3)
    client = openai.OpenAI(base_url=llm_server.base_url, api_key="k", max_retries=2)
    with pytest.raises(openai.APIStatusError):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert len(llm_server.completions()) == requests


def test_garbage_is_a_bad_response(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script(Behaviour.garbage_body(), "не нужно")
    result, _ = _run(llm_settings)
    assert isinstance(result, LLMBadResponseError)
    assert len(llm_server.completions()) == 1


def test_empty_answer_is_a_bad_response(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    llm_server.script("")
    result, _ = _run(llm_settings)
    assert isinstance(result, LLMBadResponseError)


def test_refused_connection_is_unavailable(llm_settings: Settings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nobody listens
    settings = llm_settings.model_copy(update={"base_url": f"http://127.0.0.1:{port}/v1"})
    result, elapsed = _run(settings)
    assert isinstance(result, LLMUnavailableError)
    assert elapsed < 3


def test_cut_after_first_token_is_incomplete_not_an_error(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.script(Behaviour.cut("Сейчас проверю и вернусь", after=2), "не нужно")
    result, _ = _run(llm_settings)
    assert isinstance(result, ChatResult)
    assert result.incomplete is True
    assert result.text == "Сейчас проверю "
    assert len(llm_server.completions()) == 1  # text was shown: never retried


def test_cut_before_first_token_is_retried(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.script(Behaviour.cut("x", after=0), "Со второго раза")
    result, _ = _run(llm_settings)
    assert isinstance(result, ChatResult)
    assert result.text == "Со второго раза"
    assert len(llm_server.completions()) == 2


def test_missing_finish_reason_is_incomplete(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    from dataclasses import replace

    llm_server.script(replace(Behaviour.reply("Почти всё"), finish_reason=None))
    result, _ = _run(llm_settings)
    assert isinstance(result, ChatResult)
    assert result.incomplete is True
    assert result.text == "Почти всё"
