"""Lint speed: per call on replies of up to 500 characters, and loading the rules cold.

* ``lint`` with the customer's message as a string (its analysis is part of the call) and
  with a prebuilt :class:`StyleProfile`, one thread, after a warm-up pass: p50 and p99;
* the same on replies of 280–320 characters (issue 11's target: p50 ≤ 1.5 ms, p99 ≤ 5 ms);
* loading every rule file in a fresh subprocess (morphology dictionaries included, the
  package import reported separately), and spaCy's import, which the first lint of a
  reply some token rule may match pays for the ``Matcher`` (a clean reply does not).
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
from spacy.matcher import Matcher
t3 = time.perf_counter()
rules.tokens.find(["позвоните", "на", "горячую", "линию"], [True, False, False, False])
t4 = time.perf_counter()
print(json.dumps({{"import_ms": (t1 - t0) * 1000, "load_ms": (t2 - t1) * 1000,
                  "spacy_ms": (t3 - t2) * 1000, "matcher_ms": (t4 - t3) * 1000,
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
    sized = [i for i, c in enumerate(replies) if 280 <= len(c["text"]) <= 320]

    def one_sized() -> None:
        nonlocal position
        i = sized[position % len(sized)]
        position += 1
        case = replies[i]
        lint(
            case["text"],
            incoming=profiles[i],
            nickname=case["nickname"],
            channel=case["channel"],  # type: ignore[arg-type]
            notes=case["notes"],
            rules=rules,
            author="model",
        )

    position = 0
    time_calls(one_sized, len(sized))
    sized_times = time_calls(one_sized, CALLS)
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
            f"p50, 300-char reply ({len(sized)} replies)",
            percentile(sized_times, 50),
            "ms",
            1.5,
        ),
        Row("lint", "p99, 300-char reply", percentile(sized_times, 99), "ms", 5.0),
        Row(
            "lint",
            f"load {cold['rules']:.0f} rules, {cold['phrases']:.0f} phrases (cold)",
            cold["load_ms"],
            "ms",
            300.0,
        ),
        Row("lint", "package import before loading (cold)", cold["import_ms"], "ms"),
        Row("lint", "spaCy import for the token Matcher (cold)", cold["spacy_ms"], "ms"),
        Row("lint", "first token match: Matcher and Vocab built (cold)", cold["matcher_ms"], "ms"),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
