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


def findings_html(findings: Sequence[Finding]) -> str:
    """The findings, errors first, each with its message and suggestions."""
    if not findings:
        return '<div class="ta-findings ta-clean" data-testid="findings">Замечаний нет.</div>'
    items = []
    for f in ordered(findings):
        level = LEVEL_LABELS.get(f.level, f.level)
        category = CATEGORY_LABELS.get(f.category, f.category)
        fixes = ", ".join(f"«{escape(s)}»" if s else "удалить" for s in f.suggestions)
        fix = f" <i>Вариант: {fixes}.</i>" if fixes else ""
        if f.hint and not fixes:
            fix = f" <i>{escape(f.hint)}</i>"
        items.append(
            f'<li><span class="ta-level-{f.level}">{escape(level)}</span> · {escape(category)}: '
            f"«{escape(f.text)}» — {escape(f.message)}{fix}</li>"
        )
    counts = {lvl: sum(f.level == lvl for f in findings) for lvl in LEVEL_LABELS}
    head = ", ".join(f"{LEVEL_LABELS[k]}: {v}" for k, v in counts.items() if v)
    return (
        f'<div class="ta-findings" data-testid="findings"><b>Замечания ({escape(head)})</b>'
        f"<ul>{''.join(items)}</ul></div>"
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
