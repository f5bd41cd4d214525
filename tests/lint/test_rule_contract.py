"""Meta-tests: the contract every rule file keeps (the loader enforces most of it too)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import regex

from assistant.lint.checks import available
from assistant.lint.examples import parse_marked
from assistant.lint.models import CATEGORIES
from assistant.lint.rules import RuleSet, check_rule_files, entries_of
from assistant.lint.schema import CheckRule, PatternRule, TokensRule

RULES_DIR = Path(__file__).resolve().parents[2] / "style_rules"
FILES = sorted(RULES_DIR.glob("*/*.yaml"))


def test_rule_files_load_without_problems() -> None:
    rules, problems = check_rule_files(RULES_DIR)
    assert not problems, "\n".join(map(str, problems))
    assert len(rules) == len(FILES)


@pytest.mark.parametrize("file", FILES, ids=[f"{f.parent.name}/{f.stem}" for f in FILES])
def test_rule_contract(file: Path, rules: RuleSet) -> None:
    rule_id = f"{file.parent.name}/{file.stem}"
    loaded = rules.rules[rule_id]
    rule = loaded.rule
    assert rule.id == rule_id, "id equals the path without extension"
    assert rule.category == file.parent.name, "category equals the folder"
    assert rule.category in CATEGORIES
    assert rule.examples.bad and rule.examples.good, "bad and good examples present"
    for example in rule.examples.bad:
        _, spans = parse_marked(example.text)
        assert spans, f"bad example without a {{{{…}}}} span: {example.text}"
    for example in rule.examples.good:
        assert "{{" not in example.text
    assert regex.search(r"\p{Cyrillic}", rule.message) and len(rule.message) >= 40
    assert rule.message.rstrip().endswith((".", "!", "»", ")")), "message is a sentence"
    assert regex.search(r"\p{Cyrillic}", rule.suggestion)
    if isinstance(rule, CheckRule):
        assert rule.check in available()
    if isinstance(rule, PatternRule):
        assert rule.patterns


def test_every_category_has_rules(rules: RuleSet) -> None:
    by_category = Counter(r.rule.category for r in rules.rules.values())
    assert set(by_category) == set(CATEGORIES)


def test_every_check_is_used(rules: RuleSet) -> None:
    used = {r.rule.check for r in rules.rules.values() if isinstance(r.rule, CheckRule)}
    assert used == set(available())


def test_the_lexicon_has_400_entries_with_sources(rules: RuleSet) -> None:
    """Issue 11: a lexicon the size of the literature, each group with its source."""
    entries = 0
    for loaded in rules.rules.values():
        rule = loaded.rule
        if rule.category != "bureaucratic" or not isinstance(rule, TokensRule):
            continue
        for group in rule.lexicon:
            assert len(group.source) >= 10, f"{rule.id}: a lexicon group without its source"
            entries += len(group.entries)
    assert entries >= 400
    with_replacement = sum(
        bool(e.replacements)
        for loaded in rules.rules.values()
        if loaded.rule.category == "bureaucratic"
        for e, _ in entries_of(loaded.rule)
    )
    assert with_replacement >= 300


def test_support_specific_cliches_are_listed(rules: RuleSet) -> None:
    phrases = {e.phrase for r in rules.rules.values() for e, _ in entries_of(r.rule)}
    for phrase in (
        "ваше обращение зарегистрировано",
        "доводим до вашего сведения",
        "приносим извинения за доставленные неудобства",
        "согласно правилам",
    ):
        assert phrase in phrases


def test_no_phrase_is_listed_twice(rules: RuleSet) -> None:
    keys: dict[tuple[str, ...], str] = {}
    for loaded in rules.rules.values():
        for entry, _ in entries_of(loaded.rule):
            key = rules.phrases.key(entry.phrase)
            assert key not in keys, f"{entry.phrase!r} in {loaded.id} and {keys[key]}"
            keys[key] = loaded.id
