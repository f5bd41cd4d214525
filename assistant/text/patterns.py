"""Token patterns over pymorphy3 lemmas and grammemes, compiled to spaCy's ``Matcher``.

A *word class* is a set of words defined by morphology, not by spelling: candidate lemmas
(«позвонить» covers «позвоните», «звонили» is another lemma), grammemes (``impr``,
``PRTS pssv``), lemma endings («-ние», «-ция»), or exact forms. A *pattern* is a sequence
written in one line::

    @call_imp ~3 @phone_desk        a class, up to three other words, a class
    @modal вам? ~2 @call_inf        «вам?» is an optional literal lemma
    носить ~2 характер              literal lemmas are one-lemma classes
    =это                            an exact form

A single literal word is matched natively by ``NORM`` (the form's most probable lemma,
computed once per form) or ``ORTH`` (``=form``). Every class becomes a lexeme flag of a
:class:`spacy.vocab.Vocab` owned by the :class:`PatternSet` (never spaCy's shared one,
so rule sets do not clash), and the ``Matcher`` tests it in C; the flag of a word form is
computed once, when the form is first seen. A vocabulary has 45 free flags; a pattern set
opens another vocabulary and matcher when a rule's classes do not fit. A class member
of several words («горячий линия») expands the pattern into variants. Each sentence is
matched apart, so no pattern crosses a sentence start.

A key is matched only when the text holds, for one of the key's variants, a word for
every token the variant requires (the flags and lemmas of a word form are known once
computed): most replies hold no redirect or officialese at all, and skip the ``Matcher``
(it builds a Python token object per word per call, whatever its patterns); the others
run one ``Matcher`` of just the keys that may match, built once per such set of keys.

spaCy is imported on the first match, never by ``import assistant``.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from assistant.text.morph import Morphology

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

#: spaCy's free lexeme flag ids (``Vocab.add_flag``): at most 45 classes per vocabulary.
FIRST_FLAG, LAST_FLAG = 19, 63
FLAG_BUDGET = LAST_FLAG - FIRST_FLAG + 1
MAX_GAP = 8
MAX_VARIANTS = 64


class PatternError(ValueError):
    """A pattern or a word class that cannot be compiled (the message is in Russian)."""


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@dataclass(frozen=True)
class WordClass:
    """Words that have a parse meeting every given condition (empty conditions hold).

    ``lemmas``: the parse's lemma is one of them; ``grammemes``: the parse carries every
    grammeme of one of the alternatives; ``endings``: the lemma ends with one of them;
    ``except_lemmas``: never these lemmas. ``forms`` are exact word forms that always count.
    """

    lemmas: frozenset[str] = frozenset()
    grammemes: tuple[frozenset[str], ...] = ()
    endings: tuple[str, ...] = ()
    except_lemmas: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not (self.lemmas or self.grammemes or self.endings or self.forms):
            raise PatternError("класс слов пуст: нужны lemmas, grammemes, endings или forms")

    def test(self, morph: Morphology, word: str) -> bool:
        if word in self.forms:
            return True
        if not (self.lemmas or self.grammemes or self.endings):
            return False
        for parse in morph.parses(word):
            lemma = str(parse.normal_form).replace("ё", "е")
            if self.lemmas and lemma not in self.lemmas:
                continue
            if lemma in self.except_lemmas:
                continue
            if self.endings and not lemma.endswith(self.endings):
                continue
            if self.grammemes and not any(g <= parse.tag.grammemes for g in self.grammemes):
                continue
            return True
        return False


@dataclass(frozen=True)
class ClassDef:
    """A named class as written by a rule author: single words and word sequences."""

    single: WordClass | None
    sequences: tuple[tuple[str, ...], ...] = ()


def lemma_class(morph: Morphology, words: Iterable[str]) -> ClassDef:
    """A class of literal words: each single word by its lemma, several words as a sequence."""
    singles: set[str] = set()
    sequences: list[tuple[str, ...]] = []
    for item in words:
        parts = _fold(item).split()
        if len(parts) == 1:
            singles.add(morph.lemma(parts[0]))
        elif parts:
            sequences.append(tuple(parts))
    single = WordClass(lemmas=frozenset(singles)) if singles else None
    return ClassDef(single, tuple(sequences))


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """A pattern occurrence: ``key`` of its pattern, words ``first``..``last`` inclusive."""

    key: str
    first: int
    last: int


def _required(spec: dict[str, Any]) -> set[str]:
    """What a word must have to match a token spec (nothing if the token is optional)."""
    if "OP" in spec:
        return set()
    out = set()
    for attr, value in spec.items():
        if attr.startswith("FLAG") and value is True:
            out.add(attr)
        elif attr in ("NORM", "ORTH"):
            out.add(f"{attr}={value}")
    return out


#: How many matchers of key sets a pattern set keeps (texts bring few different sets).
MATCHER_CACHE = 256


@dataclass
class _Built:
    """A shard's compiled state: its vocabulary and what decides which keys to match."""

    #: spaCy's ``Vocab`` with the class flags, built (and spaCy imported) the first time a
    #: sentence has to be matched: a text no pattern can match never needs it.
    vocab: Callable[[], Vocab]
    #: Per key, per variant: the flags and ``NORM=``/``ORTH=`` values words must supply.
    required: dict[str, list[frozenset[str]]]
    #: The flags and values of a word form that some variant requires (cached per form).
    features: Callable[[str], frozenset[str]]
    #: The ``Matcher`` of a tuple of keys (built on first use, cached).
    matcher: Callable[[tuple[str, ...]], Matcher]


