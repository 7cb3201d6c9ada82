"""Pure-logic tests of the overseas and blocked_in_cn rules, the registry merge and CDN detection.

Inputs are the plain values DNS and RDAP produce (``HostDns``, ``RdapFacts``); the
registry merge runs for real with iptocc, so the countries here are real registry data.
"""

from __future__ import annotations

import pytest

from crawler.verdict import Verdict
from enrich.blocked import decide_blocked
from enrich.cdn import detect_cdn
from enrich.dns import HostDns
from enrich.overseas import decide_overseas, first_party_hosts
from enrich.pipeline import DomainFacts
from enrich.rdap import RdapFacts, is_bogon
from enrich.registry import AddressFacts, merge_facts


def intl(host: str, *ips: str, chain: list[str] | None = None, outcome: str = "NOERROR") -> HostDns:
    v4 = [ip for ip in ips if ":" not in ip]
    v6 = [ip for ip in ips if ":" in ip]
    return HostDns(
        host,
        "intl",
        outcome if not ips else "NOERROR",
        chain or [host],
        v4,
        v6,
        rcodes={"A": "NOERROR" if v4 else outcome, "AAAA": "NOERROR" if v6 else "NODATA"},
    )


def cn(host: str, *ips: str, outcome: str = "NOERROR") -> HostDns:
    h = intl(host, *ips, outcome=outcome)
    h.vantage = "cn"
    return h


def rdap_ok(ip: str, asn: int, cidr: str, country: str) -> RdapFacts:
    return RdapFacts(ip=ip, status="ok", asn=asn, network=[cidr], country=country, country_source="rdap")


def facts_for(*entries: tuple[str, RdapFacts | None]) -> dict[str, AddressFacts]:
    return {ip: merge_facts(ip, r) for ip, r in entries}


SG = ("43.128.20.1", rdap_ok("43.128.20.1", 132203, "43.128.0.0/16", "SG"))
CN = ("47.92.10.1", rdap_ok("47.92.10.1", 37963, "47.92.0.0/14", "CN"))
HK = ("203.198.22.15", rdap_ok("203.198.22.15", 4760, "203.198.0.0/16", "HK"))
CF = ("104.18.1.1", rdap_ok("104.18.1.1", 13335, "104.16.0.0/13", "US"))
US = ("45.76.10.1", rdap_ok("45.76.10.1", 20473, "45.76.0.0/16", "US"))


# --- registry -----------------------------------------------------------------------------


def test_registry_agreement_keeps_both_sources():
    f = merge_facts(*SG)
    assert (f.country, f.rdap_country, f.offline_country) == ("SG", "SG", "SG")
    assert f.disagreements == [] and not f.mainland_disputed
    assert "country:rdap+iptocc" in f.sources


def test_registry_disagreement_is_reported_and_flags_mainland_dispute():
    # 119.28.0.0/16 is CN in the delegated stats (iptocc); a Hong Kong sub-allocation says HK in RDAP.
    f = merge_facts("119.28.28.28", rdap_ok("119.28.28.28", 132203, "119.28.0.0/16", "HK"))
    assert f.offline_country == "CN" and f.rdap_country == "HK" and f.country == "HK"
    assert f.mainland_disputed
    assert (
        len(f.disagreements) == 1
        and "(iptocc) says CN" in f.disagreements[0]
        and "using RDAP HK" in f.disagreements[0]
    )


def test_registry_without_rdap_uses_iptocc():
    f = merge_facts("203.198.22.15", None)
    assert f.country == "HK" and f.sources == ["country:iptocc"] and f.rdap_status == "disabled"


@pytest.mark.parametrize(
    "ip", ["10.1.2.3", "243.185.187.39", "127.0.0.1", "192.168.1.1", "100.64.0.1", "fd00::1", "::1"]
)
def test_bogons(ip):
    assert is_bogon(ip)
    f = merge_facts(ip, None)
    assert f.bogon and f.country is None


@pytest.mark.parametrize("ip", ["8.8.8.8", "104.18.1.1", "2606:4700::6810:101", "47.92.10.1"])
def test_not_bogons(ip):
    assert not is_bogon(ip)


# --- cdn ------------------------------------------------------------------------------------


def test_cdn_by_cname_chain_and_asn():
    m = detect_cdn(["www.x.com", "x.com.edgekey.net", "e1.a.akamaiedge.net"], [20940])
    assert m is not None and m.provider == "Akamai" and m.via == "cname" and m.clue == "x.com.edgekey.net"
    assert detect_cdn(["x.com"], [13335]).provider == "Cloudflare"
    assert detect_cdn(["x.com", "x.com.w.kunlunca.com"], []).provider == "Alibaba Cloud CDN"
    assert detect_cdn(["x.com", "x.com.tdnsv5.com"], []).provider == "Tencent Cloud CDN"


