"""Greetings: «Здравствуйте» when the customer did not greet; two greetings in one reply.

The name is the greeting in social networks; greet back only if the customer greeted.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import regex

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext


class GreetingParams(Params):
    #: Regular expressions of greetings, matched on the lower-cased reply.
    greetings: list[str]
    #: How many words may precede a greeting in its sentence («Анна, добрый день»).
    max_words_before: int = 3


@lru_cache(maxsize=16)
def _compile(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return regex.compile(rf"(?<![\w])(?:{body})(?![\w])", regex.IGNORECASE)


_SENTENCE_END = regex.compile(r"[.!?…\n]")
_WORDS = regex.compile(r"\w+")


def find_greetings(ctx: LintContext, params: GreetingParams) -> list[Hit]:
    """Greetings that open a sentence, or follow a short address and a comma («Анна, привет»).

    Found once per lint call for the same parameters (two rules read them)."""
    key = f"greetings {params.max_words_before} {params.greetings!r}"
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _greetings(ctx.text.text, params)
    return found  # type: ignore[return-value]


def _greetings(text: str, params: GreetingParams) -> list[Hit]:
    hits = []
    for m in _compile(tuple(params.greetings)).finditer(text):
        before = text[: m.start()]
        sentence_start = max((e.end() for e in _SENTENCE_END.finditer(before)), default=0)
        prefix = before[sentence_start:].strip()
        if not prefix or (
            prefix.endswith(",") and len(_WORDS.findall(prefix)) <= params.max_words_before
        ):
            hits.append(Hit(m.start(), m.end()))
    return hits


@register("greeting_not_mirrored", GreetingParams)
def greeting_not_mirrored(ctx: LintContext, params: GreetingParams) -> list[Hit]:
    """A greeting in the reply when the customer's message had none (needs ``incoming``)."""
    if ctx.profile is None or ctx.profile.greeting.present:
        return []
    return find_greetings(ctx, params)[:1]


@register("double_greeting", GreetingParams)
def double_greeting(ctx: LintContext, params: GreetingParams) -> list[Hit]:
    """The second and later greetings of one reply.

    A greeting repeated right away («Здравствуйте, здравствуйте!») is one warm greeting,
    not two glued templates.
    """
    text = ctx.text.text
    found = find_greetings(ctx, params)
    out = []
    for prev, hit in itertools.pairwise(found):
        echo = text[prev.start : prev.end] == text[hit.start : hit.end]
        if echo and not text[prev.end : hit.start].strip(" ,"):
            continue
        out.append(hit)
    return out
