"""The knowledge base's data: articles, search hits and problems found by ``kb check``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafter.models import Source
from assistant.lint.models import Channel


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(_Model):
    """One ``##`` section of a Markdown file in the knowledge folder."""

    id: str = Field(description="<relative file path>#<heading slug>")
    path: str = Field(description="The file, relative to the knowledge folder (POSIX).")
    line: int = Field(ge=1, description="Line of the ``##`` heading.")
    title: str
    body: str
    channel: Channel | None = Field(default=None, description="Only for this channel.")
    valid_until: date | None = None
    tags: tuple[str, ...] = Field(default=(), description="Extra search words.")

    @property
    def source(self) -> Source:
        return Source(id=self.id, title=self.title)

    def expired(self, today: date | None = None) -> bool:
        return self.valid_until is not None and self.valid_until < (today or date.today())

    def passage(self, limit: int = 600) -> str:
        """The body, cut at a sentence end near ``limit`` characters."""
        if len(self.body) <= limit:
            return self.body
        cut = self.body.rfind(". ", 0, limit)
        return self.body[: cut + 1 if cut > 0 else limit].rstrip() + " …"


class Hit(_Model):
    """A search result: the article and its score (higher is better)."""

    article: Article
    score: float


ProblemKind = Literal["duplicate_title", "duplicate_id", "expired", "personal_data", "empty"]


class Problem(_Model):
    """Something ``kb check`` refuses."""

    kind: ProblemKind
    path: str
    line: int
    message: str
