"""Drafts whose facts are only in the knowledge base, against the local LLM server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.drafter import Draft, astream_draft, draft
from assistant.drafter.batch import draft_record
from assistant.outbox import Outbox, SendRequest
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from tests.support.knowledge import (
    ARTICLE_ID,
    GROUNDED,
    INVENTED,
    MESSAGE,
    TITLE,
    knowledge_settings,
)


@pytest.fixture
def settings(llm_settings: Settings, tmp_path: Path) -> Settings:
    return knowledge_settings(llm_settings, tmp_path)


def _promise(d: Draft) -> list[str]:
    return [f.rule for f in d.findings if f.rule.startswith("promise/")]


def test_the_answering_article_reaches_the_request(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(GROUNDED)
    draft(MESSAGE, settings=settings)
    [request] = llm_server.completions()
    knowledge = [m["content"] for m in request.messages if "<<<БАЗА_ЗНАНИЙ>>>" in m["content"]]
    assert len(knowledge) == 1
    assert f"[kb:1] {TITLE}" in knowledge[0]
    assert "5 рабочих дней" in knowledge[0]
    assert (
        request.messages[0]["role"] == "system"
        and "Служебная метка" in request.messages[0]["content"]
    )


def test_an_answer_citing_the_article_passes_lint_and_lists_its_source(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(GROUNDED)
    d = draft(MESSAGE, settings=settings)
    assert "[kb" not in d.text and d.text.endswith("5 рабочих дней.")
    assert _promise(d) == []
    assert [s.model_dump() for s in d.sources] == [{"id": ARTICLE_ID, "title": TITLE}]
    assert len(llm_server.completions()) == 1  # nothing to revise


def test_a_number_from_nowhere_is_flagged_even_with_a_citation(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(INVENTED, INVENTED, INVENTED)
    d = draft(MESSAGE, settings=settings)
    assert "promise/deadline" in _promise(d)
    assert len(d.attempts) == 3  # the loop asked for revisions, the model kept the number


def test_the_revise_step_sees_the_answer_with_its_citations(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(INVENTED, GROUNDED)
    d = draft(MESSAGE, settings=settings)
    _, revision = llm_server.completions()
    answered = [m["content"] for m in revision.messages if m["role"] == "assistant"]
    assert len(answered) == 1 and "[kb:1]" in answered[0] and "2 рабочих дня" in answered[0]
    assert len(d.attempts) == 2 and all("[kb" not in a.text for a in d.attempts)
    assert [[s.id for s in a.sources] for a in d.attempts] == [[ARTICLE_ID], [ARTICLE_ID]]
    assert [s.id for s in d.sources] == [ARTICLE_ID] and _promise(d) == []


def test_a_rewrite_is_not_grounded(llm_server: FakeLLMServer, settings: Settings) -> None:
    from assistant.drafter import rewrite

    llm_server.script("Заблокируйте карту в приложении, новую сделаем быстро.")
    d = rewrite("Заблокируйте карту, новую сделаем.", "warmer", message=MESSAGE, settings=settings)
    [request] = llm_server.completions()
    assert "<<<БАЗА_ЗНАНИЙ>>>" not in request.text and d.sources == []


def test_an_uncited_article_grounds_nothing(llm_server: FakeLLMServer, settings: Settings) -> None:
    uncited = GROUNDED.replace(" [kb:1]", "")
    llm_server.script(uncited, uncited, uncited)
    d = draft(MESSAGE, settings=settings)
    assert "promise/deadline" in _promise(d) and d.sources == []


def test_the_operators_notes_still_ground_facts(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(INVENTED.replace(" [kb:1]", ""))
    d = draft(MESSAGE, notes="курьер привезёт за 2 рабочих дня", settings=settings)
    assert _promise(d) == []


def test_knowledge_off_and_excluded_articles_stay_out_of_the_request(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script("Уточним и вернёмся.", "Уточним и вернёмся.")
    draft(MESSAGE, settings=settings, knowledge=False)
    draft(MESSAGE, settings=settings, exclude_sources=[ARTICLE_ID])
    off, excluded = llm_server.completions()
    assert "<<<БАЗА_ЗНАНИЙ>>>" not in off.text
    assert "<<<БАЗА_ЗНАНИЙ>>>" in excluded.text
    assert TITLE not in excluded.text


async def test_streamed_chunks_carry_no_citations(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(Behaviour.reply(GROUNDED))
    chunks = [c async for c in astream_draft(MESSAGE, settings=settings) if isinstance(c, str)]
    assert len(chunks) > 1
    assert "kb:" not in "".join(chunks)


async def test_jsonl_lines_list_sources_and_accept_knowledge_false(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    llm_server.script(GROUNDED, GROUNDED)
    out = await draft_record({"text": MESSAGE}, MESSAGE, settings=settings)
    assert out["sources"] == [{"id": ARTICLE_ID, "title": TITLE}]
    json.dumps(out)
    off = await draft_record({"text": MESSAGE, "knowledge": False}, MESSAGE, settings=settings)
    assert off["sources"] == []  # the citation names no article the prompt had
    with pytest.raises(ValueError, match="knowledge"):
        await draft_record({"text": MESSAGE, "knowledge": "no"}, MESSAGE, settings=settings)


def test_a_past_reply_is_a_style_example_without_another_customers_data(
    llm_server: FakeLLMServer, settings: Settings
) -> None:
    reply = "Марина, блокируйте карту в приложении, новую сделаем за 5 дней."
    Outbox(settings.db_url).send(
        SendRequest(
            text=reply, first_draft=reply, incoming="Марина тут, посеяла карточку 4276 3800"
        )
    )
    llm_server.script(GROUNDED)
    draft(MESSAGE, settings=settings)
    [request] = llm_server.completions()
    [examples] = [m for m in request.messages if "<<<ПРИМЕРЫ_СТИЛЯ>>>" in m["content"]]
    assert examples["role"] == "system"
    assert "блокируйте карту в приложении" in examples["content"]
    assert "Марина" not in request.text and "4276" not in request.text
