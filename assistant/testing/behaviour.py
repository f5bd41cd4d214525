"""What the fake LLM server does with one request, and what it records about it.

:class:`Behaviour` is one scripted answer (a reply, an HTTP error, a hang, a cut stream,
garbage, an echo, or the mirror model); :class:`RecordedRequest` is one request as the
server received it; :class:`ChunkSent` is when one streamed chunk left the server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ReplyMode = Literal["mirror", "echo"]
#: How a reply is cut into stream chunks: a word (with its trailing space) or a line each.
Chunking = Literal["word", "line"]


@dataclass(frozen=True)
class Behaviour:
    """What the server does with one request. Build one with the class methods."""

    text: str = ""
    chunks: tuple[str, ...] | None = None
    status: int = 200
    body: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunk_delay: float = 0.0
    hang: bool = False
    hang_after: int | None = None
    cut_after: int | None = None
    garbage: bool = False
    echo: bool = False
    chunking: Chunking = "word"
    mirror: bool = False
    finish_reason: str | None = "stop"

    # -- constructors ---------------------------------------------------------------
    @classmethod
    def reply(
        cls,
        text: str,
        *,
        chunks: Iterable[str] | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
    ) -> Behaviour:
        """Answer ``text`` (streamed word by word unless ``chunks`` are given)."""
        return cls(
            text=text,
            chunks=tuple(chunks) if chunks is not None else None,
            delay=delay,
            chunk_delay=chunk_delay,
        )

    @classmethod
    def error(
        cls, status: int, body: str | None = None, headers: Mapping[str, str] | None = None
    ) -> Behaviour:
        """An HTTP error; the body defaults to an OpenAI-style error object."""
        if body is None:
            body = json.dumps(
                {"error": {"message": f"scripted {status}", "type": "scripted", "code": status}}
            )
        return cls(status=status, body=body, headers=dict(headers or {}))

    @classmethod
    def rate_limited(cls, retry_after: float | None = 1.0) -> Behaviour:
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        return cls.error(429, headers=headers)

    @classmethod
    def hanging(cls, *, after_chunks: int | None = None, text: str = "") -> Behaviour:
        """Accept the request and never answer (or stop after ``after_chunks`` chunks)."""
        if after_chunks is None:
            return cls(hang=True)
        return cls(text=text, hang_after=after_chunks)

    @classmethod
    def garbage_body(cls) -> Behaviour:
        """HTTP 200 with a body that is not a completion (not JSON, or broken SSE)."""
        return cls(garbage=True)

    @classmethod
    def cut(cls, text: str, *, after: int = 2) -> Behaviour:
        """Stream ``after`` chunks of ``text``, then close the socket mid-stream."""
        return cls(text=text, cut_after=after)

    @classmethod
    def echoing(cls, *, chunking: Chunking = "word") -> Behaviour:
        """Answer with every message of the request, verbatim (a prompt-leaking model);
        ``chunking="line"`` streams a prompt of a thousand words in a few dozen chunks."""
        return cls(echo=True, chunking=chunking)

    @classmethod
    def mirrored(cls, *, delay: float = 0.0) -> Behaviour:
        """Answer with the deterministic mirror model."""
        return cls(mirror=True, delay=delay)


@dataclass
class RecordedRequest:
    """One request the server received."""

    index: int
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages = self.body.get("messages", [])
        return messages if isinstance(messages, list) else []

    @property
    def text(self) -> str:
        """Every message's content, joined: what the model was shown."""
        return "\n".join(str(m.get("content", "")) for m in self.messages)

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))


@dataclass(frozen=True)
class ChunkSent:
    """When the server wrote one content chunk (``time.perf_counter()`` of this process)."""

    request: int
    index: int
    text: str
    at: float


Default = Behaviour | Callable[[RecordedRequest], Behaviour]
_CHUNKS: dict[Chunking, re.Pattern[str]] = {
    "word": re.compile(r"\S+\s*|\s+"),
    "line": re.compile(r"[^\n]*\n|[^\n]+"),
}


def split_chunks(text: str, chunking: Chunking = "word") -> list[str]:
    """Split ``text`` into stream chunks of a word or a line each (keeping all whitespace)."""
    return _CHUNKS[chunking].findall(text) or [text]
