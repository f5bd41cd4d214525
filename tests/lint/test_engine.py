"""The lint API: context, spans in the original text, normalisation, dedup, errors."""

from __future__ import annotations

import pytest

import assistant
from assistant.analyzer.models import EmojiInfo, EmojiItem, GreetingInfo, StyleProfile
from assistant.errors import EmptyTextError, InputError, TextTooLongError
from assistant.lint import Finding, Policy, lint
from assistant.lint.rules import RuleSet


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_reexported_from_the_package() -> None:
    assert assistant.lint is lint
    assert "lint" in assistant.__all__


def test_findings_are_sorted_and_carry_everything(rules: RuleSet) -> None:
    text = "Уважаемый клиент, денежные средства вернутся. Данный вопрос решён."
    findings = lint(text, rules=rules)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert f.message and f.hint
    by_text = {f.text: f for f in findings}
    assert by_text["денежные средства"].suggestions == ["деньги"]
    assert by_text["Данный"].rule == "bureaucratic/kantselyarit"
    assert by_text["Уважаемый клиент"].rule == "bureaucratic/salutation"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Данная услуга платная.", "Данная"),
        ("Данной услуги нет.", "Данной"),
        ("Подключим данную услугу.", "данную"),
        ("Платёж осуществляется за минуту.", "осуществляется"),
        ("Мы осуществляем платёж.", "осуществляем"),
        ("Доводим до вашего сведения: всё готово.", "Доводим до вашего сведения"),
    ],
)
def test_lemma_phrases_catch_every_inflection(text: str, flagged: str, rules: RuleSet) -> None:
    assert flagged in [f.text for f in lint(text, rules=rules)]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Д\u200bанная услуга платная.", "Д\u200bанная"),  # zero-width space
        ("Дан\u00adная услуга платная.", "Дан\u00adная"),  # soft hyphen
        ("Дaннaя услуга платная.", "Дaннaя"),  # Latin a
        ("\u202eДанная услуга платная.", "Данная"),  # bidi override before the word
        ("Д а н н а я услуга платная.", "Д а н н а я"),  # letter-spaced
        ("Д.а.н.н.а.я услуга платная.", "Д.а.н.н.а.я"),  # letters and dots
        ("Д-а-н-н-а-я услуга платная.", "Д-а-н-н-а-я"),  # letters and hyphens
        ("Ｄанная услуга платная.", "Ｄанная"),  # a fullwidth letter is not Cyrillic …
    ],
)
def test_evasion_is_normalised_and_spans_point_into_the_original(
    text: str, flagged: str, rules: RuleSet
) -> None:
    findings = [f for f in lint(text, rules=rules) if f.rule == "bureaucratic/kantselyarit"]
    if flagged.startswith("Ｄ"):
        # … NFKC turns it into Latin «D», which stays Latin in a mixed word: not a match
        assert not findings
        return
    assert [f.text for f in findings] == [flagged]
    assert text[findings[0].start : findings[0].end] == flagged


def test_overlapping_hits_of_one_category_keep_the_most_specific(rules: RuleSet) -> None:
    findings = lint("На данный момент всё работает.", rules=rules)
    assert [(f.rule, f.text) for f in findings] == [
        ("bureaucratic/kantselyarit", "На данный момент")
    ]
    apology = lint("Приносим извинения за доставленные неудобства.", rules=rules)
    assert [f.text for f in apology] == ["Приносим извинения за доставленные неудобства"]


def test_different_categories_on_one_span_both_stay(rules: RuleSet) -> None:
    text = "Звоните: 8 800 555-12-34. Карта 4276 3800 1234 5679 активна."
    findings = lint(text, channel="public", rules=rules)
    assert {"redirect", "pii"} <= {f.category for f in findings}


