"""Ты or вы: second-person pronouns, 2nd-person verbs and imperatives.

pymorphy3 tags indicative forms with ``2per`` and imperatives only with a number
(``sing,impr`` / ``plur,impr``; inclusive «пойдёмте» is ``incl`` and does not address
anyone). Greeting words («здравствуйте») never decide: they are set phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.analyzer.data.address import (
    NOT_ADDRESS,
    NOT_ADDRESS_PHRASES,
    TY_PRONOUNS,
    VY_PRONOUNS,
)
from assistant.analyzer.data.greetings import GREETING_WORDS
from assistant.analyzer.doc import Doc, Word, known_word
from assistant.analyzer.models import Address, Evidence
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
    if known_word(morph, lower):
        return lower, True
    for pattern, replacement in _REPAIRS:
        repaired = pattern.sub(replacement, lower)
        if repaired != lower and known_word(morph, repaired):
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


def _form(word: Word, morph: Morphology) -> Address:
    """``ty``/``vy`` if ``word`` is a second-person form, else ``none``."""
    return _form_of(word.lower, word.cyrillic, morph)


@lru_cache(maxsize=100_000)
def _form_of(lower: str, cyrillic: bool, morph: Morphology) -> Address:
    """:func:`_form` of a lower-cased word (cached: most words recur across messages)."""
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


def address_forms(words: Iterable[Word], morph: Morphology) -> list[tuple[Address, Word]]:
    """Every second-person form among ``words``, in order."""
    out: list[tuple[Address, Word]] = []
    for word in words:
        form = _form(word, morph)
        if form != "none":
            out.append((form, word))
    return out


def decide(forms: list[tuple[Address, Word]]) -> Address:
    """The majority form; a tie goes to ``vy`` (the safer choice for a reply)."""
    ty = sum(1 for form, _ in forms if form == "ty")
    vy = len(forms) - ty
    if not forms:
        return "none"
    return "ty" if ty > vy else "vy"


_NOT_ADDRESS_PHRASES = re.compile(NOT_ADDRESS_PHRASES)


def detect_address(doc: Doc) -> tuple[Address, list[Evidence]]:
    idioms = [m.span() for m in _NOT_ADDRESS_PHRASES.finditer(doc.lower)]
    idioms.extend(doc.quoted)
    words = [w for w in doc.words if not any(s <= w.start < e for s, e in idioms)]
    forms = address_forms(words, doc.morph)
    address = decide(forms)
    evidence = [doc.word_evidence(f"address:{form}", w) for form, w in forms if form == address]
    return address, evidence
