"""The functions app.py wires, called directly: analysis, live lint, drafting, sending."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

import app
from assistant.auth import UserStore
from assistant.config import Settings
from assistant.errors import StorageError
from assistant.lint.models import Finding
from assistant.outbox import Outbox
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from assistant.ui.api import Api
from assistant.ui.conversation import Conversation
from assistant.ui.findings import finding_title, why
from assistant.ui.handlers import Handlers
from assistant.ui.service import Workspace
from assistant.ui.views import Screen
from tests.support.app import Req
from tests.support.app import drain as _drain

MESSAGE = "Добрый день! Карту заблокировали в аэропорту, помогите срочно"
NICK = "Валюшка лапочка"


def _settings(tmp_path: Path, llm: FakeLLMServer | None = None, **kw: Any) -> Settings:
    extra: dict[str, Any] = {"base_url": None, "api_key": None}
    if llm is not None:
        extra = {"base_url": llm.base_url, "api_key": "k", "model": "fake-model"}
    return Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", **extra, **kw)


def _handlers(settings: Settings, users: UserStore | None = None) -> Handlers:
    return Handlers(Workspace(settings, Outbox(settings.db_url), users))


def _is_update(value: Any) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


# -- analysis and the no-LLM opening ---------------------------------------------------------


def test_analysis_shows_badges_spans_and_prefills_without_llm(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    out = h.analyze(MESSAGE, NICK, "", "", {})
    spans = out.message_highlight["value"]
    assert set(out.message_highlight["color_map"]) == {label for _, label in spans if label}
    assert "приветствие: «Добрый день»" in out.badges and "СРОЧНО" in out.badges
    assert ("Добрый день", "приветствие") in spans
    assert "".join(s for s, _ in spans) == MESSAGE
    conv = Conversation.of(out.conversation)
    assert conv.profile is not None and conv.profile.urgent is True
    assert out.reply == conv.prefill == "Добрый день, Валюшка лапочка! "


def test_prefill_follows_the_nickname_but_never_overwrites_typed_text(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    first = h.analyze("карта не работает", "Макс", "", "", {})
    assert first.reply == "Макс, "
    second = h.analyze("карта не работает", "Максим О.", "", first.reply, first.conversation)
    assert second.reply == "Максим О., "
    third = h.analyze(
        "карта не работает", "Олег", "", "Максим О., уже смотрим", second.conversation
    )
    assert _is_update(third.reply)  # the operator's own text stays


def test_no_prefill_when_an_llm_is_configured(tmp_path: Path, fake_llm: FakeLLMServer) -> None:
    h = _handlers(_settings(tmp_path, fake_llm))
    out = h.analyze(MESSAGE, NICK, "", "", {})
    assert _is_update(out.reply) and Conversation.of(out.conversation).prefill == ""


def test_empty_and_huge_messages(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path, max_input_chars=100))
    out = h.analyze("   \u200b ", "", "", "", {})
    assert Conversation.of(out.conversation).profile is None and out.message_highlight == []
    assert "Вставьте сообщение" in out.badges
    out = h.analyze("а" * 101, "", "", "мой текст", {})
    assert Conversation.of(out.conversation).profile is None
    assert "слишком длинный" in out.badges and _is_update(out.reply)


# -- live lint and one-click fixes ----------------------------------------------------------


def test_live_lint_highlights_lists_and_fixes(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    conv = h.analyze(MESSAGE, NICK, "", "", {}).conversation
    reply = "Уважаемый клиент, данная карта будет разблокирована."
    spans_update, listing, choices, found = h.lint(reply, conv, MESSAGE, NICK, "private", "")
    spans = spans_update["value"]
    assert "".join(s for s, _ in spans) == reply
    flagged = {s for s, label in spans if label}
    assert "Уважаемый клиент" in flagged
    assert "Уважаемый клиент" in listing
    found = [Finding.model_validate(f) for f in found]
    assert all(finding_title(f) in listing and why(f.rule) in listing for f in found)
    assert listing.count("<details") == len({f.rule for f in found})  # one line per rule
    fixable = [f for f in found if f.suggestions]
    assert fixable and choices["visible"] is True
    value = choices["choices"][0][1]
    fixed, cleared, _ = h.apply(value, reply, found)
    i, j = (int(x) for x in value.split(":"))
    target = found[i]
    assert fixed == reply[: target.start] + target.suggestions[j] + reply[target.end :]
    assert cleared is None
    # The reply changed since the check: nothing is applied, the operator is told.
    stale, _, note = h.apply(value, "совсем другой текст", found)
    assert _is_update(stale) and "изменился" in note


def test_lint_of_an_empty_reply_is_clean(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    spans, listing, choices, found = h.lint("", None, "", "", "private", "")
    assert spans["value"] == [] and found == [] and "Замечаний нет" in listing
    assert choices["visible"] is False


# -- drafting through the local OpenAI-compatible server --------------------------------------


def _llm_inputs(reply: str = "", n: int = 1) -> list[Any]:
    return [MESSAGE, NICK, "private", "", "вернём 500 ₽ за 3 дня", "", n, reply, {}, Req()]


def _state(out: Any) -> Conversation:
    return Conversation.of(out.conversation)


def test_draft_streams_into_the_reply_box(tmp_path: Path, fake_llm: FakeLLMServer) -> None:
    fake_llm.script(Behaviour.reply("Валюшка лапочка, карту уже разблокировали, проверьте."))
    h = _handlers(_settings(tmp_path, fake_llm))
    outs = _drain(h.llm_action("draft", *_llm_inputs()))
    texts = [o.reply for o in outs if isinstance(o.reply, str)]
    assert len(texts) >= 3, "the reply must arrive in several chunks"
    assert all(b.startswith(a.rstrip()) for a, b in itertools.pairwise(texts))
    final = outs[-1]
    assert final.reply == "Валюшка лапочка, карту уже разблокировали, проверьте."
    state = _state(final)
    assert state.first_draft == final.reply and state.model == "fake-model"
    assert state.prompt_version and state.status == "drafted"
    assert "Черновик готов" in final.status and final.retry["visible"] is False
    assert fake_llm.requests and fake_llm.requests[-1].stream


def test_variants_are_offered(tmp_path: Path, fake_llm: FakeLLMServer) -> None:
    fake_llm.script(
        Behaviour.reply("Валюшка лапочка, карту разблокировали."),
        Behaviour.reply("Валюшка лапочка, всё уже работает, можно платить."),
    )
    h = _handlers(_settings(tmp_path, fake_llm))
    final = _drain(h.llm_action("draft", *_llm_inputs(n=2)))[-1]
    variants, state = final.variants, final.conversation
    assert variants["visible"] is True and len(variants["choices"]) == 2
    shown = _state(final).variants
    assert h.pick_variant("1", state) == shown[1] != shown[0]
    assert _is_update(h.pick_variant("7", state))


@pytest.mark.parametrize(
    ("behaviours", "expected"),
    [
        ((Behaviour.error(500),), "500"),
        ((Behaviour.rate_limited(0.01),), ""),
        ((Behaviour.garbage_body(),), ""),
    ],
)
def test_llm_failure_keeps_the_operators_text_and_offers_retry(
    tmp_path: Path,
    fake_llm: FakeLLMServer,
    behaviours: Sequence[Behaviour],
    expected: str,
) -> None:
    fake_llm.script(*behaviours)
    h = _handlers(_settings(tmp_path, fake_llm, max_retries=0))
    typed = "Валюшка лапочка, я уже начал писать сам"
    outs = _drain(h.llm_action("draft", *_llm_inputs(reply=typed)))
    final = outs[-1]
    assert final.reply == typed, "the operator's text must come back"
    assert 'class="ta-status-error"' in final.status and expected in final.status
    assert "сохранено" in final.status
    assert final.retry["visible"] is True and final.last_action == "draft"
    # Retry is one click: the same action, now succeeding.
    fake_llm.script(Behaviour.reply("Валюшка лапочка, карту разблокировали."))
    again = _drain(h.llm_action(final.last_action, *_llm_inputs(reply=typed)))[-1]
    assert (
        again.reply == "Валюшка лапочка, карту разблокировали." and again.retry["visible"] is False
    )


def test_cut_stream_keeps_the_operators_text(tmp_path: Path, fake_llm: FakeLLMServer) -> None:
    fake_llm.script(*[Behaviour.cut("Валюшка лапочка, карту уже разблокировали", after=2)] * 3)
    h = _handlers(_settings(tmp_path, fake_llm, max_retries=0, max_revisions=0))
    final = _drain(h.llm_action("draft", *_llm_inputs(reply="мой черновик")))[-1]
    if final.reply == "мой черновик":
        assert 'class="ta-status-error"' in final.status and final.retry["visible"] is True
    else:  # the drafter returned the partial text marked incomplete
        assert "оговоркой" in final.status and final.retry["visible"] is True


def test_rewrite_of_an_empty_reply_is_refused(tmp_path: Path, fake_llm: FakeLLMServer) -> None:
    h = _handlers(_settings(tmp_path, fake_llm))
    final = _drain(h.llm_action("rewrite:shorter", *_llm_inputs(reply="  ")))[-1]
    assert "Нечего переписывать" in final.status
    assert fake_llm.requests == []


# -- sending -------------------------------------------------------------------------------


def _send(h: Handlers, reply: str, key: str, **kw: Any) -> Any:
    """Send through the handler with a conversation that has the key ``key`` and a draft."""
    conv = Conversation(
        key=key, first_draft="Марина, деньги вернули.", model="m", prompt_version="p"
    )
    args: dict[str, Any] = {
        "reply": reply,
        "conversation": conv.state(),
        "message": "Где деньги?",
        "nickname": "Марина",
        "channel": "private",
        "notes": "",
        "operator": "anna",
        "override": False,
        "reason": "",
        "request": Req(),
    }
    args.update(kw)
    return h.send(**args)


def test_send_stores_once_and_starts_the_next_conversation(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    out = _send(h, "Марина, деньги уже вернули на карту.", "key-1", notes="вернули 5 мая")
    assert "Отправлено и сохранено" in out.status and out.reply == ""
    fresh = Conversation.of(out.conversation)
    assert fresh.key != "key-1" and fresh.after_sent is not None
    assert fresh == Conversation(key=fresh.key, after_sent=fresh.after_sent)  # nothing carried
    assert out.message == out.nickname == out.history == out.notes == ""
    assert out.channel == "private" and out.found == [] and out.message_highlight == []
    assert out.sent["visible"] is True and "деньги уже вернули" in out.sent["value"]
    rows = out.sent_table
    assert rows[0][5] == "Марина, деньги уже вернули на карту." and rows[0][2] == "anna"
    assert rows[0][3] == "личные сообщения"
    again = _send(h, "Марина, деньги уже вернули на карту.", "key-1")  # a double click
    assert "Отправлено" in again.status
    records = h.ws.outbox.records()
    assert len(records) == 1
    r = records[0]
    assert r.incoming == "Где деньги?" and r.first_draft == "Марина, деньги вернули."
    assert r.edit_distance and r.edit_distance > 0 and r.model == "m" and r.prompt_version == "p"
    assert r.profile is not None and r.profile["text"] == "Где деньги?"


def test_next_customer_empties_every_field_of_the_conversation(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    out = h.next_customer()
    assert isinstance(out, Screen)
    for name in ("message", "nickname", "history", "notes", "reply", "reason"):
        assert getattr(out, name) == "", name
    assert out.override is False and out.found == [] and out.sent["visible"] is False
    assert Conversation.of(out.conversation).message == ""
    assert "Замечаний нет" in out.findings and "Вставьте сообщение" in out.badges


ERROR = Finding(
    rule="pii/card",
    category="pii",
    level="error",
    start=0,
    end=4,
    text="4276",
    message="Номер карты в публичном ответе.",
)


def test_errors_need_an_explicit_send_anyway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _handlers(_settings(tmp_path))
    monkeypatch.setattr(Workspace, "lint", lambda self, reply, **kw: [ERROR])
    refused = _send(h, "4276 — ваша карта", "k")
    assert "ошибки" in refused.status and _is_update(refused.conversation)
    assert _is_update(refused.reply) and _is_update(refused.message)  # everything kept
    assert refused.override_group["visible"] is True
    assert refused.status.count("«4276»") == 1  # the refusal lists each finding once
    assert h.ws.outbox.count() == 0
    sent = _send(h, "4276 — ваша карта", "k", override=True, reason="клиент сам попросил")
    assert "вопреки ошибкам" in sent.status
    record = h.ws.outbox.get("k")
    assert record is not None and record.override
    assert record.override_reason == "клиент сам попросил" and record.findings == [ERROR]


def test_storage_failure_keeps_the_reply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    h = _handlers(_settings(tmp_path))

    def broken(self: Outbox, request: object) -> None:
        raise StorageError("Не удалось сохранить ответ: база данных занята.")

    monkeypatch.setattr(Outbox, "send", broken)
    out = _send(h, "Марина, готово.", "k")
    assert "Не удалось сохранить" in out.status
    assert _is_update(out.conversation) and _is_update(out.reply)


def test_empty_reply_is_not_sent(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    out = _send(h, "   ", "k")
    assert "пустой" in out.status and h.ws.outbox.count() == 0


def test_search_finds_sent_replies(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    _send(h, "Марина, деньги вернули.", "a")
    _send(h, "Олег, карту перевыпустили.", "b", nickname="Олег")
    assert [row[5] for row in h.search("КАРТУ")] == ["Олег, карту перевыпустили."]
    assert len(h.search("")) == 2


# -- users and roles --------------------------------------------------------------------------


def test_session_locks_operator_name_and_shows_supervisor_tab_by_role(
    tmp_path: Path, users: UserStore
) -> None:
    h = _handlers(_settings(tmp_path), users)
    view = h.session(Req("anna"))  # type: ignore[arg-type]
    assert view.operator["value"] == "anna" and view.operator["interactive"] is False
    assert view.supervisor_tab["visible"] is False and view.sent_table == []
    assert Conversation.of(view.conversation).key and "anna" in view.who
    assert view.logout["visible"] is True
    boris = h.session(Req("boris"))  # type: ignore[arg-type]
    assert boris.supervisor_tab["visible"] is True
    assert h.session(Req(None)).supervisor_tab["visible"] is False  # type: ignore[arg-type]


def test_operator_name_comes_from_the_login(tmp_path: Path, users: UserStore) -> None:
    h = _handlers(_settings(tmp_path), users)
    _send(h, "Марина, готово.", "k", operator="boris", request=Req("anna"))
    record = h.ws.outbox.get("k")
    assert record is not None and record.operator == "anna"


# -- plain API endpoints ------------------------------------------------------------------------


def test_api_returns_library_models_as_json(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    api = Api(Workspace(settings, Outbox(settings.db_url)))
    profile = api.analyze(MESSAGE, NICK)
    assert profile["urgent"] is True and profile["greeting"]["present"] is True
    findings = api.lint("Уважаемый клиент, ждём вас в отделении.", MESSAGE, NICK)
    assert any(f["text"] == "Уважаемый клиент" for f in findings)
    assert {"rule", "category", "level", "start", "end", "message"} <= set(findings[0])
    sent = api.send("Валюшка лапочка, разблокировали.", key="api-1", incoming=MESSAGE)
    assert sent["key"] == "api-1" and sent["final_text"].startswith("Валюшка")
    assert api.send("другое", key="api-1")["id"] == sent["id"]
    with pytest.raises(gr.Error):
        api.analyze("   ")
    with pytest.raises(gr.Error):
        api.send("")


def test_api_draft_without_llm_is_a_clear_error(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    api = Api(Workspace(settings, Outbox(settings.db_url)))
    with pytest.raises(gr.Error) as info:
        asyncio.run(api.draft(MESSAGE))
    assert "OPENAI_BASE_URL" in str(info.value) or "не настро" in str(info.value).lower()


def test_a_corrected_nickname_is_an_error_that_blocks_send(tmp_path: Path) -> None:
    """The real linter: «Валентина» for «Валюшка лапочка» needs an explicit override."""
    h = _handlers(_settings(tmp_path))
    reply = "Валентина, карту перевыпустили."
    refused = _send(h, reply, "k", nickname=NICK)
    assert "Валентина" in refused.status and h.ws.outbox.count() == 0
    _send(h, reply, "k", nickname=NICK, override=True, reason="клиентка сама так подписалась")
    record = h.ws.outbox.get("k")
    assert record is not None and record.override
    assert any(f.category == "nickname" and f.level == "error" for f in record.findings)


def test_broken_unicode_is_a_clear_error_or_repaired(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    refused = _send(h, "Марина, готово\ud83d", "k")
    assert "повреждённые символы" in refused.status and h.ws.outbox.count() == 0
    _send(h, "Марина, готово.", "k2", message="Где деньги\ud800?")
    record = h.ws.outbox.get("k2")
    assert record is not None and record.incoming == "Где деньги\ufffd?"


# -- launching ----------------------------------------------------------------------------------


def test_launch_is_local_private_and_quiet_without_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADIO_SERVER_PORT", "9123")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", host="0.0.0.0")
    assert settings.port == 9123
    kwargs = app.launch_kwargs(settings, None, settings.port)
    assert kwargs["server_name"] == "127.0.0.1" and kwargs["server_port"] == 9123
    assert kwargs["share"] is False and kwargs["run_history"] is False
    assert kwargs["enable_monitoring"] is False and kwargs["mcp_server"] is False
    assert "auth" not in kwargs


def test_launch_with_users_requires_login_everywhere(tmp_path: Path, users: UserStore) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", host="0.0.0.0")
    kwargs = app.launch_kwargs(settings, users, 7860)
    assert kwargs["server_name"] == "0.0.0.0"  # a team may reach it once logins exist
    assert kwargs["auth"]("boris", "boris-pass") is True and kwargs["auth"]("boris", "x") is False
    assert kwargs["app_kwargs"]["middleware"]  # the AuthGate


def test_build_app_has_no_analytics(tmp_path: Path) -> None:
    demo = app.build_app(_settings(tmp_path))
    assert demo.analytics_enabled is False
    names = {fn.api_name for fn in demo.fns.values()}
    assert {"analyze", "lint", "draft", "send"} <= names
    assert all(fn.api_name for fn in demo.fns.values())


def test_header_names_the_operator(tmp_path: Path, users: UserStore) -> None:
    local = _handlers(_settings(tmp_path))
    assert "Ольга" in local.who("Ольга", Req())  # type: ignore[arg-type]
    assert "имя не задано" in local.who("  ", Req())  # type: ignore[arg-type]
    logged = _handlers(_settings(tmp_path), users)
    assert "anna" in logged.who("boris", Req("anna"))  # type: ignore[arg-type]


def test_the_send_notice_stays_until_the_next_customer_starts(tmp_path: Path) -> None:
    h = _handlers(_settings(tmp_path))
    sent = _send(h, "Марина, деньги уже вернули на карту.", "key-1")
    emptied = h.analyze("", "", "", "", sent.conversation)  # the reset itself: nothing changes
    assert _is_update(emptied.status) and _is_update(emptied.sent)
    started = h.analyze("Добрый вечер, где мой перевод?", "", "", "", emptied.conversation)
    assert started.status == "" and started.sent["visible"] is False
    assert Conversation.of(started.conversation).after_sent is None


def test_a_click_made_before_the_reset_repeats_the_send(tmp_path: Path) -> None:
    """A double click: the second click's text boxes were read before the first reset them,
    its conversation is the fresh one; it must not store the reply a second time."""
    h = _handlers(_settings(tmp_path))
    reply = "Марина, деньги уже вернули на карту."
    first = _send(h, reply, "key-1")
    second = _send(h, reply, "ignored", conversation=first.conversation)
    assert "Отправлено" in second.status and h.ws.outbox.count() == 1
    other = _send(
        h, "Олег, перевыпустили карту.", "x", conversation=first.conversation, nickname="Олег"
    )
    assert "Отправлено" in other.status and h.ws.outbox.count() == 2  # a new reply is sent
