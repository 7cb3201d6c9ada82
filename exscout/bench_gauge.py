"""A speed gauge for ``exscout bench``: how much CPU a fixed piece of Python costs, sampled all run long.

Why: the throughput ratios divide the pipeline's rates by the bare tools' rates, measured in the
minutes after it. On a shared virtual machine the CPU time of the same work moved by up to a
factor of two within an hour (docs/performance.md, "the 10,000-site run at 818a208": bare Scrapy
needed 14.5 ms of CPU per page where it had needed 7.0), and a ratio across such a change measures
the machine, not the code. The gauge says when that happened, so a table never shows such a ratio
as a plain PASS or FAIL.

It measures this thread's CPU time (``time.thread_time``), not wall time, so waiting for the
GIL or for a core does not count: what moves it is how fast a core runs work (host contention,
frequency), which is what moves the baselines' CPU per page.
"""

from __future__ import annotations

import statistics
import threading
import time

#: Iterations of the fixed workload (≈ 5-10 ms of CPU on this machine).
WORKLOAD = 100_000
#: Seconds between two readings (≈ 0.2 % of one core).
INTERVAL_S = 5.0
#: Largest change in the gauge between the pipeline and its baselines for the throughput ratios to count.
DRIFT_MAX = 0.15


def gauge_once(iterations: int = WORKLOAD) -> float:
    """CPU milliseconds this thread spends on a fixed loop of integer arithmetic."""
    start = time.thread_time()
    acc = 0
    for i in range(iterations):
        acc = (acc + i * i) % 1_000_003
    return (time.thread_time() - start) * 1000


class SpeedGauge(threading.Thread):
    """Reads ``gauge_once`` every ``interval`` seconds until stopped; ``samples`` are (epoch, ms)."""

    def __init__(self, interval: float = INTERVAL_S) -> None:
        super().__init__(daemon=True, name="bench-gauge")
        self.interval = interval
        self.samples: list[tuple[float, float]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        self.samples.append((time.time(), gauge_once()))
        while not self._halt.wait(self.interval):
            self.samples.append((time.time(), gauge_once()))

    def stop(self) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout=5)

    def median_between(self, start: float, end: float) -> float | None:
        """Median reading within [start, end] (epoch seconds); None without one."""
        inside = [ms for t, ms in self.samples if start <= t <= end]
        return statistics.median(inside) if inside else None


def drift(pipeline_ms: float | None, baselines_ms: float | None) -> float | None:
    """How much more CPU the same work took during the baselines than during the pipeline (+0.5: 50 % more)."""
    if not pipeline_ms or not baselines_ms:
        return None
    return baselines_ms / pipeline_ms - 1


def ratios_comparable(change: float | None, limit: float = DRIFT_MAX) -> bool:
    """Whether pipeline and baselines ran on a machine of the same speed (unknown counts as yes)."""
    return change is None or abs(change) <= limit
