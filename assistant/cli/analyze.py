"""``python -m assistant analyze``: the style profile of a message, or of a JSONL batch.

Batch mode (``--jsonl``) reads JSON objects from stdin, one per line: ``text`` (required),
``nickname`` and ``history`` (optional); every other key (``id``…) is copied to the output
line, which adds ``"profile"``. A bad line gets an ``"error"`` instead and the run goes on.
Exit status: 0 — every line analysed; 1 — at least one line failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, TextIO

import typer

from assistant.analyzer import analyze
from assistant.analyzer.models import StyleProfile
from assistant.cli.app import app
from assistant.errors import InputError

EXIT_FAILED = 1

_ADDRESS = {"ty": "на «ты»", "vy": "на «вы»", "none": "не определено"}
_MOOD = {"positive": "позитивное", "neutral": "нейтральное", "negative": "негативное",
         "angry": "злое"}  # fmt: skip
_REGISTER = {"formal": "официальный", "neutral": "нейтральный", "casual": "разговорный",
             "slang": "сленг"}  # fmt: skip


class LineError(ValueError):
    """A JSONL line that cannot be analysed (its message goes into ``"error"``)."""


def _dumps(obj: dict[str, Any]) -> str:
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes in the input
        line = json.dumps(obj, ensure_ascii=True)
    return line


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LineError(f"строка не в UTF-8: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise LineError(f"неверный JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise LineError("ожидался JSON-объект с полем «text»")
    return obj


def _profile(obj: dict[str, Any]) -> StyleProfile:
    text = obj.get("text")
    if not isinstance(text, str):
        raise LineError("нет поля «text» (строка)")
    nickname = obj.get("nickname")
    if nickname is not None and not isinstance(nickname, str):
        raise LineError("поле «nickname» должно быть строкой или null")
    history = obj.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise LineError("поле «history» должно быть списком строк")
    return analyze(text, nickname=nickname, history=history)


def run_jsonl(lines: Iterable[bytes], out: TextIO) -> int:
    """Analyse every line; write one output line per non-blank input line; count failures."""
    failed = 0
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        result: dict[str, Any] = {}
        try:
            obj = _parse(raw)
            result = {k: v for k, v in obj.items() if k != "profile"}
            result["profile"] = _profile(obj).model_dump(mode="json")
        except (LineError, InputError) as exc:
            failed += 1
            result.pop("profile", None)
            result["error"] = str(exc)
            result.setdefault("line", lineno)
        out.write(_dumps(result) + "\n")
        out.flush()
    return failed


def _stdin_lines() -> Iterator[bytes]:
    yield from sys.stdin.buffer


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
    text: Annotated[
        str | None, typer.Argument(help="Сообщение клиента («-» — прочитать из stdin).")
    ] = None,
    nickname: Annotated[str | None, typer.Option(help="Имя клиента из профиля.")] = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Пакетный режим: JSONL из stdin в stdout.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Вывести профиль как JSON.")] = False,
) -> None:
    """Анализ стиля входящего сообщения: эмодзи, приветствие, ты/вы, имя, срочность."""
    if jsonl:
        failed = run_jsonl(_stdin_lines(), sys.stdout)
        raise typer.Exit(EXIT_FAILED if failed else 0)
    if text is None or text == "-":
        text = sys.stdin.read()
    try:
        profile = analyze(text, nickname=nickname)
    except InputError as exc:
        typer.echo(f"Ошибка: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    if as_json:
        typer.echo(_dumps(profile.model_dump(mode="json")))
    else:
        print_summary(profile)