def test_profile_can_be_given_instead_of_the_message(rules: RuleSet) -> None:
    upset = StyleProfile(text="карту заблокировали!!!", urgent=True, mood="angry")
    findings = lint("Разблокировали 🙂", incoming=upset, rules=rules)
    assert rules_of(findings) == ["emoji/upset-customer"]
    calm = StyleProfile(
        text="Подскажите 🙂",
        emoji=EmojiInfo(
            used=True, count=1, items=[EmojiItem(text="🙂", kind="emoji", start=11, end=12)]
        ),
        greeting=GreetingInfo(present=False),
    )
    assert lint("Подсказываем 🙂", incoming=calm, rules=rules) == []


def test_without_incoming_context_rules_stay_silent(rules: RuleSet) -> None:
    assert lint("Здравствуйте! Держите 🙂🙂🙂", rules=rules) == []


def test_nickname_from_the_argument(rules: RuleSet) -> None:
    findings = lint("Валентина, заказ в пути.", nickname="Валюшка лапочка", rules=rules)
    assert rules_of(findings) == ["nickname/corrected"]
    assert lint("Валюшка лапочка, заказ в пути.", nickname="Валюшка лапочка", rules=rules) == []


def test_pii_only_in_public(rules: RuleSet) -> None:
    text = "Карта 4276 3800 1234 5679 активна."
    assert lint(text, channel="private", rules=rules) == []
    assert rules_of(lint(text, channel="public", rules=rules)) == ["pii/personal-data"]


def test_policy_disables_rules_and_forbids_ty(rules: RuleSet) -> None:
    text = "Данная услуга подключена."
    assert (
        lint(
            text,
            policy=Policy(disabled_rules=frozenset({"bureaucratic/kantselyarit"})),
            rules=rules,
        )
        == []
    )
    ty = "Проверь приложение."
    customer_ty = StyleProfile(text="глянь", address="ty")
    assert lint(ty, incoming=customer_ty, rules=rules) == []
    findings = lint(ty, incoming=customer_ty, policy=Policy(allow_ty=False), rules=rules)
    assert rules_of(findings) == ["address/ty-to-vy"]


def test_notes_back_promises(rules: RuleSet) -> None:
    text = "Вернём 1 500 ₽ до пятницы."
    assert {f.rule for f in lint(text, rules=rules)} == {
        "promise/money",
        "promise/sum",
        "promise/deadline",
    }
    assert lint(text, notes="одобрен возврат 1500 р, срок — до пятницы", rules=rules) == []


def test_placeholder_is_an_error(rules: RuleSet) -> None:
    findings = lint("Вернём деньги до [срок].", notes="возврат одобрен", rules=rules)
    assert [(f.rule, f.level, f.text) for f in findings] == [
        ("promise/placeholder", "error", "[срок]")
    ]


@pytest.mark.parametrize("text", ["", "   \n", "\u200b\u200b"])
def test_empty_text_is_an_error(text: str, rules: RuleSet) -> None:
    with pytest.raises(EmptyTextError):
        lint(text, rules=rules)


def test_too_long_and_wrong_types(rules: RuleSet) -> None:
    with pytest.raises(TextTooLongError):
        lint("а" * (assistant.get_settings().max_input_chars + 1), rules=rules)
    with pytest.raises(InputError):
        lint(b"bytes", rules=rules)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        lint("текст", channel="telegram", rules=rules)  # type: ignore[arg-type]


def test_broken_unicode_does_not_crash(rules: RuleSet) -> None:
    text = "Данная \ud800 услуга \x00 подключена"
    findings = lint(text, rules=rules)
    assert [f.text for f in findings] == ["Данная"]


def test_characters_without_a_unicode_name_do_not_crash(rules: RuleSet) -> None:
    # pymorphy3 looks up Unicode names; Tangut «𗀀» has none (found by Hypothesis)
    findings = lint("Данная 𗀀 услуга, ab𗀀 подключена", incoming="𗀀𗀀?", rules=rules)
    assert [f.text for f in findings] == ["Данная"]


def test_default_rule_set_is_loaded_once() -> None:
    from assistant.lint.rules import get_rules

    assert get_rules() is get_rules()
    assert lint("Данная услуга подключена.")[0].rule == "bureaucratic/kantselyarit"
