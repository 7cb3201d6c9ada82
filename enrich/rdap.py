"""Registry facts per address from RDAP (through ipwhois), cached by the network returned.

RIR RDAP services rate-limit hard, and one domain's addresses usually sit in a
handful of networks (a CDN's /13, a cloud's /16). So the cache is keyed by the
*network* an answer names, not by the address asked: before querying, the
address is matched (longest prefix) against every network already seen, and
``stats["rdap_queries"]`` counts real lookups, so tests can assert
``rdap_queries <= distinct networks``.

The cached prefix is the narrower of the RDAP network and Cymru's ``asn_cidr``
when one contains the other, so an address inside a big registry block but
outside the routed prefix still gets its own (correct) origin AS.

ipwhois is blocking: lookups run in a thread pool bounded by
``cfg.rdap_concurrency``. Concurrent lookups are de-duplicated: one in-flight
future per address and one per coarse prefix (/8 for IPv4, /20 for IPv6);
a second address in the same prefix waits for the first, then re-checks the
cache, which usually answers it: queries stay at most the number of distinct
networks touched, while unrelated prefixes still run in parallel.

Backoff: ipwhois is called with ``retry_count=0`` (its own 429 handling sleeps
120 s in a worker thread), and HTTP 429, 5xx and transport errors are retried
here with bounded exponential backoff (``asyncio.sleep``, so nothing blocks);
after the last try the failure is recorded, never raised. Addresses ipwhois
refuses (private, reserved, 240/4, loopback) are recorded as
``bogon/reserved`` without any query.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from ipwhois import IPWhois

from enrich.config import EnrichConfig
from enrich.errors import RdapBogon, RdapError, RdapHttpError, RdapNoAsn, map_rdap_exceptions

__all__ = ["BOGON", "RdapCache", "RdapFacts", "is_bogon"]

log = logging.getLogger(__name__)

BOGON = "bogon/reserved"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_bogon(ip: str) -> bool:
    """True for addresses no public network can answer from: private, reserved, 240/4, loopback, ...

    Mirrors ipwhois' refusal list (``ipv4_is_defined``/``ipv6_is_defined``) and
    OONI's bogon set, so the "bogon" flag in ``blocked_in_cn`` and the
    "no query" rule here agree. 100.64/10 (CGNAT) counts as a bogon for DNS
    answers although ipwhois would look it up.
    """
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return True
    if addr.version == 4 and addr in ipaddress.ip_network("100.64.0.0/10"):
        return True
    return bool(
        addr.is_private
        or addr.is_reserved
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_unspecified
        or (addr.version == 6 and addr.is_site_local)
    )


@dataclass
class RdapFacts:
    """What the registry (RDAP + Team Cymru origin) says about one address.

    ``status``: ``ok``; ``bogon/reserved`` (not looked up); ``no_network``
    (no origin AS / RDAP 404: the address is in no routed, registered network);
    ``failed`` (retries exhausted or unexpected error, see ``error``);
    ``disabled`` (RDAP off in config).
    """

    ip: str
    status: str
    asn: int | None = None
    asn_cidr: str | None = None
    asn_country: str | None = None
    asn_registry: str | None = None
    as_name: str | None = None
    network: list[str] = field(default_factory=list)
    network_name: str | None = None
    handle: str | None = None
    org: str | None = None
    country: str | None = None
    country_source: str | None = None
    error: str = ""
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RdapFacts:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _parse_cidrs(text: str | None) -> list[IPNetwork]:
    out: list[IPNetwork] = []
    for part in (text or "").split(","):
        part = part.strip()
        if part:
            try:
                out.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                continue
    return out


def _org_from_objects(result: dict[str, Any]) -> str | None:
    """The registrant's name, else the first entity with a contact name."""
    objects = result.get("objects") or {}
    fallback = None
    for handle in result.get("entities") or []:
        obj = objects.get(handle) or {}
        name = (obj.get("contact") or {}).get("name")
        if not name:
            continue
        if "registrant" in (obj.get("roles") or []):
            return name
        fallback = fallback or name
    return fallback


def _country_from_objects(result: dict[str, Any]) -> str | None:
    """ARIN puts the country only in the registrant's vCard address; ipwhois keeps it as a label."""
    objects = result.get("objects") or {}
    for handle in result.get("entities") or []:
        obj = objects.get(handle) or {}
        if "registrant" not in (obj.get("roles") or []):
            continue
        for adr in (obj.get("contact") or {}).get("address") or []:
            label = (adr.get("value") or "").strip().splitlines()
            last = label[-1].strip() if label else ""
            if len(last) == 2 and last.isalpha():
                return last.upper()
    return None


