"""What goes into and comes out of the model: delimited data in, clean text out.

* :func:`as_data` neutralises the delimiters in customer text, so a message cannot close
  its ``<<<СООБЩЕНИЕ_КЛИЕНТА>>>`` block and smuggle instructions after it;
* :func:`clean_chars` removes hidden characters (tags, bidi controls, zero-width and control
  characters, Hangul fillers: the one list in :mod:`assistant.text.invisible`);
* :func:`sanitize_output` drops the canary and any echo of the system prompt from a draft;
* :class:`StreamFilter` does the same chunk by chunk for streaming, holding back only a
  possible partial canary or placeholder so the caller still sees text at once.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.drafter.masking import Masker
from assistant.text.invisible import strip_hidden

_DELIMITER_RUN = re.compile(r"<{3,}|>{3,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_MIN_ECHO_LINE = 24
_PLACEHOLDER_TAIL = 32


def new_canary() -> str:
    """A fresh canary for one draft call."""
    return f"CANARY-{secrets.token_hex(8)}"


def clean_chars(text: str) -> str:
    """Remove hidden characters (:mod:`assistant.text.invisible`); keep tab and newline.

    Lone surrogates become U+FFFD (unencodable: the request would fail)."""
    return strip_hidden(text)


def as_data(text: str) -> str:
    """Customer or history text made safe to place between ``<<<…>>>`` delimiters."""
    return _DELIMITER_RUN.sub(lambda m: "‹" if m.group()[0] == "<" else "›", text)


@dataclass(frozen=True)
class Sanitized:
    text: str
    leaked: bool


def sanitize_output(text: str, *, canary: str, prompt_lines: Iterable[str]) -> Sanitized:
    """Drop hidden characters, lines carrying the canary, and lines echoing the prompt."""
    text = clean_chars(text)
    echo = {line for line in prompt_lines if len(line) >= _MIN_ECHO_LINE}
    kept: list[str] = []
    leaked = False
    for line in text.split("\n"):
        if canary in line or line.strip() in echo:
            leaked = True
            continue
        kept.append(line)
    out = "\n".join(kept)
    if canary in out:  # pragma: no cover - lines containing it were dropped above
        out, leaked = out.replace(canary, ""), True
    out = _BLANK_LINES.sub("\n\n", out).strip()
    return Sanitized(out, leaked)


class StreamFilter:
    """Clean streamed chunks: hidden characters out, canary out, placeholders unmasked.

    A line that starts like a line of the prompt is held back until it diverges from every
    such line; if it ends up being a prompt line (or carries the canary) it is never shown,
    so an echoing model cannot flash its instructions at the operator either. Only a few
    characters are held in the common case.
    """

    def __init__(self, masker: Masker, canary: str, prompt_lines: Iterable[str] = ()) -> None:
        self._masker = masker
        self._canary = canary
        self._echo = tuple({line for line in prompt_lines if len(line) >= _MIN_ECHO_LINE})
        self._buf = ""
        #: Part of the current line was already shown (so it is no longer held back).
        self._shown = False

    def _hidden_line(self, line: str) -> bool:
        return self._canary in line or line.strip() in self._echo

    def _may_be_echo(self, partial: str) -> bool:
        head = partial.strip()
        return not head or self._canary in partial or any(e.startswith(head) for e in self._echo)

    def feed(self, chunk: str) -> str:
        buf = clean_chars(self._buf + chunk)
        out: list[str] = []
        while (newline := buf.find("\n")) != -1:
            line, buf = buf[:newline], buf[newline + 1 :]
            if not (not self._shown and self._hidden_line(line)):
                out.append(line.replace(self._canary, "") + "\n")
            self._shown = False
        if not self._shown and self._may_be_echo(buf):
            self._buf = buf
            return self._masker.unmask("".join(out))
        self._shown = True
        buf = buf.replace(self._canary, "")
        cut = len(buf)
        for k in range(min(len(self._canary) - 1, len(buf)), 0, -1):
            if self._canary.startswith(buf[-k:]):
                cut = len(buf) - k
                break
        bracket = buf.rfind("[", max(0, len(buf) - _PLACEHOLDER_TAIL))
        if bracket != -1 and "]" not in buf[bracket:]:
            cut = min(cut, bracket)
        out.append(buf[:cut])
        self._buf = buf[cut:]
        return self._masker.unmask("".join(out))

    def flush(self) -> str:
        buf, self._buf = self._buf, ""
        if not self._shown and self._hidden_line(buf):
            return ""
        return self._masker.unmask(buf.replace(self._canary, ""))
