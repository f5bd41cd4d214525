from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli import kb as _kb  # noqa: F401  (registers the command)

runner = CliRunner()


def test_check_passes_on_the_example_base() -> None:
    result = runner.invoke(app, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "всё в порядке" in result.output


def test_check_reports_every_problem_and_exits_1(kb_dir: Path) -> None:
    (kb_dir / "more.md").write_text(
        "## Перевыпуск карты при утере\nДубль.\n\n## Контакты\nПишите Ивану: +7 912 345-67-89\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["kb", "check", "--dir", str(kb_dir)])
    assert result.exit_code == 1
    out = result.output
    assert "more.md:1: [duplicate_title]" in out
    assert "bank/cards.md:12: [expired]" in out
    assert "more.md:5: [personal_data]" in out and "телефон" in out


def test_check_of_a_broken_base_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("## A\n---\nchannel: tv\n---\nx", encoding="utf-8")
    result = runner.invoke(app, ["kb", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "a.md:1" in result.output


def test_search_prints_articles_with_scores(kb_dir: Path) -> None:
    result = runner.invoke(app, ["kb", "search", "потерял карточку", "--dir", str(kb_dir)])
    assert result.exit_code == 0
    assert "Перевыпуск карты при утере" in result.output.splitlines()[0]
    none = runner.invoke(app, ["kb", "search", "рецепт борща", "--dir", str(kb_dir)])
    assert "Ничего не найдено" in none.output


def test_search_json(kb_dir: Path) -> None:
    result = runner.invoke(
        app, ["kb", "search", "лимитты налички", "--json", "-k", "1", "--dir", str(kb_dir)]
    )
    data = json.loads(result.output)
    assert data["corrected"] == {"лимитты": "лимиты"}
    [hit] = data["hits"]
    assert hit["id"] == "bank/cards.md#limity-na-snyatie-nalichnykh" and hit["score"] > 0
