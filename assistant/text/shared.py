"""Process-wide objects that are expensive to build (a morphology, a spaCy pipeline).

:func:`once` turns a factory into a getter that builds the object on first use, once even
when several threads ask at the same time, and returns the same object ever after.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def once(factory: Callable[[], T]) -> Callable[[], T]:
    """The getter of the one object ``factory`` builds (thread-safe, built lazily)."""
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(factory)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(factory())
        return built[0]

    return get
