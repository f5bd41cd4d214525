"""The public-comment alert: the customer's own personal data posted where everyone sees it."""

from __future__ import annotations

from assistant import analyze
from assistant.config import Settings
from assistant.drafter import draft
from assistant.pii import alert_message, public_alert, with_channel
from assistant.testing.llm_server import FakeLLMServer

MESSAGE = "Карта 4276 3800 1234 5679 не работает, звоните 8 912 345-67-89, CVV 321"


def test_public_comment_raises_the_alert_with_spans() -> None:
    found = public_alert(MESSAGE, "public")
    assert [e.label for e in found] == ["pii:card", "pii:phone", "pii:cvv"]
    for e in found:
        assert MESSAGE[e.start : e.end] == e.text
    message = alert_message(found)
    assert message is not None
    assert "номер карты, номер телефона, код CVV/CVC" in message
    assert "личных сообщениях" in message


def test_private_messages_and_clean_comments_raise_nothing() -> None:
    assert public_alert(MESSAGE, "private") == []
    assert public_alert("Карта не работает, помогите", "public") == []
    assert alert_message([]) is None


def test_with_channel_fills_the_profile_field() -> None:
    profile = analyze(MESSAGE)
    assert profile.public_pii == []  # the analyzer does not know the channel
    public = with_channel(profile, "public")
    assert [e.label for e in public.public_pii] == ["pii:card", "pii:phone", "pii:cvv"]
    assert with_channel(profile, "private") is profile
    assert public.model_dump()["public_pii"][0]["text"] == "4276 3800 1234 5679"


def test_a_public_draft_carries_the_alert(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.script("Напишите нам в личные сообщения, проверим карту там.")
    result = draft(MESSAGE, channel="public", settings=llm_settings)
    assert [e.label for e in result.profile.public_pii] == ["pii:card", "pii:phone", "pii:cvv"]
    llm_server.script("Проверили карту, всё в порядке.")
    assert draft(MESSAGE, channel="private", settings=llm_settings).profile.public_pii == []
