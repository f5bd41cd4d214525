"""Map whatever the openai client, httpx or langchain raise to the assistant's typed errors.

The mapping is the one place that knows the client libraries' exception zoo; everything
above it sees only :class:`~assistant.errors.LLMError` subclasses with Russian messages
for the operator.
"""

from __future__ import annotations

import json

from assistant.errors import (
    LLMBadResponseError,
    LLMError,
    LLMNotConfiguredError,
    LLMRateLimitedError,
    LLMTimeoutError,
    LLMUnavailableError,
)


def retry_after_seconds(exc: BaseException) -> float | None:
    """The server's ``Retry-After`` (or ``retry-after-ms``) in seconds, if it sent one."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            continue
    return None


def is_retryable(error: LLMError) -> bool:
    """Connection errors, 429 and 5xx are worth another try; nothing else is."""
    return isinstance(error, LLMUnavailableError | LLMRateLimitedError)


def map_error(exc: BaseException) -> LLMError:
    """The typed error for ``exc`` (an exception from the client stack)."""
    import openai

    if isinstance(exc, LLMError):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return LLMTimeoutError(f"Модель не ответила вовремя. ({detail})")
    if isinstance(exc, openai.APIConnectionError):
        return LLMUnavailableError(f"Не удалось связаться с моделью. ({detail})")
    if isinstance(exc, openai.RateLimitError):
        after = retry_after_seconds(exc)
        hint = f" Повторите через {after:g} с." if after is not None else ""
        return LLMRateLimitedError(f"Модель перегружена запросами (429).{hint}", after)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status >= 500:
            return LLMUnavailableError(f"Сервер модели ответил ошибкой {status}. ({detail})")
        if status in (401, 403):
            return LLMNotConfiguredError(
                f"Сервер модели отклонил ключ доступа ({status}): проверьте OPENAI_API_KEY."
            )
        if status == 404:
            return LLMNotConfiguredError(
                f"Сервер модели не знает такой модели или адреса (404): проверьте "
                f"ASSISTANT_MODEL и OPENAI_BASE_URL. ({detail})"
            )
        return LLMBadResponseError(f"Сервер модели отклонил запрос ({status}). ({detail})")
    if isinstance(exc, json.JSONDecodeError | openai.APIResponseValidationError):
        return LLMBadResponseError(f"Модель вернула неразборчивый ответ. ({detail})")
    if _is_transport_error(exc):
        return LLMUnavailableError(f"Соединение с моделью оборвалось. ({detail})")
    if isinstance(exc, openai.APIError):
        return LLMBadResponseError(f"Ошибка модели. ({detail})")
    if isinstance(exc, ValueError | KeyError | TypeError | AttributeError):
        return LLMBadResponseError(f"Модель вернула неожиданный ответ. ({detail})")
    return LLMUnavailableError(f"Сбой при обращении к модели. ({detail})")


def _is_transport_error(exc: BaseException) -> bool:
    """httpx (or httpx2) transport errors and plain socket errors."""
    if isinstance(exc, ConnectionError | OSError):
        return True
    module = type(exc).__module__
    return module.startswith(("httpx", "httpcore", "h11")) and "Error" in type(exc).__name__
