"""What the drafter returns: the draft, every attempt behind it, and how long it took."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.analyzer.models import StyleProfile
from assistant.lint.models import Finding
from assistant.text.normalize import JsonStr

Mode = Literal["reply", "holding", "rewrite"]

#: Named rewrites; any other text is a free instruction.
RewriteHow = Literal["shorter", "warmer", "formal", "simpler"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Model):
    """A knowledge-base article the draft cites (see :mod:`assistant.knowledge`)."""

    id: str = Field(description="<relative file path>#<heading slug>")
    title: str


class Attempt(_Model):
    """One model answer in the repair loop, as the operator would have seen it."""

    text: str
    findings: list[Finding] = Field(default_factory=list)
    incomplete: bool = False
    leaked: bool = Field(
        default=False, description="The model echoed its instructions; that part was removed."
    )
    duration_ms: float = 0.0
    sources: list[Source] = Field(default_factory=list)


class Timings(_Model):
    """Milliseconds. ``overhead`` is everything but waiting for the model."""

    total: float
    llm: float
    first_token: float | None = None
    overhead: float


class Draft(_Model):
    """A reply draft for the operator to polish. Findings are never hidden."""

    text: str
    variants: list[str] = Field(
        default_factory=list,
        description="All distinct variants when more than one was asked for; variants[0] == text.",
    )
    profile: StyleProfile
    findings: list[Finding] = Field(default_factory=list)
    attempts: list[Attempt] = Field(default_factory=list)
    directives: list[JsonStr] = Field(default_factory=list)
    incomplete: bool = False
    error: str | None = Field(
        default=None, description="A revision failed; the text is the last good attempt."
    )
    model: str
    prompt_id: str
    prompt_version: str
    mode: Mode
    timings: Timings
    sources: list[Source] = Field(
        default_factory=list, description="Knowledge-base articles the final text cites."
    )

    @property
    def blocking(self) -> list[Finding]:
        """Findings at error or warning level that remain in the final text."""
        return [f for f in self.findings if f.blocking]


class Revising(_Model):
    """Streamed between attempts: the previous text is being revised for these findings."""

    attempt: int
    findings: list[Finding]
    variant: int = 0
