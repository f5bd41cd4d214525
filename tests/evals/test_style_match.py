from __future__ import annotations

import pytest

from assistant.analyzer import analyze
from assistant.evals.style_match import category_rates, length_score, lsm, style_match


def test_identical_texts_match_fully() -> None:
    text = "Мы не знали, что вы уже были в отделении, и очень рады помочь."
    assert all(v == pytest.approx(1.0) for v in lsm(text, text).values())
    assert style_match(analyze(text), analyze(text)).score == pytest.approx(1.0)


def test_categories_come_from_morphology() -> None:
    rates = category_rates("Я не был там, но мы с вами много раз говорили и всё же")
    assert rates["ppron1"] > 0  # я, мы
    assert rates["ppron2"] > 0  # вами
    assert rates["negation"] > 0  # не
    assert rates["prep"] > 0  # с
    assert rates["conj"] > 0  # но, и
    assert rates["byt"] > 0  # был
    assert rates["quantifier"] > 0  # много
    assert rates["particle"] > 0  # же
    assert rates["ppron3"] == 0


def test_lsm_formula_on_one_category() -> None:
    # «я» is 1 of 2 words (50 %) against 0 of 2 words: 1 - 50 / (50 + 0.0001) ≈ 0.
    assert lsm("я пришёл", "карта пришла")["ppron1"] == pytest.approx(0.0, abs=1e-5)
    # absent from both: a full match, as in the original measure
    assert lsm("карта пришла", "деньги пришли")["ppron1"] == pytest.approx(1.0)


def test_length_score() -> None:
    assert length_score(10, 10) == 1.0
    assert length_score(10, 20) == pytest.approx(2 / 3)
    assert length_score(10, 80) == 0.0
    assert length_score(0, 5) == 0.0


def test_emoji_at_upset_customer_scores_lower() -> None:
    angry = analyze("Карту заблокировали в аэропорту!!! Верните деньги немедленно")
    calm = style_match(angry, analyze("Артём, карту разблокировали, можно платить."))
    smiley = style_match(angry, analyze("Артём, карту разблокировали, можно платить 😊"))
    assert calm.dimensions["emoji"] == 1.0
    assert smiley.dimensions["emoji"] == 0.0
    assert smiley.score < calm.score


def test_greeting_and_address_dimensions() -> None:
    incoming = analyze("Здравствуйте! Подскажите, где выписка?")
    good = style_match(incoming, analyze("Здравствуйте! Выписка уже в чате, проверьте."))
    rude = style_match(incoming, analyze("Выписка в чате, проверь."))
    assert good.dimensions["greeting"] == 1.0 and good.dimensions["address"] == 1.0
    assert rude.dimensions["greeting"] == 0.0 and rude.dimensions["address"] == 0.0
    assert 0.0 <= rude.score < good.score <= 1.0
