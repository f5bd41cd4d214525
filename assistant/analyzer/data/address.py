"""Second-person pronouns; verb forms come from morphology (``2per``, ``impr``)."""

from __future__ import annotations

TY_PRONOUNS = frozenset(
    {
        "ты", "тебя", "тебе", "тобой", "тобою", "твой", "твоя", "твоё", "твое", "твои",
        "твоего", "твоей", "твоему", "твоим", "твоими", "твоих", "твою", "твоём", "твоем",
    }
)  # fmt: skip

VY_PRONOUNS = frozenset(
    {
        "вы", "вас", "вам", "вами", "ваш", "ваша", "ваше", "ваши", "вашего", "вашей", "вашему",
        "вашим", "вашими", "ваших", "вашу", "вашем",
    }
)  # fmt: skip

#: Forms tagged as imperatives or 2nd person that do not address anyone in practice.
NOT_ADDRESS = frozenset(
    {
        "мой", "ведь", "стоит", "пусть", "пускай", "глядь", "вишь", "бишь", "знаешь-ка",
        "стой", "слышь", "хоть", "см", "ср",
    }
)  # fmt: skip

#: Set phrases with a 2nd-person form that address no one («Отличный банк, ничего не
#: скажешь»; «как ни крути»). Regex alternatives over the lower-cased text.
NOT_ADDRESS_PHRASES = (
    r"ничего\s+не\s+скажешь|как\s+ни\s+(?:крути|верти)|что\s+ни\s+говори|хоть\s+убей"
    r"|хоть\s+стой,?\s+хоть\s+падай|куда\s+ни\s+(?:глянь|плюнь)"
)
