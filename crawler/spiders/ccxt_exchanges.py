"""ccxt_exchanges: the exchanges the installed ccxt package knows, read offline.

ccxt ships, for each exchange id in ``ccxt.exchanges``, a class whose
``describe()`` data holds ``name``, ``countries`` and ``urls`` (``www``, and
``referral`` as a string or ``{"url": …}``). Instantiating the class only
builds that data (no markets are loaded, no socket is opened), so the spider
needs no requests: ``start()`` yields the items directly (Scrapy >= 2.13).

One ``listing`` per distinct domain: the ``www`` URL, and the referral URL
when it normalises to another domain (``extra.via`` says which). Exchanges
with neither are ``rejected``; an exchange whose class cannot be built is a
``source_error``. ``country`` is the comma-joined ISO codes (``extra.countries``
the list); ccxt has no rank or volume.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from crawler.spiders.listing_base import ListingSpider


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("url")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) and value.strip() else None


class CcxtExchangesSpider(ListingSpider):
    """Exchanges from ccxt's bundled metadata; no network."""

    name = "ccxt_exchanges"
    source = "ccxt"

    async def start(self) -> AsyncIterator[Any]:
        import ccxt  # imported here: heavy, and only this spider needs it

        version = getattr(ccxt, "__version__", "?")
        for exchange_id in ccxt.exchanges:
            where = f"ccxt {version}:{exchange_id}"
            try:
                exchange = getattr(ccxt, exchange_id)()
                urls = exchange.urls or {}
                name = exchange.name
                countries = [c for c in (exchange.countries or []) if isinstance(c, str)]
            except Exception as exc:  # a broken class in one ccxt release must not stop the others
                yield self.source_error(where, f"cannot build exchange class: {type(exc).__name__}: {exc}")
                continue
            candidates = [("www", _url(urls.get("www"))), ("referral", _url(urls.get("referral")))]
            if not any(url for _, url in candidates):
                yield self.rejected(where, exchange_id, f"no urls.www or urls.referral for {name!r}")
                continue
            seen: set[str] = set()
            for via, url in candidates:
                if url is None:
                    continue
                item = self.listing_item(
                    url,
                    f"{where}:urls.{via}",
                    listed_name=name,
                    listed_id=exchange_id,
                    country=",".join(countries) or None,
                    extra={"via": via, "countries": countries, "ccxt_version": version},
                    seen=seen,
                )
                if item is not None:
                    yield item
