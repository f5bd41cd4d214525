"""The kinds of personal data and one match of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PiiKind = Literal[
    "card",
    "account",
    "passport",
    "snils",
    "inn",
    "phone",
    "email",
    "cvv",
    "expiry",
    "birthdate",
    "address",
    "name",
]

#: Russian names of the kinds, for messages and placeholders.
KIND_NAMES: dict[PiiKind, str] = {
    "card": "номер карты",
    "account": "номер счёта",
    "passport": "паспортные данные",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "phone": "номер телефона",
    "email": "адрес почты",
    "cvv": "код CVV/CVC",
    "expiry": "срок действия карты",
    "birthdate": "дата рождения",
    "address": "адрес",
    "name": "фамилия и имя",
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
