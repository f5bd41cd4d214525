"""The *mirror* model of the fake server: a deterministic reply written from the prompt data.

It reads what the drafter puts in the prompt as data, never the prompt's wording: the style
card's data block (name, greeting, ты/вы, emoji, language, channel, the task and a rewrite's
preset — :func:`assistant.drafter.inputs.style_card_value`) and the delimited blocks of the
operator's notes, the customer's message and the reply to rewrite. From them it writes a
short, plausible reply. It is no language model: it exists so the app, the browser tests,
the eval and the benchmarks can run end to end without one, and so a wrong prompt shows up
as a wrong reply. Rewording a prompt does not change what it does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

_PLACEHOLDER = re.compile(r"\[[А-ЯЁA-Z]+_\d+\]")
#: The card data block: a JSON object between the two delimiters.
_CARD = re.compile(r"<<<ДАННЫЕ_КАРТОЧКИ>>>\n(.*?)\n<<<КОНЕЦ_ДАННЫХ_КАРТОЧКИ>>>", re.S)


def _block(text: str, name: str) -> str:
    m = re.search(rf"<<<{name}>>>\n(.*?)\n<<<КОНЕЦ_[^>]*>>>", text, re.S)
    return m.group(1).strip() if m else ""


def card_data(text: str) -> dict[str, Any]:
    """The style card's data block of a prompt (empty if there is none or it is broken)."""
    m = _CARD.search(text)
    if not m:
        return {}
    try:
        data = json.loads(m.group(1))
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" .")
    return text[:1].upper() + text[1:] + "." if text else ""


def mirror_reply(messages: Sequence[dict[str, Any]]) -> str:
    """The reply for a chat-completion request's ``messages``."""
    users = [str(m.get("content", "")) for m in messages if m.get("role") == "user"]
    prompt = users[0] if users else ""
    card = card_data(prompt)
    task = card.get("task") or "reply"
    english = card.get("language") == "en"
    ty = card.get("address") == "ty"
    public = card.get("channel") == "public"
    name, greet = card.get("name"), card.get("greet")
    emoji = card.get("emoji_sample") if card.get("emoji") else None
    notes = _block(prompt, "ЗАМЕТКИ_ОПЕРАТОРА")
    notes = "" if notes.startswith("(") else notes
    message = _block(prompt, "СООБЩЕНИЕ_КЛИЕНТА")

    if task == "rewrite":
        reply = _block(prompt, "ОТВЕТ_ОПЕРАТОРА")
        if card.get("preset") == "shorter":
            reply = re.split(r"(?<=[.!?])\s", reply, maxsplit=1)[0]
        return reply

    head = ", ".join(str(part) for part in (greet, name) if part)

    if english:
        body = _sentence(notes) if notes else "Could you tell me which payment you mean?"
        return f"{head}, {body[:1].lower()}{body[1:]}" if head else body

    if task == "holding":
        when = _sentence(notes) if notes else "Вернусь с ответом через [срок]."
        on_it = "Уже разбираюсь с твоим вопросом." if ty else "Уже разбираюсь с вашим вопросом."
        body = f"{on_it} {when}"
    elif notes:
        body = _sentence(notes)
    else:
        body = (
            "Уточни, пожалуйста, о какой операции речь?"
            if ty
            else ("Уточните, пожалуйста, о какой операции речь?")
        )
    data = _PLACEHOLDER.findall(message)
    if data and not public and task != "holding":
        body += f" Проверили по {data[0]}."
    text = f"{head}, {body[:1].lower()}{body[1:]}" if head else body
    if emoji:
        mark = str(emoji)
        text += mark if set(mark) <= set(")(") else f" {mark}"
    return text
