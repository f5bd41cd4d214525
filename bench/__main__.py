"""Run every ``bench/bench_*.py`` (or those named on the command line) and print a table.

Each module exposes ``run() -> list[Row]``. Results also go to ``bench/results.json``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from dataclasses import asdict
from pathlib import Path

from bench.common import Row, print_table


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = argv or sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    rows: list[Row] = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"… {name}", flush=True)
        rows.extend(module.run())
    print_table(rows)
    (here / "results.json").write_text(
        json.dumps([asdict(r) | {"ok": r.ok} for r in rows], ensure_ascii=False, indent=1)
    )
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
