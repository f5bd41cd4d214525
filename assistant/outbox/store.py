"""The outbox: an append-only SQLAlchemy store of sent replies.

SQLite by default (a file; WAL journal with ``synchronous=FULL`` so an acknowledged send
survives a crash or power loss, and a busy timeout so concurrent writers wait instead of
failing). Any SQLAlchemy URL works, e.g. PostgreSQL for a team on several machines:
``postgresql+psycopg://user:password@host/assistant``. The schema uses portable types only.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from assistant.errors import StorageError
from assistant.lint.models import Finding
from assistant.outbox.models import KeyConflictError, SendRequest, SentReply

_KEEP_TEXT = "Ответ не потерян: он остался в окне, отправьте его ещё раз."


class _Base(DeclarativeBase):
    pass


class _Row(_Base):
    __tablename__ = "sent_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(128), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    operator: Mapped[str] = mapped_column(String(200), index=True, default="")
    channel: Mapped[str] = mapped_column(String(16))
    incoming: Mapped[str] = mapped_column(Text, default="")
    nickname: Mapped[str | None] = mapped_column(String(200), nullable=True)
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    first_draft: Mapped[str | None] = mapped_column(Text, nullable=True)
    final_text: Mapped[str] = mapped_column(Text)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    override: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    edit_distance: Mapped[int | None] = mapped_column(Integer, nullable=True)
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    prompt_version: Mapped[str | None] = mapped_column(String(100), nullable=True)


# Append-only, enforced by the database itself where it is cheap to do so. The one update
# allowed is the retention erasure (:meth:`Outbox.erase_customer_text`): it may only empty
# the customer's text (message, nickname, first draft, profile) and change nothing else.
_UNCHANGED = " AND ".join(
    f"NEW.{c} IS OLD.{c}"
    for c in (
        "id", "key", "created_at", "operator", "channel", "final_text", "findings",
        "override", "override_reason", "edit_distance", "model", "prompt_version",
    )
)  # fmt: skip
_NO_DELETE = (
    "CREATE TRIGGER IF NOT EXISTS sent_replies_no_delete BEFORE DELETE ON sent_replies "
    "BEGIN SELECT RAISE(ABORT, 'sent_replies is append-only'); END"
)
_ERASE_ONLY = (
    "CREATE TRIGGER sent_replies_no_update BEFORE UPDATE ON sent_replies "
    f"WHEN NOT ({_UNCHANGED} AND NEW.incoming = '' AND NEW.nickname IS NULL "
    "AND NEW.first_draft IS NULL) "
    "BEGIN SELECT RAISE(ABORT, 'sent_replies is append-only'); END"
)


def _install_triggers(conn: Any) -> None:
    """The SQLite triggers; an older database's update trigger (no erasure) is replaced."""
    conn.exec_driver_sql(_NO_DELETE)
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'sent_replies_no_update'"
    ).scalar()
    if found != _ERASE_ONLY:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS sent_replies_no_update")
        conn.exec_driver_sql(_ERASE_ONLY)


#: What of a profile survives the erasure: the classification, no text of the customer.
PROFILE_KEPT = ("language", "address", "urgent", "mood", "register", "injection_suspected")


