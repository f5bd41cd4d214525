"""Swearing and insults, whatever the disguise: masks, look-alikes, «ё», misspellings.

Two passes over the message:

* tokens (split on spaces and punctuation, but not on the masks ``*@#.`` or digits) are
  folded (:data:`~assistant.analyzer.data.swearing.LEET`, «ё» → «е», repeated letters
  collapsed). A plain folded token is matched against the obscene roots; a masked one
  («г@вно», «н*х», «за***ли», «х.у.й») is obscene when filling its masks with a few likely
  letters (:data:`~assistant.analyzer.data.swearing.MASK_FILLERS`) gives a root match;
* words are insults by lemma, or as misspellings by their vowel skeleton («дибилы»,
  «казлы», «идеоты»): decided once per word form (:mod:`assistant.analyzer.insults`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from assistant.analyzer.data.swearing import FALSE_FRIENDS, MASK_FILLERS, MASKS, OBSCENE_ROOTS
from assistant.analyzer.doc import Doc
from assistant.analyzer.insults import collapse_repeats, fold
from assistant.analyzer.models import Evidence

_TOKEN = re.compile(r"[^\s,;:!?()«»\"'’“”„/\\\[\]{}<>|~+=—–-]+")
_OBSCENE = re.compile(OBSCENE_ROOTS)
_CYRILLIC = re.compile("[а-яё]")
_MASK_RUN = re.compile("[" + re.escape(MASKS) + "]+")


def _masked_match(token: str) -> bool:
    """Whether a masked token («г@вно», «н*х», «х.у.й») hides an obscene word."""
    parts = _MASK_RUN.split(token)
    letters = "".join(parts)
    if not letters or len(letters) == len(token) or not _CYRILLIC.search(token):
        return False
    if _OBSCENE.fullmatch(collapse_repeats(letters)):
        return True  # «х.у.й», «б.л.я.т.ь»: the masks only separate the letters
    if len(parts) > 3:
        return False
    for fill in product(MASK_FILLERS, repeat=len(parts) - 1):
        word = parts[0] + "".join(f + part for f, part in zip(fill, parts[1:], strict=True))
        if word not in FALSE_FRIENDS and _OBSCENE.fullmatch(collapse_repeats(word)):
            return True
    return False


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


def _insult_words(doc: Doc, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [
        (word.start, word.end)
        for word in doc.words
        if word.form.insult and not any(s <= word.start < e for s, e in taken)
    ]


def detect_swearing(doc: Doc) -> list[Evidence]:
    """Evidence of obscenities (``urgent:obscene``) and insults (``urgent:insult``)."""
    obscene = _obscene_spans(doc.lower)
    return [doc.evidence("urgent:obscene", s, e) for s, e in obscene] + [
        doc.evidence("urgent:insult", s, e) for s, e in _insult_words(doc, obscene)
    ]
