"""The README's Python examples run as written and say what they really return or print.

Every ```python block of README.md is executed, top-level statement by statement, in a
temporary working directory (``eval/`` linked in). Blocks that draft reach the local
OpenAI-compatible test server through the environment, the way a reader configures a real
endpoint. Two kinds of claims in the examples are checked:

* ``expr  # literal``: a top-level expression whose comment starts with a Python literal
  (``True``, ``'vy'``, ``('Маша', 'signature')``) must evaluate to that literal;
* comment lines right after a statement that prints: the printed lines, in order.

Blocks that cannot run here are listed in ``NOT_RUN`` with the test that covers them.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.config import get_settings
from assistant.testing.llm_server import FakeLLMServer

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: First line of a block that cannot run in this test → where it is covered instead.
NOT_RUN = {
    "from gradio_client import Client": "needs the running app; tests/app/test_client.py "
    "calls /analyze, /lint and /send through gradio_client the same way",
}
NEEDS_LLM = re.compile(r"\bassistant\.(a?draft|astream_draft|a?rewrite)\(")
_FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Block:
    line: int  # of the first code line in README.md
    code: str

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [Block(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in _FENCE.finditer(text)]


def claimed_literal(comment: str) -> tuple[bool, Any]:
    """``(True, value)`` when the comment starts with a Python literal."""
    text = comment.strip()
    for candidate in (text, text.split("  ")[0], text.split(" — ")[0], text.split(" (")[0]):
        try:
            return True, ast.literal_eval(candidate.strip())
        except (ValueError, SyntaxError):
            continue
    return False, None


def comment_of(line: str) -> str | None:
    """The trailing comment of a code line (None for none; ``#`` inside strings ignored)."""
    for token in _tokens(line):
        if token.startswith("#"):
            return token[1:]
    return None


def _tokens(line: str) -> list[str]:
    import tokenize

    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(line).readline)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def expected_output(lines: list[str], end: int) -> list[str]:
    """The comment-only lines right after line ``end`` (1-based), without ``# ``."""
    out = []
    for line in lines[end:]:
        if not line.startswith("# "):
            break
        out.append(line[2:])
    return out


def run_block(block: Block) -> list[str]:
    """Execute ``block``; return a description of every claim checked (for the report)."""
    lines = block.code.splitlines()
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    checked: list[str] = []
    for node in ast.parse(block.code).body:
        assert node.end_lineno is not None
        source = ast.get_source_segment(block.code, node) or ""
        where = f"README.md:{block.line + node.lineno - 1}"
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            if isinstance(node, ast.Expr):
                value = eval(compile(ast.Expression(node.value), where, "eval"), namespace)
            else:
                exec(compile(ast.Module([node], []), where, "exec"), namespace)
        comment = comment_of(lines[node.end_lineno - 1])
        if isinstance(node, ast.Expr) and comment is not None:
            is_claim, claimed = claimed_literal(comment)
            if is_claim:
                assert value == claimed, f"{where}: {source} is {value!r}, README says {claimed!r}"
                checked.append(f"{where} value")
        wanted = expected_output(lines, node.end_lineno)
        if "print(" in source and wanted:
            got = printed.getvalue().splitlines()
            assert got == wanted, f"{where}: printed\n" + "\n".join(got)
            checked.append(f"{where} output")
    return checked


BLOCKS = readme_blocks()


def test_the_readme_has_examples_and_each_is_run_or_excused() -> None:
    assert len(BLOCKS) >= 5
    firsts = {b.code.splitlines()[0] for b in BLOCKS}
    assert set(NOT_RUN) <= firsts, "a NOT_RUN entry no longer matches a README block"


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_readme_example_runs_as_written(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    first = block.code.splitlines()[0]
    if first in NOT_RUN:
        pytest.skip(NOT_RUN[first])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "eval").symlink_to(ROOT / "eval")
    llm_server: FakeLLMServer | None = None
    if NEEDS_LLM.search(block.code):  # the local server only for blocks that draft
        llm_server = request.getfixturevalue("llm_server")
        monkeypatch.setenv("OPENAI_BASE_URL", llm_server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        monkeypatch.setenv("ASSISTANT_MODEL", "fake-model")
    get_settings.cache_clear()
    try:
        checked = run_block(block)
    finally:
        get_settings.cache_clear()
    if llm_server is not None:
        assert llm_server.completions(), "the example never reached the model"
    print(block.id, "checked:", ", ".join(checked) or "runs")


def test_claims_are_recognised() -> None:
    # the checker itself: literal claims, prose comments, printed output
    assert claimed_literal(" True — «(((» is a sad emoticon") == (True, True)
    assert claimed_literal(" 'vy'  (evidence: «Подскажите»)") == (True, "vy")
    assert claimed_literal(" ('Маша', 'signature')") == (True, ("Маша", "signature"))
    assert claimed_literal(" every span, sorted") == (False, None)
    assert comment_of('x = "#no"  # 3') == " 3"
    assert expected_output(["for x in y:", "    print(x)", "# a", "# b", "z = 1"], 2) == [
        "a",
        "b",
    ]
    wrong = Block(1, "import math\n\nmath.pi  # 3\n")
    with pytest.raises(AssertionError, match="README says 3"):
        run_block(wrong)
    silent = Block(1, "for n in (1, 2):\n    print(n)\n# 1\n# 3\n")
    with pytest.raises(AssertionError, match="printed"):
        run_block(silent)
