"""``python -m assistant lint``: check a reply, or a JSONL batch of replies.

Exit codes (as linters do): 0 — no error-level finding (or ``--exit-zero``); 1 — an
error-level finding, or bad input (a bad JSONL line fails the run at the end, the other lines
are still checked); 2 — bad usage or a broken rule set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated, Any, TextIO, cast

import typer

from assistant import jsonl as batch
from assistant.cli import common
from assistant.cli.app import app
from assistant.lint.models import Author, Channel

_FIELDS = ("text", "incoming", "nickname", "channel", "notes")


def _load_rules() -> Any:
    from assistant.errors import RuleError
    from assistant.lint import get_rules

    try:
        return get_rules()
    except RuleError as exc:
        typer.echo(f"Правила не загружены, линтер не запущен:\n{exc}", err=True)
        raise typer.Exit(common.EXIT_USAGE) from None


def _findings(record: dict[str, Any], text: str, rules: Any) -> list[dict[str, Any]]:
    """The findings of one JSONL record (``text`` already checked to be a string)."""
    from assistant.errors import InputError
    from assistant.lint import lint

    for key in ("incoming", "nickname", "notes"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"поле {key} должно быть строкой")
    channel = record.get("channel") or "private"
    if channel not in ("public", "private"):
        raise InputError(f"channel: public или private, а не {channel!r}")
    author = record.get("author") or "operator"
    if author not in ("model", "operator"):
        raise InputError(f"author: model или operator, а не {author!r}")
    findings = lint(
        text,
        incoming=record.get("incoming"),
        nickname=record.get("nickname"),
        channel=cast(Channel, channel),
        notes=record.get("notes") or "",
        rules=rules,
        author=cast(Author, author),
    )
    return [f.model_dump() for f in findings]


def run_jsonl(source: Iterable[bytes | str], sink: TextIO, rules: Any) -> tuple[int, bool]:
    """Lint every line of ``source``: how many lines failed, and whether any error was found."""
    found_error = False

    def handler(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
        nonlocal found_error
        findings = _findings(record, text, rules)
        found_error = found_error or any(f["level"] == "error" for f in findings)
        return findings

    return batch.run_jsonl(source, sink, "findings", handler), found_error


def render(text: str, findings: list[Any], why: dict[str, str] | None = None) -> None:
    """Print the reply with the findings highlighted, then the list of messages; with
    ``why`` (rule → explanation, ``--verbose``) each rule's "why" once, after the list."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    marked = Text(text)
    for f in sorted(findings, key=lambda f: -_rank(f.level)):
        marked.stylize(common.LEVEL_STYLE[f.level], f.start, max(f.end, f.start + 1))
    console.print(marked)
    console.print()
    if not findings:
        console.print("[green]Замечаний нет.[/]")
        return
    for i, f in enumerate(findings, start=1):
        head = Text(f"{i}. ")
        head.append(common.LEVEL_NAME[f.level], style=common.LEVEL_STYLE[f.level])
        head.append(f" «{f.text}» ", style="bold")
        head.append(f"[{f.rule}]", style="dim")
        console.print(head)
        console.print(f"   {f.message}")
        if f.suggestions:
            console.print(f"   Замена: {', '.join(f.suggestions)}", style="green")
        if f.hint:
            console.print(f"   Совет: {f.hint}", style="cyan")
    if why:
        console.print()
        for rule, explanation in why.items():
            console.print(f"[bold]{rule}[/]: {explanation}")


def _rank(level: str) -> int:
    return {"error": 0, "warning": 1, "suggestion": 2}[level]


@app.command("lint")
def lint_command(
    text: Annotated[
        str | None, typer.Argument(help="Текст ответа («-» — прочитать из stdin).")
    ] = None,
    incoming: Annotated[str | None, typer.Option(help="Сообщение клиента.")] = None,
    nickname: common.NicknameOption = None,
    channel: common.ChannelOption = "private",
    notes: common.NotesOption = "",
    jsonl: common.JsonlOption = None,
    as_json: common.JsonOption = False,
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help="Код 0, даже если найдены замечания уровня «ошибка»."),
    ] = False,
    author: Annotated[
        str, typer.Option(help="Кто написал текст: operator или model (черновик модели).")
    ] = "operator",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Объяснить каждое правило (один раз).")
    ] = False,
) -> None:
    """Проверить ответ клиенту: канцелярит, приветствия, редиректы, имя, ты/вы, эмодзи, данные.

    Код выхода: 0 — ошибок нет; 1 — есть замечание уровня «ошибка» (если нет --exit-zero)
    или плохой ввод; 2 — неверный вызов или сломанные правила.
    """
    from assistant.errors import AssistantError
    from assistant.lint import lint

    common.require_choice(channel, ("private", "public"), "--channel")
    common.require_choice(author, ("operator", "model"), "--author")
    if jsonl is not None:
        with common.open_jsonl(jsonl, text) as source:
            rules = _load_rules()
            failed, found_error = run_jsonl(source, sys.stdout, rules)
        common.finish_batch(failed)
        _exit_on_errors(found_error, exit_zero)
        return
    text = common.read_text(text)
    rules = _load_rules()
    try:
        findings = lint(
            text,
            incoming=incoming,
            nickname=nickname,
            channel=channel,  # type: ignore[arg-type]
            notes=notes,
            rules=rules,
            author=author,  # type: ignore[arg-type]
        )
    except AssistantError as exc:
        raise common.fail(str(exc)) from None
    if as_json:
        typer.echo(batch.dumps({"findings": [f.model_dump(mode="json") for f in findings]}))
    else:
        from assistant.lint import explain

        why = {f.rule: explain(f.rule, rules) for f in findings} if verbose else None
        render(text, findings, why)
    _exit_on_errors(any(f.level == "error" for f in findings), exit_zero)


def _exit_on_errors(found_error: bool, exit_zero: bool) -> None:
    if found_error and not exit_zero:
        raise typer.Exit(common.EXIT_FAILED)
