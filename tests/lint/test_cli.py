"""``python -m assistant lint`` and ``python -m assistant rules check`` as subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.support.cli import run_assistant

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return run_assistant(*args, stdin=stdin, env=full_env)


def test_lint_jsonl_copies_keys_reports_bad_lines_and_keeps_going() -> None:
    lines = [
        {"id": 1, "text": "Позвоните на горячую линию.", "incoming": "не работает карта"},
        "это не json",
        {"id": 3, "incoming": "нет текста"},
        {"id": 4, "text": "   "},
        {"id": 5, "text": "Карта 4276 3800 1234 5679 активна.", "channel": "public"},
        {"id": 6, "text": "Вася, всё готово!", "nickname": "vasya.pupkin", "channel": "moon"},
        {"id": 7, "text": "Вернём 500 ₽.", "notes": "возврат 500 р", "meta": {"k": [1]}},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    result = run("lint", "--jsonl", stdin=stdin + "\n\n")
    assert result.returncode == 1, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 7
    assert out[0]["id"] == 1 and [f["rule"] for f in out[0]["findings"]] == ["redirect/call-centre"]
    assert out[1]["line"] == 2 and "JSON" in out[1]["error"]
    assert out[2]["id"] == 3 and "text" in out[2]["error"]
    assert out[3]["id"] == 4 and "пуст" in out[3]["error"]
    assert [f["category"] for f in out[4]["findings"]] == ["pii"]
    assert "channel" in out[5]["error"]
    assert out[6]["findings"] == [] and out[6]["meta"] == {"k": [1]}
    finding = out[0]["findings"][0]
    assert set(finding) >= {
        "rule",
        "category",
        "level",
        "start",
        "end",
        "text",
        "message",
        "suggestions",
    }
    assert "Строк с ошибками: 4" in result.stderr


def test_lint_jsonl_all_good_exits_zero() -> None:
    result = run("lint", "--jsonl", stdin=json.dumps({"text": "Готово, проверьте."}) + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"] == []


def test_lint_text_marks_findings() -> None:
    args = ("lint", "Здравствуйте, Валентина! Данная услуга подключена.",
            "--incoming", "подключите услугу", "--nickname", "Валюшка лапочка")  # fmt: skip
    result = run(*args)
    # an error-level finding fails the command, as linters do (unless --exit-zero)
    assert result.returncode == 1, result.stderr
    assert "ошибка" in result.stdout
    assert run(*args, "--exit-zero").returncode == 0
    out = result.stdout
    assert "Здравствуйте, Валентина! Данная услуга подключена." in out
    for rule in ("greeting/unanswered", "nickname/corrected", "bureaucratic/kantselyarit"):
        assert rule in out
    assert "Замена: Эта" in out


def test_lint_text_from_stdin_and_clean_text() -> None:
    result = run("lint", "-", stdin="Готово, проверьте приложение.")
    assert result.returncode == 0
    assert "Замечаний нет" in result.stdout


def test_lint_empty_text_fails() -> None:
    result = run("lint", "   ")
    assert result.returncode == 1
    assert "пуст" in result.stderr


def test_rules_check_passes_on_the_shipped_rules() -> None:
    result = run("rules", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "проблем: 0" in result.stderr


def test_rules_check_and_lint_on_a_broken_rule_set(tmp_path: Path) -> None:
    rules = tmp_path / "style_rules"
    shutil.copytree(ROOT / "style_rules", rules)
    email = rules / "redirect" / "email.yaml"
    email.write_text(email.read_text(encoding="utf-8").replace("level: error", "level: loud"))
    cliches = rules / "bureaucratic" / "script-cliches.yaml"
    cliches.write_text(
        cliches.read_text(encoding="utf-8").replace(
            '"{{Доводим до вашего сведения}}, что тариф',
            '"{{Доводим}} до вашего сведения, что тариф',
        )
    )
    result = run("rules", "check", "--dir", str(rules))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("style_rules/redirect/email.yaml:") and "level" in line for line in lines
    )
    assert any(
        line.startswith("style_rules/bureaucratic/script-cliches.yaml:") and "плохой пример" in line
        for line in lines
    )
    lint_result = run("lint", "Текст", env={"ASSISTANT_RULES_DIR": str(rules)})
    assert lint_result.returncode == 2
    assert "style_rules/redirect/email.yaml:" in lint_result.stderr


def test_lint_author_and_verbose() -> None:
    stdin = "\n".join(
        json.dumps({"text": "Вернём деньги завтра.", "author": a}) for a in (None, "model")
    )
    result = run("lint", "--jsonl", stdin=stdin + "\n")
    assert result.returncode == 1, "the model's line has an error-level finding"
    operator, model = (json.loads(line) for line in result.stdout.splitlines())
    assert {f["level"] for f in operator["findings"]} == {"suggestion"}
    assert "error" in {f["level"] for f in model["findings"]}
    verbose = run("lint", "Данная карта и данный счёт.", "--verbose")
    assert verbose.returncode == 0, verbose.stderr
    why = "Слово «канцелярит» придумал"
    assert verbose.stdout.count(why.split()[0]) >= 1 and why in verbose.stdout.replace("\n", " ")
    assert verbose.stdout.count("bureaucratic/kantselyarit:") == 1
    assert why not in run("lint", "Данная карта и данный счёт.").stdout.replace("\n", " ")
