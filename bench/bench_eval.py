"""Eval speed: 1,000-case analyzer and lint suites, and 1,000 drafting scenarios.

* analyzer and lint suites of 1,000 cases each (the corpora in ``eval/`` replicated with
  small variations so no cache sees the same text twice), run through the eval runner with
  results appended to ``results.jsonl`` as in a real run; target ≤ 5 s each;
* 1,000 drafting scenarios (``eval/drafting`` replicated) at ``--concurrency 16`` against
  the fake OpenAI-compatible server in its own process answering after 1 s (mirror model,
  so drafts go through the real repair loop); target ≤ 90 s. ``BENCH_EVAL_DRAFTS`` sets the
  count (``run(drafts=…)`` too).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from assistant.config import PROJECT_ROOT, Settings
from assistant.evals.runner import EvalOptions, evaluate
from bench.common import Row

EVAL = PROJECT_ROOT / "eval"
FIXTURES = PROJECT_ROOT / "tests" / "evals" / "data"
ENDINGS = ("", " Заранее спасибо.", " Жду ответа", " Очень нужно.", " Ну и дела", " Помогите.")


def _corpus(name: str, fixture: str) -> list[dict[str, object]]:
    path = EVAL / name / "corpus.jsonl"
    if not path.exists():  # before the corpus lands, the test fixture stands in
        path = FIXTURES / fixture
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _replicate(cases: list[dict[str, object]], n: int) -> list[dict[str, object]]:
    out = []
    for i in range(n):
        case = dict(cases[i % len(cases)])
        case["id"] = f"{case['id']}-{i}"
        case["text"] = f"{case['text']}{ENDINGS[i % len(ENDINGS)]} {i}"
        out.append(case)
    return out


def _suite_run(folder: Path, kind: str, cases: list[dict[str, object]]) -> float:
    (folder / f"{kind}.jsonl").write_text(
        "\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n"
    )
    (folder / f"{kind}.yaml").write_text(f"kind: {kind}\ndata: {kind}.jsonl\n")
    started = time.perf_counter()
    evaluate(
        EvalOptions(suites=(kind,), suites_dir=folder, run_dir=folder / f"run-{kind}", no_llm=True)
    )
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(delay: float) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.testing.llm_server", "--port", str(port),
         "--delay", str(delay), "--reply-mode", "mirror"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/models", timeout=1).read()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the fake LLM server did not start")


def _drafting_run(folder: Path, n: int, concurrency: int) -> tuple[float, dict[str, float]]:
    scenarios = []
    for path in sorted((EVAL / "drafting").glob("*.yaml")):
        scenarios += yaml.safe_load(path.read_text())["scenarios"]
    many = [{**scenarios[i % len(scenarios)], "id": f"s{i:04d}"} for i in range(n)]
    (folder / "scenarios.yaml").write_text(yaml.safe_dump({"scenarios": many}, allow_unicode=True))
    (folder / "drafting.yaml").write_text("kind: drafting\ndata: scenarios.yaml\n")
    proc, base = _start_server(delay=1.0)
    try:
        settings = Settings(base_url=base, api_key="bench", model="fake-model", deadline=60)
        started = time.perf_counter()
        report = evaluate(
            EvalOptions(
                suites=("drafting",),
                suites_dir=folder,
                run_dir=folder / "run-drafting",
                settings=settings,
                concurrency=concurrency,
                ablation=False,
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return elapsed, report.suites[0].metrics


def run(drafts: int | None = None, concurrency: int = 16) -> list[Row]:
    n = drafts or int(os.environ.get("BENCH_EVAL_DRAFTS", "1000"))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        analyzer = _replicate(_corpus("analyzer", "analyzer_small.jsonl"), 1000)
        lint = _replicate(_corpus("lint", "lint_small.jsonl"), 1000)
        warm = folder / "warm"  # imports, rules, dictionaries: once per process
        warm.mkdir()
        _suite_run(warm, "analyzer", analyzer[:20])
        _suite_run(warm, "lint", lint[:20])
        rows.append(
            Row(
                "eval",
                "analyzer suite, 1,000 cases",
                _suite_run(folder, "analyzer", analyzer),
                "s",
                5.0,
            )
        )
        rows.append(
            Row("eval", "lint suite, 1,000 cases", _suite_run(folder, "lint", lint), "s", 5.0)
        )
        elapsed, metrics = _drafting_run(folder, n, concurrency)
        rows.append(
            Row(
                "eval",
                f"{n} drafting scenarios, c={concurrency}, server 1 s",
                elapsed,
                "s",
                90.0 * n / 1000,
            )
        )
        rows.append(
            Row("eval", "drafting attempts per scenario", metrics.get("attempts.mean", 0), "×")
        )
        rows.append(
            Row("eval", "drafting latency p95 (server 1 s)", metrics.get("latency.p95_ms", 0), "ms")
        )
    return rows  # fmt: skip


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run(int(sys.argv[1]) if len(sys.argv) > 1 else None))
