"""Run one spider through Scrapy's real engine in this (child) process and dump what it produced.

    python tests/crawler/_crawl.py SPIDER OUT.json [-s NAME=VALUE]... [-a NAME=VALUE]... [--no-sockets]

Tests start it as a subprocess (the Twisted reactor cannot restart inside the pytest process).
It writes ``{"items": [...], "stats": {...}, "sockets": [...]}`` to OUT.json. With
``--no-sockets`` every socket connect and name lookup is recorded and refused, which is how
the ccxt test proves that spider never touches the network; otherwise the project's
loopback-only guard is installed, as in the test process.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from exscout import netguard

ATTEMPTS: list[str] = []


def forbid_sockets() -> None:
    """Record and refuse every connect (any address) and every name lookup in this process."""

    def refuse(what: str):
        def _refused(*args: Any, **kwargs: Any) -> Any:
            ATTEMPTS.append(f"{what}{args[1:] if what.startswith('socket.') else args!r}")
            raise ConnectionRefusedError(f"test: {what} refused (no network allowed)")

        return _refused

    socket.socket.connect = refuse("socket.connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse("socket.connect_ex")  # type: ignore[method-assign]
    socket.getaddrinfo = refuse("getaddrinfo")  # type: ignore[assignment]
    socket.gethostbyname = refuse("gethostbyname")  # type: ignore[assignment]
    socket.create_connection = refuse("create_connection")  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spider")
    parser.add_argument("out")
    parser.add_argument("-s", action="append", default=[], dest="settings")
    parser.add_argument("-a", action="append", default=[], dest="args")
    parser.add_argument("--no-sockets", action="store_true")
    opts = parser.parse_args()
    if opts.no_sockets:
        forbid_sockets()
    else:
        netguard.install()

    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for pair in opts.settings:
        name, _, value = pair.partition("=")
        settings.set(name, value, priority="cmdline")
    spider_args = dict(pair.partition("=")[::2] for pair in opts.args)

    items: list[dict[str, Any]] = []
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(opts.spider)

    def collect(item: Any, **_: Any) -> None:  # a named function: signals hold only weak references
        items.append(dict(item))

    crawler.signals.connect(collect, signal=signals.item_scraped)
    process.crawl(crawler, **spider_args)
    process.start()
    stats = {
        k: (v if isinstance(v, (int, float, str, bool)) else str(v))
        for k, v in crawler.stats.get_stats().items()
    }
    Path(opts.out).write_text(json.dumps({"items": items, "stats": stats, "sockets": ATTEMPTS}, default=str))


if __name__ == "__main__":
    main()
