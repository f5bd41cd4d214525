"""One conversation with one customer: the unit of work of the operator screen.

Everything that belongs to one customer lives in a :class:`Conversation`: the message, the
name, the history, the notes, the channel, the style profile, the drafts and their variants,
the idempotency key of the send and the status. The screen keeps exactly one of them;
«Следующий клиент» and a successful send replace it with a fresh one at once, so nothing of
a previous customer can reach the next prompt. Prompts are built only from
:meth:`Conversation.draft_options` (no gradio here; tests use it directly).

The findings are not stored here: they are derived from the reply on every keystroke by the
live lint, which runs while a draft streams; if it wrote this state it could overwrite the
draft's write. They live beside it (the screen's ``found`` state) and are emptied by the
same reset (:class:`~assistant.ui.views.Screen`); the send lints again on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypedDict, Unpack

from pydantic import BaseModel, ConfigDict, Field

from assistant.analyzer.models import StyleProfile
from assistant.drafter.models import Source
from assistant.lint.models import Channel
from assistant.outbox.models import new_key

Status = Literal["new", "drafted"]  # a sent conversation is replaced by a new one


def split_history(history: str | Sequence[str] | None) -> list[str]:
    """Earlier messages of the conversation: one per non-empty line of a text box."""
    if history is None:
        return []
    lines = history.splitlines() if isinstance(history, str) else list(history)
    return [line.strip() for line in lines if line and line.strip()]


def channel_of(value: str | None) -> Channel:
    return "public" if value == "public" else "private"


class ScreenFields(TypedDict, total=False):
    """What the operator typed for the customer (the text boxes of the screen)."""

    message: str
    nickname: str
    channel: str
    history: str | Sequence[str]
    notes: str


class Conversation(BaseModel):
    """The state of one conversation; a new customer gets a new object, never an edit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(default_factory=new_key, description="Idempotency key of the send.")
    message: str = ""
    nickname: str = ""
    channel: Channel = "private"
    history: list[str] = Field(default_factory=list)
    notes: str = ""
    profile: StyleProfile | None = None
    first_draft: str | None = None
    variants: list[str] = Field(default_factory=list)
    model: str | None = None
    prompt_version: str | None = None
    prefill: str = Field(default="", description="The mirrored opening put in the reply box.")
    last_action: str = "draft"
    excluded: list[str] = Field(
        default_factory=list,
        description="Knowledge-base articles the operator left out of this customer's drafts.",
    )
    sources: list[Source] = Field(
        default_factory=list, description="The articles the last draft cited (the panel)."
    )
    status: Status = "new"
    after_sent: str | None = Field(
        default=None,
        description="Key of the reply just sent: its notice stays until this conversation "
        "starts, and a click made before the reset repeats that send instead of a new one.",
    )

    @classmethod
    def of(cls, value: Any) -> Conversation:
        """The conversation kept in a gradio state (plain JSON); a fresh one if empty."""
        if isinstance(value, Conversation):
            return value
        if isinstance(value, dict) and value:
            return cls.model_validate(value)
        return cls()

    def state(self) -> dict[str, Any]:
        """Plain JSON for a gradio state."""
        return self.model_dump(mode="json")

    def with_fields(self, **fields: Unpack[ScreenFields]) -> Conversation:
        """The same conversation with what the screen shows now (a field left out: unchanged)."""
        changes: dict[str, Any] = {}
        if (message := fields.get("message")) is not None:
            changes["message"] = message
        if (nickname := fields.get("nickname")) is not None:
            changes["nickname"] = nickname.strip()
        if (channel := fields.get("channel")) is not None:
            changes["channel"] = channel_of(channel)
        if (history := fields.get("history")) is not None:
            changes["history"] = split_history(history)
        if (notes := fields.get("notes")) is not None:
            changes["notes"] = notes
        if any(
            name in changes and changes[name] != getattr(self, name)
            for name in ("message", "nickname", "channel")
        ):
            changes["profile"] = None  # analysed again (the channel decides the public alert)
        return self.model_copy(update=changes)

    def draft_options(self, operator: str | None) -> dict[str, Any]:
        """The conversation part of a prompt: the only customer data a draft ever sees."""
        return {
            "nickname": self.nickname or None,
            "channel": self.channel,
            "history": list(self.history),
            "notes": self.notes,
            "operator": operator or None,
            "exclude_sources": list(self.excluded),
        }

    def drafted(self, *, text: str, variants: Sequence[str], model: str | None,
                prompt_version: str | None, rewrite: bool,
                sources: Sequence[Source] = ()) -> Conversation:  # fmt: skip
        """After a draft or a rewrite: the first draft is kept for the edit distance; a
        rewrite (no knowledge base of its own) keeps the sources of the draft it rewrote."""
        first = self.first_draft if rewrite and self.first_draft else text
        return self.model_copy(
            update={
                "first_draft": first,
                "variants": list(variants) or [text],
                "model": model,
                "prompt_version": prompt_version,
                "status": "drafted",
                "sources": list(sources) or (list(self.sources) if rewrite else []),
            }
        )


__all__ = ["Conversation", "ScreenFields", "Status", "channel_of", "split_history"]
