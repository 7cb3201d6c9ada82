"""Busy CPU per render of the bench's "render as the probe does" loop, with extra Chromium flags.

    PYTHONPATH=. scripts/offline .venv/bin/python scripts/perf/render_flags.py CORPUS N [FLAG...]

Renders N of the corpus's JS-only pages (``generate-manifest.json``) four at a time with the
probe's flags plus FLAG..., and prints renders/s and the whole machine's busy CPU per render
(``/proc/stat``: run it on a quiet machine). Used for docs/performance.md, F21.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from exscout import bench_baselines


def busy_ticks() -> int:
    """user + nice + system + irq + softirq jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return values[0] + values[1] + values[2] + values[5] + values[6]


def main() -> None:
    corpus, n, extra = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    manifest = json.loads((corpus / "generate-manifest.json").read_text(encoding="utf-8"))
    js = [p for d in manifest["domains"].values() for p in d.get("js_pages", [])]
    pages = js[:: max(1, len(js) // n)][:n]
    bench_baselines.BASE_FLAGS = bench_baselines.BASE_FLAGS + extra
    before, start = busy_ticks(), time.time()
    result = asyncio.run(bench_baselines._browser_loop(corpus, pages, 4, "pipeline"))
    busy_s = (busy_ticks() - before) / 100  # USER_HZ
    rendered = max(1, result["rendered"])
    flags = " ".join(extra) or "(the probe's own)"
    print(f"flags {flags}: rendered {result['rendered']} failed {result['failures']} "
          f"{result['renders_per_s']:.2f} renders/s, busy CPU {busy_s * 1000 / rendered:.0f} ms per render, "
          f"wall {time.time() - start:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
