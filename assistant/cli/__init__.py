"""Command line: ``python -m assistant analyze|lint|draft|eval|rules|users|app``.

Each command module registers itself on :data:`assistant.cli.app.app` when imported.
"""

from __future__ import annotations

from assistant.cli.app import app

# Command modules register on import (keep this list in sync with the modules beside it).
COMMAND_MODULES: tuple[str, ...] = (
    "analyze",
    "lint",
    "draft",
    "eval",
    "rules",
    "users",
    "serve",
    "kb",
)


def main(argv: list[str] | None = None) -> None:
    """Run the command line (``argv`` defaults to ``sys.argv[1:]``)."""
    import importlib
    import sys

    from assistant.cli.common import normalize_argv

    for name in COMMAND_MODULES:
        importlib.import_module(f"assistant.cli.{name}")
    app(args=normalize_argv(sys.argv[1:] if argv is None else argv), prog_name="tone-assistant")


__all__ = ["app", "main"]
