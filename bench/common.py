"""Shared pieces of the benchmarks: percentiles, peak memory, the result table."""

from __future__ import annotations

import resource
import statistics
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured figure and its target (``None`` when the figure is only reported)."""

    area: str
    metric: str
    value: float
    unit: str
    target: float | None = None
    higher_is_better: bool = False

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


def percentile(samples: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``samples``, by linear interpolation."""
    data = sorted(samples)
    if not data:
        return float("nan")
    if len(data) == 1:
        return data[0]
    return statistics.quantiles(data, n=1000, method="inclusive")[max(0, int(q * 10) - 1)]


def time_calls(fn: Callable[[], object], n: int) -> list[float]:
    """Call ``fn`` ``n`` times; return each call's wall time in milliseconds."""
    import time

    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def machine_speed_ms() -> float:
    """A fixed pure-Python loop (``sum(range(3_000_000))``), best of five, in ms.

    Reported beside the per-call figures, never used to adjust them: on a shared virtual
    machine the host's speed changes within seconds, so this only roughly describes the
    conditions of the run that follows.
    """
    import time

    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        sum(range(3_000_000))
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def print_table(rows: list[Row]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="make bench")
    for col in ("area", "metric", "value", "target", "ok"):
        table.add_column(col)
    for r in rows:
        target = "—" if r.target is None else f"{'≥' if r.higher_is_better else '≤'} {r.target:g}"
        ok = {None: "", True: "[green]yes[/]", False: "[red]NO[/]"}[r.ok]
        table.add_row(r.area, r.metric, f"{r.value:.3g} {r.unit}", target, ok)
    Console().print(table)
