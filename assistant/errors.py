"""The typed exception hierarchy of the assistant.

Every error the library raises on purpose derives from :class:`AssistantError`, so callers
(the app, the command line, other tools) can catch one base class and show ``str(error)``
to a person: messages are written for operators, in Russian, with the detail appended.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error raised on purpose by the assistant."""


# -- input -------------------------------------------------------------------------------


class InputError(AssistantError, ValueError):
    """The text given to the assistant cannot be processed as it is."""


class EmptyTextError(InputError):
    """The text is empty or holds only whitespace and invisible characters."""


class TextTooLongError(InputError):
    """The text is longer than the configured limit."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"Текст слишком длинный: {length} символов при пределе {limit}. "
            "Сократите сообщение или разбейте его на части."
        )

    @classmethod
    def check(cls, text: str, limit: int) -> None:
        """Raise when ``text`` is longer than ``limit`` characters (the first check of every
        entry point: it costs nothing, while the work after it grows with the text)."""
        if len(text) > limit:
            raise cls(len(text), limit)


# -- rules -------------------------------------------------------------------------------


class RuleError(AssistantError):
    """A style rule file is broken: the linter refuses to start rather than skip it."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


class PromptError(AssistantError):
    """A prompt file is broken or is rendered with missing variables."""


class KnowledgeError(AssistantError):
    """The knowledge base cannot be read (missing folder, unreadable file, bad tags)."""


# -- LLM ---------------------------------------------------------------------------------


class LLMError(AssistantError):
    """Drafting through the language model failed; the operator's text is untouched."""


class LLMNotConfiguredError(LLMError):
    """No OpenAI-compatible endpoint is configured."""


class LLMUnavailableError(LLMError):
    """The endpoint could not be reached or answered with a server error."""


class LLMRateLimitedError(LLMError):
    """The endpoint answered 429 Too Many Requests."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class LLMTimeoutError(LLMError):
    """The endpoint did not answer (or stopped streaming) within the configured limits."""


class LLMBadResponseError(LLMError):
    """The endpoint answered something that is not a usable completion (garbage, 4xx)."""


# -- storage -----------------------------------------------------------------------------


class StorageError(AssistantError):
    """The outbox could not store or read a reply (locked, read-only, unreachable)."""


class AccessDeniedError(AssistantError):
    """The current user may not use this feature."""
