"""Mood words (lemmas): what pleases and what upsets a customer.

Two kinds of negative evidence: *feelings* (upset, disappointment, shock, rudeness, damaged
goods, complaints about waiting) make a message negative on their own; *trouble* (a fact
that something broke or does not work: «сломалась кофемашина», «не приходит смс») makes it
negative only with a sign of frustration (ESCALATION: «опять», «снова», «!!», «?!»). A calm
problem report stays neutral.
"""

from __future__ import annotations

POSITIVE_LEMMAS = frozenset(
    {
        "спасибо", "благодарить", "благодарность", "отлично", "отличный", "супер", "класс",
        "классный", "круто", "крутой", "здорово", "молодец", "любить", "рад", "радовать",
        "приятно", "приятный", "удобно", "удобный", "восторг", "шикарный", "прекрасный",
        "замечательный", "спасибки", "пасиб", "спс", "обожать", "лучший", "поблагодарить", "ура",
        "thanks", "thank",
        "great", "love", "awesome", "nice",
    }
)  # fmt: skip

#: Praise in the superlative: pymorphy3 gives «лучшие» the lemma «хороший», which is too
#: mild to be praise in other forms («хорошо, жду»); only its superlative counts.
POSITIVE_SUPERLATIVES = frozenset({"хороший"})

NEGATIVE_LEMMAS = frozenset(
    {
        "проблема", "ошибка", "жаль", "расстроить", "расстроенный", "обидно", "плохо", "плохой",
        "ужасно", "ужасный", "разочаровать", "разочарование", "грустно", "печально", "неудобно",
        "жалоба", "претензия", "недоволен",
        "недовольный", "возмутительно", "возмущать", "кошмар", "отвратительный", "бесполезный",
        "жесть", "капец", "пипец", "ппц", "безобразие", "обман", "обмануть", "косяк",
        "шок", "шокировать", "надоесть", "хамить", "нахамить", "хамство", "хам",
        "грубить", "нагрубить", "вмятина", "царапина", "трещина", "скол",
        "разбитый", "помять", "помятый", "браковать", "испортить", "порвать",
        "оскорблять", "оскорбить", "оскорбление", "оскорбительный", "издевательство",
        "bad", "terrible", "disappointed",
    }
)  # fmt: skip

#: Trouble as a fact: negative only with ESCALATION (see the module docstring).
TROUBLE_LEMMAS = frozenset(
    {
        "проблема", "ошибка", "глючить", "тупить", "сломаться", "сбой", "вылетать", "виснуть",
        "зависать", "списать", "problem", "error",
        "broken", "wrong",
    }
)  # fmt: skip

#: Phrases of trouble: «не работает», «не могу», «не приходит», «прислали не тот размер»…
TROUBLE_PHRASES = (
    r"(?<![^\W\d_])не\s+(?:работа\w*|мо[гж]\w*|получа\w*|приход\w*|пришл\w*|пришёл|пришел|дош\w*"
    r"|открыва\w*|гру[зж]\w*|проход\w*|отвеча\w*|помог\w*|доставил\w*|вернул\w*|понятно|прив[её]з\w*"
    r"|(?:тот|та|то|те|ту)(?![^\W\d_]))|doesn.t\s+work|not\s+working|can.t"
)

#: Signs of frustration that turn trouble into a negative mood (a smile after a complaint,
#: «не работает)», is one too).
ESCALATION = (
    r"(?<![^\W\d_])(?:снова|постоянно|вечно|всё\s+время|все\s+время|вообще|again)"
    r"(?![^\W\d_])|!!"
)

#: Frustration that is negative on its own: «опять», «?!» («Почему опять списали?!»).
REPEATED_TROUBLE = r"(?<![^\W\d_])опять(?![^\W\d_])|\?!|!\?"

#: Sarcasm: markers that are negative on their own.
SARCASM = (
    r"(?<![^\W\d_])(?:ну-ну|ну\s+спасибо|браво|ничего\s+не\s+скажешь|ну\s+вы\s+(?:и|да[её]те)"
    r"|ну\s+и\s+где)(?![^\W\d_])"
)

#: Sarcasm that needs company (another negative sign): «Просто супер.», «Прекрасно.»
WEAK_SARCASM = (
    r"(?<![^\W\d_])(?:просто\s+(?:супер|класс|прекрасно|замечательно|великолепно|восторг)"
    r"|как\s+всегда)(?![^\W\d_])"
)

#: Praise words that are sarcasm when put in quotes: «"быстрая" доставка», «бесплатное».
QUOTED_PRAISE = frozenset(
    {
        "быстрый", "бесплатный", "удобный", "выгодный", "надёжный", "надежный", "лучший",
        "отличный", "качественный", "честный", "оперативный", "хороший", "классный",
        "клиентоориентированный", "вежливый", "внимательный", "заботливый", "безопасный",
    }
)  # fmt: skip

#: Phrases of frustration: «так и не», «до сих пор», a promise recalled («обещали
#: вчера», not «как и обещали»), complaints about waiting.
NEGATIVE_PHRASES = (
    r"(?<![^\W\d_])(?:так\s+и\s+не|до\s+сих\s+пор)(?![^\W\d_])"
    r"|(?<!как\s)(?<!как\sи\s)(?<![^\W\d_])(?:по)?обещал[аои]?(?![^\W\d_])"
    # waiting as a complaint: «жду с обеда», «жду уже третий день», «уже неделю жду»
    r"|(?<![^\W\d_])жд(?:у|[её]м)\s+(?:[^\W\d_]+\s+)?(?:уже\s+)?(?:с\s+(?:утра|обеда|вечера|ночи|понедельника"
    r"|прошл\w+|\d+)|цел\w+\s|(?:\d+|дв\w+|тр\w+|несколько|неделю|месяц)\s)"
    r"|(?<![^\W\d_])уже\s+(?:(?:\d+|дв\w+|тр\w+|несколько|целую|целый)\s+)?(?:дн\w+|день"
    r"|недел\w+|месяц\w*|час\w*)\s+жд(?:у|[её]м)"
)
