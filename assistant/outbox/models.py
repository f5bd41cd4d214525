"""What the outbox stores: one append-only record per sent reply (no SQLAlchemy here)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import InputError
from assistant.lint.models import Channel, Finding


class KeyConflictError(InputError):
    """The idempotency key was already used by another operator: their record stays theirs."""

    def __init__(self) -> None:
        super().__init__(
            "Этот ключ отправки уже использован другим оператором: ответ не отправлен. "
            "Обновите страницу (будет новый ключ) и отправьте ещё раз; текст остался в окне."
        )


def new_key() -> str:
    """A fresh idempotency key for one reply being composed."""
    return uuid.uuid4().hex


class SendRequest(BaseModel):
    """A reply the operator is sending, with everything needed to audit it later.

    ``key`` is the idempotency key: the app keeps one key per composed reply, so a double
    click or a retried request with the same key stores one record.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1, description="The final reply text as sent.")
    key: str = Field(default_factory=new_key, min_length=1, max_length=128)
    operator: str = Field(default="", max_length=200)
    channel: Channel = "private"
    incoming: str = ""
    nickname: str | None = Field(default=None, max_length=200)
    profile: dict[str, Any] | None = None
    first_draft: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    override: bool = False
    override_reason: str | None = None
    model: str | None = Field(default=None, max_length=200)
    prompt_version: str | None = Field(default=None, max_length=100)


class SentReply(BaseModel):
    """One stored reply. ``edit_distance`` is the Levenshtein distance draft → final."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    key: str
    created_at: datetime
    operator: str
    channel: Channel
    incoming: str
    nickname: str | None
    profile: dict[str, Any] | None
    first_draft: str | None
    final_text: str
    findings: list[Finding]
    override: bool
    override_reason: str | None
    edit_distance: int | None
    model: str | None
    prompt_version: str | None

    @property
    def error_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]
