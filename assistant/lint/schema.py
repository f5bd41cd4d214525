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

from assistant.lint.models import CATEGORIES, Author, Channel, Level, Policy

_CYRILLIC = regex.compile(r"\p{Cyrillic}")
MAX_TITLE_WORDS = 12


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
    #: Who wrote the example: rule examples are model drafts unless stated.
    author: Author = "model"
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
        """``"в целях → чтобы | для"``: a phrase and its replacements (``→ ""`` deletes)."""
        if not isinstance(value, str):
            return value
        phrase, arrow, rest = value.partition("→")
        if not arrow:
            return {"phrase": value}
        replacements = [r.strip() for r in rest.split("|")]
        return {"phrase": phrase, "replacements": ["" if r == '""' else r for r in replacements]}

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
    #: The level when the operator typed the text (``lint(author="operator")``).
    operator_level: Level | None = None
    title: str = Field(min_length=3, description="The finding, in a few words (≤ 12).")
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

    @field_validator("title")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value.split()) > MAX_TITLE_WORDS:
            raise ValueError(f"заголовок длиннее {MAX_TITLE_WORDS} слов: подробности — в message")
        return value

    @field_validator("title", "message", "suggestion")
    @classmethod
    def _russian(cls, value: str) -> str:
        if not _CYRILLIC.search(value):
            raise ValueError("текст для оператора пишется по-русски")
        return value.strip()


class PhrasesRule(_Rule):
    kind: Literal["phrases"]
    phrases: list[PhraseEntry] = Field(min_length=1)


class ClassSpec(_Model):
    """A named word class of a ``tokens`` rule (a plain list means ``lemmas``)."""

    lemmas: list[str] = Field(default_factory=list)
    #: Alternatives, each one or more grammemes separated by spaces: ``["impr", "2per"]``.
    grammemes: list[str] = Field(default_factory=list)
    endings: list[str] = Field(default_factory=list)
    forms: list[str] = Field(default_factory=list)
    except_lemmas: list[str] = Field(default_factory=list, alias="except")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        return {"lemmas": value} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _not_empty(self) -> ClassSpec:
        if not (self.lemmas or self.grammemes or self.endings or self.forms):
            raise ValueError("класс слов пуст: нужны lemmas, grammemes, endings или forms")
        return self


class LexiconGroup(_Model):
    """Fixed lemma sequences from one source, each with its plain replacements."""

    source: str = Field(min_length=3, description="Where the group comes from.")
    entries: list[PhraseEntry] = Field(min_length=1)


class TokensRule(_Rule):
    kind: Literal["tokens"]
    classes: dict[str, ClassSpec] = Field(default_factory=dict)
    patterns: list[str] = Field(default_factory=list)
    #: Token patterns over the customer's message that switch the rule off.
    unless_incoming: list[str] = Field(default_factory=list)
    lexicon: list[LexiconGroup] = Field(default_factory=list)
    #: Replacements offered for a pattern match (``""``: delete it).
    replacements: list[str] = Field(default_factory=list)
    #: Exact words that cancel a pattern match right before it or inside it («не нужно звонить»).
    negations: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> TokensRule:
        if not (self.patterns or self.lexicon):
            raise ValueError("в правиле tokens нужны patterns или lexicon")
        return self


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


Rule = Annotated[PhrasesRule | PatternRule | CheckRule | TokensRule, Field(discriminator="kind")]


class RuleFile(_Model):
    """The root of a rule file (a wrapper so the discriminated union validates)."""

    rule: Rule
