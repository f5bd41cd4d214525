"""One-click fixes keep Russian grammatical (issue 11, item 6).

The meta-test applies every suggestion of every finding in every rule example and checks
the result with the morphology: the words are real word forms, an adjective or determiner
agrees with the noun after it, a fix at a sentence start keeps the capital, and the fixed
text no longer has that finding.
"""

from __future__ import annotations

import itertools

import pytest
import regex

from assistant.lint import lint
from assistant.lint.engine import build_context, raw_findings
from assistant.lint.examples import all_examples, parse_marked
from assistant.lint.fixes import _agrees
from assistant.lint.models import Finding
from assistant.lint.rules import RuleSet
from assistant.text.morph import Morphology, get_morphology

_WORD = regex.compile(r"\p{Cyrillic}+(?:-\p{Cyrillic}+)*")


def _fixes(rules: RuleSet) -> list[tuple[str, str, Finding, str]]:
    out = []
    for run in all_examples(rules):
        ex = run.example
        text, _ = parse_marked(ex.text)
        ctx = build_context(
            text, incoming=ex.incoming, nickname=ex.nickname, channel=ex.channel,
            policy=ex.policy, notes=ex.notes, author=ex.author,
        )  # fmt: skip
        for finding in raw_findings(ctx, rules, only=run.rule.id):
            for suggestion in finding.suggestions:
                out.append((run.id, text, finding, suggestion))
    return out


def _agreement_problem(morph: Morphology, fixed: str, start: int, end: int) -> str | None:
    """Adjective + noun pairs that touch the replaced region must agree."""
    words = list(_WORD.finditer(fixed))
    for a, b in itertools.pairwise(words):
        if b.start() < start or a.end() > end + 1 or fixed[a.end() : b.start()] != " ":
            continue
        adjs = [p for p in morph.parses(a.group()) if p.tag.POS in ("ADJF", "PRTF")]
        nouns = [p for p in morph.parses(b.group()) if p.tag.POS == "NOUN"]
        best_pair = (morph.best(a.group()).tag.POS, morph.best(b.group()).tag.POS)
        if (
            adjs
            and nouns
            and best_pair in (("ADJF", "NOUN"), ("PRTF", "NOUN"))
            and not any(_agrees(x, y) for x in adjs for y in nouns)
        ):
            return f"«{a.group()} {b.group()}» не согласованы"
    return None


def test_every_fix_keeps_the_reply_grammatical(rules: RuleSet) -> None:
    morph = get_morphology()
    fixes = _fixes(rules)
    assert len(fixes) >= 35, "the rule examples exercise the fixes"
    problems = []
    for example_id, text, finding, suggestion in fixes:
        fixed = text[: finding.start] + suggestion + text[finding.end :]
        end = finding.start + len(suggestion)
        where = f"{example_id}: «{text}» → «{fixed}»"
        for word in _WORD.findall(suggestion):
            if not morph.analyzer.word_is_known(word.lower()) and word.lower() not in text.lower():
                problems.append(f"{where}: нет такой формы «{word}»")
        if text[finding.start : finding.start + 1].isupper() and suggestion[:1].islower():
            problems.append(f"{where}: потеряна заглавная буква")
        if "  " in fixed or " ," in fixed or ",," in fixed:
            problems.append(f"{where}: лишние пробелы или запятые")
        problem = _agreement_problem(morph, fixed, finding.start, end)
        if problem:
            problems.append(f"{where}: {problem}")
        # the suggestion itself must not be flagged again by the same rule
        again = [
            f
            for f in lint(fixed, rules=rules, author="model")
            if f.rule == finding.rule and suggestion and f.text.lower() == suggestion.lower()
        ]
        if again:
            problems.append(f"{where}: правка не убрала замечание")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("Данную карту заблокировали.", "Данную", "Эту"),
        ("Проверили данного клиента.", "данного", "этого"),
        ("По данной карте лимита нет.", "данной", "этой"),
        ("Денежных средств на счёте нет.", "Денежных средств", "Денег"),
        ("Мы осуществим проверку за час.", "осуществим проверку", "проверим"),
        ("Перевод осуществляется без комиссии.", "осуществляется", "идёт"),
        ("В настоящий момент всё работает.", "В настоящий момент", "Сейчас"),
        ("В связи с обновлением тарифов цена выросла.",
         "В связи с обновлением", "Из-за обновления"),
        ("Карта готова, и, как известно, её можно забрать.", ", как известно,", ""),
    ],
)  # fmt: skip
def test_fix_examples(text: str, span: str, suggestion: str, rules: RuleSet) -> None:
    findings = [f for f in lint(text, rules=rules) if f.text == span]
    assert findings, [(f.text, f.suggestions) for f in lint(text, rules=rules)]
    assert suggestion in findings[0].suggestions
