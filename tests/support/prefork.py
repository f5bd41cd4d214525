"""Programs under test as real processes, forked from an interpreter that imported the libraries.

Each ``python app.py`` or ``python -m assistant …`` of the suite spent 1.5–9 s importing
gradio, langchain, spaCy and the like before running a line of ours: about 230 of the
suite's 600 test-seconds. A *prefork server* (one per pytest process, started on first use)
imports those third-party libraries once, then forks one child per program run. The child
is a real process with its own pid, stdin/stdout/stderr (the caller's file descriptors,
passed over a Unix socket), environment, working directory, ``sys.argv`` and exit status,
and it imports every module of this project afresh. What it shares with the server is what
a fresh interpreter would have built the same way: the imported third-party modules.

The child emulates ``python [-m] PROGRAM ARGS`` from the environment it is given:
``sys.path`` (the program's folder or, for ``-m``, the working directory, then
``PYTHONPATH``, then the interpreter's own), the standard streams (``PYTHONIOENCODING``,
``PYTHONUNBUFFERED``) and the ``PYTHONWARNINGS`` actions. It cannot change what is fixed at
interpreter start (the hash seed, ``-X`` options), and the libraries' import-time reads of
the environment happened in the server, whose environment is the caller's minus the
project's own ``OPENAI_``/``ASSISTANT_`` variables. So tests of the interpreter itself (what
an import loads, the installed package, start-up time) start fresh interpreters, as does
the whole suite with ``TESTS_PREFORK=0``.

:func:`spawn` returns a :class:`Forked`, the part of :class:`subprocess.Popen` the tests use;
:func:`run` is :func:`subprocess.run` with ``capture_output=True``.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

#: The third-party modules the server imports before it forks: the frameworks the app and the
#: CLI load, the smaller libraries of the project, and what an app start loads besides.
PRELOAD = (
    # the frameworks
    "gradio",
    "gradio_client",
    "uvicorn",
    "fastapi",
    "httpx",
    "openai",
    "langchain_core.messages",
    "langchain_core.language_models",
    "langchain_openai",
    "pydantic",
    "pydantic_settings",
    "spacy",
    "spacy.lang.ru",
    "spacy.matcher",
    "pymorphy3",
    "natasha",
    "sqlalchemy",
    "yaml",
    "typer",
    "rich",
    "regex",
    "numpy",
    # the smaller libraries of assistant/
    "argon2",
    "bm25s",
    "defusedcsv.csv",
    "emoji",
    "limits",
    "rapidfuzz",
    "stdnum.luhn",
    "stdnum.ru.inn",
    # what an app start loads besides (the database driver, the server's protocol modules)
    "sqlalchemy.dialects.sqlite",
    "anyio._backends._asyncio",
    "uvicorn.lifespan.on",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.h11_impl",
    "pandas.io.formats.style",
)
#: Variables of the project itself: never part of the server's environment.
PROJECT_PREFIXES = ("OPENAI_", "ASSISTANT_")
#: Seconds the server may take to import :data:`PRELOAD` on a loaded machine.
READY_TIMEOUT = 180.0
#: The socket of the server a pytest-xdist controller shares with its workers (:func:`share`).
SHARED = "TESTS_PREFORK_SOCKET"


def enabled() -> bool:
    """Whether programs are forked from the server (``TESTS_PREFORK=0`` turns it off)."""
    return os.environ.get("TESTS_PREFORK", "1") != "0"


# -- the caller's side -----------------------------------------------------------------------


class Forked:
    """One forked program: ``pid``, ``returncode``, ``poll``, ``wait``, signals (as Popen)."""

    def __init__(self, args: Sequence[str], pid: int, conn: socket.socket) -> None:
        self.args = list(args)
        self.pid = pid
        self.returncode: int | None = None
        self._conn = conn
        self._buffer = b""

    def _read_status(self, timeout: float | None) -> None:
        """Wait up to ``timeout`` seconds (None: forever) for the server's exit-status line."""
        while self.returncode is None:
            if b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                self.returncode = os.waitstatus_to_exitcode(int(line))
                self._conn.close()
                return
            ready, _, _ = select.select([self._conn], [], [], timeout)
            if not ready:
                return
            chunk = self._conn.recv(64)
            if not chunk:  # the server went away without reporting: the child is lost
                raise RuntimeError(f"the prefork server stopped before {self.args} ended")
            self._buffer += chunk

    def poll(self) -> int | None:
        self._read_status(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._read_status(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended since the poll
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class _Client:
    """The server of this process (started on first use, stopped at exit), or the one a
    pytest-xdist controller started for all its workers (:func:`share`)."""

    _lock = threading.Lock()
    _instance: _Client | None = None

    def __init__(self, *, wait: bool = True) -> None:
        """Start a server; with ``wait``, return once it is ready (else the first
        :meth:`spawn` waits for it)."""
        self._dir = tempfile.mkdtemp(prefix="prefork-")
        self.path = os.path.join(self._dir, "sock")
        env = {k: v for k, v in os.environ.items() if not k.startswith(PROJECT_PREFIXES)}
        env["GRADIO_ANALYTICS_ENABLED"] = "False"
        self._server: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, __file__, self.path],
            stdin=subprocess.PIPE,  # its end of file tells the server to stop
            stdout=subprocess.PIPE if wait else subprocess.DEVNULL,
            env=env,
        )
        atexit.register(self.close)
        if wait:
            assert self._server.stdout is not None
            ready, _, _ = select.select([self._server.stdout], [], [], READY_TIMEOUT)
            line = self._server.stdout.readline() if ready else b""
            if line.strip() != b"ready":
                self._server.kill()
                raise RuntimeError(f"the prefork server did not start: {line!r}")

    @classmethod
    def of(cls, path: str) -> _Client:
        """The server another process started at ``path``."""
        client = cls.__new__(cls)
        client._dir, client.path, client._server = "", path, None
        return client

    def alive(self) -> bool:
        return self._server is None or self._server.poll() is None

    @classmethod
    def get(cls) -> _Client:
        with cls._lock:
            if cls._instance is None or not cls._instance.alive():
                shared = os.environ.get(SHARED)
                cls._instance = cls.of(shared) if shared else cls()
            return cls._instance

    def _connect(self) -> socket.socket:
        """A connection to the server, waiting (up to :data:`READY_TIMEOUT`) for a shared
        server still importing its libraries."""
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                conn.connect(self.path)
                return conn
            except (FileNotFoundError, ConnectionRefusedError):
                conn.close()
                gone = not self.alive() or not os.path.isdir(os.path.dirname(self.path))
                if gone or time.monotonic() > deadline:
                    raise RuntimeError(f"no prefork server answers at {self.path}") from None
                time.sleep(0.05)

    def spawn(
        self, args: Sequence[str], env: Mapping[str, str], cwd: str, fds: Sequence[int]
    ) -> Forked:
        request = json.dumps({"args": list(args), "env": dict(env), "cwd": cwd}).encode()
        conn = self._connect()
        socket.send_fds(conn, [b"%d\n" % len(request)], list(fds))
        conn.sendall(request)
        buffer = b""
        while b"\n" not in buffer:
            chunk = conn.recv(64)
            if not chunk:
                raise RuntimeError(f"the prefork server could not start {list(args)}")
            buffer += chunk
        line, rest = buffer.split(b"\n", 1)
        forked = Forked(args, int(line), conn)
        forked._buffer = rest
        return forked

    def close(self) -> None:
        if self._server is None:
            return
        if self._server.poll() is None:
            assert self._server.stdin is not None
            self._server.stdin.close()
            try:
                self._server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._server.kill()
        for name in os.listdir(self._dir):
            os.unlink(os.path.join(self._dir, name))
        os.rmdir(self._dir)


