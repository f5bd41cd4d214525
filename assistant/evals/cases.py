"""Labelled cases as data: the schema of the analyzer and linter corpora in ``eval/``.

One JSON object per line. The models here are the contract between the corpus files, the
corpus tests and the eval suites; loading validates every line and reports ``file:line``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.analyzer.models import Address, Mood, Register
from assistant.lint.models import Channel

Case = TypeVar("Case", bound=BaseModel)


class _Case(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnalyzerLabels(_Case):
    """Gold labels of one incoming message (see the label definitions in the README)."""

    emoji: bool
    greeting: bool
    address: Address
    urgent: bool
    nickname: str | None = Field(default=None, description="Expected profile.nickname.")
    mood: Mood | None = None
    register: Register | None = None


class AnalyzerCase(_Case):
    id: str
    text: str
    nickname: str | None = None
    history: list[str] = Field(default_factory=list)
    labels: AnalyzerLabels
    note: str | None = Field(default=None, description="Why this case is here (a hard case?).")


class LintCase(_Case):
    """A reply with its context and the categories expected at error/warning level."""

    id: str
    text: str
    incoming: str | None = None
    nickname: str | None = None
    channel: Channel = "private"
    notes: str = ""
    expected: list[str] = Field(default_factory=list)
    note: str | None = None
    #: Who wrote the reply (``lint(author=…)``): a model draft unless stated.
    author: Literal["model", "operator"] = "model"


class CaseFileError(ValueError):
    """A corpus line is not valid JSON or does not match the case schema."""


def load_cases(path: Path, model: type[Case]) -> list[Case]:
    """Load and validate every line of a JSONL corpus (blank lines and ``//`` lines skipped)."""
    return list(iter_cases(path, model))


def iter_cases(path: Path, model: type[Case]) -> Iterator[Case]:
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                case = model.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise CaseFileError(f"{path}:{lineno}: {exc}") from exc
            case_id = getattr(case, "id", None)
            if case_id is not None:
                if case_id in seen:
                    raise CaseFileError(f"{path}:{lineno}: duplicate id {case_id!r}")
                seen.add(case_id)
            yield case


LabelKind = Literal["emoji", "greeting", "address", "urgent", "nickname", "mood", "register"]
