"""simweb.rdap: RFC 9083 answers per RIR, and ipwhois's lookup_rdap running unchanged against them."""

from __future__ import annotations

import email.message
import io
import json
import urllib.parse
import urllib.request
import urllib.response
from collections.abc import Iterator
from pathlib import Path

import pytest
from ipwhois import IPWhois
from ipwhois.rdap import _RDAPNetwork

from simweb import rdap
from simweb.corpus import Corpus
from simweb.dns_server import DnsServerThread

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module")
def mini() -> Corpus:
    return Corpus.load(CORPORA / "mini")


def get(corpus: Corpus, url: str) -> tuple[int, dict[str, str], dict]:
    parts = urllib.parse.urlsplit(url)
    status, headers, body = rdap.handle(parts.hostname, parts.path, corpus)
    return status, headers, json.loads(body) if body else {}


# ---------------------------------------------------------------- shapes per registry


def test_apnic_network(mini: Corpus) -> None:
    status, headers, obj = get(mini, "https://rdap.apnic.net/ip/43.128.10.7")
    assert status == 200
    assert headers["Content-Type"] == "application/rdap+json"
    assert obj["objectClassName"] == "ip network"
    assert (obj["startAddress"], obj["endAddress"], obj["ipVersion"]) == ("43.128.10.0", "43.128.10.255", "v4")
    assert obj["handle"] == "43.128.10.0 - 43.128.10.255"
    assert obj["country"] == "SG"
    assert obj["parentHandle"] == "43.128.0.0 - 43.128.255.255"
    assert obj["cidr0_cidrs"] == [{"v4prefix": "43.128.10.0", "length": 24}]
    assert obj["links"][0]["href"] == "https://rdap.apnic.net/ip/43.128.10.0/24"
    assert obj["links"][0]["value"] == "https://rdap.apnic.net/ip/43.128.10.7"
    assert "rdap_level_0" in obj["rdapConformance"]
    assert obj["port43"] == "whois.apnic.net"
    registrant = next(e for e in obj["entities"] if e["roles"] == ["registrant"])
    assert ["fn", {}, "text", "Aceville Pte. Ltd. (SG edge)"] in registrant["vcardArray"][1]
    assert any(e["roles"] == ["abuse"] for e in obj["entities"])


def test_arin_network_has_no_top_level_country(mini: Corpus) -> None:
    status, _, obj = get(mini, "https://rdap.arin.net/registry/ip/104.18.32.7")
    assert status == 200
    assert "country" not in obj  # as at the real ARIN: the country is only in the registrant's address
    assert obj["handle"] == "NET-104-16-0-0-1"
    assert obj["arin_originas0_originautnums"] == [13335]
    assert obj["type"] == "DIRECT ALLOCATION"
    assert "arin_originas0" in obj["rdapConformance"]
    registrant = obj["entities"][0]
    adr = next(p for p in registrant["vcardArray"][1] if p[0] == "adr")
    assert adr[1]["cc"] == "US"
    assert registrant["entities"][0]["roles"] == ["abuse"]  # ARIN nests the abuse contact


def test_arin_ipv6(mini: Corpus) -> None:
    status, _, obj = get(mini, "https://rdap.arin.net/registry/ip/2606:4700::6812:2007")
    assert status == 200
    assert (obj["startAddress"], obj["endAddress"]) == ("2606:4700::", "2606:4700:ffff:ffff:ffff:ffff:ffff:ffff")
    assert obj["handle"] == "NET6-2606-4700-1"
    assert obj["cidr0_cidrs"] == [{"v6prefix": "2606:4700::", "length": 32}]


@pytest.mark.parametrize(("url", "country", "handle_end"), [
    ("https://rdap.db.ripe.net/ip/193.0.6.142", "NL", "193.0.7.255"),
    ("https://rdap.lacnic.net/rdap/ip/200.3.14.10", "UY", "200.3.12.0/22"),
    ("https://rdap.afrinic.net/rdap/ip/196.216.2.20", "ZA", "196.216.2.255"),
])
def test_other_registries(mini: Corpus, url: str, country: str, handle_end: str) -> None:
    status, _, obj = get(mini, url)
    assert status == 200
    assert obj["country"] == country
    assert obj["handle"].endswith(handle_end)


def test_cidr_query(mini: Corpus) -> None:
    status, _, obj = get(mini, "https://rdap.apnic.net/ip/1.1.1.0/24")
    assert status == 200 and obj["startAddress"] == "1.1.1.0" and obj["endAddress"] == "1.1.1.255"
    # a range bigger than the /24 is answered by the /16 that contains all of it
    status, _, obj = get(mini, "https://rdap.apnic.net/ip/43.128.0.0/20")
    assert obj["startAddress"] == "43.128.0.0" and obj["endAddress"] == "43.128.255.255"


