"""SsrfGuardMiddleware: never fetch a URL whose host is (or resolves to) a non-public address.

Why: exscout follows links, redirects and mirror lists written by the sites it
investigates. A hostile site can point the crawler at ``http://169.254.169.254/``
(cloud metadata), ``http://10.0.0.1/admin`` or a name that resolves to
``127.0.0.1``, and read the answer back through the evidence exscout stores and
publishes. That is server-side request forgery; the guard refuses such requests
before anything is sent.

How:

- Every request passes ``process_request`` (and so does every redirect hop:
  Scrapy's RedirectMiddleware schedules a new Request, which re-enters the
  downloader middlewares). Only ``http``/``https`` (and ``data:``, which never
  leaves the process) are fetched at all.
- An IP-literal host is judged at once. A name is resolved with dnspython's
  async resolver against ``EXSCOUT_SSRF_RESOLVERS`` (``["ip:port", ...]``; in
  simweb mode the runner sets simweb's *intl* DNS, live the ``--resolver``s; empty:
  the system resolver), A and AAAA, and refused when **any** address is
  loopback, RFC 1918/ULA private, link-local, CGNAT ``100.64.0.0/10``, multicast,
  reserved (``240.0.0.0/4``, IETF/documentation/benchmark blocks), unspecified or
  broadcast, including IPv4 embedded in IPv6 (mapped, NAT64, 6to4, Teredo).
  "Any", not "all": a name with one public and one private address would let the
  connection pick the private one.
- A refused request raises :class:`ForbiddenAddress` (an ``IgnoreRequest``), so
  it reaches the request's errback; its message starts with ``blocked_ssrf:``
  and names the host, the address and the kind of space, so the probe can
  record the outcome ``blocked_ssrf`` with the reason.
- Answers are cached per host for the answer's TTL (capped at
  ``EXSCOUT_SSRF_CACHE_TTL``; a TTL of 0 is not cached, so a rebinding name is
  re-resolved and re-checked on every request), in a bounded LRU
  (``EXSCOUT_SSRF_CACHE_SIZE``); concurrent lookups of one host share one query.
- A name that does not resolve (NXDOMAIN, SERVFAIL, timeout) is let through:
  the fetch then fails with the real DNS outcome (the probe's ``dns``/
  ``dns_timeout``), which is what the site's record must say. It is cached
  briefly so a dead host does not cost one resolver timeout per request.

Check and fetch must see the same answer (no DNS rebinding between them):

- behind a forward proxy (simweb, or ``--proxy`` live) the proxy resolves the
  target; the guard asks the *same* resolver the proxy uses (simweb's intl DNS),
  so the answer checked is the one the proxy connects to. A live proxy with its
  own resolver is outside exscout's control: point ``--resolver`` at it.
- direct live connections: :class:`PinnedResolver` is a Twisted resolver that
  checks the address Twisted actually connects to, at connect time, so a second
  resolution cannot swap in a private address after the middleware's check.
  ``install_pinned_resolver(reactor, settings)`` installs it (exscout's runner
  drives its own reactor, so Scrapy's ``TWISTED_DNS_RESOLVER`` is not applied there).

Stats: ``exscout/ssrf/checked``, ``…/blocked``, ``…/blocked/<kind>``,
``…/cache_hit``, ``…/dns_error``. ``SsrfGuardMiddleware.blocked`` lists what was
refused (tests and the run summary read it).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.resolver import CachingThreadedResolver

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

__all__ = [
    "ALLOWED_SCHEMES",
    "AddressGuard",
    "ForbiddenAddress",
    "PinnedResolver",
    "SsrfGuardMiddleware",
    "forbidden_reason",
    "install_pinned_resolver",
    "ip_literal",
    "parse_nameservers",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Schemes the crawler may fetch. ``data:`` never leaves the process (the probe uses it
#: to wake itself); everything else (file, ftp, s3, gopher…) could read local resources.
ALLOWED_SCHEMES = frozenset({"http", "https", "data"})

# (network, kind) checked in order; the first match names the kind of space. Python's
# ``is_global`` alone misses multicast and site-local, and calls 100.64/10 neither
# private nor global, so the list is explicit.
_V4_RULES: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(cidr), kind)
    for cidr, kind in (
        ("0.0.0.0/8", "unspecified"),
        ("127.0.0.0/8", "loopback"),
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("169.254.0.0/16", "link-local"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
        ("192.0.0.0/24", "reserved (IETF protocol assignments)"),
        ("192.0.2.0/24", "reserved (documentation)"),
        ("198.51.100.0/24", "reserved (documentation)"),
        ("203.0.113.0/24", "reserved (documentation)"),
        ("198.18.0.0/15", "reserved (benchmarking)"),
        ("192.88.99.0/24", "reserved (6to4 relay anycast)"),
    )
)
_V6_RULES: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(cidr), kind)
    for cidr, kind in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "private (site-local)"),
        ("fc00::/7", "private (unique local)"),
        ("ff00::/8", "multicast"),
        ("2001:db8::/32", "reserved (documentation)"),
        ("100::/64", "reserved (discard-only)"),
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, Teredo client), if any.

    Why: ``::ffff:127.0.0.1`` and ``64:ff9b::a9fe:a9fe`` reach 127.0.0.1 and 169.254.169.254.
    """
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def forbidden_reason(address: str | IPAddress) -> str | None:
    """The kind of non-public space ``address`` is in ("loopback", "private", …), or None when public.

    A value that is not an IP address at all is ``"unparseable address"``: refusing is the
    safe answer when a resolver returns something odd.
    """
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0].strip("[]"))
    except ValueError:
        return "unparseable address"
    if isinstance(ip, ipaddress.IPv6Address):
        v4 = _embedded_v4(ip)
        if v4 is not None:
            inner = forbidden_reason(v4)
            return f"{inner} (IPv4 {v4} inside IPv6)" if inner else None
        for net, kind in _V6_RULES:
            if ip in net:
                return kind
        return None if ip.is_global else "reserved (not globally routable)"
    for net4, kind in _V4_RULES:
        if ip in net4:
            return kind
    return None if ip.is_global else "reserved (not globally routable)"


