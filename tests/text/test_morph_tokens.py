"""assistant.text.morph and assistant.text.tokens."""

from __future__ import annotations

from assistant.text.morph import Morphology, get_morphology
from assistant.text.tokens import sentences, tokenize


def test_shared_morphology_is_built_once() -> None:
    assert get_morphology() is get_morphology()


def test_lemmas_keep_every_candidate_and_fold_yo() -> None:
    morph = get_morphology()
    assert {"данный", "дать"} <= morph.lemmas("данной")
    assert morph.lemma("ещё") == "еще"
    assert morph.lemma("заблокировали") == "заблокировать"


def test_tags_of_second_person_and_imperatives() -> None:
    morph = get_morphology()
    assert morph.has_tag("подскажите", "plur", "impr")
    assert morph.has_tag("проверь", "sing", "impr")
    assert morph.has_tag("можешь", "sing", "2per")
    assert not morph.has_tag("подскажите", "2per")
    assert morph.has_tag("ира", "Name", any_parse=True)
    assert not morph.has_tag("ира", "Name")


def test_parses_are_cached() -> None:
    morph = Morphology(get_morphology().analyzer)
    morph.parses("карта")
    morph.parses("карта")
    info = morph.parses.cache_info()  # type: ignore[attr-defined]
    assert (info.hits, info.misses) == (1, 1)


def test_tokens_have_offsets_into_the_text() -> None:
    text = "Привет, мир!  Как дела?"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["Привет", ",", "мир", "!", "Как", "дела", "?"]
    for t in tokens:
        assert text[t.start : t.end] == t.text
    assert tokens[0].is_alpha and tokens[1].is_punct


def test_sentences() -> None:
    text = "Карта не пришла. Где она? Жду."
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == ["Карта не пришла.", "Где она?", "Жду."]
