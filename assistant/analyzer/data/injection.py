"""Injection detection data: lemma classes for the structural detector, plus surface patterns.

The structural detector (:mod:`assistant.analyzer.injection`) looks for an *instruction
aimed at the assistant*: a verb class (override, reveal, append, role play) meeting a meta
object (instructions, rules, prompt, role, mode, the answer itself) within one clause, a
claimed authority issuing an order, or a «from now on» marker with an order or a new role.
Words are compared by pymorphy3 lemma, so every inflection counts; English words are
compared lower-cased. The surface patterns below catch chat-template markers and forged
notes that have no grammar to speak of.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A word class written as one space-separated string."""
    return frozenset(text.split())


# -- verbs (lemmas) ---------------------------------------------------------------------
#: Verbs that throw away the assistant's rules.
OVERRIDE_VERBS = words(
    "игнорировать проигнорировать забыть позабыть отбросить отменить отменять нарушить "
    "обойти отключить выключить снять пренебречь сбросить удалить стереть выйти ignore "
    "disregard forget bypass override drop skip"
)
#: Override verbs strong enough to need no qualifier on the object («забудь правила»).
STRONG_OVERRIDE = words(
    "игнорировать проигнорировать забыть позабыть отбросить нарушить обойти пренебречь "
    "сбросить ignore disregard forget bypass override"
)
#: «не следуй / не соблюдай / не слушай <правилам>».
OBEY_VERBS = words("следовать соблюдать слушать слушаться выполнять придерживаться follow obey")
#: Verbs asking to show, repeat, translate or summarise something.
REVEAL_VERBS = words(
    "показать вывести напечатать распечатать раскрыть повторить процитировать перевести "
    "пересказать перечислить скопировать сформулировать озвучить написать сказать "
    "рассказать изложить выдать дать выложить прислать отправить продублировать translate "
    "repeat summarize summarise print reveal show list output paraphrase tell write share "
    "dump copy recite"
)
#: Verbs that put something into the reply.
APPEND_VERBS = words(
    "дописать добавить вставить приписать включить упомянуть add append insert include mention"
)
#: Verbs that start a role play.
ROLE_VERBS = words(
    "представить вообразить притвориться прикинуться сыграть играть поиграть изобразить "
    "pretend imagine roleplay role-play play act"
)
#: Verbs of answering, for «отвечай как…», «ответь без ограничений».
ANSWER_VERBS = words(
    "отвечать ответить говорить сказать писать написать вести действовать answer respond "
    "reply speak talk write behave act"
)

# -- objects (lemmas) -------------------------------------------------------------------
#: Nouns that name the assistant's own setup whatever the qualifier.
META_STRONG = words(
    "инструкция указание промпт промт директива цензура фильтр prompt instructions "
    "instruction guidelines guideline directive directives filters filter"
)
#: Nouns that name the setup only with a qualifier («свои правила», «системный текст»).
META_WEAK = words(
    "правило ограничение настройка режим роль задача установка подсказка регламент "
    "сообщение текст ответ цель rules rule restrictions setup message text role mode"
)
#: Qualifiers that make a weak meta noun the assistant's own.
QUALIFIERS = words(
    "свой твой системный исходный изначальный первоначальный начальный первый предыдущий "
    "прошлый прежний скрытый внутренний служебный все весь system initial original hidden "
    "previous prior above earlier internal setup all any"
)
#: Second person singular: the customer talks to the assistant as to «ты».
YOU_SINGULAR = words("ты тебя тебе тобой твой свой")
#: Names of the assistant itself.
ASSISTANT_NOUNS = words(
    "ассистент ии нейросеть нейронка чат-бот ai gpt chatgpt llm assistant bot робот модель"
)
#: Roles a customer may assign («ты теперь юрист / бот без ограничений»).
ROLE_NOUNS = words(
    "помощник ассистент бот чат-бот ии нейросеть модель персонаж юрист адвокат друг хакер "
    "эксперт бабушка дедушка менеджер сотрудник администратор разработчик assistant bot "
    "lawyer friend hacker grandma expert developer admin character dan"
)
#: Roles of the customer themself: «представьте, что вы клиент» is a complaint, no role play.
CUSTOMER_ROLES = words(
    "клиент человек покупатель абонент пользователь вкладчик заемщик заёмщик пенсионер "
    "customer client user person human"
)
#: Someone whose order the customer claims to pass on.
AUTHORITY = words(
    "руководство начальство администратор админ директор разработчик оператор "
    "администрация безопасность management admin administrator developer operator "
    "supervisor lead"
)
#: Nouns of an order («указание», «распоряжение»).
ORDER_NOUNS = words(
    "указание распоряжение приказ директива поручение инструкция directive order "
    "instruction instructions"
)
#: Verbs of permitting or ordering («оператор разрешил тебе»).
ORDER_VERBS = words(
    "разрешить разрешать велеть приказать поручить распорядиться сообщать сообщить "
    "authorize authorise allow permit order instruct"
)
#: Nouns of a limit lifted («без ограничений», «без цензуры»).
LIMIT_NOUNS = words(
    "ограничение правило фильтр цензура restriction restrictions rules filters limits"
)

