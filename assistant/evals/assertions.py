"""Typed assertions on a drafted reply (a pydantic discriminated union on ``type``).

Each assertion is data in a scenario file and knows how to check itself against a
:class:`~assistant.evals.conversation.ReplyCheck` (the scenario, the reply, both style
profiles, the reply's lint findings and its style match). ``metric`` groups assertions
into named metrics (``mirroring``, ``safety``, ``facts`` … — each type has a default) whose
pass rates the report shows beside the per-type pass rates, as in promptfoo. Phrases are
matched by lemma with the linter's own phrase automaton.

=========================  =================================================================
type                       passes when
=========================  =================================================================
lint_clean                 no error/warning finding (``ignore``: categories not counted)
mirrors_greeting           the reply greets iff the customer did (``expect`` overrides)
mirrors_emoji              ``none``: no emoji; ``required``: some; ``allowed``: ≤ customer+1.
                           Default: ``none`` if the customer is upset or used no emoji
mirrors_address            the reply never uses the other form: «ты» only to a «ты» customer
                           (``expect`` fixes the form); replies without ты/вы forms pass
mirrors_nickname           the profile name (or a part of it) is used as written, and no
                           ``nickname`` finding (``required: false``: only the latter)
mentions_facts             every fact appears (a fact may be a list of alternatives)
no_unsupported_promise     every number and promise word in the reply is backed by the
                           operator's notes, the message or the history; no ``promise`` finding
must_not_contain           none of ``phrases`` appears (by lemma, so inflections count)
length_ratio               ``min ≤ words(reply) / words(message) ≤ max``
min_style_match            the style-match score (:mod:`assistant.evals.style_match`) ≥ ``min``
=========================  =================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.evals.conversation import ReplyCheck
from assistant.evals.style_match import words
from assistant.lint.phrases import PhraseIndex, PhraseRef
from assistant.lint.text import LintText, Word
from assistant.text.morph import get_morphology


@dataclass(frozen=True)
class Outcome:
    passed: bool
    detail: str = ""


def fold(text: str) -> str:
    """Case- and ё-insensitive form for substring checks."""
    return text.casefold().replace("ё", "е")


@lru_cache(maxsize=1024)
def _phrase_index(phrase: str) -> PhraseIndex | None:
    """The linter's lemma-phrase automaton holding ``phrase`` alone."""
    index = PhraseIndex(get_morphology())
    if not index.key(phrase):
        return None
    index.add(phrase, PhraseRef(rule="eval", phrase=phrase, replacements=()))
    return index


