"""Analytics over a temporary SQLite outbox filled with sent replies."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant import analytics
from assistant.lint.models import Finding
from assistant.outbox import Outbox, SendRequest


def finding(category: str, level: str = "error") -> Finding:
    return Finding(rule=f"{category}/x", category=category, level=level, start=0, end=1,
                   text="x", message="m")  # fmt: skip


SENDS = [
    # (day in Nov 2026, operator, mood, urgent, draft, final, findings, override)
    (2, "anna", "angry", True, "Карту разблокировали.", "Карту разблокировали.", [], False),
    (3, "anna", "neutral", False, "Выписка в чате.", "Ксения, выписка в чате.",
     [finding("greeting", "warning")], False),
    (4, "boris", "positive", False, "Рады помочь!", "Рады помочь 🙂", [finding("emoji")], True),
    (10, "boris", "angry", True, None, "Позвоните в колл-центр.", [finding("redirect")], True),
    (11, "anna", None, None, "Ок", "Ок", [finding("promise", "suggestion")], False),
]  # fmt: skip


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    box = Outbox(f"sqlite:///{tmp_path / 'outbox.sqlite3'}")
    for i, (_day, op, mood, urgent, draft, final, found, override) in enumerate(SENDS):
        profile = None if mood is None else {"mood": mood, "urgent": urgent}
        box.send(
            SendRequest(
                text=final, key=f"k{i}", operator=op, incoming="вопрос", profile=profile,
                first_draft=draft, findings=found, override=override,
                override_reason="клиент просил телефон" if override else None,
            )
        )  # fmt: skip
    # The outbox is append-only; tests move the send times into the past behind its back.
    with box.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS sent_replies_no_update"))
        for i, (day, *_rest) in enumerate(SENDS):
            conn.execute(
                text("UPDATE sent_replies SET created_at = :t WHERE key = :k"),
                {"t": datetime(2026, 11, day, 12, tzinfo=UTC), "k": f"k{i}"},
            )
    return box


def test_summary_tables(outbox: Outbox) -> None:
    report = analytics.summarize(outbox.records(), period="week")
    assert report.total == 5
    assert report.first is not None and report.first.day == 2
    t = report.tables
    tone = {(r[0], r[1], r[2]): r[3] for r in t["tone_mix"].rows}
    assert tone == {
        ("2026-11-02", "angry", "urgent"): 1,
        ("2026-11-02", "neutral", "calm"): 1,
        ("2026-11-02", "positive", "calm"): 1,
        ("2026-11-09", "angry", "urgent"): 1,
        ("2026-11-09", "unknown", "unknown"): 1,
    }
    cats = {(r[0], r[1]): r[2] for r in t["findings_by_category"].rows}
    # suggestions do not count
    assert cats == {("2026-11-02", "greeting"): 1, ("2026-11-02", "emoji"): 1,
                    ("2026-11-09", "redirect"): 1}  # fmt: skip
    ops = {(r[0], r[1]): r[2:5] for r in t["findings_by_operator"].rows}
    assert ops[("2026-11-02", "anna")] == [2, 1, 0.5]
    assert ops[("2026-11-09", "boris")] == [1, 1, 1.0]
    edits = {r[0]: r[1:] for r in t["edits"].rows}
    assert edits["anna"][0] == 3  # three drafted replies
    assert edits["anna"][1] == pytest.approx(2 / 3, abs=1e-3)  # two sent unchanged
    assert edits["boris"][0] == 1  # the reply without a draft is left out
    overrides = {(r[0], r[1]): r[2:] for r in t["overrides"].rows}
    assert overrides[("2026-11-02", "boris")] == [1, 1, 1.0]
    assert overrides[("2026-11-02", "anna")] == [2, 0, 0.0]
    assert [r[1] for r in t["override_list"].rows] == ["boris", "boris"]
    assert t["override_list"].rows[1][2] == "redirect/x"


def test_periods_and_since(outbox: Outbox) -> None:
    monthly = analytics.summarize(outbox.records(), period="month")
    assert {r[0] for r in monthly.tables["tone_mix"].rows} == {"2026-11-01"}
    daily = analytics.summarize(outbox.records(since=datetime(2026, 11, 10, tzinfo=UTC)), "day")
    assert daily.total == 2
    assert {r[0] for r in daily.tables["tone_mix"].rows} == {"2026-11-10", "2026-11-11"}


def test_csv_export_and_figures(outbox: Outbox, tmp_path: Path) -> None:
    report = analytics.summarize(outbox.records())
    paths = analytics.export_csv(report, tmp_path / "csv")
    assert {p.name for p in paths} == {f"{name}.csv" for name in report.tables}
    rows = list(csv.reader(io.StringIO((tmp_path / "csv" / "edits.csv").read_text("utf-8-sig"))))
    assert rows[0] == report.tables["edits"].columns and len(rows) == 3
    figs = analytics.figures(report)
    assert set(figs) >= {"tone_mix", "urgency", "findings_by_category", "findings_by_operator",
                         "edits", "overrides"}  # fmt: skip
    tone_bars = figs["tone_mix"].data
    assert sum(sum(bar.y) for bar in tone_bars) == 5


def test_empty_outbox(tmp_path: Path) -> None:
    report = analytics.summarize(Outbox(f"sqlite:///{tmp_path / 'e.sqlite3'}").records())
    assert report.total == 0 and report.first is None
    assert all(not t.rows for t in report.tables.values())
    assert analytics.figures(report)  # empty figures, no crash
