"""The root Typer application; each command lives in its own module beside this one.

:class:`Typer` is ``typer.Typer`` with the project's defaults: no shell-completion options,
plain tracebacks, and the ``--help`` option described in Russian like every other option.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

HELP_OPTION_TEXT = "Показать эту справку и выйти."
F = TypeVar("F", bound=Callable[..., Any])


class _RussianHelp:
    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class Command(_RussianHelp, TyperCommand):
    """A command whose ``--help`` is described in Russian."""


class Group(_RussianHelp, TyperGroup):
    """A group of commands whose ``--help`` is described in Russian."""


class Typer(typer.Typer):
    """``typer.Typer`` with the project's defaults (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
        kwargs.setdefault("cls", Command)
        decorator: Callable[[F], F] = super().command(name, **kwargs)
        return decorator


app = Typer(
    name="assistant",
    help="Анализ стиля, линтер и черновики ответов для поддержки в соцсетях и чатах.",
    no_args_is_help=True,
)
