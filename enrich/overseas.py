"""The ``overseas`` verdict: is every address the site serves from outside mainland China?

Rule (the claim a blocklist entry rests on, so a false ``True`` is the costly
error; ``None`` costs only a missed candidate):

- Names counted: the registrable domain, ``www.<domain>``, and every host the
  probe used that is under the domain; third-party hosts (analytics, listing
  APIs) do not count. Addresses: A and AAAA after the full CNAME chain, as the
  intl resolver sees them, plus ``cn`` answers judged genuine in-China edges
  (a known registry network, not a bogon: see ``blocked``), because a site
  that serves mainland visitors from a mainland edge is not served from abroad.
- Mainland is ``CN`` only; HK, MO and TW are outside.
- Per address the registry country is ``AddressFacts.country`` (RDAP first,
  iptocc otherwise). **If either source says CN and the other does not, the
  address is *disputed*:** it is never counted as outside. One undisputed
  mainland address makes the verdict ``False`` (split/mixed hosting, naming
  the mainland addresses); otherwise a disputed or country-less address makes
  it ``None``. Treating disputed as mainland would turn "we do not know" into
  a hard ``False``; treating it as outside would risk a false ``True``.
- ``True`` only when every address has a non-CN country from at least one
  source and none is disputed. Confidence is lower (0.6) when any served name
  is a CDN edge: the address says where the edge is, the origin is unknown,
  and the reason says so; 0.75 when some address had one source only;
  0.9 when RDAP and iptocc agreed everywhere.
- Nothing resolved at all → ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

from crawler.verdict import Evidence, Verdict
from enrich.cdn import CdnMatch
from enrich.dns import HostDns
from enrich.registry import MAINLAND, AddressFacts

__all__ = ["decide_overseas", "first_party_hosts", "is_first_party"]

NAME = "overseas"
MAX_EVIDENCE = 24


def is_first_party(host: str, domain: str) -> bool:
    """True when ``host`` is the domain itself or a name under it."""
    host, domain = host.lower().rstrip("."), domain.lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


def first_party_hosts(domain: str, hosts: Iterable[str]) -> list[str]:
    """The names a site serves from: the domain, ``www``, and probe hosts under the domain (ordered, unique)."""
    domain = domain.lower().rstrip(".")
    out = [domain, f"www.{domain}"]
    out += [h.lower().rstrip(".") for h in hosts if is_first_party(h, domain)]
    return list(dict.fromkeys(out))


def _describe(ip: str, f: AddressFacts | None) -> str:
    if f is None:
        return f"{ip} ?"
    asn = f" AS{f.asn}" if f.asn else ""
    src = ",".join(s.removeprefix("country:") for s in f.sources if s.startswith("country:")) or "no source"
    return f"{ip} {f.country or '?'}{asn} ({src})"


def decide_overseas(
    domain: str,
    dns: list[HostDns],
    facts: dict[str, AddressFacts],
    cdn: dict[str, CdnMatch] | None = None,
    cn_serving: dict[str, list[str]] | None = None,
) -> Verdict:
    """The ``overseas`` verdict for ``domain`` from intl DNS, address facts and CDN matches (rule above)."""
    cdn = cdn or {}
    served: dict[str, list[str]] = {}
    for h in dns:
        if h.vantage == "intl" and is_first_party(h.host, domain) and h.addresses:
            served.setdefault(h.host, []).extend(h.addresses)
    cn_only: set[str] = set()
    for host, ips in (cn_serving or {}).items():
        if is_first_party(host, domain):
            served.setdefault(host, [])
            extra = [ip for ip in ips if ip not in served[host]]
            served[host].extend(extra)
            cn_only.update(extra)
    if not served:
        failed = sorted(
            {f"{h.host}:{h.outcome}" for h in dns if h.vantage == "intl" and is_first_party(h.host, domain)}
        )
        return Verdict.unknown(
            NAME, "nothing resolved for the site's own names" + (f" ({', '.join(failed)})" if failed else "")
        )

    mainland: list[str] = []
    disputed: list[str] = []
    unknown: list[str] = []
    outside: list[str] = []
    single_source = False
    evidence: list[Evidence] = []
    disagreements: list[str] = []
    for host, ips in served.items():
        for ip in ips:
            f = facts.get(ip)
            evidence.append(Evidence(url=f"dns:{host}", snippet=f"{host} → {_describe(ip, f)}", signal=NAME))
            if f is None or f.country is None or f.bogon:
                unknown.append(ip)
                continue
            disagreements.extend(f.disagreements)
            if f.mainland_disputed:
                disputed.append(ip)
            elif f.country == MAINLAND:
                mainland.append(ip)
            else:
                outside.append(ip)
                if not (f.rdap_country and f.offline_country):
                    single_source = True
    mainland = list(dict.fromkeys(mainland))
    disputed = list(dict.fromkeys(disputed))
    unknown = list(dict.fromkeys(unknown))
    outside = list(dict.fromkeys(outside))
    edges = {h: m for h, m in cdn.items() if h in served}
    details = {
        "hosts": {h: list(dict.fromkeys(v)) for h, v in served.items()},
        "mainland": mainland,
        "disputed": disputed,
        "unknown": unknown,
        "outside": outside,
        "cdn": {h: m.to_dict() for h, m in edges.items()},
        "cn_edges": sorted(cn_only),
        "rule": "disputed (one source CN) never counts as outside; CN only is mainland",
    }
    reasons: list[str] = list(dict.fromkeys(disagreements))
    if disputed:
        reasons.append(
            "registry sources disagree on mainland China for "
            + ", ".join(disputed)
            + ": not counted as outside (a false 'overseas' is worse than unknown)"
        )
    ev = tuple(evidence[:MAX_EVIDENCE])
    if mainland:
        kind = "split hosting: " if outside or disputed or unknown else ""
        named = [f"{ip} (answered at cn: an in-China edge)" if ip in cn_only else ip for ip in mainland]
        reasons.insert(0, f"{kind}mainland China address(es): {', '.join(named)}")
        return Verdict(NAME, False, 0.85 if not disputed else 0.75, tuple(reasons), ev, details)
    if disputed or unknown:
        if unknown:
            reasons.append("no registry country for " + ", ".join(unknown))
        reasons.insert(0, "cannot tell whether every address is outside mainland China")
        return Verdict(NAME, None, 0.0, tuple(reasons), ev, details)
    countries = sorted({facts[ip].country for ip in outside if facts[ip].country})
    reasons.insert(
        0, f"every address of {len(served)} name(s) is outside mainland China ({', '.join(countries)})"
    )
    confidence = 0.9
    if single_source:
        confidence = 0.75
        reasons.append("some addresses have one registry source only")
    if edges:
        confidence = min(confidence, 0.6)
        for host, m in edges.items():
            reasons.append(
                f"{host} is a {m.provider} CDN edge ({m.via} {m.clue}): its address shows where the edge is, "
                "the origin's location is unknown"
            )
    return Verdict(NAME, True, confidence, tuple(reasons), ev, details)
