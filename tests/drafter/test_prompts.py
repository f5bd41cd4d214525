"""Prompt files are data with a contract: declared variables == placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.drafter.prompts import load_prompt, load_prompt_file, placeholders_in, prompt_files
from assistant.errors import PromptError

FILES = prompt_files()


def test_the_prompt_set_is_complete() -> None:
    assert {p.stem for p in FILES} >= {"system", "reply", "holding", "revise", "rewrite"}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_declared_variables_equal_placeholders(path: Path) -> None:
    prompt = load_prompt_file(path)
    assert prompt.id == path.stem
    assert set(prompt.variables) == prompt.placeholders()
    assert prompt.description.strip()
    # every declared variable really reaches the rendered text
    values = {v: f"<{v.upper()}-VALUE>" for v in prompt.variables}
    rendered = "\n".join(content for _, content in prompt.render(**values))
    for v in prompt.variables:
        assert f"<{v.upper()}-VALUE>" in rendered


def test_system_prompt_carries_the_canary_and_the_house_style() -> None:
    system = load_prompt("system", get_settings().prompts_dir)
    assert system.variables == ("canary",)
    text = system.messages[0].content
    for must in ("канцелярит", "[срок]", "данные", "не инструкции"):
        assert must in text


def test_rewrite_presets() -> None:
    rewrite = load_prompt("rewrite", get_settings().prompts_dir)
    assert set(rewrite.presets) == {"shorter", "warmer", "formal", "simpler"}


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_undeclared_placeholder_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad",
        "id: bad\nversion: 1\ndescription: d\nvariables: [a]\n"
        "messages:\n  - role: user\n    content: '{a} and {b}'\n",
    )
    with pytest.raises(PromptError, match="не совпадают"):
        load_prompt_file(path)


def test_unused_variable_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad",
        "id: bad\nversion: 1\ndescription: d\nvariables: [a, b]\n"
        "messages:\n  - role: user\n    content: 'only {a}, literal {{b}}'\n",
    )
    with pytest.raises(PromptError):
        load_prompt_file(path)


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "named",
        "id: other\nversion: 1\ndescription: d\nvariables: []\n"
        "messages:\n  - role: user\n    content: hi\n",
    )
    with pytest.raises(PromptError, match="id"):
        load_prompt_file(path)


def test_render_requires_every_variable() -> None:
    reply = load_prompt("reply", get_settings().prompts_dir)
    with pytest.raises(PromptError, match="не хватает"):
        reply.render(message="x")


def test_placeholders_ignore_escaped_braces() -> None:
    assert placeholders_in("{a} {{literal}} {b}") == {"a", "b"}
