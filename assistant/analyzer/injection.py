"""Prompt injection: an instruction aimed at the model, found by its structure.

The text is de-obfuscated first (:mod:`assistant.analyzer.deobfuscate`: leetspeak, spaced
letters, syllable hyphens, split lines; look-alikes are already folded by normalisation),
cut into clauses at sentence punctuation, and each clause is read as lemmas (pymorphy3;
English words lower-cased with a light suffix strip). A clause is an injection when it
holds one of these structures (word classes in :mod:`assistant.analyzer.data.injection`):

* ``override`` — a verb that discards rules (игнорировать, забыть, отменить, «не следуй»,
  ignore…) near a meta object (инструкции, указания, промпт; правила/роль/режим with a
  qualifier: свои, системные, исходные, все, твои…);
* ``reveal`` — a verb that shows, repeats, translates or summarises (переведи, перескажи,
  процитируй, summarize…) near the assistant's *own* setup (a qualified meta object, or a
  meta object in a clause addressed as «ты»), or a question «какие у тебя инструкции»;
* ``append`` — «допиши / добавь / вставь» + «ответ», or «ответ должен содержать»;
* ``from_now`` — «с этого момента / отныне / впредь / from now on» + an imperative, or
  «(теперь) ты» + a role (бот, юрист, помощник) or a verb in the 2nd person singular;
* ``authority`` — an order noun (указание, распоряжение, приказ) with a claimed authority
  (руководство, администратор, оператор), or «оператор разрешил тебе…»;
* ``role_play`` — сыграй / представь / притворись + a role, a game or a lifted limit;
  «отвечай как юрист»; ``unrestricted`` — «ответь без ограничений / без цензуры»,
  «ты … без ограничений».

Surface patterns catch chat-template markers and forged notes; a base64 blob is decoded
and checked too; Unicode tag characters (invisible ASCII) are flagged on their own.
Innocent look-alikes pass because one part alone is not enough: «ты теперь мой любимый
банк» (no role), «забудь, я сам разобрался» (no meta object), «повтори номер заявки»
(not the setup), «переведите деньги» (not the instructions).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from assistant.analyzer.data import injection as data
from assistant.analyzer.deobfuscate import deobfuscate
from assistant.analyzer.models import Evidence
from assistant.text.morph import Morphology, get_morphology
from assistant.text.normalize import NormalizedText, is_normal, normalize

_PATTERNS = [(re.compile(p, re.IGNORECASE), code) for p, code in data.INJECTION_PATTERNS]
_BASE64 = re.compile(data.BASE64_BLOB)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CLAUSE_END = re.compile(data.CLAUSE_END)
_FROM_NOW = re.compile(data.FROM_NOW)
_CYRILLIC = re.compile(r"[а-яё]")
_NEGATION = frozenset("не not stop never no".split())
_SETUP_NOUNS = frozenset("сообщение текст ответ message text".split())
_SETUP_QUALIFIERS = frozenset(
    "системный исходный изначальный первоначальный начальный первый скрытый служебный "
    "system initial original hidden setup above".split()
)
_QUESTION = frozenset("какой что каков what which".split())
_WINDOW = 8
_TOLD_YOU = re.compile(
    r"\byou\s+(?:were\s+|have\s+been\s+|got\s+)?(?:given|told|instructed)\b"
    r"|\b(?:were|was|have)\s+you\s+(?:been\s+)?(?:given|told|instructed)\b"
)


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    start: int
    end: int
    lemmas: frozenset[str]
    #: An imperative or an infinitive: the form of an order («повтори», «повторить»).
    imperative: bool
    #: An imperative proper («отвечай»; not «буду пользоваться»).
    impr: bool
    second_singular: bool
    #: A noun naming a person or creature (pymorphy3 ``anim``): a role one can play.
    person: bool


def _english(token: _Token) -> bool:
    return not _CYRILLIC.search(token.word)


def _english_lemmas(word: str) -> frozenset[str]:
    forms = {word}
    for suffix, repl in (("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.add(word[: -len(suffix)] + repl)
    return frozenset(forms)


def _token(m: re.Match[str], morph: Morphology) -> _Token:
    word = m.group()
    if not _CYRILLIC.search(word):
        return _Token(word, m.start(), m.end(), _english_lemmas(word), False, False, False, False)
    lemmas = morph.lemmas(word) | {word}
    # «отменяются», «игнорируется»: the passive reflexive counts as its verb
    lemmas |= {lemma[:-2] for lemma in lemmas if lemma.endswith(("ться", "тись"))}
    best = morph.best(word).tag
    second = {"2per", "sing"} <= best.grammemes and bool({"pres", "futr"} & best.grammemes)
    return _Token(
        word,
        m.start(),
        m.end(),
        frozenset(lemmas),
        morph.has_tag(word, "impr") or morph.has_tag(word, "INFN"),
        morph.has_tag(word, "impr"),
        second,
        {"NOUN", "anim", "nomn"} <= best.grammemes,
    )


class _Clause:
    """One clause: its tokens and look-ups over their lemmas."""

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text

    def where(self, words: frozenset[str]) -> list[int]:
        return [i for i, t in enumerate(self.tokens) if t.lemmas & words]

    def has(self, words: frozenset[str]) -> bool:
        return any(t.lemmas & words for t in self.tokens)

    def near(self, i: int, words: frozenset[str], before: int = 3, after: int = 1) -> bool:
        lo, hi = max(0, i - before), min(len(self.tokens), i + after + 1)
        return any(self.tokens[k].lemmas & words for k in range(lo, hi) if k != i)

    def roles(self) -> list[int]:
        """Tokens naming a role: listed role nouns and any animate noun in the nominative."""
        return [
            i
            for i, t in enumerate(self.tokens)
            if (t.person or t.lemmas & data.ROLE_NOUNS) and not t.lemmas & data.CUSTOMER_ROLES
        ]

    def addressed_as_ty(self) -> bool:
        return self.has(data.YOU_SINGULAR) or self.told_you()

    def told_you(self) -> bool:
        """English «the rules you were given», «what were you told»."""
        return bool(_TOLD_YOU.search(self.text))

    def own_meta(self, i: int, *, loose: bool) -> bool:
        """Token ``i`` names the assistant's setup (``loose``: «все правила» counts too)."""
        lemmas = self.tokens[i].lemmas
        if lemmas & {"промпт", "промт", "prompt"}:
            return True
        if not lemmas & (data.META_STRONG | data.META_WEAK):
            return False
        if lemmas & _SETUP_NOUNS:
            return self.near(i, _SETUP_QUALIFIERS, 3, 1)
        qualifiers = data.QUALIFIERS if loose else data.QUALIFIERS - {"все", "весь", "all", "any"}
        if self.near(i, qualifiers, 3, 1):
            return True
        if loose and lemmas & data.META_STRONG:
            return True
        strong = lemmas & data.META_STRONG
        if self.told_you():
            return True
        return self.has(data.YOU_SINGULAR) and (bool(strong) or bool(_CYRILLIC.search(self.text)))


