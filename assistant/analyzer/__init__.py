"""The style analyzer: a typed :class:`StyleProfile` for every incoming message."""

from assistant.analyzer.analyze import analyze
from assistant.analyzer.models import StyleProfile

__all__ = ["StyleProfile", "analyze"]