@lru_cache(maxsize=256)
def _lint_words(text: str) -> list[Word]:
    return LintText(text).words


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` literally or as a sequence of lemmas (matched
    as the linter matches its phrase lists: :class:`~assistant.lint.phrases.PhraseIndex`)."""
    if fold(phrase) in fold(text):
        return True
    index = _phrase_index(phrase)
    return index is not None and bool(index.find(_lint_words(text)))


class _Assertion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: str | None = Field(default=None, description="Named metric; default per type.")
    default_metric: ClassVar[str] = "style"

    @property
    def metric_name(self) -> str:
        return self.metric or self.default_metric

    def check(self, ctx: ReplyCheck) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError


class LintClean(_Assertion):
    type: Literal["lint_clean"] = "lint_clean"
    ignore: list[str] = Field(default_factory=list)
    default_metric: ClassVar[str] = "lint"

    def check(self, ctx: ReplyCheck) -> Outcome:
        bad = [f for f in ctx.blocking if f.category not in self.ignore]
        return Outcome(not bad, "; ".join(f"{f.rule}: «{f.text}»" for f in bad))


class MirrorsGreeting(_Assertion):
    type: Literal["mirrors_greeting"] = "mirrors_greeting"
    expect: bool | None = None
    default_metric: ClassVar[str] = "mirroring"

    def check(self, ctx: ReplyCheck) -> Outcome:
        want = ctx.incoming.greeting.present if self.expect is None else self.expect
        got = ctx.reply_profile.greeting.present
        detail = "" if got == want else ("лишнее приветствие" if got else "нет приветствия")
        return Outcome(got == want, detail)


class MirrorsEmoji(_Assertion):
    type: Literal["mirrors_emoji"] = "mirrors_emoji"
    expect: Literal["none", "allowed", "required"] | None = None
    default_metric: ClassVar[str] = "mirroring"

    def check(self, ctx: ReplyCheck) -> Outcome:
        inc = ctx.incoming
        want = self.expect or ("none" if inc.upset or not inc.emoji.used else "allowed")
        got = ctx.reply_profile.emoji.count
        if want == "none":
            ok = got == 0
        elif want == "required":
            ok = got > 0
        else:
            ok = got <= inc.emoji.count + 1
        return Outcome(ok, "" if ok else f"ожидалось {want}, в ответе эмодзи: {got}")


class MirrorsAddress(_Assertion):
    type: Literal["mirrors_address"] = "mirrors_address"
    expect: Literal["ty", "vy"] | None = None
    default_metric: ClassVar[str] = "mirroring"

    def check(self, ctx: ReplyCheck) -> Outcome:
        got = ctx.reply_profile.address
        want = self.expect or ("ty" if ctx.incoming.address == "ty" else "vy")
        ok = got in (want, "none")
        ok = ok and not any(f.category == "address" for f in ctx.blocking)
        return Outcome(ok, "" if ok else f"клиент: {ctx.incoming.address}, ответ: {got}")


class MirrorsNickname(_Assertion):
    type: Literal["mirrors_nickname"] = "mirrors_nickname"
    required: bool = True
    expect: str | None = Field(default=None, description="The exact form to find.")
    default_metric: ClassVar[str] = "mirroring"

    def check(self, ctx: ReplyCheck) -> Outcome:
        if any(f.category == "nickname" for f in ctx.blocking):
            return Outcome(False, "линтер: имя клиента искажено")
        if not self.required:
            return Outcome(True)
        name = self.expect or ctx.scenario.nickname or ""
        parts = [name] if self.expect else [name, *name.split()]
        ok = any(p and p in ctx.reply for p in parts)
        return Outcome(ok, "" if ok else f"нет обращения «{name}» как в профиле")


Fact = str | list[str]


class MentionsFacts(_Assertion):
    type: Literal["mentions_facts"] = "mentions_facts"
    facts: list[Fact] = Field(min_length=1)
    default_metric: ClassVar[str] = "facts"

    def check(self, ctx: ReplyCheck) -> Outcome:
        missing = []
        for fact in self.facts:
            options = [fact] if isinstance(fact, str) else fact
            if not any(contains_phrase(ctx.reply, o) for o in options):
                missing.append(" | ".join(options))
        return Outcome(not missing, "нет фактов: " + "; ".join(missing) if missing else "")


PROMISE_MARKERS: tuple[str, ...] = (
    "гарантировать",
    "обещать",
    "компенсация",
    "компенсировать",
    "вернуть деньги",
    "вернуть средства",
    "начислить",
    "бонус",
    "скидка",
    "бесплатно",
    "сегодня же",
    "до конца дня",
    "завтра",
    "в течение часа",
    "немедленно",
)
"""Words that promise something; a reply may use one only if the context has it too."""

_NUMBER = re.compile(r"\d+")


class NoUnsupportedPromise(_Assertion):
    type: Literal["no_unsupported_promise"] = "no_unsupported_promise"
    markers: list[str] = Field(default_factory=list, description="Added to PROMISE_MARKERS.")
    allow: list[str] = Field(default_factory=list, description="Markers this scenario allows.")
    default_metric: ClassVar[str] = "safety"

    def check(self, ctx: ReplyCheck) -> Outcome:
        context = ctx.scenario.known_text()
        known = set(_NUMBER.findall(context))
        problems = [f"число {n}" for n in _NUMBER.findall(ctx.reply) if n not in known]
        for marker in (*PROMISE_MARKERS, *self.markers):
            if marker in self.allow:
                continue
            if contains_phrase(ctx.reply, marker) and not contains_phrase(context, marker):
                problems.append(f"«{marker}»")
        problems += [f"линтер: «{f.text}»" for f in ctx.blocking if f.category == "promise"]
        return Outcome(
            not problems, "не подкреплено заметками: " + ", ".join(problems) if problems else ""
        )


class MustNotContain(_Assertion):
    type: Literal["must_not_contain"] = "must_not_contain"
    phrases: list[str] = Field(min_length=1)
    default_metric: ClassVar[str] = "safety"

    def check(self, ctx: ReplyCheck) -> Outcome:
        found = [p for p in self.phrases if contains_phrase(ctx.reply, p)]
        return Outcome(not found, "найдено: " + ", ".join(f"«{p}»" for p in found) if found else "")


class LengthRatio(_Assertion):
    type: Literal["length_ratio"] = "length_ratio"
    min: float = Field(default=0.0, ge=0)
    max: float = Field(default=float("inf"), gt=0)
    default_metric: ClassVar[str] = "style"

    def check(self, ctx: ReplyCheck) -> Outcome:
        ratio = len(words(ctx.reply)) / max(1, len(words(ctx.scenario.message)))
        ok = self.min <= ratio <= self.max
        return Outcome(
            ok, "" if ok else f"отношение длин {ratio:.2f}, нужно [{self.min}, {self.max}]"
        )


class MinStyleMatch(_Assertion):
    type: Literal["min_style_match"] = "min_style_match"
    min: float = Field(ge=0, le=1)
    default_metric: ClassVar[str] = "style"

    def check(self, ctx: ReplyCheck) -> Outcome:
        ok = ctx.style.score >= self.min
        return Outcome(ok, f"style match {ctx.style.score:.2f} < {self.min}" if not ok else "")


Assertion = Annotated[
    LintClean
    | MirrorsGreeting
    | MirrorsEmoji
    | MirrorsAddress
    | MirrorsNickname
    | MentionsFacts
    | NoUnsupportedPromise
    | MustNotContain
    | LengthRatio
    | MinStyleMatch,
    Field(discriminator="type"),
]

ASSERTION_TYPES: tuple[str, ...] = (
    "lint_clean",
    "mirrors_greeting",
    "mirrors_emoji",
    "mirrors_address",
    "mirrors_nickname",
    "mentions_facts",
    "no_unsupported_promise",
    "must_not_contain",
    "length_ratio",
    "min_style_match",
)
