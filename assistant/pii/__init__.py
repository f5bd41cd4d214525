"""Personal data in free text: numbers, e-mails, card codes and dates, names and addresses.

One detector serves three jobs: the drafter masks what it finds before the text reaches an
external model (and restores it in the draft), the linter's ``pii`` category flags it in a
public reply, and :func:`public_alert` warns the operator when the *customer* posted it in
a public comment. Matching runs on the NFKC-normalised text (fullwidth digits, zero-width
characters inside a number) and reports spans in the original text.

Detectors (each documented in its module):

* :mod:`assistant.pii.numbers` — cards (Luhn), accounts, passports, СНИЛС, ИНН, phones,
  e-mails, with checksums and any of space, dash, dot, slash, underscore between groups;
* :mod:`assistant.pii.context` — spelled-out e-mails («ivan [at] mail [dot] ru»,
  «собака»), CVV, expiry and birth dates near their keywords, 5–7-digit local phones;
* :mod:`assistant.pii.names` — full names (pymorphy3 grammemes + natasha's slovnet NER,
  lazily loaded) and postal addresses (a street grammar).

Overlaps resolve to the earlier, then the longer match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from assistant.config import get_settings
from assistant.errors import TextTooLongError
from assistant.pii.context import find_in_context
from assistant.pii.kinds import KIND_NAMES, PiiKind, PiiMatch
from assistant.pii.names import find_addresses, find_names, ner_loaded
from assistant.pii.numbers import find_numbers, snils_is_valid
from assistant.text.normalize import normalize

if TYPE_CHECKING:
    from assistant.analyzer.models import Evidence, StyleProfile

__all__ = [
    "KIND_NAMES",
    "PUBLIC_ALERT",
    "PiiKind",
    "PiiMatch",
    "alert_message",
    "find_pii",
    "ner_loaded",
    "public_alert",
    "snils_is_valid",
    "with_channel",
]


def find_pii(text: str, *, max_chars: int | None = None, names: bool = True) -> list[PiiMatch]:
    """Every piece of personal data in ``text``, sorted by position, spans in ``text``.

    ``names=False`` skips full names (and so the NER). A text longer than ``max_chars``
    (default: the configured ``max_input_chars``) raises
    :class:`~assistant.errors.TextTooLongError` before any work: splitting long runs of
    digit groups costs about 0.5 s at the 20 000-character limit and grows with the text.
    """
    TextTooLongError.check(text, get_settings().max_input_chars if max_chars is None else max_chars)
    norm = normalize(text, form="NFKC")
    source = norm.text
    found = find_numbers(source) + find_in_context(source) + find_addresses(source)
    if names:
        found += find_names(source)
    out: list[PiiMatch] = []
    end = -1
    for kind, start, stop in sorted(found, key=lambda f: (f[1], -f[2])):
        if start < end:  # inside (or across) an earlier, longer match
            continue
        o_start, o_end = norm.span(start, stop)
        out.append(PiiMatch(kind, o_start, o_end, text[o_start:o_end]))
        end = stop
    return out


#: What the operator is told when a customer posted personal data in public.
PUBLIC_ALERT = (
    "Клиент написал в открытом комментарии {kinds}. Скройте комментарий (или попросите "
    "клиента удалить его) и продолжите в личных сообщениях; в ответе данные не повторяйте."
)


def alert_message(found: list[Evidence]) -> str | None:
    """The operator's alert for :attr:`StyleProfile.public_pii` (``None`` when empty)."""
    if not found:
        return None
    kinds: list[str] = []
    for e in found:
        name = KIND_NAMES.get(e.label.removeprefix("pii:"), e.label)  # type: ignore[call-overload]
        if name not in kinds:
            kinds.append(name)
    return PUBLIC_ALERT.replace("{kinds}", ", ".join(kinds))


def public_alert(text: str, channel: Literal["public", "private"]) -> list[Evidence]:
    """Personal data the customer posted in ``text``, when ``channel`` is public (else ``[]``).

    Each item is an :class:`~assistant.analyzer.models.Evidence` labelled ``pii:<kind>``
    with its span in ``text``, for the operator's alert and highlights.
    """
    from assistant.analyzer.models import Evidence

    if channel != "public" or not text:
        return []
    return [
        Evidence(label=f"pii:{m.kind}", text=m.text, start=m.start, end=m.end)
        for m in find_pii(text)
    ]


def with_channel(profile: StyleProfile, channel: Literal["public", "private"]) -> StyleProfile:
    """``profile`` with :attr:`~StyleProfile.public_pii` filled for ``channel``.

    The analyzer does not know where the message was posted; the drafter and the UI, which
    do, call this after :func:`~assistant.analyzer.analyze`.
    """
    found = public_alert(profile.text, channel)
    return profile.model_copy(update={"public_pii": found}) if found else profile