def test_not_found_and_bad_requests(mini: Corpus) -> None:
    status, headers, obj = get(mini, "https://rdap.arin.net/registry/ip/8.8.8.8")
    assert status == 404 and obj["errorCode"] == 404 and headers["Content-Type"] == "application/rdap+json"
    assert get(mini, "https://rdap.arin.net/registry/ip/1.2.3.400")[0] == 400
    assert get(mini, "https://rdap.arin.net/registry/ip/1.2.3.0/99")[0] == 400
    assert get(mini, "https://rdap.arin.net/registry/domain/example.com")[0] == 400
    assert get(mini, "https://rdap.arin.net/ip/1.1.1.1")[0] == 400  # missing /registry prefix
    assert get(mini, "https://rdap.apnic.net/autnum/ASX")[0] == 400


def test_other_registry_redirects(mini: Corpus) -> None:
    status, headers, _ = get(mini, "https://rdap.arin.net/registry/ip/43.128.10.7")
    assert status == 301
    assert headers["Location"] == "https://rdap.apnic.net/ip/43.128.10.7"
    status, headers, _ = get(mini, "https://rdap.apnic.net/ip/193.0.6.142")
    assert headers["Location"] == "https://rdap.db.ripe.net/ip/193.0.6.142"


def test_entity_follow_up(mini: Corpus) -> None:
    _, _, net = get(mini, "https://rdap.db.ripe.net/ip/193.0.6.142")
    handle = next(e["handle"] for e in net["entities"] if e["roles"] == ["registrant"])
    status, _, ent = get(mini, f"https://rdap.db.ripe.net/entity/{handle}")
    assert status == 200
    assert ent["objectClassName"] == "entity" and ent["handle"] == handle
    assert ["fn", {}, "text", "RIPE Network Coordination Centre"] in ent["vcardArray"][1]
    assert get(mini, f"https://rdap.apnic.net/entity/{handle}")[0] == 404  # RIPE's handle, not APNIC's
    assert get(mini, "https://rdap.db.ripe.net/entity/NOPE-RIPE")[0] == 404


def test_autnum(mini: Corpus) -> None:
    status, _, obj = get(mini, "https://rdap.arin.net/registry/autnum/13335")
    assert status == 200
    assert (obj["objectClassName"], obj["handle"], obj["startAutnum"], obj["name"]) == (
        "autnum", "AS13335", 13335, "CLOUDFLARENET")
    assert get(mini, "https://rdap.apnic.net/autnum/13335")[1]["Location"] == \
        "https://rdap.arin.net/registry/autnum/13335"
    assert get(mini, "https://rdap.arin.net/registry/autnum/64999")[0] == 404


def test_bootstrap_services(mini: Corpus) -> None:
    status, headers, _ = get(mini, "https://rdap-bootstrap.arin.net/bootstrap/ip/193.0.6.142")
    assert status == 302 and headers["Location"] == "https://rdap.db.ripe.net/ip/193.0.6.142"
    assert get(mini, "https://rdap-bootstrap.arin.net/bootstrap/ip/8.8.8.8")[0] == 404
    status, _, ipv4 = get(mini, "https://data.iana.org/rdap/ipv4.json")
    assert status == 200
    services = {tuple(urls): cidrs for cidrs, urls in ipv4["services"]}
    assert "193.0.0.0/21" in services[("https://rdap.db.ripe.net/",)]
    assert "104.16.0.0/13" in services[("https://rdap.arin.net/registry/",)]


def test_ipwhois_network_parser_accepts_every_registry(mini: Corpus) -> None:
    for url in ("https://rdap.arin.net/registry/ip/104.18.32.7", "https://rdap.apnic.net/ip/2406:da18::7",
                "https://rdap.db.ripe.net/ip/193.0.6.142", "https://rdap.lacnic.net/rdap/ip/200.3.14.10",
                "https://rdap.afrinic.net/rdap/ip/196.216.2.20"):
        parsed = _RDAPNetwork(get(mini, url)[2])
        parsed.parse()
        assert parsed.vars["cidr"] and parsed.vars["handle"]


# ---------------------------------------------------------------- ipwhois end to end (in-process transport)


class _RdapTransport(urllib.request.BaseHandler):
    """Hands https requests to simweb.rdap.handle in-process (the proxy's job in production)."""

    handler_order = 100

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.urls: list[str] = []

    def https_open(self, req: urllib.request.Request) -> urllib.response.addinfourl:
        self.urls.append(req.full_url)
        parts = urllib.parse.urlsplit(req.full_url)
        status, headers, body = rdap.handle(parts.hostname or "", parts.path, self.corpus)
        msg = email.message.Message()
        for name, value in headers.items():
            msg[name] = value
        resp = urllib.response.addinfourl(io.BytesIO(body), msg, req.full_url, status)
        resp.msg = "simweb"  # type: ignore[attr-defined]
        return resp


@pytest.fixture(scope="module")
def dns_intl(mini: Corpus) -> Iterator[DnsServerThread]:
    with DnsServerThread(mini, "intl") as server:
        yield server


def _lookup(ip: str, corpus: Corpus, dns_server: DnsServerThread, transport: _RdapTransport | None = None) -> dict:
    transport = transport or _RdapTransport(corpus)
    whois = IPWhois(ip, proxy_opener=urllib.request.build_opener(transport))
    whois.net.dns_resolver.nameservers = ["127.0.0.1"]
    whois.net.dns_resolver.port = dns_server.port
    return whois.lookup_rdap(asn_methods=["dns"], inc_nir=False, retry_count=1)


