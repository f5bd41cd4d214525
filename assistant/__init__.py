"""Reply-drafting assistant with tone mirroring for Russian-language customer support.

This module only re-exports the public API; see the submodules for the work.
"""

from assistant.analyzer import analyze
from assistant.analyzer.models import StyleProfile
from assistant.config import Settings, get_settings
from assistant.errors import (
    AssistantError,
    EmptyTextError,
    InputError,
    LLMBadResponseError,
    LLMError,
    LLMNotConfiguredError,
    LLMRateLimitedError,
    LLMTimeoutError,
    LLMUnavailableError,
    RuleError,
    StorageError,
    TextTooLongError,
)
from assistant.lint import lint
from assistant.lint.models import Finding, Policy

# Drafting names load on first use, so ``import assistant`` stays light (no langchain/openai).
_LAZY: dict[str, str] = {
    "Draft": "assistant.drafter.models",
    "Attempt": "assistant.drafter.models",
    "Revising": "assistant.drafter.models",
    "draft": "assistant.drafter.pipeline",
    "adraft": "assistant.drafter.pipeline",
    "astream_draft": "assistant.drafter.pipeline",
    "rewrite": "assistant.drafter.rewrite",
    "arewrite": "assistant.drafter.rewrite",
    "Outbox": "assistant.outbox",
    "SendRequest": "assistant.outbox",
    "SentReply": "assistant.outbox",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AssistantError",
    "EmptyTextError",
    "Finding",
    "InputError",
    "LLMBadResponseError",
    "LLMError",
    "LLMNotConfiguredError",
    "LLMRateLimitedError",
    "LLMTimeoutError",
    "LLMUnavailableError",
    "Policy",
    "RuleError",
    "Settings",
    "StorageError",
    "StyleProfile",
    "TextTooLongError",
    "analyze",
    "get_settings",
    "lint",
    *sorted(_LAZY),
]
