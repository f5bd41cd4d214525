"""Insults in one word form: by lemma, or a misspelling of one by its vowel skeleton.

An unknown word (a misspelling such as «дибилы», «казлы», «идеоты») is compared by its
vowel skeleton with the forms of the insult lemmas. The test runs once per word form
(:mod:`assistant.analyzer.wordform`); :mod:`assistant.analyzer.swearing` reports the hits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.analyzer.data.swearing import INSULT_LEMMAS, LEET, NO_SKELETON
from assistant.text.morph import Morphology

_CYRILLIC = re.compile("[а-яё]")
_LEET = str.maketrans(LEET)
_REPEATS = re.compile(r"([^\W\d_])\1+")
#: Vowel skeleton: reduced vowels that misspellings swap («дибил», «казлы», «идеоты»).
_SKELETON = str.maketrans({"о": "а", "е": "и", "ё": "и", "э": "и", "ь": None, "ъ": None})


def collapse_repeats(text: str) -> str:
    """Runs of one letter as one letter («дууурак» → «дурак»)."""
    return _REPEATS.sub(r"\1", text)


def fold(token: str) -> str:
    """Lower case, look-alikes and leetspeak to Cyrillic, «ё» → «е», repeats collapsed."""
    lower = token.lower()
    if _CYRILLIC.search(lower):
        lower = lower.translate(_LEET)
    return collapse_repeats(lower.replace("ё", "е"))


def skeleton(word: str) -> str:
    return collapse_repeats(word.translate(_SKELETON))


@lru_cache(maxsize=1)
def _insult_skeletons(morph: Morphology) -> frozenset[str]:
    """Skeletons of every form of the insult lemmas (built once, on first use)."""
    out: set[str] = set()
    for lemma in INSULT_LEMMAS - NO_SKELETON:
        if not _CYRILLIC.search(lemma):
            continue
        for form in morph.analyzer.parse(lemma)[0].lexeme:
            word = str(form.word).replace("ё", "е")
            if len(word) >= 4:
                out.add(skeleton(word))
    return frozenset(out)


def is_insult(lower: str, cyrillic: bool, lemmas: frozenset[str], morph: Morphology) -> bool:
    """Whether a word form is an insult: by lemma, or a misspelt one (not a dictionary word,
    four letters or more, with an insult's vowel skeleton)."""
    if not lemmas.isdisjoint(INSULT_LEMMAS):
        return True
    if len(lower) < 4 or not cyrillic or morph.known(lower):
        return False  # a dictionary word is not a misspelling («года» is not «гада»)
    return skeleton(fold(lower)) in _insult_skeletons(morph)
