"""§8: load. 20 simulated operators analyse, lint and draft for 60 s (``make soak``).

Each operator is a thread with its own ``gradio_client.Client`` running the screen's loop
against the app: ``/analyze`` the customer message, ``/lint`` a reply, ``/draft`` with the
local OpenAI-compatible server (its own process, the deterministic mirror model). Any
error fails the test; throughput and latency percentiles are printed for the README table
(README, "Reliability and security"). Speed is reported, not asserted.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import clients
from tests.support.app import AppProcess, app_env, free_port, running_app

OPERATORS = 20
SECONDS = 60.0
MESSAGES = [
    ("Добрый день! Карту заблокировали в аэропорту, помогите срочно", "Валентина"),
    ("привет)) а можно перевыпустить карту в другом городе?", "kostya_93"),
    ("Второй день не приходит перевод!!! Где мои деньги???", "Игорь П."),
    ("Здравствуйте. Подскажите, пожалуйста, как подключить уведомления.", "Анна"),
]
REPLIES = [
    "Уважаемый клиент, данная операция будет рассмотрена в установленные сроки.",
    "Валентина, карту уже разблокировали, можно расплачиваться.",
    "Костя, да, перевыпустить можно в любом отделении — возьмите паспорт.",
]


@pytest.fixture(scope="module")
def loaded_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    tmp = tmp_path_factory.mktemp("load")
    port = free_port()
    llm = subprocess.Popen(
        [sys.executable, "-m", "assistant.testing.llm_server", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/v1/models")
        with running_app(tmp, app_env(tmp, f"http://127.0.0.1:{port}/v1")) as proc:
            yield proc
    finally:
        llm.terminate()
        llm.wait(timeout=10)


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if clients.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def _operator(
    url: str,
    n: int,
    stop_at: float,
    latencies: dict[str, list[float]],
    errors: list[str],
    lock: threading.Lock,
) -> None:
    client = clients.gradio(url)
    i = n
    while time.monotonic() < stop_at:
        message, nick = MESSAGES[i % len(MESSAGES)]
        reply = REPLIES[i % len(REPLIES)]
        steps = {
            "/analyze": lambda m=message, k=nick: client.predict(m, k, api_name="/analyze"),
            "/lint": lambda r=reply, m=message, k=nick: client.predict(
                r, m, k, "public", api_name="/lint"
            ),
            "/draft": lambda m=message, k=nick: client.predict(m, k, api_name="/draft"),
        }
        for name, call in steps.items():
            started = time.perf_counter()
            try:
                result = call()
            except Exception as exc:  # every failure is counted and fails the test
                with lock:
                    errors.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            elapsed = time.perf_counter() - started
            if name == "/draft" and not (isinstance(result, dict) and result.get("text")):
                with lock:
                    errors.append(f"/draft returned no text: {str(result)[:200]}")
                continue
            with lock:
                latencies[name].append(elapsed)
        i += 1


def run_load(url: str, operators: int, seconds: float, app_pid: int) -> dict[str, dict[str, float]]:
    """Run the operators; per endpoint: calls, calls/s, p50/p95/max; CPU of both sides."""
    import psutil

    from bench.common import percentile  # the repository root is on sys.path by now

    app_cpu, own_cpu = psutil.Process(app_pid), psutil.Process()
    app_before, own_before = sum(app_cpu.cpu_times()[:2]), sum(own_cpu.cpu_times()[:2])

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    threads = [
        threading.Thread(target=_operator, args=(url, n, stop_at, latencies, errors, lock))
        for n in range(operators)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.monotonic() - started
    app_used = sum(app_cpu.cpu_times()[:2]) - app_before
    own_used = sum(own_cpu.cpu_times()[:2]) - own_before
    assert errors == [], f"{len(errors)} errors, first: {errors[:3]}"
    report: dict[str, dict[str, float]] = {}
    for name, samples in sorted(latencies.items()):
        report[name] = {
            "calls": len(samples),
            "per_s": round(len(samples) / wall, 1),
            "p50_ms": round(percentile(samples, 50) * 1000, 1),
            "p95_ms": round(percentile(samples, 95) * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1),
        }
    total = sum(len(s) for s in latencies.values())
    report["all"] = {
        "calls": total,
        "per_s": round(total / wall, 1),
        "seconds": round(wall, 1),
        "app_cpu_pct": round(100 * app_used / wall),
        "clients_cpu_pct": round(100 * own_used / wall),
    }
    return report


@pytest.mark.soak
def test_twenty_operators_for_sixty_seconds(loaded_app: AppProcess) -> None:
    assert loaded_app.proc is not None
    report = run_load(loaded_app.url, OPERATORS, SECONDS, loaded_app.proc.pid)
    print(f"\nload: {OPERATORS} operators, {SECONDS:g} s")
    for name, row in report.items():
        print(f"  {name:9} " + "  ".join(f"{k}={v}" for k, v in row.items()))
    assert all(report[n]["calls"] > 0 for n in ("/analyze", "/lint", "/draft"))
    log = Path(loaded_app.log).read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
