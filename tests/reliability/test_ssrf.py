"""No server-side request forgery: the SSRF guard, unit by unit and through the real probe.

- address classification (every forbidden space, IPv4 inside IPv6, legacy IPv4 spellings);
- ``AddressGuard`` with dnspython pointed at simweb's DNS serving tests/corpora/faults
  (names on loopback, RFC 1918, ULA, CGNAT; a name with one public and one private address;
  SERVFAIL and timing-out names are let through for the fetch to report);
- re-resolution: a stub DNS server that answers a public address first and 127.0.0.1 after
  (TTL 0) — the second request is refused; answers are cached only for their TTL;
- ``SsrfGuardMiddleware.process_request`` on Requests (names, literals, schemes);
- ``PinnedResolver``: the connect-time check Twisted uses for direct connections;
- the real ProbeSpider (tests/reliability/_probe_child.py, guard wired) over the SSRF sites:
  simweb's access log shows no request for any forbidden host, including through
  cross-domain redirects and a mirror list, and no stored body holds the canary.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.test import get_crawler

from crawler.middlewares.ssrf import (
    AddressGuard,
    ForbiddenAddress,
    SsrfGuardMiddleware,
    forbidden_reason,
    ip_literal,
    parse_nameservers,
)
from tests.reliability.conftest import CANARY, FAULTS, probe_child

FORBIDDEN = {
    "127.0.0.1": "loopback", "127.255.255.254": "loopback", "10.1.2.3": "private", "172.16.0.1": "private",
    "172.31.255.255": "private", "192.168.0.1": "private", "169.254.169.254": "link-local",
    "100.64.0.1": "carrier-grade NAT", "100.127.255.255": "carrier-grade NAT", "224.0.0.1": "multicast",
    "239.255.255.250": "multicast", "240.0.0.1": "reserved", "255.255.255.255": "broadcast",
    "0.0.0.0": "unspecified", "0.1.2.3": "unspecified", "192.0.2.10": "reserved (documentation)",
    "198.18.0.1": "reserved (benchmarking)", "::1": "loopback", "::": "unspecified", "fe80::1": "link-local",
    "fc00::1": "private (unique local)", "fd12:3456::1": "private (unique local)", "fec0::1": "private (site-local)",
    "ff02::1": "multicast", "2001:db8::1": "reserved (documentation)",
    "::ffff:127.0.0.1": "loopback (IPv4 127.0.0.1 inside IPv6)",
    "::ffff:169.254.169.254": "link-local (IPv4 169.254.169.254 inside IPv6)",
    "64:ff9b::a00:1": "private (IPv4 10.0.0.1 inside IPv6)", "2002:a00:1::1": "private (IPv4 10.0.0.1 inside IPv6)",
    "fe80::1%eth0": "link-local",
}  # fmt: skip
PUBLIC = ["8.8.8.8", "43.128.10.7", "104.18.32.7", "1.1.1.1", "2406:da18::7", "2606:4700::1111", "64:ff9b::808:808",
          "100.128.0.1", "172.32.0.1", "223.255.255.255"]  # fmt: skip


@pytest.mark.parametrize("address", sorted(FORBIDDEN))
def test_forbidden_spaces(address: str) -> None:
    assert forbidden_reason(address) == FORBIDDEN[address]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert forbidden_reason(address) is None


@pytest.mark.parametrize(
    ("host", "address"),
    [("0x7f000001", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
     ("0xa9.254.169.254", "169.254.169.254"), ("[::1]", "::1"), ("10.0.0.1.", "10.0.0.1"), ("example.com", None),
     ("1e100.net", None), ("deadbeef.com", None)],
)  # fmt: skip
def test_legacy_ipv4_spellings_are_literals(host: str, address: str | None) -> None:
    """What inet_aton (getaddrinfo, many proxies) would connect to is what the guard judges."""
    assert ip_literal(host) == address


def test_nameserver_setting() -> None:
    assert parse_nameservers(["127.0.0.1:5353", "[::1]:53", "9.9.9.9"]) == [
        ("127.0.0.1", 5353), ("::1", 53), ("9.9.9.9", 53)]  # fmt: skip
    assert parse_nameservers("127.0.0.1:1,127.0.0.2") == [("127.0.0.1", 1), ("127.0.0.2", 53)]
    for bad in (["dns.google"], ["127.0.0.1:port"], ["127.0.0.1:70000"], ["[::1]x"]):
        with pytest.raises(ValueError, match="EXSCOUT_SSRF_RESOLVERS"):
            parse_nameservers(bad)


# -- the guard against simweb's DNS -----------------------------------------------------------------


@pytest.fixture(scope="module")
def faults_dns(simweb_serve: Any) -> list[tuple[str, int]]:
    ep = simweb_serve(FAULTS, dns_timeout_s=0.5)
    return [(ep.intl.dns_host, ep.intl.dns_port)]


def judge(nameservers: list[tuple[str, int]], *hosts: str, **kw: Any) -> list[Any]:
    async def go() -> list[Any]:
        guard = AddressGuard(nameservers, timeout=kw.pop("timeout", 1.0), **kw)
        return [await guard.check(h) for h in hosts]

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("host", "address", "kind"),
    [("ssrf-loopback.com", "127.0.0.1", "loopback"), ("intranet.ssrf-target.com", "10.20.30.40", "private"),
     ("ssrf-mixed.com", "192.168.1.10", "private"), ("ssrf-v6.com", "fd12:3456:789a::1", "private (unique local)"),
     ("ssrf-cgnat.com", "100.64.12.34", "carrier-grade NAT"), ("SSRF-Loopback.COM.", "127.0.0.1", "loopback")],
)  # fmt: skip
def test_names_on_forbidden_addresses_are_refused(faults_dns: list[tuple[str, int]], host: str, address: str,
                                                  kind: str) -> None:  # fmt: skip
    (verdict,) = judge(faults_dns, host)
    assert verdict.forbidden == (address, kind)


def test_public_names_and_dead_names_pass(faults_dns: list[tuple[str, int]]) -> None:
    """A public answer passes; SERVFAIL/NXDOMAIN/timeouts pass too, so the fetch records the real DNS outcome."""
    ok, servfail, nx, slow = judge(faults_dns, "calm-exchange.com", "servfail-fault.com", "no-such-host.example",
                                   "dnstimeout-fault.com", timeout=0.5)  # fmt: skip
    assert ok.forbidden is None and ok.addresses == ("43.128.60.1",)
    for verdict in (servfail, nx, slow):
        assert verdict.forbidden is None and verdict.error, verdict


def test_answers_are_cached_and_lookups_shared(faults_dns: list[tuple[str, int]]) -> None:
    async def go() -> tuple[int, int]:
        guard = AddressGuard(faults_dns, timeout=1.0)
        await asyncio.gather(*(guard.check("calm-exchange.com") for _ in range(10)))
        await guard.check("calm-exchange.com")
        return guard.lookups, guard.cache_hits

    lookups, hits = asyncio.run(go())
    assert lookups == 1 and hits >= 1


def test_cache_is_bounded(faults_dns: list[tuple[str, int]]) -> None:
    async def go() -> int:
        guard = AddressGuard(faults_dns, timeout=1.0, cache_size=2)
        for host in ("calm-exchange.com", "steady-ex.net", "plain-news.org", "calm-exchange.com"):
            await guard.check(host)
        return guard.lookups

    assert asyncio.run(go()) == 4  # calm-exchange.com was evicted by the third name


# -- re-resolution: a name that changes its answer -----------------------------------------------------


class RebindingDNS:
    """A UDP DNS server answering ``rebind.test`` with a public address first, then 127.0.0.1."""

    def __init__(self, ttl: int) -> None:
        self.ttl = ttl
        self.queries = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import dns.message
        import dns.rrset

        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(data)
            reply = dns.message.make_response(query)
            question = query.question[0]
            if question.rdtype == 1:  # A
                self.queries += 1
                address = "93.184.216.34" if self.queries == 1 else "127.0.0.1"
                reply.answer.append(dns.rrset.from_text(question.name, self.ttl, "IN", "A", address))
            self.sock.sendto(reply.to_wire(), peer)

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def rebinding() -> Iterator[Any]:
    servers: list[RebindingDNS] = []

    def make(ttl: int) -> RebindingDNS:
        servers.append(RebindingDNS(ttl))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def test_rebinding_name_is_refused_on_re_resolution(rebinding: Any) -> None:
    """TTL 0 is never cached: the second request re-resolves, sees 127.0.0.1 and is refused."""
    dns_server = rebinding(ttl=0)
    first, second = judge([("127.0.0.1", dns_server.port)], "rebind.test", "rebind.test")
    assert first.forbidden is None
    assert second.forbidden == ("127.0.0.1", "loopback")


def test_cache_lifetime_is_capped(rebinding: Any) -> None:
    """A long TTL is trusted at most ``max_ttl`` seconds (0 here: every request re-resolves)."""
    dns_server = rebinding(ttl=3600)
    first, second = judge([("127.0.0.1", dns_server.port)], "rebind.test", "rebind.test", max_ttl=0)
    assert first.forbidden is None and second.forbidden is not None


# -- the downloader middleware -------------------------------------------------------------------------


def middleware(nameservers: list[tuple[str, int]], **settings: Any) -> SsrfGuardMiddleware:
    crawler = get_crawler(Spider, {"EXSCOUT_SSRF_RESOLVERS": [f"{h}:{p}" for h, p in nameservers],
                                   "EXSCOUT_SSRF_DNS_TIMEOUT": 1.0, **settings})  # fmt: skip
    crawler.spider = Spider("t")
    crawler.stats.open_spider()
    return SsrfGuardMiddleware.from_crawler(crawler)


def outcome(mw: SsrfGuardMiddleware, url: str) -> str | None:
    async def go() -> str | None:
        try:
            await mw.process_request(Request(url))
        except ForbiddenAddress as exc:
            assert isinstance(exc, IgnoreRequest)
            return str(exc)
        return None

    return asyncio.run(go())


def test_middleware_refuses_with_an_explicit_reason(faults_dns: list[tuple[str, int]]) -> None:
    mw = middleware(faults_dns)
    assert outcome(mw, "https://calm-exchange.com/p2p/") is None
    assert outcome(mw, "data:,flush") is None
    message = outcome(mw, "https://ssrf-loopback.com/")
    assert message is not None and message.startswith("blocked_ssrf: ssrf-loopback.com resolves to 127.0.0.1, a "
                                                      "loopback address")  # fmt: skip
    assert "link-local" in (outcome(mw, "http://169.254.169.254/latest/meta-data/") or "")
    assert "loopback" in (outcome(mw, "http://[::ffff:7f00:1]:8080/") or "")
    assert "loopback" in (outcome(mw, "http://0x7f000001/") or "")
    assert "loopback" in (outcome(mw, "http://localhost:631/") or "")
    assert "scheme file" in (outcome(mw, "file:///etc/passwd") or "")
    assert "scheme ftp" in (outcome(mw, "ftp://calm-exchange.com/x") or "")
    stats = mw.crawler.stats.get_stats()
    assert stats["exscout/ssrf/blocked"] == 7 and stats["exscout/ssrf/blocked/loopback"] == 4
    assert [b["host"] for b in mw.blocked][:2] == ["ssrf-loopback.com", "169.254.169.254"]


def test_middleware_settings(faults_dns: list[tuple[str, int]]) -> None:
    with pytest.raises(NotConfigured):
        middleware(faults_dns, EXSCOUT_SSRF_GUARD=False)
    with pytest.raises(NotConfigured, match="EXSCOUT_SSRF_RESOLVERS"):
        middleware([("dns.example", 53)])


def test_pinned_resolver_checks_the_address_twisted_connects_to() -> None:
    """Direct live connections: the resolver Twisted uses refuses a name resolving to loopback (no TOCTOU)."""
    from scrapy.settings import Settings
    from twisted.internet.task import Clock

    from crawler.middlewares import ssrf

    class SyncPool:
        def callInThreadWithCallback(self, on_result: Any, func: Any, *args: Any, **kw: Any) -> None:
            try:
                on_result(True, func(*args, **kw))
            except Exception as exc:
                from twisted.python.failure import Failure

                on_result(False, Failure(exc))

    class FakeReactor(Clock):
        resolver: Any = None

        def getThreadPool(self) -> SyncPool:
            return SyncPool()

        def callFromThread(self, f: Any, *args: Any, **kw: Any) -> None:
            f(*args, **kw)

        def installResolver(self, resolver: Any) -> None:
            self.resolver = resolver

    reactor = FakeReactor()
    resolver = ssrf.install_pinned_resolver(reactor, Settings({"DNSCACHE_ENABLED": False}))
    assert reactor.resolver is resolver
    results: list[Any] = []
    resolver.getHostByName("localhost").addBoth(results.append)
    assert isinstance(results[-1].value, ForbiddenAddress), results
    resolver.getHostByName("8.8.8.8").addBoth(results.append)
    assert results[-1] == "8.8.8.8"
    proxied = ssrf.install_pinned_resolver(reactor, Settings({"DNSCACHE_ENABLED": False,
                                                              "EXSCOUT_PROXY": "http://localhost:3128"}))  # fmt: skip
    proxied.getHostByName("localhost").addBoth(results.append)
    assert results[-1] == "127.0.0.1", "the configured proxy itself is exempt"


# -- the real probe, guard wired -----------------------------------------------------------------------

SSRF_SEEDS = ["ssrf-redirect.com", "ssrf-metadata.com", "ssrf-loopback.com", "ssrf-mixed.com", "ssrf-v6.com",
              "ssrf-cgnat.com", "ssrf-mirror.com", "calm-exchange.com"]  # fmt: skip
FORBIDDEN_HOSTS = ("intranet.ssrf-target.com", " ssrf-target.com", "169.254.169.254", "ssrf-loopback.com",
                   "ssrf-mixed.com", "ssrf-v6.com", "ssrf-cgnat.com", "//ssrf-target.com")  # fmt: skip


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return probe_child(tmp_path_factory.mktemp("ssrf-probe"), SSRF_SEEDS)


def test_probe_sends_nothing_to_forbidden_addresses(probed: dict[str, Any]) -> None:
    """simweb's access log (every request either proxy saw) names no forbidden host, redirects included."""
    hits = [line for line in probed["access"] if any(h in line for h in FORBIDDEN_HOSTS)]
    assert not hits, hits
    # the redirecting sites themselves were asked (their 302s are what the guard then refused to follow)
    assert any("ssrf-redirect.com" in line and " 302" in line for line in probed["access"])
    assert any("ssrf-metadata.com" in line and " 302" in line for line in probed["access"])


