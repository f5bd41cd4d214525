"""What one word form is, looked up once per process: case, script, lemmas, ты/вы, insult.

Most of what the decision modules ask about a word depends on its form alone. A
:class:`WordForm` answers it once per distinct form (cached), so each word of a message
costs one cache look-up, and the modules read fields instead of each repeating its own
look-ups. What a form means in its context (a quote, a negation) stays with the modules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from assistant.analyzer.insults import is_insult
from assistant.analyzer.models import Address
from assistant.analyzer.person import second_person
from assistant.text.morph import Morphology

#: Only all-Cyrillic words go to pymorphy3 (it is a Russian dictionary, and some code
#: points without a Unicode name make its Latin check raise).
_CYRILLIC_WORD = re.compile("[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)


class WordForm(NamedTuple):
    """One word form (as written: the case is part of it)."""

    lower: str
    #: Whether the word is all Cyrillic (look-alikes are folded before this).
    cyrillic: bool
    #: Every candidate lemma of a Cyrillic word; the lower-cased form otherwise.
    lemmas: frozenset[str]
    #: ``ty``/``vy`` for a second-person form (:mod:`assistant.analyzer.person`).
    address: Address
    #: An insult by lemma or a misspelt one (:mod:`assistant.analyzer.insults`).
    insult: bool
    #: Letters (a hyphen is none) and capital letters in the form, for the habits.
    letters: int
    capitals: int


@lru_cache(maxsize=100_000)
def word_form(morph: Morphology, text: str) -> WordForm:
    """The :class:`WordForm` of a letters-only token (cached: most words recur)."""
    lower = text.lower()
    cyrillic = _CYRILLIC_WORD.fullmatch(text) is not None
    lemmas = morph.lemmas(lower) if cyrillic else frozenset((lower,))
    return WordForm(
        lower=lower,
        cyrillic=cyrillic,
        lemmas=lemmas,
        address=second_person(lower, cyrillic, morph),
        insult=is_insult(lower, cyrillic, lemmas, morph),
        letters=len(text) - text.count("-"),
        capitals=sum(map(str.isupper, text)),
    )
