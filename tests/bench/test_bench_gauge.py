"""The speed gauge: the bench says when the machine's speed changed between the pipeline and its baselines."""

from __future__ import annotations

import pytest

from exscout.bench import target_verdict
from exscout.bench_gauge import DRIFT_MAX, SpeedGauge, drift, gauge_once, ratios_comparable


def test_gauge_counts_cpu_of_the_work_it_does() -> None:
    assert gauge_once(400_000) > gauge_once(1_000) > 0


def test_median_between_reads_only_the_window() -> None:
    gauge = SpeedGauge()
    gauge.samples = [(100.0, 5.0), (105.0, 7.0), (110.0, 6.0), (200.0, 12.0), (205.0, 14.0)]
    assert gauge.median_between(100, 150) == 6.0
    assert gauge.median_between(150, 250) == 13.0
    assert gauge.median_between(300, 400) is None


def test_gauge_thread_reads_until_stopped() -> None:
    gauge = SpeedGauge(interval=0.01)
    gauge.start()
    while len(gauge.samples) < 3:
        gauge.join(0.01)
    gauge.stop()
    assert not gauge.is_alive()
    count = len(gauge.samples)
    gauge.join(0.05)
    assert len(gauge.samples) == count and all(ms > 0 for _t, ms in gauge.samples)


def test_drift_and_comparability() -> None:
    assert drift(10.0, 15.0) == pytest.approx(0.5)
    assert drift(10.0, 9.0) == pytest.approx(-0.1)
    assert drift(None, 9.0) is None and drift(10.0, None) is None
    assert ratios_comparable(None) and ratios_comparable(DRIFT_MAX) and ratios_comparable(-DRIFT_MAX)
    assert not ratios_comparable(DRIFT_MAX + 0.01) and not ratios_comparable(-0.5)


def test_target_verdict_marks_only_rate_ratios_across_a_speed_change() -> None:
    # The 10,000-site run at 818a208: bare Scrapy took twice the CPU per page during the baselines.
    assert target_verdict("static_vs_bare", ">=", 0.7, 1.923, 1.05).startswith("PASS (1.923), not comparable")
    assert target_verdict("render_vs_bare", ">=", 0.8, 0.6, -0.3).startswith("FAIL (0.6), not comparable")
    assert target_verdict("static_vs_bare", ">=", 0.7, 0.75, 0.05) == "PASS (0.75)"
    assert target_verdict("peak_rss_mb", "<=", 1024.0, 500.0, 1.05) == "PASS (500.0)"
    assert target_verdict("candidate_f1", ">=", 1.0, None, None) == "FAIL (None)"
