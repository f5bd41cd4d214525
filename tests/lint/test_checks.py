"""The built-in checks with hand-built profiles (no analyzer involved)."""

from __future__ import annotations

import pytest

from assistant.analyzer.models import EmojiInfo, EmojiItem, GreetingInfo, StyleProfile
from assistant.lint import Policy, lint
from assistant.lint.checks.address import address_form
from assistant.lint.checks.nickname import allowed_names, name_allowed, transliterate
from assistant.lint.checks.promise import amounts
from assistant.lint.rules import RuleSet
from assistant.lint.text import LintText
from assistant.text.morph import get_morphology


def profile(text: str = "сообщение", **kw: object) -> StyleProfile:
    return StyleProfile(text=text, **kw)  # type: ignore[arg-type]


def cats(findings: list) -> set[str]:  # type: ignore[type-arg]
    return {f.category for f in findings}


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("ты", "ty"), ("тебе", "ty"), ("твой", "ty"), ("твоём", "ty"), ("проверь", "ty"),
        ("можешь", "ty"), ("получишь", "ty"), ("вы", "vy"), ("вам", "vy"), ("ваш", "vy"),
        ("проверьте", "vy"), ("можете", "vy"), ("давайте", "vy"), ("проверим", None),
        ("мой", None), ("спасибо", None), ("карта", None),
    ],
)  # fmt: skip
def test_address_forms(word: str, form: str | None) -> None:
    assert address_form(get_morphology(), word) == form


def test_ty_to_a_vy_customer_and_mixed_forms(rules: RuleSet) -> None:
    vy = profile("Вы можете помочь?", address="vy")
    assert cats(lint("Проверь приложение.", incoming=vy, rules=rules)) == {"address"}
    assert lint("Проверьте приложение.", incoming=vy, rules=rules) == []
    mixed = lint("Проверьте приложение, ты увидишь, вам понравится.", rules=rules)
    assert [f.text for f in mixed] == ["ты", "увидишь"]
    assert {f.rule for f in mixed} == {"address/mixed"}


def test_ty_unasked_is_a_warning(rules: RuleSet) -> None:
    findings = lint("Скачай приложение.", incoming=profile(address="none"), rules=rules)
    assert [(f.rule, f.level) for f in findings] == [("address/ty-unasked", "warning")]


@pytest.mark.parametrize(
    ("nickname", "reply", "flagged"),
    [
        ("Валюшка лапочка", "Валентина, заказ в пути.", ["Валентина"]),
        ("vasya.pupkin", "Здравствуйте, Василий!", ["Василий"]),
        ("vasya.pupkin", "Вася, всё готово.", []),
        ("Максим Орлов", "Максим, всё готово.", []),
        ("Максим Орлов", "Спасибо, Максим Орлов!", []),
        ("Светлана Петровна", "Светлана Петровна, готово.", []),
        ("Катюша_88", "Передали Ольге, она ответит.", []),
        ("Катюша_88", "Спасибо, Екатерина!", ["Екатерина"]),
        ("Катюша_88", "С уважением, Ольга", []),
        ("Катюша_88", "Приветик! Всё готово.", []),
        ("olga_k", "Ольга, готово.", []),
    ],
)
def test_nickname(nickname: str, reply: str, flagged: list[str], rules: RuleSet) -> None:
    findings = [f for f in lint(reply, nickname=nickname, rules=rules) if f.category == "nickname"]
    assert [f.text for f in findings] == flagged


def test_transliteration_of_handles() -> None:
    assert transliterate("vasya") == "вася"
    assert transliterate("sergey") == "сергей"
    assert transliterate("natasha") == "наташа"
    morph = get_morphology()
    assert name_allowed("ольга", allowed_names("olga.k", morph), morph)
    assert not name_allowed("мария", allowed_names("masha_b", morph), morph)


def test_emoji_to_an_upset_customer(rules: RuleSet) -> None:
    urgent = profile("карту заблокировали!!!", urgent=True)
    findings = lint("Разблокировали)) 🙂", incoming=urgent, rules=rules)
    assert [(f.rule, f.text) for f in findings] == [
        ("emoji/upset-customer", "))"),
        ("emoji/upset-customer", "🙂"),
    ]
    sad = profile("всё плохо", mood="negative")
    assert cats(lint("Понимаем :)", incoming=sad, rules=rules)) == {"emoji"}


def test_emoji_excess_counts_against_the_customer_and_policy(rules: RuleSet) -> None:
    one = profile(
        "ок 🙂",
        emoji=EmojiInfo(
            used=True, count=1, items=[EmojiItem(text="🙂", kind="emoji", start=3, end=4)]
        ),
    )
    assert lint("Готово 🙂 🎉", incoming=one, rules=rules) == []
    over = lint("Готово 🙂 🎉 🔥", incoming=one, rules=rules)
    assert [f.text for f in over] == ["🔥"]
    assert "Эмодзи в ответе: 3, у клиента: 1" in over[0].message
    none = Policy(allow_emoji=False)
    assert [f.text for f in lint("Готово 🙂", incoming=one, policy=none, rules=rules)] == ["🙂"]
    strict = Policy(max_emoji_over_customer=0)
    assert [f.text for f in lint("Готово 🙂 🎉", incoming=one, policy=strict, rules=rules)] == [
        "🎉"
    ]


def test_greeting_needs_the_customer_context(rules: RuleSet) -> None:
    greeted = profile(
        "Здравствуйте!", greeting=GreetingInfo(present=True, text="Здравствуйте", start=0, end=12)
    )
    silent = profile("карта не работает")
    reply = "Здравствуйте! Карту починили."
    assert lint(reply, incoming=greeted, rules=rules) == []
    assert [f.rule for f in lint(reply, incoming=silent, rules=rules)] == ["greeting/unanswered"]
    double = lint("Здравствуйте! Добрый день! Готово.", incoming=greeted, rules=rules)
    assert [(f.rule, f.text) for f in double] == [("greeting/double", "Добрый день")]


def test_noun_chain(rules: RuleSet) -> None:
    findings = lint("Это для обеспечения сохранности вложений клиентов.", rules=rules)
    assert [(f.rule, f.text) for f in findings] == [
        ("bureaucratic/noun-chain", "обеспечения сохранности вложений клиентов")
    ]
    assert lint("Проверка займёт минуту.", rules=rules) == []


def test_amounts() -> None:
    assert amounts("вернём 1 500 ₽ и 2,5 тыс") == {1500.0, 2.5, 2500.0}
    assert amounts("") == set()


def test_lint_text_maps_letter_spacing_back() -> None:
    lt = LintText("Это д а н н ы й  случай")
    start = lt.text.index("данный")
    assert lt.span(start, start + 6) == (4, 15)
