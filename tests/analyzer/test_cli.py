"""``python -m assistant analyze``, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess

from tests.support.cli import run_assistant


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "COLUMNS": "120"}
    return run_assistant("analyze", *args, stdin=stdin, env=env, timeout=60)


def test_jsonl_batch_with_bad_lines() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Привет)) ты тут?", "channel": "vk"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": 3}),
        json.dumps([1, 2]),
        json.dumps({"id": 5, "text": "а" * 20_001}),
        "",
        json.dumps({"id": 7, "text": "спасибо", "history": ["Подскажите"], "nickname": "Ксюша"}),
        json.dumps({"id": 8, "text": "ок", "history": "не список"}),
    ]
    stdin = ("\n".join(lines) + "\n").encode() + b"\xff\xfe\n"
    result = run("--jsonl", stdin=stdin)
    assert result.returncode == 1, result.stderr.decode()
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == 8  # the blank line is skipped, every other line answers

    first = out[0]
    assert first["id"] == 1 and first["channel"] == "vk"
    profile = first["profile"]
    assert profile["emoji"]["used"] is True
    assert profile["greeting"]["present"] is True
    assert profile["address"] == "ty"
    assert profile["urgent"] is False and profile["nickname"] is None

    assert "error" in out[1] and out[1]["line"] == 2
    assert out[2]["id"] == 3 and "text" in out[2]["error"]
    assert "error" in out[3]
    assert out[4]["id"] == 5 and "20001" in out[4]["error"].replace(" ", "")
    assert out[5]["id"] == 7 and out[5]["profile"]["address"] == "vy"
    assert out[5]["profile"]["nickname"] == "Ксюша"
    assert out[6]["id"] == 8 and "history" in out[6]["error"]
    assert "UTF-8" in out[7]["error"]


def test_jsonl_all_good_exits_zero_and_survives_surrogates() -> None:
    stdin = b'{"text": "\\ud800 \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"}\n'
    result = run("--jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    [line] = result.stdout.decode().splitlines()
    assert json.loads(line)["profile"]["habits"]["words"] == 1


def test_summary_for_a_person() -> None:
    result = run("Здравствуйте! Срочно заблокируйте карту\n— Маша", "--nickname", "Мария К.")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Здравствуйте" in out and "на «вы»" in out and "Мария К." in out
    assert "blocked" in out or "explicit" in out


def test_json_output_and_too_long_error() -> None:
    ok = run("--json", "хай)")
    assert json.loads(ok.stdout)["profile"]["greeting"]["present"] is True
    too_long = run("а" * 20_001)
    assert too_long.returncode == 1
    assert "слишком длинный" in too_long.stderr.decode()
