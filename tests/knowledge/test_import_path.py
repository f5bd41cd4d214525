from __future__ import annotations

import subprocess
import sys


def test_the_library_and_the_drafter_do_not_load_the_knowledge_base() -> None:
    code = (
        "import sys, assistant, assistant.drafter, assistant.cli.kb\n"
        "bad = [m for m in sys.modules if m.startswith(('assistant.knowledge', 'bm25s'))]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
