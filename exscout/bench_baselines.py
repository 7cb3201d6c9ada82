"""The benchmark's baselines and its measuring hook, each run as its own subprocess by ``exscout.bench``.

Why subprocesses: every baseline must be measured the way the pipeline runs
(one Python process with its own simweb server, the asyncio reactor, one
Chromium), and a Twisted reactor cannot be restarted inside one process.

simweb runs as the pipeline's ``Network`` runs it (``start_simweb``: a child process).

Commands (``python -m exscout.bench_baselines COMMAND …``):

- ``pipeline ARGS…``: ``exscout run ARGS…`` unchanged, plus a measuring hook that
  writes stage times, the probe's Scrapy stats, DNS query counts and the RDAP
  cache's statistics to the JSON file named by ``EXSCOUT_BENCH_STATS`` (the
  runner does not persist those yet; see docs/performance.md).
- ``scrapy CORPUS PAGES OUT``: a bare Scrapy spider (parsel, no detectors, no
  store) over the given static pages, through the corpus's simweb.
- ``browser CORPUS PAGES OUT``: a bare Playwright ``page.goto`` loop over the given
  JS-only pages, same Chromium and flags, N pages at once.
- ``render-probe CORPUS PAGES OUT``: the pipeline's per-render work (``networkidle``
  settle and screenshot) on the same loop, with the probe's default Chromium flags and
  screenshot format (``crawler.settings``), to split where a render's time goes.

``PAGES`` is a JSON file ``[[url, vantage], …]``; ``OUT`` receives the result as JSON.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
BASE_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip


def start_simweb(corpus: Path) -> Any:
    """simweb for a baseline, the way the pipeline's ``Network`` starts it (a child process when the
    installed simweb can, else a thread), so baselines and pipeline share one topology."""
    import inspect

    from simweb.server import SimWeb

    if "process" in inspect.signature(SimWeb).parameters:
        return SimWeb(corpus, process=True)
    return SimWeb(corpus)


# ---------------------------------------------------------------------------------------------
# The measuring hook around `exscout run`


class Recorder:
    """Collects what the hook measures and writes it as JSON after every stage and at exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {"stages": {}, "crawls": [], "dns_queries": Counter(), "rdap": Counter(),
                                     "started": time.time()}  # fmt: skip

    def dump(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, default=str, indent=1), encoding="utf-8")
        tmp.replace(self.path)


def install_hook(path: Path) -> Recorder:
    """Wrap stage methods, spider crawls, DNS queries and the RDAP cache to record their cost.

    Wrapping, not editing: the benchmark measures the code as it ships.
    """
    import exscout.runner as runner
    import exscout.scrapy_bridge as bridge
    from enrich.dns import DnsClient
    from enrich.rdap import RdapCache

    rec = Recorder(path)

    def timed(name: str, func: Any) -> Any:
        if asyncio.iscoroutinefunction(func):

            async def wrapper(*args: Any, **kwargs: Any) -> Any:
                start = time.time()
                try:
                    return await func(*args, **kwargs)
                finally:
                    rec.data["stages"][name] = {"start": start, "end": time.time()}
                    rec.dump()
        else:

            def wrapper(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                start = time.time()
                try:
                    return func(*args, **kwargs)
                finally:
                    rec.data["stages"][name] = {"start": start, "end": time.time()}
                    rec.dump()

        return wrapper

    for stage in ("discover", "probe", "enrich", "decide"):
        setattr(runner.Job, stage, timed(stage, getattr(runner.Job, stage)))

    # Experiments only (`exscout bench --scrapy-set NAME=VALUE`): extra Scrapy settings for the run.
    overrides = json.loads(os.environ.get("EXSCOUT_BENCH_SCRAPY_SETTINGS") or "{}")
    if overrides:
        original_init = runner.Job.__init__

        def init(self: Any, store: Any, options: Any, progress: Any = None) -> None:
            options.scrapy_overrides = {**options.scrapy_overrides, **overrides}
            original_init(self, store, options, progress)

        runner.Job.__init__ = init  # type: ignore[method-assign]
        rec.data["scrapy_overrides"] = overrides

    # One (time, rendered, vantage) per probe response: shows whether renders starve static fetches.
    from crawler.spiders.probe import ProbeSpider

    timeline: list[tuple[float, int, str]] = []
    rec.data["responses"] = timeline
    original_handle = ProbeSpider._handle_response

    def handle(self: Any, site: Any, response: Any) -> Any:
        timeline.append((round(time.time(), 3), int(bool(response.meta.get("playwright"))),
                         str(response.meta.get("exscout_vantage", ""))))  # fmt: skip
        return original_handle(self, site, response)

    ProbeSpider._handle_response = handle  # type: ignore[method-assign]

    original_crawl = bridge.crawl

    async def crawl(runner_: Any, spider: Any, **kwargs: Any) -> Any:
        start = time.time()
        crawler = await original_crawl(runner_, spider, **kwargs)
        stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float | str)}
        rec.data["crawls"].append({"spider": str(getattr(spider, "name", spider)), "start": start, "end": time.time(),
                                   "stats": stats})  # fmt: skip
        rec.dump()
        return crawler

    bridge.crawl = crawl  # runner imports it inside each stage, from the module

    original_query = DnsClient.query

    async def query(self: Any, name: str, rtype: str, vantage: str) -> Any:
        rec.data["dns_queries"][vantage] += 1
        return await original_query(self, name, rtype, vantage)

    DnsClient.query = query  # type: ignore[method-assign]

    original_close = RdapCache.close

    def close(self: Any) -> None:
        rec.data["rdap"].update(self.stats)
        rec.data["rdap_networks"] = sorted(set(rec.data.get("rdap_networks", [])) | set(self.networks))
        rec.dump()
        original_close(self)

    RdapCache.close = close  # type: ignore[method-assign]
    atexit.register(rec.dump)
    return rec


