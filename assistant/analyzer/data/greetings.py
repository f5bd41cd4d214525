"""Greetings that may open a message, by register (regex alternatives, lower case).

«Здравствуйте» and «Добрый день» are the everyday polite norm (neutral); «Приветствую» and
«Доброго времени суток» lean official (formal); «привет» is casual; «хай», «ку» are slang.
"""

from __future__ import annotations

#: ``(pattern, register)``; longer alternatives first. Matched at the start of a message.
GREETINGS: tuple[tuple[str, str], ...] = (
    (r"доброго\s+времени\s+суток", "formal"),
    (r"приветствую", "formal"),
    (r"good\s+(?:morning|afternoon|evening)", "formal"),
    (r"добр(?:ый|ого)\s+(?:день|дня|вечер|вечера)", "neutral"),
    (r"добр(?:ое|ого)\s+утр(?:о|а)", "neutral"),
    (r"доброй\s+ночи", "neutral"),
    (r"(?:день|вечер)\s+добрый", "neutral"),
    (r"утро\s+доброе", "neutral"),
    (r"добрый(?!\s+(?:день|вечер|утро))", "neutral"),
    (r"здравствуйте", "neutral"),
    # common misspellings of «здравствуйте»
    (r"здрав?ст?в?уй?те", "neutral"),
    (r"здравствуй", "neutral"),
    (r"hello", "neutral"),
    (r"здрасьте|здрасте|здрасти|здрастье|драсьте|драсте", "casual"),
    (r"приветики|приветик", "casual"),
    (r"привет", "casual"),
    (r"hi|hey", "casual"),
    (r"салют", "casual"),
    # «здорово» is a greeting only before a vocative («Здорово, ребята!»), not «Здорово, что…»
    (
        r"здоров[оа](?=\s*,\s*(?:ребят\w*|народ|друзья|парни|пацаны|бро|братва|банк|магазин"
        r"|поддержка|админ\w*|команда)(?![^\W\d_]))",
        "slang",
    ),
    (
        r"хай|хаюшки|хей|хэй|хелло|хеллоу|хелоу|прив|приветули|ку|йоу|yo|здарова|здорова",
        "slang",
    ),
)

#: Words allowed before a greeting without breaking "opens the message": «Всем привет».
GREETING_PREFIX = r"(?:(?:ну|и|всем|эй|ой|о)\s*,?\s+)?"

#: A short vocative before the greeting: «Банк, привет», «Ребята, добрый день».
#: Thanks, apologies and wishes are not vocatives: «Спасибо, привет семье».
VOCATIVE = (
    r"(?:(?!(?:спасибо|спс|благодарю|извините|простите|хорошего|доброго|пока|ок|ok)"
    r"(?![^\W\d_]))[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2}\s*,\s*)?"
)

#: Tokens that are greetings and must never decide ты/вы («здравствуйте» is plural impr).
GREETING_WORDS = frozenset(
    {
        "здравствуй",
        "здравствуйте",
        "здрасьте",
        "здрасте",
        "здрасти",
        "драсьте",
        "драсте",
        "здраствуйте",
        "здраствуй",
        "здравствуте",
        "здраствуте",
        "приветствую",
        "прощайте",
        "прощай",
    }
)
