from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import KnowledgeError
from assistant.knowledge.terms import BUILTIN_SYNONYMS, Terms, words


@pytest.fixture(scope="module")
def terms() -> Terms:
    return Terms.from_files(BUILTIN_SYNONYMS)


def test_inflections_meet_at_the_lemma(terms: Terms) -> None:
    assert terms.of("карты") == terms.of("картой") == ["карта"]


@pytest.mark.parametrize(
    ("slang", "canonical"),
    [("карточку", "карта"), ("СМС", "смс"), ("смску", "смс"), ("КЦ", "контакт-центр"),
     ("симку", "сим-карта"), ("инет", "интернет"), ("кэшбек", "кешбэк")],
)  # fmt: skip
def test_synonyms_and_abbreviations_are_data(terms: Terms, slang: str, canonical: str) -> None:
    assert terms.of(slang) == terms.of(canonical)


def test_multiword_canonical(terms: Terms) -> None:
    assert terms.of("кредитка") == ["кредитный", "карта"]


def test_function_words_are_dropped_by_grammemes(terms: Terms) -> None:
    assert terms.of("а мне и вам не на что") == []
    assert terms.of("тариф 750") == ["тариф", "750"]


def test_lookalike_latin_letters_are_folded() -> None:
    assert words("прилoжение") == ["приложение"]  # Latin «o»


def test_team_synonyms_file_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "synonyms.yaml"
    bad.write_text("groups: [[одно]]", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="groups"):
        Terms.from_files(bad)
