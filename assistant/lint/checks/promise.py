"""Promises the operator's notes do not back: money, sums, dates and deadlines.

The drafter may only state facts given in ``notes`` (and the conversation). A refund, a
compensation, a sum or a deadline that the notes do not contain is flagged, so an invented
«вернём 500 ₽ завтра» cannot be sent unnoticed. Visible placeholders («[срок]») are the
``promise/placeholder`` pattern rule.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext
from assistant.text.morph import Morphology

_NUMBER = regex.compile(
    r"(?<![\w])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?:\s*(тыс\w*\.?|к)(?!\w))?"
)
_WORD = regex.compile(r"\p{L}+")

#: Number words (by lemma) as digits, so «двух часов» matches «2 часа» in the notes.
NUMBER_WORDS: dict[str, str] = {
    "один": "1", "два": "2", "три": "3", "четыре": "4", "пять": "5", "шесть": "6",
    "семь": "7", "восемь": "8", "девять": "9", "десять": "10", "пара": "2", "сутки": "24",
    "полчаса": "30", "час": "1",
}  # fmt: skip


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return regex.compile(rf"(?<![\w])(?:{body})(?![\w])", regex.IGNORECASE | regex.VERSION1)


def amounts(text: str) -> set[float]:
    """Every number in ``text`` as a value («1 500», «1,5 тыс», «2к» → 1500.0, 1500.0, 2000.0)."""
    out: set[float] = set()
    for m in _NUMBER.finditer(text):
        value = float(regex.sub(r"\D", "", m.group(1)) + ("." + m.group(2) if m.group(2) else ""))
        out.add(value)
        if m.group(3):
            out.add(value * 1000)
    return out


def _facts(text: str, morph: Morphology) -> set[str]:
    """Digits groups and lemmas of words (number words as digits) of a text."""
    out = set(regex.findall(r"\d+", text))
    out |= {str(int(d)) for d in out}
    for word in _WORD.findall(text):
        for lemma in morph.lemmas(word):
            out.add(NUMBER_WORDS.get(lemma, lemma))
    return out


def _negated(text: str, start: int, negations: tuple[str, ...]) -> bool:
    sentence = regex.split(r"[.!?\n]", text[:start])[-1]
    return any(w in negations for w in _WORD.findall(sentence)[-1:])


class MoneyParams(Params):
    #: Promises of money to the customer (regular expressions).
    promises: list[str]
    #: Notes matching any of these (anywhere, e.g. word stems) back a money promise.
    notes_support: list[str]
    negations: tuple[str, ...] = ("не", "нельзя", "невозможно", "никак")


@register("unsupported_money", MoneyParams)
def unsupported_money(ctx: LintContext, params: MoneyParams) -> list[Hit]:
    """A refund/compensation/bonus promise when the notes say nothing of it."""
    if ctx.notes_text and any(regex.search(p, ctx.notes_text) for p in params.notes_support):
        return []
    text = ctx.text.text
    return [
        Hit(m.start(), m.end())
        for m in _compile(tuple(params.promises)).finditer(text)
        if not _negated(text, m.start(), params.negations)
    ]


class SumParams(Params):
    #: What follows a number to make it a sum of money (regular expression).
    currency: str


@register("unsupported_sum", SumParams)
def unsupported_sum(ctx: LintContext, params: SumParams) -> list[Hit]:
    """A sum of money whose value does not occur in the notes."""
    pattern = _compile((rf"{_NUMBER.pattern}\s*(?:{params.currency})",))
    known = amounts(ctx.notes_text) if ctx.notes_text else set()
    hits = []
    for m in pattern.finditer(ctx.text.text):
        if not amounts(m.group()) & known:
            hits.append(Hit(m.start(), m.end()))
    return hits


class DeadlineParams(Params):
    #: Dates, times and deadlines (regular expressions).
    patterns: list[str]
    #: Words that do not carry the fact («до», «в течение», «ближайший» …), by lemma.
    ignore: tuple[str, ...] = ()


@register("unsupported_deadline", DeadlineParams)
def unsupported_deadline(ctx: LintContext, params: DeadlineParams) -> list[Hit]:
    """A date, time or deadline whose numbers and words are not all in the notes."""
    known = _facts(ctx.notes_text, ctx.morph) if ctx.notes_text else set()
    ignore = set(params.ignore)
    hits = []
    for m in _compile(tuple(params.patterns)).finditer(ctx.text.text):
        needed = _facts(m.group(), ctx.morph)
        # a word counts by any of its lemmas: keep only lemmas of words not ignored
        words_needed = [
            {NUMBER_WORDS.get(lemma, lemma) for lemma in ctx.morph.lemmas(w)}
            for w in _WORD.findall(m.group())
        ]
        digits = {d for d in needed if d.isdigit()}
        missing = bool(digits - known) or any(
            not (forms & known) and not (forms & ignore) for forms in words_needed
        )
        if missing:
            hits.append(Hit(m.start(), m.end()))
    return hits
