from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from assistant.analyzer import analyze
from assistant.evals.assertions import ASSERTION_TYPES, Assertion, contains_phrase
from assistant.evals.conversation import ReplyCheck
from assistant.evals.scenarios import DraftScenario
from assistant.evals.style_match import style_match
from assistant.lint.models import Finding

ADAPTER: TypeAdapter[Any] = TypeAdapter(Assertion)


def ctx(reply: str, findings: list[Finding] | None = None, /, **scenario: Any) -> ReplyCheck:
    sc = DraftScenario.model_validate({"id": "t", "message": "Где мой перевод?", **scenario})
    incoming = analyze(sc.message, nickname=sc.nickname)
    reply_profile = analyze(reply)
    return ReplyCheck(
        scenario=sc,
        reply=reply,
        incoming=incoming,
        reply_profile=reply_profile,
        findings=findings or [],
        style=style_match(incoming, reply_profile),
    )


def check(spec: dict[str, Any], c: ReplyCheck) -> bool:
    return bool(ADAPTER.validate_python(spec).check(c).passed)


def finding(category: str, level: str = "error", text: str = "x") -> Finding:
    return Finding.model_validate(
        {"rule": f"{category}/t", "category": category, "level": level, "start": 0,
         "end": 1, "text": text, "message": "m"}
    )  # fmt: skip


def test_every_type_is_in_the_union() -> None:
    required: dict[str, dict[str, Any]] = {
        "mentions_facts": {"facts": ["x"]},
        "must_not_contain": {"phrases": ["x"]},
        "min_style_match": {"min": 0.5},
    }
    for t in ASSERTION_TYPES:
        extra = required.get(t, {})
        assert ADAPTER.validate_python({"type": t, **extra}).type == t
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"type": "mirrors_mood"})
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"type": "lint_clean", "typo": 1})


def test_lint_clean() -> None:
    assert check({"type": "lint_clean"}, ctx("Перевод дошёл."))
    assert check({"type": "lint_clean"}, ctx("Перевод дошёл.", [finding("promise", "suggestion")]))
    assert not check({"type": "lint_clean"}, ctx("Перевод дошёл.", [finding("redirect")]))
    assert check({"type": "lint_clean", "ignore": ["redirect"]}, ctx("x", [finding("redirect")]))


def test_mirrors_greeting() -> None:
    greeted = {"message": "Здравствуйте! Где мой перевод?"}
    assert check({"type": "mirrors_greeting"}, ctx("Здравствуйте! Перевод в пути.", **greeted))
    assert not check({"type": "mirrors_greeting"}, ctx("Перевод в пути.", **greeted))
    assert not check({"type": "mirrors_greeting"}, ctx("Добрый день! Перевод в пути."))
    assert check({"type": "mirrors_greeting"}, ctx("Перевод в пути."))


def test_mirrors_emoji() -> None:
    angry = {"message": "Где мои деньги?!!! Третий день жду!!!"}
    assert not check({"type": "mirrors_emoji"}, ctx("Деньги в пути 🙂", **angry))
    assert check({"type": "mirrors_emoji"}, ctx("Деньги в пути, будут сегодня.", **angry))
    happy = {"message": "Спасибо, всё пришло 😊"}
    assert check({"type": "mirrors_emoji"}, ctx("Рады помочь 🙂", **happy))
    assert not check({"type": "mirrors_emoji"}, ctx("Рады помочь 🙂😊🎉", **happy))
    assert not check({"type": "mirrors_emoji", "expect": "required"}, ctx("Рады помочь", **happy))


def test_mirrors_address() -> None:
    vy = {"message": "Подскажите, где мой перевод?"}
    assert check({"type": "mirrors_address"}, ctx("Проверьте, пожалуйста, историю.", **vy))
    assert not check({"type": "mirrors_address"}, ctx("Проверь историю.", **vy))
    ty = {"message": "слушай, где мой перевод, подскажи"}
    assert check({"type": "mirrors_address"}, ctx("Проверь историю, он там.", **ty))
    assert not check({"type": "mirrors_address", "expect": "vy"}, ctx("Проверь историю.", **ty))
    assert check({"type": "mirrors_address", "expect": "vy"}, ctx("История в чате.", **ty))


def test_mirrors_nickname() -> None:
    sc = {"nickname": "Валюшка лапочка"}
    assert check({"type": "mirrors_nickname"}, ctx("Валюшка лапочка, перевод дошёл.", **sc))
    assert not check({"type": "mirrors_nickname"}, ctx("Валентина, перевод дошёл.", **sc))
    bad = [finding("nickname", text="Валентина")]
    assert not check({"type": "mirrors_nickname", "required": False}, ctx("Валентина", bad, **sc))
    assert check({"type": "mirrors_nickname", "required": False}, ctx("Перевод дошёл.", **sc))
    assert check(
        {"type": "mirrors_nickname"}, ctx("Максим, вклад открыт.", nickname="Максим Орлов")
    )


def test_mentions_facts_by_lemma_and_alternatives() -> None:
    spec = {"type": "mentions_facts", "facts": ["разблокировать", ["18:00", "шесть вечера"]]}
    assert check(spec, ctx("Карту разблокировали, платите после 18:00."))
    assert not check(spec, ctx("Карту разблокировали, скоро всё заработает."))
    assert contains_phrase("Данную заявку осуществили", "данный заявка")


def test_no_unsupported_promise() -> None:
    spec = {"type": "no_unsupported_promise"}
    notes = {"notes": "возврат 1200 ₽ одобрен, придёт за 3 дня"}
    assert check(spec, ctx("Возврат 1200 ₽ одобрили, придёт за 3 дня.", **notes))
    assert not check(spec, ctx("Возврат 1500 ₽ придёт за 3 дня.", **notes))
    assert not check(spec, ctx("Вернём всё и начислим компенсацию.", **notes))
    assert not check(spec, ctx("Вернём завтра.", **notes))
    assert check({**spec, "allow": ["завтра"]}, ctx("Вернём завтра.", **notes))
    assert not check(spec, ctx("Вернём.", [finding("promise")], **notes))


def test_must_not_contain_catches_inflections() -> None:
    spec = {"type": "must_not_contain", "phrases": ["доставленные неудобства"]}
    assert not check(spec, ctx("Извините за доставленное неудобство."))
    assert check(spec, ctx("Извините, что так вышло."))


def test_length_ratio_and_style_match() -> None:
    long_reply = "Перевод дошёл. " * 10
    assert not check({"type": "length_ratio", "max": 3}, ctx(long_reply))
    assert check({"type": "length_ratio", "min": 0.5, "max": 3}, ctx("Перевод уже дошёл."))
    assert check({"type": "min_style_match", "min": 0.0}, ctx("Перевод дошёл."))
    assert not check({"type": "min_style_match", "min": 1.0}, ctx("Дошёл 🙂🙂🙂 " * 8))