_LEGACY_V4_CHARS = frozenset("0123456789abcdefx.")


def ip_literal(host: str) -> str | None:
    """The IP address a URL host denotes without DNS, normalised; None for a name.

    Besides ordinary literals this accepts the legacy IPv4 spellings that ``inet_aton``
    (and so getaddrinfo, curl and many proxies) still honour: ``2130706433``,
    ``0x7f000001``, ``0177.0.0.1``, ``127.1``. Why: ``http://0x7f000001/`` is not an IP
    literal to Python's ``ipaddress`` but connects to 127.0.0.1 all the same.
    """
    host = host.strip().strip("[]").rstrip(".").lower()
    bare = host.split("%", 1)[0]
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    if bare and set(bare) <= _LEGACY_V4_CHARS and any(ch.isdigit() for ch in bare[:1]):
        import socket

        try:
            return socket.inet_ntoa(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def _forbidden_name(host: str) -> str | None:
    """Names that mean this machine or its LAN whatever DNS says (RFC 6761 ``localhost``, mDNS)."""
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback (the name localhost)"
    if host.endswith(".local") or host.endswith(".home.arpa") or host.endswith(".internal"):
        return "private (a local-network name)"
    return None


class ForbiddenAddress(IgnoreRequest):
    """A request refused by the SSRF guard; the probe records the outcome ``blocked_ssrf``.

    ``str(exc)`` starts with ``"blocked_ssrf: "`` and says which host, which address and
    which kind of space, so the reason can go into the site's record unchanged.
    """

    outcome = "blocked_ssrf"

    def __init__(self, url: str, host: str, address: str | None, kind: str) -> None:
        self.url = url
        self.host = host
        self.address = address
        self.kind = kind
        if address is None or address == host:
            where = f"{host} is a {kind} address" if address else f"{host}: {kind}"
        else:
            where = f"{host} resolves to {address}, a {kind} address"
        super().__init__(f"blocked_ssrf: {where}; exscout never fetches non-public addresses (SSRF guard)")


def parse_nameservers(values: Iterable[str] | str | None) -> list[tuple[str, int]]:
    """``["127.0.0.1:5353", "[::1]:53", "9.9.9.9"]`` (or one comma-separated string) → (ip, port) pairs.

    Raises ``ValueError`` naming the bad entry, so a wrong setting stops the crawl at start.
    """
    if not values:
        return []
    if isinstance(values, str):
        values = [v for v in values.replace(" ", ",").split(",") if v]
    out: list[tuple[str, int]] = []
    for raw in values:
        value = str(raw).strip()
        host, port = value, 53
        if value.startswith("["):
            host, _, rest = value[1:].partition("]")
            if rest:
                if not rest.startswith(":") or not rest[1:].isdigit():
                    raise ValueError(f"EXSCOUT_SSRF_RESOLVERS: {value!r}: expected [IPv6]:PORT")
                port = int(rest[1:])
        elif value.count(":") == 1:
            host, _, p = value.partition(":")
            if not p.isdigit():
                raise ValueError(f"EXSCOUT_SSRF_RESOLVERS: {value!r}: the port must be a number")
            port = int(p)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"EXSCOUT_SSRF_RESOLVERS: {value!r}: expected IP[:PORT]") from None
        if not 0 < port < 65536:
            raise ValueError(f"EXSCOUT_SSRF_RESOLVERS: {value!r}: port out of range")
        out.append((host, port))
    return out


