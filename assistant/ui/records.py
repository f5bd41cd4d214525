"""What each user may see of the outbox, and how much any field may hold.

A mixin of :class:`assistant.ui.service.Workspace` (it needs ``settings``, ``outbox``,
``role`` and ``require``): the limits of every field a client can send
(:data:`FIELD_LIMITS`, checked by :meth:`Records.check_limits` at the service boundary),
the sent list scoped to its operator with personal data masked, exports through the one
CSV writer (masked unless a supervisor asks otherwise, which is logged) whose files are
served only to the user who made them, and the retention erasure.
"""

from __future__ import annotations

import json
import logging
import secrets
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import InputError, TextTooLongError
from assistant.outbox.models import SentReply

if TYPE_CHECKING:
    from assistant.auth import Role
    from assistant.config import Settings
    from assistant.outbox.store import Outbox

log = logging.getLogger("assistant.security")

#: How the screen and the exports name a channel.
CHANNEL_NAMES = {"private": "личные сообщения", "public": "публичный комментарий"}

#: Russian names of the fields in messages.
FIELD_NAMES = {
    "message": "сообщение клиента",
    "reply": "ответ",
    "incoming": "сообщение клиента",
    "first_draft": "первый черновик",
    "history": "предыдущие сообщения",
    "notes": "заметки",
    "override_reason": "причина",
    "query": "поиск",
    "nickname": "имя клиента",
    "operator": "оператор",
    "key": "ключ отправки",
    "channel": "канал",
    "model": "модель",
    "prompt_version": "версия промпта",
    "mode": "режим",
}

#: Every field a client can send, and which limit of the settings bounds it
#: (``max_input_chars``, ``max_field_chars``, ``max_name_chars``). The one place of limits.
FIELD_LIMITS: dict[str, str] = {
    "message": "max_input_chars",
    "reply": "max_input_chars",
    "incoming": "max_input_chars",
    "first_draft": "max_input_chars",
    "history": "max_input_chars",  # all earlier messages together
    "notes": "max_field_chars",
    "override_reason": "max_field_chars",
    "query": "max_field_chars",
    "nickname": "max_name_chars",
    "operator": "max_name_chars",
    "key": "max_name_chars",
    "channel": "max_name_chars",
    "model": "max_name_chars",
    "prompt_version": "max_name_chars",
    "mode": "max_name_chars",
}


def mask_pii(text: str | None) -> str | None:
    """``text`` with every piece of personal data (:func:`assistant.pii.find_pii`) hidden
    as «[kind]»; e-mails, phones, cards, passports, accounts."""
    if not text:
        return text
    from assistant.pii import find_pii

    out, last = [], 0
    for match in find_pii(text, max_chars=len(text)):
        out += [text[last : match.start], f"[{match.kind}]"]
        last = match.end
    return "".join(out) + text[last:]


class Records:
    settings: Settings
    outbox: Outbox
    _exports: dict[str, str]

    def role(self, username: str | None) -> Role | None:  # pragma: no cover - Workspace's
        raise NotImplementedError

    def local_time(self, moment: datetime) -> datetime:  # pragma: no cover - Workspace's
        raise NotImplementedError

    def require(self, username: str | None, role: Role) -> None:  # pragma: no cover
        raise NotImplementedError

    def check_limits(self, **fields: str | Sequence[str] | None) -> None:
        """Refuse any field over its limit (:data:`FIELD_LIMITS`) with a clear error."""
        for name, value in fields.items():
            if value is None:
                continue
            if not isinstance(value, str):
                items = list(value)
                if len(items) > self.settings.max_history_items:
                    raise InputError(
                        f"Слишком много предыдущих сообщений: {len(items)}, допустимо "
                        f"{self.settings.max_history_items}."
                    )
                value = "\n".join(str(v) for v in items)
            limit = int(getattr(self.settings, FIELD_LIMITS[name]))
            if len(value) > limit:
                what = FIELD_NAMES.get(name, name)
                if FIELD_LIMITS[name] == "max_input_chars":
                    raise TextTooLongError(len(value), limit)
                raise InputError(
                    f"Поле «{what}» слишком длинное: {len(value)} символов, допустимо "
                    f"{limit}. Сократите его; остальной текст остался в окне."
                )

    # -- the sent list ---------------------------------------------------------------------

    def sent_rows(
        self, query: str = "", limit: int = 100, username: str | None = None
    ) -> list[list[Any]]:
        """Rows of the sent-replies table, newest first.

        With users configured an operator sees only their own replies, with personal data
        masked; a supervisor sees everyone's.
        """
        self.check_limits(query=query)
        operator = self.role(username) != "supervisor"
        mask = mask_pii if operator else (lambda text: text)
        records = self.outbox.search(
            query, limit=limit, operator=(username or "") if operator else None
        )
        return [
            [
                r.id,
                self.local_time(r.created_at).strftime("%d.%m.%Y %H:%M"),
                r.operator,
                CHANNEL_NAMES.get(r.channel, r.channel),
                mask(r.nickname) or "",
                mask(r.final_text),
                len(r.findings),
                "да" if r.override else "",
            ]
            for r in records
        ]

    def export_csv(
        self, username: str | None, since: datetime | None = None, *, unmasked: bool = False
    ) -> str:
        """Every sent reply as CSV text (supervisors only; the one CSV writer).

        Customer data is masked unless ``unmasked`` is asked for explicitly (logged).
        """
        from assistant.outbox.csvfile import csv_text

        self.require(username, "supervisor")
        if unmasked:
            log.warning("unmasked export of the outbox by user=%r", username)
        fields = list(SentReply.model_fields)
        masked = {"incoming", "nickname", "first_draft", "final_text", "override_reason"}
        rows = []
        for record in self.outbox.records(since=since):
            data = record.model_dump(mode="json")
            row = []
            for f in fields:
                value = data[f]
                if isinstance(value, (dict, list)):
                    value = json.dumps(value, ensure_ascii=False)
                    if not unmasked and f == "profile":
                        value = mask_pii(value)
                elif not unmasked and f in masked:
                    value = mask_pii(value)
                row.append(value)
            rows.append(row)
        return csv_text(fields, rows)

    # -- export files: each served only to the user who made it ---------------------------

    def _export_path(self, username: str | None, stem: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="exports-"))
        name = f"{stem}-{secrets.token_hex(8)}.csv"
        self._exports[name] = username or ""
        return folder / name

    def export_file(self, username: str | None, *, unmasked: bool = False) -> str:
        """:meth:`export_csv` written to a file named for this export alone."""
        text = self.export_csv(username, unmasked=unmasked)
        path = self._export_path(username, "outbox")
        path.write_text(text, encoding="utf-8")  # the text carries the BOM
        return str(path)

    def analytics_files(self, username: str | None, period: str = "week") -> list[str]:
        """Every analytics table as a CSV file (supervisors only), plus the outbox export."""
        from assistant import analytics

        self.require(username, "supervisor")
        report = analytics.summarize(
            self.outbox.records(), period="day" if period == "day" else
            "month" if period == "month" else "week",
        )  # fmt: skip
        tag = secrets.token_hex(8)
        paths = analytics.export_csv(report, Path(tempfile.mkdtemp(prefix="analytics-")), tag)
        for p in paths:
            self._exports[p.name] = username or ""
        return [self.export_file(username), *(str(p) for p in paths)]

    def export_owner(self, name: str) -> str | None:
        """Who made the export file ``name`` (None: not an export of this workspace)."""
        return self._exports.get(name)