def test_probe_records_blocked_sites_with_the_reason(probed: dict[str, Any]) -> None:
    sites = {i["domain"]: i for i in probed["items"] if i.get("kind") == "site"}
    for domain, address in [("ssrf-loopback.com", "127.0.0.1"), ("ssrf-mixed.com", "192.168.1.10"),
                            ("ssrf-v6.com", "fd12:3456:789a::1"), ("ssrf-cgnat.com", "100.64.12.34"),
                            ("ssrf-redirect.com", "10.20.30.40"), ("ssrf-metadata.com", "169.254.169.254"),
                            ("ssrf-target.com", "10.20.30.41")]:  # fmt: skip
        errors = " ".join(p["error"] or "" for p in sites[domain]["pages"])
        assert "ForbiddenAddress: blocked_ssrf:" in errors and address in errors, (domain, errors[:300])
        assert not any(p["status"] for p in sites[domain]["pages"] if address in (p["error"] or ""))
    assert sites["calm-exchange.com"]["outcome"] == "ok"
    assert sites["ssrf-mirror.com"]["outcome"] == "ok"  # the healthy site that listed a private mirror
    assert any(link["domain"] == "ssrf-target.com" for link in sites["ssrf-mirror.com"]["linked"])
    bodies = [p["body"] for i in sites.values() for p in i["pages"] if p.get("body")]
    assert bodies and not any(CANARY in b for b in bodies)
    assert probed["stats"]["exscout/ssrf/blocked"] >= 14


