"""Addressing the customer by a name that is not (a part of) their profile name.

«Валентина» for «Валюшка лапочка» or «Василий» for «vasya.pupkin» corrects the customer's
own choice of name. A word is an address when it is a personal name (pymorphy3 ``Name``)
in an address position: it opens the reply or a sentence, or follows a comma or a
greeting, and is followed by a comma, «!», «?», «.», a line end or another name.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext
from assistant.lint.text import LintText
from assistant.text.morph import Morphology

_LETTERS = regex.compile(r"\p{L}+")
_ADDRESS_BEFORE = regex.compile(r"[,—–-]\s*$")
_ADDRESS_AFTER = regex.compile(r"^\s*(?:[,!?.…:)]|\n|$)")

_TRANSLIT = [
    ("shch", "щ"), ("sch", "щ"), ("yo", "е"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("iy", "ий"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
    ("w", "в"), ("x", "кс"), ("j", "й"), ("q", "к"),
]  # fmt: skip
_VOWELS = "aeiouy"


def transliterate(word: str) -> str:
    """A rough Latin → Cyrillic transliteration of a handle part («vasya» → «вася»)."""
    out = []
    i = 0
    word = word.lower()
    while i < len(word):
        if word[i] == "y":
            prev = word[i - 1] if i else ""
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if nxt in "aoue" and nxt:
                out.append({"a": "я", "o": "е", "u": "ю", "e": "е"}[nxt])
                i += 2
                continue
            out.append("й" if prev and prev in _VOWELS else "ы")
            i += 1
            continue
        for latin, cyr in _TRANSLIT:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def allowed_names(nickname: str, morph: Morphology) -> frozenset[str]:
    """Every form under which the profile name may be used: its parts, their lemmas and
    transliterations (``ь`` dropped, so «olga» allows «ольга»); cached per profile name."""
    allowed: set[str] = set()
    for part in _LETTERS.findall(LintText(nickname).text):
        if len(part) < 2:
            continue
        forms = {part}
        if part.isascii():
            forms.add(transliterate(part))
        for form in list(forms):
            forms |= set(morph.lemmas(form))
        allowed |= forms
    return frozenset(allowed | {a.replace("ь", "") for a in allowed})


class NicknameParams(Params):
    #: Words right before the name that make it a signature, not an address.
    signature_markers: tuple[str, ...] = ("уважением", "ваш", "ваша", "оператор", "специалист")


#: How probable the personal-name readings of a word must be together («Приветик» is a
#: name in the dictionary, with a probability of 0.07).
NAME_SCORE = 0.1


@lru_cache(maxsize=50_000)
def _is_name(morph: Morphology, word: str, *, address: bool = False) -> bool:
    """A personal name (``address``: in the nominative or vocative, as one addresses).

    Cached per form: every capitalised word of every reply is asked."""
    if not word.isalpha():
        return False
    score = 0.0
    for p in morph.parses(word):
        grammemes = p.tag.grammemes
        if "Name" in grammemes and (not address or grammemes & _ADDRESS_CASES):
            score += float(p.score)
    return score >= NAME_SCORE


_ADDRESS_CASES = frozenset({"nomn", "voct"})


def name_allowed(name: str, allowed: frozenset[str], morph: Morphology) -> bool:
    """Whether ``name`` (lower case) is one of the forms the profile name allows."""
    return bool({name, name.replace("ь", "")} & allowed or morph.lemmas(name) & allowed)


@register("nickname_mismatch", NicknameParams)
def nickname_mismatch(ctx: LintContext, params: NicknameParams) -> list[Hit]:
    """A personal name in an address position that is not part of the profile name."""
    if not ctx.nickname:
        return []
    morph = ctx.morph
    words = ctx.words
    cased = ctx.text.cased
    text = ctx.text.text
    allowed: frozenset[str] | None = None
    hits = []
    for i, word in enumerate(words):
        if not cased[word.start].isupper() or not _is_name(morph, word.text, address=True):
            continue
        before = text[words[i - 1].end if i else 0 : word.start]
        after_word = word.end
        # a full name «Анна Петровна»: the address position is checked after the last part
        j = i
        while (
            j + 1 < len(words)
            and text[words[j].end : words[j + 1].start] == " "
            and (cased[words[j + 1].start].isupper() and _is_name(morph, words[j + 1].text))
        ):
            j += 1
            after_word = words[j].end
        opens = i == 0 or word.after_break or bool(_ADDRESS_BEFORE.search(before))
        if not opens or not _ADDRESS_AFTER.match(text[after_word:]):
            continue
        if i and words[i - 1].text in params.signature_markers:
            continue
        if allowed is None:
            allowed = allowed_names(ctx.nickname, morph)
        if name_allowed(word.text, allowed, morph):
            continue
        hits.append(Hit(word.start, word.end))
    return hits