def share() -> None:
    """Start one server for this process's children (the pytest-xdist workers, which inherit
    :data:`SHARED`) without waiting for it: it imports its libraries while they collect."""
    if enabled() and SHARED not in os.environ:
        os.environ[SHARED] = _Client(wait=False).path


#: What :func:`spawn` returns: a forked child, or a plain ``Popen`` with ``TESTS_PREFORK=0``.
Process = Forked | subprocess.Popen[bytes]


def _fileno(stream: int | IO[Any] | None, mode: int) -> tuple[int, bool]:
    """A descriptor for a standard stream and whether it was opened here (to close)."""
    if stream is None:
        return os.open(os.devnull, mode), True
    if isinstance(stream, int):
        return stream, False
    return stream.fileno(), False


def spawn(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    stdin: int | IO[Any] | None = None,
    stdout: int | IO[Any] | None = None,
    stderr: int | IO[Any] | None = None,
) -> Process:
    """Start ``python ARGS`` (``ARGS`` as after the interpreter: ``-m mod …`` or ``script …``).

    The streams are descriptors or open files (None: ``/dev/null``; ``stderr`` may be
    :data:`subprocess.STDOUT`). With ``TESTS_PREFORK=0`` this is a plain :class:`Popen`.
    """
    env = dict(os.environ if env is None else env)
    cwd = str(cwd or os.getcwd())
    if not enabled():
        streams = [subprocess.DEVNULL if s is None else s for s in (stdin, stdout, stderr)]
        return subprocess.Popen([sys.executable, *args], env=env, cwd=cwd, stdin=streams[0],
                                stdout=streams[1], stderr=streams[2])  # fmt: skip
    opened: list[int] = []
    fds: list[int] = []
    for stream, mode in ((stdin, os.O_RDONLY), (stdout, os.O_WRONLY)):
        fd, own = _fileno(stream, mode)
        fds.append(fd)
        opened += [fd] if own else []
    if stderr == subprocess.STDOUT:
        fds.append(fds[1])
    else:
        fd, own = _fileno(stderr, os.O_WRONLY)
        fds.append(fd)
        opened += [fd] if own else []
    try:
        return _Client.get().spawn(args, env, cwd, fds)
    finally:
        for fd in opened:
            os.close(fd)


