"""The one CSV writer of the project: every export and analytics table goes through it.

- Cells that a spreadsheet would run as a formula are neutralised (OWASP "CSV Injection":
  a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading apostrophe) by ``defusedcsv``, plus the tab and carriage return that
  ``defusedcsv`` 3.0 leaves alone. Numbers (including negative ones) stay numbers.
- The encoding is UTF-8 with a byte-order mark, so Excel shows Cyrillic correctly.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from defusedcsv import csv as defused

BOM = "\ufeff"
_ALSO_FORMULA = ("\t", "\r")  # OWASP's list; defusedcsv 3.0 checks = + - @ | % only


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_ALSO_FORMULA):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text (with the BOM first): header, then rows; formulas neutralised."""
    buf = io.StringIO()
    buf.write(BOM)
    writer = defused.writer(buf)
    writer.writerow([_cell(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """Write :func:`csv_text` to ``path`` (UTF-8; the text carries the BOM)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(csv_text(header, rows))
    return path


def is_formula(cell: str) -> bool:
    """Whether a CSV cell as read back would start a spreadsheet formula (for tests)."""
    return cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True
