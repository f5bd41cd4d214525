"""The batch contract every command keeps (``analyze``, ``lint``, ``draft``), as subprocesses.

``--jsonl`` reads stdin (no PATH or ``-``) or a file; one output line per non-blank input
line, in order; a bad line gets the same error object in every command and the run goes on;
exit 1 when a line failed, 0 when none did, 2 for a missing file or TEXT given with --jsonl;
``--json`` prints one object under the same key as the batch line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.common import LEVEL_NAME, normalize_argv
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from tests.support.cli import env_without_llm, run_assistant

KEY = {"analyze": "profile", "lint": "findings", "draft": "draft"}
GOOD = {"id": "a", "text": "Готово, проверьте приложение."}
BATCH = "\n".join(
    [
        json.dumps(GOOD, ensure_ascii=False),
        "",  # blank lines are skipped, not answered
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "b", "nickname": "Оля"}),  # no text
        json.dumps({"id": "c", "text": 42}),  # text not a string
    ]
)
ERROR_KEYS = {"error", "error_type", "line"}


@pytest.fixture
def env(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.node.callspec.params.get("command") != "draft":
        return env_without_llm()
    server: FakeLLMServer = request.getfixturevalue("llm_server")
    return env_without_llm(OPENAI_BASE_URL=server.base_url, ASSISTANT_MAX_REVISIONS="0")


def _rows(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.mark.parametrize("command", list(KEY))
def test_batch_from_stdin_and_from_a_path(
    command: str, env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(BATCH + "\n", encoding="utf-8")
    from_stdin = run_assistant(command, "--jsonl", stdin=BATCH, env=env)
    from_path = run_assistant(command, "--jsonl", str(path), env=env)
    for result in (from_stdin, from_path):
        assert result.returncode == 1, result.stderr
        assert "Строк с ошибками: 4" in result.stderr
        rows = _rows(result.stdout)
        assert len(rows) == 5
        assert rows[0]["id"] == "a" and KEY[command] in rows[0] and "error" not in rows[0]
        failed = rows[1:]
        assert [r["line"] for r in failed] == [3, 4, 5, 6]
        assert [r["error_type"] for r in failed] == ["InputError"] * 4
        for row in failed:
            assert set(row) >= ERROR_KEYS and KEY[command] not in row
            assert isinstance(row["error"], str) and row["error"]
        assert failed[2]["id"] == "b" and failed[3]["id"] == "c"  # keys still copied
    # the same answers whichever way the lines came in (the drafts too: a deterministic model)
    assert _rows(from_stdin.stdout) == _rows(from_path.stdout)


@pytest.mark.parametrize("command", list(KEY))
def test_all_good_exits_zero_and_json_matches_the_batch_line(
    command: str, env: dict[str, str]
) -> None:
    batch = run_assistant(command, "--jsonl", "-", stdin=json.dumps(GOOD) + "\n", env=env)
    assert batch.returncode == 0, batch.stderr
    single = run_assistant(command, GOOD["text"], "--json", env=env)
    assert single.returncode == 0, single.stderr
    (line,) = _rows(batch.stdout)
    assert json.loads(single.stdout) == {KEY[command]: line[KEY[command]]}


@pytest.mark.parametrize("command", list(KEY))
def test_usage_errors_exit_two(command: str, env: dict[str, str], tmp_path: Path) -> None:
    missing = run_assistant(command, "--jsonl", str(tmp_path / "nope.jsonl"), env=env)
    assert missing.returncode == 2 and "nope.jsonl" in missing.stderr
    both = run_assistant(command, "текст", "--jsonl", "-", stdin="", env=env)
    assert both.returncode == 2 and "--jsonl" in both.stderr


@pytest.mark.parametrize("command", ["lint", "draft"])
def test_level_names_are_the_same_in_every_command(
    command: str, env: dict[str, str], request: pytest.FixtureRequest
) -> None:
    reply = "Данная услуга подключена."
    if command == "draft":
        server: FakeLLMServer = request.getfixturevalue("llm_server")
        server.script(Behaviour.reply(reply))
    result = run_assistant(command, reply if command == "lint" else "Подключили?", env=env)
    assert result.returncode == 0, result.stderr
    assert "bureaucratic/kantselyarit" in result.stdout
    assert LEVEL_NAME["warning"] in result.stdout
    assert "warning" not in result.stdout


def test_jsonl_without_a_value_means_stdin() -> None:
    assert normalize_argv(["lint", "--jsonl"]) == ["lint", "--jsonl", "-"]
    assert normalize_argv(["lint", "--jsonl", "--exit-zero"]) == [
        "lint", "--jsonl", "-", "--exit-zero"
    ]  # fmt: skip
    assert normalize_argv(["lint", "--jsonl", "a.jsonl"]) == ["lint", "--jsonl", "a.jsonl"]
    assert normalize_argv(["lint", "--jsonl", "-"]) == ["lint", "--jsonl", "-"]


def test_eval_without_suites_exits_two(tmp_path: Path) -> None:
    """A CI gate must not pass on nothing: a missing or empty suites folder is an error."""
    env = env_without_llm()
    missing = run_assistant("eval", "--no-llm", "--suites-dir", str(tmp_path / "nope"), env=env)
    assert missing.returncode == 2 and "nope" in missing.stderr
    empty = run_assistant("eval", "--no-llm", env={**env, "ASSISTANT_EVAL_DIR": str(tmp_path)})
    assert empty.returncode == 2, empty.stdout + empty.stderr
    (tmp_path / "suites").mkdir()
    empty = run_assistant("eval", "--no-llm", env={**env, "ASSISTANT_EVAL_DIR": str(tmp_path)})
    assert empty.returncode == 2 and "нет наборов" in empty.stderr


def test_rules_list_names_levels_like_lint() -> None:
    listed = run_assistant("rules", "list", env=env_without_llm())
    assert listed.returncode == 0, listed.stderr
    levels = {line.split()[1] for line in listed.stdout.splitlines()}
    assert levels <= set(LEVEL_NAME.values()) and LEVEL_NAME["error"] in levels
