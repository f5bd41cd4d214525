"""Words that tell English from other Latin-script text."""

from __future__ import annotations

ENGLISH_WORDS = frozenset(
    {
        "the", "a", "an", "is", "are", "my", "i", "you", "your", "to", "and", "not", "please",
        "hi", "hello", "card", "can", "do", "does", "it", "this", "was", "have", "has", "with",
        "for", "of", "in", "on", "me", "why", "what", "how", "help", "money", "account", "hey",
        "thanks", "thank", "order", "no", "yes",
    }
)  # fmt: skip
