"""simweb's DNS server against real clients: dnspython's resolver, dig (UDP and TCP), ipwhois's Cymru step."""

from __future__ import annotations

import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver
import pytest
from ipwhois.asn import IPASN
from ipwhois.net import Net

from simweb.corpus import Corpus
from simweb.dns_server import DnsServerThread

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def mini() -> Corpus:
    return Corpus.load(CORPORA / "mini")


@pytest.fixture(scope="module")
def intl(mini: Corpus) -> Iterator[DnsServerThread]:
    with DnsServerThread(mini, "intl") as server:
        yield server


@pytest.fixture(scope="module")
def cn(mini: Corpus) -> Iterator[DnsServerThread]:
    with DnsServerThread(mini, "cn") as server:
        yield server


def resolver(server: DnsServerThread, lifetime: float = 2.0) -> dns.resolver.Resolver:
    res = dns.resolver.Resolver(configure=False)
    res.nameservers = [HOST]
    res.port = server.port
    res.lifetime = lifetime
    res.timeout = lifetime
    res.cache = None
    return res


def texts(answer: dns.resolver.Answer) -> list[str]:
    return sorted(rdata.to_text() for rdata in answer)


def query(server: DnsServerThread, name: str, rdtype: str, tcp: bool = False, edns: bool = True,
          timeout: float = 2.0) -> dns.message.Message:
    msg = dns.message.make_query(name, rdtype, use_edns=0 if edns else False)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(msg, HOST, port=server.port, timeout=timeout)


def dig(server: DnsServerThread, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dig", f"@{HOST}", "-p", str(server.port), "+time=1", "+tries=1", *args],
                          capture_output=True, text=True, timeout=20)


needs_dig = pytest.mark.skipif(shutil.which("dig") is None, reason="dig is not installed")


# ---------------------------------------------------------------- dnspython resolver


def test_port_is_shared_and_nonzero(intl: DnsServerThread, cn: DnsServerThread) -> None:
    assert intl.port > 0 and cn.port > 0 and intl.port != cn.port


def test_a_through_cname_chain(intl: DnsServerThread) -> None:
    ans = resolver(intl).resolve("mini-exchange.com", "A")
    assert texts(ans) == ["43.128.10.7"]
    assert ans.canonical_name.to_text() == "www.mini-exchange.com."
    chain = [rrset for rrset in ans.response.answer if rrset.rdtype == dns.rdatatype.CNAME]
    assert [(r.name.to_text(), r[0].to_text()) for r in chain] == [("mini-exchange.com.", "www.mini-exchange.com.")]


def test_aaaa_via_cdn(intl: DnsServerThread) -> None:
    ans = resolver(intl).resolve("api.mini-exchange.com", "AAAA")
    assert texts(ans) == ["2606:4700::6812:2007"]
    assert ans.canonical_name.to_text() == "api.mini-exchange.com.cdn.cloudflare.net."


def test_ns_mx_txt(intl: DnsServerThread) -> None:
    res = resolver(intl)
    assert texts(res.resolve("www.mini-exchange.com", "NS")) == ["ns1.dnsowl.io.", "ns2.dnsowl.io."]
    assert texts(res.resolve("mini-exchange.com", "MX")) == ["10 mail.mini-exchange.com."]
    assert texts(res.resolve("www.mini-exchange.com", "TXT")) == ['"hello world"', '"v=spf1 -all"']
    assert texts(res.resolve("mini-exchange.com", "CNAME")) == ["www.mini-exchange.com."]


def test_case_insensitive(intl: DnsServerThread) -> None:
    assert texts(resolver(intl).resolve("WWW.MINI-Exchange.com", "A")) == ["43.128.10.7"]


def test_nxdomain_with_soa(intl: DnsServerThread) -> None:
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver(intl).resolve("gone-exchange.net", "A")
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver(intl).resolve("not-in-corpus.example", "A")
    msg = query(intl, "gone-exchange.net", "A")
    assert msg.rcode() == dns.rcode.NXDOMAIN
    assert [r.rdtype for r in msg.authority] == [dns.rdatatype.SOA]


