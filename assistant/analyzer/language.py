"""Language of the message: ``ru``, ``en`` or ``other`` (by letters and common words)."""

from __future__ import annotations

import re

from assistant.analyzer.data.language import ENGLISH_WORDS
from assistant.analyzer.doc import Doc
from assistant.analyzer.models import Language

_URL = re.compile(r"https?://\S+|www\.\S+|@\w+|\S+@\S+")
#: Runs of letters, counted by their lengths (one string per run, not one per letter).
_CYRILLIC = re.compile("[а-яё]+", re.IGNORECASE)
_UKRAINIAN_ONLY = re.compile("[іїєґ]", re.IGNORECASE)
_LATIN = re.compile("[a-z]+", re.IGNORECASE)


def detect_language(doc: Doc) -> Language:
    text = doc.text
    if "@" in text or "http" in text or "www." in text:  # else no address to leave out
        text = _URL.sub(" ", text)
    cyrillic = sum(map(len, _CYRILLIC.findall(text)))
    latin = sum(map(len, _LATIN.findall(text)))
    if cyrillic == 0 and latin == 0:
        other = sum(1 for w in doc.words if not _LATIN.search(w.text))
        return "other" if other >= 2 else "ru"
    if cyrillic >= latin:
        return "other" if len(_UKRAINIAN_ONLY.findall(text)) >= 2 else "ru"
    english = sum(1 for w in doc.words if w.lower in ENGLISH_WORDS)
    return "en" if english else "other"
