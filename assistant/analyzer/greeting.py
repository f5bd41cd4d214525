"""Greeting: does the message open with one, what are its words and register?

Only the opening counts: leading spaces, punctuation and emoji are skipped, then an
optional short vocative («Ребята, привет») or a prefix («Всем привет»). Wishes and
farewells («Хорошего дня»), thanks and salutations («Уважаемые сотрудники») are not
greetings.
"""

from __future__ import annotations

import re

from assistant.analyzer.data.greetings import GREETING_PREFIX, GREETINGS, VOCATIVE
from assistant.analyzer.doc import Doc
from assistant.analyzer.models import GreetingInfo, Register

_LEAD = r"^[\W_\d]*?"
#: Not a greeting when the words go on as a sentence: «день добрый был бы, если бы…».
_END = r"(?![^\W\d_])(?!\s+(?:был|была|было|бы)(?![^\W\d_]))"
_ALTERNATIVES = [
    (
        re.compile(_LEAD + VOCATIVE + GREETING_PREFIX + rf"(?P<g>{pattern}){_END}", re.IGNORECASE),
        reg,
    )
    for pattern, reg in GREETINGS
]
#: Quick rejection: the opening words of the message, then any greeting at all (one match
#: instead of one per alternative; the alternatives then decide which greeting it is).
_OPENING = re.compile(r"^[\W_\d]*(?P<w>[^\W\d_]+)")
_ANY = re.compile(
    _LEAD + VOCATIVE + GREETING_PREFIX + "(?:" + "|".join(p for p, _ in GREETINGS) + ")" + _END,
    re.IGNORECASE,
)


#: The next word, directly after the greeting words (no punctuation between).
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _subject_of_verb(doc: Doc, end: int) -> bool:
    """«Доброе утро начинается с…», «День добрый был бы…»: the greeting words are the
    subject of a 3rd-person or past verb, so they do not greet."""
    m = _NEXT_WORD.match(doc.text, end)
    if m is None or not doc.words:
        return False
    grammemes = doc.morph.best(m.group(1).lower()).tag.grammemes
    return "VERB" in grammemes and ("3per" in grammemes or "past" in grammemes)


def detect_greeting(doc: Doc) -> GreetingInfo:
    head = doc.text[:200]
    if not _OPENING.match(head) or not _ANY.match(head):
        return GreetingInfo()
    for pattern, register in _ALTERNATIVES:
        m = pattern.match(head)
        if m is None:
            continue
        if _subject_of_verb(doc, m.end("g")):
            return GreetingInfo()
        text, start, end = doc.locate(m.start("g"), m.end("g"))
        reg: Register = register  # type: ignore[assignment]
        return GreetingInfo(present=True, text=text, register=reg, start=start, end=end)
    return GreetingInfo()
