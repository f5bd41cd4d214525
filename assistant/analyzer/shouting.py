"""Shouting: capitals a person shouts («ВЕРНИТЕ МОИ ДЕНЬГИ»), not capitals that are names.

Left out: Latin words (abbreviations and handles), words glued to a digit, words inside
quotes (product and tariff names), abbreviations (listed, tagged ``Abbr``/``Orgn`` by
pymorphy3, or short capitals it does not know) and capitals that continue a brand name
(«МТС РОССИИ»). Shouting is two or more counted words of three letters or more, or one of
five letters or more.
"""

from __future__ import annotations

from assistant.analyzer.data.shouting import ABBREVIATIONS, BRAND_LEMMAS, NAME_GRAMMEMES
from assistant.analyzer.doc import Doc, Word
from assistant.analyzer.models import Evidence

#: Parts of speech that may continue a brand name.
_NAME_POS = frozenset({"NOUN", "ADJF", "ADJS", "NUMR"})
#: Unknown capitals up to this length are taken for abbreviations (ЖКУ, ЕПД, ОФД).
_SHORT = 5


def _is_name(word: Word, doc: Doc) -> bool:
    """An abbreviation or a brand: listed, or tagged so by pymorphy3, or short and unknown."""
    if word.text in ABBREVIATIONS or not word.form.lemmas.isdisjoint(BRAND_LEMMAS):
        return True
    if not word.cyrillic:
        return True
    if len(word.text) <= _SHORT and not doc.morph.known(word.lower):
        return True
    return "Abbr" in doc.morph.best(word.lower).tag.grammemes


def _continues_brand(word: Word, previous: Word | None, previous_is_name: bool, doc: Doc) -> bool:
    """«МТС РОССИИ», «МИР ПРЕМИАЛЬНАЯ»: a name, a noun or an adjective in capitals right
    after a brand word («ВЕРНИТЕ» after «СБЕР» is not part of the name)."""
    if previous is None or not previous_is_name or doc.text[previous.end : word.start].strip():
        return False
    grammemes = doc.morph.best(word.lower).tag.grammemes
    return not NAME_GRAMMEMES.isdisjoint(grammemes) or not _NAME_POS.isdisjoint(grammemes)


def detect_shouting(doc: Doc) -> list[Evidence]:
    """Evidence for each shouted word (empty: no shouting)."""
    if not any(len(w.text) >= 2 and w.text.isupper() for w in doc.words):
        return []  # no word in capitals
    text = doc.text
    quoted = doc.quoted
    counted: list[Word] = []
    previous: Word | None = None
    previous_is_name = False
    for word in doc.words:
        upper = len(word.text) >= 2 and word.text.isupper()
        if upper:
            is_name = _is_name(word, doc)
            if (
                not is_name
                and not _continues_brand(word, previous, previous_is_name, doc)
                and len(word.text) >= 3
                and not (word.start and text[word.start - 1].isdigit())
                and not (word.end < len(text) and text[word.end].isdigit())
                and not any(s < word.start < e for s, e in quoted)
            ):
                counted.append(word)
        else:
            is_name = word.text[:1].isupper() and not word.form.lemmas.isdisjoint(BRAND_LEMMAS)
        previous, previous_is_name = word, is_name
    if len(counted) >= 2 or any(len(w.text) >= 5 for w in counted):
        return [doc.word_evidence("urgent:shouting", w) for w in counted]
    return []