def test_probe_outcome_is_blocked_ssrf(probed: dict[str, Any]) -> None:
    """The probe classifies ForbiddenAddress as the site outcome ``blocked_ssrf`` (crawler/probe_plan)."""
    sites = {i["domain"]: i for i in probed["items"] if i.get("kind") == "site"}
    for domain in ("ssrf-loopback.com", "ssrf-mixed.com", "ssrf-v6.com", "ssrf-cgnat.com", "ssrf-redirect.com",
                   "ssrf-metadata.com", "ssrf-target.com"):  # fmt: skip
        assert sites[domain]["outcome"] == "blocked_ssrf", (domain, sites[domain]["outcome"])


# -- product wiring ---------------------------------------------------------------------


def test_guard_is_in_the_project_settings() -> None:
    from crawler import settings

    assert "crawler.middlewares.ssrf.SsrfGuardMiddleware" in settings.DOWNLOADER_MIDDLEWARES
    assert settings.EXSCOUT_SSRF_GUARD is True  # type: ignore[attr-defined]


def test_network_points_the_guard_at_simweb_dns() -> None:
    from exscout.network import Network, NetworkOptions

    with Network(NetworkOptions(simweb=Path(FAULTS))) as net:
        settings = net.scrapy_settings()
        ep = net.endpoints
        assert settings.get("EXSCOUT_SSRF_RESOLVERS") == [f"{ep.intl.dns_host}:{ep.intl.dns_port}"]


def test_without_resolv_conf_the_os_resolver_is_asked() -> None:
    """No nameservers and no /etc/resolv.conf: getaddrinfo answers (as for Twisted), judged the same way."""
    import socket

    async def go() -> tuple[Any, Any]:
        guard = AddressGuard(timeout=1.0)
        guard.system = True
        loop = asyncio.get_running_loop()
        real = loop.getaddrinfo

        async def fake(host: str, *args: Any, **kw: Any) -> Any:
            if host == "intranet.test":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 0))]
            return await real(host, *args, **kw)

        loop.getaddrinfo = fake  # type: ignore[method-assign]
        return await guard.check("intranet.test"), await guard.check("no-such-name.invalid")

    private, missing = asyncio.run(go())
    assert private.forbidden == ("10.0.0.7", "private")
    assert missing.forbidden is None and missing.error
