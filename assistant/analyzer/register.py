"""Register: formal, neutral, casual or slang.

Slang: slang words, obscenities or masses of emoticons; formal: officialese, «С уважением»,
a capitalised «Вы» in mid-sentence; casual: ты, casual words and greetings, emoticons, an
all-lowercase message. Scores decide; with no markers the register is neutral.
"""

from __future__ import annotations

import re

from assistant.analyzer.data.register import (
    CASUAL_WORDS,
    FORMAL_LEMMAS,
    FORMAL_PHRASES,
    SLANG_WORDS,
)
from assistant.analyzer.doc import Doc
from assistant.analyzer.models import Address, EmojiInfo, Evidence, GreetingInfo, Habits, Register
from assistant.analyzer.urgency import reason_code
from assistant.text.prefilter import Screened

_FORMAL_PHRASES = Screened(FORMAL_PHRASES)
#: Every word and lemma the word loop of :func:`detect_register` reads.
_WORDS = SLANG_WORDS | CASUAL_WORDS | FORMAL_LEMMAS
#: A capital «Вы» inside a sentence (the «В» is matched first, so ``re`` skips to it).
_POLITE_VY = re.compile(r"В(?<=[^\W\d_,] В)(?:ы|ас|ам|аш\w*)(?![^\W\d_])")


def detect_register(
    doc: Doc,
    *,
    address: Address,
    emoji: EmojiInfo,
    greeting: GreetingInfo,
    habits: Habits,
    urgency: list[Evidence],
) -> tuple[Register, list[Evidence]]:
    formal: list[Evidence] = []
    casual: list[Evidence] = []
    slang: list[Evidence] = []
    for word in doc.words if not _WORDS.isdisjoint(doc.vocabulary) else []:
        if word.lower in SLANG_WORDS:
            slang.append(doc.word_evidence("register:slang", word))
        elif word.lower in CASUAL_WORDS:
            casual.append(doc.word_evidence("register:casual", word))
        elif not word.form.lemmas.isdisjoint(FORMAL_LEMMAS):
            formal.append(doc.word_evidence("register:formal", word))
    for source, pattern in ((doc.lower, _FORMAL_PHRASES), (doc.text, _POLITE_VY)):
        formal.extend(
            doc.evidence("register:formal", m.start(), m.end()) for m in pattern.finditer(source)
        )
    slang.extend(
        Evidence(label="register:slang", text=e.text, start=e.start, end=e.end)
        for e in urgency
        if reason_code(e) == "obscene"
    )
    g = greeting
    if g.present and g.text is not None and g.start is not None and g.end is not None:
        bucket = {"slang": slang, "casual": casual, "formal": formal}.get(g.register or "")
        if bucket is not None and all(e.start != g.start for e in bucket):  # not counted yet
            bucket.append(
                Evidence(label=f"register:{g.register}", text=g.text, start=g.start, end=g.end)
            )
    casual.extend(
        Evidence(label="register:casual", text=i.text, start=i.start, end=i.end)
        for i in emoji.items
    )
    informal_signals = (
        len(casual) - emoji.count + (address == "ty") + (emoji.count > 0) + habits.all_lowercase
    )
    if len(slang) >= 2 or (slang and not formal):
        return "slang", slang
    if formal and len(formal) >= informal_signals:
        return "formal", formal
    if informal_signals >= 2 or (informal_signals and not formal and habits.words <= 6):
        return "casual", sorted(casual, key=lambda e: e.start)
    return "neutral", []
