"""Reply-drafting assistant with tone mirroring for Russian-language customer support.

This module only re-exports the public API; see the submodules for the work.
"""

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
from assistant.lint.models import Finding, Policy

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
    "get_settings",
]
