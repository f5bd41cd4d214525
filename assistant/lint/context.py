"""What a rule sees: the reply (normalised), the customer's profile and the operator's notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.lint.models import Author, Channel, Policy
from assistant.lint.text import LintText, Word
from assistant.text.morph import Morphology

if TYPE_CHECKING:
    from assistant.analyzer.models import StyleProfile


@dataclass(frozen=True, slots=True)
class Hit:
    """A match of a rule in :attr:`LintText.text` offsets, before mapping to the original.

    ``message``/``suggestions`` override the rule's own when a check knows better
    (e.g. «в ответе 4 эмодзи, у клиента 1»).
    """

    start: int
    end: int
    message: str | None = None
    suggestions: tuple[str, ...] | None = None
    #: The span is already in original-text offsets (e.g. from :func:`assistant.pii.find_pii`).
    original: bool = False


@dataclass
class LintContext:
    """One lint call: the reply and its context, shared by every rule."""

    text: LintText
    morph: Morphology
    profile: StyleProfile | None = None
    nickname: str | None = None
    channel: Channel = "private"
    policy: Policy = field(default_factory=Policy)
    notes: str = ""
    incoming: str | None = None
    author: Author = "operator"
    #: Per-call memo for checks that share work (e.g. the reply's emoji).
    memo: dict[str, object] = field(default_factory=dict)

    @property
    def words(self) -> list[Word]:
        return self.text.words

    @cached_property
    def incoming_lint(self) -> LintText | None:
        """The customer's message prepared like the reply (normalised once per call)."""
        return None if self.incoming is None else LintText(self.incoming)

    @cached_property
    def incoming_text(self) -> str:
        """The customer's message, normalised and case-folded like the reply ('' if none)."""
        return "" if self.incoming_lint is None else self.incoming_lint.text

    @cached_property
    def notes_text(self) -> str:
        """The operator's notes, normalised and case-folded like the reply."""
        return LintText(self.notes).text if self.notes else ""
