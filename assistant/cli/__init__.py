"""Command line: ``python -m assistant analyze|lint|draft|rules|eval``.

Each command module registers itself on :data:`assistant.cli.app.app` when imported.
"""

from __future__ import annotations

from assistant.cli.app import app

# Command modules register on import (keep this list in sync with the modules beside it).
COMMAND_MODULES: tuple[str, ...] = ("users", "eval", "draft", "analyze", "lint", "rules", "kb")


def main() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"assistant.cli.{name}")
    app()


__all__ = ["app", "main"]
