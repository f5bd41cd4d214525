"""``python -m assistant eval``: run eval suites, print tables, write JSON/HTML, gate CI.

Exit codes: 0 — every threshold met; 1 — a threshold missed (or a case errored);
2 — bad input (no suites found, a missing suites directory, an unknown suite, a broken data
file, no model configured for a drafting suite).
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
    """Оценить анализатор, линтер и черновики на наборах из eval/suites.

    Код выхода: 0 — все пороги выполнены; 1 — порог не выполнен; 2 — наборов нет,
    папки нет, неизвестный набор, сломанные данные или не настроена модель.
    """
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
    _check_suites_dir(suites_dir, suites or [])
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


def _check_suites_dir(suites_dir: Path | None, names: list[str]) -> None:
    """Exit 2 when the suites directory is missing or holds no suite (a CI gate must not
    pass on nothing)."""
    from assistant.config import get_settings
    from assistant.evals.suites import discover

    folder = suites_dir or get_settings().eval_dir / "suites"
    by_path = [n for n in names if Path(n).suffix in (".yaml", ".yml")]
    if names and len(by_path) == len(names) and suites_dir is None:
        return  # every suite given as a file: the folder is not needed
    if not folder.is_dir():
        typer.echo(f"Нет папки с наборами: {folder}", err=True)
        raise typer.Exit(2)
    if not names and not discover(folder):
        typer.echo(f"В папке {folder} нет наборов (*.yaml)", err=True)
        raise typer.Exit(2)