def facts_from_result(ip: str, result: dict[str, Any]) -> RdapFacts:
    """Turn ipwhois' ``lookup_rdap`` dict into ``RdapFacts``."""
    net = result.get("network") or {}
    asn_text = (result.get("asn") or "").split()[0] if result.get("asn") else ""
    country = (net.get("country") or "").upper() or None
    source = "rdap" if country else None
    if not country:
        country = _country_from_objects(result)
        source = "rdap-entity" if country else None
    if not country and result.get("asn_country_code"):
        country = str(result["asn_country_code"]).upper()
        source = "cymru"
    cidrs = [str(n) for n in _parse_cidrs(net.get("cidr"))]
    return RdapFacts(
        ip=ip,
        status="ok",
        asn=int(asn_text) if asn_text.isdigit() else None,
        asn_cidr=result.get("asn_cidr") or None,
        asn_country=(result.get("asn_country_code") or None),
        asn_registry=result.get("asn_registry") or None,
        as_name=result.get("asn_description") or None,
        network=cidrs,
        network_name=net.get("name"),
        handle=net.get("handle"),
        org=_org_from_objects(result),
        country=country,
        country_source=source,
    )


def _cache_prefixes(ip: str, facts: RdapFacts) -> list[IPNetwork]:
    """Prefixes this answer is valid for: the RDAP network(s), narrowed to the routed asn_cidr."""
    addr = ipaddress.ip_address(ip)
    nets = _parse_cidrs(",".join(facts.network)) or _parse_cidrs(facts.asn_cidr)
    routed = _parse_cidrs(facts.asn_cidr)
    out: list[IPNetwork] = []
    for n in nets:
        narrowed = n
        for r in routed:
            if r.version == n.version and r.subnet_of(n) and r != n:  # type: ignore[arg-type]
                narrowed = r
        out.append(narrowed)
    if not any(addr in n for n in out):
        out.append(ipaddress.ip_network(f"{ip}/{addr.max_prefixlen}"))
    return out


COARSE_V4 = 8
COARSE_V6 = 20
"""Lookups inside one coarse prefix run one after another (different prefixes run in parallel),
so the second address of a network is answered from the cache the first one filled. /8 and
/20 are wider than almost every registry network (Cloudflare's 104.16.0.0/13 spans 104.16-23)."""


def _coarse_prefix(ip: str) -> str:
    addr = ipaddress.ip_address(ip)
    return str(ipaddress.ip_network(f"{ip}/{COARSE_V4 if addr.version == 4 else COARSE_V6}", strict=False))


