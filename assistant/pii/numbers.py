"""Numbers and e-mails: card and account numbers, passport, СНИЛС, ИНН, phones, e-mail.

Checksums keep false alarms down: a card must pass Luhn, СНИЛС and ИНН their control
digits. Classification of a run of digits, in order:

* 20 digits → ``account`` (a Russian bank account);
* 13–19 digits passing Luhn → ``card``;
* «NNN-NNN-NNN NN» or 11 digits with a valid СНИЛС checksum that do not look like a
  mobile number → ``snils``;
* +7 / 8 / 7 followed by ten digits, ten digits starting with 9, ten digits with an area
  code in parentheses, or + and 11–13 digits (abroad) → ``phone``;
* «NN NN NNNNNN», «NNNN NNNNNN», or ten digits after the word «паспорт» → ``passport``;
* 10 or 12 digits with a valid ИНН checksum → ``inn``.

Digit groups may be separated by up to three of space, dash, dot, slash, underscore and
parentheses («4276/3800/1234/5679», «5536 - 9100 - 4455 - 6614»). Numbers written back
to back form one run of digit groups; the run is split at group boundaries into the
pieces that cover the most digits with a kind each, so neither number is lost in a run
that matches nothing as a whole.
"""

from __future__ import annotations

import bisect
import re

from stdnum import luhn
from stdnum.ru import inn as ru_inn

from assistant.pii.kinds import PiiKind

Span = tuple[PiiKind, int, int]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Zа-яА-Я]{2,}(?![\w])")
# A run of digit groups with short separators (space, dash, dot, parentheses), optional
# leading + or (. Greedy with no look-ahead, so scanning stays linear; glued words are
# handled in code.
#: Characters allowed between digit groups of one number (at most three in a row).
SEPARATORS = r"[ \-.()/_]"
_RUN = re.compile(rf"\+?\(?\d(?:{SEPARATORS}{{0,3}}\d)*")
_GROUP = re.compile(r"\d+")
_WORD_CHAR = re.compile(r"\w")
_GLUED_MIN = 13
#: The fewest and most digits any kind has (a phone or passport; an account).
_MIN_DIGITS, _MAX_DIGITS = 10, 20
_SNILS_SHAPE = re.compile(r"^\d{3}[ -]\d{3}[ -]\d{3}[ -]\d{2}$")
_PASSPORT_SHAPE = re.compile(r"^\d{2} ?\d{2} \d{6}$")
_CARD_CONTEXT = re.compile(r"карт|card|\bмир\b|visa|master|maestro|номер", re.IGNORECASE)
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
    if raw.startswith("+"):
        return 11 <= len(digits) <= 13
    if raw.startswith("(") and len(digits) == 10:
        return True
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
    if n == 16 and _CARD_CONTEXT.search(before):
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


def find_numbers(source: str) -> list[Span]:
    """E-mails, passports and classified runs of digits in ``source``, as ``(kind, start, end)``."""
    found: list[Span] = []
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
    return found


def _number_pieces(source: str, run: re.Match[str]) -> list[tuple[PiiKind, int, int]]:
    """The personal-data numbers in one run of digit groups, as ``(kind, start, end)``.

    The run is cut at group boundaries: of all ways to cut it, the one whose classified
    pieces cover the most digits wins (ties: more pieces, so two back-to-back numbers are
    not read as one 20-digit account; an account is only taken as one unbroken group or
    the whole run). A group glued to a word («abc123») is no number.
    """
    groups = [(run.start() + g.start(), run.start() + g.end()) for g in _GROUP.finditer(run[0])]
    # a short group glued to a word («abc123») is no number; a long one («карта4276…») is
    if groups and run.start() > 0 and _WORD_CHAR.match(source[run.start() - 1]):
        groups = groups[1:] if groups[0][1] - groups[0][0] < _GLUED_MIN else groups
    if groups and run.end() < len(source) and _WORD_CHAR.match(source[run.end()]):
        groups = groups[:-1] if groups[-1][1] - groups[-1][0] < _GLUED_MIN else groups
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

    # «номер карты 5536 9100 4455 6614» with a typo: 16 digits after the word are a card
    card_context = bool(_CARD_CONTEXT.search(source, max(0, run.start() - 40), run.start()))
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
            if (
                12 < digits < _MAX_DIGITS
                and not luhn.is_valid(number[offsets[i] : offsets[j]])
                and not (digits == 16 and card_context)
            ):
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
