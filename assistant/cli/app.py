"""The root Typer application; each command lives in its own module beside this one."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="assistant",
    help="Анализ стиля, линтер и черновики ответов для поддержки в соцсетях и чатах.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
