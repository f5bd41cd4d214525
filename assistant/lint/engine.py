"""The lint pass: build the context once, run every rule, map spans back, deduplicate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict, Unpack

from assistant.errors import EmptyTextError, InputError, TextTooLongError
from assistant.lint.context import Hit, LintContext
from assistant.lint.fixes import adapt_suggestions
from assistant.lint.models import LEVEL_ORDER, Author, Channel, Finding, Policy
from assistant.lint.rules import UNLESS, LoadedRule, RuleSet, get_rules
from assistant.lint.schema import CheckRule, PatternRule, PhrasesRule, TokensRule
from assistant.lint.text import LintText, Word
from assistant.text.morph import Morphology, get_morphology

if TYPE_CHECKING:
    from assistant.analyzer.models import StyleProfile

_KIND_RANK = {"phrases": 0, "tokens": 0, "pattern": 1, "check": 2}
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
    author: Author = "operator",
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
    if author not in ("model", "operator"):
        raise InputError(f"Автор текста — model или operator, а не {author!r}.")
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
        author=author,
    )


def _finding(
    ctx: LintContext, loaded: LoadedRule, hit: Hit, replacements: Iterable[str]
) -> Finding:
    rule = loaded.rule
    start, end = (hit.start, hit.end) if hit.original else ctx.text.span(hit.start, hit.end)
    if hit.suggestions is not None:
        suggestions = list(hit.suggestions)
    else:
        start, end, suggestions = adapt_suggestions(ctx, start, end, tuple(replacements))
    level = rule.level
    if ctx.author == "operator" and rule.operator_level is not None:
        level = rule.operator_level
    return Finding(
        rule=rule.id,
        category=rule.category,
        level=level,
        start=start,
        end=end,
        text=ctx.text.original[start:end],
        message=hit.message or rule.title,
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
    for token_match in rules.tokens.find([w.text for w in words], [w.after_break for w in words]):
        key = token_match.key
        if key.endswith(UNLESS) or (only is not None and key != only):
            continue
        loaded = rules.rules[key]
        rule = loaded.rule
        assert isinstance(rule, TokensRule)
        first, last = token_match.first, token_match.last
        if rule.negations and any(
            w.text in rule.negations for w in words[max(first - 1, 0) : last + 1]
        ):
            continue
        if not _applies(loaded, ctx) or (rule.unless_incoming and _customer_asked(ctx, rules, key)):
            continue
        hit = Hit(words[first].start, words[last].end)
        out.append(_finding(ctx, loaded, hit, rule.replacements))
    selected = rules.rules.values() if only is None else [rules.rules[only]]
    for loaded in selected:
        rule = loaded.rule
        if isinstance(rule, PhrasesRule | TokensRule) or not _applies(loaded, ctx):
            continue
        if isinstance(rule, PatternRule):
            out.extend(_finding(ctx, loaded, hit, ()) for hit in _pattern_hits(loaded, rule, ctx))
        elif isinstance(rule, CheckRule) and loaded.check is not None:
            out.extend(_finding(ctx, loaded, hit, ()) for hit in loaded.check(ctx, loaded.params))
    return out


def _customer_asked(ctx: LintContext, rules: RuleSet, rule_id: str) -> bool:
    """Whether a ``unless_incoming`` pattern of the rule matches the customer's message."""
    if not ctx.incoming_text:
        return False
    keys = ctx.memo.get("incoming_token_keys")
    if keys is None:
        words: list[Word] = ctx.incoming_lint.words if ctx.incoming_lint is not None else []
        found = rules.incoming_tokens.find([w.text for w in words], [w.after_break for w in words])
        keys = ctx.memo["incoming_token_keys"] = {m.key for m in found}
    return rule_id + UNLESS in keys  # type: ignore[operator]


def _pattern_hits(loaded: LoadedRule, rule: PatternRule, ctx: LintContext) -> list[Hit]:
    haystack = ctx.text.cased if rule.case_sensitive else ctx.text.text
    hits = []
    for pattern in loaded.patterns:
        has_hit_group = "hit" in pattern.groupindex
        for m in pattern.finditer(haystack):
            start, end = m.span("hit") if has_hit_group else m.span()
            if end > start:
                hits.append(Hit(start, end))
    # the customer's message is read only when the reply has something to excuse
    if (
        hits
        and loaded.unless_incoming
        and ctx.incoming_text
        and any(p.search(ctx.incoming_text) for p in loaded.unless_incoming)
    ):
        return []
    return hits


def _priority(rules: RuleSet, f: Finding) -> tuple[int, bool, int, int]:
    kind = rules.rules[f.rule].rule.kind if f.rule in rules.rules else "check"
    return (_KIND_RANK[kind], not f.suggestions, -(f.end - f.start), LEVEL_ORDER[f.level])


def dedupe(findings: list[Finding], rules: RuleSet) -> list[Finding]:
    """Among overlapping findings of one category keep the most specific one.

    Specific means: a phrase entry or token rule over a pattern over a structural check,
    then one with a fix, then the longer span, then the more severe level. Findings of
    different categories all stay.
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


class ContextOptions(TypedDict, total=False):
    """The keywords of :func:`lint` that describe the reply's context (:func:`build_context`)."""

    incoming: str | StyleProfile | None
    nickname: str | None
    channel: Channel
    policy: Policy | None
    notes: str
    morph: Morphology | None
    author: Author


def lint(
    text: str, *, rules: RuleSet | None = None, **context: Unpack[ContextOptions]
) -> list[Finding]:
    """Check a reply before it is sent; findings are sorted by position.

    ``incoming`` is the customer's message (analysed here) or its :class:`StyleProfile`;
    ``nickname`` the customer's profile name; ``channel`` ``"private"`` (default) or
    ``"public"``; ``notes`` the operator's facts (sums, dates, decisions) that promises in
    the reply must be backed by. ``rules`` defaults to the rule set in
    ``get_settings().rules_dir``, loaded once; a broken rule file raises
    :class:`~assistant.errors.RuleError`. ``author`` (default ``"operator"``) is who wrote
    the text: promises in a ``"model"`` draft (kept as-is by the operator or not) are errors
    unless the notes back them; in text the ``"operator"`` typed they are suggestions
    (``operator_level``). The defaults are :func:`build_context`'s.
    """
    rule_set = rules if rules is not None else get_rules()
    return dedupe(raw_findings(build_context(text, **context), rule_set), rule_set)


def explain(rule_id: str, rules: RuleSet | None = None) -> str:
    """Why a rule matters (its ``message``), to show once per rule on demand."""
    rule_set = rules if rules is not None else get_rules()
    loaded = rule_set.rules.get(rule_id)
    if loaded is None:
        raise InputError(f"Нет правила {rule_id!r}.")
    return loaded.rule.message
