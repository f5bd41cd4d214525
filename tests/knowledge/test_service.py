from __future__ import annotations

import json
from pathlib import Path

from assistant.config import Settings
from assistant.drafter.models import Source
from assistant.knowledge.service import KnowledgeService


def _service(kb_dir: Path, tmp_path: Path) -> KnowledgeService:
    settings = Settings(
        knowledge_dir=kb_dir,
        knowledge_log=tmp_path / "usage.jsonl",
        db_url=f"sqlite:///{tmp_path / 'outbox.sqlite3'}",
    )
    return KnowledgeService(settings)


def test_search_and_articles_used(kb_dir: Path, tmp_path: Path) -> None:
    service = _service(kb_dir, tmp_path)
    assert service.search("") == []
    [hit, *_] = service.search("потеряла карточку")
    rows = service.used("потеряла карточку", [hit.article.source])
    assert rows[0].id == hit.article.id and rows[0].cited
    assert rows[0].passage.startswith("Новую карту")
    left = service.used("потеряла карточку", exclude={hit.article.id})
    assert all(r.id != hit.article.id for r in left)
    assert service.draft_options({hit.article.id}) == {"exclude_sources": [hit.article.id]}


def test_stats_count_cited_articles_and_questions_without_an_article(
    kb_dir: Path, tmp_path: Path
) -> None:
    service = _service(kb_dir, tmp_path)
    assert service.stats().drafts == 0
    article = service.search("потерял карту")[0].article
    for _ in range(2):
        service.record("потерял карту", [article.source])
    service.record("Анна: где мой заказ 5531?", [])
    service.record("где мой заказ 777?", [Source(id="gone.md#x", title="x")])
    service.record("потерял карту", [])
    stats = service.stats()
    assert stats.drafts == 5
    assert stats.uncited == [("потерял карту", 1)]
    assert stats.most_used[0] == (article.title, article.id, 2)
    assert stats.gaps == [("[имя]: где мой заказ ####?", 1), ("где мой заказ ###?", 1)]
    raw = (tmp_path / "usage.jsonl").read_text(encoding="utf-8")
    assert "Анна" not in raw and "5531" not in raw
    (tmp_path / "usage.jsonl").write_text(raw + '{"cut', encoding="utf-8")
    assert service.stats().drafts == 5  # a torn last line is skipped


def test_no_log_no_record(kb_dir: Path, tmp_path: Path) -> None:
    service = KnowledgeService(Settings(knowledge_dir=kb_dir, knowledge_log=None))
    service.record("потерял карту", [])
    assert service.stats().drafts == 0 and json.dumps(service.stats().gaps) == "[]"


def test_a_broken_paste_is_logged_without_failing(kb_dir: Path, tmp_path: Path) -> None:
    service = _service(kb_dir, tmp_path)
    service.record("потерял карту \ud800", [])  # a lone surrogate from a broken copy-paste
    raw = (tmp_path / "usage.jsonl").read_text(encoding="utf-8")
    assert "потерял карту \ufffd" in raw and service.stats().drafts == 1