@dataclass
class _Shard:
    """Patterns sharing one ``Vocab`` and its at most :data:`FLAG_BUDGET` class flags."""

    flags: dict[WordClass, int] = field(default_factory=dict)
    patterns: dict[str, list[list[dict[str, Any]]]] = field(default_factory=dict)
    built: _Built | None = None

    def flag(self, cls: WordClass) -> int:
        flag = self.flags.get(cls)
        if flag is None:
            if len(self.flags) >= FLAG_BUDGET:
                raise _BudgetError(
                    f"слишком много разных классов слов в одном правиле (больше {FLAG_BUDGET}): "
                    "объедините классы или замените редкие слова записями словаря"
                )
            flag = self.flags[cls] = FIRST_FLAG + len(self.flags)
        return flag

    def build(self, morph: Morphology) -> _Built:
        required: dict[str, list[frozenset[str]]] = {}
        for key, compiled in self.patterns.items():
            if compiled:
                required[key] = [
                    frozenset(set().union(*(_required(spec) for spec in variant)))
                    for variant in compiled
                ]
        wanted = frozenset().union(*(v for variants in required.values() for v in variants))
        # the same tests the vocabulary's flags and NORM run, without spaCy
        tests = [
            (f"FLAG{flag}", partial(cls.test, morph))
            for cls, flag in self.flags.items()
            if f"FLAG{flag}" in wanted
        ]

        @lru_cache(maxsize=50_000)
        def features(word: str) -> frozenset[str]:
            have = {name for name, test in tests if test(word)}
            have |= {f"NORM={morph.lemma(word)}", f"ORTH={word}"} & wanted
            return frozenset(have)

        @lru_cache(maxsize=1)
        def vocab() -> Vocab:
            from spacy.attrs import NORM
            from spacy.vocab import Vocab

            built = Vocab(lex_attr_getters={NORM: morph.lemma})
            for cls, flag in self.flags.items():
                built.add_flag(partial(cls.test, morph), flag_id=flag)
            return built

        @lru_cache(maxsize=MATCHER_CACHE)
        def matcher(keys: tuple[str, ...]) -> Matcher:
            from spacy.matcher import Matcher

            built = Matcher(vocab(), validate=False)
            for key in keys:
                built.add(key, self.patterns[key], greedy="LONGEST")
            return built

        return _Built(vocab, required, features, matcher)


class _BudgetError(PatternError):
    pass


def _keys(
    required: dict[str, list[frozenset[str]]], present: frozenset[str]
) -> dict[str, list[frozenset[str]]]:
    """The keys (with their variants) of which some variant needs only ``present`` features."""
    return {
        key: variants
        for key, variants in required.items()
        if any(needed <= present for needed in variants)
    }


