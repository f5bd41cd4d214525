"""The report names the model the server said answered, not only the configured name."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from assistant.evals.html import render_html
from assistant.evals.report import model_line, reported_models
from assistant.evals.results import EvalReport


def _report(tmp_path: Path, models: list[str | None], configured: str | None) -> EvalReport:
    lines = [json.dumps({"suite": "s", "key": str(i), "model": m}) for i, m in enumerate(models)]
    (tmp_path / "results.jsonl").write_text("\n".join(lines) + "\n{torn", encoding="utf-8")
    now = datetime(2026, 1, 10, 21, 30, tzinfo=UTC)
    return EvalReport(
        started_at=now, finished_at=now, run_dir=str(tmp_path), suites=[], model=configured
    )


def test_the_answering_model_is_named_and_a_different_configured_one_too(tmp_path: Path) -> None:
    report = _report(tmp_path, ["qwen2.5-7b-instruct", None, "qwen2.5-7b-instruct"], "gpt-4o-mini")
    assert reported_models(report) == ["qwen2.5-7b-instruct"]
    line = model_line(report)
    assert line == "модель (ответил сервер): qwen2.5-7b-instruct · в настройках: gpt-4o-mini"
    page = render_html(report)
    assert "ответил сервер): qwen2.5-7b-instruct" in page
    assert "11.01.2026 00:30 (Europe/Moscow)" in page  # the team's zone, not UTC


def test_same_model_and_no_llm(tmp_path: Path) -> None:
    same = _report(tmp_path, ["fake-model"], "fake-model")
    assert model_line(same) == "модель (ответил сервер): fake-model"
    assert model_line(_report(tmp_path, [], None)) == "модель: без модели (--no-llm)"
