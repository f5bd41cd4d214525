"""The mirror-correct opening of a reply, without any LLM.

In social networks the customer's name *is* the greeting; greet back only when the
customer greeted, in their register, and keep the punctuation as dry or lively as theirs:

- «Здравствуйте. Жду выписку» from «Ксения» → «Здравствуйте, Ксения.»
- «Привет!) карта не работает» from «Валюшка лапочка» → «Привет, Валюшка лапочка!»
- «карта не работает» from «Максим» → «Максим, »

The nickname is copied exactly as in the profile: never "corrected".
"""

from __future__ import annotations

from assistant.analyzer.models import StyleProfile

#: Greeting words a reply may mirror, by how the customer's greeting starts.
_FORMAL = {
    "здравствуйте": "Здравствуйте",
    "добрый день": "Добрый день",
    "добрый вечер": "Добрый вечер",
    "доброе утро": "Доброе утро",
    "доброй ночи": "Доброй ночи",
}
_CASUAL = ("привет", "приветик", "приветствую", "хай", "хей", "здаров", "салют", "hi", "hello")


def mirrored_greeting(profile: StyleProfile) -> str | None:
    """The greeting to answer with, or None when the customer did not greet."""
    greeting = profile.greeting
    if not greeting.present:
        return None
    said = " ".join((greeting.text or "").lower().replace("ё", "е").split())
    for start, answer in _FORMAL.items():
        if said.startswith(start):
            return answer
    if said.startswith("здравствуй") and profile.address == "ty":
        return "Здравствуй"
    casual = said.startswith(_CASUAL) or greeting.register in ("casual", "slang")
    if casual and (profile.address == "ty" or profile.register in ("casual", "slang")):
        return "Привет"
    # «Доброго времени суток», «Приветствую вас» and the like: answer plainly.
    return "Здравствуйте"


def _greeting_mark(profile: StyleProfile) -> str:
    """«!» if the customer's greeting was exclaimed, «.» otherwise."""
    end = profile.greeting.end
    if end is None:
        return "."
    rest = profile.text[end : end + 40].lstrip(" ,")
    for name_char in rest:
        if name_char in "!.?\n":
            return "!" if name_char == "!" else "."
    return "."


def opening(profile: StyleProfile, nickname: str | None = None) -> str:
    """The first words of a reply: the name, and a greeting only if the customer greeted.

    ``nickname`` is the profile name the customer chose; without it the name the analyzer
    found (a signature, an introduction) is used. Returns "" when there is nothing to say.
    """
    name = (nickname or "").strip() or (profile.nickname or "").strip()
    greeting = mirrored_greeting(profile)
    if greeting is None:
        return f"{name}, " if name else ""
    mark = _greeting_mark(profile)
    if name:
        return f"{greeting}, {name}{mark} "
    return f"{greeting}{mark} "
