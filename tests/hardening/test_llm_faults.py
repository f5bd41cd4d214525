"""LLM faults end in their typed error (or an incomplete draft) within the deadline.

Each scenario of :mod:`tests.hardening.faults` drives a whole draft against the local
server; the module runs them all at once (they share nothing), and each test checks one
scenario's outcome. Checked: the typed error (never a raw ``httpx``/``openai`` exception),
the time bound ``deadline + 2 s`` (a correctness bound — the limit is enforced at all — not
a speed target), the number of requests the server received (400 and 401 are never retried;
connection errors, 429 and 5xx at most twice), and for a cut stream that the text the
operator already saw is kept.
"""

from __future__ import annotations

import pytest

from assistant.errors import LLMError

from .faults import FAULTS, INCOMPLETE, LONG, OK, REPLY, Fault, Outcome, run_all


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {outcome.fault.name: outcome for outcome in run_all(FAULTS)}


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_ends_typed_and_in_time(fault: Fault, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[fault.name]
    assert outcome.got == outcome.expected, outcome.error
    assert outcome.seconds <= outcome.deadline + 2.0
    if fault.requests is not None:
        assert outcome.requests == fault.requests
    if outcome.got in (OK, INCOMPLETE):
        assert outcome.draft is not None and outcome.draft.text
        assert REPLY.startswith(outcome.draft.text) or LONG.startswith(outcome.draft.text)
    if outcome.got == INCOMPLETE:
        # What was streamed to the operator is what the incomplete draft holds.
        assert "".join(outcome.chunks).strip() == outcome.draft.text  # type: ignore[union-attr]
    else:
        assert outcome.got == OK or isinstance(outcome.error, LLMError)
    if outcome.error is not None:
        assert str(outcome.error)  # a message for the operator


def test_client_errors_are_never_retried() -> None:
    for fault in FAULTS:
        if fault.behaviour is not None and fault.behaviour.status in (400, 401):
            assert fault.requests == 1
    assert {f.behaviour.status for f in FAULTS if f.behaviour is not None} >= {400, 401}
