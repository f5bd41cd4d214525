"""Running the ``good`` and ``bad`` examples of the rules: the rules test themselves.

In a ``bad`` example the spans the rule must flag are marked inline with double braces:
``"Сообщаем, что {{данная}} услуга подключена."`` The rule must report exactly the marked
spans (in the text without the braces) — no fewer, no more. A ``good`` example must
produce no finding of that rule. Each example may carry its context: ``incoming``,
``nickname``, ``channel``, ``notes``, ``policy``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from assistant.errors import AssistantError
from assistant.lint.engine import build_context, dedupe, raw_findings
from assistant.lint.rules import LoadedRule, RuleSet
from assistant.lint.schema import Example

MARK_OPEN, MARK_CLOSE = "{{", "}}"
_MARK = regex.compile(r"\{\{(.*?)\}\}", regex.DOTALL)


class MarkupError(ValueError):
    pass


def parse_marked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ``{{…}}`` markers; return the clean text and the marked spans in it."""
    clean: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(text):
        chunk = text[pos : m.start()]
        clean.append(chunk)
        length += len(chunk)
        inner = m.group(1)
        if not inner or MARK_OPEN in inner:
            raise MarkupError("пустая или вложенная разметка {{…}}")
        spans.append((length, length + len(inner)))
        clean.append(inner)
        length += len(inner)
        pos = m.end()
    rest = text[pos:]
    if MARK_OPEN in rest or MARK_CLOSE in rest:
        raise MarkupError("непарная разметка {{ или }}")
    clean.append(rest)
    return "".join(clean), spans


@dataclass(frozen=True)
class ExampleProblem:
    file: str
    line: int
    rule: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.problem}"


@dataclass(frozen=True)
class ExampleRun:
    """One example of one rule, for parametrised tests: ``id`` reads like ``rule:bad[2]``."""

    rule: LoadedRule
    group: str  # "bad" | "good"
    index: int
    example: Example

    @property
    def id(self) -> str:
        return f"{self.rule.id}:{self.group}[{self.index}]"

    @property
    def line(self) -> int:
        return self.rule.line("examples", self.group, self.index)


def all_examples(rules: RuleSet) -> list[ExampleRun]:
    out = []
    for loaded in rules.rules.values():
        for group in ("bad", "good"):
            for i, example in enumerate(getattr(loaded.rule.examples, group)):
                out.append(ExampleRun(loaded, group, i, example))
    return out


def _show(text: str, spans: list[tuple[int, int]]) -> str:
    return ", ".join(f"«{text[s:e]}» [{s}:{e}]" for s, e in spans) or "ничего"


def run_example(run: ExampleRun, rules: RuleSet) -> str | None:
    """``None`` when the example behaves as stated, else the problem in words."""
    ex = run.example
    try:
        text, expected = parse_marked(ex.text)
    except MarkupError as exc:
        return str(exc)
    if run.group == "bad" and not expected:
        return "в плохом примере не размечен ожидаемый фрагмент {{…}}"
    if run.group == "good" and expected:
        return "в хорошем примере не должно быть разметки {{…}}"
    try:
        ctx = build_context(
            text,
            incoming=ex.incoming,
            nickname=ex.nickname,
            channel=ex.channel,
            policy=ex.policy,
            notes=ex.notes,
            morph=rules.phrases.morph,
            author=ex.author,
        )
        found = dedupe(raw_findings(ctx, rules, only=run.rule.id), rules)
    except AssistantError as exc:
        return f"пример не проверяется: {exc}"
    got = sorted({(f.start, f.end) for f in found})
    if got == sorted(expected):
        return None
    where = "плохой" if run.group == "bad" else "хороший"
    return f"{where} пример: ожидалось {_show(text, sorted(expected))}, найдено {_show(text, got)}"


def check_examples(rules: RuleSet) -> list[ExampleProblem]:
    """Run every example of every rule; the problems, with ``file:line``."""
    problems = []
    for run in all_examples(rules):
        problem = run_example(run, rules)
        if problem is not None:
            problems.append(ExampleProblem(run.rule.file, run.line, run.rule.id, problem))
    return problems
