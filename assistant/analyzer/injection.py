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

The rules live in :mod:`assistant.analyzer.injection_rules`, the clause model in
:mod:`assistant.analyzer.clauses`; this module splits the text and runs each rule only on
the clauses holding the word classes it needs (:mod:`assistant.analyzer.needs`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import re

from assistant.analyzer.clauses import Clause, Token, word_info
from assistant.analyzer.data import injection as data
from assistant.analyzer.deobfuscate import deobfuscate
from assistant.analyzer.injection_rules import FROM_NOW, RULES, Rule, from_now
from assistant.analyzer.models import Evidence
from assistant.text.morph import Morphology, get_morphology
from assistant.text.normalize import NormalizedText, is_nfkc_normal, normalize
from assistant.text.prefilter import ScreenSet

_PATTERNS = ScreenSet(data.INJECTION_PATTERNS, re.IGNORECASE)
_BASE64 = re.compile(data.BASE64_BLOB)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CLAUSE_END = re.compile(data.CLAUSE_END)


@functools.lru_cache(maxsize=100_000)
def _bits(morph: Morphology, word: str) -> int:
    """The word classes of the rules that a lemma of ``word`` is in (cached per form)."""
    return RULES.bits(word_info(morph, word)[0])


def _clauses(text: str, morph: Morphology) -> list[tuple[Clause, tuple[Rule, ...]]]:
    """The clauses where a rule may match, each with those rules: the classes a rule needs
    meet in the clause, or the clause holds a «from now on» marker. Most messages have
    neither anywhere, and are ruled out before splitting."""
    marked = FROM_NOW.search(text) is not None
    if not marked:
        found = 0
        for word in _WORD.findall(text):
            found |= _bits(morph, word)
        if not RULES.select(found):
            return []
    words = [(m, _bits(morph, m.group())) for m in _WORD.finditer(text)]
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]
    out = []
    k = 0  # words never cross a clause end (punctuation, or a blank line)
    for lo, hi in itertools.pairwise(bounds):
        first = k
        bits = 0
        while k < len(words) and words[k][0].start() < hi:
            bits |= words[k][1]
            k += 1
        rules = RULES.select(bits)
        if marked and FROM_NOW.search(text, lo, hi):
            rules += (from_now,)
        if rules:
            tokens = [
                Token(m.group(), m.start(), m.end(), *word_info(morph, m.group()))
                for m, _ in words[first:k]
            ]
            out.append((Clause(tokens, text[lo:hi]), rules))
    return out


def _structural(text: str, morph: Morphology) -> list[tuple[str, int, int]]:
    """``(code, start, end)`` of every structure found, in offsets of ``text``."""
    clean, index = deobfuscate(text, morph.analyzer.word_is_known)
    found = []
    for clause, rules in _clauses(clean, morph):
        for code, i, j in (hit for rule in rules for hit in rule(clause)):
            start, end = clause.tokens[i].start, clause.tokens[j].end
            found.append((code, index[start], index[end - 1] + 1))
    return found


def _matches(text: str, morph: Morphology) -> list[tuple[str, int, int]]:
    surface = [(code, m.start(), m.end()) for m, code in _PATTERNS.finditer(text)]
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
    norm = original if is_nfkc_normal(original) else normalize(original.original, form="NFKC")
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
