"""Ты or вы in one word form: second-person pronouns, 2nd-person verbs and imperatives.

pymorphy3 tags indicative forms with ``2per`` and imperatives only with a number
(``sing,impr`` / ``plur,impr``; inclusive «пойдёмте» is ``incl`` and does not address
anyone). Greeting words («здравствуйте») never decide: they are set phrases. The form is
looked up once per word form (:mod:`assistant.analyzer.wordform`); which forms of a
message count is decided in :mod:`assistant.analyzer.address`.
"""

from __future__ import annotations

import re

from assistant.analyzer.data.address import NOT_ADDRESS, TY_PRONOUNS, VY_PRONOUNS
from assistant.analyzer.data.greetings import GREETING_WORDS
from assistant.analyzer.models import Address
from assistant.text.morph import Morphology

#: «ь» written for «ъ» after a prefix: «обьясните», «подьезд», «отьехали».
_SOFT_FOR_HARD = re.compile(
    "^(об|от|под|раз|рас|из|ис|в|с|над|пред|без|вз|вс|меж|сверх)ь(?=[еёюя])"
)

#: Common misspellings of 2nd-person forms: «обьясните», «ответте», «поможеш», «знаеш».
_REPAIRS = (
    (_SOFT_FOR_HARD, r"\1ъ"),
    (re.compile("тте$"), "тьте"),
    (re.compile("([аеиоуыя])ш$"), r"\1шь"),
    (re.compile("([аеиоуыя])шся$"), r"\1шься"),
)
#: A misspelt past tense («отправели», «зделали») is a report, never an address.
_PAST_ENDING = re.compile(r"(?:л|ла|ло|ли|лся|лась|лось|лись)$")
#: Endings that make a guessed (unknown) form a plausible imperative or 2nd person.
_PLURAL_ENDING = re.compile(r"(?:ите|йте|ьте|ете)(?:сь)?$")


def _spelling(lower: str, morph: Morphology) -> tuple[str, bool]:
    """The form to analyse (a known spelling repaired, if one is) and whether it is known."""
    if morph.known(lower):
        return lower, True
    for pattern, replacement in _REPAIRS:
        repaired = pattern.sub(replacement, lower)
        if repaired != lower and morph.known(repaired):
            return repaired, True
    return lower, False


def _also_indicative(form: str, morph: Morphology) -> bool:
    """Whether an imperative-looking form is also a 1st/3rd-person or past indicative."""
    return any(
        "indc" in p.tag.grammemes and "2per" not in p.tag.grammemes for p in morph.parses(form)[1:]
    )


def _guessed_tag(form: str, morph: Morphology) -> frozenset[str]:
    """Grammemes of an unknown word: a verb parse only when the ending supports it."""
    if _PAST_ENDING.search(form):
        return frozenset()
    plural = _PLURAL_ENDING.search(form) is not None
    for parse in morph.parses(form):
        grammemes = frozenset(parse.tag.grammemes)
        if "VERB" in grammemes and ("plur" in grammemes) == plural:
            return grammemes
    return frozenset()


def second_person(lower: str, cyrillic: bool, morph: Morphology) -> Address:
    """``ty``/``vy`` if the lower-cased word is a second-person form, else ``none``."""
    if lower in TY_PRONOUNS:
        return "ty"
    if lower in VY_PRONOUNS:
        return "vy"
    if not cyrillic or lower in GREETING_WORDS or lower in NOT_ADDRESS:
        return "none"
    form, known = _spelling(lower, morph)
    grammemes = morph.best(form).tag.grammemes if known else _guessed_tag(form, morph)
    if "VERB" not in grammemes:
        return "none"
    if "impr" in grammemes and _also_indicative(form, morph):
        return "none"  # «пришли смс» is «прийти», not the imperative of «прислать»
    if "2per" in grammemes or ("impr" in grammemes and "incl" not in grammemes):
        if "sing" in grammemes:
            return "ty"
        if "plur" in grammemes:
            return "vy"
    return "none"
