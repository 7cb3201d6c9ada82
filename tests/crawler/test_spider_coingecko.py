"""coingecko spider through Scrapy's engine: simweb's HTTPS proxy, and a stateful local server for 429s."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
# Real CoinGecko bodies (shared/reference/coingecko), as stored in the test corpora.
DOCS_EXAMPLE_2026 = CORPORA / "listings-broken/sites/api.coingecko.com/api/v3/page1.json"
CAPTURE_2025 = CORPORA / "listings/sites/api.coingecko.com/api/v3/exchanges.page2.json"
CAPTURE_2022 = CORPORA / "listings/sites/api.coingecko.com/api/v3/exchanges.page1.json"
API = "https://api.coingecko.com/api/v3/exchanges?per_page=250&page="

# These tests talk straight to a stateful server on 127.0.0.1 (no proxy): the SSRF guard
# rightly refuses loopback, so it is switched off for them alone (tests/reliability tests it).
DIRECT = {"EXSCOUT_SSRF_GUARD": "False"}


@pytest.fixture
def listings_proxy(simweb_serve) -> str:
    return simweb_serve(CORPORA / "listings").intl.proxy_url


@pytest.fixture
def broken_proxy(simweb_serve) -> str:
    return simweb_serve(CORPORA / "listings-broken").intl.proxy_url


def test_pages_until_the_empty_array(crawl, listings_proxy: str) -> None:
    result = crawl("coingecko", settings={"EXSCOUT_PROXY": listings_proxy})
    listings = result.kind("listing")
    assert result.kind("source_error") == [] and result.kind("rejected") == []
    assert len(listings) == 13  # 10 on page 1 (2022 capture) + 3 on page 2 (2025 capture); page 3 is []
    assert result.stats["downloader/request_count"] == 3
    assert result.stats["exscout/discover/coingecko/listing"] == 13
    okx = next(i for i in listings if i["listed_id"] == "okex" and i["extra"]["page"] == 2)
    assert okx == {
        "kind": "listing",
        "source": "coingecko",
        "domain": "okx.com",
        "host": "www.okx.com",
        "url": "https://www.okx.com/",
        "listed_name": "OKX",
        "listed_id": "okex",
        "rank": 3,
        "volume_btc": pytest.approx(58487.75281144519),
        "country": "Seychelles",
        "fiats": [],
        "extra": okx["extra"],
    }
    assert okx["extra"]["listed_url"] == "https://www.okx.com"
    assert okx["extra"]["trust_score"] == 10
    crypto = next(i for i in listings if i["listed_id"] == "crypto_com")
    assert (crypto["domain"], crypto["url"]) == ("crypto.com", "https://crypto.com/exchange")
    mexc = next(i for i in listings if i["listed_id"] == "mxc")
    assert mexc["country"] is None  # null in the capture


def test_broken_pages_are_source_errors_and_paging_goes_on(crawl, broken_proxy: str) -> None:
    """page 1 ok, 2 HTML error page, 3 truncated JSON, 4 entry without url, 5 object, 6 ok, 7 []."""
    result = crawl("coingecko", settings={"EXSCOUT_PROXY": broken_proxy})
    errors = {e["where"]: e["reason"] for e in result.kind("source_error")}
    assert set(errors) == {API + "2", API + "3", API + "4", API + "5"}
    assert "HTML instead of JSON" in errors[API + "2"]
    assert "truncated JSON" in errors[API + "3"]
    assert "1 of 3 entries have no `url`" in errors[API + "4"]
    assert "expected a JSON array" in errors[API + "5"] and "API Key Missing" in errors[API + "5"]
    ids = sorted(i["listed_id"] for i in result.kind("listing"))
    # page 1: gdax, binance; page 4: binance, okex (gdax lacks url); page 6: ftx_spot, huobi, bitmart
    assert ids == ["binance", "binance", "bitmart", "ftx_spot", "gdax", "huobi", "okex"]
    [rej] = result.kind("rejected")
    assert rej["where"] == API + "4#1" and "no URL listed" in rej["reason"] and "gdax" in rej["reason"]
    okx = next(i for i in result.kind("listing") if i["listed_id"] == "okex")
    assert okx["url"] == "https://www.okx.com/join/ABC123"  # utm_source and channelId stripped
    assert result.stats["downloader/request_count"] == 7


def test_consecutive_errors_stop_paging(crawl, broken_proxy: str) -> None:
    result = crawl(
        "coingecko", settings={"EXSCOUT_PROXY": broken_proxy, "EXSCOUT_LISTING_MAX_CONSECUTIVE_ERRORS": 2}
    )
    assert result.stats["downloader/request_count"] == 3  # page 1 ok, 2 and 3 broken in a row: stop


def test_max_pages_bounds_the_crawl(crawl, listings_proxy: str) -> None:
    result = crawl("coingecko", settings={"EXSCOUT_PROXY": listings_proxy}, args={"max_pages": "1"})
    assert result.stats["downloader/request_count"] == 1
    assert len(result.kind("listing")) == 10
    [err] = result.kind("source_error")
    assert "EXSCOUT_LISTING_MAX_PAGES=1" in err["reason"]


def test_unknown_host_is_a_source_error(crawl, listings_proxy: str) -> None:
    result = crawl(
        "coingecko",
        settings={
            "EXSCOUT_PROXY": listings_proxy,
            "EXSCOUT_COINGECKO_BASE_URL": "https://api.nowhere-listing.com/api/v3",
        },
    )
    assert result.kind("listing") == []
    errors = result.kind("source_error")
    assert len(errors) == 3  # three unreadable pages in a row, then it gives up
    assert all("nowhere-listing" in e["where"] for e in errors)


# --- a stateful local API: 429 + Retry-After, then success ----------------------------------------


class FakeCoinGecko(BaseHTTPRequestHandler):
    """Page 1 answers 429 the first ``server.throttle`` times, then every page from reference JSON."""

    def do_GET(self) -> None:
        server = self.server
        query = parse_qs(urlsplit(self.path).query)
        page = int(query.get("page", ["1"])[0])
        if server.ignore_page:
            page = 1  # like a server (or corpus) that ignores the query string
        server.log.append((time.monotonic(), page, dict(self.headers)))
        if page == 1 and server.throttle > 0:
            server.throttle -= 1
            body = b'{"status":{"error_code":429,"error_message":"You\'ve exceeded the Rate Limit."}}'
            self.send_response(server.throttle_status)
            if server.retry_after is not None:
                self.send_header("Retry-After", server.retry_after)
        else:
            files = {1: DOCS_EXAMPLE_2026, 2: CAPTURE_2025}
            body = files[page].read_bytes() if page in files else b"[]"
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_api() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeCoinGecko)
    server.log, server.throttle, server.retry_after, server.ignore_page = [], 1, "1", False
    server.throttle_status = 429
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/api/v3"


def test_429_retry_after_is_honoured(crawl, fake_api: ThreadingHTTPServer) -> None:
    result = crawl("coingecko", settings={**DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api)})
    pages = [page for _, page, _ in fake_api.log]
    assert pages == [1, 1, 2, 3]
    waited = fake_api.log[1][0] - fake_api.log[0][0]
    assert waited >= 0.95, f"retried after {waited:.2f}s, Retry-After was 1"
    assert len(result.kind("listing")) == 5 and result.kind("source_error") == []
    assert result.stats["exscout/retry_after/count"] == 1
    assert "x-cg-demo-api-key" not in {k.lower() for k in fake_api.log[0][2]}


def test_429_without_retry_after_backs_off_and_gives_up(crawl, fake_api: ThreadingHTTPServer) -> None:
    fake_api.throttle, fake_api.retry_after = 10, None
    result = crawl(
        "coingecko",
        settings={
            **DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api),
            "EXSCOUT_RETRY_AFTER_BASE_S": 0.2,
            "EXSCOUT_RETRY_AFTER_TIMES": 2,
        },
    )
    times = [t for t, page, _ in fake_api.log if page == 1]
    assert len(times) == 3  # first try + 2 retries
    assert times[1] - times[0] >= 0.18 and times[2] - times[1] >= 0.38  # 0.2 then 0.4
    errors = {e["where"]: e["reason"] for e in result.kind("source_error")}
    assert "HTTP 429" in errors[base_url(fake_api) + "/exchanges?per_page=250&page=1"]
    assert len(result.kind("listing")) == 3  # page 1 is lost; page 2 still counts
    assert result.stats["exscout/retry_after/gave_up"] == 1


def test_retry_after_is_clamped(crawl, fake_api: ThreadingHTTPServer) -> None:
    fake_api.retry_after = "3600"
    start = time.monotonic()
    result = crawl(
        "coingecko",
        settings={**DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api), "EXSCOUT_RETRY_AFTER_MAX_S": 0.3},
    )
    assert time.monotonic() - start < 60
    assert result.stats["exscout/retry_after/clamped"] == 1
    assert len(result.kind("listing")) == 5


def test_api_key_header(crawl, fake_api: ThreadingHTTPServer) -> None:
    fake_api.throttle = 0
    crawl(
        "coingecko",
        settings={**DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api), "EXSCOUT_COINGECKO_API_KEY": "CG-test"},
    )
    headers = {k.lower(): v for k, v in fake_api.log[0][2].items()}
    assert headers["x-cg-demo-api-key"] == "CG-test"


def test_corpus_bodies_are_real_arrays() -> None:
    """The corpus bodies are the real captures: bare arrays with the documented fields."""
    for path in (DOCS_EXAMPLE_2026, CAPTURE_2025, CAPTURE_2022):
        data = json.loads(path.read_bytes())
        assert isinstance(data, list) and all(
            {"id", "name", "url", "trust_score_rank"} <= set(e) for e in data
        )


def test_server_ignoring_page_is_detected(crawl, fake_api: ThreadingHTTPServer) -> None:
    fake_api.throttle, fake_api.ignore_page = 0, True
    result = crawl("coingecko", settings={**DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api)})
    assert [page for _, page, _ in fake_api.log] == [1, 1]
    [error] = result.kind("source_error")
    assert "repeats page 1" in error["reason"] and error["where"].endswith("page=2")
    assert len(result.kind("listing")) == 2


def test_503_with_retry_after_waits_and_bare_503_retries_at_once(
    crawl, fake_api: ThreadingHTTPServer
) -> None:
    fake_api.throttle_status, fake_api.retry_after = 503, "1"
    result = crawl("coingecko", settings={**DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api)})
    assert fake_api.log[1][0] - fake_api.log[0][0] >= 0.95
    assert result.stats["exscout/retry_after/count"] == 1 and len(result.kind("listing")) == 5

    fake_api.log.clear()
    fake_api.throttle, fake_api.retry_after = 1, None
    result = crawl("coingecko", settings={**DIRECT, "EXSCOUT_COINGECKO_BASE_URL": base_url(fake_api)})
    assert fake_api.log[1][0] - fake_api.log[0][0] < 0.9  # Scrapy's RetryMiddleware: no wait
    assert "exscout/retry_after/count" not in result.stats and result.stats["retry/count"] == 1
    assert len(result.kind("listing")) == 5
