"""Every command, argument and option of the command line is described in Russian."""

from __future__ import annotations

import importlib
from typing import Any

import regex
import typer

from assistant.cli import COMMAND_MODULES, app
from tests.support.cli import run_assistant

CYRILLIC = regex.compile(r"\p{Cyrillic}")


def _walk(command: Any, path: str = "") -> list[tuple[str, Any]]:
    found = [(path or "tone-assistant", command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _walk(sub, f"{path} {name}".strip())
    return found


def test_every_help_text_is_russian() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"assistant.cli.{name}")
    commands = _walk(typer.main.get_command(app))
    assert {"analyze", "lint", "draft", "eval", "app", "rules check", "users add"} <= {
        path for path, _ in commands
    }
    english = []
    for path, command in commands:
        if not CYRILLIC.search(command.help or ""):
            english.append(f"{path}: {command.help!r}")
        for param in command.params:
            text = getattr(param, "help", None)
            if text is not None and not CYRILLIC.search(text):
                english.append(f"{path} {param.name}: {text!r}")
    assert not english, "\n".join(english)


def test_the_help_option_itself_is_russian() -> None:
    shown = run_assistant("lint", "--help")
    assert shown.returncode == 0
    assert "Показать эту справку и выйти." in shown.stdout
    assert "Show this message" not in shown.stdout
