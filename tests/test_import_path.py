"""The library's import path stays light: analysing and linting never load the UI, the LLM
stack or the database (``import gradio`` alone costs ~4 s)."""

import json
import subprocess
import sys

HEAVY = ("gradio", "langchain_core", "langchain_openai", "openai", "spacy", "sqlalchemy")

SCRIPT = f"""
import json, sys
import assistant
assistant.analyze("Привет)) ты можешь глянуть заказ?")
assistant.lint("Данная операция осуществляется", incoming="привет")
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))))
"""


def test_analyze_and_lint_import_nothing_heavy() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_the_check_sees_a_heavy_import() -> None:
    # the same probe reports a heavy module once something imports it
    script = SCRIPT.replace("import assistant\n", "import assistant, sqlalchemy\n")
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == ["sqlalchemy"]
