"""Personal data in a public reply, found by :func:`assistant.pii.find_pii` (checksums).

Company numbers are not personal data: toll-free numbers («8 800 …») are ignored, so giving
the hotline number the customer asked for is not a leak. Balances and amounts on the
customer's account are the ``pii/balance`` pattern rule.
"""

from __future__ import annotations

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext


class PiiParams(Params):
    #: Kinds reported; ``None``: every kind of :data:`assistant.pii.KIND_NAMES` but
    #: ``address`` (a reply may give the company's own address).
    kinds: tuple[str, ...] | None = None
    #: Phone prefixes (digits only, after +7/8 → 7) of company numbers, not personal data.
    company_phone_prefixes: tuple[str, ...] = ("7800",)
    #: E-mail domains of the company itself.
    company_email_domains: tuple[str, ...] = ()
    #: Message per kind; ``{kind}`` is replaced by the kind's Russian name.
    message: str = (
        "В публичном ответе {kind}: всё, что написано в открытой ветке, видят и "
        "скриншотят посторонние. Уберите данные и продолжите в личных сообщениях."
    )


def _words(text: str) -> set[str]:
    return {w for w in text.lower().replace("ё", "е").split() if w}


def _is_profile_name(text: str, nickname: str | None) -> bool:
    """Whether every word of a found name stands in the customer's profile name."""
    return bool(nickname) and _words(text) <= _words(nickname or "")


@register("pii_in_public", PiiParams)
def pii_in_public(ctx: LintContext, params: PiiParams) -> list[Hit]:
    """Cards, accounts, passports, СНИЛС, ИНН, phones, e-mails, card codes and expiry dates,
    birth dates, full names (spans in the original)."""
    from assistant.pii import KIND_NAMES, find_pii

    kinds = params.kinds or tuple(k for k in KIND_NAMES if k != "address")
    hits = []
    for match in find_pii(ctx.text.original):
        if match.kind not in kinds:
            continue
        if match.kind == "phone":
            digits = match.digits
            if digits.startswith("8") and len(digits) == 11:
                digits = "7" + digits[1:]
            if any(digits.startswith(p) for p in params.company_phone_prefixes):
                continue
        if match.kind == "name" and _is_profile_name(match.text, ctx.nickname):
            continue  # the customer's own public display name is how we address them
        if match.kind == "email":
            domain = match.text.rsplit("@", 1)[-1].lower()
            if domain in params.company_email_domains:
                continue
        message = params.message.replace("{kind}", KIND_NAMES.get(match.kind, match.kind))
        hits.append(Hit(match.start, match.end, message=message, original=True))
    return hits
