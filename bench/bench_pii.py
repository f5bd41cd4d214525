"""Personal-data masking speed: ``Masker.mask`` with the NER, per message, and the NER itself.

The 1,000 analyzer bench messages plus every string of the personal-data set
(``eval/injection/pii_*.yaml``: names, addresses, cards, CVV…) are masked one by one, each
with a fresh :class:`~assistant.drafter.masking.Masker`, after one warm-up pass. The NER's
one-time load is measured apart, in a fresh process (an earlier bench may have loaded it).
The NER only runs around a run of words that could be a full name
(:func:`assistant.pii.names._windows`), so its own per-call time is reported too, measured
on the stretches it is given.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from bench.bench_analyze import messages
from bench.common import Row, percentile, time_calls

ROOT = Path(__file__).resolve().parent.parent
AREA = "personal data"


def pii_messages() -> list[str]:
    out: list[str] = []
    for name in ("pii_corpus.yaml", "pii_heldout.yaml"):
        data = yaml.safe_load((ROOT / "eval" / "injection" / name).read_text(encoding="utf-8"))
        out += sorted({text for _, _, text in data["items"]})
    return out


def _cold_load_seconds() -> float:
    """Seconds a fresh process takes for the NER's one-time load."""
    code = (
        "import time\n"
        "from assistant.pii import names\n"
        "t0 = time.perf_counter()\n"
        "names._tagger()\n"
        "print(time.perf_counter() - t0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(done.stdout.strip())


def run() -> list[Row]:
    from assistant.drafter.masking import Masker
    from assistant.pii import names

    batch = messages() + pii_messages()
    load_s = _cold_load_seconds()  # in a fresh process: an earlier bench may have loaded it
    names._tagger()
    for text in batch:  # warm-up: morphology caches, regexes
        Masker().mask(text)
    texts = iter(batch)
    samples = time_calls(lambda: Masker().mask(next(texts)), len(batch))

    morph = names.get_morphology()
    windows = {t: names._windows(t, morph) for t in batch}
    triggering = [t for t in batch if windows[t]]
    stretches = [t[start:end] for t in triggering for start, end in windows[t]]
    tagger = names._tagger()
    items = iter(stretches)
    ner = time_calls(lambda: tagger(next(items)), len(stretches))
    return [
        Row(AREA, f"mask with NER p50 ({len(batch)} msgs)", percentile(samples, 50), "ms", 5.0),
        Row(AREA, "mask with NER p99", percentile(samples, 99), "ms"),
        Row(AREA, "messages that run the NER", 100 * len(triggering) / len(batch), "%"),
        Row(AREA, "NER call p50 (when it runs)", percentile(ner, 50), "ms"),
        Row(AREA, "NER load (once, lazily)", load_s, "s"),
    ]


if __name__ == "__main__":
    import sys

    from bench.common import print_table

    print_table(run())
    sys.exit(0)
