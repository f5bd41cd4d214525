"""A local OpenAI-compatible HTTP server with scripted answers, for tests, demos and benches.

It speaks real HTTP on 127.0.0.1: ``POST /v1/chat/completions`` (a JSON answer, or SSE
with ``stream: true`` in chunked transfer encoding ending with ``data: [DONE]``) and
``GET /v1/models``. Every request body is recorded. Each request takes the next scripted
:class:`Behaviour` from a queue, or asks the default (a behaviour or a callable
``RecordedRequest -> Behaviour``); the default default is the deterministic *mirror* model
(:mod:`assistant.testing.mirror`), which writes a plausible reply from the style card in
the prompt.

In tests::

    server.script(Behaviour.rate_limited(retry_after=0.1), Behaviour.reply("Готово"))
    ...
    assert len(server.requests) == 2

As a process (for the app, the eval and the benches)::

    python -m assistant.testing.llm_server --port 8911 --delay 1 --reply-mode mirror
    OPENAI_BASE_URL=http://127.0.0.1:8911/v1 python -m assistant draft "…"
"""

from __future__ import annotations

import collections
import json
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated, Any

import typer

from assistant.testing.behaviour import (
    Behaviour,
    ChunkSent,
    Default,
    RecordedRequest,
    ReplyMode,
    split_chunks,
)

__all__ = [
    "Behaviour",
    "ChunkSent",
    "Default",
    "FakeLLMServer",
    "RecordedRequest",
    "ReplyMode",
    "default_for_mode",
    "main",
    "split_chunks",
]


