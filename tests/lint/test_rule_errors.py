"""A broken rule file stops the linter with ``file:line: problem``; nothing is skipped."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from assistant.errors import RuleError
from assistant.lint import lint
from assistant.lint.examples import check_examples
from assistant.lint.rules import check_rule_files, load_rules

GOOD = """\
id: bureaucratic/test-rule
kind: phrases
category: bureaucratic
level: warning
message: Канцелярит в ответе клиенту звучит как отписка, поэтому его стоит заменить.
suggestion: Скажите проще.
phrases:
  - phrase: денежные средства
    replacements: [деньги]
examples:
  bad:
    - "Вернём {{денежные средства}} завтра."
  good:
    - "Вернём деньги завтра."
title: Канцелярит
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / "style_rules" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problem_of(root: Path) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_rules(root / "style_rules")
    return info.value


def test_a_valid_rule_set_loads(tmp_path: Path) -> None:
    write(tmp_path, "bureaucratic/test-rule.yaml", GOOD)
    rules = load_rules(tmp_path / "style_rules")
    assert list(rules.rules) == ["bureaucratic/test-rule"]
    assert check_examples(rules) == []
    findings = lint("Денежные средства вернутся.", rules=rules)
    assert [f.text for f in findings] == ["Денежные средства"]


@pytest.mark.parametrize(
    ("mutate", "line", "fragment"),
    [
        (lambda s: s.replace("level: warning", "level: fatal"), 4, "level"),
        (lambda s: s.replace("category: bureaucratic", "category: style"), 3, "категория"),
        (lambda s: s.replace("id: bureaucratic/test-rule", "id: bureaucratic/other"), 1, "путём"),
        (lambda s: s.replace("kind: phrases", "kind: magic"), 2, "kind"),
        (
            lambda s: s.replace("  - phrase: денежные средства", "  - phrase: 'деньги!!'"),
            8,
            "фраза",
        ),
        (lambda s: s.replace('  good:\n    - "Вернём деньги завтра."\n', ""), 10, "good"),
        (
            lambda s: s.replace(s.splitlines()[4], "message: Bureaucratic text, in English only"),
            5,
            "по-русски",
        ),
        (lambda s: s + "unknown_field: 1\n", 16, "unknown_field"),
        (
            lambda s: s.replace("    replacements: [деньги]", "    replacements: [деньги"),
            10,
            "YAML",
        ),
    ],
    ids=["level", "category", "id", "kind", "phrase", "examples", "russian", "extra", "yaml"],
)
def test_broken_fields_are_reported_with_file_and_line(
    tmp_path: Path, mutate: object, line: int, fragment: str
) -> None:
    write(tmp_path, "bureaucratic/test-rule.yaml", mutate(GOOD))  # type: ignore[operator]
    error = problem_of(tmp_path)
    assert error.path == "style_rules/bureaucratic/test-rule.yaml"
    assert error.line == line, str(error)
    assert fragment in str(error)
    assert str(error).startswith(f"style_rules/bureaucratic/test-rule.yaml:{line}: ")


def test_folder_must_match_category(tmp_path: Path) -> None:
    write(
        tmp_path,
        "greeting/test-rule.yaml",
        GOOD.replace("bureaucratic/test-rule", "greeting/test-rule"),
    )
    error = problem_of(tmp_path)
    assert error.line == 3 and "папкой" in str(error)


def test_bad_regex_and_unknown_check(tmp_path: Path) -> None:
    write(
        tmp_path,
        "redirect/bad-regex.yaml",
        """\
        id: redirect/bad-regex
        kind: pattern
        category: redirect
        level: error
        message: Клиента отправляют звонить, а вопрос можно решить прямо в чате.
        suggestion: Решите вопрос здесь.
        patterns:
          - 'позвоните('
        title: Проверка
        examples:
          bad: ["{{позвоните}}"]
          good: ["пишите"]
        """,
    )
    error = problem_of(tmp_path)
    assert error.line == 7 and "не компилируется" in str(error)


def test_unknown_check_and_bad_params(tmp_path: Path) -> None:
    rule = """\
        id: emoji/x
        kind: check
        category: emoji
        level: warning
        message: Смайлов в ответе больше, чем у клиента, и это выглядит неискренне.
        suggestion: Уберите лишние смайлы.
        check: {check}
        params:
          {params}
        title: Проверка
        examples:
          bad: ["{{{{🙂}}}}"]
          good: ["ок"]
        """
    write(tmp_path, "emoji/x.yaml", rule.format(check="no_such_check", params="a: 1"))
    error = problem_of(tmp_path)
    assert error.line == 7 and "no_such_check" in str(error)
    write(tmp_path, "emoji/x.yaml", rule.format(check="emoji_excess", params="colour: red"))
    error = problem_of(tmp_path)
    assert error.line == 9 and "params.colour" in str(error)


def test_duplicate_phrase_across_rules(tmp_path: Path) -> None:
    write(tmp_path, "bureaucratic/test-rule.yaml", GOOD)
    write(
        tmp_path,
        "bureaucratic/zz-copy.yaml",
        GOOD.replace("bureaucratic/test-rule", "bureaucratic/zz-copy").replace(
            "  - phrase: денежные средства", "  - phrase: денежных средств"
        ),
    )
    error = problem_of(tmp_path)
    assert error.path.endswith("zz-copy.yaml") and error.line == 8
    assert "bureaucratic/test-rule" in str(error)


def test_stray_files_are_not_skipped_silently(tmp_path: Path) -> None:
    write(tmp_path, "bureaucratic/test-rule.yaml", GOOD)
    write(tmp_path, "bureaucratic/notes.yml", GOOD)
    error = problem_of(tmp_path)
    assert error.path.endswith("notes.yml") and "не файл правила" in str(error)


def test_all_problems_are_collected_and_examples_checked(tmp_path: Path) -> None:
    write(
        tmp_path,
        "bureaucratic/test-rule.yaml",
        GOOD.replace("{{денежные средства}}", "{{Вернём}} денежные средства"),
    )
    write(tmp_path, "greeting/broken.yaml", "id: [")
    rules, problems = check_rule_files(tmp_path / "style_rules")
    assert [p.path for p in problems] == ["style_rules/greeting/broken.yaml"]
    example_problems = check_examples(rules)
    assert len(example_problems) == 1
    assert str(example_problems[0]).startswith("style_rules/bureaucratic/test-rule.yaml:12: ")


def test_the_shipped_rules_fail_loudly_when_a_copy_is_broken(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "style_rules"
    copy = tmp_path / "style_rules"
    shutil.copytree(shipped, copy)
    target = copy / "redirect" / "email.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("level: error", "level: loud"))
    with pytest.raises(RuleError, match=r"style_rules/redirect/email.yaml:\d+: level"):
        load_rules(copy)
