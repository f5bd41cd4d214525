from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.knowledge.index import KnowledgeIndex, get_index

EVAL = PROJECT_ROOT / "eval" / "knowledge"


def test_search_ranks_the_answering_article_first(kb_dir: Path) -> None:
    [first, *_] = get_index(kb_dir).search("потеряла карточку, что делать?")
    assert first.article.title == "Перевыпуск карты при утере"
    assert first.score > 0


def test_a_typo_is_corrected_against_the_base(kb_dir: Path) -> None:
    index = get_index(kb_dir)
    query = index.query("лимитты на снятие налички")
    assert query.corrected == {"лимитты": "лимиты"}
    assert index.search("лимитты")[0].article.title == "Лимиты на снятие наличных"


def test_unrelated_question_finds_nothing(kb_dir: Path) -> None:
    assert get_index(kb_dir).search("какая погода завтра") == []


def test_expired_channel_and_excluded_articles_are_left_out(kb_dir: Path) -> None:
    index = get_index(kb_dir)
    assert index.search("ставка по вкладу") == []  # expired in 2020
    assert index.search("смена номера", channel="public") == []
    assert index.search("смена номера", channel="private")
    top = index.search("потерял карту")[0].article.id
    assert all(h.article.id != top for h in index.search("потерял карту", exclude={top}))


def test_index_is_built_once_and_rebuilt_when_a_file_changes(kb_dir: Path) -> None:
    first = get_index(kb_dir)
    assert get_index(kb_dir) is first
    (kb_dir / "telecom.md").write_text("## Роуминг в Турции\nПакет 1 ГБ.", encoding="utf-8")
    second = get_index(kb_dir)
    assert second is not first
    assert second.search("роуминг")[0].article.title == "Роуминг в Турции"


def test_empty_base_searches_to_nothing() -> None:
    assert KnowledgeIndex([]).search("карта") == []


def _recall_at_3(path: Path) -> tuple[int, int]:
    index = get_index(PROJECT_ROOT / "knowledge")
    titles = {a.title: a.id for a in index.articles}
    hit = total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        ranked = [h.article.id for h in index.search(item["text"], k=3, min_relevance=0.0)]
        hit += titles[item["answer"]] in ranked
        total += 1
    return hit, total


@pytest.mark.parametrize("name", ["heldout.jsonl", "dev.jsonl"])
def test_eval_labels_name_existing_articles(name: str) -> None:
    titles = {a.title for a in get_index(PROJECT_ROOT / "knowledge").articles}
    for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["answer"] in titles


def test_retrieval_recall_at_3_over_all_questions() -> None:
    counts = [_recall_at_3(EVAL / n) for n in ("heldout.jsonl", "dev.jsonl")]
    hits, total = sum(h for h, _ in counts), sum(t for _, t in counts)
    assert total >= 150
    assert hits / total >= 0.90, f"recall@3 {hits}/{total}"
