"""The long runs of the hardening suite (``make soak``): many more examples, repeats.

* the bad-input properties of ``test_bad_input.py`` with thousands of examples each;
* text at the input limit built to hit worst cases (runs of ZWJ, digits, letter-spacing,
  surrogates) through analyze, lint and find_pii, and a megabyte through ``normalize``
  at two sizes to show the work grows linearly (a quadratic step would show ×16);
* every LLM fault scenario five times, printing the README table;
* 40 concurrent conversations with personal data, none swapping values.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.analyzer import analyze
from assistant.config import Settings
from assistant.drafter import adraft
from assistant.errors import EmptyTextError
from assistant.lint import lint
from assistant.pii import find_pii
from assistant.testing.llm_server import FakeLLMServer
from assistant.text.normalize import normalize

from . import faults
from .test_bad_input import (
    check_analyze,
    check_find_pii,
    check_lint,
    check_normalize,
    check_prompt,
    maybe,
    nasty,
    prompt_inputs,
)
from .test_personal_data import _check_own_values, _conversation, placeholder_model

pytestmark = pytest.mark.soak

MANY = 3000
soak = settings(
    max_examples=MANY,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@soak
@given(text=nasty, nickname=maybe, history=st.lists(nasty, max_size=3))
def test_soak_analyze(text: str, nickname: str | None, history: list[str]) -> None:
    check_analyze(text, nickname, history)


@soak
@given(text=nasty, incoming=maybe, nickname=maybe, public=st.booleans())
def test_soak_lint(text: str, incoming: str | None, nickname: str | None, public: bool) -> None:
    check_lint(text, incoming, nickname, public)


@soak
@given(text=nasty)
def test_soak_normalize_and_pii(text: str) -> None:
    check_normalize(text)
    check_find_pii(text)


@soak
@given(inputs=prompt_inputs)
def test_soak_prompt_building(inputs: dict[str, Any]) -> None:
    check_prompt(**inputs)


LIMIT = 20_000
WORST = {
    "ZWJ run": "\u200d" * LIMIT,
    "ZWJ between letters": "а\u200d" * (LIMIT // 2),
    "spaced digits": "1 " * (LIMIT // 2),
    "letter-spacing": "д " * (LIMIT // 2),
    "surrogates": "\ud800" * LIMIT,
    "mixed scripts": "аa" * (LIMIT // 2),
    "marks": "а\u0336" * (LIMIT // 2),
    "e-mail-ish": "a@b." * (LIMIT // 4),
    "exclamations": "!" * LIMIT,
    "emoticons": ")" * LIMIT,
}


@pytest.mark.parametrize("text", WORST.values(), ids=WORST.keys())
def test_worst_case_text_at_the_limit(text: str) -> None:
    timings = {}
    for name, call in (
        ("analyze", lambda: analyze(text)),
        ("lint", lambda: lint(text)),
        ("find_pii", lambda: find_pii(text)),
    ):
        started = time.perf_counter()
        with contextlib.suppress(EmptyTextError):
            call()
        timings[name] = time.perf_counter() - started
    print(" ".join(f"{k}={v:.2f}s" for k, v in timings.items()))
    assert max(timings.values()) < 10  # correctness bound: no runaway work


@pytest.mark.parametrize("unit", ["а\u200d", "\u200d", "\ud800", "аa", "а\u0336"])
def test_normalize_grows_linearly(unit: str) -> None:
    def cost(size: int) -> float:
        text = unit * (size // len(unit))
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            normalize(text, form="NFKC")
            best = min(best, time.perf_counter() - started)
        return best

    small, large = cost(250_000), cost(1_000_000)
    print(f"{unit!r}: 250k {small:.2f}s, 1M {large:.2f}s, ×{large / small:.1f}")
    assert large / small < 8  # ×4 the size: linear ≈ ×4, quadratic ≈ ×16


def test_fault_table_five_runs_each() -> None:
    outcomes = faults.run_rounds(5)
    print("\n" + faults.table(outcomes))
    failed = [(o.fault.name, o.got, o.seconds) for rows in outcomes for o in rows if not o.passed]
    assert failed == []


def test_forty_concurrent_conversations_never_swap_values(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.default = placeholder_model()  # type: ignore[assignment]
    settings_ = llm_settings.model_copy(update={"connect_timeout": 5.0, "deadline": 30.0})
    conversations = [_conversation(200 + i) for i in range(40)]

    async def all_at_once() -> list[str]:
        drafts = await asyncio.gather(*(adraft(m, settings=settings_) for m, _ in conversations))
        return [d.text for d in drafts]

    every = [values for _, values in conversations]
    for _ in range(3):
        texts = asyncio.run(all_at_once())
        for i, text in enumerate(texts):
            _check_own_values(text, every[i], every[:i] + every[i + 1 :])
