"""The personal-data set (``eval/injection/pii_*.yaml``, ≥ 200 values of every kind).

Each message is drafted privately against the local OpenAI-compatible server, whose model
answers with the placeholders it was shown. On every request the server recorded, the
value appears in no form (as written, lower-cased, or — for five digits or more — as its
digits squashed); the private draft has it back exactly as the customer wrote it.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from assistant.config import Settings
from assistant.drafter import adraft
from assistant.testing.llm_server import FakeLLMServer

from .test_personal_data import placeholder_model

SETS = Path(__file__).parents[2] / "eval" / "injection"
KINDS = {
    "card", "account", "passport", "snils", "inn", "phone", "email",
    "cvv", "expiry", "birthdate", "address", "name",
}  # fmt: skip


def items() -> list[list[str]]:
    out: list[list[str]] = []
    for name in ("pii_corpus.yaml", "pii_heldout.yaml"):
        out += yaml.safe_load((SETS / name).read_text(encoding="utf-8"))["items"]
    return out


def test_the_set_covers_every_kind_and_is_big_enough() -> None:
    every = items()
    assert len(every) >= 200
    assert {kind for kind, _, _ in every} == KINDS
    for _, value, text in every:
        assert value in text


class Request:
    """A request the model was shown, lower-cased and as its digits only (computed once)."""

    def __init__(self, text: str) -> None:
        self.lower = text.lower()
        self.digits = re.sub(r"\D", "", text)


class Value:
    """A value to look for: as a whole lower-cased token, and as its digits (five or more)."""

    def __init__(self, value: str) -> None:
        self.token = re.compile(rf"(?<![\w]){re.escape(value.lower())}(?![\w])")
        digits = re.sub(r"\D", "", value)
        self.digits = digits if len(digits) >= 5 else None

    def leaked(self, request: Request) -> bool:
        """In ``request`` as written (as a whole token), lower-cased, or as its digits."""
        if self.token.search(request.lower):
            return True
        return self.digits is not None and self.digits in request.digits


def by_text() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for _, value, text in items():
        grouped[text].append(value)
    return grouped


PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_no_value_reaches_the_model_and_each_is_restored(
    part: int, llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    """Drafted 12 at a time; every request of a batch is checked against all its values."""
    llm_server.default = placeholder_model()  # type: ignore[assignment]
    # twelve drafts at once on a loaded machine: time limits that test no timing here
    limits = {"connect_timeout": 5.0, "read_timeout": 10.0, "deadline": 60.0}
    settings = llm_settings.model_copy(update=limits)
    texts = sorted(by_text().items())[part::PARTS]
    failures = []
    for at in range(0, len(texts), 12):
        batch = texts[at : at + 12]
        llm_server.reset()

        async def all_at_once(batch: list[tuple[str, list[str]]] = batch) -> list[str]:
            drafts = await asyncio.gather(
                *(adraft(text, channel="private", settings=settings) for text, _ in batch)
            )
            return [d.text for d in drafts]

        results = asyncio.run(all_at_once())
        requests = [Request(r.text) for r in llm_server.completions()]
        assert len(requests) >= len(batch)
        for (text, values), result in zip(batch, results, strict=True):
            for value in values:
                sought = Value(value)
                if any(sought.leaked(r) for r in requests):
                    failures.append(("reached the model", value, text))
                if value not in result:
                    failures.append(("not restored", value, result))
    assert failures == []
