"""How well a reply matches the customer's style: one documented score in [0, 1].

Two parts, both computed from the incoming message and the reply:

1. **Linguistic Style Matching** (LSM, Ireland & Pennebaker 2010) built for Russian from
   pymorphy3 tags. For each function-word category ``c`` the share of words ``p`` (percent
   of all words) is taken in both texts and

       LSM_c = 1 − |p1 − p2| / (p1 + p2 + 0.0001)

   then averaged over the categories in :data:`LSM_CATEGORIES`: personal pronouns of the
   1st, 2nd and 3rd person (``NPRO`` + ``1per``/``2per``/``3per``), prepositions (``PREP``),
   conjunctions (``CONJ``), negation («не», «ни», «нет»), other particles (``PRCL``),
   adverbs (``ADVB``), quantifiers (``NUMR`` and «много», «несколько», «каждый» …) and forms
   of «быть». A category absent from both texts matches fully (LSM_c = 1), as in the
   original measure.

2. **Style dimensions** the product mirrors on purpose, each in [0, 1]:

   - ``emoji``: the reply uses emoji exactly when it should — not at an upset customer,
     not when the customer used none, and allowed (not required) otherwise;
   - ``greeting``: the reply greets if and only if the customer greeted;
   - ``address``: the reply's ты/вы agrees with the customer's (a reply without address
     forms agrees with anything; «ты» to a «вы» customer or the reverse scores 0);
   - ``length``: ``max(0, 1 − |log2(r)| / 3)`` for the word ratio ``r = reply / message``
     (equal length 1.0, twice or half 0.67, eight times 0);
   - ``paragraphs``: 1 when both are single-paragraph or both multi-paragraph, else 0.

The combined score is ``0.4 · LSM + 0.6 · mean(dimensions)``: function words show how
closely the reply *sounds* like the customer; the dimensions carry the choices the
principles ask for (§2, §3, §6, §7), so they weigh more.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from assistant.text.morph import Morphology, get_morphology
from assistant.text.tokens import tokenize

if TYPE_CHECKING:
    from assistant.analyzer.models import StyleProfile

LSM_WEIGHT = 0.4
DIMENSIONS_WEIGHT = 0.6
_EPS = 0.0001

_NEGATION = frozenset({"не", "ни", "нет"})
_QUANTIFIERS = frozenset(
    {
        "много",
        "мало",
        "немного",
        "несколько",
        "весь",
        "всё",
        "каждый",
        "любой",
        "некоторый",
        "никакой",
        "сколько",
        "столько",
        "множество",
        "половина",
        "чуть",
        "больше",
        "меньше",
    }
)


def _is_person(morph: Morphology, word: str, person: str) -> bool:
    return morph.has_tag(word, "NPRO", person)


def _is_negation(morph: Morphology, word: str) -> bool:
    return word in _NEGATION


def _is_particle(morph: Morphology, word: str) -> bool:
    return word not in _NEGATION and morph.has_tag(word, "PRCL")


def _is_quantifier(morph: Morphology, word: str) -> bool:
    return morph.has_tag(word, "NUMR") or bool(morph.lemmas(word) & _QUANTIFIERS)


def _is_byt(morph: Morphology, word: str) -> bool:
    return word == "есть" or morph.lemma(word) == "быть"


LSM_CATEGORIES: Mapping[str, Callable[[Morphology, str], bool]] = {
    "ppron1": lambda m, w: _is_person(m, w, "1per"),
    "ppron2": lambda m, w: _is_person(m, w, "2per"),
    "ppron3": lambda m, w: _is_person(m, w, "3per"),
    "prep": lambda m, w: m.has_tag(w, "PREP"),
    "conj": lambda m, w: m.has_tag(w, "CONJ"),
    "negation": _is_negation,
    "particle": _is_particle,
    "adverb": lambda m, w: m.has_tag(w, "ADVB"),
    "quantifier": _is_quantifier,
    "byt": _is_byt,
}
"""Function-word categories of the Russian LSM and how a (lower-case) word is tested."""


class StyleMatch(BaseModel):
    """The style-match score of a reply against a message, with its parts."""

    model_config = ConfigDict(frozen=True)

    score: float
    lsm: float
    lsm_categories: dict[str, float]
    dimensions: dict[str, float]


def words(text: str) -> list[str]:
    """The lower-cased alphabetic words of ``text``."""
    return [t.lower for t in tokenize(text) if t.is_alpha]


def category_rates(text: str, morph: Morphology | None = None) -> dict[str, float]:
    """The percent of words of ``text`` in each LSM category."""
    m = morph or get_morphology()
    ws = words(text)
    if not ws:
        return dict.fromkeys(LSM_CATEGORIES, 0.0)
    return {
        name: 100.0 * sum(1 for w in ws if test(m, w)) / len(ws)
        for name, test in LSM_CATEGORIES.items()
    }


def lsm(message: str, reply: str, morph: Morphology | None = None) -> dict[str, float]:
    """LSM_c per category between ``message`` and ``reply``."""
    a = category_rates(message, morph)
    b = category_rates(reply, morph)
    return {c: 1.0 - abs(a[c] - b[c]) / (a[c] + b[c] + _EPS) for c in LSM_CATEGORIES}


def length_score(message_words: int, reply_words: int) -> float:
    """``max(0, 1 − |log2(reply/message)| / 3)``; 0 when either text has no words."""
    if message_words <= 0 or reply_words <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log2(reply_words / message_words)) / 3.0)


def dimensions(incoming: StyleProfile, reply: StyleProfile) -> dict[str, float]:
    """The mirrored style dimensions, each in [0, 1] (see the module docstring)."""
    emoji_expected_none = incoming.upset or not incoming.emoji.used
    emoji = 0.0 if emoji_expected_none and reply.emoji.used else 1.0
    greeting = 1.0 if incoming.greeting.present == reply.greeting.present else 0.0
    if reply.address == "none" or reply.address == incoming.address:
        address = 1.0
    elif incoming.address == "none":
        address = 1.0 if reply.address == "vy" else 0.0
    else:
        address = 0.0
    paragraphs = 1.0 if (incoming.habits.paragraphs > 1) == (reply.habits.paragraphs > 1) else 0.0
    return {
        "emoji": emoji,
        "greeting": greeting,
        "address": address,
        "length": length_score(len(words(incoming.text)), len(words(reply.text))),
        "paragraphs": paragraphs,
    }


def style_match(
    incoming: StyleProfile, reply: StyleProfile, morph: Morphology | None = None
) -> StyleMatch:
    """Score how well ``reply`` (its profile) mirrors ``incoming``; see the module docstring."""
    per_category = lsm(incoming.text, reply.text, morph)
    lsm_mean = sum(per_category.values()) / len(per_category)
    dims = dimensions(incoming, reply)
    score = LSM_WEIGHT * lsm_mean + DIMENSIONS_WEIGHT * sum(dims.values()) / len(dims)
    return StyleMatch(
        score=round(score, 4),
        lsm=round(lsm_mean, 4),
        lsm_categories={k: round(v, 4) for k, v in per_category.items()},
        dimensions=dims,
    )
