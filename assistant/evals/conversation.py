"""What a drafting check looks at: the conversation a reply answers, and the reply itself.

:class:`Conversation` holds the fields a scenario shares with the drafter's options (the
customer's message, nickname, channel, notes, history, mode); a
:class:`~assistant.evals.scenarios.DraftScenario` adds its id, tags and assertions.
:class:`ReplyCheck` is what every assertion is checked against. Both
:mod:`~assistant.evals.assertions` and :mod:`~assistant.evals.scenarios` import this module,
and it imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.lint.models import Channel

if TYPE_CHECKING:
    from assistant.analyzer.models import StyleProfile
    from assistant.evals.style_match import StyleMatch
    from assistant.lint.models import Finding


class Turn(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["customer", "operator"]
    text: str


class Conversation(BaseModel):
    """The customer's message and what the operator knows about the conversation."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    message: str = Field(min_length=1)
    nickname: str | None = None
    channel: Channel = "private"
    notes: str = ""
    history: list[Turn] = Field(default_factory=list)
    mode: Literal["reply", "holding"] = "reply"

    def known_text(self) -> str:
        """Everything the reply may draw facts from: notes, message, name and history."""
        return "\n".join(
            [self.notes, self.message, self.nickname or "", *(t.text for t in self.history)]
        )


@dataclass
class ReplyCheck:
    """Everything an assertion may look at: the conversation, the reply, both style
    profiles, the reply's lint findings and its style match."""

    scenario: Conversation
    reply: str
    incoming: StyleProfile
    reply_profile: StyleProfile
    findings: list[Finding]
    style: StyleMatch
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.level in ("error", "warning")]
