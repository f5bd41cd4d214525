"""Drafting suites, the ablation and the judge against the local OpenAI-compatible server
(the ``routed`` fixture scripts a good, a bad and a repaired draft; see conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.evals.judge import Rubric, judge
from assistant.evals.results import EvalReport
from assistant.evals.runner import EvalOptions, evaluate
from assistant.testing.llm_server import Behaviour, FakeLLMServer

from .conftest import BASELINE_MARK

DATA = Path(__file__).parent / "data"
JUDGE_DIR = Path(__file__).resolve().parents[2] / "eval" / "judge"


def run_suite(tmp_path: Path, settings: Settings, **kw: object) -> EvalReport:
    # The fixture's one-second read timeout tests failures; here four drafts and their
    # revisions run at once, which on a loaded machine (parallel tests) can take longer.
    limits = {"connect_timeout": 10.0, "read_timeout": 15.0, "deadline": 60.0}
    settings = settings.model_copy(update=limits)
    options = EvalOptions(
        suites=("drafting_small",), suites_dir=DATA, run_dir=tmp_path / "run",
        settings=settings, judge_dir=JUDGE_DIR, concurrency=4, **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return evaluate(options)


def test_drafting_assertions_pass_and_fail(
    routed: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    report = run_suite(tmp_path, llm_settings, ablation=False)
    result = report.suite("drafting_small")
    m = result.metrics
    assert m["cases"] == 3 and m["errors"] == 0
    failed = {(i.case, i.what) for i in result.issues}
    # the bad draft fails everything it should, the good and the repaired ones nothing
    assert {("bad-joke", "lint_clean"), ("bad-joke", "must_not_contain")} <= failed
    assert ("bad-joke", "mirrors_emoji") not in failed  # one emoji at a joking customer is fine
    assert not {c for c, _ in failed} & {"good-angry", "fixed-dry"}
    assert m["pass_rate"] == pytest.approx(2 / 3)
    assert m["assert.mentions_facts"] == 1.0
    # repair loop: the bureaucratic first attempt was fixed; the bad one never was
    assert m["findings_fixed.total"] >= 1
    assert m["first_attempt_clean"] == pytest.approx(1 / 3)
    assert m["attempts.mean"] > 1
    assert m["latency.p95_ms"] >= m["latency.p50_ms"] > 0
    assert report.passed  # pass_rate 0.67 ≥ 0.6
    assert "baseline" not in result.variants


def test_ablation_drafts_without_the_style_card(
    routed: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    report = run_suite(tmp_path, llm_settings)
    result = report.suite("drafting_small")
    assert set(result.variants) == {"mirrored", "baseline"}
    prompts = [
        r.text
        for r in routed.completions()
        if "Варианты:" not in r.text and "Перепиши черновик выше" not in r.text
    ]
    with_card = [p for p in prompts if BASELINE_MARK not in p]
    without = [p for p in prompts if BASELINE_MARK in p]
    assert len(without) == 3 and len(with_card) == 3  # first attempts
    assert all("написано в профиле" not in p for p in without)
    base = result.variants["baseline"]
    # PLAIN greets customers who did not greet: mirroring wins on greetings
    assert base["assert.mirrors_greeting"] < result.metrics["assert.mirrors_greeting"]
    assert result.metrics["gain.assert.mirrors_greeting"] > 0
    assert len(result.style_scores["baseline"]) == 3


def test_judge_majority_in_the_suite(
    routed: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    report = run_suite(tmp_path, llm_settings, ablation=False, judge=True)
    result = report.suite("drafting_small")
    judge_requests = [r for r in routed.completions() if "Варианты:" in r.text]
    assert len(judge_requests) == 3 * 3  # three scenarios, three votes each
    assert result.metrics["judge.human_voice"] == pytest.approx(2 / 3)


async def test_judge_without_majority_fails(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    rubric = Rubric.model_validate(
        {"id": "r", "question": "Живой ли ответ?",
         "choices": [{"id": "A", "text": "да", "pass": True},
                     {"id": "B", "text": "нет", "pass": False},
                     {"id": "C", "text": "не ясно", "pass": False}]}
    )  # fmt: skip
    llm_server.script("A", "Ответ: B", "C")
    split = await judge(rubric, message="m", reply="r", notes="", settings=llm_settings)
    assert split.votes == ["A", "B", "C"] or sorted(v or "" for v in split.votes) == ["A", "B", "C"]
    assert split.answer is None and not split.passed
    llm_server.script("A", "бессмыслица", "A.")
    won = await judge(rubric, message="m", reply="r", notes="", settings=llm_settings)
    assert won.answer == "A" and won.passed
    assert sorted(v or "" for v in won.votes) == ["", "A", "A"]


def test_llm_errors_become_failed_cases(llm_server: FakeLLMServer, llm_settings: Settings,
                                        tmp_path: Path) -> None:  # fmt: skip
    llm_server.default = Behaviour.error(500)
    report = run_suite(tmp_path, llm_settings, ablation=False)
    result = report.suite("drafting_small")
    assert result.metrics["errors"] == 3 and result.metrics["pass_rate"] == 0.0
    assert not report.passed
    assert "LLM" in result.errors[0].detail or "Error" in result.errors[0].detail


def test_empty_drafts_fail_as_errors(
    llm_server: FakeLLMServer, llm_settings: Settings, tmp_path: Path
) -> None:
    llm_server.default = Behaviour.reply(" ")
    result = run_suite(tmp_path, llm_settings, ablation=False).suite("drafting_small")
    assert result.metrics["errors"] == 3 and result.metrics["pass_rate"] == 0.0
