"""How customers sign and introduce themselves."""

from __future__ import annotations

#: A name of up to three words, optionally followed by initials («Петров А.В.», «Анна К.»).
_NAME = (
    r"(?P<name>[^\W\d_][\w-]*(?:[ \t]+[^\W\d_][\w-]*){0,2}"
    r"(?:[ \t]+[A-ZА-ЯЁ]\.(?:[ \t]?[A-ZА-ЯЁ]\.)?)?)"
)

#: A signature on the last line: «— Маша», «Олег.», «С уважением, Иван Петров».
SIGNATURE = (
    r"^[ \t]*(?:(?P<dash>[—–-]{1,2})[ \t]*|(?:с\s+уважением|заранее\s+спасибо|"
    r"best\s+regards|regards)[ \t]*,?[ \t]*(?:\n[ \t]*)?)?" + _NAME + r"[ \t]*[.!]?[ \t]*$"
)

#: A sign-off at the end of a one-line message: «…по существу. С уважением, Петров А.В.».
INLINE_SIGNOFF = (
    r"(?:^|[.!?)]\s+|\s)(?:с\s+уважением|best\s+regards|regards)[ \t]*,?[ \t]*" + _NAME + r"[ \t]*$"
)

#: Introductions anywhere in the message: «меня зовут Ира», «это Петя».
INTRODUCTIONS = (
    r"(?:меня\s+зовут|зовут\s+меня|мо[её]\s+имя|my\s+name\s+is|на\s+связи)\s+(?P<name>[^\W\d_][\w-]*)",
    r"(?:^|[.!?,]\s*|привет\s*,?\s*|здравствуйте\s*,?\s*)(?:это|я|i\s*am|i'm|this\s+is)\s+"
    r"(?P<name>[^\W\d_][\w-]*)",
)

#: Words that follow «это»/«я» but are not names.
NOT_NAMES = frozenset(
    {
        "клиент", "клиентка", "ваш", "ваша", "снова", "опять", "уже", "тот", "та", "же",
        "не", "бы", "тоже", "вот", "вам", "из", "по", "был", "была", "так", "просто",
        "the", "a", "not", "your",
    }
)  # fmt: skip
