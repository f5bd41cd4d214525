"""Chains of verbal nouns in the genitive: «для осуществления проверки исполнения заявки»."""

from __future__ import annotations

from functools import lru_cache

import regex

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext
from assistant.text.morph import Morphology

_SPACE_ONLY = regex.compile(r"\s+")
_NAMES = frozenset({"Name", "Surn", "Patr", "Geox"})


class NounChainParams(Params):
    min_length: int = 3
    #: How many nouns of the chain must be verbal/abstract (by their endings).
    min_abstract: int = 2
    #: A chain this long is flagged whatever its nouns («проверка правильности заполнения
    #: реквизитов получателя»).
    min_length_any: int = 4
    suffixes: tuple[str, ...] = ("ние", "ния", "нию", "нием", "нии", "ций", "ция", "ции", "цию",
                           "ость", "ости", "остью", "тие", "тия", "тии")  # fmt: skip


@lru_cache(maxsize=50_000)
def _is_noun(morph: Morphology, word: str) -> bool:
    """A word whose most probable parse is a noun (cached per form)."""
    return word.isalpha() and morph.has_tag(word, "NOUN")


@lru_cache(maxsize=50_000)
def _is_gent_noun(morph: Morphology, word: str) -> bool:
    """A noun (not a name) that may be in the genitive: a link of a chain (cached per form)."""
    if not word.isalpha():
        return False
    parses = morph.parses(word)
    if parses[0].tag.POS != "NOUN" or parses[0].tag.grammemes & _NAMES:
        return False
    return any({"NOUN", "gent"} <= p.tag.grammemes for p in parses[:3])


def _spaces_only(gap: str) -> bool:
    return gap == " " or _SPACE_ONLY.fullmatch(gap) is not None


@register("noun_chain", NounChainParams)
def noun_chain(ctx: LintContext, params: NounChainParams) -> list[Hit]:
    """Runs of nouns where every noun after the first is in the genitive."""
    words = ctx.words
    text = ctx.text.text
    morph = ctx.morph
    suffixes = tuple(params.suffixes)
    hits: list[Hit] = []
    i = 0
    while i < len(words):
        if not _is_noun(morph, words[i].text):
            i += 1
            continue
        j = i + 1
        while (
            j < len(words)
            and _is_gent_noun(morph, words[j].text)
            and _spaces_only(text[words[j - 1].end : words[j].start])
        ):
            j += 1
        run = words[i:j]
        abstract = sum(1 for w in run if w.text.endswith(suffixes))
        if (len(run) >= params.min_length and abstract >= params.min_abstract) or len(
            run
        ) >= params.min_length_any:
            hits.append(Hit(run[0].start, run[-1].end))
            i = j
        else:
            i += 1
    return hits
