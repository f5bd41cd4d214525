"""Urgent: money or access at risk right now, explicit urgency, or anger.

Reasons, each with its span: ``explicit`` (срочно), ``blocked``, ``stolen``, ``lost``,
``card_eaten``, ``money_gone``, ``money_missing``, ``unauthorised_charge``,
``charged_twice``, ``wrong_recipient``, ``fraud``, ``abroad`` (with a problem),
``due_today``, ``card_or_money`` (English), and anger:
``insult``, ``obscene``, ``shouting`` (caps), ``punctuation`` (``!!!``/``???``),
``angry_emoji``, ``repeated`` («третий раз пишу»). A sad emoticon or disappointment alone
is not urgent.
"""

from __future__ import annotations

import re

from assistant.analyzer.data.urgency import (
    ABBREVIATIONS,
    ABROAD_PROBLEM,
    INSULT_LEMMAS,
    LOSABLE,
    LOSS_LEMMAS,
    MONEY_GONE_LEMMAS,
    MONEY_LEMMAS,
    OBSCENE,
    REPEATED,
    URGENT_IF_DONE,
    URGENT_LEMMAS,
    URGENT_PHRASES,
)
from assistant.analyzer.doc import Doc, Word
from assistant.analyzer.models import EmojiInfo, Evidence

_PHRASES = [(re.compile(p), code) for p, code in URGENT_PHRASES]
_ABROAD_PROBLEM = re.compile(ABROAD_PROBLEM)
_OBSCENE = re.compile(OBSCENE)
_REPEATED = re.compile(REPEATED)
_PUNCT_RUN = re.compile(r"[!?]{3,}|[!?][!?1]{2,}(?=\s|$)")
_NOT_VALID_DEPOSIT = re.compile(r"срочн\w*\s+(?:вклад|депозит|счет|счёт)")

#: Reasons that come from anger rather than risk (the mood module reads them too).
ANGER_REASONS = frozenset(
    {"insult", "obscene", "shouting", "punctuation", "angry_emoji", "repeated"}
)


def _done(word: Word, doc: Doc) -> bool:
    """Past tense or participle: the thing has happened («заблокировали», «заблокирована»)."""
    grammemes = doc.morph.best(word.lower).tag.grammemes
    return "past" in grammemes or "PRTS" in grammemes or "PRTF" in grammemes


def _done_or_noun(word: Word, doc: Doc) -> bool:
    """A noun («потеря карты») or a verb of something that happened («потерял»)."""
    return "NOUN" in doc.morph.best(word.lower).tag.grammemes or _done(word, doc)


def _shouting(doc: Doc) -> list[Evidence]:
    """Runs of capitalised words (not abbreviations): «ВЕРНИТЕ МОИ ДЕНЬГИ»."""
    caps = [
        w
        for w in doc.words
        if len(w.text) >= 3 and w.text.isupper() and w.text not in ABBREVIATIONS
    ]
    long_caps = [w for w in caps if len(w.text) >= 5]
    if len(caps) >= 2 or long_caps:
        return [doc.word_evidence("urgent:shouting", w) for w in caps]
    return []


def _lemma_reasons(doc: Doc) -> list[Evidence]:
    out: list[Evidence] = []
    lemma_sets = [doc.lemmas(w) for w in doc.words]
    has_losable = any(not lemmas.isdisjoint(LOSABLE) for lemmas in lemma_sets)
    has_money = any(not lemmas.isdisjoint(MONEY_LEMMAS) for lemmas in lemma_sets)
    deposit_spans = [m.span() for m in _NOT_VALID_DEPOSIT.finditer(doc.lower)]
    for word, lemmas in zip(doc.words, lemma_sets, strict=True):
        code = next((URGENT_LEMMAS[lemma] for lemma in lemmas if lemma in URGENT_LEMMAS), None)
        if code == "explicit" and any(s <= word.start < e for s, e in deposit_spans):
            code = None  # «срочный вклад» is a term deposit, not urgency
        if code is None:
            done = next(
                (URGENT_IF_DONE[lemma] for lemma in lemmas if lemma in URGENT_IF_DONE), None
            )
            if done is not None and _done(word, doc):
                code = done
        if (
            code is None
            and has_money
            and not lemmas.isdisjoint(MONEY_GONE_LEMMAS)
            and _done(word, doc)
        ):
            code = "money_gone"
        if (
            code is None
            and not lemmas.isdisjoint(LOSS_LEMMAS)
            and has_losable
            and _done_or_noun(word, doc)
        ):
            code = "lost"
        if code is None and not lemmas.isdisjoint(INSULT_LEMMAS):
            code = "insult"
        if code is not None:
            out.append(doc.word_evidence(f"urgent:{code}", word))
    return out


def detect_urgency(doc: Doc, emoji: EmojiInfo) -> list[Evidence]:
    """Every reason the message is urgent (empty: not urgent)."""
    reasons = _lemma_reasons(doc)
    lower = doc.lower
    for pattern, code in _PHRASES:
        for m in pattern.finditer(lower):
            if code == "abroad" and not _ABROAD_PROBLEM.search(lower):
                continue
            reasons.append(doc.evidence(f"urgent:{code}", m.start(), m.end()))
    joyful = any(i.tone == "positive" for i in emoji.items) and not any(
        i.tone in ("negative", "angry") for i in emoji.items
    )
    for pattern, code in (
        (_OBSCENE, "obscene"),
        (_REPEATED, "repeated"),
        (_PUNCT_RUN, "punctuation"),
    ):
        if code == "punctuation" and joyful and not reasons:
            continue  # «Лучший банк!!! 😍» is joy, not anger
        for m in pattern.finditer(lower):
            reasons.append(doc.evidence(f"urgent:{code}", m.start(), m.end()))
    reasons.extend(_shouting(doc))
    reasons.extend(
        Evidence(label="urgent:angry_emoji", text=i.text, start=i.start, end=i.end)
        for i in emoji.items
        if i.tone == "angry"
    )
    reasons.sort(key=lambda e: (e.start, e.end))
    return reasons


def reason_code(evidence: Evidence) -> str:
    return evidence.label.partition(":")[2]
