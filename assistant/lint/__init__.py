"""The linter: style rules as data (``style_rules/``) checked against a reply and its context."""

from assistant.lint.engine import explain, lint
from assistant.lint.models import CATEGORIES, Finding, Level, Policy
from assistant.lint.rules import RuleSet, get_rules, load_rules

__all__ = [
    "CATEGORIES",
    "Finding",
    "Level",
    "Policy",
    "RuleSet",
    "explain",
    "get_rules",
    "lint",
    "load_rules",
]
