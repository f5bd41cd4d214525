"""A small knowledge folder written per test (the example base is tested as it ships)."""

from __future__ import annotations

from pathlib import Path

import pytest

CARDS = """# Карты

## Перевыпуск карты при утере
---
tags: [потерял карту]
---
Новую карту изготовим за 5 рабочих дней, перевыпуск бесплатный.

## Лимиты на снятие наличных
Снять можно до 300 000 ₽ в сутки.

## Промо-ставка по вкладу
---
valid_until: 2020-01-31
---
Ставка 20% годовых до конца января.

## Смена номера в отделении
---
channel: private
---
Смена номера телефона проходит в отделении с паспортом.
"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "bank").mkdir(parents=True)
    (root / "bank" / "cards.md").write_text(CARDS, encoding="utf-8")
    (root / "README.md").write_text("## Не статья\nописание папки", encoding="utf-8")
    return root
