"""The append-only result store of an eval run, and the one fingerprint of a case.

Records are appended (and flushed) as each case finishes, keyed by suite, case id (with its
variant) and :func:`fingerprint` of the case data, so a run interrupted at any point resumes
in the same folder without redoing a finished case; a case whose data changed is redone.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from assistant.config import Settings
from assistant.evals.results import Record


def fingerprint(case: BaseModel, *extra: str) -> str:
    """A short hash of a case and whatever else decides its result (variant, rubrics)."""
    blob = case.model_dump_json() + "|".join(extra)
    return hashlib.sha1(blob.encode()).hexdigest()[:12]


class ResultStore:
    """The append-only ``results.jsonl`` of one run (a torn last line is ignored)."""

    def __init__(self, run_dir: Path) -> None:
        run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = run_dir
        self.path = run_dir / "results.jsonl"
        self._records: dict[tuple[str, str], Record] = {}
        self._lock = threading.Lock()
        if self.path.exists():
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    if isinstance(rec, dict) and "suite" in rec and "key" in rec:
                        self._records[(rec["suite"], rec["key"])] = rec
        self._fh = self.path.open("a", encoding="utf-8")
        if self._fh.tell() > 0:
            with self.path.open("rb") as raw:
                raw.seek(-1, 2)
                torn = raw.read(1) != b"\n"
            if torn:  # a kill mid-write left half a line: start the next record afresh
                self._fh.write("\n")
                self._fh.flush()

    def get(self, suite: str, key: str, fingerprint: str) -> Record | None:
        rec = self._records.get((suite, key))
        return rec if rec is not None and rec.get("fp") == fingerprint else None

    def append(self, record: Record) -> None:
        line = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self._fh.write(line + "\n")
            self._fh.flush()
            self._records[(record["suite"], record["key"])] = record

    def close(self) -> None:
        self._fh.close()


def default_run_dir(settings: Settings) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return settings.eval_runs_dir / stamp
