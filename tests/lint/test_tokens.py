"""Token rules, authors, short titles and the "why" on demand (issue 11)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assistant.errors import InputError, RuleError
from assistant.lint import explain, lint
from assistant.lint.rules import RuleSet, load_rules

TOKEN_RULE = """\
id: redirect/test-call
kind: tokens
category: redirect
level: error
title: Клиента отправляют звонить
message: Клиента из чата отправляют звонить, а решить вопрос нужно здесь же.
suggestion: Решите вопрос в переписке.
classes:
  call_you:
    lemmas: [позвонить, звонить]
    grammemes: [impr excl, 2per]
  desk: [колл-центр, горячий линия]
patterns:
  - "@call_you ~3 @desk"
negations: [не]
unless_incoming:
  - "какой номер"
examples:
  bad:
    - "{{Позвоните на горячую линию}}."
  good:
    - "Мы вам перезвоним."
"""


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / "style_rules" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "style_rules"


@pytest.mark.parametrize(
    "text",
    [
        "Позвоните в колл-центр.",
        "Звоните на горячую линию, пожалуйста.",
        "Позвоните, пожалуйста, нам на горячую линию.",
        "Вы позвоните в колл-центр?",
    ],
)
def test_a_token_rule_covers_inflections_and_gaps(tmp_path: Path, text: str) -> None:
    rules = load_rules(_write(tmp_path, "redirect/test-call.yaml", TOKEN_RULE))
    assert [f.rule for f in lint(text, rules=rules)] == ["redirect/test-call"]


@pytest.mark.parametrize(
    ("text", "incoming"),
    [
        ("Мы позвоним в колл-центр сами.", None),
        ("Не звоните на горячую линию, всё решим здесь.", None),
        ("Позвоните. Колл-центр закрыт.", None),  # a sentence break is never crossed
        ("Позвоните на горячую линию: 8 800 000-00-00.", "Какой номер у горячей линии?"),
    ],
)
def test_a_token_rule_keeps_its_exceptions(tmp_path: Path, text: str, incoming: str | None) -> None:
    rules = load_rules(_write(tmp_path, "redirect/test-call.yaml", TOKEN_RULE))
    assert lint(text, incoming=incoming, rules=rules) == []


def test_rule_sets_in_different_folders_do_not_clash(tmp_path: Path) -> None:
    first = load_rules(_write(tmp_path / "a", "redirect/test-call.yaml", TOKEN_RULE))
    other = TOKEN_RULE.replace("[колл-центр, горячий линия]", "[офис]")
    second = load_rules(_write(tmp_path / "b", "redirect/test-call.yaml", other))
    assert lint("Позвоните в колл-центр.", rules=first)
    assert not lint("Позвоните в колл-центр.", rules=second)
    assert lint("Позвоните в офис.", rules=second)
    assert not lint("Позвоните в офис.", rules=first)


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda s: s.replace("@call_you ~3 @desk", "@nope ~3 @desk"), "нет класса"),
        (lambda s: s.replace("~3", "~30"), "пропуск"),
        (lambda s: s.replace('"@call_you ~3 @desk"', '"~2"'), "обязательного"),
        (lambda s: s.replace("title: Клиента отправляют звонить", "title: " + "слово " * 13), "12"),
    ],
)
def test_broken_token_rules_are_reported_with_file_and_line(
    tmp_path: Path, mutate: object, fragment: str
) -> None:
    directory = _write(tmp_path, "redirect/test-call.yaml", mutate(TOKEN_RULE))  # type: ignore[operator]
    with pytest.raises(RuleError) as info:
        load_rules(directory)
    assert info.value.path.endswith("redirect/test-call.yaml")
    assert fragment in str(info.value)
    assert info.value.line is not None and info.value.line > 1


def test_too_many_classes_in_one_rule_is_an_error(tmp_path: Path) -> None:
    words = [f"слово{i}|другое{i}" for i in range(50)]  # a class each (one word needs none)
    rule = TOKEN_RULE.replace('  - "@call_you ~3 @desk"', "\n".join(f'  - "{w}"' for w in words))
    with pytest.raises(RuleError) as info:
        load_rules(_write(tmp_path, "redirect/test-call.yaml", rule))
    assert "классов" in str(info.value)


def test_findings_are_short_and_the_why_is_on_demand(rules: RuleSet) -> None:
    findings = lint("Данная операция осуществляется в течение суток.", rules=rules)
    assert findings
    for f in findings:
        assert len(f.message.split()) <= 12, f.message
        assert explain(f.rule, rules) != f.message and len(explain(f.rule, rules)) > 60
    with pytest.raises(InputError):
        explain("no/such-rule", rules)


def test_promise_level_depends_on_the_author(rules: RuleSet) -> None:
    text = "Вернём 1500 ₽ до 18:00."
    by_model = {f.rule: f.level for f in lint(text, rules=rules, author="model")}
    by_operator = {f.rule: f.level for f in lint(text, rules=rules, author="operator")}
    assert by_model == {
        "promise/money": "error",
        "promise/sum": "error",
        "promise/deadline": "warning",
    }
    assert set(by_operator.values()) == {"suggestion"} and set(by_operator) == set(by_model)
    assert lint(text, rules=rules) == lint(text, rules=rules, author="operator")
    with pytest.raises(InputError):
        lint(text, rules=rules, author="robot")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Если завтра карта не придёт, напишите нам.",
        "Всё решили за час, спасибо.",
        "Отделения работают до 20:00, по выходным до 17:00.",
        "К сожалению, вернуть деньги не получится.",
        "Оформите возврат в приложении.",
        "Деньги вернулись на карту вчера.",
    ],
)
def test_conditions_past_and_world_statements_are_not_promises(text: str, rules: RuleSet) -> None:
    assert not [f for f in lint(text, rules=rules, author="model") if f.category == "promise"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Вернём пять тысяч рублей.", "promise/sum"),
        ("Компенсация одобрена.", "promise/money"),
        ("Обслуживание будет бесплатным навсегда.", "promise/money"),
        ("Дадим скидку на следующий заказ.", "promise/money"),
        ("Подробности на https://gift.example.com/x", "promise/link"),
        ("Ваш код: \u202e4321\u202c.", "safety/invisible-controls"),
    ],
)
def test_issue_14_promises_and_controls_are_errors(text: str, rule: str, rules: RuleSet) -> None:
    levels = {f.rule: f.level for f in lint(text, rules=rules, author="model")}
    assert levels.get(rule) == "error", levels
