"""Knowledge-base search: index build and retrieval latency on a 1 000-article base.

The large base is synthetic: the example base's sentences recombined under new headings
(20 files × 50 articles, written to a temporary folder), so its vocabulary and sentence
shapes are those of a real help centre. Measured:

* index build from the folder (files read, lemmatised, BM25 built), the first build in
  this process, and the freshness check of an unchanged folder;
* retrieval for each eval question (typos, slang, emoji), one thread: at first sight (the
  words not yet in the lemma caches) and warm (repeated): p50 (target ≤ 5 ms) and p99;
* recall@3 and MRR of the example base over all labelled questions (target recall ≥ 0.90).
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from pathlib import Path

from bench.common import Row, percentile, time_calls

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval" / "knowledge"
ARTICLES = 1000
PER_FILE = 50


def _questions() -> list[dict[str, str]]:
    out = []
    for path in sorted(EVAL.glob("*.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return out


def _synthetic_base(folder: Path) -> None:
    from assistant.knowledge.loader import load_articles

    real = load_articles(ROOT / "knowledge")
    sentences = [s for a in real for s in re.split(r"(?<=[.!?])\s+", a.body) if s]
    title_words = sorted({w for a in real for w in a.title.split() if len(w) > 3})
    rng = random.Random(17)
    for f in range(ARTICLES // PER_FILE):
        parts = [f"# Раздел {f}\n"]
        for n in range(PER_FILE):
            title = " ".join(rng.sample(title_words, 3)) + f" {f}-{n}"
            body = " ".join(rng.sample(sentences, rng.randint(3, 6)))
            parts.append(f"## {title}\n{body}\n")
        (folder / f"part{f:02d}.md").write_text("\n".join(parts), encoding="utf-8")


def run() -> list[Row]:
    from assistant.knowledge.index import get_index

    rows: list[Row] = []
    questions = _questions()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _synthetic_base(folder)
        t0 = time.perf_counter()
        index = get_index(folder)
        build_ms = (time.perf_counter() - t0) * 1000
        assert len(index.articles) == ARTICLES
        t0 = time.perf_counter()
        assert get_index(folder) is index
        check_ms = (time.perf_counter() - t0) * 1000
        first = iter([q["text"] for q in questions])
        # first sight of each question: its words are not in the lemma caches yet
        cold = time_calls(lambda: index.search(next(first)), len(questions))
        texts = iter([q["text"] for q in questions] * 21)
        samples = time_calls(lambda: index.search(next(texts)), len(questions) * 20)
        with_check = time_calls(lambda: get_index(folder).search(next(texts)), len(questions))
    rows += [
        Row("knowledge", f"index build, {ARTICLES} articles", build_ms, "ms"),
        Row("knowledge", "index up-to-date check (no change)", check_ms, "ms"),
        Row(
            "knowledge",
            f"search p50, {ARTICLES} articles, new question",
            percentile(cold, 50),
            "ms",
            5.0,
        ),
        Row(
            "knowledge",
            f"search p99, {ARTICLES} articles, new question",
            percentile(cold, 99),
            "ms",
        ),
        Row(
            "knowledge",
            f"search p50, {ARTICLES} articles, warm",
            percentile(samples, 50),
            "ms",
            5.0,
        ),
        Row("knowledge", f"search p99, {ARTICLES} articles, warm", percentile(samples, 99), "ms"),
        Row(
            "knowledge",
            "search + freshness check p50",
            percentile(with_check, 50),
            "ms",
            5.0,
        ),
    ]
    example = get_index(ROOT / "knowledge")
    titles = {a.title: a.id for a in example.articles}
    hit = 0
    rr = 0.0
    answered = [q for q in questions if q.get("answer")]  # off-topic ones have no article
    for q in answered:
        ranked = [h.article.id for h in example.search(q["text"], k=10, min_relevance=0.0)]
        want = titles[q["answer"]]
        hit += want in ranked[:3]
        rr += 1 / (ranked.index(want) + 1) if want in ranked else 0.0
    rows += [
        Row(
            "knowledge",
            f"recall@3, {len(answered)} questions",
            hit / len(answered),
            "",
            0.9,
            True,
        ),
        Row("knowledge", "MRR@10", rr / len(answered), ""),
    ]
    return rows
