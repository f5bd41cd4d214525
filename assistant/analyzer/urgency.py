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
from functools import lru_cache

from assistant.analyzer.cues import CueMatcher, not_facts
from assistant.analyzer.data.cues import MONEY_CUES
from assistant.analyzer.data.mood import NEGATIVE_LEMMAS
from assistant.analyzer.data.urgency import (
    ABROAD_PROBLEM,
    LOSABLE,
    LOSS_LEMMAS,
    REPEATED,
    RESOLVED_IF_DONE,
    URGENT_IF_DONE,
    URGENT_LEMMAS,
    URGENT_PHRASES,
)
from assistant.analyzer.doc import Doc, Word
from assistant.analyzer.models import EmojiInfo, Evidence
from assistant.analyzer.praise import praise
from assistant.analyzer.shouting import detect_shouting
from assistant.analyzer.swearing import detect_swearing
from assistant.text.prefilter import Screened, ScreenSet

_PHRASES = ScreenSet(URGENT_PHRASES)
_ABROAD_PROBLEM = re.compile(ABROAD_PROBLEM)
_REPEATED = Screened(REPEATED)
_PUNCT_RUN = Screened(r"[!?]{3,}|[!?][!?1]{2,}(?=\s|$)")
_NOT_VALID_DEPOSIT = re.compile(r"срочн\w*\s+(?:вклад|депозит|счет|счёт)")
_MONEY = CueMatcher(MONEY_CUES)
#: Every lemma :func:`_lemma_codes` reads: a message with none of them has no lemma reason.
_CODE_LEMMAS = frozenset(URGENT_LEMMAS) | frozenset(URGENT_IF_DONE) | LOSS_LEMMAS

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


@lru_cache(maxsize=50_000)
def _lemma_codes(lemmas: frozenset[str]) -> tuple[str | None, bool, str | None, bool]:
    """What a word's lemmas can signal: an urgent code, «solved if done» (разблокировать),
    a code if done (заблокировали), a loss (потерять). Cached: words recur."""
    return (
        next((URGENT_LEMMAS[lemma] for lemma in lemmas if lemma in URGENT_LEMMAS), None),
        not lemmas.isdisjoint(RESOLVED_IF_DONE),
        next((URGENT_IF_DONE[lemma] for lemma in lemmas if lemma in URGENT_IF_DONE), None),
        not lemmas.isdisjoint(LOSS_LEMMAS),
    )


def _lemma_reasons(doc: Doc) -> list[Evidence]:
    if _CODE_LEMMAS.isdisjoint(doc.vocabulary):
        return []  # the common case: no word can signal anything
    out: list[Evidence] = []
    has_losable = any(not lemmas.isdisjoint(LOSABLE) for lemmas in doc.lemma_sets)
    deposit_spans = [m.span() for m in _NOT_VALID_DEPOSIT.finditer(doc.lower)]
    for word in doc.words:
        code, resolved_if_done, code_if_done, loss = _lemma_codes(word.form.lemmas)
        if code is None and code_if_done is None and not loss:
            continue  # the common case: a word that signals nothing
        if code == "explicit" and any(s <= word.start < e for s, e in deposit_spans):
            code = None  # «срочный вклад» is a term deposit, not urgency
        if code is not None and resolved_if_done and _done(word, doc):
            code = None  # «разблокировали» reports the problem solved
        if code is None and code_if_done is not None and _done(word, doc):
            code = code_if_done
        if code is None and loss and has_losable and _done_or_noun(word, doc):
            code = "lost"
        if code is not None:
            out.append(doc.word_evidence(f"urgent:{code}", word))
    return out


def _joyful(doc: Doc, emoji: EmojiInfo) -> bool:
    """Smiles or praise and nothing sad: «Лучший банк!!! 😍», «вы супер, всё пришло!!!»."""
    tones = {i.tone for i in emoji.items}
    if tones & {"negative", "angry"}:
        return False
    if "positive" in tones:
        return True
    lemma_sets = doc.lemma_sets
    return any(praise(doc, w, ls) for w, ls in zip(doc.words, lemma_sets, strict=True)) and all(
        ls.isdisjoint(NEGATIVE_LEMMAS) for ls in lemma_sets
    )


def _risk(doc: Doc) -> list[Evidence]:
    """Money or access at risk and explicit urgency, as facts: not inside a condition, a
    how-to question, a joke, or quotes (a product name such as «СРОЧНЫЙ ПЛЮС»)."""
    reasons = _lemma_reasons(doc)
    reasons.extend(doc.evidence(f"urgent:{code}", s, e) for code, s, e in _MONEY.match(doc))
    lower = doc.lower
    for m, code in _PHRASES.finditer(lower):
        if code == "abroad" and not _ABROAD_PROBLEM.search(lower):
            continue
        reasons.append(doc.evidence(f"urgent:{code}", m.start(), m.end()))
    if not reasons:
        return []
    hidden = not_facts(doc) + doc.quoted
    spans = [doc.norm.span(s, e) for s, e in hidden]
    return [r for r in reasons if not any(s <= r.start < e for s, e in spans)]


def detect_urgency(doc: Doc, emoji: EmojiInfo) -> list[Evidence]:
    """Every reason the message is urgent (empty: not urgent)."""
    reasons = _risk(doc)
    lower = doc.lower
    for pattern, code in (
        (_REPEATED, "repeated"),
        (_PUNCT_RUN, "punctuation"),
    ):
        found = list(pattern.finditer(lower))
        if found and code == "punctuation" and not reasons and _joyful(doc, emoji):
            continue  # «Лучший банк!!! 😍» is joy, not anger
        reasons.extend(doc.evidence(f"urgent:{code}", m.start(), m.end()) for m in found)
    reasons.extend(detect_shouting(doc))
    reasons.extend(detect_swearing(doc))
    reasons.extend(
        Evidence(label="urgent:angry_emoji", text=i.text, start=i.start, end=i.end)
        for i in emoji.items
        if i.tone == "angry"
    )
    reasons.sort(key=lambda e: (e.start, e.end))
    return reasons


def reason_code(evidence: Evidence) -> str:
    return evidence.label.partition(":")[2]
