"""The style card differs correctly across customers: name, greeting, ты/вы, emoji."""

from __future__ import annotations

from assistant.analyzer import analyze
from assistant.config import Settings
from assistant.drafter import build_style_card, draft
from assistant.lint.models import Policy
from assistant.testing.llm_server import FakeLLMServer


def _card(text: str, nickname: str | None = None, policy: Policy | None = None) -> str:
    profile = analyze(text, nickname=nickname)
    return "\n".join(build_style_card(profile, nickname=nickname, policy=policy).directives)


def test_name_is_copied_verbatim() -> None:
    card = _card("Поправьте название платежа, пожалуйста", nickname="Валюшка лапочка")
    assert "«Валюшка лапочка»" in card
    assert "Валентин" not in card
    latin = _card("где мой кэшбэк", nickname="ksu_shka")
    assert "«ksu_shka»" in latin


def test_no_name_means_no_invented_name() -> None:
    card = _card("Где выписка?")
    assert "Имя клиента неизвестно" in card


def test_greeting_only_when_the_customer_greeted() -> None:
    greeted = build_style_card(analyze("Здравствуйте. Жду выписку по счёту третий день."))
    assert greeted.greet == "Здравствуйте"
    assert any("поздоровайтесь в ответ" in d for d in greeted.directives)
    silent = build_style_card(analyze("Жду выписку по счёту третий день."))
    assert silent.greet is None
    assert any("не здоровайтесь" in d for d in silent.directives)


def test_greeting_mirrors_the_customer_unless_the_brand_is_formal() -> None:
    profile = analyze("Привет! Подскажите, как поменять тариф?")
    card = build_style_card(profile)
    assert card.address == "vy"
    assert card.greet == "Привет"
    formal = build_style_card(profile, policy=Policy(allow_ty=False))
    assert formal.greet == "Здравствуйте"
    evening = build_style_card(analyze("Добрый вечер! Подскажите, как поменять тариф?"))
    assert evening.greet == "Добрый вечер"


def test_ty_only_if_the_customer_used_it_and_the_policy_allows() -> None:
    text = "слушай, ты можешь глянуть, почему у меня не проходит платёж?"
    assert build_style_card(analyze(text)).address == "ty"
    assert "отвечайте на «ты»" in _card(text)
    strict = _card(text, policy=Policy(allow_ty=False))
    assert "требуют «вы»" in strict
    assert "отвечайте на «ты»" not in strict
    assert build_style_card(analyze("Можете проверить мой платёж?")).address == "vy"


def test_emoji_mirrored_but_never_at_an_upset_customer() -> None:
    happy = build_style_card(analyze("Спасибо, всё пришло 🙂"))
    assert happy.emoji_allowed == 1
    assert any("не больше, чем у клиента (1)" in d for d in happy.directives)
    upset = build_style_card(analyze("У меня украли карту, срочно заблокируйте!!! 😡"))
    assert upset.emoji_allowed == 0
    assert any("ни эмодзи" in d for d in upset.directives)
    plain = build_style_card(analyze("Спасибо, всё пришло"))
    assert plain.emoji_allowed == 0
    no_brand_emoji = build_style_card(analyze("Спасибо 🙂"), policy=Policy(allow_emoji=False))
    assert no_brand_emoji.emoji_allowed == 0


def test_language_and_public_channel() -> None:
    english = _card("Hello, my card payment was declined twice today, what should I do?")
    assert "по-английски" in english
    public = build_style_card(analyze("Где мои деньги?"), channel="public")
    assert any("публичный комментарий" in d for d in public.directives)


def test_the_card_reaches_the_model(llm_server: FakeLLMServer, llm_settings: Settings) -> None:
    d1 = draft("Добрый день! Не пришёл кэшбэк 🙂", nickname="Ирина К.", settings=llm_settings)
    d2 = draft("кэшбэк где", nickname="irka", settings=llm_settings)
    first, second = (r.text for r in llm_server.completions()[:2])
    assert "«Ирина К.»" in first and "поздоровайтесь в ответ" in first
    assert "«irka»" in second and "не здоровайтесь" in second
    assert d1.directives != d2.directives
    assert all(d in first for d in d1.directives)
    # the mirror model follows the card: greeting, exact name, the customer's emoji
    assert d1.text.startswith("Добрый день, Ирина К.")
    assert d2.text.startswith("irka, ")


def test_mirror_false_is_the_baseline_without_the_card(
    llm_server: FakeLLMServer, llm_settings: Settings
) -> None:
    d = draft(
        "Добрый день! Не пришёл кэшбэк 🙂",
        nickname="Ирина К.",
        channel="public",
        mirror=False,
        settings=llm_settings,
    )
    sent = llm_server.completions()[0].text
    assert "«Ирина К.»" not in sent and "поздоровайтесь" not in sent
    assert "нейтрально и вежливо" in sent
    assert "публичный комментарий:" in sent  # safety stays, only mirroring goes
    assert d.directives == build_style_card(d.profile, channel="public", mirror=False).directives
