"""Run the real ProbeSpider against a simweb corpus in this (child) process, with the SSRF guard wired in.

    python tests/reliability/_probe_child.py CORPUS OUT.pickle DOMAINS [--render MODE]
        [--no-guard] [--kill-browser-after N] [-s NAME=VALUE]...

Why a child: a Twisted reactor cannot restart inside pytest. Why not `exscout run`: this
wires ``crawler.middlewares.ssrf.SsrfGuardMiddleware`` and ``EXSCOUT_SSRF_RESOLVERS`` itself
(the product wiring is the lead's; see docs/safety.md), and it keeps simweb's access log,
which is the ground truth of "what reached the (simulated) internet".

``--kill-browser-after N``: once N renders have started, SIGKILL every Chromium process
this child started (found by walking /proc from our own pid), to prove a browser crash
mid-crawl is survived. Writes a pickle: ``{"items", "stats", "access", "blocked", "killed"}``.
"""

from __future__ import annotations

import argparse
import os
import pickle
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from exscout import netguard  # noqa: E402


def descendants(pid: int) -> list[int]:
    """Pids of every process below ``pid`` (via /proc/*/stat), children first."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def chromium_descendants() -> list[int]:
    """Pids of the Chromium processes below this process (by their executable's name)."""
    pids = []
    for pid in descendants(os.getpid()):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"chrom" in cmd.split(b"\0", 1)[0].lower():
            pids.append(pid)
    return pids


def kill_browsers() -> list[int]:
    """SIGKILL the Chromium processes this process started; returns their pids."""
    killed = []
    for pid in chromium_descendants():
        try:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        except ProcessLookupError:
            pass
    return killed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("domains")
    parser.add_argument("--render", default="never")
    parser.add_argument("--no-guard", action="store_true")
    parser.add_argument("--kill-browser-after", type=int, default=0)
    parser.add_argument(
        "--timeout", type=float, default=6.0, help="DOWNLOAD_TIMEOUT (also the render budget)"
    )
    parser.add_argument("-s", action="append", default=[], dest="settings")
    opts = parser.parse_args()
    netguard.install()

    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from simweb.server import SimWeb
    from simweb.testing import chromium_args

    access: list[str] = []
    lock = threading.Lock()

    def log(line: str) -> None:
        with lock:
            access.append(line)

    web = SimWeb(opts.corpus, dns_timeout_s=1.0, access_log=log)
    ep = web.start()
    os.environ["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    settings = get_project_settings()
    overrides: dict[str, Any] = {
        "EXSCOUT_PROXY": ep.intl.proxy_url,
        "EXSCOUT_CN_PROXY": ep.cn.proxy_url,
        "EXSCOUT_CHROMIUM_ARGS": chromium_args(ep),
        "EXSCOUT_CHROMIUM_SPKI": ep.spki_sha256,
        "EXSCOUT_RENDER": opts.render,
        "DOWNLOAD_TIMEOUT": opts.timeout,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "EXSCOUT_SSRF_GUARD": not opts.no_guard,
        "EXSCOUT_SSRF_RESOLVERS": [f"{ep.intl.dns_host}:{ep.intl.dns_port}"],
        "EXSCOUT_SSRF_DNS_TIMEOUT": 1.0,
    }
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["crawler.middlewares.ssrf.SsrfGuardMiddleware"] = 50
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    for pair in opts.settings:
        name, _, value = pair.partition("=")
        settings.set(name, value, priority="cmdline")

    items: list[dict[str, Any]] = []
    killed: list[int] = []
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler("probe")

    def collect(item: Any, **_: Any) -> None:
        items.append(dict(item))

    crawler.signals.connect(collect, signal=signals.item_scraped)

    if opts.kill_browser_after:

        def watch() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    stats = crawler.stats.get_stats()
                except RuntimeError:  # "Crawler.stats is not set yet": the crawl has not started
                    stats = {}
                if stats.get("exscout/probe/render_requested", 0) >= opts.kill_browser_after:
                    time.sleep(0.3)  # let the browser get going on the page
                    killed.extend(kill_browsers())
                    if killed:
                        return
                time.sleep(0.05)

        threading.Thread(target=watch, daemon=True).start()

    blocked: list[Any] = []

    def on_closed(**_: Any) -> None:
        downloader = crawler.engine.downloader if crawler.engine else None
        for mw in downloader.middleware.middlewares if downloader else []:
            blocked.extend(getattr(mw, "blocked", []))

    crawler.signals.connect(on_closed, signal=signals.spider_closed)
    process.crawl(crawler, domains=opts.domains)
    process.start()
    web.stop()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float, str, bool))}
    from crawler import render_guard

    stats.update({f"render_guard/{k}": v for k, v in render_guard.STATS.items()})
    Path(opts.out).write_bytes(
        pickle.dumps({"items": items, "stats": stats, "access": access, "blocked": blocked, "killed": killed})
    )


if __name__ == "__main__":
    main()
