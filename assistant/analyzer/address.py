"""Ты or вы: second-person pronouns, 2nd-person verbs and imperatives.

pymorphy3 tags indicative forms with ``2per`` and imperatives only with a number
(``sing,impr`` / ``plur,impr``; inclusive «пойдёмте» is ``incl`` and does not address
anyone). Greeting words («здравствуйте») never decide: they are set phrases.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.analyzer.data.address import NOT_ADDRESS, TY_PRONOUNS, VY_PRONOUNS
from assistant.analyzer.data.greetings import GREETING_WORDS
from assistant.analyzer.doc import Doc, Word
from assistant.analyzer.models import Address, Evidence
from assistant.text.morph import Morphology


def _also_indicative(word: Word, morph: Morphology) -> bool:
    """Whether an imperative-looking form is also a 1st/3rd-person or past indicative."""
    return any(
        "indc" in p.tag.grammemes and "2per" not in p.tag.grammemes
        for p in morph.parses(word.lower)[1:]
    )


def _form(word: Word, morph: Morphology) -> Address:
    """``ty``/``vy`` if ``word`` is a second-person form, else ``none``."""
    if word.lower in TY_PRONOUNS:
        return "ty"
    if word.lower in VY_PRONOUNS:
        return "vy"
    if not word.cyrillic or word.lower in GREETING_WORDS or word.lower in NOT_ADDRESS:
        return "none"
    tag = morph.best(word.lower).tag
    if "VERB" not in tag.grammemes:
        return "none"
    grammemes = tag.grammemes
    if "impr" in grammemes and _also_indicative(word, morph):
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


def detect_address(doc: Doc) -> tuple[Address, list[Evidence]]:
    forms = address_forms(doc.words, doc.morph)
    address = decide(forms)
    evidence = [doc.word_evidence(f"address:{form}", w) for form, w in forms if form == address]
    return address, evidence
