"""Mood: angry, negative, positive or neutral.

Angry when the urgency module found anger (insults, obscenities, shouting, ``!!!``, angry
emoji, repeated contact); negative on words of disappointment or frustration, sad emoticons,
money at risk, or trouble («не работает») with a sign of frustration («опять», «!!»); a calm
problem report is neutral; positive on thanks, praise, smiles or laughter with nothing negative;
neutral otherwise.
"""

from __future__ import annotations

from assistant.analyzer.cues import CueMatcher
from assistant.analyzer.data.cues import MOOD_CUES
from assistant.analyzer.data.mood import (
    ESCALATION,
    NEGATIVE_LEMMAS,
    NEGATIVE_PHRASES,
    POSITIVE_LEMMAS,
    POSITIVE_SUPERLATIVES,
    QUOTED_PRAISE,
    REPEATED_TROUBLE,
    SARCASM,
    TROUBLE_LEMMAS,
    TROUBLE_PHRASES,
    WEAK_SARCASM,
)
from assistant.analyzer.doc import Doc, Pending, build, relabel
from assistant.analyzer.models import EmojiInfo, Evidence, Mood
from assistant.analyzer.praise import praise
from assistant.analyzer.urgency import ANGER_REASONS, reason_code
from assistant.text.prefilter import Screened

_NEGATIVE_PHRASES = Screened(NEGATIVE_PHRASES)
_TROUBLE_PHRASES = Screened(TROUBLE_PHRASES)
_ESCALATION = Screened(ESCALATION)
_REPEATED_TROUBLE = Screened(REPEATED_TROUBLE)
_SARCASM = Screened(SARCASM)
_WEAK_SARCASM = Screened(WEAK_SARCASM)
_CUES = CueMatcher(MOOD_CUES)
#: Every lemma the word loop of :func:`detect_mood` reads (praise included).
_WORD_LEMMAS = NEGATIVE_LEMMAS | TROUBLE_LEMMAS | POSITIVE_LEMMAS | POSITIVE_SUPERLATIVES


def _phrases(doc: Doc, pattern: Screened) -> list[Pending]:
    return [doc.pending("mood:negative", m.start(), m.end()) for m in pattern.finditer(doc.lower)]


def _sarcasm(doc: Doc) -> list[Pending]:
    """Sarcasm markers («ну-ну», «спасибо за такой…», praise in quotes) and upset cues
    (leaving, complaints to a regulator, long waits, «хватит» + verb)."""
    out = _phrases(doc, _SARCASM)
    out.extend(doc.pending("mood:negative", s, e) for _, s, e in _CUES.match(doc))
    for start, end in doc.quoted:
        inside = [w for w in doc.words if start < w.start < end]
        if any(not w.form.lemmas.isdisjoint(QUOTED_PRAISE) for w in inside):
            out.append(doc.pending("mood:negative", start, end))
    return out


def detect_mood(doc: Doc, emoji: EmojiInfo, urgency: list[Evidence]) -> tuple[Mood, list[Evidence]]:
    anger = [
        Evidence(label="mood:angry", text=e.text, start=e.start, end=e.end)
        for e in urgency
        if reason_code(e) in ANGER_REASONS
        and not (reason_code(e) == "punctuation" and "!" not in e.text)
    ]
    if anger:
        return "angry", anger
    # gathered for every class, built for the one returned
    negative: list[Pending] = []
    positive: list[Pending] = []
    trouble: list[Pending] = []
    words = doc.words if not _WORD_LEMMAS.isdisjoint(doc.vocabulary) else []
    for word in words:
        lemmas = word.form.lemmas
        if not lemmas.isdisjoint(NEGATIVE_LEMMAS):
            negative.append(doc.word_pending("mood:negative", word))
        elif not lemmas.isdisjoint(TROUBLE_LEMMAS):
            trouble.append(doc.word_pending("mood:negative", word))
        elif praise(doc, word, lemmas):
            positive.append(doc.word_pending("mood:positive", word))
    for m in _NEGATIVE_PHRASES.finditer(doc.lower):
        negative.append(doc.pending("mood:negative", m.start(), m.end()))
    trouble.extend(
        doc.pending("mood:negative", m.start(), m.end())
        for m in _TROUBLE_PHRASES.finditer(doc.lower)
    )
    escalation = _phrases(doc, _ESCALATION)
    escalation.extend(  # a smile after a complaint
        relabel("mood:negative", i)
        for i in emoji.items
        if i.tone == "positive" and i.kind != "laughter"
    )
    if trouble and escalation:
        negative.extend(trouble + escalation)
    negative.extend(_phrases(doc, _REPEATED_TROUBLE))
    negative.extend(_sarcasm(doc))
    if negative:
        negative.extend(_phrases(doc, _WEAK_SARCASM))
    negative.extend(
        relabel("mood:negative", e)
        for e in urgency
        if reason_code(e) not in ANGER_REASONS and reason_code(e) != "explicit"
    )
    for item in emoji.items:
        target = {"negative": negative, "angry": negative, "positive": positive}.get(item.tone)
        if target is not None:
            target.append(relabel(f"mood:{item.tone}", item))
    if negative:
        return "negative", build(sorted(negative, key=lambda p: p[2]))
    if positive:
        return "positive", build(positive)
    return "neutral", []
