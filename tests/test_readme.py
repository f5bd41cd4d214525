"""The Python examples of README.md and docs/ run as written and print what they say.

The examples are collected and run by pytest-examples: each ```python block runs as a
module in a temporary working directory (``eval/`` linked in); every ``print`` is checked
against the ``#>`` lines that follow it (``pytest --update-examples tests/test_readme.py``
rewrites them after a deliberate change; read the diff). Blocks that draft reach the local
OpenAI-compatible test server through the environment, the way a reader configures a real
endpoint. A block that cannot run here is listed in ``NOT_RUN`` with the test that covers it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from assistant.config import get_settings
from assistant.testing.llm_server import FakeLLMServer

ROOT = Path(__file__).resolve().parents[1]
#: First line of a block that cannot run in this test → where it is covered instead.
NOT_RUN = {
    "from gradio_client import Client": "needs the running app; tests/app/test_client.py "
    "calls /analyze, /lint and /send through gradio_client the same way",
}
NEEDS_LLM = re.compile(r"\bassistant\.(a?draft|astream_draft|a?rewrite)\(")

EXAMPLES = list(find_examples(ROOT / "README.md", ROOT / "docs"))


def _id(example: CodeExample) -> str:
    return f"{example.path.relative_to(ROOT)}:{example.start_line}"


def _first_line(example: CodeExample) -> str:
    return example.source.strip().splitlines()[0]


def test_the_readme_stays_short() -> None:
    """The README is the front door: the rest lives in the docs site."""
    assert (ROOT / "README.md").stat().st_size < 12 * 1024


def test_the_docs_have_examples_and_each_is_run_or_excused() -> None:
    assert len(EXAMPLES) >= 6
    assert sum("#>" in e.source for e in EXAMPLES) >= 4, "examples should show their output"
    firsts = {_first_line(e) for e in EXAMPLES}
    assert set(NOT_RUN) <= firsts, "a NOT_RUN entry no longer matches a block"


@pytest.mark.parametrize("example", EXAMPLES, ids=[_id(e) for e in EXAMPLES])
def test_example_runs_as_written(
    example: CodeExample,
    eval_example: EvalExample,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if _first_line(example) in NOT_RUN:
        pytest.skip(NOT_RUN[_first_line(example)])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "eval").symlink_to(ROOT / "eval")
    llm_server: FakeLLMServer | None = None
    if NEEDS_LLM.search(example.source):  # the local server only for blocks that draft
        llm_server = request.getfixturevalue("llm_server")
        monkeypatch.setenv("OPENAI_BASE_URL", llm_server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        monkeypatch.setenv("ASSISTANT_MODEL", "fake-model")
    get_settings.cache_clear()
    try:
        if eval_example.update_examples:
            eval_example.run_print_update(example)
        else:
            eval_example.run_print_check(example)
    finally:
        get_settings.cache_clear()
    if llm_server is not None:
        assert llm_server.completions(), "the example never reached the model"


def test_a_wrong_output_line_fails(eval_example: EvalExample) -> None:
    """The check itself: a ``#>`` line that does not match the printed output fails."""
    good = CodeExample.create("print(1 + 1)\n#> 2\n")
    eval_example.run_print_check(good)
    wrong = CodeExample.create("print(1 + 1)\n#> 3\n")
    with pytest.raises(BaseException, match="3"):
        eval_example.run_print_check(wrong)
