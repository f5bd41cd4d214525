"""Emoji and emoticons in the reply, counted the same way as in the customer's message.

The reply's emoji are found by the analyzer's own detector, so «)))» from the customer and
«)» in the reply are counted alike.
"""

from __future__ import annotations

from assistant.analyzer.emoji import detect_emoji
from assistant.analyzer.models import EmojiItem
from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext


def reply_emoji(ctx: LintContext) -> list[EmojiItem]:
    """Emoji and emoticons of the reply; spans in the original reply."""
    from assistant.analyzer.doc import Doc

    items = ctx.memo.get("reply_emoji")
    if items is None:
        items = ctx.memo["reply_emoji"] = detect_emoji(Doc(ctx.text.norm, ctx.morph)).items
    return items  # type: ignore[return-value]


class UpsetParams(Params):
    #: Count laughter («ахаха») too, not only emoji and emoticons.
    include_laughter: bool = True


@register("emoji_to_upset", UpsetParams)
def emoji_to_upset(ctx: LintContext, params: UpsetParams) -> list[Hit]:
    """Every emoji/emoticon when the customer is upset or the matter is urgent."""
    if ctx.profile is None or not ctx.profile.upset:
        return []
    return [
        Hit(i.start, i.end, original=True)
        for i in reply_emoji(ctx)
        if params.include_laughter or i.kind != "laughter"
    ]


class ExcessParams(Params):
    pass


@register("emoji_excess", ExcessParams)
def emoji_excess(ctx: LintContext, params: ExcessParams) -> list[Hit]:
    """Emoji beyond the customer's count plus ``policy.max_emoji_over_customer``.

    With ``policy.allow_emoji`` off every emoji is excess; without the customer's message
    nothing is (the allowance is unknown).
    """
    if ctx.policy.allow_emoji:
        if ctx.profile is None:
            return []
        allowed = ctx.profile.emoji.count + ctx.policy.max_emoji_over_customer
    else:
        allowed = 0
    items = reply_emoji(ctx)
    if len(items) <= allowed:
        return []
    customer = ctx.profile.emoji.count if ctx.profile is not None else 0
    message = (
        f"Эмодзи в ответе: {len(items)}, у клиента: {customer}. Лишние смайлы читаются как "
        "неискренность или несерьёзность: держитесь уровня клиента."
        if ctx.policy.allow_emoji
        else "Правила бренда не допускают эмодзи в ответах."
    )
    return [Hit(i.start, i.end, message=message, original=True) for i in items[allowed:]]
