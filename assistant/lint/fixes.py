"""One-click fixes that keep the reply grammatical.

A rule's replacement is written in its dictionary form («этот», «деньги», «сделать»). For a
finding it is inflected to the replaced words with pymorphy3: the case, number and gender
of the replaced adjective or noun («данную карту» → «эту карту», «денежных средств» →
«денег»), the person, number, tense and mood of a replaced verb («осуществим» →
«сделаем»). A replaced preposition re-inflects the noun group it governs («в связи с
обновлением» → «из-за обновления»). A replacement that opens a sentence is capitalised. An
empty replacement is a deletion, offered where it leaves clean text: between commas the
commas go too («и, как известно, её» → «и её»); an opener at a sentence start or a phrase
followed by «, что» keeps its span and gets no one-click fix (deleting it would leave a
lower-case start or a stray «, что»; the spans must stay what the operator typed).
A replacement written ``=так`` is used as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from assistant.lint.text import LintText
from assistant.text.morph import Morphology

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

    from assistant.lint.context import LintContext

_WORD = regex.compile(r"\w+(?:[-']\w+)*")
_TAIL = regex.compile(r"(?:\s*[,:—–-]?\s*(?:что|чтобы)\b)?[\s,:—–-]*")
_COMMA_BEFORE = regex.compile(r",\s*$")
_COMMA_AFTER = regex.compile(r"\s*,")
_SENTENCE_END = regex.compile(r"(?:^|[.!?…\n])[\s«\"(]*$")

#: The case each plain preposition governs (the common reading).
GOVERNS: dict[str, str] = {
    "из-за": "gent", "после": "gent", "кроме": "gent", "для": "gent", "до": "gent",
    "от": "gent", "без": "gent", "вместо": "gent", "через": "accs", "про": "accs",
    "о": "loct", "об": "loct", "по": "datv", "к": "datv",
}  # fmt: skip

_FAMILY = {
    "NOUN": "noun", "ADJF": "adj", "PRTF": "adj", "ADJS": "short", "PRTS": "short",
    "VERB": "verb", "INFN": "verb", "GRND": "verb",
}  # fmt: skip
_NOMINAL = ("nomn", "gent", "datv", "accs", "ablt", "loct", "sing", "plur", "masc", "femn", "neut")
_KEEP = {
    "noun": _NOMINAL, "adj": (*_NOMINAL, "anim", "inan"),
    "short": ("sing", "plur", "masc", "femn", "neut"),
    "verb": ("sing", "plur", "masc", "femn", "neut", "1per", "2per", "3per", "pres", "futr", "past",
             "impr", "indc", "INFN"),
}  # fmt: skip


def _agrees(a: Parse, b: Parse) -> bool:
    ga, gb = a.tag.grammemes, b.tag.grammemes
    for group in (("nomn", "gent", "datv", "accs", "ablt", "loct"), ("sing", "plur")):
        if {g for g in group if g in ga} != {g for g in group if g in gb}:
            return False
    return (
        "plur" in ga
        or not ({"masc", "femn", "neut"} & ga)
        or bool(ga & gb & {"masc", "femn", "neut"})
    )


def _target(morph: Morphology, words: tuple[str, ...], family: str, following: str) -> Parse | None:
    """The parse of a replaced word in the replacement's family (agreeing with the next noun)."""
    for word in reversed(words) if family == "noun" else words:
        parses = [p for p in morph.parses(word) if _FAMILY.get(str(p.tag.POS)) == family]
        parses.sort(key=lambda p: p.tag.POS not in ("ADJF", "NOUN", "VERB"))
        if not parses:
            continue
        if family == "adj" and following:
            nouns = [p for p in morph.parses(following) if p.tag.POS == "NOUN"]
            agreeing = [p for p in parses if any(_agrees(p, n) for n in nouns)]
            parses = agreeing or parses
        return parses[0]
    return None


