"""Writing habits for the drafter to mirror: length, paragraphs, case, punctuation, «ё»."""

from __future__ import annotations

import re

from assistant.analyzer.doc import Doc
from assistant.analyzer.models import Evidence, Habits
from assistant.text.prefilter import Screened

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
#: ``[.!?…]+(?=\s|$)|\n+``, opening with one class so that ``re`` skips to candidates.
_SENTENCE_END = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<=[.!?…])[.!?…]*(?=\s|$))")
_PUNCT_RUN = Screened(r"[!?]{2,}")
_ELLIPSIS = re.compile(r"\.{2,}|…+")
_LETTER = re.compile(r"[^\W\d_]")


def detect_habits(doc: Doc) -> Habits:
    text = doc.text
    stripped = text.strip()
    # every letter is in a word (words are runs of letters joined by hyphens)
    letters = sum(w.form.letters for w in doc.words)
    upper = sum(w.form.capitals for w in doc.words)
    exclamations: list[Evidence] = []
    questions: list[Evidence] = []
    for m in _PUNCT_RUN.finditer(text):
        if "!" in m.group():
            exclamations.append(doc.evidence("habit:exclamations", m.start(), m.end()))
        else:
            questions.append(doc.evidence("habit:questions", m.start(), m.end()))
    sentences = [s for s in _SENTENCE_END.split(stripped) if _LETTER.search(s)]
    return Habits(
        words=len(doc.words),
        chars=len(doc.norm.original),
        sentences=len(sentences),
        paragraphs=len(_PARAGRAPH_BREAK.split(stripped)) if stripped else 0,
        all_lowercase=upper == 0 and letters >= 2,
        caps_ratio=round(upper / letters, 3) if letters else 0.0,
        exclamation_runs=exclamations,
        question_runs=questions,
        ellipses=len(_ELLIPSIS.findall(text)),
        uses_yo="ё" in text or "Ё" in text,
        no_final_punctuation=bool(stripped) and stripped[-1].isalnum(),
    )
