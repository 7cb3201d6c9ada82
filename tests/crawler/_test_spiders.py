"""Spiders used only by tests (loaded with -s SPIDER_MODULES=tests.crawler._test_spiders)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import scrapy


class ParallelSpider(scrapy.Spider):
    """Fetches ``-a base=URL`` + /throttled and three /ok/N at once; items record when each arrived."""

    name = "test_parallel"

    def __init__(self, *args: Any, base: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = base

    async def start(self) -> AsyncIterator[Any]:
        self.t0 = time.monotonic()
        yield scrapy.Request(f"{self.base}/throttled", dont_filter=True)
        for n in range(3):
            yield scrapy.Request(f"{self.base}/ok/{n}", dont_filter=True)

    def parse(self, response: scrapy.http.Response) -> Any:
        yield {
            "path": response.url.split("/", 3)[3],
            "status": response.status,
            "t": time.monotonic() - self.t0,
        }
