from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.knowledge.service import KnowledgeService, KnowledgeStats, UsedArticle
from assistant.ui.knowledge_panel import (
    build_knowledge_panel,
    build_knowledge_stats,
    excluded_ids,
    search_markdown,
    stats_markdown,
    used_choices,
    used_markdown,
)

ROWS = [
    UsedArticle("a.md#one", "Первая", "Текст <b>один</b>.", True, 3.0),
    UsedArticle("a.md#two", "Вторая", "Текст два.", False, 2.0),
]


def test_used_articles_are_listed_with_passages_cited_first() -> None:
    assert used_choices(ROWS) == [("✓ Первая", "a.md#one"), ("Вторая", "a.md#two")]
    text = used_markdown(ROWS[::-1])
    assert text.index("Первая") < text.index("Вторая")
    assert "&lt;b&gt;" in text  # article text is escaped
    assert "не нашлось" in used_markdown([])


def test_unchecked_articles_are_excluded() -> None:
    assert excluded_ids(["a", "b", "c"], ["b"]) == ["a", "c"]
    assert excluded_ids(["a"], ["a"]) == []


def test_search_and_stats_text(kb_dir: Path) -> None:
    service = KnowledgeService(Settings(knowledge_dir=kb_dir, knowledge_log=None))
    assert "Перевыпуск карты при утере" in search_markdown(service, "потерял карту")
    assert "Ничего не найдено" in search_markdown(service, "рецепт борща")
    stats = KnowledgeStats(3, [("Первая", "a.md#one", 2)], [("где заказ", 1)], [("ок", 2)])
    text = stats_markdown(stats)
    assert "Первая — 2" in text and "«где заказ» — 1" in text and "«ок» — 2" in text
    assert "ещё не было" in stats_markdown(KnowledgeStats())


def test_the_panel_builds_and_shows_a_draft(kb_dir: Path) -> None:
    import gradio as gr

    service = KnowledgeService(Settings(knowledge_dir=kb_dir, knowledge_log=None))
    with gr.Blocks():
        panel = build_knowledge_panel(service)
        build_knowledge_stats(service)
    article = service.search("потерял карту")[0].article
    update, passages, shown = panel.show("потерял карту", [article.source], excluded=["x"])
    assert update["value"] == [article.id] and shown[0] == article.id
    assert "использована в черновике" in passages
    update, passages, shown = panel.show("потерял карту", [], excluded=[article.id])
    assert article.id in shown and article.id not in update["value"]
    assert "убрана оператором" in passages
