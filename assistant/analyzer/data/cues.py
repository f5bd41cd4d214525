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

from typing import TypedDict


class Cue(TypedDict):
    code: str
    lemmas: frozenset[str]
    negated: bool | None
    grammemes: frozenset[str]
    near: frozenset[str]
    window: int
    near_case: frozenset[str]
    also: frozenset[str]


def cue(
    code: str,
    lemmas: set[str],
    *,
    negated: bool | None = None,
    grammemes: frozenset[str] = frozenset(),
    near: frozenset[str] = frozenset(),
    window: int = 0,
    near_case: frozenset[str] = frozenset(),
    also: frozenset[str] = frozenset(),
) -> Cue:
    """A :class:`Cue`; every condition left out is "anything"."""
    return Cue(
        code=code,
        lemmas=frozenset(lemmas),
        negated=negated,
        grammemes=grammemes,
        near=near,
        window=window,
        near_case=near_case,
        also=also,
    )


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
    cue(
        "money_missing",
        {
            "поступить", "поступать", "прийти", "приходить", "зачислиться", "зачислить",
            "зачисляться", "зачислять", "вернуться", "вернуть", "возвращаться", "дойти",
            "доходить", "отобразиться", "отображаться", "появиться", "пополниться", "пополнить",
            "отразиться", "упасть", "капнуть", "прилететь",
        },
        negated=True, grammemes=_FACT, near=MONEY, window=8, near_case=_SUBJECT,
    ),
    cue(
        "money_missing",
        {"висеть", "зависнуть", "зависать", "застрять", "подвиснуть"},
        negated=False, grammemes=_FACT, near=MONEY, window=6, near_case=_SUBJECT, also=_STILL,
    ),
    cue(
        "money_gone",
        {"пропасть", "исчезнуть", "деться", "испариться", "улететь", "увести", "уйти"},
        negated=False, grammemes=_FACT, near=MONEY, window=5, near_case=_SUBJECT,
    ),
    cue("money_missing", {"нет", "недоставать"}, near=frozenset({"#amount"}), window=2),
    cue(
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
    cue(
        "leaving",
        {"уйти", "уходить", "перейти", "переходить", "свалить", "сбежать"},
        near=frozenset({"другой", "конкурент", "тинькофф", "сбер", "сбербанк", "втб", "альфа"}),
        window=3,
    ),
    cue("leaving", {"клиент", "клиентка"}, negated=True, near=frozenset({"больше"}), window=4),
    cue(
        "leaving",
        {"закрыть", "закрывать", "расторгнуть", "отказаться"},
        negated=False,
        grammemes=frozenset({"futr", "pres", "1per"}),
        near=frozenset({"счёт", "счет", "карта", "вклад", "договор", "весь", "услуга"}),
        window=3,
    ),
    cue(
        "complaint",
        {"писать", "написать", "жаловаться", "пожаловаться", "обратиться", "подать", "идти",
         "пойти"},
        negated=False,
        grammemes=frozenset({"futr", "pres", "INFN"}),
        near=frozenset({"цб", "центробанк", "роспотребнадзор", "прокуратура", "суд", "жалоба",
                        "омбудсмен", "финомбудсмен"}),
        window=3,
    ),
    cue(
        "waiting",
        {"проверять", "рассматривать", "разбираться", "решать", "обрабатывать", "чинить",
         "ждать", "пройти", "тянуть", "мурыжить"},
        negated=False,
        grammemes=frozenset({"pres", "past"}),
        near=frozenset({"неделя", "месяц", "сутки", "час", "день"}),
        window=3,
    ),
    cue("enough", {"хватить", "хватит"}, negated=False, near=frozenset({"#infinitive"}), window=2),
    cue("sarcasm", {"спасибо", "благодарить"}, near=frozenset({"такой", "конечно"}), window=3),
)  # fmt: skip
