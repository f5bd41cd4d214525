"""``python -m assistant draft``: stream a reply draft to the terminal, or draft a JSONL batch.

Exit codes: 0 — a draft was written (findings, if any, are printed after it); 1 — the input
or the model failed; 2 — no model endpoint is configured.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from assistant.cli.app import app
from assistant.llm.client import run_sync

EXIT_FAILED = 1
EXIT_NOT_CONFIGURED = 2

_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}


@app.command("draft")
def draft_command(
    text: Annotated[
        str | None, typer.Argument(help="Сообщение клиента («-» — прочитать из stdin).")
    ] = None,
    nickname: Annotated[str | None, typer.Option(help="Имя клиента из профиля.")] = None,
    notes: Annotated[str, typer.Option(help="Факты оператора: сроки, суммы, решения.")] = "",
    channel: Annotated[str, typer.Option(help="private или public.")] = "private",
    mode: Annotated[str, typer.Option(help="reply или holding (промежуточный ответ).")] = "reply",
    operator: Annotated[str | None, typer.Option(help="Имя оператора.")] = None,
    variants: Annotated[int, typer.Option(min=1, max=5, help="Сколько вариантов.")] = 1,
    jsonl: Annotated[
        Path | None,
        typer.Option(help="Пакетный режим: файл JSONL («-» — stdin); вывод — JSONL в stdout."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Сколько черновиков готовить одновременно.")
    ] = 4,
) -> None:
    """Черновик ответа клиенту: текст идёт потоком, затем замечания линтера."""
    from assistant.config import get_settings
    from assistant.errors import AssistantError, LLMNotConfiguredError
    from assistant.llm.client import ensure_configured

    settings = get_settings()
    try:
        ensure_configured(settings)
    except LLMNotConfiguredError as exc:
        typer.echo(f"Ошибка: {exc}", err=True)
        raise typer.Exit(EXIT_NOT_CONFIGURED) from None
    if channel not in ("private", "public"):
        raise typer.BadParameter("private или public", param_hint="--channel")
    if mode not in ("reply", "holding"):
        raise typer.BadParameter("reply или holding", param_hint="--mode")

    if jsonl is not None:
        source: TextIO = sys.stdin if str(jsonl) == "-" else jsonl.open(encoding="utf-8")
        try:
            run_sync(_batch(source, concurrency))
        finally:
            if source is not sys.stdin:
                source.close()
        return

    if text is None or text == "-":
        if text is None and sys.stdin.isatty():
            raise typer.BadParameter("нужен текст сообщения или --jsonl", param_hint="TEXT")
        text = sys.stdin.read()
    try:
        run_sync(
            _stream_one(
                text,
                nickname=nickname,
                notes=notes,
                channel=channel,
                mode=mode,
                operator=operator,
                variants=variants,
            )
        )
    except LLMNotConfiguredError as exc:
        typer.echo(f"\nОшибка: {exc}", err=True)
        raise typer.Exit(EXIT_NOT_CONFIGURED) from None
    except AssistantError as exc:
        typer.echo(f"\nОшибка: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from None


async def _stream_one(text: str, **kwargs: object) -> None:
    from rich.console import Console

    from assistant.drafter import Draft, Revising, astream_draft

    out = sys.stdout
    console = Console(highlight=False, soft_wrap=True)
    final: Draft | None = None
    shown: list[str] = []  # what the terminal shows of the current attempt
    async for item in astream_draft(text, **kwargs):  # type: ignore[arg-type]
        if isinstance(item, str):
            shown.append(item)
            out.write(item)
            out.flush()
        elif isinstance(item, Revising):
            shown.clear()
            out.write("\n")
            console.print(
                f"[dim]— правлю черновик (попытка {item.attempt}): "
                f"{len(item.findings)} замечаний —[/]"
            )
        else:
            final = item
    out.write("\n")
    if final is None:  # pragma: no cover
        return
    if len(final.attempts) > 1 or "".join(shown).strip() != final.text:
        console.print("[dim]Итоговый текст:[/]")
        out.write(final.text + "\n")
    if final.incomplete:
        console.print("[yellow]Ответ модели оборвался: текст неполный.[/]")
    if final.error:
        console.print(f"[yellow]{final.error}[/]")
    for i, variant in enumerate(final.variants[1:], start=2):
        console.print(f"[dim]Вариант {i}:[/]")
        out.write(variant + "\n")
    if not final.findings:
        console.print("[green]Замечаний нет.[/]")
    for f in final.findings:
        style = _LEVEL_STYLE.get(f.level, "")
        console.print(f"[{style}]{f.level}[/] {f.rule}: «{f.text}» — {f.message}")


async def _batch(source: TextIO, concurrency: int) -> None:
    from assistant.config import get_settings
    from assistant.drafter.batch import adraft_jsonl
    from assistant.jsonl import write_line

    async for row in adraft_jsonl(source, settings=get_settings(), concurrency=concurrency):
        write_line(sys.stdout, row)
