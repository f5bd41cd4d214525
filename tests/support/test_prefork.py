"""The prefork server (prefork.py) runs a program as a fresh ``python`` would, in both modes.

Every check runs forked and, with ``TESTS_PREFORK=0``, as a plain subprocess: the two must
agree, so a test that passes forked would pass against a fresh interpreter too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import prefork

SCRIPT = """
import atexit, json, os, random, sys
atexit.register(lambda: print("atexit ran"))
line = sys.stdin.readline()
print(json.dumps({
    "argv": sys.argv[1:],
    "cwd": os.getcwd(),
    "path0": sys.path[0],
    "env": os.environ.get("PROBE"),
    "leaked": os.environ.get("OPENAI_BASE_URL"),
    "stdin": line,
    "encoding": sys.stdout.encoding,
    "project_loaded": any(m == "assistant" or m.startswith("assistant.") for m in sys.modules),
    "random": random.random(),
}, ensure_ascii=False))
print("на stderr", file=sys.stderr)
sys.stdout.write("без перевода строки")  # flushed at exit, with no flush here
if sys.argv[1:] == ["fail"]:
    raise ValueError("упало")
if sys.argv[1:] == ["sleep"]:
    import time
    print("sleeping", flush=True)
    time.sleep(60)
sys.exit(int(sys.argv[1]) if sys.argv[1:] and sys.argv[1].isdigit() else 0)
"""


@pytest.fixture(params=["forked", "fresh"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TESTS_PREFORK", "1" if request.param == "forked" else "0")
    yield request.param


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "probe.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def _run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PROBE": "значение", "OPENAI_BASE_URL": "http://x", **env}
    return prefork.run(
        [str(script), *args], input="строка\n", text=True, env=full_env, cwd="/", timeout=60
    )


def test_a_program_sees_its_arguments_environment_folder_and_streams(
    mode: str, script: Path
) -> None:
    result = _run(script, "первый", "--флаг")
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    seen = json.loads(first)
    assert seen["argv"] == ["первый", "--флаг"]
    assert seen["cwd"] == "/" and seen["path0"] == str(script.parent)
    assert seen["env"] == "значение" and seen["leaked"] == "http://x"
    assert seen["stdin"] == "строка\n" and seen["encoding"].lower().replace("-", "") == "utf8"
    assert seen["project_loaded"] is False  # the project's modules are imported afresh
    assert rest == "без перевода строкиatexit ran\n"
    assert result.stderr == "на stderr\n"


def test_exit_codes_and_tracebacks_are_the_interpreters(mode: str, script: Path) -> None:
    assert _run(script, "3").returncode == 3
    failed = _run(script, "fail")
    assert failed.returncode == 1
    assert "Traceback" in failed.stderr and "ValueError: упало" in failed.stderr
    assert "atexit ran" in failed.stdout


def test_io_encoding_follows_the_environment(mode: str, script: Path) -> None:
    env = {**os.environ, "PROBE": "значение", "PYTHONIOENCODING": "cp1251"}
    raw = prefork.run([str(script)], input="строка\n".encode("cp1251"), env=env, timeout=60)
    first, rest = raw.stdout.decode("cp1251").split("\n", 1)
    assert json.loads(first)["stdin"] == "строка\n" and json.loads(first)["env"] == "значение"
    assert rest.startswith("без перевода строки")
    assert raw.stderr.decode("cp1251") == "на stderr\n"


def test_every_child_draws_its_own_random_numbers(mode: str, script: Path) -> None:
    draws = {json.loads(_run(script).stdout.split("\n", 1)[0])["random"] for _ in range(3)}
    assert len(draws) == 3


def test_signals_and_timeouts_end_the_child(mode: str, script: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with out.open("wb") as fh:
        proc = prefork.spawn([str(script), "sleep"], stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while b"sleeping" not in out.read_bytes():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    with pytest.raises(subprocess.TimeoutExpired):
        proc.wait(timeout=0.1)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL and proc.poll() == -signal.SIGKILL
    with pytest.raises(subprocess.TimeoutExpired):
        prefork.run([str(script), "sleep"], input="", timeout=1)


def test_a_module_runs_with_the_working_folder_first_on_its_path(mode: str, tmp_path: Path) -> None:
    (tmp_path / "probe_module.py").write_text("import sys; print(sys.argv, sys.path[0])")
    result = prefork.run(["-m", "probe_module", "x"], text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"['{tmp_path / 'probe_module.py'}', 'x'] {tmp_path}\n"
    assert result.args == [sys.executable, "-m", "probe_module", "x"]


def test_the_workers_of_a_run_share_the_controllers_server(tmp_path: Path) -> None:
    """Under pytest-xdist (``make test``), a worker's programs are forked by the server its
    controller started (``prefork.share``), not by one of the worker's own."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("not a pytest-xdist worker")
    if not prefork.enabled():
        pytest.skip("TESTS_PREFORK=0: no server")
    assert os.environ[prefork.SHARED]
    probe = tmp_path / "parent.py"
    probe.write_text("import os\nprint(os.getppid())\n", encoding="utf-8")
    out = prefork.run([str(probe)], text=True, timeout=60)
    server = int(out.stdout)
    with open(f"/proc/{server}/stat") as stat:
        server_parent = int(stat.read().rsplit(")", 1)[1].split()[1])
    assert server_parent == os.getppid()  # the controller, which started this worker


def test_a_shared_server_that_is_gone_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its folder is gone: an error at once, not a wait for a server still starting (which
    would outlast the test's time limit here)."""
    monkeypatch.setattr(prefork, "READY_TIMEOUT", 3600.0)
    client = prefork._Client.of(str(tmp_path / "gone" / "sock"))
    with pytest.raises(RuntimeError, match="no prefork server answers"):
        client.spawn([str(tmp_path / "x.py")], dict(os.environ), str(tmp_path), [0, 1, 2])
