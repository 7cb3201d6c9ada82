"""Shared pieces of the discover spiders: the three item shapes and their stats.

Every discover spider yields plain dicts of exactly the shapes in
docs/architecture.md ("discover"), built only here so they cannot drift:

* ``listing``: one site a source lists, normalised (domain, host, url) plus what
  the source said about it (name, id, rank, volume, country, fiats, ``extra``);
* ``rejected``: an entry that names no usable site, with ``where`` (URL or
  ``file:line``), the ``raw`` value and a ``reason``;
* ``source_error``: the source itself failed or changed (HTTP error, not JSON,
  schema drift), with ``where`` (URL or file) and ``reason``.

Stats (namespaced like Scrapy's own): ``exscout/discover/listing``,
``exscout/discover/rejected``, ``exscout/discover/source_error``, each also per
source (``exscout/discover/<source>/listing``…).
"""

from __future__ import annotations

import logging
from typing import Any

import scrapy

from crawler.normalize import Normalised, normalise

logger = logging.getLogger(__name__)

STATS_PREFIX = "exscout/discover"


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    number = _num(value)
    return int(number) if number is not None and number.is_integer() else None


class ListingSpider(scrapy.Spider):
    """Base for discover spiders: builds items and counts them."""

    #: Value of the items' ``source`` field; defaults to the spider name.
    source: str = ""

    def _count(self, kind: str) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STATS_PREFIX}/{kind}")
        stats.inc_value(f"{STATS_PREFIX}/{self.source or self.name}/{kind}")

    def listing_item(
        self,
        raw: Any,
        where: str,
        *,
        listed_name: str | None = None,
        listed_id: str | None = None,
        rank: Any = None,
        volume_btc: Any = None,
        country: str | None = None,
        fiats: list[str] | None = None,
        extra: dict[str, Any] | None = None,
        seen: set[str] | None = None,
    ) -> dict[str, Any] | None:
        """A ``listing`` item for ``raw`` if it normalises, else a ``rejected`` item.

        With ``seen`` (domains already listed for the same entry), a repeat domain gives None,
        so one entry with several URLs on one site is listed once.
        """
        if not isinstance(raw, str) or not raw.strip():
            what = "no URL listed" if raw in (None, "") else f"URL is not a string ({type(raw).__name__})"
            return self.rejected(
                where, "" if raw is None else str(raw), f"{what} for {listed_id or listed_name!r}"
            )
        result = normalise(raw)
        if not isinstance(result, Normalised):
            return self.rejected(where, raw, result.reason)
        if seen is not None:
            if result.domain in seen:
                return None
            seen.add(result.domain)
        self._count("listing")
        return {
            "kind": "listing",
            "source": self.source or self.name,
            "domain": result.domain,
            "host": result.host,
            "url": result.url,
            "listed_name": listed_name,
            "listed_id": listed_id,
            "rank": _int(rank),
            "volume_btc": _num(volume_btc),
            "country": country or None,
            "fiats": list(fiats or []),
            "extra": {"listed_url": raw, **(extra or {})},
        }

    def rejected(self, where: str, raw: str, reason: str) -> dict[str, Any]:
        """A ``rejected`` item: this entry names no site we can probe."""
        self._count("rejected")
        return {
            "kind": "rejected",
            "source": self.source or self.name,
            "where": where,
            "raw": raw,
            "reason": reason,
        }

    def source_error(self, where: str, reason: str) -> dict[str, Any]:
        """A ``source_error`` item (also logged as a warning): the source failed or changed shape."""
        self._count("source_error")
        logger.warning(
            "%(source)s: %(where)s: %(reason)s",
            {"source": self.source or self.name, "where": where, "reason": reason},
        )
        return {"kind": "source_error", "source": self.source or self.name, "where": where, "reason": reason}


def describe_failure(failure: Any) -> str:
    """One line for an errback's failure: HTTP status (with Proxy-Status when a proxy answered) or the exception."""
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None:
        proxy_status = response.headers.get(b"Proxy-Status")
        extra = f" (Proxy-Status: {proxy_status.decode('latin-1')})" if proxy_status else ""
        return f"HTTP {response.status}{extra}"
    return f"{type(value).__name__}: {value}".strip()


def snippet(body: bytes | str, limit: int = 120) -> str:
    """The start of a body, on one line, for error reasons."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")