def _inflect(parse: Parse, target: Parse, family: str) -> str | None:
    wanted = {g for g in _KEEP[family] if g in target.tag.grammemes}
    if target.tag.POS == "INFN":
        wanted.add("INFN")
    if "INFN" in wanted:
        return str(parse.normal_form) if parse.tag.POS == "INFN" else None
    if "perf" in parse.tag.grammemes and "pres" in wanted:
        wanted = (wanted - {"pres"}) | {"futr"}
    if "impf" in parse.tag.grammemes and "futr" in wanted:
        return None
    if "plur" in wanted:
        wanted -= {"masc", "femn", "neut"}
    for drop in ((), ("anim", "inan"), ("masc", "femn", "neut", "anim", "inan"),
                 ("sing", "plur", "masc", "femn", "neut", "anim", "inan")):  # fmt: skip
        form = parse.inflect(frozenset(wanted - set(drop)))
        if form is not None:
            return str(form.word)
    return None


@lru_cache(maxsize=4096)
def inflect_like(
    morph: Morphology, replacement: str, words: tuple[str, ...], following: str = ""
) -> str:
    """``replacement`` (dictionary form) inflected like the replaced ``words``.

    Cached: the same phrases («данный», «в связи с») are replaced in reply after reply.
    """
    if replacement.startswith("=") or " " in replacement.strip():
        return replacement.removeprefix("=")
    parses = sorted(
        morph.parses(replacement), key=lambda p: str(p.normal_form).replace("ё", "е") != replacement
    )
    for parse in parses:
        family = _FAMILY.get(str(parse.tag.POS))
        if family is None:
            continue
        target = _target(morph, words, family, following)
        if target is None:
            continue
        form = _inflect(parse, target, family)
        if form is not None:
            return form
    return replacement


def _regovern(morph: Morphology, text: str, end: int, case: str) -> tuple[int, str] | None:
    """The noun group after ``end`` re-inflected to ``case``: (its end, its new text)."""
    pos = end
    out: list[str] = []
    for _ in range(4):
        m = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" ")))
        if m is None:
            return None
        word = m.group()
        parses = [p for p in morph.parses(word) if p.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO")]
        if not parses:
            return None
        parse = parses[0]
        wanted = {case} | ({"plur"} if "plur" in parse.tag.grammemes else set())
        form = parse.inflect(frozenset(wanted))
        new = str(form.word) if form is not None else word
        out.append(
            text[pos : m.start()] + (new[:1].upper() + new[1:] if word[:1].isupper() else new)
        )
        pos = m.end()
        if parse.tag.POS in ("NOUN", "NPRO"):
            return pos, "".join(out)
    return None


@lru_cache(maxsize=4096)
def _span_words(span: str) -> tuple[str, ...]:
    """The words of a replaced span as the rules saw them (hidden characters dropped)."""
    return tuple(_WORD.findall(LintText(span).text))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def adapt_suggestions(
    ctx: LintContext, start: int, end: int, replacements: tuple[str, ...]
) -> tuple[int, int, list[str]]:
    """The finding's span and its suggestions, inflected to fit the reply."""
    if not replacements:
        return start, end, []
    original = ctx.text.original
    opens = bool(_SENTENCE_END.search(original[:start])) and original[start : start + 1].isupper()
    if replacements == ("",):
        comma_before = _COMMA_BEFORE.search(original, 0, start)
        comma_after = _COMMA_AFTER.match(original, end)
        if not opens and comma_before and comma_after:  # «и, как известно, её» → «и её»
            return comma_before.start(), comma_after.end(), [""]
        tail = _TAIL.match(original, end)
        if opens or (tail is not None and tail.end() > end and original[end] != " "):
            # deleting it would leave «, что тариф…» or a lower-case start: the finding
            # keeps its exact span and offers no one-click fix (the hint says what to do)
            return start, end, []
        return start, end, [""]
    words = _span_words(original[start:end])
    following = _WORD.search(original, end)
    next_word = following.group().lower() if following else ""
    out: list[str] = []
    new_end = end
    for replacement in replacements:
        if not replacement:
            continue
        form = inflect_like(ctx.morph, replacement, words, next_word)
        case = GOVERNS.get(form)
        if case is not None and len(replacements) == 1:
            group = _regovern(ctx.morph, original, end, case)
            if group is not None:
                new_end, rest = group
                form += rest
        out.append(_capital(form) if opens else form)
    return start, new_end, out