def pipeline(args: list[str]) -> None:
    """``exscout run`` with the hook installed (stats file from ``EXSCOUT_BENCH_STATS``)."""
    path = os.environ.get("EXSCOUT_BENCH_STATS")
    if path:
        install_hook(Path(path))
    from exscout.cli import app

    app(args=["run", *args], prog_name="exscout")


# ---------------------------------------------------------------------------------------------
# Bare Scrapy


#: Statuses the bare spider's callback gets: all but redirects, which it follows as the probe does
#: (``crawler.spiders.probe.HANDLED_STATUSES``): a page the probe stored as ``url`` → ``final_url``
#: cost it every hop, so the baseline fetches the same hops. (``handle_httpstatus_all`` would stop
#: at the 301 and time a cheaper page than the probe's.)
HANDLED_STATUSES = [s for s in range(100, 600) if s not in (301, 302, 303, 307, 308)]


def bare_scrapy(corpus: Path, pages: list[list[str]], concurrency: int, per_host: int) -> dict[str, Any]:
    """Fetch ``pages`` with a minimal spider (parse title and links with parsel), simweb as the pipeline has it.

    Same topology as the pipeline (``start_simweb``), Scrapy on the asyncio
    reactor, the same concurrency settings, requests through the vantage's
    proxy, redirects followed. No detectors, no probe logic, no store.
    """
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from exscout import netguard

    netguard.install()
    web = start_simweb(corpus)
    ep = web.start()
    proxies = {"intl": ep.intl.proxy_url, "cn": ep.cn.proxy_url}
    result: dict[str, Any] = {"requested": len(pages), "responses": 0, "failures": 0, "links": 0, "bytes": 0,
                              "redirects": 0}  # fmt: skip

    class BareSpider(scrapy.Spider):
        """Fetch, parse the title and every link, nothing else."""

        name = "bare"

        async def start(self) -> Any:
            for url, vantage in pages:
                yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True,
                                     meta={"proxy": proxies.get(vantage, proxies["intl"]), "dont_retry": True,
                                           "handle_httpstatus_list": HANDLED_STATUSES})  # fmt: skip

        def parse(self, response: Any) -> None:
            result["responses"] += 1
            result["redirects"] += len(response.meta.get("redirect_urls", []))
            result["bytes"] += len(response.body)
            if hasattr(response, "css"):
                response.css("title::text").get()
                result["links"] += len(response.css("a::attr(href)").getall())

        def failed(self, failure: Any) -> None:
            result["failures"] += 1

    process = CrawlerProcess(settings={
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
        "DOWNLOAD_TIMEOUT": 30, "RETRY_ENABLED": False, "COOKIES_ENABLED": True,
        "USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    })  # fmt: skip
    process.crawl(BareSpider)
    start = time.perf_counter()
    cpu0 = time.process_time()
    process.start()
    result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = time.process_time() - cpu0
    result["pages_per_s"] = result["responses"] / result["seconds"] if result["seconds"] else 0.0
    web.stop()
    return result


# ---------------------------------------------------------------------------------------------
# Bare Playwright


def _probe_render_config() -> Any:
    """The probe's ``RenderConfig`` under the project's settings (its flags, its screenshots), with
    the experiment's ``--scrapy-set`` overrides (``EXSCOUT_BENCH_SCRAPY_SETTINGS``) as the pipeline has them."""
    from crawler.render import RenderConfig
    from exscout.scrapy_bridge import project_settings

    overrides = json.loads(os.environ.get("EXSCOUT_BENCH_SCRAPY_SETTINGS") or "{}")
    return RenderConfig.from_settings(project_settings(overrides))


async def _browser_loop(corpus: Path, pages: list[list[str]], concurrency: int, mode: str) -> dict[str, Any]:
    """``page.goto`` each page (``mode`` "bare"), or goto + networkidle + screenshot ("pipeline")."""
    from playwright.async_api import async_playwright

    from exscout import netguard
    from simweb.testing import chromium_args

    netguard.install()
    web = start_simweb(corpus)
    ep = web.start()
    result: dict[str, Any] = {"requested": len(pages), "rendered": 0, "failures": 0, "mode": mode, "phases": Counter()}
    try:
        async with async_playwright() as pw:
            args = BASE_FLAGS + [a for a in chromium_args(ep) if a not in BASE_FLAGS]
            shot: dict[str, Any] = {"type": "png"}
            if mode == "pipeline":
                probe = _probe_render_config()
                args += [a for a in probe.chromium_args if a not in args]
                shot = probe.screenshot_options()
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args,
                                               proxy={"server": ep.intl.proxy_url})  # fmt: skip
            contexts = {v: await browser.new_context(proxy={"server": p}, ignore_https_errors=True, locale="zh-CN",
                                                     viewport={"width": 1280, "height": 800})
                        for v, p in (("intl", ep.intl.proxy_url), ("cn", ep.cn.proxy_url))}  # fmt: skip
            queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
            for url, vantage in pages:
                queue.put_nowait((url, vantage))

            async def worker() -> None:
                while not queue.empty():
                    url, vantage = queue.get_nowait()
                    page = await contexts.get(vantage, contexts["intl"]).new_page()
                    try:
                        t0 = time.perf_counter()
                        await page.goto(url, wait_until="load", timeout=20_000)
                        t1 = time.perf_counter()
                        result["phases"]["goto_s"] += t1 - t0
                        if mode == "pipeline":
                            try:
                                await page.wait_for_load_state("networkidle", timeout=3_000)
                            except Exception:
                                result["phases"]["settle_timeouts"] += 1
                            t2 = time.perf_counter()
                            result["phases"]["settle_s"] += t2 - t1
                            await page.screenshot(**shot, full_page=False, timeout=5_000)
                            t1 = t2
                            t2 = time.perf_counter()
                            result["phases"]["screenshot_s"] += t2 - t1
                        t3 = time.perf_counter()
                        await page.content()
                        result["phases"]["content_s"] += time.perf_counter() - t3
                        result["rendered"] += 1
                    except Exception:
                        result["failures"] += 1
                    finally:
                        await page.close()

            start = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
            result["seconds"] = time.perf_counter() - start
            await browser.close()
    finally:
        web.stop()
    result["renders_per_s"] = result["rendered"] / result["seconds"] if result.get("seconds") else 0.0
    return result


# ---------------------------------------------------------------------------------------------
# Entry point


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Keep library chatter off stdout: the parent reads the result file, not our output."""
    saved = sys.stdout
    sys.stdout = sys.stderr
    try:
        yield
    finally:
        sys.stdout = saved


def main(argv: list[str] | None = None) -> None:
    """``python -m exscout.bench_baselines COMMAND …`` (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        raise SystemExit(__doc__)
    command, rest = argv[0], argv[1:]
    if command == "pipeline":
        pipeline(rest)
        return
    corpus, pages_file, out = Path(rest[0]), Path(rest[1]), Path(rest[2])
    concurrency = int(rest[3]) if len(rest) > 3 else 4
    pages = json.loads(pages_file.read_text(encoding="utf-8"))
    with _quiet_stdout():
        if command == "scrapy":
            per_host = int(rest[4]) if len(rest) > 4 else 2
            result = bare_scrapy(corpus, pages, concurrency, per_host)
        elif command in ("browser", "render-probe"):
            mode = "bare" if command == "browser" else "pipeline"
            result = asyncio.run(_browser_loop(corpus, pages, concurrency, mode))
        else:
            raise SystemExit(f"unknown command {command!r}")
    out.write_text(json.dumps(result, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