def run(
    args: Sequence[str],
    *,
    input: str | bytes | None = None,  # the name subprocess.run uses
    text: bool = False,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[Any]:
    """``subprocess.run([python, *args], capture_output=True, …)``: output captured in files."""
    argv = [sys.executable, *args]
    with contextlib.ExitStack() as stack:
        fin, out, err = (stack.enter_context(tempfile.TemporaryFile()) for _ in range(3))
        if input is not None:
            fin.write(input.encode() if isinstance(input, str) else input)
            fin.seek(0)
        given = fin if input is not None else None
        proc = spawn(args, env=env, cwd=cwd, stdin=given, stdout=out, stderr=err)
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise subprocess.TimeoutExpired(argv, timeout or 0) from None
        captured: list[Any] = []
        for f in (out, err):
            f.seek(0)
            data = f.read()
            # text is read as subprocess reads it: the locale's encoding, universal newlines
            captured.append(io.TextIOWrapper(io.BytesIO(data)).read() if text else data)
    return subprocess.CompletedProcess(argv, code, captured[0], captured[1])


# -- the server's side -----------------------------------------------------------------------


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    """Exactly ``size`` bytes from ``conn``."""
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the request ended early")
        data += chunk
    return data


def _serve(path: str) -> tuple[dict[str, Any], list[int]] | None:
    """Fork a child per request. Returns in a child (its request and descriptors); returns
    None in the server when its standard input ends (the caller has gone)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, connection)
    while True:
        readable, _, _ = select.select([0, listener, *children], [], [])
        for fd in readable:
            if fd == 0 and not os.read(0, 1024):
                for pid, _ in children.values():
                    os.kill(pid, signal.SIGKILL)  # nobody is left to wait for them
                return None
            if fd is listener:
                conn, _ = listener.accept()
                data, fds, _, _ = socket.recv_fds(conn, 64, 3)
                header, _, start = data.partition(b"\n")  # the request may have begun
                request = json.loads(start + _recv_exact(conn, int(header) - len(start)))
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    conn.close()
                    for pidfd, (_, other) in children.items():
                        os.close(pidfd)
                        other.close()
                    return request, fds
                for fd_ in fds:
                    os.close(fd_)
                conn.sendall(b"%d\n" % pid)
                children[os.pidfd_open(pid)] = (pid, conn)
            elif isinstance(fd, int) and fd in children:
                pid, conn = children.pop(fd)
                os.close(fd)
                _, status = os.waitpid(pid, 0)
                with contextlib.suppress(OSError):  # unless the caller stopped listening
                    conn.sendall(b"%d\n" % status)
                conn.close()


def _stream(fd: int, write: bool, env: Mapping[str, str], errors: str) -> io.TextIOWrapper:
    """A standard stream as a fresh interpreter would open it for this environment."""
    encoding, _, env_errors = env.get("PYTHONIOENCODING", "").partition(":")
    unbuffered = bool(env.get("PYTHONUNBUFFERED")) and write
    raw = open(fd, "wb" if write else "rb", buffering=0 if unbuffered else -1, closefd=False)  # noqa: SIM115
    return io.TextIOWrapper(
        raw,  # type: ignore[arg-type]
        encoding=encoding or sys.stdout.encoding,
        errors=env_errors or errors,
        newline="\n",
        line_buffering=os.isatty(fd) or (write and fd == 2),
        write_through=unbuffered,
    )


def _become(request: Mapping[str, Any], fds: Sequence[int], base_path: list[str]) -> None:
    """Turn the forked child into ``python ARGS`` and run it (its exit is the program's)."""
    import runpy

    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in set(fds):
        if fd > 2:
            os.close(fd)
    env: dict[str, str] = request["env"]
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(env)
    stdout_errors = sys.stdout.errors or "strict"
    sys.stdin = sys.__stdin__ = _stream(0, False, env, stdout_errors)
    sys.stdout = sys.__stdout__ = _stream(1, True, env, stdout_errors)
    sys.stderr = sys.__stderr__ = _stream(2, True, env, "backslashreplace")
    for action in reversed([a for a in env.get("PYTHONWARNINGS", "").split(",") if a]):
        warnings.simplefilter(action.split(":")[0])  # type: ignore[arg-type]
    sys.dont_write_bytecode = bool(env.get("PYTHONDONTWRITEBYTECODE"))
    extra = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    args: list[str] = request["args"]
    if args[0] == "-m":
        sys.path[:] = [os.getcwd(), *extra, *base_path]
        sys.argv = [args[1], *args[2:]]  # runpy puts the module's file in argv[0]
        _exit_as_python(lambda: runpy.run_module(args[1], run_name="__main__", alter_sys=True))
    script = os.path.abspath(args[0])
    sys.path[:] = [os.path.dirname(script), *extra, *base_path]
    sys.argv = [args[0], *args[1:]]
    _exit_as_python(lambda: runpy.run_path(script, run_name="__main__"))


def _exit_as_python(program: Callable[[], object]) -> NoReturn:
    """Run the program, then end the process as the interpreter would, minus the teardown of
    every preloaded module (a second per run): the exit status of ``SystemExit`` or of an
    uncaught exception (its traceback printed), non-daemon threads joined, ``atexit``
    handlers run, garbage collected, the standard streams flushed."""
    import atexit
    import gc

    try:
        program()
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    threading._shutdown()  # type: ignore[attr-defined] # what the interpreter's exit does
    atexit._run_exitfuncs()
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def main(path: str) -> None:
    base_path = sys.path[1:]  # the interpreter's own paths, without this file's folder
    import gc
    import importlib

    from gradio_stubs import skip_stub_regeneration  # (this file's folder is sys.path[0])

    skip_stub_regeneration()
    for name in PRELOAD:
        importlib.import_module(name)
    gc.freeze()  # the children's collections skip the preloaded objects (and copy no pages)
    served = _serve(path)
    if served is not None:
        _become(*served, base_path)


if __name__ == "__main__":
    main(sys.argv[1])
