"""The clauses the injection detector reads: tokens with lemmas and grammemes, and
look-ups over one clause (where a word class occurs, what is near what, which tokens name
the assistant's own setup).

A token is read once per distinct form (:func:`word_info` is cached): pymorphy3's parse is
the costly part, and the same words recur from message to message.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from assistant.analyzer.data import injection as data
from assistant.analyzer.data.injection import words
from assistant.text.morph import Morphology

_CYRILLIC = re.compile(r"[а-яё]")
#: Nouns that are the setup only with a setup qualifier («системное сообщение»).
SETUP_NOUNS = words("сообщение текст ответ message text")
_SETUP_QUALIFIERS = words(
    "системный исходный изначальный первоначальный начальный первый скрытый служебный "
    "system initial original hidden setup above"
)
#: A token can name the assistant's setup only with one of these lemmas (see ``own_meta``).
META_ANY = data.META_STRONG | data.META_WEAK | {"промпт", "промт", "prompt"}
_LONGEST_WORD = 40
_TOLD_YOU = re.compile(
    r"\byou\s+(?:were\s+|have\s+been\s+|got\s+)?(?:given|told|instructed)\b"
    r"|\b(?:were|was|have)\s+you\s+(?:been\s+)?(?:given|told|instructed)\b"
)


class Token(NamedTuple):
    """One word of a clause (a named tuple: quick to build)."""

    word: str
    start: int
    end: int
    lemmas: frozenset[str]
    #: Grammemes of the most probable parse (empty for English words).
    tags: frozenset[str]
    #: Any parse is an imperative (pymorphy3 ``impr``: «повтори», «проверьте»).
    impr: bool

    @property
    def english(self) -> bool:
        return not _CYRILLIC.search(self.word)

    @property
    def order(self) -> bool:
        """The form of an order: imperative or infinitive (any English word)."""
        return self.english or self.impr or "INFN" in self.tags

    @property
    def narrative(self) -> bool:
        """Past tense or the speaker's own act («проигнорировали», «играю»)."""
        return "past" in self.tags or {"1per", "sing"} <= self.tags

    @property
    def second_singular(self) -> bool:
        return {"2per", "sing"} <= self.tags and bool({"pres", "futr"} & self.tags)

    @property
    def person(self) -> bool:
        """A noun naming a person or creature (``anim``): a role one can play."""
        return {"NOUN", "anim"} <= self.tags


def english_lemmas(word: str) -> frozenset[str]:
    forms = {word}
    for suffix, repl in (("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.add(word[: -len(suffix)] + repl)
    return frozenset(forms)


@functools.lru_cache(maxsize=100_000)
def word_info(morph: Morphology, word: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """Lemmas, grammemes of the best parse, and «any parse is an imperative» of ``word``."""
    if len(word) > _LONGEST_WORD:  # no word; pymorphy3's guesser is slow on such strings
        return frozenset({word}), frozenset(), False
    if not _CYRILLIC.search(word):
        return english_lemmas(word), frozenset(), False
    lemmas = morph.lemmas(word) | {word}
    # «отменяются», «игнорируется»: the passive reflexive counts as its verb
    lemmas |= {lemma[:-2] for lemma in lemmas if lemma.endswith(("ться", "тись"))}
    tags = frozenset(morph.best(word).tag.grammemes)
    return frozenset(lemmas), tags, morph.has_tag(word, "impr", any_parse=True)


class Clause:
    """One clause: its tokens and look-ups over their lemmas."""

    def __init__(self, tokens: list[Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.english = not _CYRILLIC.search(text)
        self._meta: dict[bool, list[int]] = {}
        #: Every lemma of the clause: a word class absent from it is ruled out at once.
        self.lemmas: frozenset[str] = frozenset().union(*(t.lemmas for t in tokens))

    def meta(self, *, loose: bool) -> list[int]:
        """Indices of the tokens that name the assistant's setup (see :meth:`own_meta`)."""
        if loose not in self._meta and self.lemmas.isdisjoint(META_ANY):
            self._meta[loose] = []
        if loose not in self._meta:
            n = len(self.tokens)
            self._meta[loose] = [i for i in range(n) if self.own_meta(i, loose=loose)]
        return self._meta[loose]

    def where(self, words: frozenset[str]) -> list[int]:
        if self.lemmas.isdisjoint(words):
            return []
        return [i for i, t in enumerate(self.tokens) if not t.lemmas.isdisjoint(words)]

    def has(self, words: frozenset[str]) -> bool:
        return not self.lemmas.isdisjoint(words)

    def near(self, i: int, words: frozenset[str], before: int = 3, after: int = 1) -> bool:
        lo, hi = max(0, i - before), min(len(self.tokens), i + after + 1)
        return any(self.tokens[k].lemmas & words for k in range(lo, hi) if k != i)

    def after(self, anchors: list[int], words: frozenset[str], reach: int = 3) -> list[int]:
        """Tokens in ``words`` at most ``reach`` tokens after an anchor («без всяких правил»)."""
        return [
            j
            for i in anchors
            for j in range(i + 1, min(len(self.tokens), i + reach + 1))
            if self.tokens[j].lemmas & words
        ]

    def roles(self) -> list[int]:
        """Tokens naming a role: listed role nouns and any animate noun."""
        return [
            i
            for i, t in enumerate(self.tokens)
            if (t.person or t.lemmas & data.ROLE_NOUNS) and not t.lemmas & data.CUSTOMER_ROLES
        ]

    def addressed_as_ty(self) -> bool:
        """The clause talks to the assistant: «ты/тебе/твой», or English «you»."""
        if self.english:
            return self.has(frozenset({"you", "your"}))
        return self.has(data.YOU_SINGULAR)

    def told_you(self) -> bool:
        """English «the rules you were given», «what were you told»."""
        return bool(_TOLD_YOU.search(self.text))

    def own_meta(self, i: int, *, loose: bool) -> bool:
        """Token ``i`` names the assistant's setup (``loose``: «все правила» counts too)."""
        lemmas = self.tokens[i].lemmas
        if lemmas & {"промпт", "промт", "prompt"}:
            return True
        if lemmas.isdisjoint(META_ANY):
            return False
        if lemmas & SETUP_NOUNS:
            return self.near(i, _SETUP_QUALIFIERS, 3, 1)
        qualifiers = data.QUALIFIERS if loose else data.QUALIFIERS - {"все", "весь", "all", "any"}
        if self.near(i, qualifiers, 3, 1) or self.told_you():
            return True
        if loose and lemmas & data.META_STRONG:
            return True
        if self.english:  # «your rules» is the bank's; «your instructions» the model's
            return bool(lemmas & data.META_STRONG) and self.near(i, frozenset({"your"}), 2, 0)
        return self.has(data.YOU_SINGULAR)
