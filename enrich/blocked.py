"""The ``blocked_in_cn`` verdict: DNS at the cn vantage compared with intl, in OONI's manner.

OONI Web Connectivity's DNS check (probe-cli ``analysisdns.go``) flags a
measurement as inconsistent on any of: (1) a bogon in the probe's answers;
(2) the helper resolved but the probe failed (AAAA "no answer" ignored);
(3) probe addresses the helper did not see, after dropping those a TLS
handshake validated and those whose ASN the helper also saw. Here, for every
first-party name (the domain, ``www``, the probe's hosts under the domain):

1. **Bogon** at cn (private, reserved, 240/4, loopback, CGNAT...) → blocked.
   GFW injections often use 240/4-style or unrelated addresses.
2. **Failure at cn only**: intl has addresses, cn says NXDOMAIN, SERVFAIL,
   TIMEOUT or NODATA → blocked (NXDOMAIN most confident; a timeout or
   SERVFAIL may be transient, so lower confidence). The A result decides;
   a missing AAAA alone is ignored, as in OONI.
3. **Unexpected addresses**: cn addresses intl did not return are explained,
   in order, by (a) an ASN intl also saw; (b) the same CDN/cloud family as an
   intl address (different ASNs of one provider, e.g. Alibaba's CN and
   international ASNs: OONI issue #2517's "disjoint but valid ASNs"); (c) a
   known registry network (RDAP/Cymru answered for it: a real allocation)
   that is a plausible edge for a mainland visitor: registered in CN, HK, MO
   or TW, or a CDN/cloud ASN from ``enrich.cdn`` (simweb's ``"serves": true``
   edges are of this kind). Without RDAP (disabled or failed) an iptocc
   allocation stands in for (c) with lower confidence.
   Left unexplained: an address in no network (RDAP 404 / no origin AS) →
   blocked (0.85); an address in a known but unrelated foreign network →
   blocked with lower confidence (0.6; 0.8 for ``INJECTION_POOL_ASNS``, the
   Facebook/Twitter/Dropbox addresses the GFW is documented to inject). OONI
   would flag both; we cannot replay its TLS step from DNS alone, so a real
   geo-DNS answer into an unrelated foreign host is the known false positive.
4. Otherwise consistent → ``False``. A name dead at both vantages is skipped;
   all names dead (or resolving only at cn) → ``None``. No cn resolver → ``None``.

The details carry ``cn_serving`` (host → cn addresses explained by (b)/(c)),
which ``overseas`` counts as addresses the site serves from.
"""

from __future__ import annotations

from crawler.verdict import Evidence, Verdict
from enrich.cdn import CDN_ASNS, CLOUD_ASNS, cdn_family
from enrich.dns import HostDns
from enrich.overseas import is_first_party
from enrich.rdap import is_bogon
from enrich.registry import AddressFacts

__all__ = ["EDGE_COUNTRIES", "INJECTION_POOL_ASNS", "analyse_host", "decide_blocked", "plausible_edge"]

NAME = "blocked_in_cn"

CN_FAILURE_CONFIDENCE = {"NXDOMAIN": 0.9, "NODATA": 0.7, "SERVFAIL": 0.7, "TIMEOUT": 0.7, "ERROR": 0.5}


EDGE_COUNTRIES = frozenset({"CN", "HK", "MO", "TW"})
"""Countries where a real, different address handed to a mainland resolver is a plausible edge."""

INJECTION_POOL_ASNS: dict[int, str] = {32934: "Facebook", 13414: "Twitter", 19679: "Dropbox"}
"""Operators whose real addresses the GFW is documented to inject (GFWatch, USENIX Security 2021);
examples, not a complete list: a cn answer there is a forgery with higher confidence."""


def plausible_edge(f: AddressFacts) -> str:
    """Why a known network is a plausible genuine edge for a mainland visitor ("" = not plausible)."""
    if f.asn in INJECTION_POOL_ASNS:
        return ""
    if f.country in EDGE_COUNTRIES:
        return f"a {f.country} network (mainland or next to it)"
    if f.asn in CDN_ASNS or f.asn in CLOUD_ASNS:
        return f"a CDN/cloud network ({CDN_ASNS.get(f.asn) or CLOUD_ASNS.get(f.asn)})"
    return ""


