"""The local server routed for the drafting fixture suite (tests/evals/data/drafting_small).

The default answer is picked by the request: each scenario's message selects a scripted
reply (a good one, a bad one, one the repair loop fixes), a request without the style card
(the ablation) gets a plain reply that greets out of turn, and a judge request gets a
verdict: B for the bad draft, A otherwise.
"""

from __future__ import annotations

import pytest

from assistant.analyzer.models import StyleProfile
from assistant.drafter.style_card import build_style_card
from assistant.testing.llm_server import Behaviour, FakeLLMServer, RecordedRequest

#: A line only the baseline card (``mirror=False``, the ablation) puts into the prompt.
BASELINE_MARK = build_style_card(StyleProfile(text="-"), mirror=False).directives[0]

GOOD = "Артём, карту разблокировали в 14:20, можно платить."
BAD = "Уважаемый клиент! Ваше обращение зарегистрировано 😊 Позвоните в колл-центр."
BUREAUCRATIC = "Доводим до вашего сведения, что данная выписка за октябрь направлена."
FIXED = "Ксения, выписка за октябрь уже в чате."
PLAIN = "Добрый день! Карту разблокировали в 14:20."


def route(request: RecordedRequest) -> Behaviour:
    text = request.text
    if "Варианты:" in text:  # the judge
        reply = text.split("Ответ оператора:", 1)[1]
        return Behaviour.reply("B" if "колл-центр" in reply or "Уважаемый" in reply else "A")
    if BASELINE_MARK in text:  # the ablation: no style card
        return Behaviour.reply(PLAIN)
    if "аэропорту" in text:
        return Behaviour.reply(GOOD)
    if "Кот заказал" in text:
        return Behaviour.reply(BAD)
    if "Перепиши черновик выше" in text:
        return Behaviour.reply(FIXED)
    return Behaviour.reply(BUREAUCRATIC)


@pytest.fixture
def routed(llm_server: FakeLLMServer) -> FakeLLMServer:
    llm_server.default = route
    return llm_server
