"""RDAP backoff: real 429/503 answers from a fault-injecting HTTPS proxy in front of simweb.

Team Cymru lookups go to simweb's DNS; the RDAP HTTP request goes through ``FaultProxy``,
which answers the planned faults and then relays to simweb's real RDAP.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from enrich import EnrichConfig, RdapCache

simweb_testing = pytest.importorskip("simweb.testing")
faultproxy = pytest.importorskip("faultproxy", reason="tests/enrich/faultproxy.py")

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "enrich"
IP = "43.128.20.1"  # apnic, 43.128.0.0/16, AS132203, SG


@pytest.fixture(scope="module")
def endpoints():
    with simweb_testing.serve(CORPUS, dns_timeout_s=0.5) as ep:
        yield ep


def config(endpoints, opener, **kw) -> EnrichConfig:
    base = dict(rdap_timeout=3, rdap_backoff_base=0.05, rdap_backoff_max=1.0, rdap_retries=3)
    base.update(kw)
    return EnrichConfig.for_endpoints(endpoints, rdap_opener=opener, **base)


def lookup(cfg: EnrichConfig, *ips: str) -> tuple[RdapCache, list]:
    rdap = RdapCache(cfg)

    async def go():
        return [await rdap.lookup(ip) for ip in ips]

    try:
        return rdap, asyncio.run(go())
    finally:
        rdap.close()


def test_429_then_success_is_retried_with_backoff(endpoints):
    upstream = simweb_testing.urllib_opener(endpoints, "intl")
    with faultproxy.FaultProxy(upstream, plan=[429, 429]) as fp:
        started = time.monotonic()
        rdap, (facts,) = lookup(config(endpoints, fp.opener()), IP)
        elapsed = time.monotonic() - started
    assert facts.status == "ok", facts.error
    assert (facts.asn, facts.network, facts.country) == (132203, ["43.128.0.0/16"], "SG")
    assert list(faultproxy.statuses(fp.log)) == [429, 429, 200]
    assert fp.log[0][:2] == ("rdap.apnic.net", f"/ip/{IP}")
    assert rdap.stats["rdap_queries"] == 1 and rdap.stats["rdap_attempts"] == 3
    assert rdap.stats["rdap_retry/RdapRateLimited"] == 2
    assert elapsed >= 0.05 + 0.10  # two backoff sleeps: base, 2*base


def test_5xx_is_retried_404_style_failures_are_not(endpoints):
    upstream = simweb_testing.urllib_opener(endpoints, "intl")
    with faultproxy.FaultProxy(upstream, plan=[503]) as fp:
        rdap, (facts,) = lookup(config(endpoints, fp.opener()), IP)
    assert facts.status == "ok"
    assert list(faultproxy.statuses(fp.log)) == [503, 200]
    assert rdap.stats["rdap_retry/503"] == 1


def test_400_is_not_retried_and_recorded_as_failure(endpoints):
    upstream = simweb_testing.urllib_opener(endpoints, "intl")
    with faultproxy.FaultProxy(upstream, repeat=400) as fp:
        rdap, (facts,) = lookup(config(endpoints, fp.opener()), IP)
    assert facts.status == "failed" and "400" in facts.error
    assert len(fp.log) == 1 and rdap.stats["rdap_attempts"] == 1


def test_rate_limited_forever_gives_up_bounded_and_records_failure(endpoints):
    upstream = simweb_testing.urllib_opener(endpoints, "intl")
    with faultproxy.FaultProxy(upstream, repeat=429) as fp:
        started = time.monotonic()
        rdap, (facts,) = lookup(config(endpoints, fp.opener(), rdap_retries=3), IP)
        elapsed = time.monotonic() - started
    assert facts.status == "failed" and "after 4 tries" in facts.error
    assert list(faultproxy.statuses(fp.log)) == [429, 429, 429, 429]
    assert rdap.stats["rdap_failed"] == 1 and rdap.stats["rdap_attempts"] == 4
    assert 0.05 + 0.1 + 0.2 <= elapsed < 10


def test_bogons_are_never_queried(endpoints):
    upstream = simweb_testing.urllib_opener(endpoints, "intl")
    with faultproxy.FaultProxy(upstream) as fp:
        rdap, facts = lookup(config(endpoints, fp.opener()), "243.185.187.39", "10.0.0.1", "fd00::1")
    assert [f.status for f in facts] == ["bogon/reserved"] * 3
    assert fp.log == [] and rdap.stats["rdap_queries"] == 0


def test_address_in_no_network_is_no_network(endpoints):
    upstream = simweb_testing.urllib_opener(endpoints, "intl")
    with faultproxy.FaultProxy(upstream) as fp:
        rdap, (facts,) = lookup(config(endpoints, fp.opener()), "31.13.94.37")
    assert facts.status == "no_network" and rdap.stats["rdap_no_network"] == 1
    assert fp.log == []  # Cymru (DNS) already knew there is no origin AS: no HTTP at all
