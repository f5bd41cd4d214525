"""Literal prefilters: the strings a regex needs, and screens that never change a result."""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
import re
from pathlib import Path

import pytest

import assistant.analyzer
from assistant.text.prefilter import Screened, ScreenSet, required_literals, trie_pattern

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"как\s+можно\s+(?:скорее|быстрее)", 0, {"скорее", "быстрее"}),
        (r"(?<![^\W\d_])(?:так\s+и\s+не|до\s+сих\s+пор)", 0, {"так", "сих"}),
        (r"(?:по)?обещал[аои]?", 0, {"обещал"}),  # an optional part is not required
        (r"опять|\?!|!\?", 0, {"опять", "?!", "!?"}),
        (r"(?:ха){2,}", 0, {"ха"}),  # a repeated group is needed once
        (r"System\s+Prompt", re.IGNORECASE, {"System"}),  # one needed word suffices
        (r"[a-z]+\d", 0, None),  # classes only: nothing to look for
        (r"xy|[0-9]+", 0, None),  # one alternative needs no literal: no screen
        (r"(?i:abc)d", 0, None),  # a local ignore-case group gives no exact literal
    ],
)
def test_required_literals(pattern: str, flags: int, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern, flags))
    assert found == (None if expected is None else frozenset(expected))


def test_a_screen_rejects_text_without_the_literals_and_keeps_every_match() -> None:
    screened = Screened(r"(?<![^\W\d_])жд(?:у|ём)\s+с\s+утра")
    assert not screened.may_match("деньги пришли, спасибо")
    assert list(screened.finditer("деньги пришли")) == []
    text = "жду с утра, жду с утра"
    assert [m.span() for m in screened.finditer(text)] == [(0, 10), (12, 22)]
    assert screened.search(text) is not None and screened.search(text, 1) is not None
    folded = Screened(r"режим\s+разработчика", re.IGNORECASE)
    assert folded.search("Включи РЕЖИМ РАЗРАБОТЧИКА") is not None


def test_a_screen_set_rules_out_all_its_patterns_at_once_and_keeps_the_payloads() -> None:
    phrases = ScreenSet([(r"прямо\s+сейчас", "explicit"), (r"(?:это\s+)?развод\w*", "fraud")])
    assert phrases.screen is not None and not phrases.screen.passes("всё хорошо")
    assert list(phrases.finditer("всё хорошо")) == []
    found = [(m.group(), code) for m, code in phrases.finditer("это развод, верните прямо сейчас")]
    assert found == [("прямо сейчас", "explicit"), ("это развод", "fraud")]
    # a string that starts inside another one, or at the same place, is still seen
    nested = ScreenSet([(r"перевод", "a"), (r"евод\w*", "b"), (r"пер\b", "c"), (r"перев", "d")])
    assert [code for _, code in nested.finditer("перевод")] == ["a", "b", "d"]
    assert [code for _, code in nested.finditer("пер")] == ["c"]
    folded = ScreenSet([(r"режим\s+бога", "role_play")], re.IGNORECASE)
    assert [code for _, code in folded.finditer("РЕЖИМ БОГА")] == ["role_play"]
    assert ScreenSet([(r"[0-9]+", "digits")]).screen is None  # nothing to screen on


def _screens() -> list[tuple[str, Screened | ScreenSet[object]]]:
    """Every screened pattern and set of the analyzer (module constants, also in lists)."""
    found: list[tuple[str, Screened | ScreenSet[object]]] = []

    def walk(value: object, name: str) -> None:
        if isinstance(value, Screened):
            found.append((name, value))
        elif isinstance(value, ScreenSet):
            assert value.screen is not None, name  # a set without a common screen gains little
            found.append((name, value))
            walk([screened for screened, _ in value.items], name)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, f"{name}[{i}]")

    for info in pkgutil.iter_modules(assistant.analyzer.__path__, "assistant.analyzer."):
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            walk(value, f"{info.name}.{key}")
    return found


def _texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "eval").glob("**/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                texts.extend(case[k] for k in ("text", "incoming") if isinstance(case.get(k), str))
    return texts


def test_screens_never_change_what_the_analyzer_patterns_find() -> None:
    screens = _screens()
    assert len(screens) >= 15  # the phrase patterns of urgency, mood, register, nickname…
    texts = _texts()
    assert len(texts) > 2000
    matched = 0
    for name, screened in screens:
        for text in texts:
            for variant in (text, text.lower()):
                if isinstance(screened, ScreenSet):
                    every = [
                        (m.span(), code)
                        for item, code in screened.items
                        for m in item.pattern.finditer(variant)
                    ]
                    got = [(m.span(), code) for m, code in screened.finditer(variant)]
                    assert got == every, (name, variant)
                    continue
                plain = [m.span() for m in screened.pattern.finditer(variant)]
                assert [m.span() for m in screened.finditer(variant)] == plain, (name, variant)
                matched += bool(plain)
    assert matched > 100  # the corpora exercise the patterns, not only their rejections


def test_a_trie_pattern_finds_the_longest_string_at_each_place() -> None:
    """The trie regex agrees with a flat alternation, longest strings first, everywhere."""
    rng = random.Random(5)
    for _ in range(200):
        strings = {"".join(rng.choices("абв", k=rng.randint(1, 4))) for _ in range(6)}
        flat = re.compile("|".join(map(re.escape, sorted(strings, key=len, reverse=True))))
        trie = re.compile(trie_pattern(strings))
        text = "".join(rng.choices("абвг", k=40))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
        assert all(trie.fullmatch(s) for s in strings)
