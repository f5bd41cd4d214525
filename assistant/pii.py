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

Numbers written back to back («4276 3800 1234 5679 5469 3800 4711 2231», an ИНН and a
phone separated by a space) form one run of digit groups; the run is split at group
boundaries into the pieces that cover the most digits with a kind each, so neither number
is lost in a run that matches nothing as a whole.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from stdnum import luhn
from stdnum.ru import inn as ru_inn

from assistant.config import get_settings
from assistant.errors import TextTooLongError
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
# A run of digit groups with short separators (space, dash, dot, parentheses), optional
# leading + or (. Greedy with no look-ahead, so scanning stays linear; glued words are
# handled in code.
_RUN = re.compile(r"\+?\(?\d(?:[ \-.()]{0,2}\d)*")
_GROUP = re.compile(r"\d+")
_WORD_CHAR = re.compile(r"\w")
#: The fewest and most digits any kind has (a phone or passport; an account).
_MIN_DIGITS, _MAX_DIGITS = 10, 20
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


def find_pii(text: str, *, max_chars: int | None = None) -> list[PiiMatch]:
    """Every piece of personal data in ``text``, sorted by position, spans in ``text``.

    A text longer than ``max_chars`` (default: the configured ``max_input_chars``) raises
    :class:`~assistant.errors.TextTooLongError` before any work: splitting long runs of
    digit groups costs about 0.5 s at the 20 000-character limit and grows with the text.
    """
    TextTooLongError.check(text, get_settings().max_input_chars if max_chars is None else max_chars)
    norm = normalize(text, form="NFKC")
    source = norm.text
    found: list[tuple[PiiKind, int, int]] = []
    for m in _EMAIL.finditer(source):
        found.append(("email", m.start(), m.end()))
    for m in _PASSPORT.finditer(source):
        found.append(("passport", m.start(), m.end()))
    taken = sorted((s, e) for _, s, e in found)  # e-mails and passports: numbers skip them
    starts = [s for s, _ in taken]
    for m in _RUN.finditer(source):
        for kind, start, end in _number_pieces(source, m):
            at = bisect.bisect_left(starts, end)  # taken[:at] start before this one ends
            if not any(e > start for _, e in taken[max(0, at - 4) : at]):
                found.append((kind, start, end))
    out = []
    for kind, start, end in sorted(found, key=lambda f: f[1]):
        o_start, o_end = norm.span(start, end)
        out.append(PiiMatch(kind, o_start, o_end, text[o_start:o_end]))
    return out


def _number_pieces(source: str, run: re.Match[str]) -> list[tuple[PiiKind, int, int]]:
    """The personal-data numbers in one run of digit groups, as ``(kind, start, end)``.

    The run is cut at group boundaries: of all ways to cut it, the one whose classified
    pieces cover the most digits wins (ties: more pieces, so two back-to-back numbers are
    not read as one 20-digit account; an account is only taken as one unbroken group or
    the whole run). A group glued to a word («abc123») is no number.
    """
    groups = [(run.start() + g.start(), run.start() + g.end()) for g in _GROUP.finditer(run[0])]
    if run.start() > 0 and _WORD_CHAR.match(source[run.start() - 1]):
        groups = groups[1:]
    if run.end() < len(source) and _WORD_CHAR.match(source[run.end()]):
        groups = groups[:-1]
    k = len(groups)
    if sum(e - s for s, e in groups) < _MIN_DIGITS:
        return []

    def piece(i: int, j: int) -> tuple[str, int, int]:
        start, end = groups[i][0], groups[j - 1][1]
        text = source[start:end]
        if start > run.start() and source[start - 1] == "(" and ")" in text:
            start -= 1
        if start > run.start() and source[start - 1] == "+":
            start -= 1
        return source[start:end], start, end

    number = "".join(source[s:e] for s, e in groups)
    offsets = [0]
    for s, e in groups:
        offsets.append(offsets[-1] + e - s)

    # best[i]: (digits covered, pieces, piece taken at i or None, next index) for
    # groups[i:], filled right to left; the cut is read back by following ``next``.
    Best = tuple[int, int, tuple[PiiKind, int, int] | None, int]
    best: list[Best] = [(0, 0, None, k)] * (k + 1)
    for i in range(k - 1, -1, -1):
        choice: Best = (best[i + 1][0], best[i + 1][1], None, i + 1)
        digits = 0
        for j in range(i + 1, k + 1):
            digits += groups[j - 1][1] - groups[j - 1][0]
            if digits > _MAX_DIGITS:
                break
            if digits < _MIN_DIGITS:
                continue
            if 12 < digits < _MAX_DIGITS and not luhn.is_valid(number[offsets[i] : offsets[j]]):
                continue  # 13–19 digits are a card or nothing: the cheap test first
            raw, start, end = piece(i, j)
            kind = _classify(raw, source[max(0, start - 40) : start])
            if kind is None or (kind == "account" and j - i > 1 and (i, j) != (0, k)):
                # «20 digits» is only a format guess: trust it for one unbroken group or
                # the whole run, never for a slice across two numbers.
                continue
            candidate: Best = (digits + best[j][0], best[j][1] + 1, (kind, start, end), j)
            if candidate[:2] >= choice[:2]:  # ties: the earlier piece, as read
                choice = candidate
        best[i] = choice
    out: list[tuple[PiiKind, int, int]] = []
    i = 0
    while i < k:
        _, _, taken, i = best[i]
        if taken is not None:
            out.append(taken)
    return out
