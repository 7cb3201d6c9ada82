"""`exscout bench --compare-sites`: like-for-like runs, the MEMORY line, and `memory_vs_small` last on the BENCH line;
and the bare Scrapy baseline fetching the same hops as the probe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from exscout import bench
from exscout.bench import BENCH_KEYS, bench_line, memory_check


def test_memory_vs_small_is_appended_after_the_documented_keys() -> None:
    documented = ("sites", "wall_s", "sites_per_min", "static_pages_per_s", "bare_scrapy_pages_per_s", "static_vs_bare",
                  "rendered_pages", "js_only_pages", "render_ratio", "renders_per_s", "bare_renders_per_s",
                  "render_vs_bare", "dns_lookups_per_s", "rdap_queries", "distinct_networks", "peak_rss_mb",
                  "browser_pss_mb", "candidate_f1")  # fmt: skip
    assert list(BENCH_KEYS) == [*documented, "memory_vs_small"]
    assert bench_line({"sites": 5}).endswith(" candidate_f1=na memory_vs_small=na")
    assert "partial" not in bench_line({"sites": 5, "partial": True})


def test_memory_check_ratio_and_verdict() -> None:
    ratio, line = memory_check({"sites": 2000, "peak_rss_mb": 400.0}, {"sites": 10000, "peak_rss_mb": 480.0})
    assert ratio == 1.2
    assert line == "MEMORY sites=2000 peak_rss_mb=400.0 sites=10000 peak_rss_mb=480.0 growth=+20.0% PASS (target <= +25%)"
    ratio, line = memory_check({"sites": 2000, "peak_rss_mb": 400.0}, {"sites": 10000, "peak_rss_mb": 520.0})
    assert ratio == 1.3 and "growth=+30.0% FAIL" in line
    assert memory_check({"sites": 2000, "peak_rss_mb": 400.0}, {"sites": 10000, "peak_rss_mb": 500.0})[1].count("PASS") == 1


def test_memory_check_without_a_measurement_does_not_pass() -> None:
    ratio, line = memory_check({"sites": 2000, "peak_rss_mb": None}, {"sites": 10000, "peak_rss_mb": 480.0})
    assert ratio is None and "growth=na" in line and "PASS" not in line
    _, line = memory_check({"sites": 2000, "peak_rss_mb": 400.0, "partial": True}, {"sites": 10000, "peak_rss_mb": 410.0})
    assert "partial" in line


def test_compare_must_be_smaller_than_the_run() -> None:
    with pytest.raises(typer.BadParameter):
        bench.bench_command(sites=100, compare_sites=100, out=Path("/nonexistent/never-written"))
    with pytest.raises(typer.BadParameter):
        bench.bench_command(sites=100, compare_sites=-5, out=Path("/nonexistent/never-written"))


def test_compare_run_is_like_for_like_and_bench_line_is_last(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    calls: list[tuple[int, dict[str, Any]]] = []

    def fake_once(sites: int, **kwargs: Any) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
        calls.append((sites, kwargs))
        values = {"sites": sites, "peak_rss_mb": 400.0 if sites == 20 else 440.0, "memory_vs_small": None}
        (tmp_path / f"bench-{sites}.json").write_text(json.dumps({"values": values}), encoding="utf-8")
        return values, [("a", "b", "c")]

    monkeypatch.setattr(bench, "bench_once", fake_once)
    monkeypatch.setattr(bench, "print_table", lambda rows, title: print(f"TABLE {title}"))
    bench.bench_command(sites=100, seed=7, out=tmp_path, compare_sites=20, profile=True,
                        scrapy_set=["SCHEDULER_PRIORITY_QUEUE=x"], pipeline_timeout=99.0, static_baseline_pages=11,
                        render_baseline_pages=12, reuse_run=False)  # fmt: skip
    assert [c[0] for c in calls] == [20, 100]  # the small size first
    assert calls[0][1] == calls[1][1]  # same seed, settings, caps, profiling, source of figures
    assert calls[0][1]["seed"] == 7 and calls[0][1]["scrapy_settings"] == {"SCHEDULER_PRIORITY_QUEUE": "x"}
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == ["TABLE", "BENCH", "TABLE", "MEMORY", "BENCH"]
    assert lines[-1].startswith("BENCH sites=100 ") and lines[-1].endswith(" memory_vs_small=1.1")
    assert "growth=+10.0% PASS" in lines[-2]
    saved = json.loads((tmp_path / "bench-100.json").read_text(encoding="utf-8"))
    assert saved["values"]["memory_vs_small"] == 1.1 and saved["memory_compare"]["sites"] == 20


def test_no_compare_leaves_memory_vs_small_na(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    sizes: list[int] = []

    def fake_once(sites: int, **kwargs: Any) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
        sizes.append(sites)
        return {"sites": sites, "peak_rss_mb": 400.0, "memory_vs_small": None}, []

    monkeypatch.setattr(bench, "bench_once", fake_once)
    monkeypatch.setattr(bench, "print_table", lambda rows, title: None)
    bench.bench_command(sites=100, out=tmp_path, compare_sites=0)
    assert sizes == [100]
    out = capsys.readouterr().out
    assert "MEMORY" not in out and out.strip().splitlines()[-1].endswith("memory_vs_small=na")


def test_makefile_bench_compares_at_a_fifth_by_default() -> None:
    root = Path(__file__).resolve().parents[2]

    def dry(*args: str) -> str:
        res = subprocess.run(["make", "-n", "-s", "-C", str(root), "bench", *args], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        return [line for line in res.stdout.splitlines() if "exscout bench" in line][-1]

    assert dry().endswith("exscout bench --sites 10000 --compare-sites 2000")
    assert dry("SITES=500").endswith("--sites 500 --compare-sites 100")
    assert dry("COMPARE=0").endswith("--sites 10000 --compare-sites 0")


@pytest.mark.slow
def test_bare_scrapy_follows_redirects_like_the_probe(tmp_path: Path) -> None:
    """Apex homes that 301 to www: the probe stores them as one page fetched over two hops; so must the baseline."""
    from simweb.generate import generate, load_manifest

    corpus = tmp_path / "corpus"
    generate(30, 1, corpus)
    manifest = load_manifest(corpus)
    homes = [[f"https://{d}/", "intl"] for d, m in manifest["domains"].items() if m["kind"] == "static"]
    pages = tmp_path / "pages.json"
    pages.write_text(json.dumps(homes), encoding="utf-8")
    out = tmp_path / "result.json"
    res = subprocess.run([sys.executable, "-m", "exscout.bench_baselines", "scrapy", str(corpus), str(pages), str(out),
                          "8", "2"], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["responses"] + result["failures"] == len(homes)
    assert result["redirects"] >= 1
