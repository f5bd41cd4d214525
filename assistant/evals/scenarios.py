"""Drafting scenarios as data: ``eval/drafting/*.yaml``.

A scenario file holds a list of scenarios under ``scenarios:`` and, optionally, assertions
every scenario of the file gets under ``defaults:`` (a scenario's own assertion of the same
type replaces the default one)::

    defaults:
      - type: lint_clean
      - type: mirrors_emoji
    scenarios:
      - id: angry-card-blocked-abroad
        situation: angry            # a tag the report groups by
        message: "Карту заблокировали прямо в аэропорту!!! Что мне делать???"
        nickname: Артём
        channel: private            # or public
        notes: карту разблокировали в 14:05, повторная оплата пройдёт
        history:
          - {role: customer, text: "…"}
        mode: reply                 # or holding (a quick "we are on it" reply)
        assert:
          - type: mentions_facts
            facts: [["разблокир", "разблокировали"]]
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.evals.assertions import Assertion
from assistant.evals.cases import CaseFileError
from assistant.evals.conversation import Conversation, Turn
from assistant.evals.store import fingerprint

Situation = Literal[
    "angry",
    "joke",
    "dry",
    "newcomer",
    "public_pii",
    "outage",
    "holding",
    "redirect",
    "nickname",
    "injection",
    "other",
]

__all__ = ["Conversation", "DraftScenario", "ScenarioFile", "Turn", "load_scenarios"]


class DraftScenario(Conversation):
    """One message to draft a reply to, with the assertions the reply must pass."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    situation: Situation = "other"
    description: str = ""
    assertions: list[Assertion] = Field(default_factory=list, alias="assert")

    def fingerprint(self, *extra: str) -> str:
        """A short hash of the scenario: a resumed run redoes a case whose data changed."""
        return fingerprint(self, *extra)


class ScenarioFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = ""
    defaults: list[Assertion] = Field(default_factory=list)
    scenarios: list[DraftScenario] = Field(min_length=1)


def _merge(defaults: list[Assertion], own: list[Assertion]) -> list[Assertion]:
    own_types = {a.type for a in own}
    return [a for a in defaults if a.type not in own_types] + list(own)


def load_scenarios(
    paths: list[Path], defaults: list[Assertion] | None = None
) -> list[DraftScenario]:
    """Load scenario files; suite ``defaults`` come first, then the file's, then the case's."""
    out: list[DraftScenario] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            data = ScenarioFile.model_validate(raw)
        except (yaml.YAMLError, ValidationError) as exc:
            raise CaseFileError(f"{path}: {exc}") from exc
        file_defaults = _merge(list(defaults or []), data.defaults)
        for sc in data.scenarios:
            if sc.id in seen:
                raise CaseFileError(f"{path}: duplicate scenario id {sc.id!r} (see {seen[sc.id]})")
            seen[sc.id] = path
            out.append(sc.model_copy(update={"assertions": _merge(file_defaults, sc.assertions)}))
    return out