def _pairs(clause: _Clause, left: list[int], right: list[int]) -> tuple[int, int] | None:
    for i in left:
        for j in right:
            if i != j and abs(i - j) <= _WINDOW:
                return min(i, j), max(i, j)
    return None


def _clause_hits(c: _Clause) -> list[tuple[str, int, int]]:
    hits: list[tuple[str, int, int]] = []
    toks = c.tokens
    n = len(toks)
    meta_loose = [i for i in range(n) if c.own_meta(i, loose=True)]
    meta_own = [i for i in range(n) if c.own_meta(i, loose=False)]

    # override: a rule-discarding verb (or «не следуй») near a meta object
    strong = c.where(data.STRONG_OVERRIDE | {"выйти"})
    override = c.where(data.OVERRIDE_VERBS)
    obey = [i for i in c.where(data.OBEY_VERBS) if i and toks[i - 1].lemmas & _NEGATION]
    weak_meta = [i for i in range(n) if toks[i].lemmas & data.META_WEAK - _SETUP_NOUNS]
    if (
        span := _pairs(c, override, meta_loose)
        or _pairs(c, strong + obey, weak_meta)
        or _pairs(c, obey, meta_loose)
    ):
        hits.append(("ignore_instructions", *span))
    # «не обращай внимания на инструкции»
    attention = [
        i
        for i in c.where(frozenset({"внимание"}))
        if i and toks[i - 1].lemmas & {"обращать", "обратить"}
    ]
    if span := _pairs(c, attention, meta_loose):
        hits.append(("ignore_instructions", *span))

    reveal = [i for i in c.where(data.REVEAL_VERBS) if toks[i].imperative or _english(toks[i])]
    if span := _pairs(c, reveal, meta_own):
        hits.append(("reveal_prompt", *span))
    questions = c.where(_QUESTION)
    if questions and c.addressed_as_ty():
        strong_meta = [
            i
            for i in meta_own
            if toks[i].lemmas & (data.META_STRONG | _SETUP_NOUNS | data.META_WEAK)
        ]
        if strong_meta:  # a question about the setup: anywhere in the clause
            hits.append(
                (
                    "reveal_prompt",
                    min(questions[0], strong_meta[0]),
                    max(questions[0], strong_meta[0]),
                )
            )

    answers = c.where(frozenset({"ответ", "reply", "answer", "response"}))
    appends = [i for i in c.where(data.APPEND_VERBS) if toks[i].imperative or _english(toks[i])]
    if span := _pairs(c, appends, answers):
        hits.append(("append_to_reply", *span))
    if answers and (span := _pairs(c, answers, c.where(frozenset({"должный", "must", "should"})))):
        hits.append(("append_to_reply", *span))

    hits.extend(_from_now(c))

    orders, authorities = c.where(data.ORDER_NOUNS), c.where(data.AUTHORITY)
    if span := _pairs(c, orders, authorities):
        hits.append(("claimed_authority", *span))
    permits = c.where(data.ORDER_VERBS)
    if c.addressed_as_ty() or c.has(data.ASSISTANT_NOUNS):
        if span := _pairs(c, authorities, permits):
            hits.append(("claimed_authority", *span))

    roles = c.roles() + c.where(frozenset({"игра", "game", "роль", "role"}))
    limits = [i for i in c.where(data.LIMIT_NOUNS) if i == 0 or not toks[i - 1].lemmas & {"с"}]
    role_verbs = c.where(data.ROLE_VERBS)
    if span := _pairs(c, role_verbs, roles + limits + meta_loose):
        hits.append(("role_play", *span))
    if span := _pairs(c, c.where(frozenset({"roleplay", "role-play", "pretend"})), list(range(n))):
        hits.append(("role_play", *span))
    like = [i for i in c.where(frozenset({"как", "as", "like"})) if i + 1 < n]
    answer_verbs = [
        i for i in c.where(data.ANSWER_VERBS) if toks[i].imperative or _english(toks[i])
    ]
    for i in like:
        if toks[i + 1].lemmas & data.ROLE_NOUNS or (
            i + 2 < n and toks[i + 2].lemmas & data.ROLE_NOUNS
        ):
            if span := _pairs(c, answer_verbs, [i]):
                hits.append(("role_play", *span))

    without = [i + 1 for i in c.where(frozenset({"без", "without", "no"})) if i + 1 < n]
    lifted = [i for i in without if toks[i].lemmas & data.LIMIT_NOUNS]
    if span := _pairs(c, answer_verbs + c.where(frozenset({"ты", "you"})), lifted):
        hits.append(("unrestricted", *span))
    possessive = [i for i in c.where(frozenset({"твой", "your"})) if i + 1 < n]
    for i in possessive:
        if toks[i + 1].lemmas & frozenset(
            {"задача", "роль", "цель", "режим", "task", "role", "goal"}
        ):
            hits.append(("role_change", i, i + 1))
    return hits


