"""Test doubles that are real enough to run the product against: a local LLM server."""

from assistant.testing.llm_server import Behaviour, FakeLLMServer, RecordedRequest

__all__ = ["Behaviour", "FakeLLMServer", "RecordedRequest"]
