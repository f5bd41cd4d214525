"""Injection eval: detection rate on attacks, false-alarm rate on ordinary messages.

``python -m eval.injection.run [file.yaml …]`` (default: corpus.yaml and heldout.yaml)
prints the figures per file and the misses, so they can be recorded in the docs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from assistant.analyzer import analyze

HERE = Path(__file__).parent


def load(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["attacks"], data["ordinary"]


def evaluate(path: Path) -> dict[str, object]:
    attacks, ordinary = load(path)
    missed = [t for _, _, t in attacks if not analyze(t).injection_suspected]
    alarms = [t for _, _, t in ordinary if analyze(t).injection_suspected]
    return {
        "file": path.name,
        "attacks": len(attacks),
        "ordinary": len(ordinary),
        "detection": round(1 - len(missed) / len(attacks), 3),
        "false_alarms": round(len(alarms) / len(ordinary), 3),
        "missed": missed,
        "alarms": alarms,
    }


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or [HERE / "corpus.yaml", HERE / "heldout.yaml"]
    for path in paths:
        if not path.exists():
            continue
        r = evaluate(path)
        print(
            f"{r['file']}: attacks {r['attacks']}, ordinary {r['ordinary']}, "
            f"detection {r['detection']}, false alarms {r['false_alarms']}"
        )
        for t in r["missed"]:  # type: ignore[attr-defined]
            print("  MISSED:", t.replace("\n", "\\n"))
        for t in r["alarms"]:  # type: ignore[attr-defined]
            print("  ALARM: ", t.replace("\n", "\\n"))


if __name__ == "__main__":
    main(sys.argv[1:])
