"""The style profile of an incoming message: what the analyzer decided, and why.

Every decision carries :class:`Evidence`, the character span in the *original* message
that decided it, so the operator's screen can highlight what was detected.
"""

from __future__ import annotations

import warnings
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.text.normalize import JsonStr

Address = Literal["ty", "vy", "none"]
Mood = Literal["positive", "neutral", "negative", "angry"]
Register = Literal["formal", "neutral", "casual", "slang"]
EmojiKind = Literal["emoji", "smile", "sad", "laughter"]
EmojiTone = Literal["positive", "neutral", "negative", "angry"]
Language = Literal["ru", "en", "other"]


# ``register`` is a field name the issue fixes; pydantic warns that it shadows
# ``ABCMeta.register`` on the class. Instances read the field as usual.
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Model):
    """A span of the original message and what it shows (``label``: a short code)."""

    label: str
    text: JsonStr
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Mention(_Model):
    """A platform mention in the message: VK «[id123|Анна]» or a «@handle».

    ``name`` is the VK display name exactly as written (the operator may use it as it is);
    handles have none. ``platform`` is ``vk`` or ``handle`` (Telegram, Twitter/X, Instagram).
    """

    platform: Literal["vk", "handle"]
    target: JsonStr
    name: JsonStr | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class EmojiItem(_Model):
    """One pictographic emoji or text emoticon as the customer typed it."""

    text: JsonStr
    kind: EmojiKind
    tone: EmojiTone = "neutral"
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class EmojiInfo(_Model):
    used: bool = False
    count: int = 0
    items: list[EmojiItem] = Field(default_factory=list)


class GreetingInfo(_Model):
    present: bool = False
    text: JsonStr | None = None
    register: Register | None = None
    start: int | None = None
    end: int | None = None


class Habits(_Model):
    """How the customer writes, for the drafter to mirror."""

    words: int = 0
    chars: int = 0
    sentences: int = 0
    paragraphs: int = 1
    all_lowercase: bool = False
    caps_ratio: float = 0.0
    exclamation_runs: list[Evidence] = Field(default_factory=list)
    question_runs: list[Evidence] = Field(default_factory=list)
    ellipses: int = 0
    uses_yo: bool = False
    no_final_punctuation: bool = False


class StyleProfile(_Model):
    """How one incoming message is written. JSON-serialisable; the API of the analyzer."""

    text: JsonStr
    language: Language = "ru"
    emoji: EmojiInfo = Field(default_factory=EmojiInfo)
    greeting: GreetingInfo = Field(default_factory=GreetingInfo)
    address: Address = "none"
    address_evidence: list[Evidence] = Field(default_factory=list)
    nickname: JsonStr | None = None
    nickname_source: Literal["profile", "signature", "introduction"] | None = None
    nickname_evidence: list[Evidence] = Field(default_factory=list)
    urgent: bool = False
    urgency_reasons: list[Evidence] = Field(default_factory=list)
    mood: Mood = "neutral"
    mood_evidence: list[Evidence] = Field(default_factory=list)
    register: Register = "neutral"
    register_evidence: list[Evidence] = Field(default_factory=list)
    habits: Habits = Field(default_factory=Habits)
    injection_suspected: bool = False
    injection_evidence: list[Evidence] = Field(default_factory=list)
    hidden_characters: list[Evidence] = Field(default_factory=list)
    hidden_flagged: bool = Field(
        default=False,
        description="Bidi controls or Unicode tag characters were hidden in the message.",
    )
    public_pii: list[Evidence] = Field(
        default_factory=list,
        description=(
            "Personal data the customer posted in a public comment (filled by "
            "assistant.pii.with_channel when the channel is known): hide it, move to private."
        ),
    )
    from_history: list[Literal["address", "nickname"]] = Field(
        default_factory=list,
        description="Decisions taken from the customer's earlier messages (no span here).",
    )
    mentions: list[Mention] = Field(
        default_factory=list,
        description="Platform mentions (VK «[id1|Анна]», «@handle»); a VK name is exact.",
    )
    platform_syntax: list[Evidence] = Field(
        default_factory=list,
        description="Mentions, quoted replies, reply headers and signatures left out of the "
        "greeting, ты/вы, caps, name, mood and urgency decisions.",
    )

    @property
    def upset(self) -> bool:
        """Urgent, negative or angry: no jokes, no emoji, solve first."""
        return self.urgent or self.mood in ("negative", "angry")

    def highlights(self) -> list[Evidence]:
        """Every span the analyzer relied on, sorted by position, for the UI."""
        spans: list[Evidence] = [
            Evidence(label=f"emoji:{i.kind}", text=i.text, start=i.start, end=i.end)
            for i in self.emoji.items
        ]
        g = self.greeting
        if g.present and g.text is not None and g.start is not None and g.end is not None:
            spans.append(Evidence(label="greeting", text=g.text, start=g.start, end=g.end))
        for group in (
            self.address_evidence,
            self.nickname_evidence,
            self.urgency_reasons,
            self.mood_evidence,
            self.register_evidence,
            self.injection_evidence,
            self.hidden_characters,
            self.platform_syntax,
            self.habits.exclamation_runs,
            self.habits.question_runs,
        ):
            spans.extend(group)
        return sorted(spans, key=lambda e: (e.start, e.end))
