"""LLM access: one client factory, typed errors, streaming under a deadline.

Importing this package does not import langchain or openai; the functions do, lazily.
"""

from assistant.llm.client import (
    aclose_loop_models,
    chat_model_for_loop,
    ensure_configured,
    make_chat_model,
    run_sync,
)
from assistant.llm.errors import map_error
from assistant.llm.stream import ChatResult, achat, astream_chat

__all__ = [
    "ChatResult",
    "achat",
    "aclose_loop_models",
    "astream_chat",
    "chat_model_for_loop",
    "ensure_configured",
    "make_chat_model",
    "map_error",
    "run_sync",
]
