"""Personal data never reaches the model: mask it with placeholders, restore it after.

One :class:`Masker` serves one conversation (one draft call): the same card number gets
the same placeholder in the message, the history and the notes, and two conversations
never share a table, so they can never swap values. Placeholders look like ``[КАРТА_1]``;
the model is told to keep them, and :meth:`Masker.unmask` tolerates small changes to them
(``[карта 1]``, ``[ КАРТА-1 ]``).
"""

from __future__ import annotations

import re

from assistant.pii import PiiKind, PiiMatch, find_pii
from assistant.pii.numbers import SEPARATORS

LABELS: dict[PiiKind, str] = {
    "card": "КАРТА",
    "account": "СЧЁТ",
    "passport": "ПАСПОРТ",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "phone": "ТЕЛЕФОН",
    "email": "ПОЧТА",
    "cvv": "CVV",
    "expiry": "СРОК",
    "birthdate": "ДАТА_РОЖДЕНИЯ",
    "address": "АДРЕС",
    "name": "ФИО",
}
#: Any other long run of digits (a safety net: two numbers written back to back can read as
#: one run that matches no kind, and must not leak either).
NUMBER_LABEL = "НОМЕР"
_LONG_NUMBER = re.compile(rf"(?<![\w+])\+?\d(?:{SEPARATORS}{{0,3}}\d){{9,}}(?![\w])")
_LABEL_ALT = "|".join(["СЧЕТ", NUMBER_LABEL, *LABELS.values()])
PLACEHOLDER = re.compile(rf"\[\s*({_LABEL_ALT})[\s_-]?(\d+)\s*\]", re.IGNORECASE)


def _key(match: PiiMatch) -> tuple[str, str]:
    if match.kind == "email":
        return match.kind, match.text.strip().lower()
    return match.kind, match.digits or match.text


class Masker:
    """The placeholder table of one conversation."""

    def __init__(self, *, max_chars: int | None = None) -> None:
        #: Longest text :meth:`mask` accepts (default: the configured ``max_input_chars``).
        self.max_chars = max_chars
        self._by_key: dict[tuple[str, str], str] = {}
        self._values: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    @property
    def table(self) -> dict[str, str]:
        """Placeholder → original value (a copy)."""
        return dict(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def placeholder(self, match: PiiMatch) -> str:
        return self._placeholder(LABELS[match.kind], _key(match), match.text)

    def _placeholder(self, label: str, key: tuple[str, str], value: str) -> str:
        found = self._by_key.get(key)
        if found is not None:
            return found
        self._counts[label] = self._counts.get(label, 0) + 1
        placeholder = f"[{label}_{self._counts[label]}]"
        self._by_key[key] = placeholder
        self._values[placeholder] = value
        return placeholder

    def mask(self, text: str) -> str:
        """``text`` with every piece of personal data replaced by its placeholder."""
        if not text:
            return text
        parts: list[str] = []
        pos = 0
        for m in find_pii(text, max_chars=self.max_chars):
            if m.start < pos:
                continue
            parts.append(text[pos : m.start])
            parts.append(self.placeholder(m))
            pos = m.end
        parts.append(text[pos:])
        masked = "".join(parts)
        masked = _LONG_NUMBER.sub(
            lambda m: self._placeholder(
                NUMBER_LABEL, ("number", re.sub(r"\D", "", m.group())), m.group()
            ),
            masked,
        )
        return self._known(masked) if self._values else masked

    def _known(self, text: str) -> str:
        """Values masked earlier in this conversation, masked again wherever they recur.

        A CVV, a birth date or a local phone is recognised by its keyword; when the model's
        draft is sent back for revision («Проверили: 1 апреля 1991») the keyword is gone,
        but the value is still this customer's and must not reach the model.
        """
        values = sorted(self._values.items(), key=lambda kv: -len(kv[1]))
        pattern = re.compile(
            "|".join(rf"(?<![\w\d]){re.escape(value)}(?![\w\d])" for _, value in values)
        )
        by_value = {value: placeholder for placeholder, value in values}
        out: list[str] = []
        pos = 0
        for m in PLACEHOLDER.finditer(text):  # never rewrite inside a placeholder
            out.append(pattern.sub(lambda v: by_value[v.group()], text[pos : m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(pattern.sub(lambda v: by_value[v.group()], text[pos:]))
        return "".join(out)

    def unmask(self, text: str) -> str:
        """``text`` with this conversation's placeholders restored; unknown ones stay."""
        if not self._values or "[" not in text:
            return text

        def restore(m: re.Match[str]) -> str:
            label = m.group(1).upper().replace("СЧЕТ", "СЧЁТ")
            return self._values.get(f"[{label}_{m.group(2)}]", m.group(0))

        return PLACEHOLDER.sub(restore, text)
