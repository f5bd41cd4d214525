"""What every command shares: ``--jsonl [PATH]``, ``--json``, the message options, the exit of a
batch, level names.

The batch contract (``analyze``, ``lint``, ``draft``): ``--jsonl`` reads JSON objects one per
line from ``PATH``, or from stdin when ``PATH`` is missing or ``-``; writes one JSON line per
non-blank input line to stdout (the line format is :mod:`assistant.jsonl`'s: a bad line
gets ``error``/``error_type``/``line`` and the run goes on); exits 1 when any line failed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

EXIT_FAILED = 1
"""A line or the input failed (or, for ``lint``, an error-level finding)."""
EXIT_USAGE = 2
"""Bad usage or a broken setup: unknown option, missing file, broken rules, no model."""

STDIN = "-"

JsonlOption = Annotated[
    str | None,
    typer.Option(
        "--jsonl",
        metavar="[PATH]",
        help="Пакетный режим: JSONL из файла PATH или из stdin (без PATH или «-»); "
        "вывод — JSONL в stdout, по строке на строку.",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Вывести результат как JSON (одна строка).")
]

# The options of the customer's message, one definition for ``analyze``, ``lint``, ``draft``.
MessageArgument = Annotated[
    str | None, typer.Argument(help="Сообщение клиента («-» — прочитать из stdin).")
]
NicknameOption = Annotated[str | None, typer.Option(help="Имя клиента из профиля.")]
ChannelOption = Annotated[str, typer.Option(help="private или public.")]
NotesOption = Annotated[str, typer.Option(help="Факты оператора: суммы, сроки, решения.")]


def require_choice(value: str | None, choices: tuple[str, ...], option: str) -> None:
    """A usage error (exit 2) unless ``value`` is one of ``choices`` (``None``: not given)."""
    if value is not None and value not in choices:
        raise typer.BadParameter(" или ".join(choices), param_hint=option)


#: Finding levels as every command prints them for a person (JSON keeps the English ids).
LEVEL_NAME = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}
LEVEL_STYLE = {
    "error": "bold white on red",
    "warning": "black on yellow",
    "suggestion": "underline cyan",
}


def normalize_argv(argv: Sequence[str]) -> list[str]:
    """``--jsonl`` without a value means stdin: give it ``-`` so the parser sees a value."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        out.append(arg)
        following = argv[i + 1] if i + 1 < len(argv) else None
        if arg == "--jsonl" and (
            following is None or (following.startswith("-") and following != STDIN)
        ):
            out.append(STDIN)
    return out


@contextmanager
def open_jsonl(path: str, text: str | None = None) -> Iterator[BinaryIO]:
    """The JSONL input as bytes (each line is decoded and checked on its own)."""
    if text is not None:
        raise typer.BadParameter(
            "в режиме --jsonl текст берётся из файла или stdin", param_hint="TEXT"
        )
    if path == STDIN:
        yield sys.stdin.buffer
        return
    try:
        source = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        message = f"не открывается {path}: {exc.strerror}"
        raise typer.BadParameter(message, param_hint="--jsonl") from None
    with source:
        yield source


def finish_batch(failed: int) -> None:
    """Exit 1 (with a count on stderr) when any line failed."""
    if failed:
        typer.echo(f"Строк с ошибками: {failed}", err=True)
        raise typer.Exit(EXIT_FAILED)


def read_text(text: str | None) -> str:
    """The TEXT argument, or stdin when it is ``-`` or missing (and stdin is not a terminal)."""
    if text is not None and text != STDIN:
        return text
    if text is None and sys.stdin.isatty():
        raise typer.BadParameter("нужен текст (или «-» для stdin) либо --jsonl", param_hint="TEXT")
    return sys.stdin.read()


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    """Print ``Ошибка: …`` to stderr; the exit to raise."""
    typer.echo(f"Ошибка: {message}", err=True)
    return typer.Exit(code)
