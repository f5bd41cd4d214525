"""Personal data: masked before the model, restored for the operator, flagged in public.

Every kind the detector knows (a Luhn-valid card, a 20-digit account, passport, СНИЛС,
ИНН, phone, e-mail) is put into the incoming message, the history and the notes. The
scripted model answers with the placeholders it was shown — the way a real model keeps
them — plus a bureaucratic word, so a revision round happens too. Checked on every
request the local server recorded, revisions included: no value in any form (as written,
digits only, lower-cased e-mail). The private draft has the values back; in a public one
the linter's ``pii`` category fires on each of them. Concurrent conversations each get
their own placeholder table and never swap values.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from stdnum import luhn

from assistant.config import Settings
from assistant.drafter import adraft, draft
from assistant.drafter.masking import PLACEHOLDER, Masker
from assistant.lint import lint
from assistant.pii import find_pii
from assistant.testing.llm_server import Behaviour, FakeLLMServer, RecordedRequest


def card(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


CARD = card("427638001234567")
CARD_2 = card("553691004455661")
VALUES = {
    "card": f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}",
    "account": "40817810099910004312",
    "passport": "4508 123456",
    "snils": "112-233-445 95",
    "inn": "7707083893",
    "phone": "+7 (912) 345-67-89",
    "email": "ivan.petrov@mail.ru",
}
MESSAGE = (
    f"Здравствуйте! Карта {VALUES['card']} не работает, счёт {VALUES['account']}. "
    f"Паспорт {VALUES['passport']}, СНИЛС {VALUES['snils']}, ИНН {VALUES['inn']}. "
    f"Звоните на {VALUES['phone']} или пишите {VALUES['email']}."
)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-().]", "", text)


def assert_no_personal_data(request_text: str, values: dict[str, str]) -> None:
    squashed, lower = _squash(request_text), request_text.lower()
    for kind, value in values.items():
        assert value not in request_text, kind
        if kind == "email":
            assert value.lower() not in lower
        else:
            assert _squash(value) not in squashed, kind


def placeholder_model(extra: str = "") -> Behaviour | object:
    """Reply with every placeholder of the customer's message, as a model would."""

    def answer(request: RecordedRequest) -> Behaviour:
        task = next(
            m["content"] for m in request.messages if "<<<СООБЩЕНИЕ_КЛИЕНТА>>>" in m["content"]
        )
        block = task.split("<<<СООБЩЕНИЕ_КЛИЕНТА>>>")[1].split("<<<КОНЕЦ_СООБЩЕНИЯ_КЛИЕНТА>>>")[0]
        found = [m.group() for m in PLACEHOLDER.finditer(block)]
        text = f"Здравствуйте! {extra}Проверили: " + ", ".join(found) + "."
        return Behaviour.reply(text, chunk_delay=0.002)

    return answer


def test_every_kind_is_detected_in_the_message() -> None:
    kinds = {m.kind: m.text for m in find_pii(MESSAGE)}
    assert kinds == VALUES


@pytest.mark.parametrize("channel", ["private", "public"])
def test_no_personal_data_reaches_the_model_yet_the_operator_gets_it_back(
    channel: str, llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.default = placeholder_model(extra="Данный вопрос решаем. ")  # type: ignore[assignment]
    result = draft(
        MESSAGE,
        channel=channel,  # type: ignore[arg-type]
        history=[f"Мой телефон {VALUES['phone']}", ("operator", f"Карта {VALUES['card']}?")],
        notes=f"клиент с картой {VALUES['card']}, почта {VALUES['email']}",
        settings=llm_settings,
    )
    requests = llm_server.completions()
    assert len(requests) >= 2  # the bureaucratic word forced at least one revision
    for request in requests:
        assert_no_personal_data(request.text, VALUES)
        assert "[КАРТА_1]" in request.text
    for value in VALUES.values():
        assert value in result.text  # restored for the operator
    pii = [f for f in result.findings if f.category == "pii"]
    if channel == "private":
        assert pii == []
    else:
        flagged = {f.text for f in pii}
        for value in VALUES.values():
            assert any(value in text for text in flagged), value


def test_two_numbers_back_to_back_are_two_placeholders_and_two_findings() -> None:
    second = f"{CARD_2[:4]} {CARD_2[4:8]} {CARD_2[8:12]} {CARD_2[12:]}"
    text = f"Карты {VALUES['card']} {second} заблокированы"
    masker = Masker()
    masked = masker.mask(text)
    assert masked == "Карты [КАРТА_1] [КАРТА_2] заблокированы"
    assert masker.unmask(masked) == text
    findings = [f for f in lint(text, channel="public") if f.category == "pii"]
    assert [f.text for f in findings] == [VALUES["card"], second]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("89123456789 89001112233", ["phone", "phone"]),
        ("ИНН 7707083893 9123456789", ["inn", "phone"]),
        (f"счёт 40817810099910004312 {CARD}", ["account", "card"]),
        (f"СНИЛС 112-233-445 95 {CARD}", ["snils", "card"]),
        (f"паспорт 4508 123456 {CARD}", ["passport", "card"]),
        (f"{CARD} +7 912 345 67 89", ["card", "phone"]),
    ],
)
def test_runs_of_two_numbers_are_split(text: str, kinds: list[str]) -> None:
    assert [m.kind for m in find_pii(text)] == kinds


def _conversation(i: int) -> tuple[str, dict[str, str]]:
    values = {
        "card": card(f"42763800{i:07d}"),
        "phone": f"+7 912 {i:03d}-{i % 100:02d}-{(i * 7) % 100:02d}",
        "email": f"client{i}@mail.ru",
    }
    return (
        f"Карта {values['card']} заблокирована, звоните {values['phone']}, {values['email']}",
        values,
    )


def _check_own_values(text: str, own: dict[str, str], others: list[dict[str, str]]) -> None:
    for value in own.values():
        assert value in text
    for other in others:
        for value in other.values():
            assert value not in text


def test_concurrent_conversations_never_swap_values(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.default = placeholder_model()  # type: ignore[assignment]
    # The test server's listen backlog is small: allow for a SYN retry under the burst.
    llm_settings = llm_settings.model_copy(update={"connect_timeout": 5.0})
    conversations = [_conversation(i) for i in range(12)]

    async def all_at_once() -> list[str]:
        drafts = await asyncio.gather(
            *(adraft(message, settings=llm_settings) for message, _ in conversations)
        )
        return [d.text for d in drafts]

    texts = asyncio.run(all_at_once())
    every = [values for _, values in conversations]
    for i, text in enumerate(texts):
        _check_own_values(text, every[i], every[:i] + every[i + 1 :])
    for request in llm_server.completions():
        for values in every:
            assert_no_personal_data(request.text, values)


def test_conversations_in_threads_never_swap_values(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    llm_server.default = placeholder_model()  # type: ignore[assignment]
    llm_settings = llm_settings.model_copy(update={"connect_timeout": 5.0})
    conversations = [_conversation(100 + i) for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        texts = list(pool.map(lambda c: draft(c[0], settings=llm_settings).text, conversations))
    every = [values for _, values in conversations]
    for i, text in enumerate(texts):
        _check_own_values(text, every[i], every[:i] + every[i + 1 :])
