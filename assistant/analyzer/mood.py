"""Mood: angry, negative, positive or neutral.

Angry when the urgency module found anger (insults, obscenities, shouting, ``!!!``, angry
emoji, repeated contact); negative on words of trouble or disappointment, sad emoticons, or
money at risk; positive on thanks, praise, smiles or laughter with nothing negative;
neutral otherwise.
"""

from __future__ import annotations

import re

from assistant.analyzer.data.mood import NEGATIVE_LEMMAS, NEGATIVE_PHRASES, POSITIVE_LEMMAS
from assistant.analyzer.doc import Doc
from assistant.analyzer.models import EmojiInfo, Evidence, Mood
from assistant.analyzer.urgency import ANGER_REASONS, reason_code

_NEGATIVE_PHRASES = re.compile(NEGATIVE_PHRASES)


def detect_mood(doc: Doc, emoji: EmojiInfo, urgency: list[Evidence]) -> tuple[Mood, list[Evidence]]:
    anger = [
        Evidence(label="mood:angry", text=e.text, start=e.start, end=e.end)
        for e in urgency
        if reason_code(e) in ANGER_REASONS
        and not (reason_code(e) == "punctuation" and "!" not in e.text)
    ]
    if anger:
        return "angry", anger
    negative: list[Evidence] = []
    positive: list[Evidence] = []
    for word in doc.words:
        lemmas = doc.lemmas(word)
        if not lemmas.isdisjoint(NEGATIVE_LEMMAS):
            negative.append(doc.word_evidence("mood:negative", word))
        elif not lemmas.isdisjoint(POSITIVE_LEMMAS):
            positive.append(doc.word_evidence("mood:positive", word))
    for m in _NEGATIVE_PHRASES.finditer(doc.lower):
        negative.append(doc.evidence("mood:negative", m.start(), m.end()))
    negative.extend(
        Evidence(label="mood:negative", text=e.text, start=e.start, end=e.end)
        for e in urgency
        if reason_code(e) not in ANGER_REASONS and reason_code(e) != "explicit"
    )
    for item in emoji.items:
        target = {"negative": negative, "angry": negative, "positive": positive}.get(item.tone)
        if target is not None:
            target.append(
                Evidence(label=f"mood:{item.tone}", text=item.text, start=item.start, end=item.end)
            )
    if negative:
        return "negative", sorted(negative, key=lambda e: e.start)
    if positive:
        return "positive", positive
    return "neutral", []
