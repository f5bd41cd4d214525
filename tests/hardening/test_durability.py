"""§6: durability of the outbox. Kill senders, run them side by side, lock the database.

A sender process (``app_support.py send``) stores replies through :meth:`Outbox.send` and
prints ``ack KEY ID`` only after ``send`` returned; the test reads its output after a
SIGKILL at a random moment. Every acknowledged key must be in the database after the
kill, no key may be stored twice (the next run starts by retrying the key after the last
acknowledged one, which may already be stored), and ``PRAGMA integrity_check`` must say
``ok``. A few runs kill the app itself while a client sends through ``/send``.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client

from assistant.errors import StorageError
from assistant.outbox import Outbox
from assistant.outbox.models import SendRequest
from assistant.ui.handlers import Handlers
from assistant.ui.service import Workspace
from tests.support import clients, prefork
from tests.support.app import AppProcess, Req, app_env
from tests.support.prefork import Process

from .app_support import key_index, parse_acks, sender_command, sqlite_integrity, stored_keys

FAST_KILL_RUNS = 10
SOAK_KILL_RUNS = 100


def _wait_for_ready(out_path: Path, proc: Process, timeout: float = 60) -> None:
    """Block until the sender has printed ``ready`` (its imports are done)."""
    deadline = time.monotonic() + timeout
    while b"ready" not in out_path.read_bytes():
        assert proc.poll() is None, out_path.read_text(encoding="utf-8", errors="replace")
        assert time.monotonic() < deadline, "the sender never became ready"
        time.sleep(0.01)


def _kill_runs(db: Path, runs: int, seed: int, workdir: Path) -> dict[str, Any]:
    """``runs`` sender processes in a row, each SIGKILLed at a random moment."""
    rng = random.Random(seed)
    acked: dict[str, int] = {}
    next_index = 0
    killed_before_ready = 0
    for run in range(runs):
        out_path = workdir / f"sender-{run}.out"
        with out_path.open("wb") as out:
            proc = prefork.spawn(
                sender_command(db, "kill", next_index), stdout=out, stderr=subprocess.STDOUT
            )
            if run % 5 == 4:  # every fifth kill lands at a random moment of start-up
                time.sleep(rng.uniform(0.0, 0.25))  # (forked: ready after about 0.3 s)
            else:  # the others while sending: timed from readiness, so a slow (cold)
                _wait_for_ready(out_path, proc)  # import cannot turn them into start-up kills
                time.sleep(rng.uniform(0.0, 0.6))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        output = out_path.read_text(encoding="utf-8", errors="replace")
        killed_before_ready += "ready" not in output
        assert "Traceback" not in output, output[-2000:]
        run_acks = parse_acks(output)
        for key, rid in run_acks.items():
            assert acked.setdefault(key, rid) == rid, f"{key} acknowledged with two ids"
        keys = stored_keys(db)
        counts = Counter(keys)
        assert not [k for k, n in counts.items() if n > 1], "a key stored twice"
        missing = set(acked) - set(keys)
        assert not missing, f"run {run}: acknowledged but lost: {sorted(missing)[:5]}"
        indices = sorted(key_index(k) for k in keys)
        assert indices == list(range(len(indices))), "sends are stored in order, no gaps"
        if keys:
            assert sqlite_integrity(db) == "ok"
        next_index = max((key_index(k) for k in acked), default=-1) + 1
    box = Outbox(f"sqlite:///{db}")
    for key, rid in acked.items():
        record = box.get(key)
        assert record is not None and record.id == rid and key in record.final_text
    return {
        "runs": runs,
        "acknowledged": len(acked),
        "stored": len(stored_keys(db)),
        "killed_before_ready": killed_before_ready,
    }


def test_sigkilled_sender_loses_no_acknowledged_send(tmp_path: Path) -> None:
    report = _kill_runs(tmp_path / "outbox.sqlite3", FAST_KILL_RUNS, seed=7, workdir=tmp_path)
    print(f"\nkill runs: {report}")
    assert report["acknowledged"] > 0
    assert report["killed_before_ready"] <= FAST_KILL_RUNS // 5


@pytest.mark.soak
def test_soak_sigkilled_sender_100_runs(tmp_path: Path) -> None:
    report = _kill_runs(tmp_path / "outbox.sqlite3", SOAK_KILL_RUNS, seed=2026, workdir=tmp_path)
    print(f"\nkill runs (soak): {report}")
    assert report["acknowledged"] > SOAK_KILL_RUNS


# -- concurrent senders -----------------------------------------------------------------------


def _concurrent(db: Path, processes: int, seconds: float, workdir: Path) -> dict[str, Any]:
    """``processes`` senders at once; pairs share a key sequence (retries of the same key)."""
    procs: list[tuple[Process, Path]] = []
    for n in range(processes):
        out = workdir / f"concurrent-{n}.out"
        with out.open("wb") as fh:
            cmd = sender_command(db, f"pair{n // 2}", 0, seconds)
            procs.append((prefork.spawn(cmd, stdout=fh, stderr=subprocess.STDOUT), out))
    for proc, _ in procs:
        assert proc.wait(timeout=seconds + 60) == 0
    acked: dict[str, int] = {}
    errors = 0
    for _, out in procs:
        text = out.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in text, text[-2000:]
        errors += text.count("\nerror ") + text.startswith("error ")
        for key, rid in parse_acks(text).items():
            assert acked.setdefault(key, rid) == rid, f"{key}: two records for one key"
    keys = stored_keys(db)
    assert len(keys) == len(set(keys)), "a key stored twice"
    assert set(acked) <= set(keys), "an acknowledged send was lost"
    assert sqlite_integrity(db) == "ok"
    return {
        "processes": processes,
        "seconds": seconds,
        "acknowledged_keys": len(acked),
        "stored": len(keys),
        "storage_errors_retried": errors,
        "sends_per_second": round(len(keys) / seconds, 1),
    }


def test_eight_concurrent_senders_lose_nothing(tmp_path: Path) -> None:
    report = _concurrent(tmp_path / "outbox.sqlite3", 8, 5.0, tmp_path)
    print(f"\nconcurrent: {report}")
    assert report["acknowledged_keys"] > 0


@pytest.mark.soak
def test_soak_eight_concurrent_senders_30_s(tmp_path: Path) -> None:
    report = _concurrent(tmp_path / "outbox.sqlite3", 8, 30.0, tmp_path)
    print(f"\nconcurrent (soak): {report}")
    assert report["acknowledged_keys"] > 0


# -- killing the app while a client sends through /send --------------------------------------


def _app_kill_runs(tmp_path: Path, runs: int, seed: int) -> dict[str, Any]:
    started: list[AppProcess] = []

    def start_app(env: dict[str, str]) -> AppProcess:
        started.append(AppProcess(env, tmp_path / f"app-{len(started)}.log"))
        return started[-1].start()

    try:
        return _app_kill_cycle(tmp_path, runs, seed, start_app)
    finally:
        for proc in started:
            proc.stop()


def _app_kill_cycle(
    tmp_path: Path, runs: int, seed: int, start_app: Callable[[dict[str, str]], AppProcess]
) -> dict[str, Any]:
    rng = random.Random(seed)
    env = app_env(tmp_path)
    db = tmp_path / "outbox.sqlite3"
    acked: dict[str, int] = {}
    next_index = 0
    for _ in range(runs):
        proc = start_app(env)
        client = clients.gradio(proc.url)
        stop = threading.Event()
        run_acks: dict[str, int] = {}

        def send_loop(
            client: Client, first: int, stop: threading.Event, run_acks: dict[str, int]
        ) -> None:
            index = first
            while not stop.is_set():
                key = f"app-{index:06d}"
                try:
                    record = client.predict(f"Ответ {key}: готово.", key=key, api_name="/send")
                except Exception:  # the app died under the call: not acknowledged
                    return
                run_acks[key] = record["id"]
                index += 1

        sender = threading.Thread(
            target=send_loop, args=(client, next_index, stop, run_acks), daemon=True
        )
        sender.start()
        # The kill falls at a random moment after the first acknowledged send: on a loaded
        # machine the client's first answer can take longer than any fixed pause.
        first_ack_by = time.monotonic() + 60
        while not run_acks and sender.is_alive() and time.monotonic() < first_ack_by:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 1.5))
        assert proc.proc is not None
        proc.proc.send_signal(signal.SIGKILL)
        proc.proc.wait(timeout=10)
        stop.set()
        sender.join(timeout=30)
        for key, rid in run_acks.items():
            assert acked.setdefault(key, rid) == rid
        keys = stored_keys(db)
        assert len(keys) == len(set(keys)) and set(acked) <= set(keys)
        assert sqlite_integrity(db) == "ok"
        next_index = max((key_index(k) for k in acked), default=-1) + 1
    # A client that never saw its answer retries the same key: still one record.
    restarted = start_app(env)
    last = max(stored_keys(db), key=key_index, default=None)
    if last is not None:
        client = clients.gradio(restarted.url)
        again = client.predict("другой текст", key=last, api_name="/send")
        assert again["key"] == last and again["final_text"] != "другой текст"
    assert len(stored_keys(db)) == len(set(stored_keys(db)))
    return {"runs": runs, "acknowledged": len(acked), "stored": len(stored_keys(db))}


def test_app_killed_while_sending_loses_no_acknowledged_send(tmp_path: Path) -> None:
    report = _app_kill_runs(tmp_path, 1, seed=3)
    print(f"\napp kill runs: {report}")
    assert report["acknowledged"] > 0


@pytest.mark.soak
def test_soak_app_killed_while_sending(tmp_path: Path) -> None:
    report = _app_kill_runs(tmp_path, 5, seed=11)
    print(f"\napp kill runs (soak): {report}")
    assert report["acknowledged"] > 0


# -- a locked or read-only database ------------------------------------------------------------

REPLY = "Марина, деньги вернули на карту."


def _send_through_the_handler(outbox: Outbox, key: str) -> Any:
    from assistant.config import Settings
    from assistant.ui.conversation import Conversation

    h = Handlers(Workspace(Settings(db_url=outbox.url), outbox))
    conv = Conversation(key=key).state()
    return h.send(REPLY, conv, "Где деньги?", "Марина", "private", "", "anna", False, "", Req())


def _assert_reply_kept(out: Any, key: str, why: str) -> None:
    status, conversation, reply = out.status, out.conversation, out.reply
    assert 'class="ta-status-error"' in status and why in status
    assert "остался в окне" in status
    # the conversation (and its key) is kept, so a retry cannot store the reply twice
    assert conversation == {"__type__": "update"}
    assert isinstance(reply, dict) and reply.get("__type__") == "update" and "value" not in reply


def test_locked_database_is_a_clear_error_and_the_reply_stays(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(f"sqlite:///{path}").send(SendRequest(text=REPLY, key="first"))
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        box = Outbox(f"sqlite:///{path}", busy_timeout_ms=200)
        with pytest.raises(StorageError, match="заблокирована"):
            box.send(SendRequest(text=REPLY, key="second"))
        _assert_reply_kept(_send_through_the_handler(box, "second"), "second", "заблокирована")
    finally:
        holder.rollback()
        holder.close()
    out = _send_through_the_handler(box, "second")  # the lock is gone: the retry goes through
    assert "Отправлено" in out.status and box.count() == 2


def test_read_only_database_through_the_handler(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(f"sqlite:///{path}").send(SendRequest(text=REPLY, key="first"))
    ro = Outbox(f"sqlite:///file:{path}?mode=ro&uri=true")
    _assert_reply_kept(_send_through_the_handler(ro, "second"), "second", "только для чтения")
    assert ro.count() == 1


_PROBE = """
import sys
from assistant.errors import StorageError
from assistant.outbox import Outbox
from assistant.outbox.models import SendRequest
try:
    Outbox("sqlite:///" + sys.argv[1]).send(SendRequest(text="Ответ", key="ro-probe"))
except StorageError as exc:
    print("STORAGE_ERROR", exc)
else:
    print("STORED")
"""


def _without_root_file_powers() -> list[str]:
    """A command prefix under which file modes bind: root ignores them otherwise."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be enforced")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


@pytest.mark.parametrize("what", ["file", "directory"])
def test_read_only_file_or_directory_is_a_clear_storage_error(what: str, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db = folder / "outbox.sqlite3"
    box = Outbox(f"sqlite:///{db}")
    box.send(SendRequest(text=REPLY, key="first"))
    box.close()
    files = list(folder.iterdir())
    try:
        for side in files:
            side.chmod(0o444)
        if what == "directory":
            folder.chmod(0o555)
        result = subprocess.run(
            [*_without_root_file_powers(), sys.executable, "-c", _PROBE, str(db)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).resolve().parents[2],
        )
    finally:
        folder.chmod(0o755)
        for side in files:
            side.chmod(0o644)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.stdout.startswith("STORAGE_ERROR"), result.stdout + result.stderr
    assert "Ответ не потерян" in result.stdout
    print(f"\nread-only {what}: {result.stdout.strip()}")
    assert stored_keys(db) == ["first"]
