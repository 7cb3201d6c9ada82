"""Integration: enrich against simweb's real DNS servers, Team Cymru TXT answers and RDAP.

The corpus (tests/corpora/enrich) uses real public ranges whose real registry country
matches the corpus, so iptocc and simweb's RDAP agree except where a test wants them not to.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from enrich import EnrichConfig, RdapCache, enrich_domain, enrich_many
from enrich.dns import DnsClient

simweb_testing = pytest.importorskip("simweb.testing")

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "enrich"


@pytest.fixture(scope="module")
def endpoints():
    with simweb_testing.serve(CORPUS, dns_timeout_s=0.5) as ep:
        yield ep


@pytest.fixture
def cfg(endpoints) -> EnrichConfig:
    return EnrichConfig.for_endpoints(
        endpoints,
        rdap_opener=simweb_testing.urllib_opener(endpoints, "intl"),
        dns_timeout=0.4,
        dns_lifetime=0.8,
        rdap_timeout=3,
        rdap_backoff_base=0.01,
    )


def run(coro):
    return asyncio.run(coro)


# --- DNS ----------------------------------------------------------------------------------


def test_dns_follows_full_cname_chain(cfg):
    async def go():
        return await DnsClient(cfg).host("www.chain-ex.com", "intl")

    h = run(go())
    assert h.outcome == "NOERROR"
    assert h.chain == ["www.chain-ex.com", "chain-ex.com.edgekey.net", "e1234.a.akamaiedge.net"]
    assert h.a == ["23.45.10.1"] and h.aaaa == []
    assert h.rcodes == {"A": "NOERROR", "AAAA": "NODATA"}


@pytest.mark.parametrize(
    ("host", "vantage", "outcome"),
    [
        ("dead-ex.com", "intl", "NXDOMAIN"),
        ("nx-cn.com", "cn", "NXDOMAIN"),
        ("nx-cn.com", "intl", "NOERROR"),
        ("to-cn.com", "cn", "TIMEOUT"),
        ("v4only-ex.com", "intl", "NOERROR"),
    ],
)
def test_dns_outcomes_are_recorded_as_they_are(cfg, host, vantage, outcome):
    async def go():
        return await DnsClient(cfg).host(host, vantage)

    h = run(go())
    assert h.outcome == outcome
    if outcome != "NOERROR":
        assert h.a == [] and h.aaaa == [] and h.rcodes["A"] == outcome


def test_dns_ns_of_registrable_domain(cfg):
    async def go():
        return await DnsClient(cfg).host("split-ex.com", "intl", with_ns=True)

    assert run(go()).ns == ["f1g1ns1.dnspod.net"]


# --- whole pipeline -------------------------------------------------------------------------


def test_cloudflare_edge_overseas_with_origin_unknown(cfg):
    async def go():
        return await enrich_domain("cf-ex.io", ["www.cf-ex.io"], cfg, RdapCache(cfg))

    f = run(go())
    assert f.overseas.value is True
    assert f.cdn["cf-ex.io"].provider == "Cloudflare" and f.cdn["cf-ex.io"].via == "cname"
    assert any("origin's location is unknown" in r for r in f.overseas.reasons)
    assert f.addresses["104.18.1.1"].asn == 13335
    assert f.addresses["104.18.1.1"].network == ["104.16.0.0/13"]
    assert f.addresses["104.18.1.1"].country == "US" and f.addresses["104.18.1.1"].offline_country == "US"
    assert f.addresses["2606:4700::6810:101"].network == ["2606:4700::/32"]
    assert f.blocked_in_cn.value is False
    assert f.countries == ["US"] and f.asns == [13335]


def test_akamai_chain_is_cdn_edge(cfg):
    f = run(enrich_domain("chain-ex.com", [], cfg, RdapCache(cfg)))
    assert f.cdn["www.chain-ex.com"].provider == "Akamai"
    assert f.overseas.value is True and f.overseas.confidence == pytest.approx(0.6)


def test_split_hosting_is_not_overseas(cfg):
    f = run(enrich_domain("split-ex.com", ["api.split-ex.com", "www.split-ex.com"], cfg, RdapCache(cfg)))
    assert f.overseas.value is False
    assert f.overseas.details["mainland"] == ["47.92.10.1"]
    assert f.addresses["47.92.10.1"].asn == 37963 and f.addresses["47.92.10.1"].country == "CN"


def test_hong_kong_is_overseas(cfg):
    f = run(enrich_domain("hk-ex.com", [], cfg, RdapCache(cfg)))
    assert f.overseas.value is True and f.countries == ["HK"]
    assert f.addresses["203.198.22.15"].as_name and "HKT" in f.addresses["203.198.22.15"].as_name


def test_registry_disagreement_makes_overseas_unknown(cfg):
    f = run(enrich_domain("disputed-ex.com", [], cfg, RdapCache(cfg)))
    a = f.addresses["119.28.28.28"]
    assert (a.rdap_country, a.offline_country) == ("HK", "CN") and a.mainland_disputed
    assert f.overseas.value is None


@pytest.mark.parametrize(
    ("domain", "value", "needle"),
    [
        ("poison-ex.com", True, "bogon"),
        ("forged-ex.com", True, "no known registry network"),
        ("nx-cn.com", True, "NXDOMAIN at cn"),
        ("to-cn.com", True, "TIMEOUT at cn"),
        ("edge-ex.com", False, "known registry network"),
        ("cfcn-ex.com", False, "same ASN as intl (AS13335)"),
        ("hk-ex.com", False, "cn and intl agree"),
        ("dead-ex.com", None, "dead everywhere"),
    ],
)
def test_blocked_in_cn_against_simweb(cfg, domain, value, needle):
    f = run(enrich_domain(domain, [], cfg, RdapCache(cfg)))
    assert f.blocked_in_cn.value is value, f.blocked_in_cn.reasons
    assert any(needle in r for r in f.blocked_in_cn.reasons), f.blocked_in_cn.reasons


def test_genuine_cn_edge_makes_site_not_overseas(cfg):
    f = run(enrich_domain("edge-ex.com", [], cfg, RdapCache(cfg)))
    assert f.overseas.value is False
    assert f.overseas.details["cn_edges"] == ["47.93.10.8"]


def test_rdap_queries_at_most_distinct_networks(cfg):
    rdap = RdapCache(cfg)
    seen: list[tuple[int, int, str]] = []
    items = [("many-ex.com", ["static.many-ex.com"]), ("cf-ex.io", []), ("hk-ex.com", []), ("to-cn.com", [])]
    out = run(enrich_many(items, cfg, progress=lambda d, t, name: seen.append((d, t, name)), rdap=rdap))
    ips = {ip for f in out.values() for ip in f.addresses}
    assert len(ips) == 12  # 6 in 8.219/16, 3 + 1 Cloudflare, 2 in 203.198/16
    assert sorted(rdap.networks) == ["104.16.0.0/13", "203.198.0.0/16", "2606:4700::/32", "8.219.0.0/16"]
    assert rdap.stats["rdap_queries"] == len(rdap.networks) == 4
    assert rdap.stats["rdap_cache_hits"] == len(ips) - 4
    assert len(seen) == 4 and sorted(s[0] for s in seen) == [1, 2, 3, 4]
    many = out["many-ex.com"]
    assert all(a.asn == 45102 and a.network == ["8.219.0.0/16"] for a in many.addresses.values())


def test_rdap_disabled_uses_iptocc_only(cfg):
    off = cfg.with_(rdap_enabled=False)
    rdap = RdapCache(off)
    f = run(enrich_domain("hk-ex.com", [], off, rdap))
    assert rdap.stats["rdap_queries"] == 0
    a = f.addresses["203.198.22.15"]
    assert a.asn is None and a.country == "HK" and a.sources == ["country:iptocc"]
    assert f.overseas.value is True and f.overseas.confidence == pytest.approx(0.75)


def test_to_dict_from_dict_round_trip(cfg):
    from enrich.pipeline import DomainFacts

    f = run(enrich_domain("split-ex.com", ["api.split-ex.com"], cfg, RdapCache(cfg)))
    assert DomainFacts.from_dict(f.to_dict()).to_dict() == f.to_dict()
