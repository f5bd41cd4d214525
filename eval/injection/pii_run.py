"""Personal-data eval: is every labelled value found (covered by a match) and masked?

``python eval/injection/pii_run.py [file.yaml …]`` (default: pii_corpus.yaml and
pii_heldout.yaml) prints, per file, how many values a :func:`find_pii` match covers and
how many survive :class:`~assistant.drafter.masking.Masker` (any digit-only or lower-cased
form of the value left in the masked text counts as a leak), with the misses.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from assistant.drafter.masking import Masker
from assistant.pii import find_pii

HERE = Path(__file__).parent


def load(path: Path) -> list[list[str]]:
    items: list[list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    return items


def leaked(value: str, masked: str) -> bool:
    """``value`` in ``masked`` as written, lower-cased, or as its digits (≥ 3) squashed."""
    if value in masked or value.lower() in masked.lower():
        return True
    digits = re.sub(r"\D", "", value)
    return len(digits) >= 5 and digits in re.sub(r"\D", "", masked)


def evaluate(path: Path) -> dict[str, object]:
    items = load(path)
    missed, leaks = [], []
    for kind, value, text in items:
        at = text.index(value)
        if not any(m.start <= at and m.end >= at + len(value) for m in find_pii(text)):
            missed.append((kind, value))
        masker = Masker()
        masked = masker.mask(text)
        if leaked(value, masked) or masker.unmask(masked) != text:
            leaks.append((kind, value, masked))
    return {"file": path.name, "items": len(items), "missed": missed, "leaks": leaks}


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or [HERE / "pii_corpus.yaml", HERE / "pii_heldout.yaml"]
    for path in paths:
        if not path.exists():
            continue
        r = evaluate(path)
        n = r["items"]
        print(
            f"{r['file']}: {n} values, found {n - len(r['missed'])}, masked and restored "  # type: ignore[operator]
            f"{n - len(r['leaks'])}"
        )  # type: ignore[operator]
        for m in r["missed"]:  # type: ignore[attr-defined]
            print("  MISSED:", m)
        for m in r["leaks"]:  # type: ignore[attr-defined]
            print("  LEAK:  ", m)


if __name__ == "__main__":
    main(sys.argv[1:])
