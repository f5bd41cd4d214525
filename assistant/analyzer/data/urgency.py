"""Urgency and anger: lemmas and phrases that put money or access at risk right now.

Lemma sets are matched against every candidate lemma of a word (pymorphy3), so each
inflection counts («заблокировали», «заблокирована»). Phrase patterns are regexes over the
lower-cased normalised text. Each entry maps to a short reason code shown to the operator.
"""

from __future__ import annotations

#: Lemmas that are urgent on their own.
URGENT_LEMMAS: dict[str, str] = {
    "срочно": "explicit",
    "срочный": "explicit",
    "немедленно": "explicit",
    "незамедлительно": "explicit",
    "безотлагательно": "explicit",
    "мошенник": "fraud",
    "мошенница": "fraud",
    "мошенничество": "fraud",
    "мошеннический": "fraud",
    "аферист": "fraud",
    "фишинг": "fraud",
    "фишинговый": "fraud",
    "взлом": "fraud",
    "взломать": "fraud",
    "кража": "stolen",
    "украсть": "stolen",
    "похитить": "stolen",
    "спереть": "stolen",
    "блокировка": "blocked",
    "разблокировать": "blocked",
    "арест": "blocked",
    "urgent": "explicit",
    "urgently": "explicit",
    "asap": "explicit",
    "immediately": "explicit",
    "fraud": "fraud",
    "stolen": "stolen",
    "scam": "fraud",
    "hacked": "fraud",
}

#: Lemmas that are urgent unless they report the problem solved («разблокируйте» implies a
#: blocked card; «спасибо, что разблокировали» does not).
RESOLVED_IF_DONE = frozenset({"разблокировать"})

#: Verbs that are urgent only as a fact (past tense or participle), not as a question
#: («заблокировали карту» is urgent, «как заблокировать карту?» is not).
URGENT_IF_DONE: dict[str, str] = {
    "заблокировать": "blocked",
    "блокировать": "blocked",
    "заморозить": "blocked",
    "арестовать": "blocked",
    "съесть": "card_eaten",
    "зажевать": "card_eaten",
    "зажать": "card_eaten",
    "проглотить": "card_eaten",
}

#: Verbs of loss, urgent when something valuable is lost (see LOSABLE).
LOSS_LEMMAS = frozenset(
    {"потерять", "потеряться", "утерять", "посеять", "выронить", "потеря", "утеря"}
)
LOSABLE = frozenset(
    {"карта", "карточка", "кредитка", "телефон", "кошелёк", "кошелек", "паспорт", "симка"}
)

