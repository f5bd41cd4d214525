from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lint.rules import RuleSet, get_rules

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "style_rules"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return get_rules(RULES_DIR)
