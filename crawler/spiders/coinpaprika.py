"""coinpaprika: CoinPaprika's exchange list, ``GET https://api.coinpaprika.com/v1/exchanges``.

Format (shared/reference/coinpaprika/NOTES.md): one JSON array, no pagination;
the site is ``links.website`` (a *list*, possibly absent or empty); errors come
as ``{"error": "..."}``. Unknown keys are ignored (live responses carry more
than the spec). Each distinct domain among an entry's websites becomes one
``listing``; an entry with no website is ``rejected`` (it names no site).
Kept per listing: ``fiats`` (symbols), and in ``extra`` ``active``,
``website_status``, ``api_status``, ``reported_rank``, ``type`` and the USD
24 h volume. ``rank`` is ``adjusted_rank`` (else ``reported_rank``);
``volume_btc`` is only set when the response carries a ``BTC`` quote.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.spiders.coingecko import describe_json, parse_json
from crawler.spiders.listing_base import ListingSpider, describe_failure


class CoinPaprikaSpider(ListingSpider):
    """Every exchange CoinPaprika lists, from its one-page endpoint."""

    name = "coinpaprika"
    source = "coinpaprika"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CoinPaprikaSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        base = crawler.settings.get("EXSCOUT_COINPAPRIKA_BASE_URL", "https://api.coinpaprika.com/v1")
        spider.list_url = base.rstrip("/") + "/exchanges"
        return spider

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(
            self.list_url,
            headers={"Accept": "application/json"},
            callback=self.parse_list,
            errback=self.list_failed,
            dont_filter=True,
        )

    def parse_list(self, response: Response) -> Any:
        data, problem = parse_json(response)
        if problem is None and not isinstance(data, list):
            problem = f"expected a JSON array, got {describe_json(data)}"
        if problem is not None:
            yield self.source_error(response.url, problem)
            return
        for index, entry in enumerate(data):
            if not isinstance(entry, dict):
                yield self.rejected(
                    f"{response.url}#{index}",
                    repr(entry)[:200],
                    f"entry is {type(entry).__name__}, not an object",
                )
                continue
            yield from self.entry_items(response.url, index, entry)

    def entry_items(self, url: str, index: int, entry: dict[str, Any]) -> Any:
        listed_id = entry.get("id")
        where = f"{url}#{listed_id or index}"
        links = entry.get("links")
        websites = links.get("website") if isinstance(links, dict) else None
        if isinstance(websites, str):
            websites = [websites]  # tolerate a scalar where the schema has a list
        websites = [w for w in websites or [] if isinstance(w, str) and w.strip()]
        if not websites:
            yield self.rejected(
                where,
                str(listed_id or ""),
                f"no website in links.website for {entry.get('name') or listed_id!r}",
            )
            return
        fiats = [f.get("symbol") for f in entry.get("fiats") or [] if isinstance(f, dict) and f.get("symbol")]
        quotes = entry.get("quotes") if isinstance(entry.get("quotes"), dict) else {}
        btc = quotes.get("BTC") if isinstance(quotes.get("BTC"), dict) else {}
        usd = quotes.get("USD") if isinstance(quotes.get("USD"), dict) else {}
        rank = (
            entry.get("adjusted_rank")
            if entry.get("adjusted_rank") is not None
            else entry.get("reported_rank")
        )
        extra = {
            "active": entry.get("active"),
            "website_status": entry.get("website_status"),
            "api_status": entry.get("api_status"),
            "reported_rank": entry.get("reported_rank"),
            "type": entry.get("type"),
            "volume_usd_24h": usd.get("adjusted_volume_24h"),
            "websites": websites,
        }
        seen: set[str] = set()
        for website in websites:
            item = self.listing_item(
                website,
                where,
                listed_name=entry.get("name"),
                listed_id=listed_id,
                rank=rank,
                volume_btc=btc.get("adjusted_volume_24h"),
                fiats=fiats,
                extra=extra,
                seen=seen,
            )
            if item is not None:
                yield item

    def list_failed(self, failure: Any) -> Any:
        yield self.source_error(failure.request.url, describe_failure(failure))
