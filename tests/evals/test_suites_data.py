"""The suite, scenario and rubric files in eval/ are valid and cover the principles."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import get_args

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evals.cases import CaseFileError
from assistant.evals.judge import load_rubrics, majority
from assistant.evals.scenarios import Situation, load_scenarios
from assistant.evals.suites import Threshold, load_suite, resolve_suites

EVAL = PROJECT_ROOT / "eval"


def test_every_suite_file_loads() -> None:
    suites = resolve_suites([], EVAL / "suites")
    assert {s.kind for s in suites} == {"analyzer", "lint", "drafting"}
    for suite in suites:
        assert suite.description
        assert suite.thresholds, f"{suite.name} gates nothing"


def test_drafting_scenarios_cover_the_principles() -> None:
    suite = load_suite(EVAL / "suites" / "drafting.yaml")
    scenarios = load_scenarios(suite.data_files(), suite.defaults)
    assert len(scenarios) >= 60
    by_situation = Counter(s.situation for s in scenarios)
    for situation in get_args(Situation):
        if situation != "other":
            assert by_situation[situation] >= 5, situation
    assert any(s.channel == "public" for s in scenarios)
    assert any(s.mode == "holding" for s in scenarios)
    assert any(s.history for s in scenarios)
    for s in scenarios:
        types = [a.type for a in s.assertions]
        assert len(types) == len(set(types)), f"{s.id}: an assertion type twice"
        assert "lint_clean" in types  # the suite default reaches every scenario


def test_judge_rubrics_load() -> None:
    suite = load_suite(EVAL / "suites" / "drafting.yaml")
    rubrics = load_rubrics(EVAL / "judge", suite.judge)
    assert [r.id for r in rubrics] == suite.judge
    for r in load_rubrics(EVAL / "judge"):
        assert any(c.passes for c in r.choices) and not all(c.passes for c in r.choices)
        assert r.parse("Ответ: B.") == ("B" if "B" in {c.id for c in r.choices} else None)
        assert r.parse("Bот") is None


def test_majority_of_three() -> None:
    assert majority(["A", "A", "B"]) == "A"
    assert majority(["A", "B", "C"]) is None
    assert majority([None, None, "A"]) is None
    assert majority(["B", None, "B"]) == "B"


def test_threshold_shorthand_and_rules(tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text("")
    (tmp_path / "s.yaml").write_text(
        "kind: lint\ndata: data.jsonl\nthresholds:\n  micro.f1: 0.8\n  errors: {max: 2}\n"
    )
    suite = load_suite(tmp_path / "s.yaml")
    assert suite.name == "s"
    assert suite.thresholds["micro.f1"] == Threshold(min=0.8)
    assert suite.thresholds["errors"].passes(2) and not suite.thresholds["errors"].passes(3)
    assert not Threshold(min=0.5).passes(None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kind: nonsense\ndata: x.jsonl\n", "kind"),
        ("kind: lint\ndata: missing.jsonl\n", "does not exist"),
        ("kind: lint\ndata: [\n", "while parsing"),
    ],
)
def test_broken_suites_name_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content)
    with pytest.raises(CaseFileError, match=message):
        load_suite(path).data_files()


def test_unknown_suite_name_lists_known_ones() -> None:
    with pytest.raises(CaseFileError, match="drafting"):
        resolve_suites(["no-such-suite"], EVAL / "suites")


def test_broken_scenario_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("scenarios:\n  - id: x\n    message: hi\n    assert:\n      - type: nope\n")
    with pytest.raises(CaseFileError, match=r"bad\.yaml"):
        load_scenarios([path])
