"""Analyzer and lint suites end to end, without an LLM: in-process and through the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from assistant.config import PROJECT_ROOT
from assistant.evals.html import render_html
from assistant.evals.report import read_json, write_json
from assistant.evals.runner import EvalOptions, Progress, ResultStore, evaluate
from tests.support.cli import env_without_llm, run_assistant

DATA = Path(__file__).parent / "data"


def run(tmp_path: Path, *suites: str, **kw: object) -> tuple[object, list[Progress]]:
    steps: list[Progress] = []
    options = EvalOptions(suites=suites, suites_dir=DATA, run_dir=tmp_path / "run", **kw)  # type: ignore[arg-type]
    return evaluate(options, steps.append), steps


def test_analyzer_and_lint_suites_without_llm(tmp_path: Path) -> None:
    report, steps = run(tmp_path, "analyzer_small", "lint_small", no_llm=True)
    analyzer = report.suite("analyzer_small")  # type: ignore[attr-defined]
    lint = report.suite("lint_small")  # type: ignore[attr-defined]
    assert analyzer.metrics["cases"] == 6 and analyzer.metrics["errors"] == 0
    assert set(analyzer.confusions) >= {"emoji", "greeting", "address", "urgent"}
    assert sum(map(sum, analyzer.confusions["address"].matrix)) == 6
    assert lint.metrics["cases"] == 5
    assert lint.metrics["redirect.recall"] == 1.0  # «позвоните в колл-центр» is caught
    assert 0.0 <= lint.metrics["micro.f1"] <= 1.0
    assert report.passed  # type: ignore[attr-defined]
    assert steps[-1] == Progress("lint_small", 5, 5, "l5", 0)
    lines = (tmp_path / "run" / "results.jsonl").read_text().splitlines()
    assert len(lines) == 11
    assert {json.loads(line)["suite"] for line in lines} == {"analyzer_small", "lint_small"}


def test_resume_skips_finished_cases_and_redoes_changed_ones(tmp_path: Path) -> None:
    run(tmp_path, "analyzer_small")
    store = tmp_path / "run" / "results.jsonl"
    first = store.read_text().splitlines()
    # a torn last line (a kill mid-write) is ignored and that case is redone
    store.write_text("\n".join(first[:-1]) + "\n" + first[-1][:20])
    report, steps = run(tmp_path, "analyzer_small")
    assert steps[0].resumed == 5
    assert report.suite("analyzer_small").metrics["cases"] == 6  # type: ignore[attr-defined]
    _, steps = run(tmp_path, "analyzer_small")
    assert steps[0].resumed == 6 and len(steps) == 1  # nothing redone
    lines = store.read_text().splitlines()
    assert lines[5] == first[-1][:20]  # the torn line stays, the redone case follows it
    keys = [json.loads(line)["key"] for i, line in enumerate(lines) if i != 5]
    assert sorted(keys) == sorted(f"a{i}" for i in range(1, 7))


def test_store_ignores_records_of_changed_cases(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    store.append({"suite": "s", "key": "a", "fp": "old", "case": "a"})
    store.close()
    reopened = ResultStore(tmp_path)
    assert reopened.get("s", "a", "old") is not None
    assert reopened.get("s", "a", "new") is None
    reopened.close()


def test_baseline_deltas_and_html(tmp_path: Path) -> None:
    report, _ = run(tmp_path, "analyzer_small")
    write_json(report, tmp_path / "r.json")  # type: ignore[arg-type]
    previous = read_json(tmp_path / "r.json")
    previous.suites[0].metrics["emoji.accuracy"] = 0.5
    compared = report.compare(previous, "prev.json")  # type: ignore[attr-defined]
    assert compared.suites[0].deltas["emoji.accuracy"] == 0.5
    page = render_html(compared)
    assert "Plotly.newPlot" in page and "cdn" not in page.split("<script>")[0].lower()
    assert "prev.json" in page


def cli(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    return run_assistant("eval", *args, env=env_without_llm(), cwd=cwd)


def test_cli_exit_codes(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    ok = cli("--suites-dir", str(DATA), "analyzer_small", "lint_small", "--no-llm",
             "--resume", str(tmp_path / "a"), "--json", str(out),
             "--report", str(tmp_path / "r.html"))  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "emoji.accuracy" in ok.stdout
    assert json.loads(out.read_text())["suites"][0]["name"] == "analyzer_small"
    assert (tmp_path / "r.html").stat().st_size > 1_000_000  # plotly.js is inlined
    missed = cli("--suites-dir", str(DATA), "analyzer_strict", "--resume", str(tmp_path / "b"),
                 "--baseline", str(out))  # fmt: skip
    assert missed.returncode == 1, missed.stdout + missed.stderr
    assert "analyzer_strict:emoji.accuracy" in missed.stdout
    unknown = cli("--suites-dir", str(DATA), "nope", "--resume", str(tmp_path / "c"))
    assert unknown.returncode == 2 and "analyzer_small" in unknown.stderr
    no_model = cli("--suites-dir", str(DATA), "drafting_small", "--resume", str(tmp_path / "d"),
                   cwd=tmp_path)  # fmt: skip
    assert no_model.returncode == 2 and "OPENAI_BASE_URL" in no_model.stderr
    skipped = cli("--suites-dir", str(DATA), "drafting_small", "--no-llm",
                  "--resume", str(tmp_path / "e"), cwd=tmp_path)  # fmt: skip
    assert skipped.returncode == 0 and "drafting_small" in skipped.stdout


def test_the_real_suites_pass_without_llm(tmp_path: Path) -> None:
    """`python -m assistant eval --no-llm` on eval/suites: the CI gate holds."""
    report = evaluate(EvalOptions(no_llm=True, run_dir=tmp_path / "run"))
    assert report.skipped == ["drafting"]
    assert {s.name for s in report.suites} == {"analyzer", "lint"}
    failed = [
        (s.name, t.metric, t.value) for s in report.suites for t in s.thresholds if not t.passed
    ]
    assert not failed
    assert report.suite("analyzer").metrics["cases"] >= 100
    assert report.suite("lint").metrics["cases"] >= 100
