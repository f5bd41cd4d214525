"""``analyze()``: the style profile of one incoming message.

The orchestration only: normalise (NFC, invisible characters removed, look-alikes folded),
run each decision module on the normalised copy, map every span back to the original, and
fall back to the customer's earlier messages for the name and for ты/вы.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from assistant.analyzer.address import detect_address
from assistant.analyzer.doc import Doc
from assistant.analyzer.emoji import detect_emoji
from assistant.analyzer.greeting import detect_greeting
from assistant.analyzer.habits import detect_habits
from assistant.analyzer.injection import detect_injection
from assistant.analyzer.language import detect_language
from assistant.analyzer.models import Address, Evidence, Habits, StyleProfile
from assistant.analyzer.mood import detect_mood
from assistant.analyzer.nickname import detect_nickname, find_name
from assistant.analyzer.platform import find_platform_syntax
from assistant.analyzer.register import detect_register
from assistant.analyzer.urgency import detect_urgency
from assistant.config import get_settings
from assistant.text.checked import CheckedText
from assistant.text.morph import Morphology, get_morphology
from assistant.text.normalize import NormalizedText, normalize

#: How many earlier messages (latest first) are searched for a name or ты/вы.
HISTORY_LIMIT = 20


def _hidden(norm: NormalizedText) -> list[Evidence]:
    return [
        Evidence(label=f"hidden:{r.kind}", text=r.char, start=r.start, end=r.end)
        for r in norm.removed
    ]


def _history_name(history: Sequence[str], morph: Morphology, limit: int) -> str | None:
    for message in reversed(history[-HISTORY_LIMIT:]):
        if not isinstance(message, str) or len(message) > limit:
            continue
        norm = normalize(message)
        found = find_name(find_platform_syntax(norm)[0], morph)
        if found is not None:
            return norm.text[found[1] : found[2]]
    return None


def _history_address(history: Sequence[str], morph: Morphology, limit: int) -> Address:
    for message in reversed(history[-HISTORY_LIMIT:]):
        if not isinstance(message, str) or len(message) > limit:
            continue
        norm = normalize(message)
        doc = Doc(norm, morph, text=find_platform_syntax(norm)[0])
        address = detect_address(doc)[0]
        if address != "none":
            return address
    return "none"


def analyze(
    text: str | CheckedText,
    *,
    nickname: str | None = None,
    history: Sequence[str] = (),
    morph: Morphology | None = None,
    max_chars: int | None = None,
) -> StyleProfile:
    """How ``text`` is written: emoji, greeting, ты/вы, name, urgency, mood, register, habits.

    ``nickname`` is the customer's profile name (copied exactly); ``history`` holds the
    customer's earlier messages, used only as a fallback for the name and for ты/вы.
    Raises :class:`TextTooLongError` above ``max_chars`` (default: settings), and
    :class:`InputError` if ``text`` is not a string; never anything else. A
    :class:`~assistant.text.checked.CheckedText` is trusted as checked and normalised.
    """
    limit = get_settings().max_input_chars if max_chars is None else max_chars
    # A CheckedText was type- and length-checked and normalised at the boundary already.
    checked = text if isinstance(text, CheckedText) else CheckedText.check(text, max_chars=limit)
    text, norm = checked.original, checked.norm
    morph = morph or get_morphology()
    if isinstance(history, str):
        history = (history,)
    profile_name = nickname if nickname and nickname.strip() else None

    hidden = _hidden(norm)
    flagged = any(r.kind in ("bidi", "tag") for r in norm.removed)
    injection = detect_injection(norm)
    masked, mentions, platform_syntax = find_platform_syntax(norm)
    doc = Doc(norm, morph, text=masked)

    from_history: list[Literal["address", "nickname"]] = []
    name = profile_name
    name_source: Literal["profile", "signature", "introduction"] | None = (
        "profile" if profile_name else None
    )
    name_evidence: list[Evidence] = []
    if name is None:
        found = detect_nickname(norm, morph, masked)
        if found is not None:
            name, name_source, evidence = found
            name_evidence = [evidence]
        else:
            name = _history_name(history, morph, limit)
            if name is not None:
                name_source = "signature"
                from_history.append("nickname")

    def profile(**decided: Any) -> StyleProfile:
        """The profile: what every message has, plus the ``decided`` style fields."""
        return StyleProfile(
            text=text,
            nickname=name,
            nickname_source=name_source,
            nickname_evidence=name_evidence,
            from_history=from_history,
            hidden_characters=hidden,
            hidden_flagged=flagged,
            injection_suspected=bool(injection),
            injection_evidence=injection,
            mentions=mentions,
            platform_syntax=platform_syntax,
            **decided,
        )

    if not norm.text.strip():
        return profile(habits=Habits(chars=len(text), paragraphs=0))

    emoji = detect_emoji(doc)
    greeting = detect_greeting(doc)
    address, address_evidence = detect_address(doc)
    if address == "none" and history:
        address = _history_address(history, morph, limit)
        if address != "none":
            from_history.append("address")
    habits = detect_habits(doc)
    urgency = detect_urgency(doc, emoji)
    mood, mood_evidence = detect_mood(doc, emoji, urgency)
    register, register_evidence = detect_register(
        doc, address=address, emoji=emoji, greeting=greeting, habits=habits, urgency=urgency
    )
    return profile(
        language=detect_language(doc),
        emoji=emoji,
        greeting=greeting,
        address=address,
        address_evidence=address_evidence,
        urgent=bool(urgency),
        urgency_reasons=urgency,
        mood=mood,
        mood_evidence=mood_evidence,
        register=register,
        register_evidence=register_evidence,
        habits=habits,
    )
