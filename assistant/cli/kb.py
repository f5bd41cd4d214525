"""``python -m assistant kb check|search``: the knowledge base from the command line.

``check`` prints ``file:line: problem`` for every duplicate title, expired article and piece
of personal data, and exits 1 on any problem (0 when the base is fine). ``search`` shows the
best articles for a question with their BM25 scores (``--json``: one JSON object).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import common
from assistant.cli.app import app

kb_app = typer.Typer(help="База знаний: проверка и поиск.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

_DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="Папка базы знаний (по умолчанию — ASSISTANT_KNOWLEDGE_DIR)."),
]


def _directory(directory: Path | None) -> Path:
    if directory is not None:
        return directory
    from assistant.config import get_settings

    configured = get_settings().knowledge_dir
    if configured is None:
        typer.echo("Ошибка: база знаний не задана (ASSISTANT_KNOWLEDGE_DIR).", err=True)
        raise typer.Exit(2)
    return configured


@kb_app.command("check")
def check_command(directory: _DirOption = None) -> None:
    """Проверить базу: повторы заголовков, просроченные статьи, личные данные."""
    from assistant.errors import KnowledgeError
    from assistant.knowledge.check import check_articles
    from assistant.knowledge.loader import load_articles

    root = _directory(directory)
    try:
        articles = load_articles(root)
    except KnowledgeError as exc:
        typer.echo(f"Ошибка: {exc}", err=True)
        raise typer.Exit(1) from None
    problems = check_articles(articles)
    for p in problems:
        typer.echo(f"{p.path}:{p.line}: [{p.kind}] {p.message}")
    files = len({a.path for a in articles})
    verdict = f"проблем: {len(problems)}" if problems else "всё в порядке"
    typer.echo(f"Статей: {len(articles)} в {files} файлах; {verdict}.", err=bool(problems))
    if problems:
        raise typer.Exit(1)


@kb_app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="Вопрос клиента («-» — из stdin).")],
    k: Annotated[int, typer.Option("--top", "-k", min=1, max=50, help="Сколько статей.")] = 3,
    channel: Annotated[str | None, typer.Option(help="private или public.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Вывод одним объектом JSON.")] = False,
    directory: _DirOption = None,
) -> None:
    """Найти статьи, отвечающие на вопрос, с оценками."""
    from assistant.errors import KnowledgeError
    from assistant.knowledge.index import get_index

    common.require_choice(channel, ("private", "public"), "--channel")
    text = sys.stdin.read() if query == "-" else query
    try:
        index = get_index(_directory(directory))
    except KnowledgeError as exc:
        typer.echo(f"Ошибка: {exc}", err=True)
        raise typer.Exit(1) from None
    hits = index.search(text, k=k, channel=channel)  # type: ignore[arg-type]
    if as_json:
        payload = {
            "query": text,
            "corrected": index.query(text).corrected,
            "hits": [
                {"id": h.article.id, "title": h.article.title, "score": h.score} for h in hits
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if not hits:
        typer.echo("Ничего не найдено: в базе нет статьи на этот вопрос.")
        return
    for h in hits:
        typer.echo(f"{h.score:7.2f}  {h.article.title}  ({h.article.id})")
