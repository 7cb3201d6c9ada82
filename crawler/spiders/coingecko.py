"""coingecko: CoinGecko's exchange directory, ``GET /api/v3/exchanges?per_page=250&page=N``.

Format (shared/reference/coingecko/NOTES.md): a bare JSON array per page, one
object per exchange (``id``, ``name``, ``url``, ``country``,
``trust_score_rank``, ``trade_volume_24h_btc``…); there is no cursor, and a
page past the end is ``[]``.

Paging policy: pages are fetched one after another (the keyless API allows
~10-30 calls/min, and 429s are waited out by RetryAfterMiddleware), from
``page=1`` until the first empty array. A page that cannot be read (HTTP error,
HTML instead of JSON, truncated JSON, an object instead of an array) becomes a
``source_error`` and paging *continues* with the next page, because an error
says nothing about whether more pages exist; it stops after
``EXSCOUT_LISTING_MAX_CONSECUTIVE_ERRORS`` unreadable pages in a row, at
``EXSCOUT_LISTING_MAX_PAGES``, or when a page repeats the previous one (a
server ignoring ``page`` would otherwise never answer ``[]``).

Arguments: ``-a max_pages=N`` overrides EXSCOUT_LISTING_MAX_PAGES for one run.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawler.spiders.listing_base import ListingSpider, describe_failure, snippet

#: Fields the CoinGecko schema marks required that the crawler relies on.
REQUIRED_FIELDS = ("id", "name", "url")


class CoinGeckoSpider(ListingSpider):
    """Every exchange CoinGecko lists, page by page."""

    name = "coingecko"
    source = "coingecko"

    def __init__(self, *args: Any, max_pages: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_pages_arg = int(max_pages) if max_pages not in (None, "") else None
        self._errors_in_row = 0
        self._previous_ids: tuple[str, ...] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CoinGeckoSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base_url = settings.get(
            "EXSCOUT_COINGECKO_BASE_URL", "https://api.coingecko.com/api/v3"
        ).rstrip("/")
        spider.per_page = settings.getint("EXSCOUT_COINGECKO_PER_PAGE", 250)
        spider.max_pages = spider._max_pages_arg or settings.getint("EXSCOUT_LISTING_MAX_PAGES", 40)
        spider.max_errors_in_row = settings.getint("EXSCOUT_LISTING_MAX_CONSECUTIVE_ERRORS", 3)
        spider.api_key = (
            settings.get("EXSCOUT_COINGECKO_API_KEY") or os.environ.get("COINGECKO_API_KEY", "")
        ).strip()
        return spider

    def page_url(self, page: int) -> str:
        return f"{self.base_url}/exchanges?{urlencode({'per_page': self.per_page, 'page': page})}"

    def page_request(self, page: int) -> scrapy.Request:
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["x-cg-demo-api-key"] = self.api_key
        return scrapy.Request(
            self.page_url(page),
            headers=headers,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"page": page},
            dont_filter=True,
        )

    async def start(self) -> AsyncIterator[Any]:
        yield self.page_request(1)

    def parse_page(self, response: Response, page: int) -> Any:
        data, problem = parse_json(response)
        if problem is None and not isinstance(data, list):
            problem = f"expected a JSON array, got {describe_json(data)}"
        if problem is not None:
            yield self.source_error(response.url, problem)
            yield from self.after_error(page)
            return
        self._errors_in_row = 0
        if not data:
            self.logger.info("coingecko: page %d is empty: end of the listing", page)
            return
        ids = tuple(str(e.get("id")) for e in data if isinstance(e, dict))
        if ids and ids == self._previous_ids:
            yield self.source_error(
                response.url, f"page {page} repeats page {page - 1} (server ignores `page`?); stopped"
            )
            return
        self._previous_ids = ids

        missing = [i for i, e in enumerate(data) if isinstance(e, dict) and "url" not in e]
        if missing:
            yield self.source_error(
                response.url,
                f"schema drift: {len(missing)} of {len(data)} entries have no `url` field (first at index {missing[0]})",
            )
        for index, entry in enumerate(data):
            where = f"{response.url}#{index}"
            if not isinstance(entry, dict):
                yield self.rejected(
                    where, snippet(json.dumps(entry)), f"entry is {type(entry).__name__}, not an object"
                )
                continue
            yield self.listing_item(
                entry.get("url"),
                where,
                listed_name=entry.get("name"),
                listed_id=entry.get("id"),
                rank=entry.get("trust_score_rank"),
                volume_btc=entry.get("trade_volume_24h_btc"),
                country=entry.get("country") if isinstance(entry.get("country"), str) else None,
                extra={
                    "page": page,
                    "trust_score": entry.get("trust_score"),
                    "year_established": entry.get("year_established"),
                    "has_trading_incentive": entry.get("has_trading_incentive"),
                    "volume_btc_normalized": entry.get("trade_volume_24h_btc_normalized"),
                },
            )
        if page < self.max_pages:
            yield self.page_request(page + 1)
        else:
            yield self.source_error(
                response.url, f"stopped at EXSCOUT_LISTING_MAX_PAGES={self.max_pages} before an empty page"
            )

    def page_failed(self, failure: Any) -> Any:
        request = failure.request
        yield self.source_error(request.url, describe_failure(failure))
        yield from self.after_error(request.cb_kwargs["page"])

    def after_error(self, page: int) -> Any:
        """After an unreadable page: try the next one, unless too many failed in a row or the cap is hit."""
        self._errors_in_row += 1
        if self._errors_in_row >= self.max_errors_in_row:
            self.logger.warning("coingecko: %d unreadable pages in a row; stopping", self._errors_in_row)
            return
        if page < self.max_pages:
            yield self.page_request(page + 1)


def parse_json(response: Response) -> tuple[Any, str | None]:
    """The body's JSON, or a reason it is not (HTML error page, truncated, not text at all)."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    body = response.body
    try:
        return json.loads(body), None
    except UnicodeDecodeError:
        return None, f"body is not UTF-8 text ({len(body)} bytes, Content-Type {content_type or 'none'})"
    except json.JSONDecodeError as exc:
        head = body.lstrip()[:1]
        if "html" in content_type or head == b"<":
            return None, f"HTML instead of JSON (Content-Type {content_type or 'none'}): {snippet(body)}"
        if not body.strip():
            return None, "empty body"
        if head in (b"[", b"{") and body.rstrip()[-1:] not in (b"]", b"}"):
            return None, f"truncated JSON ({len(body)} bytes): {exc.msg} at char {exc.pos}"
        return None, f"invalid JSON: {exc.msg} at char {exc.pos}: {snippet(body)}"


def describe_json(data: Any) -> str:
    """What a JSON value is, for schema-drift messages: type and, for objects, keys and any error text."""
    if isinstance(data, dict):
        keys = ", ".join(sorted(map(str, data))[:8])
        message = data.get("error")
        status = data.get("status")
        if not message and isinstance(status, dict):
            message = status.get("error_message")  # CoinGecko's error envelope
        return f"an object with keys [{keys}]" + (f" ({snippet(str(message))})" if message else "")
    return f"{type(data).__name__} {snippet(json.dumps(data))}"