def _use_wal(cur: Any, timeout: float) -> None:
    """``PRAGMA journal_mode=WAL``, retried on «locked» for up to ``timeout`` seconds.

    WAL stays set in the file, so only the first connections to a new database switch it.
    The switch needs SQLite's exclusive lock, and while another connection holds a write
    lock SQLite answers «locked» at once, without waiting out the busy timeout (its rule
    against deadlocks). Four outboxes opening one new file together hit this once in a dozen
    runs.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _sqlite_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _storage_error(exc: BaseException, action: str) -> StorageError:
    """A clear Russian message for what went wrong, with the detail appended."""
    detail = str(getattr(exc, "orig", None) or exc)
    low = detail.lower()
    if "locked" in low or "busy" in low:
        why = "база данных занята другим процессом (заблокирована)"
    elif "readonly" in low or "read-only" in low or "read only" in low:
        why = "база данных открыта только для чтения"
    elif "unable to open" in low or "could not connect" in low or "connection" in low:
        why = "не удаётся открыть базу данных"
    elif "disk" in low and ("full" in low or "i/o" in low):
        why = "ошибка диска"
    else:
        why = "ошибка базы данных"
    return StorageError(f"Не удалось {action}: {why}. {_KEEP_TEXT} ({detail})")


def edit_distance(draft: str | None, final: str) -> int | None:
    """Levenshtein distance between the first draft and the sent text (None: no draft)."""
    if not draft:
        return None
    return int(Levenshtein.distance(draft, final))


class Outbox:
    """Sent replies in a database given by a SQLAlchemy URL.

    >>> box = Outbox("sqlite:///data/outbox.sqlite3")   # doctest: +SKIP
    >>> box.send(SendRequest(text="Анна, вернули деньги.", key="k1")).id   # doctest: +SKIP
    """

    def __init__(self, url: str, *, busy_timeout_ms: int = 5000, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self._sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo, "pool_pre_ping": not self._sqlite}
        if self._sqlite:
            database = parsed.database
            if database and database != ":memory:" and not database.startswith("file:"):
                try:
                    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise _storage_error(exc, "создать папку для базы данных") from exc
            kwargs["connect_args"] = {
                "check_same_thread": False,
                "timeout": busy_timeout_ms / 1000,
            }
        self.engine: Engine = create_engine(url, **kwargs)
        if self._sqlite:
            self._install_sqlite_pragmas(busy_timeout_ms)
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    def _install_sqlite_pragmas(self, busy_timeout_ms: int) -> None:
        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            try:
                cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
                _use_wal(cur, busy_timeout_ms / 1000)
                cur.execute("PRAGMA synchronous=FULL")
            finally:
                cur.close()
            # SQLite's lower() folds ASCII only; search must be case-insensitive in Cyrillic.
            dbapi_conn.create_function("lower", 1, _sqlite_lower, deterministic=True)

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            for attempt in range(3):
                try:
                    _Base.metadata.create_all(self.engine)
                    if self._sqlite:
                        with self.engine.begin() as conn:
                            _install_triggers(conn)
                    break
                except SQLAlchemyError as exc:
                    # Another process may have created the table between check and create.
                    if attempt == 2 or "already exists" not in str(exc):
                        raise _storage_error(exc, "открыть хранилище отправленных ответов") from exc
            self._schema_ready = True

    # -- writing --------------------------------------------------------------------------

    def send(self, request: SendRequest) -> SentReply:
        """Store one sent reply; a repeated key returns the record stored the first time.

        Keys are scoped to the operator: a key another operator used raises
        :class:`KeyConflictError` and never returns their record.
        """
        self._ensure_schema()
        existing = self.get(request.key, operator=request.operator)
        if existing is not None:
            return existing
        row = _Row(
            key=request.key,
            created_at=datetime.now(UTC),
            operator=request.operator,
            channel=request.channel,
            incoming=request.incoming,
            nickname=request.nickname,
            profile=request.profile,
            first_draft=request.first_draft,
            final_text=request.text,
            findings=[f.model_dump(mode="json") for f in request.findings],
            override=request.override,
            override_reason=request.override_reason,
            edit_distance=edit_distance(request.first_draft, request.text),
            model=request.model,
            prompt_version=request.prompt_version,
        )
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                session.add(row)
                session.commit()
                return _to_model(row)
        except IntegrityError:
            # Another request with the same key won the race: return its record.
            stored = self.get(request.key, operator=request.operator)
            if stored is None:  # pragma: no cover - an integrity error of another kind
                raise
            return stored
        except SQLAlchemyError as exc:
            raise _storage_error(exc, "сохранить ответ") from exc

    # -- reading --------------------------------------------------------------------------

    def get(self, key: str, *, operator: str | None = None) -> SentReply | None:
        """The record stored under an idempotency key, or None.

        With ``operator``, a record of another operator raises :class:`KeyConflictError`.
        """
        self._ensure_schema()
        try:
            with Session(self.engine) as session:
                row = session.scalars(select(_Row).where(_Row.key == key)).first()
                record = None if row is None else _to_model(row)
        except SQLAlchemyError as exc:
            raise _storage_error(exc, "прочитать отправленные ответы") from exc
        if record is not None and operator is not None and record.operator != operator:
            raise KeyConflictError()
        return record

    def search(
        self, query: str = "", limit: int = 50, offset: int = 0, *, operator: str | None = None
    ) -> list[SentReply]:
        """Newest first; ``query`` matches what the sent table shows: reply, operator,
        nickname. With ``operator``, only that operator's records."""
        self._ensure_schema()
        stmt = select(_Row).order_by(_Row.created_at.desc(), _Row.id.desc())
        if operator is not None:
            stmt = stmt.where(_Row.operator == operator)
        # a lone surrogate (broken copy-paste) cannot be sent to the database: U+FFFD
        q = query.strip().lower().encode("utf-8", "replace").decode("utf-8")
        if q:
            stmt = stmt.where(
                or_(
                    *(
                        func.lower(col).contains(q, autoescape=True)
                        for col in (_Row.final_text, _Row.operator, _Row.nickname)
                    )
                )
            )
        stmt = stmt.limit(max(0, limit)).offset(max(0, offset))
        try:
            with Session(self.engine) as session:
                return [_to_model(r) for r in session.scalars(stmt)]
        except SQLAlchemyError as exc:
            raise _storage_error(exc, "найти отправленные ответы") from exc

    def records(self, since: datetime | None = None) -> list[SentReply]:
        """Every record (oldest first), optionally only those at or after ``since``."""
        self._ensure_schema()
        stmt = select(_Row).order_by(_Row.created_at, _Row.id)
        if since is not None:
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            stmt = stmt.where(_Row.created_at >= since)
        try:
            with Session(self.engine) as session:
                return [_to_model(r) for r in session.scalars(stmt)]
        except SQLAlchemyError as exc:
            raise _storage_error(exc, "прочитать отправленные ответы") from exc

    def erase_customer_text(self, before: datetime) -> int:
        """Retention: empty the customer's text of records created before ``before``.

        The message, nickname and first draft are erased and the profile keeps only its
        classification (:data:`PROFILE_KEPT`); the reply, findings and audit fields stay.
        The only update the append-only trigger allows. Returns how many were erased.
        """
        self._ensure_schema()
        if before.tzinfo is None:
            before = before.replace(tzinfo=UTC)
        stmt = select(_Row).where(
            _Row.created_at < before,
            or_(_Row.incoming != "", _Row.nickname.is_not(None), _Row.first_draft.is_not(None)),
        )
        try:
            with Session(self.engine) as session:
                rows = list(session.scalars(stmt))
                for row in rows:
                    row.incoming, row.nickname, row.first_draft = "", None, None
                    if row.profile:
                        row.profile = {k: row.profile.get(k) for k in PROFILE_KEPT}
                session.commit()
                return len(rows)
        except SQLAlchemyError as exc:
            raise _storage_error(exc, "стереть текст клиентов") from exc

    def count(self) -> int:
        self._ensure_schema()
        try:
            with Session(self.engine) as session:
                return int(session.scalar(select(func.count()).select_from(_Row)) or 0)
        except SQLAlchemyError as exc:
            raise _storage_error(exc, "прочитать отправленные ответы") from exc

    def close(self) -> None:
        self.engine.dispose()


def _to_model(row: _Row) -> SentReply:
    created = row.created_at
    if created.tzinfo is None:  # SQLite drops the offset; every stored time is UTC
        created = created.replace(tzinfo=UTC)
    return SentReply(
        id=row.id,
        key=row.key,
        created_at=created,
        operator=row.operator,
        channel="public" if row.channel == "public" else "private",
        incoming=row.incoming,
        nickname=row.nickname,
        profile=row.profile,
        first_draft=row.first_draft,
        final_text=row.final_text,
        findings=[Finding.model_validate(f) for f in row.findings or []],
        override=row.override,
        override_reason=row.override_reason,
        edit_distance=row.edit_distance,
        model=row.model,
        prompt_version=row.prompt_version,
    )
