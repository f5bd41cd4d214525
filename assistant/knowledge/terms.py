"""Search terms of a Russian text: words → lemmas (pymorphy3) → synonym groups.

Function words (prepositions, conjunctions, particles, interjections, pronouns) are dropped
by their grammemes, not by a list. Synonyms and abbreviations are data
(``data/synonyms.yaml`` plus an optional ``synonyms.yaml`` in the knowledge folder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
import yaml

from assistant.errors import KnowledgeError
from assistant.text.morph import Morphology, get_morphology
from assistant.text.normalize import normalize

_WORD = regex.compile(r"[\p{L}\d]+(?:-[\p{L}\d]+)*")
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})
BUILTIN_SYNONYMS = Path(__file__).with_name("data") / "synonyms.yaml"


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (look-alike Latin letters folded, ``ё`` → ``е``)."""
    folded = normalize(text).text.lower().replace("ё", "е")
    found: list[str] = _WORD.findall(folded)
    return found


def read_groups(path: Path) -> list[list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: файл синонимов не читается: {exc}") from exc
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and len(g) >= 2 and all(isinstance(w, str) for w in g) for g in groups
    ):
        raise KnowledgeError(f"{path}: нужен ключ groups: список групп по два слова и больше.")
    return groups


@dataclass
class Terms:
    """Turns text into index terms; one per knowledge folder (its synonyms)."""

    morph: Morphology = field(default_factory=get_morphology)
    #: lemma → the canonical terms it stands for
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_files(cls, *paths: Path) -> Terms:
        terms = cls()
        for path in paths:
            for group in read_groups(path):
                terms.add_group(group)
        return terms

    def add_group(self, group: list[str]) -> None:
        canonical = tuple(self._lemma(w) for w in words(group[0]))
        for member in group:
            parts = words(member)
            if len(parts) == 1:  # a multi-word member other than the first is ignored
                self.synonyms[self._lemma(parts[0])] = canonical

    def _lemma(self, word: str) -> str:
        if word.isdigit():
            return word
        return self.morph.lemma(word)

    def is_function_word(self, word: str) -> bool:
        parse = self.morph.best(word)
        return parse.tag.POS in _FUNCTION_POS

    def known(self, word: str) -> bool:
        """Whether the dictionary knows ``word`` (a typo usually is not known)."""
        return bool(self.morph.analyzer.word_is_known(word))

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one lower-cased word (empty for a function word)."""
        return _word_terms(self, word)

    def of(self, text: str) -> list[str]:
        out: list[str] = []
        for word in words(text):
            out.extend(self.word_terms(word))
        return out

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=100_000)
def _word_terms(terms: Terms, word: str) -> tuple[str, ...]:
    if not word.isdigit() and terms.is_function_word(word):
        return ()
    lemma = terms._lemma(word)
    return terms.synonyms.get(lemma, (lemma,))
