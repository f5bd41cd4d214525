"""The one CSV writer: no spreadsheet formulas, UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.outbox.csvfile import BOM, csv_text, is_formula, write_csv

HOSTILE = ["=HYPERLINK(\"http://x\",\"жми\")", "+7 916 123", "-2+3", "@SUM(A1)", "\t=1+1",
           "\r=1", "|cmd", "%0A=1", "обычный текст", "Ёлка"]  # fmt: skip


def test_formula_cells_are_neutralised_and_numbers_stay() -> None:
    text = csv_text(["поле", "число"], [[cell, -5] for cell in HOSTILE])
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows[0] == ["поле", "число"]
    cells = [row[0] for row in rows[1:]]
    assert [c for c in cells if is_formula(c)] == []
    assert cells[-2:] == ["обычный текст", "Ёлка"]
    assert all(row[1] == "-5" for row in rows[1:])  # a negative number is not a formula
    assert cells[0].startswith("'=")  # the text is kept, behind an apostrophe


def test_files_are_utf8_with_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["имя"], [["Ольга"]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert raw.decode("utf-8-sig").splitlines() == ["имя", "Ольга"]
