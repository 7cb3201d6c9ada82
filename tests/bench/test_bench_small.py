"""A tiny `exscout bench` end to end: every BENCH key is printed, and the values make sense (not timings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exscout.bench import BENCH_KEYS, bench_line

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]


def _parse(line: str) -> dict[str, str]:
    assert line.startswith("BENCH "), line
    return dict(part.split("=", 1) for part in line[len("BENCH "):].split())


def test_bench_line_has_every_key_in_order() -> None:
    line = bench_line({"sites": 30, "wall_s": 1.5})
    assert [kv.split("=")[0] for kv in line.split()[1:]] == list(BENCH_KEYS)
    assert "wall_s=1.5" in line and "candidate_f1=na" in line


@pytest.fixture(scope="module")
def bench_30(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "COLUMNS": "160"}
    res = subprocess.run([sys.executable, "-m", "exscout.bench", "--sites", "30", "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=580)  # fmt: skip
    assert res.returncode == 0, res.stderr[-3000:]
    return res.stdout, out


def test_tiny_bench_prints_a_table_and_a_bench_line_last(bench_30: tuple[str, Path]) -> None:
    stdout, _out = bench_30
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert "exscout bench: 30 sites" in stdout
    values = _parse(lines[-1])
    assert list(values) == list(BENCH_KEYS)


def test_tiny_bench_values_are_sane(bench_30: tuple[str, Path]) -> None:
    stdout, out = bench_30
    v = _parse([line for line in stdout.splitlines() if line.strip()][-1])
    num = {k: (None if x == "na" else float(x)) for k, x in v.items()}
    assert num["sites"] == 30
    assert num["wall_s"] and num["wall_s"] > 0
    assert num["sites_per_min"] and num["sites_per_min"] > 0
    assert num["bare_scrapy_pages_per_s"] and num["bare_scrapy_pages_per_s"] > 0
    assert num["bare_renders_per_s"] and num["bare_renders_per_s"] > 0
    assert num["js_only_pages"] and num["js_only_pages"] >= 1
    assert num["rendered_pages"] is not None and num["rendered_pages"] >= 1
    assert num["rdap_queries"] is not None and num["rdap_queries"] >= 1
    assert num["distinct_networks"] and num["distinct_networks"] >= 1
    assert num["peak_rss_mb"] and 50 < num["peak_rss_mb"] < 4096
    assert num["browser_pss_mb"] and num["browser_pss_mb"] > 10
    assert num["candidate_f1"] is not None and 0.5 <= num["candidate_f1"] <= 1.0
    assert num["dns_lookups_per_s"] and num["dns_lookups_per_s"] > 0
    report = json.loads((out / "bench-30.json").read_text(encoding="utf-8"))
    assert report["values"]["sites"] == 30
    assert report["hook"]["stages"].keys() >= {"discover", "probe", "enrich", "decide"}
    rows = {(area, what): value for area, what, value in report["rows"]}
    opened, items, flushed = (int(x.replace(",", "")) for x in rows[("probe", "sites opened / site items / flushed incomplete")].split(" / "))
    assert opened == items >= 30 and flushed == 0, "every opened site ends in exactly one item"
    by_stage = rows[("memory", "peak pipeline Python RSS by stage")]
    assert [part.split()[0] for part in by_stage.split(", ")] == ["discover", "probe", "enrich", "decide"]
    assert max(float(part.split()[1]) for part in by_stage.split(", ")) <= num["peak_rss_mb"] + 1
    gauge = report["speed_gauge"]
    assert gauge["pipeline_ms"] > 0 and gauge["baselines_ms"] > 0, "the gauge read both the pipeline and the baselines"
    assert len(gauge["samples"]) >= 2
    assert rows[("machine", "speed gauge: CPU ms of a fixed loop, pipeline / baselines (median)")].startswith(
        f"{round(gauge['pipeline_ms'], 2)} / "
    )


def test_sites_row_flags_a_site_opened_without_an_item() -> None:
    from exscout.bench import sites_row

    assert sites_row({"exscout/probe/sites": 1200, "exscout/probe/items": 1200}) == "1,200 / 1,200 / 0"
    assert sites_row({"exscout/probe/sites": 10152, "exscout/probe/items": 10107, "exscout/probe/flushed_incomplete": 2}) == (
        "10,152 / 10,107 / 2 — MISMATCH: +45 opened without an item")
    assert sites_row({}) == "n/a"


def test_peak_rss_by_stage_takes_each_window_peak() -> None:
    from exscout.bench import MemoryReport

    report = MemoryReport(rss_timeline=[(10.0, 100.0), (11.0, 150.0), (12.0, 140.0), (13.0, 260.0), (14.0, 90.0)])
    stages = {"probe": {"start": 10.5, "end": 12.5}, "enrich": {"start": 12.5, "end": 14.0}, "decide": {"start": 20.0, "end": 21.0}}
    assert report.peak_rss_by_stage(stages) == {"probe": 150.0, "enrich": 260.0, "decide": 0.0}


def test_render_interference_splits_seconds_with_and_without_renders() -> None:
    from exscout.bench import render_interference

    timeline = [[100.1, 0, "intl"], [100.5, 0, "intl"], [101.2, 1, "intl"], [101.3, 0, "cn"], [103.0, 0, "intl"]]
    with_r, rate_r, without, rate_w = render_interference(timeline)
    assert (with_r, rate_r) == (1, 1.0)
    assert without == 3 and rate_w == pytest.approx(1.0)  # 100: 2, 102: 0, 103: 1
    assert render_interference([]) == (0, 0.0, 0, 0.0)


def test_summarize_profile_charges_leaf_most_project_frame(tmp_path: Path) -> None:
    from exscout.bench import summarize_profile

    frames = [{"name": "Job.run", "file": "/w/exscout/runner.py"}, {"name": "detect", "file": "/w/crawler/detectors/icp.py"},
              {"name": "search", "file": "/usr/lib/python3.11/re/__init__.py"}, {"name": "select", "file": "/usr/lib/python3.11/selectors.py"},
              {"name": "record_site", "file": "/w/exscout/store.py"}]  # fmt: skip
    prof = {"shared": {"frames": frames}, "profiles": [{"type": "sampled", "name": "main",
            "samples": [[0, 1, 2], [0, 1, 2], [0, 3], [0, 4]], "weights": [1, 1, 1, 1]}]}  # fmt: skip
    path = tmp_path / "p.json"
    path.write_text(json.dumps(prof), encoding="utf-8")
    share, hot = summarize_profile(path)
    assert dict(share) == {"detectors": 50.0, "event loop (select)": 25.0, "store": 25.0}
    assert hot[0][0].startswith("detect (") and hot[0][1] == 50.0


def test_even_sample_keeps_order_and_cap() -> None:
    from exscout.bench import _even_sample

    assert _even_sample(list(range(10)), 20) == list(range(10))
    got = _even_sample(list(range(100)), 10)
    assert got == sorted(got) and len(got) == 10 and got[0] == 0
