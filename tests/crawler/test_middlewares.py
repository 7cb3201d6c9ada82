"""crawler.middlewares: the vantage proxy and Retry-After parsing/waits, built offline with get_crawler."""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.middlewares.proxy import ExscoutProxyMiddleware
from crawler.middlewares.retry_after import RetryAfterMiddleware, parse_retry_after


def test_proxy_not_configured_without_setting() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(ExscoutProxyMiddleware, get_crawler(Spider, {"EXSCOUT_PROXY": ""}))


def test_proxy_sets_meta_unless_request_chose() -> None:
    mw = build_from_crawler(ExscoutProxyMiddleware, get_crawler(Spider, {"EXSCOUT_PROXY": "127.0.0.1:8080"}))
    request = Request("https://api.coingecko.com/api/v3/exchanges")
    mw.process_request(request)
    assert request.meta["proxy"] == "http://127.0.0.1:8080"
    direct = Request("https://example.com/", meta={"proxy": None})
    mw.process_request(direct)
    assert direct.meta["proxy"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1.0), (b"120", 120.0), (" 7 ", 7.0), ("", None), (None, None), ("soon", None), ("-5", None)],
)
def test_parse_retry_after_seconds(value, expected) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    now = time.time()
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(
        30, abs=1
    )
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0


def make_mw(**settings) -> RetryAfterMiddleware:
    crawler = get_crawler(Spider, settings)
    crawler.stats.open_spider()
    return build_from_crawler(RetryAfterMiddleware, crawler)


def test_wait_uses_header_then_backoff_and_clamps() -> None:
    mw = make_mw(EXSCOUT_RETRY_AFTER_MAX_S=10, EXSCOUT_RETRY_AFTER_BASE_S=1.5)
    url = "https://api.coingecko.com/"
    assert mw.wait_for(Response(url, status=429, headers={"Retry-After": "3"}), 0) == (3.0, "retry-after")
    assert mw.wait_for(Response(url, status=503), 0) == (1.5, "backoff")
    assert mw.wait_for(Response(url, status=503), 2) == (6.0, "backoff")
    assert mw.wait_for(Response(url, status=429, headers={"Retry-After": "3600"}), 0) == (10.0, "retry-after")
    assert mw.crawler.stats.get_value("exscout/retry_after/clamped") == 1


def test_disabled_with_zero_times() -> None:
    with pytest.raises(NotConfigured):
        make_mw(EXSCOUT_RETRY_AFTER_TIMES=0)


def test_bare_503_is_left_to_scrapys_retry() -> None:
    mw = make_mw()
    request = Request("https://example.com/")
    bare = Response(request.url, status=503, request=request)
    assert asyncio.run(mw.process_response(request, bare)) is bare  # returns before any wait


class _Throttling(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/throttled" and not self.server.throttled_once:
            self.server.throttled_once = True
            self.send_response(429)
            self.send_header("Retry-After", "2")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def test_waiting_does_not_block_other_requests(crawl) -> None:
    """While /throttled waits out its Retry-After, the /ok requests are fetched and parsed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Throttling)
    server.throttled_once = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = crawl(
            "test_parallel",
            # A stateful server on 127.0.0.1 reached directly: the SSRF guard would rightly refuse it.
        settings={"SPIDER_MODULES": "tests.crawler._test_spiders", "EXSCOUT_SSRF_GUARD": "False"},
            args={"base": f"http://127.0.0.1:{server.server_address[1]}"},
        )
    finally:
        server.shutdown()
        server.server_close()
    arrived = {item["path"]: item["t"] for item in result.items}
    assert set(arrived) == {"throttled", "ok/0", "ok/1", "ok/2"}
    assert arrived["throttled"] >= 2.0
    assert max(arrived[f"ok/{n}"] for n in range(3)) < arrived["throttled"] - 1.0