class RdapCache:
    """Registry lookups with a network-keyed cache, bounded threads, de-duplication and backoff."""

    def __init__(self, cfg: EnrichConfig, executor: ThreadPoolExecutor | None = None):
        self.cfg = cfg
        self._executor = executor or ThreadPoolExecutor(
            max_workers=cfg.rdap_concurrency, thread_name_prefix="rdap"
        )
        self._own_executor = executor is None
        self._networks: list[tuple[IPNetwork, RdapFacts]] = []
        self._by_ip: dict[str, RdapFacts] = {}
        self._inflight: dict[str, asyncio.Future[RdapFacts]] = {}
        self._sem: asyncio.Semaphore | None = None
        self._sem_loop: asyncio.AbstractEventLoop | None = None
        self.stats: Counter[str] = Counter()

    # -- cache -------------------------------------------------------------
    def cached(self, ip: str) -> RdapFacts | None:
        """Longest-prefix match of ``ip`` over the networks already seen (or its own negative entry)."""
        if ip in self._by_ip:
            return self._by_ip[ip]
        addr = ipaddress.ip_address(ip)
        best: tuple[IPNetwork, RdapFacts] | None = None
        for net, facts in self._networks:
            if (
                net.version == addr.version
                and addr in net
                and (best is None or net.prefixlen > best[0].prefixlen)
            ):
                best = (net, facts)
        if best is None:
            return None
        src = best[1]
        return RdapFacts(**{**asdict(src), "ip": ip, "cached": True})

    def remember(self, ip: str, facts: RdapFacts) -> None:
        """Store an answer: ok answers under their network prefixes, others under the address only."""
        if facts.status == "ok":
            for net in _cache_prefixes(ip, facts):
                self._networks.append((net, facts))
        else:
            self._by_ip[ip] = facts

    @property
    def networks(self) -> list[str]:
        return sorted({str(n) for n, _ in self._networks})

    # -- lookups -----------------------------------------------------------
    def _blocking_lookup(self, ip: str) -> dict[str, Any]:
        """One ipwhois RDAP lookup (runs in a worker thread). Raises RdapError subclasses."""
        with map_rdap_exceptions(ip):
            obj = IPWhois(ip, timeout=self.cfg.rdap_timeout, proxy_opener=self.cfg.rdap_opener)
            resolver = obj.net.dns_resolver
            if self.cfg.cymru_nameservers is not None:
                resolver.nameservers = list(self.cfg.cymru_nameservers)
                resolver.port = self.cfg.cymru_port
            resolver.timeout = float(self.cfg.rdap_timeout)
            resolver.lifetime = float(self.cfg.rdap_timeout)
            return obj.lookup_rdap(
                asn_methods=["dns"],
                depth=self.cfg.rdap_depth,
                retry_count=0,
                rate_limit_timeout=0,
                inc_nir=False,
            )

    async def _query(self, ip: str) -> RdapFacts:
        """Lookup with bounded exponential backoff on 429/5xx/transport errors; never raises."""
        loop = asyncio.get_running_loop()
        if self._sem is None or self._sem_loop is not loop:  # a cache may outlive one asyncio.run()
            self._sem, self._sem_loop = asyncio.Semaphore(self.cfg.rdap_concurrency), loop
        attempt = 0
        while True:
            try:
                async with self._sem:
                    self.stats["rdap_attempts"] += 1
                    if attempt == 0:
                        self.stats["rdap_queries"] += 1
                    result = await loop.run_in_executor(self._executor, self._blocking_lookup, ip)
                return facts_from_result(ip, result)
            except RdapBogon as exc:
                self.stats["rdap_bogon"] += 1
                return RdapFacts(ip=ip, status=BOGON, error=str(exc))
            except RdapNoAsn as exc:
                self.stats["rdap_no_network"] += 1
                return RdapFacts(ip=ip, status="no_network", error=str(exc))
            except RdapHttpError as exc:
                if exc.status == 404:
                    self.stats["rdap_no_network"] += 1
                    return RdapFacts(ip=ip, status="no_network", error=str(exc))
                if not exc.retryable or attempt >= self.cfg.rdap_retries:
                    return self._failed(ip, exc, attempt)
                self.stats[f"rdap_retry/{exc.status or 'error'}"] += 1
            except RdapError as exc:
                if not exc.retryable or attempt >= self.cfg.rdap_retries:
                    return self._failed(ip, exc, attempt)
                self.stats[f"rdap_retry/{type(exc).__name__}"] += 1
            except Exception as exc:  # a bug in ipwhois parsing must not sink the whole run
                log.exception("unexpected RDAP failure for %s", ip)
                return self._failed(ip, exc, attempt)
            delay = min(self.cfg.rdap_backoff_base * (2**attempt), self.cfg.rdap_backoff_max)
            attempt += 1
            await asyncio.sleep(delay)

    def _failed(self, ip: str, exc: BaseException, attempt: int) -> RdapFacts:
        self.stats["rdap_failed"] += 1
        return RdapFacts(ip=ip, status="failed", error=f"after {attempt + 1} tries: {exc}")

    async def lookup(self, ip: str) -> RdapFacts:
        """Registry facts for one address: cache, then de-duplicated, backed-off query."""
        if is_bogon(ip):
            self.stats["rdap_bogon"] += 1
            facts = RdapFacts(ip=ip, status=BOGON, error="private/reserved address: not looked up")
            self._by_ip[ip] = facts
            return facts
        if not self.cfg.rdap_enabled:
            return RdapFacts(ip=ip, status="disabled")
        hit = self.cached(ip)
        if hit is not None:
            self.stats["rdap_cache_hits"] += 1
            return hit
        # Same address already in flight: share its future.
        if ip in self._inflight:
            return _copy_for(ip, await asyncio.shield(self._inflight[ip]))
        # Same coarse prefix in flight: wait for it, it probably answers us too.
        prefix = _coarse_prefix(ip)
        while prefix in self._inflight:
            try:
                await asyncio.shield(self._inflight[prefix])
            except Exception:
                break
            hit = self.cached(ip)
            if hit is not None:
                self.stats["rdap_cache_hits"] += 1
                self.stats["rdap_dedup_waits"] += 1
                return hit
        future: asyncio.Future[RdapFacts] = asyncio.get_running_loop().create_future()
        self._inflight[ip] = future
        self._inflight.setdefault(prefix, future)
        try:
            facts = await self._query(ip)
            self.remember(ip, facts)
            future.set_result(facts)
            return facts
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        finally:
            self._inflight.pop(ip, None)
            if self._inflight.get(prefix) is future:
                self._inflight.pop(prefix, None)

    async def lookup_many(self, ips: list[str]) -> dict[str, RdapFacts]:
        """Facts for many addresses at once (concurrency bounded by the semaphore)."""
        unique = list(dict.fromkeys(ips))
        results = await asyncio.gather(*(self.lookup(ip) for ip in unique))
        return dict(zip(unique, results, strict=True))

    def close(self) -> None:
        if self._own_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)


def _copy_for(ip: str, facts: RdapFacts) -> RdapFacts:
    if facts.ip == ip:
        return facts
    return RdapFacts(**{**asdict(facts), "ip": ip, "cached": True})
