"""``python -m assistant eval``: run eval suites, print tables, write JSON/HTML, gate CI.

Exit codes: 0 — every threshold met; 1 — a threshold missed (or a case errored);
2 — bad input (unknown suite, broken data file, no model configured for a drafting suite).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app


@app.command("eval")
def eval_command(
    suites: Annotated[
        list[str] | None,
        typer.Argument(help="Наборы (имя файла в eval/suites или путь); по умолчанию все."),
    ] = None,
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Без модели: только анализатор и линтер.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Записать HTML-отчёт (открывается офлайн).")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Записать результаты в JSON.")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="JSON прошлого прогона: показать разницу.")
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=256, help="Черновиков одновременно.")
    ] = 8,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", help="Папка прогона: дописать и не повторять готовые случаи."),
    ] = None,
    ablation: Annotated[
        bool | None,
        typer.Option(
            "--ablation/--no-ablation",
            help="Черновики ещё и без карточки стиля (по умолчанию — как в наборе).",
        ),
    ] = None,
    judge: Annotated[
        bool, typer.Option("--judge", help="Спросить LLM-судью по рубрикам из eval/judge.")
    ] = False,
    suites_dir: Annotated[
        Path | None, typer.Option("--suites-dir", help="Где искать наборы (eval/suites).")
    ] = None,
) -> None:
    """Оценить анализатор, линтер и черновики на наборах из eval/suites."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from assistant.errors import AssistantError
    from assistant.evals.cases import CaseFileError
    from assistant.evals.html import write_html
    from assistant.evals.report import print_report, read_json, write_json
    from assistant.evals.runner import EvalOptions, evaluate
    from assistant.evals.runner import Progress as Step

    console = Console(stderr=True)
    previous = None
    if baseline is not None:
        try:
            previous = read_json(baseline)
        except (OSError, ValueError) as exc:
            console.print(f"[red]Не читается --baseline {baseline}: {exc}[/]")
            raise typer.Exit(2) from exc
    options = EvalOptions(
        suites=tuple(suites or ()),
        no_llm=no_llm,
        concurrency=concurrency,
        run_dir=resume,
        ablation=ablation,
        judge=judge,
        suites_dir=suites_dir,
    )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def on_progress(step: Step) -> None:
            if step.suite not in tasks:
                tasks[step.suite] = bar.add_task(step.suite, total=step.total)
            bar.update(tasks[step.suite], completed=step.done, total=step.total)

        try:
            result = evaluate(options, on_progress)
        except (CaseFileError, AssistantError) as exc:
            console.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from exc
    if previous is not None:
        result = result.compare(previous, str(baseline))
    print_report(result, Console())
    if json_path is not None:
        write_json(result, json_path)
        console.print(f"JSON: {json_path}")
    if report is not None:
        write_html(result, report)
        console.print(f"HTML: {report}")
    raise typer.Exit(0 if result.passed else 1)
