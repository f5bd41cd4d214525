"""The outbox of sent replies (SQLAlchemy; SQLite by default, PostgreSQL works too).

``SendRequest``/``SentReply`` are plain pydantic models; :class:`Outbox` (which imports
SQLAlchemy) is loaded on first use so that ``import assistant`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.outbox.models import SendRequest, SentReply, new_key

if TYPE_CHECKING:
    from assistant.outbox.store import Outbox, edit_distance

__all__ = ["Outbox", "SendRequest", "SentReply", "edit_distance", "new_key"]


def __getattr__(name: str) -> Any:
    if name in ("Outbox", "edit_distance"):
        from assistant.outbox import store

        return getattr(store, name)
    raise AttributeError(name)