def test_amazon_asn_alone_is_not_cdn_but_cloudfront_cname_is():
    assert detect_cdn(["api.x.com"], [16509]) is None  # plain EC2
    m = detect_cdn(["api.x.com", "d2x8k1q9m3zq7e.cloudfront.net"], [16509])
    assert m is not None and m.provider == "Amazon CloudFront"
    assert detect_cdn(["foo.cloudflare.net"], []) is None  # the host itself is not a delegation


# --- overseas -------------------------------------------------------------------------------


def test_first_party_hosts_excludes_third_parties():
    assert first_party_hosts("x.com", ["api.x.com", "www.x.com", "cdn.jsdelivr.net", "X.com."]) == [
        "x.com",
        "www.x.com",
        "api.x.com",
    ]


def test_overseas_hong_kong_is_outside():
    v = decide_overseas("hk-ex.com", [intl("hk-ex.com", HK[0]), intl("www.hk-ex.com", HK[0])], facts_for(HK))
    assert v.value is True and v.confidence == pytest.approx(0.9)
    assert "HK" in v.reasons[0]
    assert any("203.198.22.15 HK" in e.snippet for e in v.evidence)


def test_overseas_split_hosting_names_mainland_addresses():
    dns = [intl("split-ex.com", SG[0]), intl("www.split-ex.com", SG[0]), intl("api.split-ex.com", CN[0])]
    v = decide_overseas("split-ex.com", dns, facts_for(SG, CN))
    assert v.value is False
    assert v.reasons[0] == "split hosting: mainland China address(es): 47.92.10.1"
    assert v.details["mainland"] == ["47.92.10.1"] and v.details["outside"] == ["43.128.20.1"]


def test_overseas_third_party_mainland_host_does_not_count():
    dns = [intl("x.com", SG[0]), intl("hm.baidu.com", CN[0])]
    assert decide_overseas("x.com", dns, facts_for(SG, CN)).value is True


def test_overseas_cdn_edge_says_origin_unknown():
    dns = [intl("cf-ex.io", CF[0], chain=["cf-ex.io", "cf-ex.io.cdn.cloudflare.net"])]
    f = facts_for(CF)
    cdn = {"cf-ex.io": detect_cdn(dns[0].chain, [13335])}
    v = decide_overseas("cf-ex.io", dns, f, cdn)
    assert v.value is True and v.confidence == pytest.approx(0.6)
    assert any("Cloudflare CDN edge" in r and "origin's location is unknown" in r for r in v.reasons)


def test_overseas_nothing_resolved_is_unknown():
    dns = [intl("gone.com", outcome="NXDOMAIN"), intl("www.gone.com", outcome="NXDOMAIN")]
    v = decide_overseas("gone.com", dns, {})
    assert v.value is None and "nothing resolved" in v.reasons[0] and "gone.com:NXDOMAIN" in v.reasons[0]


def test_overseas_disputed_mainland_is_unknown_not_true():
    ip = "119.28.28.28"
    f = facts_for((ip, rdap_ok(ip, 132203, "119.28.0.0/16", "HK")))
    v = decide_overseas("d.com", [intl("d.com", ip)], f)
    assert v.value is None
    assert v.details["disputed"] == [ip]
    assert any("(iptocc) says CN" in r for r in v.reasons)


def test_overseas_undisputed_mainland_beats_disputed():
    ip = "119.28.28.28"
    f = facts_for((ip, rdap_ok(ip, 132203, "119.28.0.0/16", "HK")), CN)
    v = decide_overseas("d.com", [intl("d.com", ip), intl("www.d.com", CN[0])], f)
    assert v.value is False and v.details["mainland"] == [CN[0]]


def test_overseas_counts_genuine_cn_edge():
    dns = [intl("edge-ex.com", SG[0])]
    v = decide_overseas("edge-ex.com", dns, facts_for(SG, CN), cn_serving={"edge-ex.com": [CN[0]]})
    assert v.value is False and "in-China edge" in v.reasons[0]


# --- blocked_in_cn ------------------------------------------------------------------------


def test_blocked_bogon_at_cn():
    dns = [intl("p.com", US[0]), cn("p.com", "243.185.187.39")]
    v = decide_blocked("p.com", dns, facts_for(US, ("243.185.187.39", None)))
    assert v.value is True and v.confidence == pytest.approx(0.95)
    assert "bogon" in v.reasons[0] and "243.185.187.39" in v.reasons[0]


@pytest.mark.parametrize(("outcome", "confidence"), [("NXDOMAIN", 0.9), ("TIMEOUT", 0.7), ("SERVFAIL", 0.7)])
def test_blocked_failure_at_cn_only(outcome, confidence):
    dns = [intl("n.com", US[0]), cn("n.com", outcome=outcome)]
    v = decide_blocked("n.com", dns, facts_for(US))
    assert v.value is True and v.confidence == pytest.approx(confidence)
    assert v.reasons[0] == f"n.com: {outcome} at cn where intl resolves (45.76.10.1)"


