"""Kill the CLI mid-run, rerun with --resume: finished cases are not redone, all finish."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from assistant.testing.llm_server import Behaviour, FakeLLMServer
from tests.support import prefork
from tests.support.cli import run_assistant

N = 12


def write_suite(folder: Path) -> None:
    lines = ["scenarios:"]
    for i in range(N):
        lines += [
            f"  - id: case-{i:02d}",
            f'    message: "Вопрос номер {i:02d}: где мой заказ?"',
            "    nickname: Ира",
            f"    notes: заказ {i:02d} в пути, будет завтра",
        ]
    (folder / "scenarios.yaml").write_text("\n".join(lines) + "\n")
    (folder / "slow.yaml").write_text(
        "kind: drafting\ndata: scenarios.yaml\ndefaults:\n  - type: lint_clean\n"
        "thresholds:\n  errors: {max: 0}\n"
    )


def results(path: Path) -> list[dict[str, object]]:
    out = []
    for line in path.read_text().splitlines() if path.exists() else []:
        with contextlib.suppress(json.JSONDecodeError):  # the line the kill cut short
            out.append(json.loads(line))
    return out


def test_resume_after_kill(llm_server: FakeLLMServer, tmp_path: Path) -> None:
    llm_server.default = Behaviour.mirrored(delay=0.5)
    write_suite(tmp_path)
    run_dir = tmp_path / "run"
    store = run_dir / "results.jsonl"
    env = {
        **os.environ,
        "OPENAI_BASE_URL": llm_server.base_url,
        "OPENAI_API_KEY": "test",
        "ASSISTANT_MODEL": "fake-model",
    }
    cmd = ["eval", "slow", "--suites-dir", str(tmp_path),
           "--resume", str(run_dir), "--concurrency", "2", "--no-ablation"]  # fmt: skip
    proc = prefork.spawn(["-m", "assistant", *cmd], env=env, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while len(results(store)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=10)
    finished = {str(r["case"]) for r in results(store)}
    assert 3 <= len(finished) < N, "the kill must land mid-run"
    llm_server.reset()
    llm_server.default = Behaviour.mirrored()  # the slow model was for the kill, not the resume

    again = run_assistant(*cmd, env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    asked = {
        f"case-{i:02d}"
        for i in range(N)
        for r in llm_server.completions()
        if f"Вопрос номер {i:02d}:" in r.text
    }
    assert not asked & finished, "a finished case was drafted again"
    assert asked == {f"case-{i:02d}" for i in range(N)} - finished
    records = results(store)
    assert {r["case"] for r in records} == {f"case-{i:02d}" for i in range(N)}
    assert len(records) == N  # nothing recorded twice
