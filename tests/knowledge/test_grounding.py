from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import KnowledgeError
from assistant.knowledge.grounding import Grounding, ground, strip_citations
from assistant.knowledge.index import get_index


def _grounding(kb_dir: Path) -> Grounding:
    return Grounding(get_index(kb_dir).search("потерял карту, и какой лимит снятия?", k=2))


def test_citations_are_stripped_and_resolved(kb_dir: Path) -> None:
    g = _grounding(kb_dir)
    first, second = (h.article for h in g.hits)
    cited = g.cite(f"Сделаем за 5 дней [kb:1]. Лимит — в статье [kb: {second.id}] и [kb:7].")
    assert cited.text == "Сделаем за 5 дней. Лимит — в статье и."
    assert [a.id for a in cited.articles] == [first.id, second.id]  # kb:7 is not in the prompt
    assert cited.sources[0].model_dump() == {"id": first.id, "title": first.title}
    assert first.body in cited.notes and second.body in cited.notes


def test_several_references_in_one_bracket(kb_dir: Path) -> None:
    cited = _grounding(kb_dir).cite("Так и есть [kb:1, kb:2]")
    assert cited.text == "Так и есть" and len(cited.articles) == 2


def test_text_without_citations_is_untouched_and_grounds_nothing(kb_dir: Path) -> None:
    text = "Сделаем за 5 дней [срок уточним]."
    cited = _grounding(kb_dir).cite(text)
    assert cited.text == text and cited.articles == [] and cited.notes == ""
    assert strip_citations(text) == text


def test_the_prompt_block_numbers_the_articles_and_protects_the_text(kb_dir: Path) -> None:
    g = _grounding(kb_dir)
    [(role, content)] = g.messages(None, lambda t: t.upper())
    assert role == "system"
    assert "[kb:1] Перевыпуск карты при утере" in content
    assert "НОВУЮ КАРТУ ИЗГОТОВИМ" in content  # the body went through ``protect``
    assert "<<<БАЗА_ЗНАНИЙ>>>" in content and "<<<КОНЕЦ_БАЗЫ_ЗНАНИЙ>>>" in content
    assert Grounding().messages(None, str) == []


def test_ground_follows_the_settings(kb_dir: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    on = Settings(knowledge_dir=kb_dir, db_url=db)
    assert ground("потерял карту", settings=on).hits
    assert ground("потерял карту", settings=Settings(knowledge_dir=None, db_url=db)).hits == []
    zero = Settings(knowledge_dir=kb_dir, knowledge_top_k=0, db_url=db)
    assert ground("потерял карту", settings=zero).hits == []
    assert not (tmp_path / "none.sqlite3").exists()  # reading exemplars creates no outbox


def test_an_empty_setting_switches_the_base_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", "")
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_LOG", " ")
    settings = Settings()
    assert settings.knowledge_dir is None and settings.knowledge_log is None
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", "/srv/kb")
    assert Settings().knowledge_dir == Path("/srv/kb")


def test_an_explicit_missing_folder_is_an_error(tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=tmp_path / "missing", db_url=f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(KnowledgeError, match="не найдена"):
        ground("карта", settings=settings)
