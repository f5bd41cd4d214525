"""BM25 (``bm25s``) over lemma terms, with spelling correction against the base's words.

An article is indexed as its title (twice: a title says what the article answers), its
tags and its body. A query word the dictionary does not know and the base does not contain
(a typo: «заблакировали», «кэшбек») is replaced by the closest word form of the base within
a small edit distance (``rapidfuzz``). Scores are BM25's own; nothing is hand-ranked.

:func:`get_index` builds the index once per folder and rebuilds it when a file changes
(the folder's fingerprint: paths, sizes and mtimes).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.knowledge.loader import fingerprint, load_articles
from assistant.knowledge.models import Article, Hit
from assistant.knowledge.terms import BUILTIN_SYNONYMS, Terms, words
from assistant.lint.models import Channel

TITLE_WEIGHT = 2
#: A hit whose BM25 score is below this share of ``ln(1 + number of articles)`` (the scale
#: of BM25's IDF, so the cut means the same in a base of 10 or 10 000 articles) is noise —
#: a lone common word — not an answer.
MIN_RELEVANCE = 0.25
_MIN_FUZZY_LEN = 5


def _max_edits(word: str) -> int:
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Query:
    """A query as the index sees it (for ``kb search --explain`` and tests)."""

    terms: tuple[str, ...]
    corrected: dict[str, str]


class KnowledgeIndex:
    """Search over a list of articles (build one with :func:`get_index` for a folder)."""

    def __init__(self, articles: Sequence[Article], terms: Terms | None = None) -> None:
        self.articles = list(articles)
        self.terms = terms or Terms.from_files(BUILTIN_SYNONYMS)
        docs: list[list[str]] = []
        forms: dict[str, tuple[str, ...]] = {}
        for article in self.articles:
            doc: list[str] = []
            text = " ".join([article.title] * TITLE_WEIGHT + [*article.tags, article.body])
            for word in words(text):
                found = self.terms.word_terms(word)
                if found:
                    forms.setdefault(word, found)
                    doc.extend(found)
            docs.append(doc or ["∅"])
        self.vocabulary = {t for doc in docs for t in doc}
        self._forms = forms
        self._form_list = list(forms)
        self._bm25 = bm25s.BM25()
        if self.articles:
            self._bm25.index(docs, show_progress=False)
        self.by_id = {a.id: a for a in self.articles}

    def query(self, text: str) -> Query:
        out: list[str] = []
        corrected: dict[str, str] = {}
        for word in words(text):
            found = self.terms.word_terms(word)
            if (
                found
                and not (set(found) & self.vocabulary)
                and len(word) >= _MIN_FUZZY_LEN
                and not word.isdigit()
                and not self.terms.known(word)
            ):
                match = process.extractOne(
                    word,
                    self._form_list,
                    scorer=Levenshtein.distance,
                    score_cutoff=_max_edits(word),
                )
                if match is not None:
                    corrected[word] = match[0]
                    found = self._forms[match[0]]
            out.extend(found)
        return Query(tuple(out), corrected)

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every article for ``text`` (zeros if no term matches)."""
        terms = [t for t in self.query(text).terms if t in self.vocabulary]
        if not self.articles or not terms:
            return np.zeros(len(self.articles), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def search(
        self,
        text: str,
        *,
        k: int = 3,
        channel: Channel | None = None,
        exclude: Collection[str] = (),
        min_relevance: float = MIN_RELEVANCE,
        today: date | None = None,
    ) -> list[Hit]:
        """The best ``k`` articles for ``text``, best first.

        Expired articles, articles for another channel and ``exclude`` ids are left out.
        """
        scores = self.scores(text)
        min_score = min_relevance * math.log1p(len(self.articles))
        hits: list[Hit] = []
        for i in np.argsort(-scores, kind="stable"):
            score = float(scores[i])
            if score < min_score or len(hits) >= k:
                break
            article = self.articles[i]
            if article.id in exclude or article.expired(today):
                continue
            if channel is not None and article.channel not in (None, channel):
                continue
            hits.append(Hit(article=article, score=round(score, 3)))
        return hits


_cache: dict[Path, tuple[str, KnowledgeIndex]] = {}
_lock = threading.Lock()


def get_index(root: Path) -> KnowledgeIndex:
    """The index of the folder ``root``, rebuilt only when its files changed."""
    root = root.resolve()
    stamp = fingerprint(root)
    cached = _cache.get(root)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        cached = _cache.get(root)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        extra = root / "synonyms.yaml"
        paths = [BUILTIN_SYNONYMS, *([extra] if extra.is_file() else [])]
        index = KnowledgeIndex(load_articles(root), Terms.from_files(*paths))
        _cache[root] = (stamp, index)
        return index