#: Phrase patterns (lower-cased text) with their reason codes.
URGENT_PHRASES: tuple[tuple[str, str], ...] = (
    (r"как\s+можно\s+(?:скорее|быстрее|срочнее)", "explicit"),
    (r"прямо\s+сейчас|сейчас\s+же(?![^\W\d_])", "explicit"),
    (
        r"(?<![^\W\d_])(?:это\s+развод|развод\w*\s+(?:какой|на\s+деньги)|разводилово|разводят)",
        "fraud",
    ),
    (
        r"(?<![^\W\d_])(?:sos|help\s+me|right\s+now|as\s+soon\s+as\s+possible)(?![^\W\d_])",
        "explicit",
    ),
    (
        r"(?:дважды|два\s+раза|двойн\w*|2\s+раза)[^.!?\n]{0,40}(?:спис|снял|оплат|платеж|платёж)"
        r"|(?:спис|снял|оплат|платеж|платёж)\w*[^.!?\n]{0,40}(?:дважды|два\s+раза|2\s+раза)"
        r"|charged\s+twice|double\s+charge",
        "charged_twice",
    ),
    (
        r"(?:перев\w*|отправ\w*|скинул\w*|оплатил\w*)[^.!?\n]{0,40}не\s+(?:тому|туда|на\s+тот)"
        r"|не\s+(?:тому|туда|на\s+тот)[^.!?\n]{0,40}(?:перев|отправ|деньг|скинул)"
        r"|по\s+ошибке\s+(?:перевел|перевёл|перевела|отправил)"
        r"|ошибочн\w+\s+(?:перев|плат|отправ)|ошиб\w+\s+(?:в\s+)?(?:номер|цифр|получател|реквизит)"
        r"|wrong\s+(?:person|account|number)",
        "wrong_recipient",
    ),
    (
        r"(?:не\s+(?:мо[иия]|делал\w*|совершал\w*|оформлял\w*|подключал\w*)|незнаком\w+|неизвестн\w+"
        r"|левы[ейхм]|чуж\w+|непонятн\w+|странн\w+|подозрительн\w+)\s+(?:\w+\s+)?(?:операц|списан"
        r"|перевод|платеж|платёж|покупк|снят)",
        "fraud",
    ),
    # money taken while the card is with its owner: «сняли деньги, а карта у меня в руках»
    (
        r"(?:списали|сняли|списан\w*|снят\w*|списыва\w+)[^\n]{0,80}(?:а|но|хотя)\s+карт\w*\s+"
        r"(?:же\s+|всё\s+время\s+|все\s+время\s+)?(?:у\s+меня|при\s+мне|в\s+руках|на\s+руках)",
        "fraud",
    ),
    (r"(?:операц|списани|платеж|платёж|покупк)\w*\s+(?:были\s+|тоже\s+)?не\s+мо[иия]", "fraud"),
    (
        r"(?:сказал|сказала|назвал|назвала|продиктовал|продиктовала|сообщил|сообщила)\s+(?:им\s+|ему\s+"
        r"|ей\s+)?(?:код|пароль|cvv|свв)",
        "fraud",
    ),
    (r"(?:звон\w+|позвонил\w*)\s+(?:якобы\s+)?из\s+(?:банка|службы\s+безопасности)", "fraud"),
    (r"(?:за\s+границ\w+|за\s+рубеж\w*|заграниц\w+|аэропорт\w*|abroad|airport)", "abroad"),
    (
        r"сегодня\s+(?:последний|крайний)\s+(?:день|срок)|до\s+конца\s+(?:дня|сегодня)"
        r"|крайний\s+срок\s+сегодня|(?:завтра|сегодня)\s+(?:уже\s+)?(?:просрочк|штраф|пени)"
        r"|due\s+today",
        "due_today",
    ),
    (
        r"(?:спис\w*|снял\w*|снят\w*|оплат\w*|ушл\w*|ушли)[^.!?\n]{0,80}(?:не\s+(?:подключал\w*|оформлял\w*"
        r"|заказывал\w*|совершал\w*|делал\w*|переводил\w*|соглаша\w*)|ничего\s+не\s+\w+|без\s+(?:моего\s+)?"
        r"(?:согласия|ведома|спроса))|(?:без\s+(?:моего\s+)?(?:согласия|ведома)|не\s+(?:подключал\w*"
        r"|оформлял\w*))[^.!?\n]{0,80}(?:спис|снял|снят)",
        "unauthorised_charge",
    ),
    (r"(?:банкомат|терминал)\w*[^.!?\n]{0,40}(?:не\s+(?:вернул|отдал)|забрал)", "card_eaten"),
    (
        r"(?:карт\w*|деньг\w*|купюр\w*)\s+(?:\w+\s+)?(?:застрял\w*|остал\w*)\s+(?:в|внутри)\s+"
        r"(?:банкомат|терминал)|(?:застрял\w*|остал\w*)\s+(?:\w+\s+)?(?:карт\w*|деньг\w*)\s+"
        r"(?:в|внутри)\s+(?:банкомат|терминал)",
        "card_eaten",
    ),
    (
        r"(?:lost|lose)\s+my\s+(?:card|phone|wallet)|card\s+(?:was\s+|is\s+|got\s+)?(?:blocked|stolen"
        r"|frozen|swallowed)|money\s+(?:is\s+|was\s+)?(?:gone|missing)",
        "card_or_money",
    ),
)

#: "Abroad" only counts with a problem in the same message (a blocked or refused card).
ABROAD_PROBLEM = (
    r"(?<![^\W\d_])не\s+\w+|отклон|заблок|блок|не\s*работ|declin|block|doesn.t\s+work|not\s+work"
)

#: Repeated contact, one of the clearest signs of anger.
REPEATED = (
    r"(?:трет\w+|четв[её]рт\w+|пят\w+|шест\w+|десят\w+|сот\w+|который|очередно\w+|энн?\w+"
    r"|\d+-?(?:[йиоы]й|й|ый))\s+раз"
    r"|сколько\s+(?:можно|ещ[её]\s+ждать|мне\s+ещ[её])|уже\s+(?:\d+|несколько|три|четыре|пять)\s+"
    r"(?:раз|дн\w+|недел\w+)\s+(?:пишу|жду|звоню|обращаюсь)"
)
