"""The knowledge-base drafting scenario shared by the drafter and UI tests: a lost card.

``ARTICLE_ID`` is the article of ``knowledge/bank/cards.md`` that answers ``MESSAGE``;
``GROUNDED`` cites it with its real figure, ``INVENTED`` cites it with a figure it lacks.
"""

from __future__ import annotations

from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings

MESSAGE = "Потерял карту вчера 😢 сколько ждать новую?"
ARTICLE_ID = "bank/cards.md#perevypusk-karty-pri-utere-ili-krazhe"
TITLE = "Перевыпуск карты при утере или краже"
GROUNDED = "Карту сразу заблокируйте в приложении, новую изготовим за 5 рабочих дней [kb:1]."
INVENTED = "Карту сразу заблокируйте в приложении, новую изготовим за 2 рабочих дня [kb:1]."


def knowledge_settings(llm_settings: Settings, tmp_path: Path) -> Settings:
    """``llm_settings`` with the shipped knowledge base; usage log and outbox in ``tmp_path``."""
    return llm_settings.model_copy(
        update={
            "knowledge_dir": PROJECT_ROOT / "knowledge",
            "knowledge_log": tmp_path / "usage.jsonl",
            "db_url": f"sqlite:///{tmp_path / 'outbox.sqlite3'}",
        }
    )
