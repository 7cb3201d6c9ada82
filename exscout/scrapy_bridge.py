"""Run Scrapy spiders in this process and hand every item to a Python callable.

The crawler package knows nothing of the store; exscout injects a sink through
the ``EXSCOUT_ITEM_SINK`` setting and a tiny item pipeline calls it. All stages
of a run share one asyncio loop driven by Twisted's asyncio reactor, which
scrapy-playwright requires.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

ItemSink = Callable[[dict[str, Any], Any], None]
ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


class SinkPipeline:
    """Item pipeline that passes each item to the sink named in the settings."""

    def __init__(self, sink: ItemSink) -> None:
        self.sink = sink

    @classmethod
    def from_crawler(cls, crawler: Any) -> SinkPipeline:
        return cls(crawler.settings["EXSCOUT_ITEM_SINK"])

    def process_item(self, item: Any, spider: Any = None) -> Any:
        self.sink(dict(item), spider)
        return item


def project_settings(overrides: dict[str, Any] | None = None, sink: ItemSink | None = None) -> Settings:
    # exscout may run from any folder; Scrapy then finds no scrapy.cfg, so name the module outright.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    if overrides:
        settings.setdict({k: v for k, v in overrides.items() if v is not None}, priority="cmdline")
    if sink is not None:
        settings.set("EXSCOUT_ITEM_SINK", sink, priority="cmdline")
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines["exscout.scrapy_bridge.SinkPipeline"] = 900
        settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    settings.set("TWISTED_REACTOR", ASYNCIO_REACTOR, priority="cmdline")
    return settings


def run_on_reactor(main: Callable[[], Awaitable[Any]], settings: Settings | None = None) -> Any:
    """Install the asyncio reactor, run ``main()`` on it, return its result (or raise its error).

    With ``settings``, the reactor also gets the SSRF guard's connect-time resolver:
    exscout drives its own reactor, so Scrapy's ``TWISTED_DNS_RESOLVER`` is never applied,
    and without this a direct (proxy-less) live crawl could be steered to a private address.
    """
    from scrapy.utils.reactor import install_reactor

    from crawler.middlewares.ssrf import install_pinned_resolver

    install_reactor(ASYNCIO_REACTOR)
    from scrapy.utils.defer import deferred_from_coro
    from twisted.internet import reactor  # the reactor installed just above
    from twisted.python.failure import Failure

    if settings is not None:
        install_pinned_resolver(reactor, settings)
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        if isinstance(result, Failure):
            outcome["error"] = result.value
        else:
            outcome["result"] = result
        if reactor.running:  # type: ignore[attr-defined]
            reactor.stop()  # type: ignore[attr-defined]

    async def wrapped() -> Any:
        return await main()

    reactor.callWhenRunning(lambda: deferred_from_coro(wrapped()).addBoth(done))  # type: ignore[attr-defined]
    reactor.run(installSignalHandlers=True)  # type: ignore[attr-defined]
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


async def crawl(runner: AsyncCrawlerRunner, spider: str | type, **kwargs: Any) -> Any:
    """Run one spider to completion on the shared loop and return its crawler (for stats)."""
    crawler = runner.create_crawler(spider)
    await asyncio.ensure_future(runner.crawl(crawler, **kwargs))
    return crawler
