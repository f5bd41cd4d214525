"""One conversation at a time: the reset below the UI, and no leak into the next prompt.

The fake LLM server records every request the drafter makes (real HTTP, the real client),
so the tests read exactly what the model was shown for the second customer.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.drafter.models import Draft, Source
from assistant.outbox import Outbox
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from assistant.ui.conversation import Conversation
from assistant.ui.service import Workspace

FIRST = {
    "message": "Здравствуйте, когда вернут кешбэк за май?",
    "nickname": "Ксюша Белкина",
    "history": "Писала вчера про кешбэк\nОбещали разобраться",
    "notes": "кешбэк 1 870 ₽ придёт 14 июня",
    "channel": "public",
}
SECOND = {"message": "Добрый вечер, не могу войти в приложение", "nickname": "Пётр"}
# Distinct pieces of the first customer that must never appear in the second prompt.
FIRST_MARKS = ("Ксюша", "Белкина", "1 870", "14 июня", "Писала вчера", "Обещали разобраться")


@pytest.fixture
def llm() -> Any:
    with FakeLLMServer() as server:
        yield server


def _workspace(tmp_path: Path, llm: FakeLLMServer | None = None) -> Workspace:
    extra: dict[str, Any] = {"base_url": None, "api_key": None}
    if llm is not None:
        extra = {"base_url": llm.base_url, "api_key": "k", "model": "fake-model"}
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", max_revisions=0, **extra)
    return Workspace(settings, Outbox(settings.db_url))


def _draft(ws: Workspace, conv: Conversation, action: str = "draft", reply: str = "") -> Draft:
    async def go() -> Draft:
        final = None
        async for item in ws.stream(conv, action, operator="anna", reply=reply):
            if isinstance(item, Draft):
                final = item
        assert final is not None
        return final

    return asyncio.run(go())


def test_a_fresh_conversation_holds_nothing(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    used = ws.observe(ws.start(), **FIRST).drafted(
        text="Ксюша Белкина, кешбэк придёт.", variants=[], model="m", prompt_version="p",
        rewrite=False,
    )  # fmt: skip
    assert used.profile is not None and used.notes and used.history and used.first_draft
    fresh = ws.start()
    assert fresh.key != used.key
    assert fresh == Conversation(key=fresh.key)  # every other field at its empty default
    assert not any(mark in fresh.model_dump_json() for mark in FIRST_MARKS)


def test_observe_analyses_once_and_again_only_for_a_new_message(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    conv = ws.observe(ws.start(), **FIRST)
    assert conv.profile is not None and conv.profile.text == FIRST["message"]
    same = ws.observe(conv, notes="ещё заметка")
    assert same.profile is conv.profile  # the profile already computed is kept
    other = ws.observe(conv, message=SECOND["message"])
    assert other.profile is not None and other.profile.text == SECOND["message"]


def test_draft_options_come_only_from_the_conversation(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    first = ws.observe(ws.start(), **FIRST)
    options = first.draft_options("anna")
    assert options["notes"] == FIRST["notes"] and options["channel"] == "public"
    assert options["history"] == ["Писала вчера про кешбэк", "Обещали разобраться"]
    second = ws.observe(ws.start(), **SECOND).draft_options("anna")
    assert second == {
        "nickname": "Пётр",
        "channel": "private",
        "history": [],
        "notes": "",
        "operator": "anna",
        "exclude_sources": [],
    }
    left_out = first.model_copy(update={"excluded": ["bank/cards.md#a"]})
    assert left_out.draft_options("anna")["exclude_sources"] == ["bank/cards.md#a"]
    assert ws.start().draft_options("anna")["exclude_sources"] == []


def test_a_rewrite_keeps_the_sources_of_the_draft_it_rewrote() -> None:
    cards = Source(id="bank/cards.md#a", title="Карты")
    base = {"variants": [], "model": "m", "prompt_version": "p"}
    drafted = Conversation().drafted(text="a", rewrite=False, sources=[cards], **base)
    assert drafted.sources == [cards]
    assert drafted.drafted(text="b", rewrite=True, **base).sources == [cards]
    assert drafted.drafted(text="c", rewrite=False, **base).sources == []


def test_second_customer_prompt_carries_nothing_of_the_first(
    tmp_path: Path, llm: FakeLLMServer
) -> None:
    ws = _workspace(tmp_path, llm)
    llm.script(Behaviour.reply("Ксюша Белкина, кешбэк придёт 14 июня."))
    first = ws.observe(ws.start(), **FIRST)
    draft = _draft(ws, first)
    first = first.drafted(text=draft.text, variants=draft.variants, model=draft.model,
                          prompt_version=draft.prompt_version, rewrite=False)  # fmt: skip
    record = ws.send_conversation(first, draft.text, operator="anna")
    assert record.nickname == "Ксюша Белкина" and record.first_draft == draft.text
    first_prompt = llm.completions()[-1].text
    assert all(mark in first_prompt for mark in ("1 870", "Писала вчера"))
    # a full name is personal data: it reaches the model masked (restored in the draft)
    assert "[ФИО_1]" in first_prompt and "Белкина" not in first_prompt

    llm.script(Behaviour.reply("Пётр, давайте разберёмся со входом."))
    second = ws.observe(ws.start(), **SECOND)
    _draft(ws, second)
    second_prompt = llm.completions()[-1].text
    assert "не могу войти" in second_prompt and "Пётр" in second_prompt
    leaked = [mark for mark in FIRST_MARKS if mark in second_prompt]
    assert leaked == [], f"the first customer's data reached the second prompt: {leaked}"


def test_a_rewrite_sees_the_conversation_it_belongs_to(tmp_path: Path, llm: FakeLLMServer) -> None:
    ws = _workspace(tmp_path, llm)
    llm.script(Behaviour.reply("Пётр, проверьте вход ещё раз."))
    conv = ws.observe(ws.start(), **SECOND)
    _draft(ws, conv, "rewrite:shorter", reply="Пётр, давайте разберёмся со входом в приложение.")
    prompt = llm.completions()[-1].text
    assert "не могу войти" in prompt and "разберёмся со входом" in prompt


def test_send_conversation_uses_its_key_once(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    conv = ws.observe(ws.start(), **SECOND)
    first = ws.send_conversation(conv, "Пётр, проверили вход, попробуйте снова.")
    again = ws.send_conversation(conv, "Пётр, проверили вход, попробуйте снова.")
    assert again.id == first.id and ws.outbox.count() == 1
    assert first.key == conv.key and first.channel == "private"
    assert first.profile is not None and first.profile["text"] == SECOND["message"]


def test_times_are_shown_in_the_team_zone(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    ws = _workspace(tmp_path)
    moment = datetime(2026, 1, 10, 21, 30, tzinfo=UTC)
    assert ws.local_time(moment).strftime("%d.%m %H:%M") == "11.01 00:30"  # Moscow, UTC+3
    with pytest.raises(ValueError, match="time zone"):
        Settings(timezone="Mars/Olympus")


def test_personal_data_posted_in_public_raises_an_alert_for_the_operator(tmp_path: Path) -> None:
    from assistant.ui.badges import profile_badges_html

    ws = _workspace(tmp_path)
    message = "Верните деньги, карта 4276 3800 1234 5675, сколько можно ждать"
    public = ws.observe(ws.start(), message=message, channel="public")
    assert public.profile is not None and public.profile.public_pii
    assert "Личные данные в публичном комментарии" in profile_badges_html(public.profile)
    private = ws.observe(public, channel="private")  # the channel changed: analysed again
    assert private.profile is not None and not private.profile.public_pii
    assert "Личные данные в публичном" not in profile_badges_html(private.profile)