def analyse_host(intl: HostDns, cn: HostDns, facts: dict[str, AddressFacts]) -> dict:
    """One name's cn-vs-intl comparison: ``status`` in blocked/consistent/dead/cn_only, with reasons."""
    out: dict = {"host": intl.host, "status": "consistent", "reasons": [], "confidence": 0.0, "explained": {}}
    bogons = [ip for ip in cn.addresses if is_bogon(ip) or (facts.get(ip) and facts[ip].bogon)]
    if bogons:
        out.update(status="blocked", confidence=0.95)
        out["reasons"].append(f"{intl.host}: bogon address(es) at cn: {', '.join(bogons)}")
        return out
    if not intl.resolved:
        out["status"] = "cn_only" if cn.resolved else "dead"
        out["reasons"].append(f"{intl.host}: intl {intl.outcome}, cn {cn.outcome}")
        return out
    a_failed = bool(intl.a) and not cn.a and cn.rcodes.get("A") in ("NXDOMAIN", "SERVFAIL", "TIMEOUT")
    if not cn.resolved or a_failed:
        outcome = cn.outcome if not cn.resolved else cn.rcodes["A"]
        out.update(status="blocked", confidence=CN_FAILURE_CONFIDENCE.get(outcome, 0.5))
        out["reasons"].append(
            f"{intl.host}: {outcome} at cn where intl resolves ({', '.join(intl.addresses)})"
        )
        return out
    intl_set = set(intl.addresses)
    intl_asns = {facts[ip].asn for ip in intl_set if ip in facts and facts[ip].asn is not None}
    intl_families = {cdn_family(a) for a in intl_asns} - {None}
    unexplained: list[str] = []
    suspicious: list[str] = []
    suspicious_why: list[str] = []
    suspicious_conf = 0.0
    weak = False
    for ip in cn.addresses:
        if ip in intl_set:
            continue
        f = facts.get(ip)
        if f is not None and f.asn is not None and f.asn in intl_asns:
            out["explained"][ip] = f"same ASN as intl (AS{f.asn})"
        elif f is not None and cdn_family(f.asn) in intl_families:
            out["explained"][ip] = f"same provider family as intl ({cdn_family(f.asn)}, AS{f.asn})"
        elif f is not None and f.known_network:
            why = plausible_edge(f)
            if why:
                out["explained"][ip] = (
                    f"in a known registry network ({', '.join(f.network) or 'AS' + str(f.asn)}, AS{f.asn}, "
                    f"{f.country or '?'}): {why}, taken as a genuine edge"
                )
            else:
                suspicious.append(ip)
                pool = INJECTION_POOL_ASNS.get(f.asn or -1)
                suspicious_conf = max(suspicious_conf, 0.8 if pool else 0.6)
                suspicious_why.append(
                    f"{ip} (AS{f.asn} {pool or f.as_name or ''}, {f.country or '?'})".replace(" ,", ",")
                )
        elif f is not None and f.rdap_status in ("disabled", "failed") and f.offline_country:
            out["explained"][ip] = f"allocated per iptocc ({f.offline_country}); RDAP {f.rdap_status}"
            weak = True
        else:
            unexplained.append(ip)
    if unexplained:
        out.update(status="blocked", confidence=0.85)
        out["reasons"].append(
            f"{intl.host}: cn address(es) {', '.join(unexplained)} not seen by intl, in no ASN intl saw "
            "and in no known registry network"
        )
        return out
    if suspicious:
        out.update(status="blocked", confidence=suspicious_conf)
        out["reasons"].append(
            f"{intl.host}: cn address(es) {'; '.join(suspicious_why)} in a foreign network intl never saw, "
            "neither a CDN/cloud nor a mainland/HK/MO/TW network: an injected real address "
            "(OONI step 3 would flag it; no TLS check here)"
        )
        return out
    out["confidence"] = 0.6 if weak else (0.75 if out["explained"] else 0.85)
    if out["explained"]:
        out["reasons"].append(
            f"{intl.host}: cn answers differ but are explained: "
            + "; ".join(f"{ip} {why}" for ip, why in out["explained"].items())
        )
    else:
        out["reasons"].append(f"{intl.host}: cn and intl agree")
    return out


def decide_blocked(domain: str, dns: list[HostDns], facts: dict[str, AddressFacts]) -> Verdict:
    """The ``blocked_in_cn`` verdict for ``domain`` (rule in the module docstring)."""
    by_key = {(h.host, h.vantage): h for h in dns if is_first_party(h.host, domain)}
    hosts = list(dict.fromkeys(h for h, _ in by_key))
    if not any(v == "cn" for _, v in by_key):
        return Verdict.unknown(NAME, "no cn vantage resolver configured")
    analyses = []
    for host in hosts:
        intl, cn = by_key.get((host, "intl")), by_key.get((host, "cn"))
        if intl is None or cn is None:
            continue
        analyses.append(analyse_host(intl, cn, facts))
    blocked = [a for a in analyses if a["status"] == "blocked"]
    consistent = [a for a in analyses if a["status"] == "consistent"]
    cn_serving = {
        a["host"]: [ip for ip in by_key[(a["host"], "cn")].addresses] for a in consistent if a["explained"]
    }
    details = {
        "hosts": {a["host"]: {k: v for k, v in a.items() if k != "host"} for a in analyses},
        "cn_serving": cn_serving,
    }
    evidence = tuple(
        Evidence(
            url=f"dns:{h.host}",
            snippet=f"{h.vantage}: {h.outcome} {' '.join(h.addresses)}".strip(),
            signal=NAME,
        )
        for h in dns
        if is_first_party(h.host, domain) and (h.host in {a["host"] for a in blocked} or not blocked)
    )
    if blocked:
        reasons = tuple(r for a in blocked for r in a["reasons"])
        return Verdict(NAME, True, max(a["confidence"] for a in blocked), reasons, evidence[:24], details)
    if consistent:
        reasons = tuple(r for a in consistent for r in a["reasons"])
        return Verdict(NAME, False, min(a["confidence"] for a in consistent), reasons, evidence[:24], details)
    reasons = tuple(r for a in analyses for r in a["reasons"]) or (
        "no first-party name resolved at either vantage",
    )
    return Verdict(
        NAME, None, 0.0, ("dead everywhere: no name resolves at intl", *reasons), evidence[:24], details
    )
