"""``python -m assistant lint``: check a reply, or a JSONL batch of replies.

Exit codes: 0 — checked (findings do not fail the command); 1 — bad input (a bad JSONL line
fails the run at the end, the other lines are still checked); 2 — the rule set is broken.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any, TextIO, cast

import typer

from assistant import jsonl as batch
from assistant.cli.app import app
from assistant.lint.models import Author, Channel

EXIT_BAD_INPUT = 1
EXIT_BROKEN_RULES = 2

LEVEL_STYLE = {
    "error": "bold white on red",
    "warning": "black on yellow",
    "suggestion": "underline cyan",
}
LEVEL_NAME = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}
_FIELDS = ("text", "incoming", "nickname", "channel", "notes")


def _load_rules() -> Any:
    from assistant.errors import RuleError
    from assistant.lint import get_rules

    try:
        return get_rules()
    except RuleError as exc:
        typer.echo(f"Правила не загружены, линтер не запущен:\n{exc}", err=True)
        raise typer.Exit(EXIT_BROKEN_RULES) from None


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


def run_jsonl(source: TextIO, sink: TextIO, rules: Any) -> int:
    """Lint every line of ``source``; returns how many lines failed."""
    return batch.run_jsonl(
        source, sink, "findings", lambda record, text: _findings(record, text, rules)
    )


def render(text: str, findings: list[Any], why: dict[str, str] | None = None) -> None:
    """Print the reply with the findings highlighted, then the list of messages; with
    ``why`` (rule → explanation, ``--verbose``) each rule's "why" once, after the list."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    marked = Text(text)
    for f in sorted(findings, key=lambda f: -_rank(f.level)):
        marked.stylize(LEVEL_STYLE[f.level], f.start, max(f.end, f.start + 1))
    console.print(marked)
    console.print()
    if not findings:
        console.print("[green]Замечаний нет.[/]")
        return
    for i, f in enumerate(findings, start=1):
        head = Text(f"{i}. ")
        head.append(LEVEL_NAME[f.level], style=LEVEL_STYLE[f.level])
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
    nickname: Annotated[str | None, typer.Option(help="Имя клиента из профиля.")] = None,
    channel: Annotated[str, typer.Option(help="private или public.")] = "private",
    notes: Annotated[str, typer.Option(help="Факты оператора: суммы, сроки, решения.")] = "",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Пакетный режим: JSONL из stdin, JSONL в stdout.")
    ] = False,
    author: Annotated[
        str, typer.Option(help="Кто написал текст: operator или model (черновик модели).")
    ] = "operator",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Объяснить каждое правило (один раз).")
    ] = False,
) -> None:
    """Проверить ответ клиенту: канцелярит, приветствия, редиректы, имя, ты/вы, эмодзи, данные."""
    from assistant.errors import AssistantError
    from assistant.lint import lint

    rules = _load_rules()
    if jsonl:
        if text is not None:
            raise typer.BadParameter("в режиме --jsonl текст читается из stdin", param_hint="TEXT")
        failed = run_jsonl(sys.stdin, sys.stdout, rules)
        if failed:
            typer.echo(f"Строк с ошибками: {failed}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        return
    if text is None or text == "-":
        text = sys.stdin.read()
    if channel not in ("private", "public"):
        raise typer.BadParameter("private или public", param_hint="--channel")
    if author not in ("operator", "model"):
        raise typer.BadParameter("operator или model", param_hint="--author")
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
        typer.echo(f"Ошибка: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    from assistant.lint import explain

    why = {f.rule: explain(f.rule, rules) for f in findings} if verbose else None
    render(text, findings, why)
