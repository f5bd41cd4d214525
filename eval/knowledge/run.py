"""Retrieval eval: recall@k and MRR of the knowledge index over labelled questions.

    .venv/bin/python -m eval.knowledge.run [heldout.jsonl dev.jsonl …] [--misses]

Each line: ``{"text": question, "answer": title of the article that answers it}``; an
``"answer": null`` line is a question the base does not answer: it counts as right when the
search (with its relevance cut, as drafting uses it) finds nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.config import PROJECT_ROOT
from assistant.knowledge.index import get_index

HERE = Path(__file__).parent


def evaluate(path: Path, k: int = 3, show_misses: bool = False) -> dict[str, float]:
    index = get_index(PROJECT_ROOT / "knowledge")
    titles = {a.title: a.id for a in index.articles}
    n = hit = 0
    rr = 0.0
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if all(item["answer"] is None for item in lines):
        found = [(item["text"], index.search(item["text"], k=k)) for item in lines]
        if show_misses:
            for text, hits in found:
                if hits:
                    print(f"FOUND {text!r} → {hits[0].article.title} ({hits[0].score})")
        return {"questions": len(lines), "found_nothing": sum(not h for _, h in found) / len(lines)}
    for item in lines:
        want = titles[item["answer"]]  # KeyError: a label that names no article
        ranked = [h.article.id for h in index.search(item["text"], k=10, min_relevance=0.0)]
        n += 1
        if want in ranked[:k]:
            hit += 1
        elif show_misses:
            print(f"MISS {item['text']!r} → {item['answer']} | got {ranked[:3]}")
        if want in ranked:
            rr += 1 / (ranked.index(want) + 1)
    return {"questions": n, f"recall@{k}": hit / n, "mrr@10": rr / n}


def main(argv: list[str]) -> None:
    show = "--misses" in argv
    files = [Path(a) for a in argv if not a.startswith("--")] or sorted(HERE.glob("*.jsonl"))
    for path in files:
        print(path.name, json.dumps(evaluate(path, show_misses=show)))


if __name__ == "__main__":
    main(sys.argv[1:])