@pytest.mark.parametrize(("ip", "asn", "cidr", "country", "registry", "org"), [
    ("43.128.10.7", "132203", "43.128.10.0/24", "SG", "apnic", "Aceville Pte. Ltd. (SG edge)"),
    ("104.18.32.7", "13335", "104.16.0.0/13", None, "arin", "Cloudflare, Inc."),
    ("2606:4700::6812:2007", "13335", "2606:4700::/32", None, "arin", "Cloudflare, Inc."),
    ("193.0.6.142", "3333", "193.0.0.0/21", "NL", "ripencc", "RIPE Network Coordination Centre"),
    ("200.3.14.10", "28001", "200.3.12.0/22", "UY", "lacnic", "LACNIC - Latin American and Caribbean IP address"),
    ("196.216.2.20", "33764", "196.216.2.0/24", "ZA", "afrinic", "African Network Information Center"),
])
def test_ipwhois_lookup_rdap(mini: Corpus, dns_intl: DnsServerThread, ip: str, asn: str, cidr: str,
                             country: str | None, registry: str, org: str) -> None:
    transport = _RdapTransport(mini)
    result = _lookup(ip, mini, dns_intl, transport)
    assert result["asn"] == asn
    assert result["asn_registry"] == registry
    assert result["network"]["cidr"] == cidr
    assert result["network"]["country"] == country
    registrants = [o for o in result["objects"].values() if "registrant" in (o["roles"] or [])]
    assert registrants[0]["contact"]["name"] == org
    assert len(transport.urls) == 1  # every root entity has a vCard: no follow-up requests


def test_ipwhois_follows_bootstrap_redirect(mini: Corpus) -> None:
    """With bootstrap=True ipwhois asks ARIN's redirector, which sends it (302) to the right RIR."""
    transport = _RdapTransport(mini)
    whois = IPWhois("193.0.6.142", proxy_opener=urllib.request.build_opener(transport))
    result = whois.lookup_rdap(asn_methods=["dns"], inc_nir=False, retry_count=1, get_asn_description=False,
                               bootstrap=True)
    assert result["network"]["cidr"] == "193.0.0.0/21"
    assert transport.urls == ["https://rdap-bootstrap.arin.net/bootstrap/ip/193.0.6.142",
                              "https://rdap.db.ripe.net/ip/193.0.6.142"]


# ---------------------------------------------------------------- through the real proxy (simweb.server)


def test_ipwhois_through_simweb_proxy() -> None:
    testing = pytest.importorskip("simweb.testing")
    with testing.serve(CORPORA / "mini") as endpoints:
        whois = IPWhois("43.128.10.7", proxy_opener=testing.urllib_opener(endpoints, "intl"))
        whois.net.dns_resolver.nameservers = [endpoints.intl.dns_host]
        whois.net.dns_resolver.port = endpoints.intl.dns_port
        result = whois.lookup_rdap(asn_methods=["dns"], inc_nir=False, retry_count=1)
    assert result["asn"] == "132203"
    assert result["network"]["cidr"] == "43.128.10.0/24"
    assert result["network"]["country"] == "SG"


def test_ipwhois_http_client_follows_registry_301(mini: Corpus) -> None:
    """Asking ARIN for an APNIC address: the 301 leads urllib (ipwhois's client) to APNIC's answer."""
    transport = _RdapTransport(mini)
    whois = IPWhois("43.128.10.7", proxy_opener=urllib.request.build_opener(transport))
    obj = whois.net.get_http_json("https://rdap.arin.net/registry/ip/43.128.10.7", retry_count=1)
    assert obj["handle"] == "43.128.10.0 - 43.128.10.255" and obj["country"] == "SG"
    assert transport.urls == ["https://rdap.arin.net/registry/ip/43.128.10.7", "https://rdap.apnic.net/ip/43.128.10.7"]


def test_ipwhois_depth_fetches_nested_entities(mini: Corpus, dns_intl: DnsServerThread) -> None:
    """ARIN nests the abuse contact; depth=1 makes ipwhois fetch it from /entity/<handle>."""
    transport = _RdapTransport(mini)
    whois = IPWhois("104.18.32.7", proxy_opener=urllib.request.build_opener(transport))
    whois.net.dns_resolver.nameservers = ["127.0.0.1"]
    whois.net.dns_resolver.port = dns_intl.port
    result = whois.lookup_rdap(asn_methods=["dns"], inc_nir=False, retry_count=1, depth=1)
    abuse = [h for h, o in result["objects"].items() if "abuse" in (o["roles"] or [])]
    assert len(abuse) == 1 and abuse[0].startswith("ABUSE-")
    assert result["objects"][abuse[0]]["contact"]["email"][0]["value"].startswith("abuse@")
    assert transport.urls[1] == f"https://rdap.arin.net/registry/entity/{abuse[0]}"
