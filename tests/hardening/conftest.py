"""Shared helpers of the hardening suite: data files and the inline span marker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
_MARK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def load(name: str) -> Any:
    """A YAML data file of this suite."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def unmark(marked: str) -> tuple[str, tuple[int, int]]:
    """``"a {{b}} c"`` → ``("a b c", (2, 3))``: the text and the marked span in it."""
    match = _MARK.search(marked)
    assert match is not None, f"no {{{{…}}}} span in {marked!r}"
    text = marked[: match.start()] + match.group(1) + marked[match.end() :]
    return text, (match.start(), match.start() + len(match.group(1)))