@dataclass(frozen=True, slots=True)
class HostCheck:
    """What the guard concluded about one host: refused (with address and kind) or allowed."""

    addresses: tuple[str, ...]
    forbidden: tuple[str, str] | None  # (address, kind) of the first non-public address
    error: str | None = None  # resolution failure: allowed, the fetch reports it


class AddressGuard:
    """Resolve-and-judge with a bounded TTL cache; independent of Scrapy so tests and the renderer can use it."""

    def __init__(
        self,
        nameservers: Sequence[tuple[str, int]] = (),
        *,
        timeout: float = 3.0,
        cache_size: int = 4096,
        max_ttl: float = 300.0,
        negative_ttl: float = 30.0,
    ) -> None:
        import dns.asyncresolver
        import dns.nameserver
        import dns.resolver

        self.system = False  # True: no resolv.conf; the OS's getaddrinfo answers (what Twisted uses too)
        if nameservers:
            resolver = dns.asyncresolver.Resolver(configure=False)
            resolver.nameservers = [dns.nameserver.Do53Nameserver(h, p) for h, p in nameservers]
        else:
            try:
                resolver = dns.asyncresolver.Resolver()  # the system's resolv.conf
            except dns.resolver.NoResolverConfiguration:
                resolver = dns.asyncresolver.Resolver(configure=False)
                self.system = True
        resolver.lifetime = timeout
        resolver.timeout = timeout
        resolver.cache = None  # our cache, with our bounds and TTL cap
        self.resolver = resolver
        self.nameservers = list(nameservers)
        self.cache_size = max(1, cache_size)
        self.max_ttl = max_ttl
        self.negative_ttl = negative_ttl
        self._cache: OrderedDict[str, tuple[float, HostCheck]] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[HostCheck]] = {}
        self.lookups = 0
        self.cache_hits = 0

    # -- cache ------------------------------------------------------------------------------------

    def _cached(self, host: str) -> HostCheck | None:
        entry = self._cache.get(host)
        if entry is None:
            return None
        expires, verdict = entry
        if expires <= time.monotonic():
            del self._cache[host]
            return None
        self._cache.move_to_end(host)
        return verdict

    def _store(self, host: str, verdict: HostCheck, ttl: float) -> None:
        if ttl <= 0:
            return
        self._cache[host] = (time.monotonic() + ttl, verdict)
        self._cache.move_to_end(host)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    # -- judging ----------------------------------------------------------------------------------

    async def check(self, host: str) -> HostCheck:
        """Resolve ``host`` (A and AAAA) unless it is an IP literal, and judge every address."""
        host = host.strip("[]").rstrip(".").lower()
        literal = ip_literal(host)
        if literal is not None:
            kind = forbidden_reason(literal)
            return HostCheck((literal,), (literal, kind) if kind else None)
        by_name = _forbidden_name(host)
        if by_name:
            return HostCheck((), (host, by_name))
        cached = self._cached(host)
        if cached is not None:
            self.cache_hits += 1
            return cached
        pending = self._inflight.get(host)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[HostCheck] = asyncio.get_running_loop().create_future()
        self._inflight[host] = future
        try:
            verdict, ttl = await self._resolve(host)
            self._store(host, verdict, ttl)
            future.set_result(verdict)
            return verdict
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters get it, nobody logs "never retrieved"
            raise
        finally:
            self._inflight.pop(host, None)

    async def _resolve(self, host: str) -> tuple[HostCheck, float]:
        import dns.exception

        self.lookups += 1
        if self.system:
            return await self._resolve_system(host)
        results = await asyncio.gather(
            *(self.resolver.resolve(host, rtype, raise_on_no_answer=False) for rtype in ("A", "AAAA")),
            return_exceptions=True,
        )
        addresses: list[str] = []
        ttls: list[float] = []
        errors: list[str] = []
        for result in results:
            if isinstance(result, BaseException):
                if not isinstance(result, dns.exception.DNSException):
                    raise result
                errors.append(type(result).__name__)
                continue
            rrset = result.rrset
            if rrset is None:
                continue
            ttls.append(float(rrset.ttl))
            addresses.extend(rdata.address for rdata in rrset)
        for address in addresses:
            kind = forbidden_reason(address)
            if kind:
                return HostCheck(tuple(addresses), (address, kind)), min([*ttls, self.max_ttl])
        if not addresses:
            return HostCheck((), None, error=", ".join(errors) or "no address"), self.negative_ttl
        return HostCheck(tuple(addresses), None), min([*ttls, self.max_ttl])

    async def _resolve_system(self, host: str) -> tuple[HostCheck, float]:
        """getaddrinfo when there is no resolv.conf to point dnspython at (no TTL: a short negative one)."""
        import socket

        try:
            infos = await asyncio.wait_for(
                asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM),
                self.resolver.lifetime,
            )
        except (OSError, TimeoutError) as exc:
            return HostCheck((), None, error=type(exc).__name__), self.negative_ttl
        addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            kind = forbidden_reason(address)
            if kind:
                return HostCheck(addresses, (address, kind)), self.negative_ttl
        return HostCheck(addresses, None), self.negative_ttl