# -- phrases (regular expressions over the de-obfuscated, lower-cased text) -------------
#: «С этого момента», «отныне», «с сегодняшнего дня», «from now on».
FROM_NOW = (
    r"(?<!\w)(?:с\s+(?:эт\w+|данн\w+|сего|сей|сегодняшн\w+|текущ\w+)\s+(?:момента|дня"
    r"|сообщения|минуты|секунды)|отныне|впредь|теперь|from\s+(?:now|this\s+(?:moment|point))\s+on|starting"
    r"\s+(?:now|today|from\s+now)|henceforth|you\s+are\s+now)"
)
#: A clause boundary: sentence punctuation (line breaks are not one: split lines join).
CLAUSE_END = r"[.!?;:]+(?=\s|$)|\n\s*\n"

#: Surface patterns ``(regex, code)`` run case-insensitively over the NFKC text.
INJECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:системн\w+\s+промпт\w*|system\s+prompt)", "reveal_prompt"),
    (
        r"(?m)^[\s>#*\-=_]*(?:system|assistant|developer|система|ассистент"
        r"|системное\s+сообщение)\s*:",
        "role_marker",
    ),
    (
        r"<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?INST\]|<</?SYS>>|<\s*/?\s*system\s*>",
        "role_marker",
    ),
    (
        r"[\[(«\"]\s*(?:служебн\w+\s+)?(?:заметка|примечание|комментарий|пометка|указание"
        r"|инструкция|note|notice)\s+(?:(?:для|for|to|from)\s+(?:the\s+)?)?(?:оператор\w*"
        r"|администратор\w*|админ\w*|систем\w*|модел\w*|ии|ai|бота|ассистент\w*|operator"
        r"|admin|system|assistant)[^\])»\"]*[\])»\"]",
        "fake_operator_note",
    ),
    (
        r"(?:(?:служебн|внутренн|секретн)\w+\s*)?(?:заметка|примечание|указание|пометка"
        r"|комментарий)\s+(?:для\s+)?(?:оператор\w*|администрат\w*|модел\w*|бота|ии"
        r"|ассистент\w*|нейросет\w*)\s*:",
        "fake_operator_note",
    ),
    (r"\[(?:system|admin|operator|систем\w*|администратор|оператор)\]", "fake_operator_note"),
    (r"(?<!\w)(?:jailbreak|DAN\s+mode|developer\s+mode|режим\w*\s+разработчика)", "role_play"),
    (r"(?<!\w)режим\w*\s+(?:отладки|бога|debug|без\s+(?:правил|ограничений))", "role_play"),
)

#: A candidate base64 blob; decoded and checked with the detector. The first character comes
#: before the look-behind, so that ``re`` skips straight to candidates.
BASE64_BLOB = (
    r"[A-Za-z0-9+/](?<![A-Za-z0-9+/=][A-Za-z0-9+/])[A-Za-z0-9+/]{23,}={0,2}(?![A-Za-z0-9+/=])"
)

#: Leetspeak digits and signs inside a word, per script of the word's letters.
LEET_CYRILLIC = {
    "0": "о", "3": "з", "4": "ч", "6": "б", "@": "а", "$": "с", "√": "у", "1": "и",
}  # fmt: skip
LEET_LATIN = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
}  # fmt: skip
