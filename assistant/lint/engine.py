"""The lint pass: build the context once, run every rule, map spans back, deduplicate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.errors import EmptyTextError, InputError, TextTooLongError
from assistant.lint.context import Hit, LintContext
from assistant.lint.models import LEVEL_ORDER, Channel, Finding, Policy
from assistant.lint.rules import LoadedRule, RuleSet, get_rules
from assistant.lint.schema import CheckRule, PatternRule, PhrasesRule
from assistant.lint.text import LintText
from assistant.text.morph import Morphology, get_morphology

if TYPE_CHECKING:
    from assistant.analyzer.models import StyleProfile

_KIND_RANK = {"phrases": 0, "pattern": 1, "check": 2}
_DEFAULT_POLICY = Policy()


def _profile_of(incoming: str | StyleProfile | None, nickname: str | None) -> StyleProfile | None:
    if incoming is None or not isinstance(incoming, str):
        return incoming
    if not incoming.strip():
        return None
    from assistant.analyzer import analyze

    return analyze(incoming, nickname=nickname)


def build_context(
    text: str,
    *,
    incoming: str | StyleProfile | None = None,
    nickname: str | None = None,
    channel: Channel = "private",
    policy: Policy | None = None,
    notes: str = "",
    morph: Morphology | None = None,
) -> LintContext:
    """Validate the input and prepare what every rule reads."""
    if not isinstance(text, str):
        raise InputError(f"Текст ответа должен быть строкой, а не {type(text).__name__}.")
    from assistant.config import get_settings

    TextTooLongError.check(text, get_settings().max_input_chars)
    lint_text = LintText(text)
    if not lint_text.text.strip():
        raise EmptyTextError("Ответ пуст: проверять нечего.")
    if channel not in ("public", "private"):
        raise InputError(f"Канал должен быть public или private, а не {channel!r}.")
    profile = _profile_of(incoming, nickname)
    return LintContext(
        text=lint_text,
        morph=morph or get_morphology(),
        profile=profile,
        nickname=nickname or (profile.nickname if profile is not None else None),
        channel=channel,
        policy=policy or _DEFAULT_POLICY,
        notes=notes or "",
        incoming=profile.text if profile is not None else None,
    )


def _finding(
    ctx: LintContext, loaded: LoadedRule, hit: Hit, replacements: Iterable[str]
) -> Finding:
    rule = loaded.rule
    start, end = (hit.start, hit.end) if hit.original else ctx.text.span(hit.start, hit.end)
    suggestions = list(hit.suggestions) if hit.suggestions is not None else list(replacements)
    return Finding(
        rule=rule.id,
        category=rule.category,
        level=rule.level,
        start=start,
        end=end,
        text=ctx.text.original[start:end],
        message=hit.message or rule.message,
        suggestions=suggestions,
        hint=rule.suggestion,
    )


def _applies(loaded: LoadedRule, ctx: LintContext) -> bool:
    return ctx.channel in loaded.rule.channels and loaded.id not in ctx.policy.disabled_rules


def raw_findings(ctx: LintContext, rules: RuleSet, only: str | None = None) -> list[Finding]:
    """Every finding of every rule (or of rule ``only``), before deduplication."""
    out: list[Finding] = []
    words = ctx.words
    for match in rules.phrases.find(words):
        if only is not None and match.ref.rule != only:
            continue
        loaded = rules.rules[match.ref.rule]
        if not _applies(loaded, ctx):
            continue
        hit = Hit(words[match.first].start, words[match.last].end)
        out.append(_finding(ctx, loaded, hit, match.ref.replacements))
    selected = rules.rules.values() if only is None else [rules.rules[only]]
    for loaded in selected:
        rule = loaded.rule
        if isinstance(rule, PhrasesRule) or not _applies(loaded, ctx):
            continue
        if isinstance(rule, PatternRule):
            out.extend(_finding(ctx, loaded, hit, ()) for hit in _pattern_hits(loaded, rule, ctx))
        elif isinstance(rule, CheckRule) and loaded.check is not None:
            out.extend(_finding(ctx, loaded, hit, ()) for hit in loaded.check(ctx, loaded.params))
    return out


def _pattern_hits(loaded: LoadedRule, rule: PatternRule, ctx: LintContext) -> list[Hit]:
    if ctx.incoming_text and any(p.search(ctx.incoming_text) for p in loaded.unless_incoming):
        return []
    haystack = ctx.text.cased if rule.case_sensitive else ctx.text.text
    hits = []
    for pattern in loaded.patterns:
        has_hit_group = "hit" in pattern.groupindex
        for m in pattern.finditer(haystack):
            start, end = m.span("hit") if has_hit_group else m.span()
            if end > start:
                hits.append(Hit(start, end))
    return hits


def _priority(rules: RuleSet, f: Finding) -> tuple[int, int, int]:
    kind = rules.rules[f.rule].rule.kind if f.rule in rules.rules else "check"
    return (_KIND_RANK[kind], -(f.end - f.start), LEVEL_ORDER[f.level])


def dedupe(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """Among overlapping findings of one category keep the most specific one.

    Specific means: a phrase entry over a pattern over a structural check, then the longer
    span, then the more severe level. Findings of different categories all stay.
    """
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: _priority(rules, f)):
        if any(
            (k.category == f.category and k.start < f.end and f.start < k.end)
            or (k.rule == f.rule and (k.start, k.end) == (f.start, f.end))
            for k in kept
        ):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, LEVEL_ORDER[f.level], f.rule))


def lint(
    text: str,
    *,
    incoming: str | StyleProfile | None = None,
    nickname: str | None = None,
    channel: Channel = "private",
    policy: Policy | None = None,
    notes: str = "",
    rules: RuleSet | None = None,
    morph: Morphology | None = None,
) -> list[Finding]:
    """Check a reply before it is sent; findings are sorted by position.

    ``incoming`` is the customer's message (analysed here) or its :class:`StyleProfile`;
    ``nickname`` the customer's profile name; ``notes`` the operator's facts (sums, dates,
    decisions) that promises in the reply must be backed by. ``rules`` defaults to the rule
    set in ``get_settings().rules_dir``, loaded once; a broken rule file raises
    :class:`~assistant.errors.RuleError`.
    """
    rule_set = rules if rules is not None else get_rules()
    ctx = build_context(
        text,
        incoming=incoming,
        nickname=nickname,
        channel=channel,
        policy=policy,
        notes=notes,
        morph=morph,
    )
    return dedupe(raw_findings(ctx, rule_set), rule_set)
