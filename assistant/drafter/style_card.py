"""The style card: what the drafter tells the model about *this* customer, as directives.

Mirroring is selective (principles §2–§7): the name exactly as in the profile, a greeting
only if the customer greeted, «ты» only if the customer used it and the brand allows it,
emoji no more than the customer and none when they are upset, similar length and
paragraphing, the matter first, the customer's language. Each directive is one plain
Russian sentence; the operator's screen shows the same list.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from assistant.analyzer.models import StyleProfile
from assistant.lint.models import Channel, Policy

_REGISTER_NAMES = {
    "formal": "официальном",
    "neutral": "нейтральном",
    "casual": "разговорном",
    "slang": "разговорном",
}
#: Greetings that suit «ты» only; a reply on «вы» answers them with a neutral one.
_TY_GREETINGS = re.compile(r"^(привет\w*|прив|хай|здоров\w*|здаров\w*|салют|хелло|хеллоу)$", re.I)


class StyleCard(BaseModel):
    """The directives for one customer, in order of importance."""

    model_config = ConfigDict(frozen=True)

    directives: list[str]
    name: str | None = None
    address: str = "vy"
    greet: str | None = None
    emoji_allowed: int = 0
    emoji_sample: str | None = None
    language: str = "ru"

    def render(self) -> str:
        return "\n".join(f"- {d}" for d in self.directives)

    def data(self) -> dict[str, str | int | None]:
        """The card's decisions as data (the machine-readable block of the prompt)."""
        return {
            "name": self.name,
            "address": self.address,
            "greet": self.greet,
            "emoji": self.emoji_allowed,
            "emoji_sample": self.emoji_sample,
            "language": self.language,
        }


def greeting_reply(greeting: str, *, formal_brand: bool, language: str) -> str:
    """How to greet back: the customer's own words, or a neutral form for a brand that
    never says «ты» (its replies do not answer «привет» in kind)."""
    words = re.sub(r"[^\w\s-]", " ", greeting).split()
    if not words:
        return "Hello" if language == "en" else "Здравствуйте"
    if language != "en" and formal_brand and _TY_GREETINGS.match(words[0]):
        return "Здравствуйте"
    return " ".join(words).capitalize()


def build_style_card(
    profile: StyleProfile,
    *,
    nickname: str | None = None,
    policy: Policy | None = None,
    channel: Channel = "private",
    mirror: bool = True,
) -> StyleCard:
    """Render the directives for ``profile`` under ``policy`` in ``channel``.

    ``mirror=False`` gives the baseline card of the eval: no customer-specific directive,
    only a neutral register (and the public-channel rule, which is safety, not style).
    """
    policy = policy or Policy()
    if not mirror:
        return StyleCard(
            directives=[
                "(карточки стиля нет: пишите нейтрально и вежливо, на «вы»)",
                *(_public_directive() if channel == "public" else []),
            ]
        )
    english = profile.language == "en"
    out: list[str] = []

    # Name: verbatim, never "corrected".
    name = (nickname or profile.nickname or "").strip() or None
    if name:
        out.append(
            f"Обращайтесь к клиенту по имени ровно так, как оно написано в профиле: «{name}» — "
            "не исправляйте, не заменяйте «полным» именем и не переводите. Имя в начале "
            "ответа и есть приветствие."
        )
    else:
        out.append(
            "Имя клиента неизвестно — обходитесь без обращения по имени, не выдумывайте его."
        )

    # Address.
    ty = profile.address == "ty" and policy.allow_ty
    if ty:
        out.append("Клиент пишет на «ты» — отвечайте на «ты», ни разу не переходя на «вы».")
    elif profile.address == "ty":
        out.append(
            "Клиент пишет на «ты», но правила бренда требуют «вы»: обращайтесь на «вы» "
            "(со строчной буквы), без смешения."
        )
    else:
        out.append("Обращайтесь на «вы» (со строчной буквы) и не переходите на «ты».")

    # Greeting.
    greet: str | None = None
    g = profile.greeting
    if g.present and g.text:
        greet = greeting_reply(g.text, formal_brand=not policy.allow_ty, language=profile.language)
        register = _REGISTER_NAMES.get(g.register or profile.register, "нейтральном")
        out.append(
            f"Клиент поздоровался («{g.text}») — поздоровайтесь в ответ один раз, в том же "
            f"{register} регистре, например: «{greet}»."
        )
    else:
        out.append(
            "Клиент не здоровался — не здоровайтесь и не пишите «добрый день»; обращения по "
            "имени достаточно."
        )

    # Emoji.
    count = profile.emoji.count if profile.emoji.used else 0
    allowed = 0
    sample: str | None = None
    if profile.upset:
        out.append(
            "Клиент расстроен или дело срочное — ни эмодзи, ни смайликов, ни шуток; сначала "
            "решение."
        )
    elif not policy.allow_emoji:
        out.append("Без эмодзи и смайликов — так решил бренд.")
    elif count == 0:
        out.append("Клиент не ставил эмодзи и смайликов — и вы не ставьте.")
    else:
        allowed = count
        sample = next((i.text for i in profile.emoji.items if i.tone != "negative"), None)
        like = f", в том же духе, например «{sample}»" if sample else ""
        out.append(
            f"Эмодзи или смайликов — не больше, чем у клиента ({count}){like}; можно и без них."
        )

    # Length and paragraphs.
    words = max(profile.habits.words, 1)
    target = max(12, words)
    limit = max(35, words * 2)
    paragraphs = profile.habits.paragraphs
    if paragraphs <= 1:
        shape = "один абзац, как у клиента"
    elif paragraphs < 5:
        shape = f"{paragraphs} абзаца через пустую строку, как у клиента"
    else:
        shape = "несколько коротких абзацев через пустую строку, как у клиента"
    out.append(f"Длина — примерно как у клиента: около {target} слов, не больше {limit}; {shape}.")

    # Order and tone.
    if profile.upset:
        out.append(
            "Сначала решение или следующий шаг по делу, без вступлений и дежурного "
            "сочувствия; любезности — в конце и коротко, если вообще нужны."
        )
    else:
        out.append("Сначала суть и решение, любезности — после и коротко.")
    tone = {
        "formal": "Тон сдержанный и вежливый, но живой, без канцелярита.",
        "casual": "Тон простой и разговорный, как у живого человека, но без панибратства.",
        "slang": "Тон простой и разговорный, но без панибратства и жаргона сверх клиента.",
    }.get(profile.register, "Тон спокойный и дружелюбный, обычными словами.")
    out.append(tone)

    # Language.
    if english:
        out.append("Клиент пишет по-английски — ответ полностью на английском.")
    else:
        out.append("Ответ на русском языке.")

    # Channel.
    if channel == "public":
        out.extend(_public_directive())
    return StyleCard(
        directives=out,
        name=name,
        address="ty" if ty else "vy",
        greet=greet,
        emoji_allowed=allowed,
        emoji_sample=sample,
        language=profile.language,
    )


def _public_directive() -> list[str]:
    return [
        "Это публичный комментарий: никаких личных данных (номеров карт и счетов, "
        "телефонов, паспорта, почты, остатков); если они нужны — предложите продолжить "
        "в личных сообщениях."
    ]
