from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.errors import KnowledgeError
from assistant.knowledge.loader import fingerprint, load_articles, parse_file, slugify


def test_sections_are_articles_with_tags(kb_dir: Path) -> None:
    articles = load_articles(kb_dir)
    assert [a.title for a in articles] == [
        "Перевыпуск карты при утере",
        "Лимиты на снятие наличных",
        "Промо-ставка по вкладу",
        "Смена номера в отделении",
    ]
    first = articles[0]
    assert first.id == "bank/cards.md#perevypusk-karty-pri-utere"
    assert first.tags == ("потерял карту",)
    assert first.body.startswith("Новую карту") and "---" not in first.body
    assert first.line == 3
    assert articles[2].valid_until == date(2020, 1, 31) and articles[2].expired()
    assert articles[3].channel == "private"


def test_readme_and_text_before_the_first_section_are_not_articles(kb_dir: Path) -> None:
    assert all(a.path == "bank/cards.md" for a in load_articles(kb_dir))


def test_slug_transliterates_and_an_explicit_id_wins() -> None:
    assert slugify("Вклад «Надёжный»: ставки") == "vklad-nadezhnyy-stavki"
    [a] = parse_file("## Заголовок\n---\nid: fixed\n---\nтекст", "x.md")
    assert a.id == "x.md#fixed"


def test_headings_inside_code_fences_are_text() -> None:
    [a] = parse_file("## Пример\n```\n## не заголовок\n```\nконец", "x.md")
    assert "## не заголовок" in a.body


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## A\n---\nchannel: private\nтекст", "не закрыт"),
        ("## A\n---\ncolour: red\n---\nтекст", "неизвестные метки"),
        ("## A\n---\nvalid_until: завтра\n---\nтекст", "valid_until"),
        ("## A\n---\nchannel: vk\n---\nтекст", "channel"),
        ("## A\n---\n[1, 2\n---\nтекст", "YAML"),
    ],
)
def test_bad_tags_are_clear_errors_with_the_place(text: str, problem: str) -> None:
    with pytest.raises(KnowledgeError, match=problem) as info:
        parse_file(text, "bank/x.md")
    assert "bank/x.md:1" in str(info.value)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="не найдена"):
        load_articles(tmp_path / "nope")


def test_fingerprint_changes_when_a_file_changes(kb_dir: Path) -> None:
    before = fingerprint(kb_dir)
    assert fingerprint(kb_dir) == before
    (kb_dir / "new.md").write_text("## Новая\nтекст", encoding="utf-8")
    assert fingerprint(kb_dir) != before


def test_the_example_base_has_enough_unique_articles() -> None:
    articles = load_articles(PROJECT_ROOT / "knowledge")
    assert len(articles) >= 60
    assert len({a.title for a in articles}) == len(articles)
    assert {a.path.split("/")[0] for a in articles} == {"bank", "telecom"}
