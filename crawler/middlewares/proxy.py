"""ExscoutProxyMiddleware: send every request through the vantage proxy named by EXSCOUT_PROXY.

The crawl's vantage (simweb's intl or cn proxy offline, a real proxy abroad or
in China live) is a property of the run, not of each spider, so one setting
decides it for all requests. Scrapy's HttpProxyMiddleware (which runs after
this one) then does the CONNECT tunnelling and credentials as for any proxy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class ExscoutProxyMiddleware:
    """Set ``request.meta["proxy"]`` from ``EXSCOUT_PROXY`` unless the request names its own."""

    def __init__(self, proxy_url: str) -> None:
        self.proxy_url = proxy_url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExscoutProxyMiddleware:
        proxy_url = (crawler.settings.get("EXSCOUT_PROXY") or "").strip()
        if not proxy_url:
            raise NotConfigured  # off by default: no message, so Scrapy logs no warning
        if "://" not in proxy_url:
            proxy_url = "http://" + proxy_url  # "127.0.0.1:8080" as people type it
        return cls(proxy_url)

    def process_request(self, request: Request) -> None:
        # "proxy" in meta, even None, is a deliberate choice by whoever built the request.
        if "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy_url
