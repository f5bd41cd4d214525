"""The drafter: an LLM reply that mirrors the customer selectively and checks itself.

Importing this package does not import langchain or openai (they load on the first call).
"""

from assistant.drafter.masking import Masker
from assistant.drafter.models import Attempt, Draft, Revising, Timings
from assistant.drafter.pipeline import adraft, astream_draft, draft
from assistant.drafter.rewrite import arewrite, astream_rewrite, rewrite
from assistant.drafter.style_card import StyleCard, build_style_card

__all__ = [
    "Attempt",
    "Draft",
    "Masker",
    "Revising",
    "StyleCard",
    "Timings",
    "adraft",
    "arewrite",
    "astream_draft",
    "astream_rewrite",
    "build_style_card",
    "draft",
    "rewrite",
]
