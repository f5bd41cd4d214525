"""``python -m assistant analyze``: the style profile of a message, or of a JSONL batch.

Batch mode (``--jsonl [PATH]``, stdin without PATH) reads JSON objects, one per line:
``text`` (required), ``nickname`` and ``history`` (optional); every other key (``id``…) is
copied to the output line, which adds ``"profile"``. A bad line gets ``"error"`` instead and
the run goes on (see :mod:`assistant.cli.common`).
Exit status: 0 — analysed; 1 — the input or at least one line failed; 2 — bad usage.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TextIO

import typer

from assistant import jsonl as batch
from assistant.analyzer import analyze
from assistant.analyzer.models import StyleProfile
from assistant.cli import common
from assistant.cli.app import app
from assistant.errors import InputError

_ADDRESS = {"ty": "на «ты»", "vy": "на «вы»", "none": "не определено"}
_MOOD = {"positive": "позитивное", "neutral": "нейтральное", "negative": "негативное",
         "angry": "злое"}  # fmt: skip
_REGISTER = {"formal": "официальный", "neutral": "нейтральный", "casual": "разговорный",
             "slang": "сленг"}  # fmt: skip


def _profile(obj: dict[str, Any], text: str) -> dict[str, Any]:
    nickname = obj.get("nickname")
    if nickname is not None and not isinstance(nickname, str):
        raise InputError("поле «nickname» должно быть строкой или null")
    history = obj.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise InputError("поле «history» должно быть списком строк")
    return analyze(text, nickname=nickname, history=history).model_dump(mode="json")


def run_jsonl(lines: Iterable[bytes], out: TextIO) -> int:
    """Analyse every line; write one output line per non-blank input line; count failures."""
    return batch.run_jsonl(lines, out, "profile", _profile)


def print_summary(profile: StyleProfile) -> None:
    """A readable summary for a person at a terminal."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Профиль стиля", show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    emoji = ", ".join(f"{i.text} ({i.kind})" for i in profile.emoji.items) or "нет"
    g = profile.greeting
    greeting = f"«{g.text}» ({g.register})" if g.present else "нет"
    reasons = ", ".join(f"{e.label.partition(':')[2]}: «{e.text}»" for e in profile.urgency_reasons)
    rows = [
        ("Язык", profile.language),
        ("Эмодзи", emoji),
        ("Приветствие", greeting),
        ("Обращение", _ADDRESS[profile.address]
         + (f" ({', '.join(e.text for e in profile.address_evidence)})"
            if profile.address_evidence else "")),
        ("Имя", f"{profile.nickname} ({profile.nickname_source})" if profile.nickname else "—"),
        ("Срочно", f"да — {reasons}" if profile.urgent else "нет"),
        ("Настроение", _MOOD[profile.mood]),
        ("Регистр", _REGISTER[profile.register]),
        ("Слов / абзацев", f"{profile.habits.words} / {profile.habits.paragraphs}"),
    ]  # fmt: skip
    if profile.injection_suspected:
        rows.append(("[red]Инъекция[/]", ", ".join(e.label for e in profile.injection_evidence)))
    if profile.hidden_characters:
        rows.append(("Скрытые символы", str(len(profile.hidden_characters))))
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)


@app.command("analyze")
def analyze_command(
    text: common.MessageArgument = None,
    nickname: common.NicknameOption = None,
    jsonl: common.JsonlOption = None,
    as_json: common.JsonOption = False,
) -> None:
    """Анализ стиля входящего сообщения: эмодзи, приветствие, ты/вы, имя, срочность."""
    if jsonl is not None:
        with common.open_jsonl(jsonl, text) as source:
            common.finish_batch(run_jsonl(source, sys.stdout))
        return
    text = common.read_text(text)
    try:
        profile = analyze(text, nickname=nickname)
    except InputError as exc:
        raise common.fail(str(exc)) from exc
    if as_json:
        typer.echo(batch.dumps({"profile": profile.model_dump(mode="json")}))
    else:
        print_summary(profile)
