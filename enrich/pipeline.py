"""Enrich one domain (or many): DNS at each vantage, registry facts, CDN, then the two verdicts.

``enrich_domain`` is the contract in docs/architecture.md: for the site's own
names (domain, ``www``, the probe's hosts under the domain) it resolves A/AAAA
(with CNAME chains) at intl and, when configured, at cn, plus NS of the
registrable domain; looks up every address once (RDAP through the
network-keyed ``RdapCache``, iptocc offline); detects CDNs; and decides
``overseas`` and ``blocked_in_cn``. Third-party hosts the probe passed are
resolved too (their facts may interest an investigator) but never count.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from crawler.verdict import Verdict
from enrich.blocked import decide_blocked
from enrich.cdn import CdnMatch, detect_cdn
from enrich.config import EnrichConfig
from enrich.dns import DnsClient, HostDns
from enrich.overseas import decide_overseas, first_party_hosts
from enrich.rdap import RdapCache
from enrich.registry import AddressFacts, merge_facts

__all__ = ["DomainFacts", "enrich_domain", "enrich_many"]

Progress = Callable[[int, int, str], None]
"""``progress(done, total, domain)`` after each domain."""


@dataclass
class DomainFacts:
    """Everything enrich learned about one domain; ``to_dict()`` is plain JSON."""

    domain: str
    dns: list[HostDns]
    addresses: dict[str, AddressFacts]
    cdn: dict[str, CdnMatch]
    overseas: Verdict
    blocked_in_cn: Verdict
    hosts: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    asns: list[int] = field(default_factory=list)
    ips: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "hosts": list(self.hosts),
            "dns": [h.to_dict() for h in self.dns],
            "addresses": {ip: f.to_dict() for ip, f in self.addresses.items()},
            "cdn": {h: m.to_dict() for h, m in self.cdn.items()},
            "overseas": self.overseas.to_dict(),
            "blocked_in_cn": self.blocked_in_cn.to_dict(),
            "countries": list(self.countries),
            "asns": list(self.asns),
            "ips": list(self.ips),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DomainFacts:
        return cls(
            domain=data["domain"],
            hosts=list(data.get("hosts", [])),
            dns=[HostDns.from_dict(h) for h in data.get("dns", [])],
            addresses={ip: AddressFacts.from_dict(f) for ip, f in data.get("addresses", {}).items()},
            cdn={h: CdnMatch.from_dict(m) for h, m in data.get("cdn", {}).items()},
            overseas=Verdict.from_dict(data["overseas"]),
            blocked_in_cn=Verdict.from_dict(data["blocked_in_cn"]),
            countries=list(data.get("countries", [])),
            asns=list(data.get("asns", [])),
            ips=list(data.get("ips", [])),
        )


async def enrich_domain(
    domain: str,
    hosts: list[str],
    cfg: EnrichConfig,
    rdap: RdapCache | None = None,
    *,
    dns: DnsClient | None = None,
) -> DomainFacts:
    """Enrich one domain. Pass ``rdap``/``dns`` to share caches and bounds across domains."""
    domain = domain.lower().rstrip(".")
    own_rdap = rdap is None
    rdap = rdap or RdapCache(cfg)
    dns = dns or DnsClient(cfg)
    try:
        names = first_party_hosts(domain, hosts)
        names += [h.lower().rstrip(".") for h in hosts if h.lower().rstrip(".") not in names]
        jobs = [dns.host(h, v, with_ns=(h == domain)) for h in names for v in dns.vantages]
        results: list[HostDns] = list(await asyncio.gather(*jobs))
        all_ips = list(dict.fromkeys(ip for r in results for ip in r.addresses))
        rdap_facts = await rdap.lookup_many(all_ips)
        facts = {ip: merge_facts(ip, rdap_facts.get(ip)) for ip in all_ips}
        cdn: dict[str, CdnMatch] = {}
        for r in results:
            if r.vantage != "intl" or not r.resolved:
                continue
            match = detect_cdn(r.chain, [facts[ip].asn for ip in r.addresses])
            if match:
                cdn[r.host] = match
        blocked = decide_blocked(domain, results, facts)
        overseas = decide_overseas(domain, results, facts, cdn, cn_serving=blocked.details.get("cn_serving"))
        served = [ip for h in overseas.details.get("hosts", {}).values() for ip in h]
        return DomainFacts(
            domain=domain,
            hosts=names,
            dns=results,
            addresses=facts,
            cdn=cdn,
            overseas=overseas,
            blocked_in_cn=blocked,
            countries=sorted({facts[ip].country for ip in served if ip in facts and facts[ip].country}),
            asns=sorted({facts[ip].asn for ip in served if ip in facts and facts[ip].asn is not None}),
            ips=list(dict.fromkeys(served)),
        )
    finally:
        if own_rdap:
            rdap.close()


async def enrich_many(
    items: Iterable[tuple[str, list[str]] | dict[str, Any]],
    cfg: EnrichConfig,
    progress: Progress | None = None,
    rdap: RdapCache | None = None,
) -> dict[str, DomainFacts]:
    """Enrich many ``(domain, hosts)`` pairs (or probe ``site`` dicts) with shared caches.

    At most ``cfg.domain_concurrency`` domains run at once; DNS and RDAP have
    their own bounds underneath. Returns ``{domain: DomainFacts}``.
    """
    pairs: list[tuple[str, list[str]]] = []
    for item in items:
        if isinstance(item, dict):
            pairs.append((item["domain"], list(item.get("hosts") or [])))
        else:
            pairs.append((item[0], list(item[1])))
    own_rdap = rdap is None
    rdap = rdap or RdapCache(cfg)
    dns = DnsClient(cfg)
    sem = asyncio.Semaphore(cfg.domain_concurrency)
    done = 0
    out: dict[str, DomainFacts] = {}

    async def one(domain: str, hosts: list[str]) -> None:
        nonlocal done
        async with sem:
            out[domain] = await enrich_domain(domain, hosts, cfg, rdap, dns=dns)
        done += 1
        if progress:
            progress(done, len(pairs), domain)

    try:
        await asyncio.gather(*(one(d, h) for d, h in pairs))
    finally:
        if own_rdap:
            rdap.close()
    return {d: out[d] for d, _ in pairs if d in out}