class FakeLLMServer:
    """The scripted OpenAI-compatible server. Use as a context manager or start()/stop()."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        default: Default | None = None,
        delay: float = 0.0,
        model: str = "fake-model",
        hang_limit: float = 30.0,
    ) -> None:
        self.host = host
        self._port = port
        self.default: Default = default if default is not None else Behaviour.mirrored()
        self.delay = delay
        self.model = model
        self.hang_limit = hang_limit
        self.requests: list[RecordedRequest] = []
        self.chunks_sent: list[ChunkSent] = []
        self._queue: collections.deque[Behaviour] = collections.deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control --------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, ``http://127.0.0.1:PORT/v1``."""
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> FakeLLMServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._stopping.clear()
        self._httpd = ThreadingHTTPServer((self.host, self._port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-llm-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes hanging handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *behaviours: Behaviour | str) -> None:
        """Queue behaviours for the next requests (a string is a plain reply)."""
        with self._lock:
            for b in behaviours:
                self._queue.append(Behaviour.reply(b) if isinstance(b, str) else b)

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.chunks_sent.clear()

    @property
    def pending(self) -> int:
        """Scripted behaviours not used yet."""
        with self._lock:
            return len(self._queue)

    def completions(self) -> list[RecordedRequest]:
        """The recorded chat-completion requests."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- used by the handler ----------------------------------------------------------
    def _record(
        self, method: str, path: str, headers: dict[str, str], body: Any
    ) -> RecordedRequest:
        with self._lock:
            rec = RecordedRequest(
                index=len(self.requests),
                method=method,
                path=path,
                headers=headers,
                body=body if isinstance(body, dict) else {"_raw": body},
                received_at=time.perf_counter(),
            )
            self.requests.append(rec)
            return rec

    def _next_behaviour(self, request: RecordedRequest) -> Behaviour:
        with self._lock:
            scripted = self._queue.popleft() if self._queue else None
        if scripted is not None:
            return scripted
        default = self.default
        return default(request) if callable(default) else default

    def _log_chunk(self, request: int, index: int, text: str) -> None:
        with self._lock:
            self.chunks_sent.append(ChunkSent(request, index, text, time.perf_counter()))


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLLMServer
    protocol_version = "HTTP/1.1"
    server_version = "FakeLLM/1.0"

    def setup(self) -> None:
        super().setup()
        # Small SSE writes must leave at once (as uvicorn and friends do): without this,
        # Nagle's algorithm and delayed ACKs hold a chunk back for ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- routes ---------------------------------------------------------------------
    def do_GET(self) -> None:
        path = self.path.split("?")[0].rstrip("/")
        self.fake._record("GET", path, dict(self.headers), {})
        if path.endswith("/models"):
            data = {
                "object": "list",
                "data": [
                    {"id": self.fake.model, "object": "model", "created": 0, "owned_by": "fake"}
                ],
            }
            self._send_json(200, data)
        else:
            self._send_json(404, {"error": {"message": "not found", "type": "not_found"}})

    def do_POST(self) -> None:
        path = self.path.split("?")[0].rstrip("/")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = raw.decode("utf-8", "replace")
        request = self.fake._record("POST", path, dict(self.headers), body)
        if not path.endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": "not found", "type": "not_found"}})
            return
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            self._send_json(400, {"error": {"message": "messages required", "type": "invalid"}})
            return
        behaviour = self.fake._next_behaviour(request)
        try:
            self._answer(request, behaviour)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- behaviours -------------------------------------------------------------------
    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server stops; return False if it is stopping."""
        if seconds <= 0:
            return not self.fake._stopping.is_set()
        return not self.fake._stopping.wait(seconds)

    def _answer(self, request: RecordedRequest, b: Behaviour) -> None:
        if not self._wait(self.fake.delay + b.delay):
            self.close_connection = True
            return
        if b.hang:
            self._wait(self.fake.hang_limit)
            self._abort()
            return
        if b.status != 200:
            self._send_raw(b.status, (b.body or "").encode(), "application/json", b.headers)
            return
        if b.garbage:
            if request.stream:
                self._start_stream(b.headers)
                self._write_chunk(b"data: {this is not json\n\n")
                self._write_chunk(b"data: [DONE]\n\n")
                self._write_chunk(b"")
            else:
                self._send_raw(200, b"<html>502 upstream</html>", "application/json", b.headers)
            return
        text = self._text_for(request, b)
        if not request.stream:
            self._send_json(200, self._completion(text, b.finish_reason), b.headers)
            return
        chunks = list(b.chunks) if b.chunks is not None else split_chunks(text, b.chunking)
        cid = f"chatcmpl-{uuid.uuid4().hex[:12]}"
        self._start_stream(b.headers)
        self._event(self._chunk(cid, {"role": "assistant", "content": ""}, None))
        for i, piece in enumerate(chunks):
            if b.cut_after is not None and i >= b.cut_after:
                self._abort()
                return
            if b.hang_after is not None and i >= b.hang_after:
                self._wait(self.fake.hang_limit)
                self._abort()
                return
            if i and not self._wait(b.chunk_delay):
                self._abort()
                return
            self._event(self._chunk(cid, {"content": piece}, None))
            self.fake._log_chunk(request.index, i, piece)
        if b.finish_reason is not None:
            self._event(self._chunk(cid, {}, b.finish_reason))
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _text_for(self, request: RecordedRequest, b: Behaviour) -> str:
        if b.echo:
            return request.text
        if b.mirror:
            from assistant.testing.mirror import mirror_reply

            return mirror_reply(request.messages)
        return b.text

    # -- wire format ------------------------------------------------------------------
    def _completion(self, text: str, finish_reason: str | None) -> dict[str, Any]:
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.fake.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }

    def _chunk(self, cid: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": self.fake.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    def _send_json(self, status: int, data: Any, headers: Mapping[str, str] | None = None) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode()
        self._send_raw(status, payload, "application/json", headers or {})

    def _send_raw(
        self, status: int, payload: bytes, content_type: str, headers: Mapping[str, str]
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def _start_stream(self, headers: Mapping[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.flush()

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, data: dict[str, Any]) -> None:
        self._write_chunk(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())

    def _abort(self) -> None:
        """Close the socket without finishing the response (a cut connection)."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def default_for_mode(mode: ReplyMode) -> Behaviour:
    """The default behaviour of the process mode: the mirror model, or an echo."""
    return Behaviour.mirrored() if mode == "mirror" else Behaviour.echoing()


def serve(
    host: Annotated[str, typer.Option(help="Адрес.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Порт.")] = 8911,
    delay: Annotated[float, typer.Option(help="Пауза перед каждым ответом, с.")] = 0.0,
    chunk_delay: Annotated[float, typer.Option(help="Пауза между кусками потока, с.")] = 0.0,
    reply_mode: Annotated[
        ReplyMode, typer.Option(help="mirror — модель-зеркало, echo — эхо запроса.")
    ] = "mirror",
    model: Annotated[str, typer.Option(help="Имя модели в ответах.")] = "fake-model",
) -> None:
    """Локальный OpenAI-совместимый сервер с детерминированной моделью (для тестов)."""
    default = default_for_mode(reply_mode)
    if chunk_delay:
        default = replace(default, chunk_delay=chunk_delay)
    server = FakeLLMServer(host=host, port=port, default=default, delay=delay, model=model)
    server.start()
    print(f"fake LLM server on {server.base_url} (mode {reply_mode})", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """``python -m assistant.testing.llm_server [--port N] [--reply-mode echo] …``."""
    from assistant.cli.app import Typer

    cli = Typer()
    cli.command()(serve)
    prog = "python -m assistant.testing.llm_server"
    cli(args=sys.argv[1:] if argv is None else argv, prog_name=prog)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
