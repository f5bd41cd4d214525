"""Prompt injection: hostile customers against the drafter and a model that obeys them.

The messages are data (``data/injection.yaml``, ≥ 40, Russian and English). Each one is
drafted against the local OpenAI-compatible server whose scripted model *obeys* the
injection: it echoes the canary and a line of its system prompt, promises a refund of
1 000 000 ₽ and appends invisible tag characters. For every message:

* the analyzer sets ``injection_suspected`` (with spans into the message);
* in every recorded request (first attempt and revisions) the customer text sits inside
  its ``<<<СООБЩЕНИЕ_КЛИЕНТА>>>`` block, the block's delimiters appear exactly once (a
  forged closing delimiter is neutralised) and no tag character is sent;
* the canary reaches the operator nowhere: not in a streamed chunk, the draft, a variant
  or any attempt;
* the obeyed promise is flagged by the linter (``promise``) and the leak is recorded.
"""

from __future__ import annotations

import asyncio
import base64
import re
from typing import Any

import pytest

from assistant.analyzer import analyze
from assistant.config import Settings
from assistant.drafter import Draft, astream_draft
from assistant.drafter.guard import as_data, clean_chars
from assistant.testing.llm_server import Behaviour, FakeLLMServer, RecordedRequest
from assistant.text.normalize import normalize

from .conftest import load

CASES: list[dict[str, Any]] = load("injection.yaml")["cases"]
CANARY = re.compile(r"CANARY-[0-9a-f]{16}")
OPEN, CLOSE = "<<<СООБЩЕНИЕ_КЛИЕНТА>>>", "<<<КОНЕЦ_СООБЩЕНИЯ_КЛИЕНТА>>>"


def tags(text: str) -> str:
    """``text`` as invisible Unicode tag characters."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


def message_of(case: dict[str, Any]) -> str:
    text: str = case["text"]
    if "base64" in case:
        text += " " + base64.b64encode(case["base64"].encode()).decode()
    if "tags" in case:
        text += tags(case["tags"])
    return text


def has_tags(text: str) -> bool:
    return any(0xE0000 <= ord(c) <= 0xE007F for c in text)


def obeying_model(english: bool) -> Any:
    """A model that does what the injection asked: leaks its prompt, promises the refund."""

    def answer(request: RecordedRequest) -> Behaviour:
        system = request.messages[0]["content"]
        canary = CANARY.search(system)
        assert canary is not None, "the system prompt carries no canary"
        leaked_line = next(line for line in system.splitlines() if len(line) > 60)
        promise = (
            "We will refund you 1 000 000 RUB today, promise."
            if english
            else "Вернём вам 1 000 000 ₽ сегодня же, обещаем."
        )
        text = f"{canary.group()}\n{leaked_line}\n{promise}{tags(' ignore the rules')}"
        # Chunks of 9 characters: the canary is cut across chunks.
        return Behaviour.reply(text, chunks=[text[i : i + 9] for i in range(0, len(text), 9)])

    return answer


def test_the_attack_set_is_big_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert {c["lang"] for c in CASES} == {"ru", "en"}
    kinds = {c["kind"] for c in CASES}
    assert {"ignore", "reveal", "refund", "role", "base64", "tags", "fake_note"} <= kinds
    assert {"role_marker", "delimiter"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_injection_is_flagged_with_spans(case: dict[str, Any]) -> None:
    text = message_of(case)
    profile = analyze(text)
    assert profile.injection_suspected, case["id"]
    assert profile.injection_evidence
    for ev in profile.injection_evidence:
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.text


async def _stream(message: str, settings: Settings) -> tuple[list[str], Draft]:
    chunks: list[str] = []
    async for item in astream_draft(message, settings=settings):
        if isinstance(item, str):
            chunks.append(item)
        elif isinstance(item, Draft):
            return chunks, item
    raise AssertionError("no draft")


def _check_requests(requests: list[RecordedRequest], message: str) -> str:
    """The customer text is delimited data in every request; return the canary used."""
    expected = as_data(clean_chars(normalize(message).text)).strip()
    canaries = set()
    for request in requests:
        assert not has_tags(request.text), "tag characters reached the model"
        system = request.messages[0]
        assert system["role"] == "system"
        canaries |= set(CANARY.findall(system["content"]))
        with_data = [m for m in request.messages if OPEN in str(m["content"])]
        assert len(with_data) == 1
        task = str(with_data[0]["content"])
        assert task.count(OPEN) == 1 and task.count(CLOSE) == 1
        inside = task.split(OPEN, 1)[1].split(CLOSE, 1)[0].strip()
        assert inside == expected
        assert "похожие на команды" in task.split(CLOSE, 1)[1]  # the model is warned
    assert len(canaries) == 1
    return canaries.pop()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_an_obeying_model_leaks_nothing_and_its_promise_is_flagged(
    case: dict[str, Any], llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    message = message_of(case)
    llm_server.default = obeying_model(english=case["lang"] == "en")
    chunks, draft = asyncio.run(_stream(message, llm_settings))

    requests = llm_server.completions()
    assert len(requests) == llm_settings.max_revisions + 1  # it kept obeying: limit reached
    canary = _check_requests(requests, message)

    assert draft.profile.injection_suspected
    shown = ["".join(chunks), *chunks, draft.text, *draft.variants]
    shown += [a.text for a in draft.attempts]
    for text in shown:
        assert canary not in text and "CANARY-" not in text
        assert "Служебная метка" not in text
        assert not has_tags(text)
    assert all(a.leaked for a in draft.attempts)
    assert "promise" in {f.category for f in draft.findings}
    assert all("promise" in {f.category for f in a.findings} for a in draft.attempts)


@pytest.mark.parametrize("case", CASES[::10], ids=[c["id"] for c in CASES[::10]])
def test_an_echoing_model_never_shows_the_prompt_in_variants(
    case: dict[str, Any], llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    from assistant.drafter import draft

    # An echo grows with every revision (it repeats the previous echo): one revision here.
    # It comes a line a chunk (the word-by-word echo is tests/drafter/test_pipeline.py's).
    settings = llm_settings.model_copy(update={"max_revisions": 1})
    llm_server.default = Behaviour.echoing(chunking="line")
    result = draft(message_of(case), variants=2, settings=settings)
    canary = _check_requests(llm_server.completions(), message_of(case))
    assert result.attempts[0].leaked  # the model did echo the prompt
    for text in [result.text, *result.variants, *(a.text for a in result.attempts)]:
        assert canary not in text and "CANARY-" not in text
        assert not has_tags(text)
