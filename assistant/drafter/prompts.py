"""Prompts as data: ``prompts/<id>.yaml`` files with declared variables, loaded and checked.

A prompt file holds ``id`` (equal to the file name), ``version``, ``description``,
``variables`` (every ``{placeholder}`` used in the messages, no more, no less), ``messages``
(``role`` + ``content`` with ``{placeholders}``; literal braces are written ``{{ }}``) and
optional ``presets`` (named texts a task can pick, e.g. the rewrite instructions).
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.config import get_settings
from assistant.errors import PromptError

Role = Literal["system", "user", "assistant"]
Message = tuple[str, str]


class PromptMessage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Role
    content: str


class Prompt(BaseModel):
    """One prompt file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int = Field(ge=1)
    description: str
    variables: tuple[str, ...]
    messages: tuple[PromptMessage, ...] = Field(min_length=1)
    presets: dict[str, str] = Field(default_factory=dict)

    @property
    def ref(self) -> str:
        """``id@version``, recorded with every draft."""
        return f"{self.id}@{self.version}"

    def placeholders(self) -> set[str]:
        """Every ``{name}`` used in the messages."""
        names: set[str] = set()
        for message in self.messages:
            names |= placeholders_in(message.content)
        return names

    def static_lines(self) -> list[str]:
        """Template lines without placeholders (to recognise a model echoing its prompt)."""
        return [
            line.strip()
            for m in self.messages
            for line in m.content.splitlines()
            if line.strip() and "{" not in line
        ]

    def render(self, **values: str) -> list[Message]:
        """The messages with every declared variable filled in."""
        missing = set(self.variables) - values.keys()
        extra = values.keys() - set(self.variables)
        if missing or extra:
            raise PromptError(
                f"Промпт {self.ref}: не хватает переменных {sorted(missing)}, "
                f"лишние {sorted(extra)}."
            )
        return [(m.role, m.content.format(**values)) for m in self.messages]


def placeholders_in(template: str) -> set[str]:
    """The field names of a ``str.format`` template (``{{`` escapes excluded)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise PromptError(f"Шаблон промпта с ошибкой в фигурных скобках: {exc}") from exc


def load_prompt_file(path: Path) -> Prompt:
    """Load and check one prompt file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        prompt = Prompt.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise PromptError(f"{path}: файл промпта не читается: {exc}") from exc
    if prompt.id != path.stem:
        raise PromptError(f"{path}: id «{prompt.id}» не совпадает с именем файла.")
    used, declared = prompt.placeholders(), set(prompt.variables)
    if used != declared:
        raise PromptError(
            f"{path}: объявленные переменные {sorted(declared)} не совпадают с "
            f"использованными {sorted(used)}."
        )
    if len(declared) != len(prompt.variables):
        raise PromptError(f"{path}: переменные повторяются.")
    return prompt


@lru_cache(maxsize=64)
def _cached(path: Path, mtime_ns: int) -> Prompt:
    return load_prompt_file(path)


def load_prompt(prompt_id: str, directory: Path | None = None) -> Prompt:
    """The prompt ``prompt_id`` from ``directory`` (default: ``settings.prompts_dir``)."""
    directory = directory or get_settings().prompts_dir
    path = directory / f"{prompt_id}.yaml"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise PromptError(f"Нет файла промпта {path}.") from exc
    return _cached(path, mtime)


def prompt_files(directory: Path | None = None) -> list[Path]:
    directory = directory or get_settings().prompts_dir
    return sorted(directory.glob("*.yaml"))
