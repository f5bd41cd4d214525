"""``python -m assistant draft``: streaming to the terminal, JSONL batches, no endpoint."""

from __future__ import annotations

import json
import subprocess

from assistant.testing.llm_server import Behaviour, FakeLLMServer
from tests.support.cli import env_without_llm, run_assistant


def _run(
    args: list[str], *, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_assistant("draft", *args, stdin=stdin, env=env, timeout=60)


def _env(server: FakeLLMServer | None) -> dict[str, str]:
    if server is None:
        return env_without_llm()
    return env_without_llm(OPENAI_BASE_URL=server.base_url, ASSISTANT_READ_TIMEOUT="2")


def test_single_draft_streams_then_prints_findings(llm_server: FakeLLMServer) -> None:
    llm_server.script(
        Behaviour.reply(
            "Лёля, данный возврат уже в работе.",
            chunks=["Лёля, ", "данный ", "возврат уже в работе."],
        ),
        "Лёля, возврат уже в работе.",
    )
    out = _run(
        ["Где мой возврат?", "--nickname", "Лёля", "--notes", "одобрен возврат"],
        env=_env(llm_server),
    )
    assert out.returncode == 0, out.stderr
    assert "Лёля, данный возврат уже в работе." in out.stdout  # the first attempt, streamed
    assert "правлю черновик (попытка 2)" in out.stdout
    assert out.stdout.rstrip().endswith("Замечаний нет.")
    assert "Итоговый текст:\nЛёля, возврат уже в работе." in out.stdout
    assert len(llm_server.completions()) == 2


def test_jsonl_batch_copies_keys_and_reports_errors(llm_server: FakeLLMServer) -> None:
    lines = [
        {
            "id": 1,
            "text": "Добрый день! Где выписка?",
            "nickname": "Пётр",
            "notes": "выписку отправили",
        },
        {"id": 2, "text": "   "},
        {"id": 3, "text": "Карта не работает", "mode": "holding", "ticket": "T-9"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    out = _run(["--jsonl", "-", "--concurrency", "2"], env=_env(llm_server), stdin=stdin)
    assert out.returncode == 1, out.stderr  # two lines failed; the others were drafted
    assert "Строк с ошибками: 2" in out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("id") for r in rows] == [1, 2, 3, None]
    assert rows[0]["draft"]["text"].startswith("Добрый день, Пётр")
    assert set(rows[0]["draft"]) >= {"text", "findings", "attempts", "incomplete"}
    assert rows[1]["error_type"] == "EmptyTextError" and "draft" not in rows[1]
    assert rows[2]["ticket"] == "T-9" and "[срок]" in rows[2]["draft"]["text"]
    assert any(f["rule"] == "promise/placeholder" for f in rows[2]["draft"]["findings"])
    assert rows[3]["error_type"] == "InputError"


def test_no_endpoint_is_a_clear_error() -> None:
    out = _run(["Привет"], env=_env(None))
    assert out.returncode == 2
    assert "OPENAI_BASE_URL" in out.stderr
    assert out.stdout == ""


def test_model_failure_exit_code(llm_server: FakeLLMServer) -> None:
    llm_server.script(*[Behaviour.error(401)] * 3)
    out = _run(["Привет"], env=_env(llm_server))
    assert out.returncode == 2 and "ключ" in out.stderr
    assert llm_server.pending == 2  # 401 is not retried
    llm_server.reset()
    llm_server.script(Behaviour.garbage_body())
    out = _run(["Привет"], env=_env(llm_server))
    assert out.returncode == 1 and "Ошибка" in out.stderr
