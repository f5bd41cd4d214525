"""Lint speed: per call on replies of up to 500 characters, and loading the rules cold.

* ``lint`` with the customer's message as a string (its analysis is part of the call) and
  with a prebuilt :class:`StyleProfile`, one thread, after a warm-up pass: p50 and p99;
* loading every rule file in a fresh subprocess (morphology dictionaries included, the
  package import reported separately).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from bench.common import Row, percentile, time_calls

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "lint" / "corpus.jsonl"
MAX_CHARS = 500
CALLS = 3000

_COLD = """
import json, time
t0 = time.perf_counter()
from assistant.lint.rules import load_rules
from assistant.text.morph import get_morphology
t1 = time.perf_counter()
rules = load_rules(__import__("pathlib").Path({rules_dir!r}), get_morphology())
t2 = time.perf_counter()
print(json.dumps({{"import_ms": (t1 - t0) * 1000, "load_ms": (t2 - t1) * 1000,
                  "rules": len(rules), "phrases": rules.phrase_count}}))
"""


def _replies() -> list[dict[str, str]]:
    """Corpus replies, and longer ones glued from several (up to 500 characters)."""
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    rng = random.Random(7)
    out = []
    for case in cases:
        text = case["text"]
        while len(text) < 300:
            extra = rng.choice(cases)["text"]
            if len(text) + 1 + len(extra) > MAX_CHARS:
                break
            text = f"{text} {extra}"
        out.append({**case, "text": text})
        out.append(case)
    assert all(len(c["text"]) <= MAX_CHARS for c in out)
    return out


def _cold_load() -> dict[str, float]:
    code = _COLD.format(rules_dir=str(ROOT / "style_rules"))
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
        )
        runs.append(json.loads(done.stdout))
    return min(runs, key=lambda r: r["load_ms"])


def run() -> list[Row]:
    from assistant.analyzer import analyze
    from assistant.lint import lint
    from assistant.lint.rules import get_rules

    rules = get_rules()
    replies = _replies()
    profiles = [analyze(c["incoming"], nickname=c["nickname"]) for c in replies]

    def calls(with_profile: bool) -> list[float]:
        index = 0

        def one() -> None:
            nonlocal index
            case = replies[index % len(replies)]
            incoming = profiles[index % len(replies)] if with_profile else case["incoming"]
            index += 1
            lint(
                case["text"],
                incoming=incoming,
                nickname=case["nickname"],
                channel=case["channel"],  # type: ignore[arg-type]
                notes=case["notes"],
                rules=rules,
            )

        time_calls(one, len(replies))  # warm-up: caches of parses and patterns
        return time_calls(one, CALLS)

    with_text = calls(with_profile=False)
    with_profile = calls(with_profile=True)
    cold = _cold_load()
    mean_len = sum(len(c["text"]) for c in replies) / len(replies)
    return [
        Row(
            "lint",
            f"p50, incoming as text (avg {mean_len:.0f} chars)",
            percentile(with_text, 50),
            "ms",
            2.0,
        ),
        Row("lint", "p99, incoming as text", percentile(with_text, 99), "ms", 10.0),
        Row("lint", "p50, prebuilt profile", percentile(with_profile, 50), "ms", 2.0),
        Row("lint", "p99, prebuilt profile", percentile(with_profile, 99), "ms", 10.0),
        Row(
            "lint",
            f"load {cold['rules']:.0f} rules, {cold['phrases']:.0f} phrases (cold)",
            cold["load_ms"],
            "ms",
            300.0,
        ),
        Row("lint", "package import before loading (cold)", cold["import_ms"], "ms"),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
