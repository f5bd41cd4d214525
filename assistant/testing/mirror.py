"""The *mirror* model of the fake server: a deterministic reply written from the prompt.

It reads what a real model would read — the style card (name, greeting, ты/вы, emoji,
language), the operator's notes and the task — and writes a short, plausible reply that
follows them. It is no language model: it exists so the app, the browser tests, the eval and
the benchmarks can run end to end without one, and so a wrong prompt shows up as a wrong
reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_NAME = re.compile(r"написано в профиле: «([^»]+)»")
_GREET = re.compile(r"поздоровайтесь в ответ[^«]*«([^»]+)»")
_EMOJI = re.compile(r"Эмодзи или смайликов — не больше[^«]*«([^»]+)»")
_PLACEHOLDER = re.compile(r"\[[А-ЯЁA-Z]+_\d+\]")


def _block(text: str, name: str) -> str:
    m = re.search(rf"<<<{name}>>>\n(.*?)\n<<<КОНЕЦ_[^>]*>>>", text, re.S)
    return m.group(1).strip() if m else ""


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" .")
    return text[:1].upper() + text[1:] + "." if text else ""


def mirror_reply(messages: Sequence[dict[str, Any]]) -> str:
    """The reply for a chat-completion request's ``messages``."""
    users = [str(m.get("content", "")) for m in messages if m.get("role") == "user"]
    task = users[0] if users else ""
    last = users[-1] if users else ""
    english = "по-английски" in task
    ty = "отвечайте на «ты»" in task
    public = "публичный комментарий:" in task
    name = _NAME.search(task)
    greet = _GREET.search(task)
    emoji = _EMOJI.search(task)
    notes = _block(task, "ЗАМЕТКИ_ОПЕРАТОРА")
    notes = "" if notes.startswith("(") else notes
    message = _block(task, "СООБЩЕНИЕ_КЛИЕНТА")

    if "Задача: переписать ответ" in task:
        reply = _block(task, "ОТВЕТ_ОПЕРАТОРА")
        if "короче" in task.split("Как переписать:", 1)[-1].split("\n", 1)[0]:
            reply = re.split(r"(?<=[.!?])\s", reply, maxsplit=1)[0]
        return reply

    opening: list[str] = []
    if greet:
        opening.append(greet.group(1))
    if name:
        opening.append(name.group(1))
    head = ", ".join(opening)

    if english:
        body = _sentence(notes) if notes else "Could you tell me which payment you mean?"
        return f"{head}, {body[:1].lower()}{body[1:]}" if head else body

    if "промежуточный ответ" in task:
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
    if data and not public and "промежуточный ответ" not in task:
        body += f" Проверили по {data[0]}."
    if "Перепиши черновик выше" in last:
        body = body.replace("  ", " ")
    text = f"{head}, {body[:1].lower()}{body[1:]}" if head else body
    if emoji:
        mark = emoji.group(1)
        text += mark if set(mark) <= set(")(") else f" {mark}"
    return text
