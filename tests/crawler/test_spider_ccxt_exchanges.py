"""ccxt_exchanges spider: listings from the installed ccxt package, with no socket at all."""

from __future__ import annotations

import ccxt


def test_lists_ccxt_exchanges_without_any_socket(crawl) -> None:
    result = crawl("ccxt_exchanges", no_sockets=True)
    assert result.sockets == [], result.sockets
    assert result.stats.get("downloader/request_count", 0) == 0
    listings = result.kind("listing")
    ids = {i["listed_id"] for i in listings}
    assert len(ids) >= len(ccxt.exchanges) * 0.9
    binance = next(i for i in listings if i["listed_id"] == "binance" and i["extra"]["via"] == "www")
    assert (binance["domain"], binance["host"], binance["source"]) == (
        "binance.com",
        "www.binance.com",
        "ccxt",
    )
    assert binance["listed_name"] == "Binance"
    # referral links on the same domain are not listed twice, and never keep their codes
    assert all("ref=" not in i["url"] and "CCXT" not in i["url"] for i in listings)
    pairs = [(i["listed_id"], i["domain"]) for i in listings]
    assert len(pairs) == len(set(pairs))
    for item in result.kind("rejected") + result.kind("source_error"):
        assert item["reason"]
