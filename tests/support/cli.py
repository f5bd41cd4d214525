"""``python -m assistant …`` as a real process (forked from the prefork server: prefork.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from tests.support import prefork

ROOT = Path(__file__).resolve().parents[2]


def env_without_llm(**extra: str) -> dict[str, str]:
    """This process's environment minus every ``OPENAI_*``/``ASSISTANT_*`` variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ASSISTANT_"))}
    return {**env, **extra}


def run_assistant(
    *args: str,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: float = 120,
) -> subprocess.CompletedProcess[Any]:
    """Run the CLI; output is ``bytes`` when ``stdin`` is ``bytes``, else ``str``.

    The terminal is 200 columns wide, so an error message is not wrapped in the middle of a
    path (the paths of a pytest-xdist worker are longer than 80 columns allow).
    """
    return prefork.run(
        ["-m", "assistant", *args],
        input=stdin,
        text=not isinstance(stdin, bytes),
        cwd=cwd,
        env={**(os.environ if env is None else env), "COLUMNS": "200"},
        timeout=timeout,
    )
