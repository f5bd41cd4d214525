"""Swearing and insults: obscene roots, insult lemmas, masked forms, false friends.

Matching happens on a *folded* word (``assistant/analyzer/swearing.py``): lower case, «ё» →
«е», Latin look-alikes and leetspeak digits → Cyrillic (``x``→«х», ``0``→«о», ``3``→«з»,
``6``→«б», ``$``→«с»), runs of one letter collapsed («сууука» → «сука»). Roots are written
folded and collapsed («ебаный», not «ёбанный»).

Libraries evaluated first (docs/analyzer-real-messages.md): check-swear, notpotty,
python-obscene-words-filter, slaviclean. None was usable (network downloads at run time,
low recall or many false friends), so the knowledge stays here as data.
"""

from __future__ import annotations

#: Obscene roots: one regex, matched against the whole folded word. Prefixes are listed
#: explicitly, so false friends that merely contain a root («корабля», «рубля»,
#: «употреблять», «оскорблять», «хлебать», «застрахуйте», «команда») do not match.
OBSCENE_ROOTS = (
    r"(?:на|по|ни|за|от|до|вы|об|под|при|рас|раз|а|о|с)?ху[йяеиюё]\w*|хул[еи]|нах|епт|епта"
    r"|\w*пизд\w*"
    r"|(?:за|от|у|вы|на|по|до|при|об|раз|разъ|съ|въ|подъ|из|пере|про|недо)?еб(?:[аулнтиыоё])\w*"
    r"|(?:вы|на|по|раз)?бля(?:д\w*|т\w*|ха|х)?"
    r"|сук(?:а|и|е|у|ой|ою|ам|ами|ах|ин\w*)"
    r"|г[оа]вн\w*"
    r"|муд(?:ак|ач|ил|озв|ень|ло)\w*"
    r"|пид[оа]р\w*|пидр\w*"
    r"|(?:на|по|ни)?хер(?:ня|ни|ню|ней|ов\w*)?"
    r"|залуп\w*|шлюх\w*|г[ао]нд[оа]н\w*|д[еи]рьм\w*|манд(?:а|ы|у|е|ой|ец\w*)"
    r"|fuck\w*|shit\w*|wtf|bullshit|asshole\w*"
)

#: Words the roots would match that are not swearing (folded).
FALSE_FRIENDS = frozenset({"ебург", "ебурге", "ебурга", "хулиган", "сукно", "херес", "херсон"})

#: What a mask run («*», «@», «#», «.») may hide: a masked token («г@вно», «н*х»,
#: «за***ли», «х.у.й», «е**нулись») is obscene when one way of filling its masks with these
#: letters gives a word the roots match. Up to two mask runs are filled; longer chains of
#: single letters («б.л.я.т.ь») are read with the masks removed.
MASK_FILLERS = (
    "", "а", "о", "у", "е", "и", "я", "ы", "ё", "б", "л", "з", "д", "ля", "ба", "бя", "уй",
    "уе", "ую", "уя", "ху", "зд", "из", "ук", "еба", "ебу", "ебе", "ебн", "изд", "ебан",
)  # fmt: skip

#: Insults and rude words (lemmas). A misspelling an unknown word («дибилы», «казлы»,
#: «идеоты») is caught by comparing vowel skeletons with the forms of these lemmas.
INSULT_LEMMAS = frozenset(
    {
        "гад", "гадина", "идиот", "дебил", "урод", "козёл", "козел", "сволочь", "тварь",
        "ублюдок", "придурок", "кретин", "баран", "клоун", "ворье", "ворьё", "вор", "ворюга",
        "жулик", "лохотрон", "шарашка", "позорище", "позор", "беспредел", "издеваться",
        "обнаглеть", "задолбать", "бесить", "охренеть", "офигеть", "обалдеть", "хрен", "нафиг",
        "нахрен", "бардак", "дурдом", "отстой", "тупой", "кидала", "ненавидеть", "дебильный",
        "идиотский", "скотина", "мразь", "упырь", "дегенерат", "имбецил", "олень", "лох",
        "тупица", "недоумок", "жлоб", "хамло", "быдло", "идиотка", "дура", "дурак", "дебилка",
        "idiot", "idiots", "disgrace", "ridiculous", "stupid", "morons", "moron",
    }
)  # fmt: skip

#: Insult lemmas whose skeleton is also an ordinary word: exact lemma only, no fuzzy match.
NO_SKELETON = frozenset({"гад", "вор", "лох", "позор", "баран", "олень", "клоун", "хрен"})

#: Leetspeak and Latin look-alikes inside a Cyrillic word.
#: (``@``, ``*``, ``#`` and ``.`` inside a word are masks, not letters.)
LEET = {
    "0": "о", "3": "з", "6": "б", "4": "ч", "$": "с", "a": "а", "e": "е", "o": "о", "p": "р",
    "c": "с", "x": "х", "y": "у", "k": "к", "m": "м", "t": "т", "h": "н", "ё": "е",
}  # fmt: skip

#: Characters that hide a letter inside a word.
MASKS = "*@#."
