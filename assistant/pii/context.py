"""Personal data recognised by its neighbourhood: keywords, spelled-out e-mails, short phones.

* an e-mail written with «[at]», «(at)», « at », «собака» and «[dot]», «точка», or a space
  before a known top-level domain («dima собака мейл ру»);
* ``cvv`` — three or four digits shortly after «CVV», «CVC», «код на обороте», «три цифры»;
* ``expiry`` — «MM/YY», «MM/YYYY», «MM.YY» near «срок», «действует до», «истекает», «exp»;
* ``birthdate`` — a date with a year (digits or «3 мая 1979») near «дата рождения», «д.р.»,
  «родился», «года рождения» (before or after);
* ``phone`` — a local number of 5–7 digits: shaped «234-56-78» / «22-33-444», or any 5–7
  digits shortly after «телефон», «звоните», «домашний», «городской».

Everything runs on the NFKC-normalised text, lower-cased patterns, linear regexes.
"""

from __future__ import annotations

import re

from assistant.pii.kinds import PiiKind

Span = tuple[PiiKind, int, int]

_AT = (
    r"(?:\s*(?:@|\[\s*(?:at|собака)\s*\]|\(\s*(?:at|собака)\s*\)|\{\s*at\s*\})\s*"
    r"|\s+(?:at|собака)\s+)"
)
_DOT = r"(?:\s*(?:\.|\[\s*(?:dot|точка)\s*\]|\(\s*(?:dot|точка)\s*\))\s*|\s+(?:dot|точка)\s+|\s+)"
_TLD = r"(?:ru|com|net|org|рф|ру|ком|ua|by|kz|info|io|me|su|uk|de)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])[a-z0-9][\w.+-]*{_AT}[a-zа-я0-9][\w-]*(?:{_DOT}[a-zа-я0-9][\w-]*){{0,3}}?{_DOT}{_TLD}(?!\w)",
    re.IGNORECASE,
)
_CVV = re.compile(
    r"(?:\bcvv2?|\bcvc2?|\bcvv-?код\w*|код\w*\s+(?:на\s+обороте|безопасности|с\s+обратной"
    r"\s+стороны)|(?:три|3)\s+цифр\w*|секретн\w+\s+код\w*|security\s+code)"
    r"[^\d\n]{0,25}?(?<!\d)(\d{3,4})(?![\d/.])",
    re.IGNORECASE,
)
_EXPIRY = re.compile(
    r"(?:срок\w*(?:\s+действия)?(?:\s+карт\w*)?|действ\w+\s+до|годн\w+\s+до|истека\w*"
    r"|\bexp\w*|valid\s+(?:thru|through|until))"
    r"[^\d\n]{0,20}?(?<!\d)((?:0?[1-9]|1[0-2])\s?[/.\-]\s?(?:20)?\d{2})(?![\d/.])",
    re.IGNORECASE,
)
_MONTHS = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_DATE = (
    rf"(?:(?<!\d)(?:[0-3]?\d[./-][01]?\d[./-](?:19|20)\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d"
    rf"|[0-3]?\d\s+{_MONTHS}\s+(?:19|20)\d\d)(?!\d))"
)
_BIRTH_WORD = (
    r"(?:дат\w*\s+рождени\w*|\bд\.?\s?р\.?(?=[\s:])|\bдр\b|родил\w*|рожд\w*\.?|\bborn\b"
    r"|\bdob\b|date\s+of\s+birth)"
)
_BIRTH_BEFORE = re.compile(rf"{_BIRTH_WORD}[^\d\n]{{0,20}}?({_DATE})", re.IGNORECASE)
_BIRTH_AFTER = re.compile(rf"({_DATE})(?:\s*(?:г\.?|года?))?\s+рождени", re.IGNORECASE)
_LOCAL_SHAPE = re.compile(r"(?<![\d\w+/.-])(\d{3}-\d{2}-\d{2}|\d{2}-\d{2}-\d{3})(?![\d\w/.-])")
_PHONE_WORD = re.compile(
    r"(?:тел\w*|звон\w*|позвон\w*|перезвон\w*|городск\w*|домашн\w*|рабоч\w*|мобильн\w*"
    r"|сотов\w*|phone|call)[^\d\n]{0,20}?(?<![\d+])(\d(?:[ -]?\d){4,6})(?![\d/.])"
    # a quantity is not a phone: «по номеру телефона до 100 000 ₽», «5 000 минут»
    r"(?!\s*(?:₽|\$|€|%|руб|р\.|тыс|коп|мин|гб|мб|смс|sms|шт))",
    re.IGNORECASE,
)


def find_in_context(source: str) -> list[Span]:
    """Spelled-out e-mails, CVV, expiry, birth dates and local phones in ``source``."""
    found: list[Span] = [("email", m.start(), m.end()) for m in _SPELLED_EMAIL.finditer(source)]
    found.extend(("cvv", m.start(1), m.end(1)) for m in _CVV.finditer(source))
    found.extend(("expiry", m.start(1), m.end(1)) for m in _EXPIRY.finditer(source))
    for pattern in (_BIRTH_BEFORE, _BIRTH_AFTER):
        found.extend(("birthdate", m.start(1), m.end(1)) for m in pattern.finditer(source))
    found.extend(("phone", m.start(1), m.end(1)) for m in _LOCAL_SHAPE.finditer(source))
    found.extend(("phone", m.start(1), m.end(1)) for m in _PHONE_WORD.finditer(source))
    return found
