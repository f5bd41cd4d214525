"""Personal data never reaches the model, and comes back in the operator's private draft."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.config import Settings
from assistant.drafter import Masker, draft, rewrite
from assistant.drafter.guard import StreamFilter
from assistant.errors import TextTooLongError
from assistant.testing.llm_server import Behaviour, FakeLLMServer

CARD = "4111 1111 1111 1111"
PHONE = "+7 916 123-45-67"
EMAIL = "ivan.petrov@mail.ru"
PASSPORT = "45 08 123456"
ACCOUNT = "40817810099910004312"
MESSAGE = (
    f"Здравствуйте! С карты {CARD} ушёл платёж, которого я не делал. Мой телефон {PHONE}, "
    f"почта {EMAIL}, паспорт {PASSPORT}. Деньги были на счёте {ACCOUNT}."
)
SECRETS = (CARD, PHONE, EMAIL, PASSPORT, ACCOUNT)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def test_masker_round_trip_and_stable_placeholders() -> None:
    m = Masker()
    masked = m.mask(MESSAGE)
    for secret in SECRETS:
        assert secret not in masked
    assert "[КАРТА_1]" in masked and "[ТЕЛЕФОН_1]" in masked and "[ПОЧТА_1]" in masked
    assert "[ПАСПОРТ_1]" in masked and "[СЧЁТ_1]" in masked
    assert m.unmask(masked) == MESSAGE
    # the same card written differently gets the same placeholder
    assert m.mask("карта 4111111111111111") == "карта [КАРТА_1]"
    # the model may bend a placeholder a little
    assert m.unmask("по [карта 1] и [ ТЕЛЕФОН-1 ]") == f"по {CARD} и {PHONE}"
    # unknown placeholders stay visible
    assert m.unmask("[КАРТА_7]") == "[КАРТА_7]"


def test_two_conversations_never_swap_values() -> None:
    a, b = Masker(), Masker()
    assert a.mask("карта 4111 1111 1111 1111") == "карта [КАРТА_1]"
    assert b.mask("карта 5500 0000 0000 0004") == "карта [КАРТА_1]"
    assert a.unmask("[КАРТА_1]") == "4111 1111 1111 1111"
    assert b.unmask("[КАРТА_1]") == "5500 0000 0000 0004"


def test_stream_filter_unmasks_placeholders_split_across_chunks() -> None:
    m = Masker()
    m.mask(f"карта {CARD}")
    f = StreamFilter(m, "CANARY-0123456789abcdef")
    out = [f.feed(c) for c in ("Проверили карту [КАР", "ТА_1] — всё ", "в порядке CANA", "RY-0123")]
    out.append(f.feed("456789abcdef."))
    out.append(f.flush())
    assert "".join(out) == f"Проверили карту {CARD} — всё в порядке ."
    assert out[0] == "Проверили карту "  # text before the placeholder is not held back


def test_no_personal_data_in_any_request_yet_back_in_the_private_draft(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    notes = f"Платёж отменили, деньги вернутся на карту {CARD} за 3 дня"
    history = [("customer", f"Я уже писал с почты {EMAIL}"), ("operator", "Проверяем")]
    llm_server.default = lambda req: Behaviour.reply(
        "Вижу списание по [КАРТА_1]. Платёж отменили, деньги вернутся на [КАРТА_1] за 3 дня. "
        "Ответ продублирую на [ПОЧТА_1]."
    )
    d = draft(MESSAGE, nickname="Иван", notes=notes, history=history, settings=llm_settings)
    assert llm_server.completions()
    for req in llm_server.completions():
        wire = req.text
        for secret in SECRETS:
            assert secret not in wire
            assert _digits(secret) not in _digits(wire) or not _digits(secret)
        assert "[КАРТА_1]" in wire
    assert CARD in d.text and EMAIL in d.text
    assert "[КАРТА_1]" not in d.text
    for attempt in d.attempts:
        assert "[КАРТА_1]" not in attempt.text


def test_rewrite_masks_the_operator_reply_too(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    reply = f"Иван, карта {CARD} заблокирована, перевыпуск уже заказан."
    d = rewrite(reply, "shorter", message=MESSAGE, nickname="Иван", settings=llm_settings)
    (req, *_) = llm_server.completions()
    assert CARD not in req.text and PHONE not in req.text
    assert "карта [КАРТА_1] заблокирована" in req.text
    assert CARD in d.text


_PIECES = [
    "Здравствуйте",
    "моя карта",
    "телефон",
    "почта:",
    "заказ 1532",
    "🙂",
    "\n",
    CARD,
    PHONE,
    EMAIL,
    ACCOUNT,
    "паспорт " + PASSPORT,
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12))
def test_mask_then_unmask_is_the_identity(pieces: list[str]) -> None:
    text = " ".join(pieces)
    m = Masker()
    masked = m.mask(text)
    for secret in SECRETS:
        assert secret not in masked
    assert m.unmask(masked) == text


def test_numbers_written_back_to_back_are_still_masked() -> None:
    m = Masker()
    text = f"карты {CARD} 5500 0000 0000 0004, договор 1234567890123"
    masked = m.mask(text)
    assert not any(ch.isdigit() for ch in masked.replace("_1", "").replace("_2", ""))
    assert "[НОМЕР_1]" in masked
    assert m.unmask(masked) == text


def test_masking_follows_the_limit_it_was_given() -> None:
    text = "x" * 25_000 + " +7 916 123-45-67"
    with pytest.raises(TextTooLongError):
        Masker().mask(text)
    masked = Masker(max_chars=30_000).mask(text)
    assert "916" not in masked and masked.endswith("]")


def test_new_kinds_get_their_own_placeholders() -> None:
    m = Masker()
    text = (
        "Петров Иван Сергеевич, д.р. 14.03.1985, CVV 321, срок 12/27, "
        "адрес ул. Баумана, д. 12, кв. 5, пишите ivan [at] mail [dot] ru"
    )
    masked = m.mask(text)
    assert masked == (
        "[ФИО_1], д.р. [ДАТА_РОЖДЕНИЯ_1], CVV [CVV_1], срок [СРОК_1], "
        "адрес [АДРЕС_1], пишите [ПОЧТА_1]"
    )
    assert m.unmask(masked) == text


def test_a_value_known_in_the_conversation_is_masked_without_its_keyword() -> None:
    m = Masker()
    assert m.mask("CVV 321, родился 3 мая 1979") == "CVV [CVV_1], родился [ДАТА_РОЖДЕНИЯ_1]"
    # the model's draft comes back for revision: no keyword any more, still masked
    assert m.mask("Проверили: 321 и 3 мая 1979.") == "Проверили: [CVV_1] и [ДАТА_РОЖДЕНИЯ_1]."
    assert m.mask("сумма 1321 руб.") == "сумма 1321 руб."  # not inside another number


def test_stream_filter_restores_the_longest_new_placeholder_split_across_chunks() -> None:
    m = Masker()
    m.mask("дата рождения 14.03.1985")
    f = StreamFilter(m, "CANARY-0")
    out = "".join(f.feed(c) for c in ["Дата: [ДАТА_РОЖ", "ДЕНИЯ_1", "] верна."]) + f.flush()
    assert out == "Дата: 14.03.1985 верна."
