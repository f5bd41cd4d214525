"""Personal-data masking speed: ``Masker.mask`` with the NER, per message, and the NER itself.

The 1,000 analyzer bench messages plus every string of the personal-data set
(``eval/injection/pii_*.yaml``: names, addresses, cards, CVV…) are masked one by one, each
with a fresh :class:`~assistant.drafter.masking.Masker`, after one warm-up pass (which
also loads the NER once: its load time is reported apart). The NER only runs on messages
with a capitalised name-like word, so its own per-call time is reported too, measured on
the messages that trigger it.
"""

from __future__ import annotations

import time
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


def run() -> list[Row]:
    from assistant.drafter.masking import Masker
    from assistant.pii import names

    batch = messages() + pii_messages()
    t0 = time.perf_counter()
    names._tagger()  # the one-time load, reported apart
    load_s = time.perf_counter() - t0
    for text in batch:  # warm-up: morphology caches, regexes
        Masker().mask(text)
    texts = iter(batch)
    samples = time_calls(lambda: Masker().mask(next(texts)), len(batch))

    morph = names.get_morphology()
    triggering = [
        t
        for t in batch
        if any(names._name_like(w.group(), morph) for w in names._CAP_WORD.finditer(t))
    ]
    tagger = names._tagger()
    items = iter(triggering)
    ner = time_calls(lambda: tagger(next(items)), len(triggering))
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