@dataclass
class PatternSet:
    """Patterns of many rules compiled into ``Matcher`` s, each over its own ``Vocab``.

    Add classes and patterns with :meth:`add`, then :meth:`find` over a list of words
    (lower case, ``ё`` folded) and the flags of words that start a sentence. A key's
    classes must fit one vocabulary's lexeme flags; keys are packed into as few
    vocabularies as fit (usually one or two).
    """

    morph: Morphology
    _shards: list[_Shard] = field(default_factory=lambda: [_Shard()])
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def flags_used(self) -> int:
        return sum(len(s.flags) for s in self._shards)

    @property
    def matchers(self) -> int:
        return len(self._shards)

    @property
    def pattern_count(self) -> int:
        return sum(len(v) for s in self._shards for v in s.patterns.values())

    def _literal(self, word: str) -> ClassDef:
        if word.startswith("="):
            return ClassDef(WordClass(forms=frozenset(_fold(word[1:]).split("|"))))
        return lemma_class(self.morph, word.split("|"))

    def _variants(
        self, shard: _Shard, token: str, classes: dict[str, ClassDef]
    ) -> list[list[dict[str, Any]]]:
        optional = token.endswith("?") and len(token) > 1
        name = token[:-1] if optional else token
        out: list[list[dict[str, Any]]] = []
        if name.startswith("@"):
            if name[1:] not in classes:
                raise PatternError(f"нет класса {name!r}; есть: {', '.join(sorted(classes))}")
            cdef = classes[name[1:]]
        elif "|" not in name:
            # one literal word: a native attribute, no flag — ORTH for «=form», else NORM,
            # which holds the most probable lemma of the form
            literal: dict[str, Any] = (
                {"ORTH": _fold(name[1:])}
                if name.startswith("=")
                else {"NORM": self.morph.lemma(_fold(name))}
            )
            return [[{**literal, "OP": "?"} if optional else literal]]
        else:
            cdef = self._literal(name)
        if cdef.single is not None:
            spec: dict[str, Any] = {f"FLAG{shard.flag(cdef.single)}": True}
            if optional:
                spec["OP"] = "?"
            out.append([spec])
        for seq in cdef.sequences:
            steps = []
            for word in seq:
                single = lemma_class(self.morph, [word]).single
                assert single is not None
                steps.append({f"FLAG{shard.flag(single)}": True})
            out.append(steps)
        if optional and cdef.sequences:
            out.append([])
        return out

    def _compile(
        self, shard: _Shard, pattern: str, classes: dict[str, ClassDef]
    ) -> list[list[dict[str, Any]]]:
        parts: list[list[list[dict[str, Any]]]] = []
        tokens = pattern.split()
        if not tokens or all(t.startswith("~") or t.endswith("?") for t in tokens):
            raise PatternError("в шаблоне нет ни одного обязательного слова")
        for token in tokens:
            if token.startswith("~"):
                try:
                    gap = int(token[1:])
                except ValueError as exc:
                    raise PatternError(f"пропуск записывается как ~N, а не {token!r}") from exc
                if not 1 <= gap <= MAX_GAP:
                    raise PatternError(f"пропуск ~N: N от 1 до {MAX_GAP}")
                parts.append([[{"OP": f"{{0,{gap}}}"}]])  # any words: sentences are apart
            else:
                parts.append(self._variants(shard, token, classes))
        variants = [list(itertools.chain.from_iterable(c)) for c in itertools.product(*parts)]
        if len(variants) > MAX_VARIANTS:
            raise PatternError(
                f"шаблон раскрывается в {len(variants)} вариантов (больше {MAX_VARIANTS})"
            )
        return [v for v in variants if v]

    def _compile_all(
        self, shard: _Shard, patterns: Sequence[str], classes: dict[str, ClassDef]
    ) -> list[list[dict[str, Any]]]:
        compiled: list[list[dict[str, Any]]] = []
        for i, pattern in enumerate(patterns):
            try:
                compiled.extend(self._compile(shard, pattern, classes))
            except PatternError as exc:
                raise type(exc)(f"[{i}] {exc}") from exc
        return compiled

    def add(self, key: str, patterns: Sequence[str], classes: dict[str, ClassDef]) -> None:
        """Compile ``patterns`` under ``key`` (a key may be added once)."""
        if any(key in s.patterns for s in self._shards):
            raise PatternError(f"шаблоны {key!r} уже добавлены")
        shard = self._shards[-1]
        saved = dict(shard.flags)
        try:
            compiled = self._compile_all(shard, patterns, classes)
        except _BudgetError:
            shard.flags = saved
            shard = _Shard()
            compiled = self._compile_all(shard, patterns, classes)
            self._shards.append(shard)
        except PatternError:
            shard.flags = saved
            raise
        shard.patterns[key] = compiled
        shard.built = None

    def find(self, words: Sequence[str], starts: Sequence[bool]) -> list[TokenMatch]:
        """Every pattern occurrence (the longest of overlapping ones per key).

        Each sentence (``starts`` marks its first word) is matched on its own, so no
        pattern crosses a sentence start, and only with the keys whose required words it
        holds: most sentences of a reply need no ``Matcher`` run at all.
        """
        if not words:
            return []
        bounds = [i for i, start in enumerate(starts) if start and i] + [len(words)]
        sentences = list(zip([0, *bounds[:-1]], bounds, strict=True))
        out: list[TokenMatch] = []
        for shard in self._shards:
            if not any(shard.patterns.values()):
                continue
            with self._lock:
                if shard.built is None:
                    shard.built = shard.build(self.morph)
                built = shard.built
                found: list[tuple[int, int, int]] = []
                candidates = _keys(built.required, frozenset().union(*map(built.features, words)))
                for lo, hi in sentences if candidates else ():
                    present = frozenset().union(*map(built.features, words[lo:hi]))
                    if keys := _keys(candidates, present):
                        from spacy.tokens import Doc

                        doc = Doc(built.vocab(), words=list(words[lo:hi]))
                        matcher = built.matcher(tuple(keys))
                        found += [(m, lo + s, lo + e) for m, s, e in matcher(doc)]
            if found:
                strings = built.vocab().strings
                out.extend(TokenMatch(strings[m], s, e - 1) for m, s, e in found)
        return sorted(out, key=lambda m: (m.first, m.last, m.key))
