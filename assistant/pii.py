"""Personal data in free text: card and account numbers, passport, СНИЛС, ИНН, phones, e-mail.

One detector serves two jobs: the drafter masks what it finds before the text reaches an
external model, and the linter's ``pii`` category flags it in a public reply. Checksums keep
false alarms down: a card must pass Luhn, СНИЛС and ИНН their control digits. Matching runs
on the NFKC-normalised text (fullwidth digits, zero-width characters inside a number) and
reports spans in the original text.

Classification of a run of digits, in order:

* 20 digits → ``account`` (a Russian bank account);
* 13–19 digits passing Luhn → ``card``;
* «NNN-NNN-NNN NN» or 11 digits with a valid СНИЛС checksum that do not look like a
  mobile number → ``snils``;
* +7 / 8 / 7 followed by ten digits, or ten digits starting with 9 → ``phone``;
* «NN NN NNNNNN», «NNNN NNNNNN», or ten digits after the word «паспорт» → ``passport``;
* 10 or 12 digits with a valid ИНН checksum → ``inn``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from stdnum import luhn
from stdnum.ru import inn as ru_inn

from assistant.text.normalize import normalize

PiiKind = Literal["card", "account", "passport", "snils", "inn", "phone", "email"]

#: Russian names of the kinds, for messages and placeholders.
KIND_NAMES: dict[PiiKind, str] = {
    "card": "номер карты",
    "account": "номер счёта",
    "passport": "паспортные данные",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "phone": "номер телефона",
    "email": "адрес почты",
}


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One piece of personal data: its kind and ``[start, end)`` in the original text."""

    kind: PiiKind
    start: int
    end: int
    text: str

    @property
    def digits(self) -> str:
        return re.sub(r"\D", "", self.text)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Zа-яА-Я]{2,}(?![\w])")
# A run of digits with single separators (space, dash, dot, parentheses), optional leading +.
_NUMBER = re.compile(r"(?<![\w+])\+?\(?\d(?:[ \-.()]{0,2}\d){6,24}(?![\w])")
_SNILS_SHAPE = re.compile(r"^\d{3}[ -]\d{3}[ -]\d{3}[ -]\d{2}$")
_PASSPORT_SHAPE = re.compile(r"^\d{2} ?\d{2} \d{6}$")
_PASSPORT_CONTEXT = re.compile(r"паспорт|серия|серии", re.IGNORECASE)
# «серия 45 08 № 123456», «4508 N 123456»: the number sign breaks a plain run of digits.
_PASSPORT = re.compile(r"(?<![\w+])\d{2} ?\d{2} ?(?:№|No\.?|N|номер) ?\d{6}(?![\w])", re.IGNORECASE)


def snils_is_valid(digits: str) -> bool:
    """The СНИЛС control number (the last two digits) matches the first nine."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    body, control = digits[:9], int(digits[9:])
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    expected = total % 101 % 100
    return control == expected


def _looks_like_mobile(digits: str, raw: str) -> bool:
    if raw.startswith("+7"):
        return len(digits) == 11
    if len(digits) == 11 and digits[0] in "78":
        return True
    return len(digits) == 10 and digits[0] == "9"


def _classify(raw: str, before: str) -> PiiKind | None:
    digits = re.sub(r"\D", "", raw)
    n = len(digits)
    if n == 20:
        return "account"
    if 13 <= n <= 19 and luhn.is_valid(digits):
        return "card"
    if n == 11 and (_SNILS_SHAPE.match(raw) or (snils_is_valid(digits) and digits[0] not in "78")):
        return "snils" if snils_is_valid(digits) or _SNILS_SHAPE.match(raw) else None
    if _looks_like_mobile(digits, raw):
        return "phone"
    if n == 10 and (_PASSPORT_SHAPE.match(raw) or _PASSPORT_CONTEXT.search(before)):
        return "passport"
    if n in (10, 12) and ru_inn.is_valid(digits):
        return "inn"
    return None


def find_pii(text: str) -> list[PiiMatch]:
    """Every piece of personal data in ``text``, sorted by position, spans in ``text``."""
    norm = normalize(text, form="NFKC")
    source = norm.text
    found: list[tuple[PiiKind, int, int]] = []
    for m in _EMAIL.finditer(source):
        found.append(("email", m.start(), m.end()))
    for m in _PASSPORT.finditer(source):
        found.append(("passport", m.start(), m.end()))
    for m in _NUMBER.finditer(source):
        raw = m.group().strip(" -.")
        start = m.start() + m.group().index(raw)
        if raw.startswith("(") and ")" not in raw:
            raw, start = raw[1:], start + 1
        if raw.endswith(")") and "(" not in raw:
            raw = raw[:-1]
        if any(s <= start < e for _, s, e in found):
            continue
        kind = _classify(raw, source[max(0, start - 40) : start])
        if kind is not None:
            found.append((kind, start, start + len(raw)))
    out = []
    for kind, start, end in sorted(found, key=lambda f: f[1]):
        o_start, o_end = norm.span(start, end)
        out.append(PiiMatch(kind, o_start, o_end, text[o_start:o_end]))
    return out
