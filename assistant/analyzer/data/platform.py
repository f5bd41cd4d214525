"""Platform syntax that is not the customer's own words, per platform.

Each entry is ``(platform, kind, regex)``. What matches is recognised (mentions become
:class:`~assistant.analyzer.models.Mention`), kept in ``profile.platform_syntax`` and blanked
out (replaced by spaces, offsets kept) before the greeting, ты/вы, caps, name, emoji, mood
and urgency decisions run: a leading «@bank_help» does not hide a greeting, a quoted
operator line does not count as the customer's «вы», a «…_RUS» handle is not shouting.

Named groups: ``target`` (id or handle), ``name`` (a VK display name, exactly as written).
"""

from __future__ import annotations

#: ``(platform, kind, pattern)``; ``kind`` is ``mention`` (gives a Mention), ``quote``,
#: ``reply_header``, ``forward_header`` or ``signature``.
PLATFORM_SYNTAX: tuple[tuple[str, str, str], ...] = (
    # VK reply/mention markup: «[id123|Анна]», «[club456|Банк]», «[public78|Магазин]»
    (
        "vk",
        "mention",
        r"\[(?P<target>(?:id|club|public|event)\d{1,12})\|(?P<name>[^\]\[|\n]{1,100})\]",
    ),
    # VK mention as typed: «@id123 (Анна)», «*club456 (Банк)»
    (
        "vk",
        "mention",
        r"[@*](?P<target>(?:id|club|public)\d{1,12})(?:[ \t]*\((?P<name>[^()\n]{1,100})\))?",
    ),
    # Telegram, Twitter/X, Instagram, TikTok handles: «@bank_help», «@megafon_help_RUS»,
    # «@ivan.petrov» (Instagram allows dots); not an e-mail (a word character before «@»).
    (
        "handle",
        "mention",
        r"(?<![\w@.])@(?P<target>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?)",
    ),
    # A quoted line of a reply: «> Ваш запрос передан специалисту»
    ("any", "quote", r"(?m)^[ \t]*(?:>|&gt;)(?![_<(:)]).*$"),
    # Reply headers that apps paste above the answer
    (
        "any",
        "reply_header",
        r"(?im)^[ \t]*(?:в[ \t]+)?ответ[ \t]+на[ \t]+(?:сообщение|комментарий|запись|пост|отзыв)"
        r"(?:[ \t]+от)?\b.*$|^[ \t]*(?:in[ \t]+)?reply[ \t]+to\b.*$|^[ \t]*re:.*$",
    ),
    # Forwarded messages (Telegram, WhatsApp)
    (
        "any",
        "forward_header",
        r"(?im)^[ \t]*(?:переслано[ \t]+от|пересланное[ \t]+сообщение|forwarded[ \t]+from)\b.*$",
    ),
    # Device and mail-client signatures; the «-- » delimiter line of a mail signature
    (
        "any",
        "signature",
        r"(?im)^[ \t]*(?:отправлено|послано|написано)[ \t]+(?:с|со|из)[ \t]+[^\n]{1,60}$"
        r"|^[ \t]*sent[ \t]+(?:from|with|via)[ \t]+[^\n]{1,60}$"
        r"|^[ \t]*(?:--|—)[ \t]*$",
    ),
)