def _from_now(c: _Clause) -> list[tuple[str, int, int]]:
    toks = c.tokens
    out: list[tuple[str, int, int]] = []
    for m in _FROM_NOW.finditer(c.text):
        at = next((i for i, t in enumerate(toks) if t.end > m.start()), None)
        if at is None:
            continue
        plain_now = m.group() == "теперь"
        ty = c.where(frozenset({"ты", "you"}))
        roles = c.roles()
        lifted = c.where(data.LIMIT_NOUNS)
        second = [i for i, t in enumerate(toks) if t.second_singular]
        orders = [i for i, t in enumerate(toks) if t.impr and i != at]
        english = not _CYRILLIC.search(c.text)
        if english:
            orders = c.where(data.ANSWER_VERBS | frozenset({"you"}))
        if not plain_now and (span := _pairs(c, [at], orders)):
            out.append(("role_change", *span))
        elif ty and (span := _pairs(c, [at], roles + lifted + second)):
            out.append(("role_change", *span))
    return out


def _clauses(text: str, morph: Morphology) -> list[_Clause]:
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]
    out = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        tokens = [_token(m, morph) for m in _WORD.finditer(text, lo, hi)]
        if tokens:
            out.append(_Clause(tokens, text[lo:hi]))
    return out


def _structural(text: str, morph: Morphology) -> list[tuple[str, int, int]]:
    """``(code, start, end)`` of every structure found, in offsets of ``text``."""
    clean, index = deobfuscate(text, morph.analyzer.word_is_known)
    found = []
    for clause in _clauses(clean, morph):
        for code, i, j in _clause_hits(clause):
            start, end = clause.tokens[i].start, clause.tokens[j].end
            found.append((code, index[start], index[end - 1] + 1))
    return found


def _matches(text: str, morph: Morphology) -> list[tuple[str, int, int]]:
    surface = [(code, m.start(), m.end()) for p, code in _PATTERNS for m in p.finditer(text)]
    return surface + _structural(text, morph)


def _decode(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def detect_injection(original: NormalizedText, morph: Morphology | None = None) -> list[Evidence]:
    """Evidence of injection attempts in the original message (empty: none found)."""
    morph = morph or get_morphology()
    # NFKC only differs from the NFC copy when compatibility characters (or marks wedged
    # into Cyrillic words) are present.
    if is_normal(original.text, "NFKC"):
        norm = original
    else:
        norm = normalize(original.original, form="NFKC")
    out: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()

    def add(label: str, start: int, end: int) -> None:
        s, e = norm.span(start, end)
        if (label, s, e) not in seen:
            seen.add((label, s, e))
            out.append(Evidence(label=label, text=norm.original[s:e], start=s, end=e))

    for code, start, end in _matches(norm.text, morph):
        add(f"injection:{code}", start, end)
    for m in _BASE64.finditer(norm.text):
        decoded = _decode(m.group())
        if decoded and _matches(normalize(decoded, form="NFKC").text, morph):
            add("injection:base64", m.start(), m.end())
    tags = [r for r in original.removed if r.kind == "tag"]
    if tags:
        out.append(
            Evidence(
                label="injection:tag_characters",
                text=original.original[tags[0].start : tags[-1].end],
                start=tags[0].start,
                end=tags[-1].end,
            )
        )
    out.sort(key=lambda e: (e.start, e.end))
    return out
