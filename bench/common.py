"""What a benchmark module returns, and a timer that reports the median of several runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Result:
    """One measured figure: `value` in `unit`, with the target it must meet (text) and whether it does."""

    name: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""


def median_seconds(action: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall-clock seconds of `repeat` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def under(name: str, seconds: float, limit: float, note: str = "", unit: str = "ms") -> Result:
    """A timing result with an upper limit, shown in ms (or s)."""
    scale = 1000 if unit == "ms" else 1
    return Result(name, round(seconds * scale, 1), unit, f"< {limit * scale:g} {unit}", seconds < limit, note)
