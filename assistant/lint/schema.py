"""The schema of a rule file (``style_rules/<category>/<name>.yaml``).

Three kinds of rule, a closed set:

``phrases``
    A list of lemma phrases («денежные средства», «доводить до ваш сведение»): each word
    matches every inflection (via all candidate lemmas of the reply's words); a word written
    ``=ожидайте`` matches that exact form only. Each entry may carry its own replacements.
``pattern``
    Regular expressions (the ``regex`` module), case-insensitive unless
    ``case_sensitive: true``, matched on the normalised, lower-cased reply; a named group
    ``hit`` narrows the reported span. ``unless_incoming`` patterns switch the rule off
    when the customer's message matches (the customer asked for the phone number).
``check``
    A named built-in check from :mod:`assistant.lint.checks` with its ``params``.

Every rule has an ``id`` equal to its path without extension, a ``category`` equal to its
folder, a ``level``, a ``message`` (Russian, *why* it matters), a ``suggestion``, and
``examples``: ``bad`` ones with the expected span marked ``{{…}}`` and ``good`` ones.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assistant.lint.models import CATEGORIES, Channel, Level, Policy

_CYRILLIC = regex.compile(r"\p{Cyrillic}")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Example(_Model):
    """A reply (``{{…}}`` marks expected spans in ``bad`` ones) and its context."""

    text: str = Field(min_length=1)
    incoming: str | None = None
    nickname: str | None = None
    channel: Channel = "private"
    notes: str = ""
    policy: Policy | None = None
    note: str | None = Field(default=None, description="Why this example is here.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Examples(_Model):
    bad: list[Example] = Field(min_length=1)
    good: list[Example] = Field(min_length=1)


class PhraseEntry(_Model):
    phrase: str = Field(min_length=1)
    replacements: list[str] = Field(default_factory=list)
    #: Exact word forms that do not count («данные» is data, not «данный»).
    except_forms: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"phrase": value} if isinstance(value, str) else value

    @field_validator("phrase")
    @classmethod
    def _words_only(cls, value: str) -> str:
        if not regex.fullmatch(r"\s*=?\w+(?:[-']\w+)*(?:\s+=?\w+(?:[-']\w+)*)*\s*", value):
            raise ValueError("фраза — это слова через пробел (слово с '=' — точная форма)")
        return value.strip()


class _Rule(_Model):
    id: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")
    category: str
    level: Level
    message: str = Field(min_length=20)
    suggestion: str = Field(min_length=3)
    description: str | None = None
    channels: tuple[Channel, ...] = Field(
        default=("public", "private"),
        description="Channels the rule applies in (pii: only public).",
    )
    examples: Examples

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"неизвестная категория {value!r}; есть: {', '.join(CATEGORIES)}")
        return value

    @field_validator("message", "suggestion")
    @classmethod
    def _russian(cls, value: str) -> str:
        if not _CYRILLIC.search(value):
            raise ValueError("текст для оператора пишется по-русски")
        return value.strip()


class PhrasesRule(_Rule):
    kind: Literal["phrases"]
    phrases: list[PhraseEntry] = Field(min_length=1)


def pattern_flags(case_sensitive: bool = False) -> int:
    """Flags of every rule pattern (the loader compiles with the same, hitting the cache)."""
    return 0 if case_sensitive else regex.IGNORECASE


class PatternRule(_Rule):
    kind: Literal["pattern"]
    case_sensitive: bool = False  # declared before the patterns: their validator reads it
    patterns: list[str] = Field(min_length=1)
    unless_incoming: list[str] = Field(default_factory=list)

    @field_validator("patterns", "unless_incoming")
    @classmethod
    def _compiles(cls, value: list[str], info: ValidationInfo) -> list[str]:
        sensitive = info.field_name == "patterns" and bool(info.data.get("case_sensitive"))
        for i, pattern in enumerate(value):
            try:
                regex.compile(pattern, pattern_flags(sensitive))
            except regex.error as exc:
                raise ValueError(f"[{i}] регулярное выражение не компилируется: {exc}") from exc
        return value


class CheckRule(_Rule):
    kind: Literal["check"]
    check: str
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        from assistant.lint.checks import available

        if value not in available():
            raise ValueError(f"нет проверки {value!r}; есть: {', '.join(available())}")
        return value


Rule = Annotated[PhrasesRule | PatternRule | CheckRule, Field(discriminator="kind")]


class RuleFile(_Model):
    """The root of a rule file (a wrapper so the discriminated union validates)."""

    rule: Rule
