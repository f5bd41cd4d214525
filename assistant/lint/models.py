"""What the linter reports, and the brand policy it checks against."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.text.normalize import JsonStr

Level = Literal["error", "warning", "suggestion"]
Channel = Literal["public", "private"]
#: Who wrote the text being checked: a model draft or the operator's own typing.
Author = Literal["model", "operator"]

#: The categories of findings. ``promise`` is added by the drafter issue.
CATEGORIES: tuple[str, ...] = (
    "bureaucratic",
    "greeting",
    "redirect",
    "nickname",
    "address",
    "emoji",
    "pii",
    "promise",
    "safety",
)

LEVEL_ORDER: dict[str, int] = {"error": 0, "warning": 1, "suggestion": 2}


class Finding(BaseModel):
    """One problem in a reply, with its span in the original reply text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Rule id, equal to its file path, e.g. 'redirect/call-centre'.")
    category: str
    level: Level
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: JsonStr = Field(description="The flagged part of the reply, as written.")
    message: str = Field(
        description="For the operator, in Russian: what is wrong, in a few words (the rule's "
        "title); the longer why is `explain(rule)`."
    )
    suggestions: list[str] = Field(default_factory=list)
    hint: str = Field(
        default="", description="How to fix it, in Russian (the rule's suggestion text)."
    )

    @property
    def blocking(self) -> bool:
        """Errors and warnings make the drafter revise; errors need 'send anyway'."""
        return self.level in ("error", "warning")


class Policy(BaseModel):
    """Brand choices the linter and drafter respect."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    allow_ty: bool = Field(
        default=True,
        description="Whether «ты» is ever allowed (then only if the customer uses it).",
    )
    allow_emoji: bool = Field(default=True, description="Whether replies may carry emoji at all.")
    max_emoji_over_customer: int = Field(
        default=1, ge=0, description="How many more emoji than the customer a reply may have."
    )
    disabled_rules: frozenset[str] = Field(default_factory=frozenset)
