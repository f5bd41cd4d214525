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
from assistant.analyzer.doc import Doc, Pending, build, relabel
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
    # gathered for every class, built for the one returned
    formal: list[Pending] = []
    casual: list[Pending] = []
    slang: list[Pending] = []
    for word in doc.words if not _WORDS.isdisjoint(doc.vocabulary) else []:
        if word.lower in SLANG_WORDS:
            slang.append(doc.word_pending("register:slang", word))
        elif word.lower in CASUAL_WORDS:
            casual.append(doc.word_pending("register:casual", word))
        elif not word.form.lemmas.isdisjoint(FORMAL_LEMMAS):
            formal.append(doc.word_pending("register:formal", word))
    for source, pattern in ((doc.lower, _FORMAL_PHRASES), (doc.text, _POLITE_VY)):
        formal.extend(
            doc.pending("register:formal", m.start(), m.end()) for m in pattern.finditer(source)
        )
    slang.extend(relabel("register:slang", e) for e in urgency if reason_code(e) == "obscene")
    g = greeting
    if g.present and g.text is not None and g.start is not None and g.end is not None:
        bucket = {"slang": slang, "casual": casual, "formal": formal}.get(g.register or "")
        if bucket is not None and all(p[2] != g.start for p in bucket):  # not counted yet
            bucket.append((f"register:{g.register}", g.text, g.start, g.end))
    casual.extend(relabel("register:casual", i) for i in emoji.items)
    informal_signals = (
        len(casual) - emoji.count + (address == "ty") + (emoji.count > 0) + habits.all_lowercase
    )
    if len(slang) >= 2 or (slang and not formal):
        return "slang", build(slang)
    if formal and len(formal) >= informal_signals:
        return "formal", build(formal)
    if informal_signals >= 2 or (informal_signals and not formal and habits.words <= 6):
        return "casual", build(sorted(casual, key=lambda p: p[2]))
    return "neutral", []
