"""DNS per host and vantage: A and AAAA after the full CNAME chain, NS, and what went wrong.

The outcome of a lookup is recorded as what it was (``NOERROR``, ``NODATA``,
``NXDOMAIN``, ``SERVFAIL``, ``TIMEOUT``, ``ERROR``), never collapsed into "no
address": an NXDOMAIN seen only inside China is evidence of blocking, a
timeout is weaker evidence, and NODATA for AAAA is nothing at all.

Resolvers are dnspython's asyncio resolvers built with ``configure=False`` and
pointed at the configured nameservers and port (``configure=True`` only for
the system resolver at the intl vantage). A semaphore bounds queries in flight.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from typing import Any

import dns.asyncresolver

from enrich.config import EnrichConfig
from enrich.errors import DnsError, map_dns_exceptions

__all__ = ["OUTCOMES", "DnsClient", "HostDns", "RrResult", "make_resolver"]

OUTCOMES = ("NOERROR", "NODATA", "NXDOMAIN", "SERVFAIL", "TIMEOUT", "ERROR")
"""Recorded outcomes; ``NODATA`` = NOERROR with no record of the asked type."""


@dataclass
class RrResult:
    """One query's result: outcome, CNAME chain (first = qname) and the record values at its end."""

    outcome: str
    chain: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class HostDns:
    """Everything DNS said about one host at one vantage.

    ``outcome`` summarises A and AAAA: ``NOERROR`` if any address came back,
    otherwise the A query's failure (the AAAA one if A only had NODATA), so
    a host that is IPv4-only is not reported as failing. ``rcodes`` keeps both.
    """

    host: str
    vantage: str
    outcome: str
    chain: list[str] = field(default_factory=list)
    a: list[str] = field(default_factory=list)
    aaaa: list[str] = field(default_factory=list)
    ns: list[str] | None = None
    rcodes: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def addresses(self) -> list[str]:
        return [*self.a, *self.aaaa]

    @property
    def resolved(self) -> bool:
        return bool(self.a or self.aaaa)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HostDns:
        return cls(
            host=data["host"],
            vantage=data["vantage"],
            outcome=data["outcome"],
            chain=list(data.get("chain", [])),
            a=list(data.get("a", [])),
            aaaa=list(data.get("aaaa", [])),
            ns=list(data["ns"]) if data.get("ns") is not None else None,
            rcodes=dict(data.get("rcodes", {})),
            errors=dict(data.get("errors", {})),
        )


def summarise(a: RrResult, aaaa: RrResult) -> str:
    """Host-level outcome from the A and AAAA results (see ``HostDns``)."""
    if a.records or aaaa.records:
        return "NOERROR"
    if a.outcome not in ("NOERROR", "NODATA"):
        return a.outcome
    if aaaa.outcome not in ("NOERROR", "NODATA"):
        return aaaa.outcome
    return "NODATA"


def make_resolver(
    nameservers: tuple[str, ...] | None, port: int, cfg: EnrichConfig
) -> dns.asyncresolver.Resolver:
    """An asyncio resolver aimed at ``nameservers:port`` (or the system resolver when None)."""
    if nameservers is None:
        with map_dns_exceptions("(system resolver)", "-"):  # no /etc/resolv.conf → DnsOtherError
            resolver = dns.asyncresolver.Resolver(configure=True)
    else:
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = list(nameservers)
        resolver.port = port
    resolver.timeout = cfg.dns_timeout
    resolver.lifetime = cfg.dns_lifetime
    resolver.cache = None  # each vantage's answer is evidence; never mix in a stale one
    return resolver


class DnsClient:
    """Resolvers for each configured vantage plus the semaphore that bounds them."""

    def __init__(self, cfg: EnrichConfig):
        self.cfg = cfg
        self.resolvers: dict[str, dns.asyncresolver.Resolver] = {
            "intl": make_resolver(cfg.intl_nameservers, cfg.intl_port, cfg)
        }
        if cfg.cn_nameservers:
            self.resolvers["cn"] = make_resolver(cfg.cn_nameservers, cfg.cn_port, cfg)
        self._sem = asyncio.Semaphore(cfg.dns_concurrency)
        self.queries = 0

    @property
    def vantages(self) -> list[str]:
        return list(self.resolvers)

    async def query(self, name: str, rtype: str, vantage: str) -> RrResult:
        """One query; dnspython exceptions become outcomes through ``map_dns_exceptions``."""
        resolver = self.resolvers[vantage]
        async with self._sem:
            self.queries += 1
            try:
                with map_dns_exceptions(name, rtype):
                    answer = await resolver.resolve(name, rtype, search=False, raise_on_no_answer=True)
            except DnsError as exc:
                return RrResult(outcome=exc.outcome, chain=exc.chain, error=str(exc))
        chain = [name]
        for rrset in answer.chaining_result.cnames:
            for rdata in rrset:
                chain.append(rdata.target.to_text().rstrip("."))
        canonical = answer.canonical_name.to_text().rstrip(".")
        if chain[-1] != canonical:  # older servers may omit a CNAME RRset; keep the end we know
            chain.append(canonical)
        if rtype in ("NS", "CNAME"):
            records = [r.target.to_text().rstrip(".") for r in answer]
        else:
            records = [r.to_text() for r in answer]
        return RrResult(outcome="NOERROR", chain=chain, records=records)

    async def host(self, host: str, vantage: str, *, with_ns: bool = False) -> HostDns:
        """A and AAAA (after CNAMEs) for one host at one vantage, plus NS when asked."""
        queries = [self.query(host, "A", vantage), self.query(host, "AAAA", vantage)]
        if with_ns:
            queries.append(self.query(host, "NS", vantage))
        results = await asyncio.gather(*queries)
        a, aaaa = results[0], results[1]
        chain = max((a.chain, aaaa.chain), key=len) or [host]
        rcodes = {"A": a.outcome, "AAAA": aaaa.outcome}
        errors = {k: r.error for k, r in (("A", a), ("AAAA", aaaa)) if r.error}
        ns: list[str] | None = None
        if with_ns:
            ns_result = results[2]
            ns = ns_result.records
            rcodes["NS"] = ns_result.outcome
            if ns_result.error:
                errors["NS"] = ns_result.error
        return HostDns(
            host=host,
            vantage=vantage,
            outcome=summarise(a, aaaa),
            chain=chain,
            a=sorted(set(a.records), key=a.records.index),
            aaaa=sorted(set(aaaa.records), key=aaaa.records.index),
            ns=ns,
            rcodes=rcodes,
            errors=errors,
        )