def test_nodata(intl: DnsServerThread) -> None:
    with pytest.raises(dns.resolver.NoAnswer):
        resolver(intl).resolve("empty.com", "A")
    msg = query(intl, "www.mini-exchange.com", "SRV")
    assert msg.rcode() == dns.rcode.NOERROR and msg.answer == []
    assert msg.authority[0].rdtype == dns.rdatatype.SOA


def test_servfail(intl: DnsServerThread) -> None:
    assert query(intl, "broken-dns.net", "A").rcode() == dns.rcode.SERVFAIL
    with pytest.raises(dns.resolver.NoNameservers):
        resolver(intl).resolve("broken-dns.net", "A")


def test_timeout_gets_no_answer(intl: DnsServerThread) -> None:
    start = time.monotonic()
    with pytest.raises(dns.exception.Timeout):
        resolver(intl, lifetime=0.5).resolve("dead-dns.net", "A")
    assert time.monotonic() - start < 3
    with pytest.raises(dns.exception.Timeout):
        query(intl, "dead-dns.net", "A", tcp=True, timeout=0.5)


def test_registry_hosts_resolve(intl: DnsServerThread, cn: DnsServerThread) -> None:
    assert texts(resolver(intl).resolve("rdap.arin.net", "A")) == ["199.5.26.46"]
    assert texts(resolver(cn).resolve("rdap.apnic.net", "A")) == ["203.119.101.61"]
    assert texts(resolver(intl).resolve("rdap.db.ripe.net", "A")) == ["193.0.6.142"]


def test_any(intl: DnsServerThread) -> None:
    msg = query(intl, "www.mini-exchange.com", "ANY")
    types = sorted(dns.rdatatype.to_text(r.rdtype) for r in msg.answer)
    assert types == ["A", "AAAA", "MX", "NS", "TXT"]


# ---------------------------------------------------------------- the cn vantage


def test_cn_poisoned_answer(cn: DnsServerThread, intl: DnsServerThread) -> None:
    assert texts(resolver(cn).resolve("blocked-in-cn.com", "A")) == ["243.185.187.39"]
    assert texts(resolver(intl).resolve("blocked-in-cn.com", "A")) == ["45.76.1.2"]
    # the override replaces the address group: no AAAA at cn, but ns is inherited
    assert texts(resolver(cn).resolve("blocked-in-cn.com", "NS")) == ["ns1.vultr.com."]


def test_cn_serving_edge_and_inherited_ns(cn: DnsServerThread) -> None:
    assert texts(resolver(cn).resolve("cn-edge.io", "A")) == ["1.1.1.1"]
    assert texts(resolver(cn).resolve("cn-edge.io", "NS")) == ["ns.cn-edge.io."]


def test_cn_rcode_overrides(cn: DnsServerThread, intl: DnsServerThread) -> None:
    with pytest.raises(dns.exception.Timeout):
        resolver(cn, lifetime=0.5).resolve("timeout-in-cn.com", "A")
    assert texts(resolver(intl).resolve("timeout-in-cn.com", "A")) == ["45.76.1.3"]
    assert query(cn, "nxdomain-in-cn.com", "A").rcode() == dns.rcode.NXDOMAIN
    assert query(intl, "nxdomain-in-cn.com", "A").rcode() == dns.rcode.NOERROR


# ---------------------------------------------------------------- transport details


def test_truncation_then_tcp(intl: DnsServerThread) -> None:
    udp = query(intl, "big-txt.com", "TXT", edns=False)
    assert udp.flags & dns.flags.TC
    assert udp.answer == []
    tcp = query(intl, "big-txt.com", "TXT", tcp=True)
    assert not tcp.flags & dns.flags.TC
    assert len(tcp.answer[0]) == 3
    # with a 1232-byte EDNS buffer the same answer fits in UDP
    assert len(query(intl, "big-txt.com", "TXT", edns=True).answer[0]) == 3
    # dnspython's resolver retries over TCP by itself
    assert len(resolver(intl).resolve("big-txt.com", "TXT")) == 3


