"""Lint findings for the operator: spans to highlight, a list, one-click suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import NamedTuple

from assistant.lint.models import LEVEL_ORDER, Finding
from assistant.ui.highlight import Span

LEVEL_LABELS: dict[str, str] = {
    "error": "ошибка",
    "warning": "предупреждение",
    "suggestion": "совет",
}
FINDING_COLORS: dict[str, str] = {
    "ошибка": "#e53935",
    "предупреждение": "#fb8c00",
    "совет": "#42a5f5",
}
CATEGORY_LABELS: dict[str, str] = {
    "bureaucratic": "канцелярит",
    "greeting": "приветствие",
    "redirect": "отправка в другой канал",
    "nickname": "имя клиента",
    "address": "ты/вы",
    "emoji": "эмодзи",
    "pii": "личные данные",
    "promise": "обещание",
}


class SuggestionChoice(NamedTuple):
    label: str
    value: str


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (LEVEL_ORDER.get(f.level, 9), f.start, f.end))


def finding_spans(findings: Sequence[Finding]) -> list[Span]:
    return [Span(f.start, f.end, LEVEL_LABELS.get(f.level, f.level)) for f in findings]


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.level == "error" for f in findings)


def finding_title(finding: Finding) -> str:
    """One short line naming the problem (at most 12 words, no final full stop).

    ``Finding.message`` is the rule's short title; a check that writes its own message per
    hit may be longer, so only its first sentence is kept.
    """
    first = finding.message.split(". ", 1)[0].strip()
    words = first.split()
    if len(words) > 12:
        first = " ".join(words[:12]) + "…"
    return first.rstrip(" .;:")


def why(rule_id: str) -> str:
    """The long explanation of a rule, shown when the operator opens a finding."""
    from assistant.errors import InputError
    from assistant.lint import explain

    try:
        return explain(rule_id)
    except InputError:
        return ""


def by_rule(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by rule, the most severe rule first, spans in reading order."""
    groups: dict[str, list[Finding]] = {}
    for f in ordered(findings):
        groups.setdefault(f.rule, []).append(f)
    return groups


def findings_html(findings: Sequence[Finding]) -> str:
    """One line per rule (its title, the flagged words, the fix); the «why» on click."""
    if not findings:
        return '<div class="ta-findings ta-clean" data-testid="findings">Замечаний нет.</div>'
    items = []
    for rule_id, group in by_rule(findings).items():
        f = group[0]
        level = LEVEL_LABELS.get(f.level, f.level)
        spans = ", ".join(dict.fromkeys(f"«{escape(g.text)}»" for g in group))
        fixes = ", ".join(
            dict.fromkeys(
                f"«{escape(s)}»" if s else "удалить" for g in group for s in g.suggestions
            )
        )
        fix = f' <span class="ta-fix">→ {fixes}</span>' if fixes else ""
        explanation = " ".join(p for p in (escape(why(rule_id) or f.message), escape(f.hint)) if p)
        items.append(
            f'<details class="ta-finding" data-rule="{escape(rule_id)}"><summary>'
            f'<span class="ta-level-{f.level}">{escape(level)}</span> '
            f"{escape(finding_title(f))}: {spans}{fix}</summary>"
            f'<div class="ta-why">{explanation}</div></details>'
        )
    counts = {lvl: sum(f.level == lvl for f in findings) for lvl in LEVEL_LABELS}
    head = ", ".join(f"{LEVEL_LABELS[k]}: {v}" for k, v in counts.items() if v)
    return (
        f'<div class="ta-findings" data-testid="findings"><b>Замечания ({escape(head)})</b> '
        f'<span class="ta-hint">нажмите на строку — почему это плохо</span>'
        f"{''.join(items)}</div>"
    )


def suggestion_choices(findings: Sequence[Finding]) -> list[SuggestionChoice]:
    """One choice per suggestion; the value ``"i:j"`` points into ``findings``."""
    out = []
    for i, f in enumerate(findings):
        for j, s in enumerate(f.suggestions):
            target = f"«{s}»" if s else "удалить"
            out.append(SuggestionChoice(f"«{f.text}» → {target}", f"{i}:{j}"))
    return out


def apply_suggestion(text: str, findings: Sequence[Finding], choice: str) -> str:
    """Replace the finding's span with its suggestion.

    Raises ValueError when the choice is unknown or the text changed under the finding
    (the operator kept typing): the caller re-lints and offers fresh suggestions.
    """
    try:
        i, j = (int(p) for p in choice.split(":", 1))
        finding = findings[i]
        suggestion = finding.suggestions[j]
    except (ValueError, IndexError) as exc:
        raise ValueError(f"unknown suggestion {choice!r}") from exc
    if text[finding.start : finding.end] != finding.text:
        raise ValueError("the reply changed since it was checked")
    before, after = text[: finding.start], text[finding.end :]
    if not suggestion:
        # Deleting: leave no double space, no dangling comma at the start of a sentence.
        before, after = before.rstrip(" "), after.lstrip(" ")
        if not before or before.endswith(("\n", ".", "!", "?")):
            after = after.lstrip(",;: ")
            after = after[:1].upper() + after[1:]
            before = before + " " if before and not before.endswith("\n") else before
        elif after[:1].isalnum():
            before += " "
    return before + suggestion + after
