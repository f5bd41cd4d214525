"""The library's import path stays light: analysing and linting never load the UI, the LLM
stack or the database (``import gradio`` alone costs ~4 s).

``import assistant`` and ``analyze`` load none of them. ``lint`` loads spaCy — its
``Matcher`` runs the token rules (``kind: tokens``) — and nothing else heavy; spaCy is
imported the first time a reply holds the words some token pattern needs, so a clean reply
does without it.
"""

import json
import subprocess
import sys

HEAVY = ("gradio", "langchain_core", "langchain_openai", "openai", "spacy", "sqlalchemy")

SCRIPT = f"""
import json, sys
def heavy():
    return sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
import assistant
assistant.analyze("Привет)) ты можешь глянуть заказ?")
assistant.lint("Готово, проверьте приложение.", incoming="привет")  # no token rule can match
before_lint = heavy()
assistant.lint("Данная операция осуществляется", incoming="привет")
print(json.dumps([before_lint, heavy()]))
"""


def _run(script: str) -> list[list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def test_analyze_and_a_clean_lint_import_nothing_heavy_and_lint_only_spacy() -> None:
    before_lint, after_lint = _run(SCRIPT)
    assert before_lint == []
    assert after_lint == ["spacy"]


def test_the_check_sees_a_heavy_import() -> None:
    # the same probe reports a heavy module once something imports it
    script = SCRIPT.replace("import assistant\n", "import assistant, sqlalchemy\n")
    before_lint, after_lint = _run(script)
    assert before_lint == ["sqlalchemy"]
    assert after_lint == ["spacy", "sqlalchemy"]