def test_malformed_packets_are_ignored(intl: DnsServerThread) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.3)
        for junk in (b"", b"\x00", b"garbage" * 20, b"\xff" * 12):
            sock.sendto(junk, (HOST, intl.port))
        response = dns.message.make_response(dns.message.make_query("mini-exchange.com", "A"))
        sock.sendto(response.to_wire(), (HOST, intl.port))  # a response is not a query
        with pytest.raises(TimeoutError):
            sock.recv(4096)
    assert texts(resolver(intl).resolve("mini-exchange.com", "A")) == ["43.128.10.7"]


def test_tcp_pipelining_skips_timeout_names(intl: DnsServerThread) -> None:
    """Several queries on one TCP connection; the TIMEOUT one gets no reply, the others do."""
    queries = [dns.message.make_query(n, "A") for n in ("mini-exchange.com", "dead-dns.net", "cn-edge.io")]
    with socket.create_connection((HOST, intl.port), timeout=2) as sock:
        for q in queries:
            wire = q.to_wire()
            sock.sendall(struct.pack("!H", len(wire)) + wire)
        replies = [_read_tcp(sock) for _ in range(2)]
    assert [r.id for r in replies] == [queries[0].id, queries[2].id]
    assert replies[1].answer[0][0].to_text() == "104.18.40.1"