def test_blocked_consistent_is_false():
    dns = [intl("ok.com", US[0]), cn("ok.com", US[0])]
    v = decide_blocked("ok.com", dns, facts_for(US))
    assert v.value is False and v.reasons == ("ok.com: cn and intl agree",)


def test_blocked_dead_everywhere_is_unknown():
    dns = [intl("dead.com", outcome="NXDOMAIN"), cn("dead.com", outcome="NXDOMAIN")]
    v = decide_blocked("dead.com", dns, {})
    assert v.value is None and v.reasons[0].startswith("dead everywhere")


def test_blocked_without_cn_vantage_is_unknown():
    v = decide_blocked("x.com", [intl("x.com", US[0])], facts_for(US))
    assert v.value is None and "no cn vantage" in v.reasons[0]


def test_blocked_genuine_cn_edge_in_known_network_is_not_poisoning():
    dns = [intl("edge-ex.com", SG[0]), cn("edge-ex.com", CN[0])]
    v = decide_blocked("edge-ex.com", dns, facts_for(SG, CN))
    assert v.value is False
    assert v.details["cn_serving"] == {"edge-ex.com": [CN[0]]}
    assert "known registry network" in v.reasons[0]


def test_blocked_same_asn_different_address_is_consistent():
    other = ("104.18.99.9", rdap_ok("104.18.99.9", 13335, "104.16.0.0/13", "US"))
    dns = [intl("cf.com", CF[0]), cn("cf.com", other[0])]
    v = decide_blocked("cf.com", dns, facts_for(CF, other))
    assert v.value is False and "same ASN as intl (AS13335)" in v.reasons[0]


def test_blocked_address_in_no_network_is_poisoning():
    forged = ("31.13.94.37", RdapFacts(ip="31.13.94.37", status="no_network"))
    dns = [intl("f.com", SG[0]), cn("f.com", forged[0])]
    v = decide_blocked("f.com", dns, facts_for(SG, forged))
    assert v.value is True and "31.13.94.37" in v.reasons[0] and "no known registry network" in v.reasons[0]


def test_blocked_any_poisoned_name_wins_over_consistent_ones():
    dns = [
        intl("m.com", US[0]),
        cn("m.com", US[0]),
        intl("www.m.com", US[0]),
        cn("www.m.com", outcome="NXDOMAIN"),
    ]
    v = decide_blocked("m.com", dns, facts_for(US))
    assert v.value is True and v.reasons == ("www.m.com: NXDOMAIN at cn where intl resolves (45.76.10.1)",)


# --- serialisation ------------------------------------------------------------------------


def test_domain_facts_round_trip():
    dns = [intl("hk-ex.com", HK[0]), cn("hk-ex.com", HK[0])]
    f = facts_for(HK)
    df = DomainFacts(
        domain="hk-ex.com",
        dns=dns,
        addresses=f,
        cdn={},
        overseas=decide_overseas("hk-ex.com", dns, f),
        blocked_in_cn=decide_blocked("hk-ex.com", dns, f),
        hosts=["hk-ex.com"],
        countries=["HK"],
        asns=[4760],
        ips=[HK[0]],
    )
    import json

    data = json.loads(json.dumps(df.to_dict()))
    back = DomainFacts.from_dict(data)
    assert back.to_dict() == df.to_dict()
    assert (
        isinstance(back.overseas, Verdict)
        and back.overseas.value is True
        and back.blocked_in_cn.value is False
    )


@pytest.mark.parametrize(
    ("cn_facts", "value", "confidence", "needle"),
    [
        # a real Facebook address handed to a mainland resolver: the GFW's injection pool
        (rdap_ok("31.13.94.37", 32934, "31.13.64.0/18", "IE"), True, 0.8, "AS32934 Facebook"),
        # an unrelated foreign hoster intl never saw: OONI would flag it; lower confidence
        (rdap_ok("88.198.1.1", 24940, "88.198.0.0/16", "DE"), True, 0.6, "foreign network intl never saw"),
        # a Hong Kong network next to the mainland: a plausible China-facing edge
        (rdap_ok("203.198.22.15", 4760, "203.198.0.0/16", "HK"), False, 0.75, "a HK network"),
        # another CDN's edge (geo-DNS to a different provider)
        (rdap_ok("151.101.1.1", 54113, "151.101.0.0/16", "US"), False, 0.75, "CDN/cloud network (Fastly)"),
    ],
)
def test_blocked_known_but_unrelated_networks(cn_facts, value, confidence, needle):
    dns = [intl("g.com", SG[0]), cn("g.com", cn_facts.ip)]
    v = decide_blocked("g.com", dns, facts_for(SG, (cn_facts.ip, cn_facts)))
    assert v.value is value and v.confidence == pytest.approx(confidence)
    assert needle in v.reasons[0], v.reasons
