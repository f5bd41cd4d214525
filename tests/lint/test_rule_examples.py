"""Every example of every rule file, one test each: ``bureaucratic/kantselyarit:bad[3]``."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lint.examples import ExampleRun, all_examples, run_example
from assistant.lint.rules import RuleSet, get_rules

RUNS = all_examples(get_rules(Path(__file__).resolve().parents[2] / "style_rules"))


@pytest.mark.parametrize("run", RUNS, ids=[r.id for r in RUNS])
def test_example(run: ExampleRun, rules: RuleSet) -> None:
    problem = run_example(run, rules)
    assert problem is None, f"{run.rule.file}:{run.line}: {problem}"