def _read_tcp(sock: socket.socket) -> dns.message.Message:
    def exact(n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            assert chunk
            data += chunk
        return data
    return dns.message.from_wire(exact(struct.unpack("!H", exact(2))[0]))


def test_cname_loop_servfail() -> None:
    with DnsServerThread(Corpus.load(CORPORA / "broken-loop"), "intl") as server:
        assert query(server, "loop-a.com", "A").rcode() == dns.rcode.SERVFAIL
        assert query(server, "dangling.com", "A").rcode() == dns.rcode.NXDOMAIN


def test_two_thousand_queries_each_get_their_own_answer(intl: DnsServerThread) -> None:
    """Back-to-back queries from one socket: every one answered, to its id and name (the rate is `make bench`'s)."""
    names = ["mini-exchange.com", "api.mini-exchange.com", "gone-exchange.net", "7.10.128.43.origin.asn.cymru.com"]
    queries = [dns.message.make_query(names[i % len(names)], "A") for i in range(2000)]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        for q in queries:
            sock.sendto(q.to_wire(), (HOST, intl.port))
            answer = dns.message.from_wire(sock.recv(4096))
            assert answer.id == q.id and answer.question == q.question


# ---------------------------------------------------------------- dig


@needs_dig
def test_dig_udp_and_tcp(intl: DnsServerThread) -> None:
    for extra in ((), ("+tcp",)):
        out = dig(intl, "mini-exchange.com", "A", "+short", *extra)
        assert out.returncode == 0
        assert out.stdout.split() == ["www.mini-exchange.com.", "43.128.10.7"]


@needs_dig
def test_dig_statuses(intl: DnsServerThread) -> None:
    assert "status: NXDOMAIN" in dig(intl, "gone-exchange.net").stdout
    assert "status: SERVFAIL" in dig(intl, "broken-dns.net").stdout
    timed_out = dig(intl, "dead-dns.net")
    assert timed_out.returncode == 9  # dig: no reply from server
    mx = dig(intl, "mini-exchange.com", "MX", "+short").stdout.split("\n")
    assert mx[-2] == "10 mail.mini-exchange.com."


@needs_dig
def test_dig_falls_back_to_tcp_on_truncation(intl: DnsServerThread) -> None:
    out = dig(intl, "big-txt.com", "TXT", "+noedns")
    assert "Truncated, retrying in TCP mode" in out.stdout
    assert "ANSWER: 3" in out.stdout


@needs_dig
def test_dig_cymru(intl: DnsServerThread) -> None:
    out = dig(intl, "TXT", "7.10.128.43.origin.asn.cymru.com", "+short").stdout.splitlines()
    # record order inside an RRset carries no meaning (ipwhois picks the longest prefix itself)
    assert sorted(out) == ['"132203 | 43.128.0.0/16 | SG | apnic | 2019-08-13"', '"132203 | 43.128.10.0/24 | SG | apnic | "']
    out = dig(intl, "TXT", "AS13335.asn.cymru.com", "+short").stdout.strip()
    assert out == '"13335 | US | arin | 2014-03-28 | CLOUDFLARENET, US"'


@needs_dig
def test_dig_cn_vantage(cn: DnsServerThread) -> None:
    assert dig(cn, "blocked-in-cn.com", "+short").stdout.split() == ["243.185.187.39"]


# ---------------------------------------------------------------- Team Cymru through ipwhois


def _ipasn(ip: str, server: DnsServerThread) -> dict:
    net = Net(ip)
    net.dns_resolver.nameservers = [HOST]
    net.dns_resolver.port = server.port
    return IPASN(net).lookup(asn_methods=["dns"], retry_count=1)


def test_ipwhois_cymru_ipv4_longest_prefix(intl: DnsServerThread) -> None:
    result = _ipasn("43.128.10.7", intl)
    assert result["asn"] == "132203"
    assert result["asn_cidr"] == "43.128.10.0/24"  # ipwhois picks the longest of the two answers
    assert result["asn_country_code"] == "SG"
    assert result["asn_registry"] == "apnic"
    assert result["asn_description"] == "TENCENT-NET-AP-CN, SG"


def test_ipwhois_cymru_ripe_spelling_and_date(intl: DnsServerThread) -> None:
    result = _ipasn("193.0.6.142", intl)
    assert (result["asn"], result["asn_registry"], result["asn_country_code"]) == ("3333", "ripencc", "NL")
    assert _ipasn("1.1.1.1", intl)["asn_date"] == "2011-08-11"


def test_ipwhois_cymru_ipv6(intl: DnsServerThread) -> None:
    full = _ipasn("2606:4700::6812:2007", intl)
    assert (full["asn"], full["asn_cidr"], full["asn_registry"]) == ("13335", "2606:4700::/32", "arin")
    # ipwhois strips the trailing 0000 groups: the query has only 8 nibbles
    stripped = _ipasn("2606:4700::", intl)
    assert stripped["asn_cidr"] == "2606:4700::/32"


def test_ipwhois_cymru_unknown_address(intl: DnsServerThread) -> None:
    from ipwhois.exceptions import ASNRegistryError
    with pytest.raises(ASNRegistryError):
        _ipasn("8.8.8.8", intl)


def test_response_cache_patches_id_and_keeps_question_case(mini: Corpus) -> None:
    from simweb.dns_server import Responder, respond
    responder = Responder(mini, "intl")
    first = dns.message.make_query("Mini-Exchange.com", "A")
    second = dns.message.make_query("Mini-Exchange.com", "A")
    second.id = (first.id + 1) % 65536
    answers = [dns.message.from_wire(respond(responder, q.to_wire())) for q in (first, second)]
    assert [a.id for a in answers] == [first.id, second.id]
    assert answers[1].question[0].name.to_text() == "Mini-Exchange.com."
    assert answers[1].answer[-1][0].to_text() == "43.128.10.7"
    assert respond(responder, dns.message.make_query("dead-dns.net", "A").to_wire()) is None
    assert respond(responder, b"short") is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=300))
def test_respond_never_raises_on_junk(junk: bytes) -> None:
    from simweb.dns_server import Responder, respond
    responder = Responder(Corpus.load(CORPORA / "mini"), "cn")
    out = respond(responder, junk)
    assert out is None or dns.message.from_wire(out).flags & dns.flags.QR


@settings(max_examples=200, deadline=None)
@given(st.ip_addresses())
def test_cymru_names_round_trip(ip) -> None:
    """Any address ipwhois can ask about maps back to the covering networks (v6 with 0000 groups stripped)."""
    from simweb import cymru
    mini = Corpus.load(CORPORA / "mini")
    if ip.version == 4:
        qname = ".".join(reversed(str(ip).split("."))) + ".origin.asn.cymru.com."
    else:
        groups = ip.exploded.split(":")
        while groups and groups[-1] == "0000":
            groups.pop()
        qname = ".".join(reversed("".join(groups))) + ".origin6.asn.cymru.com."
    lines = cymru.answer(qname, mini)
    assert lines == [cymru.origin_line(n) for n in mini.networks_covering(ip)]
