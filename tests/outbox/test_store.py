"""The outbox: one append-only, durable record per sent reply."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.errors import StorageError
from assistant.lint.models import Finding
from assistant.outbox import Outbox, SendRequest, edit_distance
from assistant.outbox.models import KeyConflictError

FINDING = Finding(
    rule="bureaucratic/dannyj",
    category="bureaucratic",
    level="error",
    start=0,
    end=6,
    text="Данная",
    message="Канцелярит: звучит как письмо из ведомства.",
    suggestions=["Эта"],
)


@pytest.fixture
def box(tmp_path: Path) -> Outbox:
    return Outbox(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'outbox.sqlite3'}")


def _req(key: str, text: str = "Марина, вернули 500 ₽ на карту.", **kw: object) -> SendRequest:
    return SendRequest(key=key, text=text, **kw)  # type: ignore[arg-type]


def test_creates_parent_dir_and_stores_every_field(box: Outbox, tmp_path: Path) -> None:
    stored = box.send(
        _req(
            "k-1",
            operator="anna",
            channel="public",
            incoming="Где мои деньги???",
            nickname="Марина",
            profile={"mood": "angry"},
            first_draft="Марина, деньги вернули на карту.",
            findings=[FINDING],
            override=True,
            override_reason="клиент просил именно так",
            model="fake-model",
            prompt_version="system@1+reply@1",
        )
    )
    assert (tmp_path / "nested" / "dir" / "outbox.sqlite3").exists()
    again = box.get("k-1")
    assert again == stored
    assert stored.id == 1 and stored.operator == "anna" and stored.channel == "public"
    assert stored.incoming == "Где мои деньги???" and stored.nickname == "Марина"
    assert stored.profile == {"mood": "angry"}
    assert stored.findings == [FINDING]
    assert stored.override and stored.override_reason == "клиент просил именно так"
    assert stored.model == "fake-model" and stored.prompt_version == "system@1+reply@1"
    assert stored.edit_distance == edit_distance(stored.first_draft, stored.final_text) > 0
    assert stored.created_at.tzinfo is not None
    assert abs(stored.created_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_edit_distance_is_levenshtein() -> None:
    assert edit_distance("кот", "кит") == 1
    assert edit_distance("Анна, готово.", "Анна, готово.") == 0
    assert edit_distance(None, "текст") is None
    assert edit_distance("", "текст") is None


def test_same_key_stores_one_record(box: Outbox) -> None:
    first = box.send(_req("same"))
    second = box.send(_req("same", text="другой текст"))
    assert second == first and second.final_text == first.final_text
    assert box.count() == 1


def test_concurrent_double_submit_stores_one_record(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'o.sqlite3'}"
    boxes = [Outbox(url) for _ in range(4)]  # like four app processes
    results: list[int] = []
    errors: list[BaseException] = []

    def worker(b: Outbox) -> None:
        try:
            for i in range(10):
                results.append(b.send(_req(f"key-{i}")).id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(b,)) for b in boxes for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert boxes[0].count() == 10
    assert len(set(results)) == 10  # every caller got the one record of its key


def test_a_new_database_opens_while_another_connection_holds_its_write_lock(
    tmp_path: Path,
) -> None:
    """SQLite answers a switch to WAL «locked» at once while another connection holds the
    write lock, busy timeout or not; the outbox waits for the lock like any other."""
    path = tmp_path / "o.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, holder.execute, args=("COMMIT",))
    release.start()
    try:
        box = Outbox(f"sqlite:///{path}")
        assert box.send(_req("k")).key == "k"
    finally:
        release.join()
        holder.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_search_is_case_insensitive_in_cyrillic_and_escapes_wildcards(box: Outbox) -> None:
    box.send(_req("a", text="Ольга, КАРТУ перевыпустили, 100% бесплатно", operator="boris"))
    box.send(_req("b", text="Денис, деньги вернулись", nickname="Денис_К", incoming="Где деньги"))
    box.send(_req("c", text="Вася, всё в порядке", operator="Анна"))
    assert [r.key for r in box.search("карту")] == ["a"]
    assert [r.key for r in box.search("ДЕНЬГИ")] == ["b"]  # the reply
    assert box.search("где") == []  # the incoming message is not a column of the table
    assert [r.key for r in box.search("денис_к")] == ["b"]  # nickname
    assert [r.key for r in box.search("анна")] == ["c"]  # operator
    assert [r.key for r in box.search("100%")] == ["a"]
    assert box.search("%") == [] or all("%" in r.final_text for r in box.search("%"))
    assert box.search("_") == [] or all(
        "_" in (r.final_text + (r.nickname or "")) for r in box.search("_")
    )
    assert [r.key for r in box.search("")] == ["c", "b", "a"]  # newest first
    assert [r.key for r in box.search("", limit=1, offset=1)] == ["b"]


def test_records_since(box: Outbox) -> None:
    box.send(_req("old"))
    cut = datetime.now(UTC)
    box.send(_req("new"))
    assert [r.key for r in box.records()] == ["old", "new"]
    assert [r.key for r in box.records(since=cut)] == ["new"]
    assert [r.key for r in box.records(since=cut.replace(tzinfo=None))] == ["new"]


def test_sqlite_is_durable_wal_full(box: Outbox) -> None:
    box.send(_req("x"))
    with box.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_records_are_append_only(box: Outbox) -> None:
    box.send(_req("x"))
    with box.engine.connect() as conn:
        for sql in ("UPDATE sent_replies SET final_text = 'x'", "DELETE FROM sent_replies"):
            with pytest.raises(Exception, match="append-only"):
                conn.execute(text(sql))
            conn.rollback()
    assert box.get("x") is not None and box.get("x").final_text != "x"  # type: ignore[union-attr]


def test_read_only_database_is_a_clear_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    Outbox(f"sqlite:///{path}").send(_req("first"))
    ro = Outbox(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert ro.get("first") is not None
    with pytest.raises(StorageError, match="только для чтения") as info:
        ro.send(_req("second"))
    assert "остался в окне" in str(info.value)


def test_locked_database_is_a_clear_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    Outbox(f"sqlite:///{path}").send(_req("first"))
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        box = Outbox(f"sqlite:///{path}", busy_timeout_ms=100)
        with pytest.raises(StorageError, match="заблокирована"):
            box.send(_req("second"))
    finally:
        holder.rollback()
        holder.close()
    assert box.send(_req("second")).key == "second"  # works once the lock is gone


def test_unopenable_database_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError):
        Outbox(f"sqlite:///{blocker / 'sub' / 'o.sqlite3'}").send(_req("x"))


def test_send_request_validates() -> None:
    with pytest.raises(ValueError):
        SendRequest(text="")
    with pytest.raises(ValueError):
        SendRequest(text="ok", channel="everywhere")  # type: ignore[arg-type]
    assert SendRequest(text="ok").key != SendRequest(text="ok").key


def test_schema_is_portable_to_postgresql() -> None:
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from assistant.outbox.store import _Row

    ddl = str(CreateTable(_Row.__table__).compile(dialect=postgresql.dialect()))  # type: ignore[arg-type]
    assert "CREATE TABLE sent_replies" in ddl
    assert "UNIQUE (key)" in ddl and "JSON" in ddl and "TIMESTAMP WITH TIME ZONE" in ddl
    assert "TRIGGER" not in ddl  # the append-only triggers are SQLite DDL only


def test_works_on_postgresql(postgres_url: str) -> None:
    box = Outbox(postgres_url)
    first = box.send(_req("pg-1", operator="Анна", findings=[FINDING], profile={"mood": "angry"}))
    assert box.send(_req("pg-1", text="другое", operator="Анна")).id == first.id
    with pytest.raises(KeyConflictError):
        box.send(_req("pg-1", text="чужое", operator="boris"))
    box.send(_req("pg-2", text="Олег, карту перевыпустили"))
    assert box.get("pg-1") == first and first.findings == [FINDING]
    assert [r.key for r in box.search("ПЕРЕВЫПУСТИЛИ")] == ["pg-2"]
    assert [r.key for r in box.search("анна")] == ["pg-1"]
    assert [r.key for r in box.records()] == ["pg-1", "pg-2"]
    assert box.count() == 2
    assert first.created_at.tzinfo is not None


def test_a_key_is_scoped_to_its_operator(box: Outbox) -> None:
    mine = box.send(_req("ticket-1001", operator="anna", incoming="Мой телефон +79161234567"))
    assert box.send(_req("ticket-1001", operator="anna", text="ещё раз")).id == mine.id
    with pytest.raises(KeyConflictError, match="другим оператором") as refused:
        box.send(_req("ticket-1001", operator="oleg", text="чужой"))
    assert "+7916" not in str(refused.value)
    with pytest.raises(KeyConflictError):
        box.get("ticket-1001", operator="oleg")
    assert box.count() == 1


def test_search_of_one_operator(box: Outbox) -> None:
    box.send(_req("a", operator="anna"))
    box.send(_req("b", operator="oleg"))
    assert [r.key for r in box.search("", operator="anna")] == ["a"]
    assert {r.key for r in box.search("")} == {"a", "b"}


def test_erasing_customer_text_is_the_only_update(box: Outbox, tmp_path: Path) -> None:
    old = box.send(
        _req("old", incoming="Я Анна, паспорт 4510 123456", nickname="Анна_К",
             first_draft="Анна, здравствуйте", profile={"mood": "angry", "text": "Я Анна"})
    )  # fmt: skip
    cut = datetime.now(UTC)
    box.send(_req("new", incoming="Свежее сообщение", nickname="Олег"))
    assert box.erase_customer_text(cut) == 1
    assert box.erase_customer_text(cut) == 0  # already erased
    erased, kept = box.records()
    assert (erased.incoming, erased.nickname, erased.first_draft) == ("", None, None)
    assert erased.profile is not None and erased.profile["mood"] == "angry"
    assert "text" not in erased.profile
    assert erased.final_text == old.final_text and erased.edit_distance == old.edit_distance
    assert kept.incoming == "Свежее сообщение" and kept.nickname == "Олег"
    con = sqlite3.connect(tmp_path / "nested" / "dir" / "outbox.sqlite3")
    try:
        for sql in (
            "UPDATE sent_replies SET final_text = 'x'",
            "UPDATE sent_replies SET incoming = '' WHERE key = 'new'",  # nickname kept
            "UPDATE sent_replies SET operator = 'x', incoming = '', nickname = NULL, "
            "first_draft = NULL",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                con.execute(sql)
    finally:
        con.close()


def test_retention_command_erases_and_logs(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = tmp_path / "r.sqlite3"
    box = Outbox(f"sqlite:///{db}")
    box.send(_req("r-1", incoming="Я Анна, +7 916 123-45-67", nickname="Анна"))
    with box.engine.begin() as conn:  # back-date the record (the trigger forbids it)
        conn.execute(text("DROP TRIGGER IF EXISTS sent_replies_no_update"))
        conn.execute(text("UPDATE sent_replies SET created_at = '2020-01-01 00:00:00'"))
    done = subprocess.run(
        [sys.executable, "-m", "assistant.outbox.retention", "--days", "30"],
        env={**os.environ, "ASSISTANT_DB_URL": f"sqlite:///{db}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "erased customer text of 1 records" in done.stderr
    (record,) = Outbox(f"sqlite:///{db}").records()
    assert record.incoming == "" and record.nickname is None


def test_search_with_a_lone_surrogate_is_no_crash(box: Outbox) -> None:
    box.send(_req("s-1"))
    assert box.search("Марина \ud800") == []
