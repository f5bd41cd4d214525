"""Lemma cues: colloquial money trouble, threats to leave, complaints, long waits, sarcasm.

A cue is an *anchor* lemma with conditions, matched by ``assistant/analyzer/cues.py``:

* ``negated``: ``True`` — «не»/«ни» within three words before the anchor, in the same
  sentence («деньги не поступили», «так и не вернулись»); ``False`` — no such negation;
  ``None`` — either;
* ``grammemes``: the anchor must have a parse (of that lemma) with one of them (tense:
  ``past``/``pres`` facts, not ``futr`` or ``impr``: «не поступит?» asks, «не поступили»
  reports); empty — any form;
* ``near``: one of these lemmas within ``window`` words in the same sentence (``#amount``: a
  sum of money such as «4500» or «100 рублей»); empty — nothing needed. ``near_case``: the
  near word must have a parse in one of these cases (the money is the subject or object:
  «не приходит чек после оплаты» is about the receipt); empty — any;
* ``also``: a second lemma set that must be within the window too («висит» is trouble only
  with «третий день», «всё ещё», «до сих пор»: a transfer «висит в обработке» is normal).

They are plain data so they can be ported to a token-pattern engine as they are.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cue:
    """An anchor lemma with conditions; every condition left out is "anything"."""

    code: str
    lemmas: Set[str]  # frozen on construction
    negated: bool | None = None
    grammemes: frozenset[str] = field(default_factory=frozenset)
    near: frozenset[str] = field(default_factory=frozenset)
    window: int = 0
    near_case: frozenset[str] = field(default_factory=frozenset)
    also: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lemmas", frozenset(self.lemmas))


#: Money words (lemmas) for the money cues; ``#amount`` is a sum written in digits.
MONEY = frozenset(
    {
        "деньга", "деньги", "средство", "сумма", "перевод", "платёж", "платеж", "зарплата",
        "зп", "рубль", "руб", "тысяча", "тыс", "баланс", "счёт", "счет", "оплата", "пенсия",
        "возврат", "бабки", "бабло", "money", "payment", "transfer", "#amount",
    }
)  # fmt: skip

_FACT = frozenset({"past", "pres", "PRTS"})
_SUBJECT = frozenset({"nomn", "accs"})
#: Nouns of time: never the subject of a money cue («третий час висит платёж», «до сих пор»).
TIME_NOUNS = frozenset(
    {"день", "час", "сутки", "неделя", "месяц", "минута", "год", "утро", "вечер", "пора"}
)
#: Time words that turn a state («висит») into trouble.
_STILL = TIME_NOUNS | {"ещё", "еще", "уже"}

#: Money trouble (urgent reasons): money that did not arrive, is stuck, vanished, is
#: missing by a sum, or was spent on something the customer did not do.
MONEY_CUES: tuple[Cue, ...] = (
    Cue(
        "money_missing",
        {
            "поступить", "поступать", "прийти", "приходить", "зачислиться", "зачислить",
            "зачисляться", "зачислять", "вернуться", "вернуть", "возвращаться", "дойти",
            "доходить", "отобразиться", "отображаться", "появиться", "пополниться", "пополнить",
            "отразиться", "упасть", "капнуть", "прилететь",
        },
        negated=True, grammemes=_FACT, near=MONEY, window=8, near_case=_SUBJECT,
    ),
    Cue(
        "money_missing",
        {"висеть", "зависнуть", "зависать", "застрять", "подвиснуть"},
        negated=False, grammemes=_FACT, near=MONEY, window=6, near_case=_SUBJECT, also=_STILL,
    ),
    Cue(
        "money_gone",
        {"пропасть", "исчезнуть", "деться", "испариться", "улететь", "увести", "уйти"},
        negated=False, grammemes=_FACT, near=MONEY, window=5, near_case=_SUBJECT,
    ),
    Cue("money_missing", {"нет", "недоставать"}, near=frozenset({"#amount"}), window=2),
    Cue(
        "unauthorised_charge",
        {
            "покупать", "купить", "оплачивать", "оплатить", "тратить", "потратить", "совершать",
            "совершить", "делать", "сделать", "оформлять", "оформить", "подключать",
            "подключить", "заказывать", "заказать", "снимать", "переводить", "подписываться",
            "подписаться", "давать", "дать",
        },
        negated=True,
        grammemes=frozenset({"past"}),
        near=frozenset({"списать", "списание", "снять", "минус", "#amount", "списаться"}),
        window=14,
    ),
)  # fmt: skip

#: Upset without anger (negative mood): leaving, complaints to a regulator, long waits,
#: «хватит» + infinitive, thanks with «такой»/«конечно» (sarcasm).
MOOD_CUES: tuple[Cue, ...] = (
    Cue(
        "leaving",
        {"уйти", "уходить", "перейти", "переходить", "свалить", "сбежать"},
        near=frozenset({"другой", "конкурент", "тинькофф", "сбер", "сбербанк", "втб", "альфа"}),
        window=3,
    ),
    Cue("leaving", {"клиент", "клиентка"}, negated=True, near=frozenset({"больше"}), window=4),
    Cue(
        "leaving",
        {"закрыть", "закрывать", "расторгнуть", "отказаться"},
        negated=False,
        grammemes=frozenset({"futr", "pres", "1per"}),
        near=frozenset({"счёт", "счет", "карта", "вклад", "договор", "весь", "услуга"}),
        window=3,
    ),
    Cue(
        "complaint",
        {"писать", "написать", "жаловаться", "пожаловаться", "обратиться", "подать", "идти",
         "пойти"},
        negated=False,
        grammemes=frozenset({"futr", "pres", "INFN"}),
        near=frozenset({"цб", "центробанк", "роспотребнадзор", "прокуратура", "суд", "жалоба",
                        "омбудсмен", "финомбудсмен"}),
        window=3,
    ),
    Cue(
        "waiting",
        {"проверять", "рассматривать", "разбираться", "решать", "обрабатывать", "чинить",
         "ждать", "пройти", "тянуть", "мурыжить"},
        negated=False,
        grammemes=frozenset({"pres", "past"}),
        near=frozenset({"неделя", "месяц", "сутки", "час", "день"}),
        window=3,
    ),
    Cue("enough", {"хватить", "хватит"}, negated=False, near=frozenset({"#infinitive"}), window=2),
    Cue("sarcasm", {"спасибо", "благодарить"}, near=frozenset({"такой", "конечно"}), window=3),
)  # fmt: skip
