"""The drafting API is re-exported lazily: ``import assistant`` stays light."""

from __future__ import annotations

import subprocess
import sys

import assistant
from assistant.drafter import Draft, adraft, astream_draft, draft, rewrite


def test_lazy_reexports_are_the_real_objects() -> None:
    assert assistant.draft is draft
    assert assistant.adraft is adraft
    assert assistant.astream_draft is astream_draft
    assert assistant.rewrite is rewrite
    assert assistant.Draft is Draft
    assert {"draft", "adraft", "astream_draft", "rewrite", "arewrite", "Draft"} <= set(
        assistant.__all__
    )


def test_import_assistant_does_not_load_langchain_or_openai() -> None:
    code = (
        "import sys, assistant\n"
        "assistant.Draft, assistant.draft\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('langchain_core', 'langchain_openai', 'openai', 'httpx', 'gradio')]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