class SsrfGuardMiddleware:
    """Downloader middleware: refuse requests to non-public addresses (see the module docstring)."""

    def __init__(self, crawler: Crawler, guard: AddressGuard) -> None:
        self.crawler = crawler
        self.guard = guard
        self.blocked: list[dict[str, str | None]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SsrfGuardMiddleware:
        settings = crawler.settings
        if not settings.getbool("EXSCOUT_SSRF_GUARD", True):
            raise NotConfigured("EXSCOUT_SSRF_GUARD is off")
        return cls(crawler, guard_from_settings(settings))

    def _stat(self, key: str, count: int = 1) -> None:
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(f"exscout/ssrf/{key}", count)

    def _refuse(self, request: Request, host: str, address: str | None, kind: str) -> ForbiddenAddress:
        exc = ForbiddenAddress(request.url, host, address, kind)
        self._stat("blocked")
        self._stat(f"blocked/{kind.split(' (')[0].replace(' ', '_').replace('-', '_').lower()}")
        self.blocked.append({"url": request.url, "host": host, "address": address, "kind": kind})
        logger.warning("%s (url %s)", exc, request.url)
        return exc

    async def process_request(self, request: Request) -> None:
        """Let the request through, or raise ForbiddenAddress before a byte is sent."""
        try:
            parts = urlsplit(request.url)
            host = parts.hostname or ""
        except ValueError:
            raise self._refuse(request, request.url[:100], None, "malformed URL") from None
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise self._refuse(request, host or request.url[:100], None, f"scheme {scheme}: not http(s)")
        if scheme == "data":
            return None
        if not host:
            raise self._refuse(request, request.url[:100], None, "URL without a host")
        self._stat("checked")
        hits = self.guard.cache_hits
        verdict = await self.guard.check(host)
        if self.guard.cache_hits > hits:
            self._stat("cache_hit")
        if verdict.error:
            self._stat("dns_error")
        if verdict.forbidden is not None:
            address, kind = verdict.forbidden
            raise self._refuse(request, host, address, kind)
        return None


def guard_from_settings(settings: BaseSettings) -> AddressGuard:
    """An AddressGuard configured by the ``EXSCOUT_SSRF_*`` settings (shared by middleware and renderer)."""
    raw = settings.get("EXSCOUT_SSRF_RESOLVERS") or []
    if isinstance(raw, str) and raw.lstrip().startswith("["):
        import json

        raw = json.loads(raw)
    try:
        nameservers = parse_nameservers(raw)
    except ValueError as exc:
        raise NotConfigured(str(exc)) from exc
    return AddressGuard(
        nameservers,
        timeout=settings.getfloat("EXSCOUT_SSRF_DNS_TIMEOUT", 3.0),
        cache_size=settings.getint("EXSCOUT_SSRF_CACHE_SIZE", 4096),
        max_ttl=settings.getfloat("EXSCOUT_SSRF_CACHE_TTL", 300.0),
    )


# -- connect-time pinning for direct (proxy-less) live connections ---------------------------------


def _proxy_hosts(settings: BaseSettings) -> frozenset[str]:
    hosts = set()
    for name in ("EXSCOUT_PROXY", "EXSCOUT_CN_PROXY"):
        value = (settings.get(name) or "").strip()
        if value:
            host = urlsplit(value if "://" in value else "http://" + value).hostname
            if host:
                hosts.add(host.lower())
    return frozenset(hosts)


class PinnedResolver(CachingThreadedResolver):
    """Scrapy's threaded resolver, refusing at connect time any name that resolves to a non-public address.

    Twisted connects to exactly the address this returns, so the check and the
    connection cannot disagree (no DNS rebinding between them). The configured
    proxies are exempt: they are the operator's choice and often on loopback or
    a private network.
    """

    allowed: frozenset[str] = frozenset()

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:
        d = super().getHostByName(name, timeout)
        if name.lower() in self.allowed:
            return d

        def check(address: str) -> str:
            kind = forbidden_reason(address) or _forbidden_name(name.lower())
            if kind:
                raise ForbiddenAddress(f"//{name}/", name, address, kind)
            return address

        d.addCallback(check)
        return d


def install_pinned_resolver(reactor: Any, settings: BaseSettings) -> Any:
    """Install the connect-time guard as the reactor's resolver; returns it (None when the guard is off)."""
    if not settings.getbool("EXSCOUT_SSRF_GUARD", True):
        return None
    cache_size = settings.getint("DNSCACHE_SIZE", 10000) if settings.getbool("DNSCACHE_ENABLED", True) else 0
    resolver = PinnedResolver(reactor, cache_size, settings.getfloat("DNS_TIMEOUT", 60.0))
    resolver.allowed = _proxy_hosts(settings)
    resolver.install_on_reactor()
    return resolver
