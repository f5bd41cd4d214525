"""``python -m assistant draft``: stream a reply draft to the terminal, or draft a JSONL batch.

Exit codes: 0 — a draft was written (findings, if any, are printed after it); 1 — the input
or the model failed (in ``--jsonl`` mode: at least one line failed); 2 — bad usage or no
model endpoint configured.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated, Any

import typer

from assistant.cli import common
from assistant.cli.app import app
from assistant.llm.client import run_sync


@app.command("draft")
def draft_command(
    text: common.MessageArgument = None,
    nickname: common.NicknameOption = None,
    notes: common.NotesOption = "",
    channel: common.ChannelOption = "private",
    mode: Annotated[str, typer.Option(help="reply или holding (промежуточный ответ).")] = "reply",
    operator: Annotated[str | None, typer.Option(help="Имя оператора.")] = None,
    variants: Annotated[int, typer.Option(min=1, max=5, help="Сколько вариантов.")] = 1,
    jsonl: common.JsonlOption = None,
    as_json: common.JsonOption = False,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Сколько черновиков готовить одновременно.")
    ] = 4,
) -> None:
    """Черновик ответа клиенту: текст идёт потоком, затем замечания линтера."""
    from assistant.config import get_settings
    from assistant.errors import AssistantError, LLMNotConfiguredError
    from assistant.llm.client import ensure_configured

    settings = get_settings()
    common.require_choice(channel, ("private", "public"), "--channel")
    common.require_choice(mode, ("reply", "holding"), "--mode")
    try:
        ensure_configured(settings)
    except LLMNotConfiguredError as exc:
        raise common.fail(str(exc), common.EXIT_USAGE) from None

    if jsonl is not None:
        with common.open_jsonl(jsonl, text) as source:
            common.finish_batch(run_sync(_batch(source, concurrency)))
        return

    text = common.read_text(text)
    kwargs: dict[str, Any] = {
        "nickname": nickname,
        "notes": notes,
        "channel": channel,
        "mode": mode,
        "operator": operator,
        "variants": variants,
    }
    try:
        run_sync(_json_one(text, **kwargs) if as_json else _stream_one(text, **kwargs))
    except LLMNotConfiguredError as exc:
        raise common.fail(str(exc), common.EXIT_USAGE) from None
    except AssistantError as exc:
        typer.echo("", err=True)
        raise common.fail(str(exc)) from None


async def _json_one(text: str, **kwargs: Any) -> None:
    from assistant.drafter import adraft
    from assistant.drafter.batch import draft_summary
    from assistant.jsonl import dumps

    typer.echo(dumps({"draft": draft_summary(await adraft(text, **kwargs))}))


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
        style, level = common.LEVEL_STYLE[f.level], common.LEVEL_NAME[f.level]
        console.print(f"[{style}]{level}[/] {f.rule}: «{f.text}» — {f.message}")


async def _batch(source: Iterable[bytes], concurrency: int) -> int:
    """Draft every line, write each output line in input order; how many lines failed."""
    from functools import partial

    from assistant.config import get_settings
    from assistant.drafter.batch import draft_record
    from assistant.jsonl import aiter_jsonl, write_line

    handler = partial(draft_record, settings=get_settings())
    failed = 0
    async for row, ok in aiter_jsonl(source, "draft", handler, concurrency=concurrency):
        failed += not ok
        write_line(sys.stdout, row)
    return failed
