"""``python -m assistant rules check|list``: validate the rule files and run their examples.

``check`` prints ``file:line: problem`` for every broken file and every example that does
not behave as stated, and exits 1 on any problem (0 when all is well).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import Typer, app
from assistant.cli.common import LEVEL_NAME

rules_app = Typer(help="Правила линтера: проверка и список.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

_DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="Папка с правилами (по умолчанию — из настроек)."),
]


def _directory(directory: Path | None) -> Path:
    if directory is not None:
        return directory
    from assistant.config import get_settings

    return get_settings().rules_dir


@rules_app.command("check")
def check_command(directory: _DirOption = None) -> None:
    """Проверить все файлы правил и прогнать их примеры."""
    from assistant.lint.examples import check_examples
    from assistant.lint.rules import check_rule_files

    rules, problems = check_rule_files(_directory(directory))
    # the examples of the valid files run too: every problem is reported in one pass
    lines = [str(p) for p in problems] + [str(p) for p in check_examples(rules)]
    for line in lines:
        typer.echo(line)
    examples = sum(
        len(r.rule.examples.bad) + len(r.rule.examples.good) for r in rules.rules.values()
    )
    summary = (
        f"Правил: {len(rules)}, фраз: {rules.phrase_count}, примеров: {examples}; "
        f"проблем: {len(lines)}"
    )
    typer.echo(summary, err=True)
    if lines:
        raise typer.Exit(1)


@rules_app.command("list")
def list_command(directory: _DirOption = None) -> None:
    """Список правил: id, уровень (ошибка, предупреждение, совет), вид, число фраз."""
    from assistant.errors import RuleError
    from assistant.lint.rules import load_rules
    from assistant.lint.schema import CheckRule, PatternRule, PhrasesRule, TokensRule

    try:
        rules = load_rules(_directory(directory))
    except RuleError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    for rule_id, loaded in sorted(rules.rules.items()):
        rule = loaded.rule
        if isinstance(rule, PhrasesRule):
            size = f"фраз: {len(rule.phrases)}"
        elif isinstance(rule, PatternRule):
            size = f"шаблонов: {len(rule.patterns)}"
        elif isinstance(rule, TokensRule):
            entries = sum(len(group.entries) for group in rule.lexicon)
            size = f"шаблонов: {len(rule.patterns)}, фраз: {entries}"
        else:
            assert isinstance(rule, CheckRule)
            size = f"проверка {rule.check}"
        level = LEVEL_NAME[rule.level]
        typer.echo(f"{rule_id:<32} {level:<14} {rule.kind:<8} {size}")
