"""coinpaprika spider through Scrapy's engine and simweb's HTTPS proxy."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
URL = "https://api.coinpaprika.com/v1/exchanges"


@pytest.fixture
def listings_proxy(simweb_serve) -> str:
    return simweb_serve(CORPORA / "listings").intl.proxy_url


def test_listings_keep_fiats_active_and_website_status(crawl, listings_proxy: str) -> None:
    result = crawl("coinpaprika", settings={"EXSCOUT_PROXY": listings_proxy})
    assert result.kind("source_error") == []
    by_id = {i["listed_id"]: i for i in result.kind("listing")}
    assert set(by_id) == {"binance", "okx", "bücher-exchange"}

    binance = by_id["binance"]  # the documentation's example entry, unchanged
    assert (binance["domain"], binance["url"], binance["rank"]) == (
        "binance.com",
        "https://www.binance.com/",
        1,
    )
    assert binance["fiats"] == ["USD"]
    assert binance["extra"]["active"] is True and binance["extra"]["website_status"] is True
    assert binance["extra"]["reported_rank"] == 3 and binance["extra"]["type"] == ["cex", "spot"]
    assert binance["volume_btc"] is None  # USD quote only

    okx = by_id["okx"]  # two websites on one domain: listed once, referral and utm stripped
    assert okx["url"] == "https://www.okx.com/join/ABC123"
    assert okx["fiats"] == ["CNY", "USD"]
    assert okx["extra"]["websites"] == [
        "https://www.okx.com/join/ABC123?utm_source=coinpaprika&utm_medium=listing",
        "https://okx.com/",
    ]

    idn = by_id["bücher-exchange"]
    assert idn["domain"] == "xn--bcher-exchange-gsb.com" and idn["volume_btc"] == 11.0

    reasons = {r["where"]: r["reason"] for r in result.kind("rejected")}
    assert "no website" in reasons[URL + "#defunct-exchange"]
    assert "no website" in reasons[URL + "#empty-links"]
    assert "IP address" in reasons[URL + "#ip-site"]
    assert result.stats["exscout/discover/coinpaprika/rejected"] == 3


def test_error_object_is_a_source_error(crawl, simweb_serve) -> None:
    proxy = simweb_serve(CORPORA / "listings-broken").intl.proxy_url
    result = crawl("coinpaprika", settings={"EXSCOUT_PROXY": proxy})
    [error] = result.kind("source_error")
    assert error["where"] == URL
    assert "expected a JSON array" in error["reason"] and "maximum request limit" in error["reason"]
    assert result.kind("listing") == []
