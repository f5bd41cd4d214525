"""A small matcher for the lemma cues of :mod:`assistant.analyzer.data.cues`.

For each word whose lemma anchors a cue: the form (grammemes of a parse with that lemma),
negation («не»/«ни» up to three words before) and a nearby lemma (``window`` words either
side) are checked, all within one sentence. ``#amount`` near a word means a sum in digits
(«4500», «100 р»); ``#infinitive`` means an infinitive. Also here: the parts of a message
that are not facts — conditionals («если вдруг заблокируют…»), how-to questions («как
понять, что перевод не дошёл?») and jokes («шучу»).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from assistant.analyzer.data.cues import TIME_NOUNS, Cue
from assistant.analyzer.doc import Doc

#: A sentence ends at «!», «?», «…», a line break, or a full stop that does not close an
#: abbreviation of a sum or a place («999 р. за подписку», «г. Москва»). Both patterns here
#: open with one character class (look-arounds check the rest), so that ``re`` skips
#: straight to candidates instead of trying every alternative at every position.
_SENTENCE_END = re.compile(
    r"[!?…\n.](?:(?<=[!?…\n])[!?…\n]*"
    r"|(?<=\.)(?<!\sр\.)(?<!\sг\.)(?<!\sруб\.)(?<!\sтыс\.)(?<!\sул\.)\.*)"
)
#: An amount, not inside a number: «1 500», «1500», «15 р», «2,5 тыс».
_AMOUNT = re.compile(
    r"\d(?<![\w.,]\d)(?:\d{0,2}(?:[ \u00a0]\d{3})+|\d{2,}"
    r"|\d*(?:[.,]\d+)?\s*(?:₽|р\.?|руб\w*|тыс\w*|к)(?![^\W\d_]))"
)
_NEGATION = frozenset({"не", "ни"})
_CLAUSE_BREAK = re.compile(r"[,;:—–()]")
#: «если» opens a condition, except in set phrases («если честно», «если что»).
_CONDITION = re.compile(
    r"(?<![^\W\d_])(?:если|в\s+случае)(?!\s+(?:честно|что|можно|не\s+сложно|не\s+трудно)(?![^\W\d_]))"
    r"(?![^\W\d_])"
)
_HOW_TO = frozenset({"как", "можно", "куда", "каким", "нельзя"})
_JOKE = frozenset({"шутить", "шутка", "прикалываться", "пошутить"})


def _index(cues: Sequence[Cue]) -> dict[str, list[Cue]]:
    out: dict[str, list[Cue]] = defaultdict(list)
    for cue in cues:
        for lemma in cue.lemmas:
            out[lemma].append(cue)
    return dict(out)


class CueMatcher:
    """Matches one set of cues against a :class:`Doc`."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.by_lemma = _index(cues)
        self.anchors = frozenset(self.by_lemma)

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """``(code, start, end)`` for every cue found (normalised offsets)."""
        if self.anchors.isdisjoint(doc.vocabulary):
            return []
        words = doc.words
        lemma_sets = doc.lemma_sets
        sentence = _sentence_ids(doc)
        amounts = [m.start() for m in _AMOUNT.finditer(doc.text)]
        out: list[tuple[str, int, int]] = []
        for i, lemmas in enumerate(lemma_sets):
            for lemma in lemmas & self.anchors:
                for cue in self.by_lemma[lemma]:
                    start = self._check(cue, lemma, i, doc, lemma_sets, sentence, amounts)
                    if start is not None:
                        out.append((cue.code, start, words[i].end))
        return out

    @staticmethod
    def _check(
        cue: Cue,
        lemma: str,
        i: int,
        doc: Doc,
        lemma_sets: list[frozenset[str]],
        sentence: list[int],
        amounts: list[int],
    ) -> int | None:
        words = doc.words
        word = words[i]
        if cue.grammemes and not any(
            str(p.normal_form).replace("ё", "е") == lemma
            and not cue.grammemes.isdisjoint(p.tag.grammemes)
            for p in doc.morph.parses(word.lower)
        ):
            return None
        same = [j for j in range(max(0, i - 3), i) if sentence[j] == sentence[i]]
        negation = next((j for j in reversed(same) if words[j].lower in _NEGATION), None)
        if cue.negated is True and negation is None:
            return None
        if cue.negated is False and negation is not None:
            return None
        near = cue.near
        if near:
            lo, hi = max(0, i - cue.window), min(len(words), i + cue.window + 1)
            span = [j for j in range(lo, hi) if j != i and sentence[j] == sentence[i]]
            found = _near(cue, i, span, doc, lemma_sets)
            if cue.also and not any(not lemma_sets[j].isdisjoint(cue.also) for j in span):
                return None
            if not found and "#infinitive" in near:
                found = any(
                    j > i and "INFN" in doc.morph.best(words[j].lower).tag.grammemes for j in span
                )
            if not found and "#amount" in near and span:
                first, last = words[min(span[0], i)].start, words[max(span[-1], i)].end
                found = any(first <= a <= last for a in amounts) or any(
                    word.end <= a <= word.end + 3 for a in amounts
                )
            if not found:
                return None
        return words[negation].start if negation is not None else word.start


