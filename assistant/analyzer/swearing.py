"""Swearing and insults, whatever the disguise: masks, look-alikes, «ё», misspellings.

Two passes over the message:

* tokens (split on spaces and punctuation, but not on the masks ``*@#.`` or digits) are
  folded (:data:`~assistant.analyzer.data.swearing.LEET`, «ё» → «е», repeated letters
  collapsed). A plain folded token is matched against the obscene roots; a masked one
  («г@вно», «н*х», «за***ли», «х.у.й») is obscene when filling its masks with a few likely
  letters (:data:`~assistant.analyzer.data.swearing.MASK_FILLERS`) gives a root match;
* words are matched by lemma against the insult list; an unknown word (a misspelling such
  as «дибилы», «казлы», «идеоты») by its vowel skeleton against the forms of those lemmas.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from assistant.analyzer.data.swearing import (
    FALSE_FRIENDS,
    INSULT_LEMMAS,
    LEET,
    MASK_FILLERS,
    MASKS,
    NO_SKELETON,
    OBSCENE_ROOTS,
)
from assistant.analyzer.doc import Doc, known_word
from assistant.analyzer.models import Evidence
from assistant.text.morph import Morphology

_TOKEN = re.compile(r"[^\s,;:!?()«»\"'’“”„/\\\[\]{}<>|~+=—–-]+")
_OBSCENE = re.compile(OBSCENE_ROOTS)
_CYRILLIC = re.compile("[а-яё]")
_LEET = str.maketrans(LEET)
_REPEATS = re.compile(r"([^\W\d_])\1+")
_MASK_RUN = re.compile("[" + re.escape(MASKS) + "]+")
#: Vowel skeleton: reduced vowels that misspellings swap («дибил», «казлы», «идеоты»).
_SKELETON = str.maketrans({"о": "а", "е": "и", "ё": "и", "э": "и", "ь": None, "ъ": None})


def fold(token: str) -> str:
    """Lower case, look-alikes and leetspeak to Cyrillic, «ё» → «е», repeats collapsed."""
    lower = token.lower()
    if _CYRILLIC.search(lower):
        lower = lower.translate(_LEET)
    return _REPEATS.sub(r"\1", lower.replace("ё", "е"))


def skeleton(word: str) -> str:
    return _REPEATS.sub(r"\1", word.translate(_SKELETON))


def _masked_match(token: str) -> bool:
    """Whether a masked token («г@вно», «н*х», «х.у.й») hides an obscene word."""
    parts = _MASK_RUN.split(token)
    letters = "".join(parts)
    if not letters or len(letters) == len(token) or not _CYRILLIC.search(token):
        return False
    if _OBSCENE.fullmatch(_REPEATS.sub(r"\1", letters)):
        return True  # «х.у.й», «б.л.я.т.ь»: the masks only separate the letters
    if len(parts) > 3:
        return False
    for fill in product(MASK_FILLERS, repeat=len(parts) - 1):
        word = parts[0] + "".join(f + part for f, part in zip(fill, parts[1:], strict=True))
        if word not in FALSE_FRIENDS and _OBSCENE.fullmatch(_REPEATS.sub(r"\1", word)):
            return True
    return False


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


@lru_cache(maxsize=50_000)
def _obscene_token(raw: str) -> bool:
    """Whether a token as the text splits it (lower-cased; its outer dots are not part of
    the word) is obscene, plain or masked."""
    stripped = raw.strip(".")
    if len(stripped) < 2:
        return False
    folded = fold(stripped)
    if any(ch in MASKS for ch in folded):
        return _masked_match(folded)
    return folded not in FALSE_FRIENDS and _OBSCENE.fullmatch(folded) is not None


def _obscene_spans(text: str) -> list[tuple[int, int]]:
    """Spans (in ``text``, lower-cased) of obscene tokens, plain or masked."""
    if not any(map(_obscene_token, _TOKEN.findall(text))):
        return []  # the common case, decided without a match object per token
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        if _obscene_token(raw):
            stripped = raw.strip(".")
            start = m.start() + raw.index(stripped)
            out.append((start, start + len(stripped)))
    return out


@lru_cache(maxsize=50_000)
def _insult_form(morph: Morphology, lower: str, cyrillic: bool) -> bool:
    """Whether a word form is an insult: by lemma, or a misspelt one (not a dictionary word,
    four letters or more, with an insult's consonant skeleton). Cached per form."""
    lemmas = morph.lemmas(lower) if cyrillic else frozenset((lower,))
    if not lemmas.isdisjoint(INSULT_LEMMAS):
        return True
    if len(lower) < 4 or not cyrillic or known_word(morph, lower):
        return False  # a dictionary word is not a misspelling («года» is not «гада»)
    return skeleton(fold(lower)) in _insult_skeletons(morph)


def _insult_words(doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [
        (word.start, word.end)
        for word in doc.words
        if _insult_form(doc.morph, word.lower, word.cyrillic)
        and not any(s <= word.start < e for s, e in taken)
    ]


def detect_swearing(doc: Doc) -> list[Evidence]:
    """Evidence of obscenities (``urgent:obscene``) and insults (``urgent:insult``)."""
    obscene = _obscene_spans(doc.lower)
    return [doc.evidence("urgent:obscene", s, e) for s, e in obscene] + [
        doc.evidence("urgent:insult", s, e) for s, e in _insult_words(doc, obscene)
    ]
