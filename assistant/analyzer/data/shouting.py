"""Capitals that are not shouting: abbreviations, brands, products and tariffs.

The shouting detector (``assistant/analyzer/shouting.py``) leaves out, by mechanism: Latin
words (QOS, EDGE, LTE, ERROR, handles), words glued to a digit (ТЕЛЕ2, 5G), words inside
quotes (tariffs and products: «ВСЁ ЗА 500», «СРОЧНЫЙ ПЛЮС»), words pymorphy3 tags as an
abbreviation or an organisation, short capitals it does not know (ЖКУ, ЕПД), and capitals
right after a brand (МТС РОССИИ, Сбербанк РОССИИ). The lists below cover what those rules
cannot see: well-known brands and abbreviations that are also ordinary words or that
pymorphy3 does not tag.
"""

from __future__ import annotations

#: All-caps words that are names or abbreviations, never shouting (upper case).
ABBREVIATIONS = frozenset(
    {
        "СМС", "ПИН", "МТС", "ВТБ", "СБП", "ИНН", "СНИЛС", "ЖКХ", "ОСАГО", "КАСКО", "ФНС", "ПАО",
        "ООО", "БИК", "РФ", "ЦБ", "ЛК", "ОК", "ПВЗ", "СДЭК", "ДНС", "МФЦ", "ГИБДД", "ИП", "НДС",
        "МИР", "ВК", "ТГ", "АЗС", "ЕГЭ", "ГОСТ", "ТВ", "ДР", "РЖД", "ФИО", "ДБО", "СБЕР", "ТЦ",
        "ПЭК", "ЮКАССА", "МЕГАФОН", "БИЛАЙН", "ОЗОН", "АЛЬФА", "ТИНЬКОФФ", "ЯНДЕКС", "РОСТЕЛЕКОМ",
        "ТЕЛЕ", "ЙОТА", "ДОМРУ", "ГАЗПРОМБАНК", "СОВКОМБАНК", "ОТКРЫТИЕ", "ПОЧТА", "ХАЛВА",
        "УРАЛСИБ", "РАЙФФАЙЗЕН", "ПСБ", "МКБ", "ГПБ", "РСХБ", "ОТП", "ВЭБ", "МОЕГО", "ВСЕ", "ЕПД",
        "ЖКУ", "НПФ", "ПФР", "СФР", "ФССП", "МВД", "УФМС", "МФО", "КБМ", "ТО", "ПТС", "СТС",
        "ВУ", "ДТП", "ИИС", "ОФЗ", "ПИФ", "НДФЛ", "ЕНС", "УСН", "ОКВЭД", "КПП", "ОГРН",
    }
)  # fmt: skip

#: Lemmas of words that begin a brand name; capitals right after them are part of the
#: name («Сбербанк РОССИИ», «Почта РОССИИ», «Банк ОТКРЫТИЕ»).
BRAND_LEMMAS = frozenset(
    {
        "сбербанк", "сбер", "почта", "банк", "мтс", "билайн", "мегафон", "теле2", "tele2",
        "ростелеком", "тинькофф", "альфа", "альфа-банк", "втб", "газпромбанк", "озон", "ozon",
        "яндекс", "wildberries", "вайлдберриз", "магнит", "пятёрочка", "пятерочка", "лента",
        "ашан", "мвидео", "эльдорадо", "аэрофлот", "ржд", "йота", "yota", "тариф", "вклад",
        "карта", "кэшбэк", "кешбэк", "подписка", "акция", "пакет", "опция",
    }
)  # fmt: skip

#: Grammemes that mark a capitalised word as a name or an abbreviation.
NAME_GRAMMEMES = frozenset({"Abbr", "Orgn", "Geox", "Trad"})