def _near(cue: Cue, i: int, span: list[int], doc: Doc, lemma_sets: list[frozenset[str]]) -> bool:
    """Whether a near lemma is in the window. With ``near_case``, the noun closest to the
    anchor that could be its subject or object decides («не приходит чек после оплаты»:
    the receipt, not the payment)."""
    near, cases = cue.near, cue.near_case
    if not cases:
        return any(not lemma_sets[j].isdisjoint(near) for j in span)
    words = doc.words

    def other_clause(j: int) -> bool:
        lo, hi = sorted((words[i].end, words[j].start)) if j > i else (words[j].end, words[i].start)
        return _CLAUSE_BREAK.search(doc.text, lo, hi) is not None

    # nouns of the anchor's own clause first, then the nearest
    for j in sorted(span, key=lambda j: (other_clause(j), abs(j - i))):
        best = doc.morph.best(words[j].lower).tag.grammemes
        if "NOUN" not in best:
            if not lemma_sets[j].isdisjoint(near) and "UNKN" in best:
                return True  # an abbreviation pymorphy3 does not know: «зп не пришла»
            continue
        if cases.isdisjoint(best) or not lemma_sets[j].isdisjoint(TIME_NOUNS):
            continue  # «кнопка перевода»: a genitive is not the subject
        # the closest noun that can be the subject or object decides («не приходит чек»)
        return not lemma_sets[j].isdisjoint(near)
    return False


def _sentence_ids(doc: Doc) -> list[int]:
    ends = [m.start() for m in _SENTENCE_END.finditer(doc.text)]
    out: list[int] = []
    k = 0
    for word in doc.words:
        while k < len(ends) and ends[k] < word.start:
            k += 1
        out.append(k)
    return out


def not_facts(doc: Doc) -> list[tuple[int, int]]:
    """Spans that report no fact: a condition to the end of its sentence, a how-to
    question («как/можно ли/куда» + infinitive) from its first word to the end of the
    sentence, and the whole message when it says it jokes («шучу»)."""
    text = doc.text
    if not _JOKE.isdisjoint(doc.vocabulary) and any(
        not w.form.lemmas.isdisjoint(_JOKE) for w in doc.words
    ):
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    for m in _CONDITION.finditer(doc.lower):
        end = _SENTENCE_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    words = doc.words
    for i, word in enumerate(words):
        if word.lower not in _HOW_TO:
            continue
        nxt = words[i + 1 : i + 4]
        if any("INFN" in doc.morph.best(w.lower).tag.grammemes for w in nxt):
            end = _SENTENCE_END.search(text, word.end)
            spans.append((word.start, end.start() if end else len(text)))
    return spans
