"""Personal-data detection: every kind, its formats, checksums, and spans in the original."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from assistant.errors import TextTooLongError
from assistant.pii import find_pii, names, snils_is_valid


def _card(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


CARD = _card("427638001234567")


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        (
            f"карта {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]} заблокирована",
            "card",
            f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}",
        ),
        (f"номер {CARD}", "card", CARD),
        (
            f"карта {CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}",
            "card",
            f"{CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}",
        ),
        ("счёт 40817810099910004312 открыт", "account", "40817810099910004312"),
        ("паспорт 4508 123456", "passport", "4508 123456"),
        ("серия 45 08 № 123456", "passport", "45 08 № 123456"),
        ("паспорт 4508123456", "passport", "4508123456"),
        ("СНИЛС 112-233-445 95", "snils", "112-233-445 95"),
        ("ИНН 7707083893", "inn", "7707083893"),
        ("ИНН 500100732259", "inn", "500100732259"),
        ("звоните +7 (912) 345-67-89", "phone", "+7 (912) 345-67-89"),
        ("мой 89123456789", "phone", "89123456789"),
        ("тел. 8(495)123-45-67.", "phone", "8(495)123-45-67"),
        ("почта ivan.petrov@mail.ru!", "email", "ivan.petrov@mail.ru"),
        # a mistyped card (Luhn fails) right after the word is still the customer's card
        ("карта 4276 3800 1234 5678", "card", "4276 3800 1234 5678"),
        ("карта 4276/3800/1234/5679 не проходит", "card", "4276/3800/1234/5679"),
        ("номер 4276 - 3800 - 1234 - 5679", "card", "4276 - 3800 - 1234 - 5679"),
        ("карта 4276_3800_1234_5679", "card", "4276_3800_1234_5679"),
        ("домашний 234-56-78", "phone", "234-56-78"),
        ("звоните 5551234 вечером", "phone", "5551234"),
        ("рабочий (495) 123-45-67", "phone", "(495) 123-45-67"),
        ("Минск +375 29 123 45 67", "phone", "+375 29 123 45 67"),
        ("пишите ivan [at] mail [dot] ru", "email", "ivan [at] mail [dot] ru"),
        ("почта olga собака yandex точка ru", "email", "olga собака yandex точка ru"),
        ("почта dima собака мейл ру", "email", "dima собака мейл ру"),
        ("на CVV 123 смотреть?", "cvv", "123"),
        ("три цифры сзади — 612", "cvv", "612"),
        ("действует до 03/29", "expiry", "03/29"),
        ("срок карты 11 / 2028", "expiry", "11 / 2028"),
        ("дата рождения 14.03.1985", "birthdate", "14.03.1985"),
        ("я 3 мая 1979 года рождения", "birthdate", "3 мая 1979"),
        (
            "живу: г. Казань, ул. Баумана, д. 12, кв. 5",
            "address",
            "г. Казань, ул. Баумана, д. 12, кв. 5",
        ),
        ("курьер на Красный проспект 20 не приехал", "address", "Красный проспект 20"),
        ("Владелец — Иванов Пётр Сергеевич", "name", "Иванов Пётр Сергеевич"),
        ("перевод от Алексей Морозов", "name", "Алексей Морозов"),
    ],
)
def test_each_kind_is_found_with_its_span(text: str, kind: str, found: str) -> None:
    matches = find_pii(text)
    assert [(m.kind, m.text) for m in matches] == [(kind, found)]
    m = matches[0]
    assert text[m.start : m.end] == found


@pytest.mark.parametrize(
    "text",
    [
        "заказ 123456 от 12.05.2024",
        "сумма 1 500 000 руб",
        "в 2024 году было 15 обращений",
        "1) карта 2) счёт 3) вклад",
        "заявка 4276 3800 1234 5678",  # Luhn fails, no card word before it
        "ИНН 7707083894",  # checksum fails
        "код из смс 4821",
        "Спасибо Анне из поддержки!",  # a lone first name is how one is addressed
        "Кристи 🌸",  # a nickname; the NER once took the emoji for a surname
        "Добрый день, Марина К.! Проверяем перевод.",  # a nickname with an initial
        "С уважением,\nНаталья Викторовна xD",  # the polite form, and a laugh after it
        "Отделение на Садовой закрыто, а в Москве работает",
        "Тариф «Всё за 500» подключён 12.05.2024",
        "перезвоните через 15 минут",
        "в 10:30 списали 1 500 рублей",
        "Срок рассмотрения 10 дней",
        "по адресу в договоре",
    ],
)
def test_not_personal_data(text: str) -> None:
    assert find_pii(text) == []


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("Анна, здравствуйте! Карту перевыпустим за 5 дней.", False),
        ("Ирина, спасибо. Марина уже ответила, Олег проверит.", False),
        ("Ирина Викторовна, вопрос передан.", False),  # the polite form: no surname
        ("Перевод для Петров Иван не дошёл", True),
        ("Меня зовут Иван петров, карта не работает", True),  # a lower-case surname
    ],
)
def test_the_ner_reads_only_what_could_be_a_full_name(
    text: str, reads: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kept NER name has two parts or more in one sentence, one a surname: a lone «Анна,»
    # or the polite «Ирина Викторовна» needs no model run.
    calls = []
    tagger = names._tagger
    monkeypatch.setattr(names, "_tagger", lambda: calls.append(text) or tagger())
    find_pii(text)
    assert bool(calls) is reads


def test_disguised_digits_are_found_and_spans_point_into_the_original() -> None:
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in CARD)  # ４２７６…
    text = f"карта {fullwidth} и 8912\u200b3456789"
    kinds = [(m.kind, m.text) for m in find_pii(text)]
    assert kinds == [("card", fullwidth), ("phone", "8912\u200b3456789")]


def test_snils_checksum() -> None:
    assert snils_is_valid("11223344595")
    assert not snils_is_valid("11223344596")


@given(
    body=st.text(alphabet="0123456789", min_size=14, max_size=14),
    sep=st.sampled_from(["", " ", "-"]),
    left=st.sampled_from(["", "карта ", "вот: ", "номер карты\n"]),
    right=st.sampled_from(["", " спасибо", ".", ")"]),
)
def test_any_luhn_valid_card_is_found(body: str, sep: str, left: str, right: str) -> None:
    number = _card("4" + body)
    shown = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    text = left + shown + right
    matches = find_pii(text)
    assert [(m.kind, m.text) for m in matches] == [("card", shown)]


@given(st.text(max_size=200))
def test_find_pii_never_raises_and_spans_stay_inside(text: str) -> None:
    for m in find_pii(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert m.text == text[m.start : m.end]


def test_text_over_the_limit_is_refused_before_any_work() -> None:
    # a megabyte of digit groups is the slow case (every cut of the run is tried)
    with pytest.raises(TextTooLongError) as caught:
        find_pii("1 " * 500_000)
    assert caught.value.limit == 20_000
    assert caught.value.length == 1_000_000


def test_the_limit_can_be_raised_per_call() -> None:
    text = "x" * 25_000 + " карта 4276 3800 1234 5679"
    with pytest.raises(TextTooLongError):
        find_pii(text)
    assert [m.kind for m in find_pii(text, max_chars=30_000)] == ["card"]


@pytest.mark.parametrize(
    "text",
    [
        "Переводы по номеру телефона бесплатны до 100 000 ₽ в месяц.",
        "Тариф: звонки 5 000 минут и 300 смс.",
    ],
)
def test_a_sum_or_quantity_after_a_phone_word_is_not_a_phone(text: str) -> None:
    assert [m for m in find_pii(text) if m.kind == "phone"] == []
