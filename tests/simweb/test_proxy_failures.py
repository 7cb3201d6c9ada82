"""Reaching (or not) corpus hosts through each vantage's proxy, as curl, Scrapy and ipwhois see it.

Every failure class must be distinguishable by status + ``Proxy-Status`` (RFC 9209), for plain
HTTP (the response) and HTTPS (the CONNECT reply), as docs/architecture.md specifies.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from simweb.server import Endpoints
from simweb.testing import curl, dns_resolver, serve, urllib_opener

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "routes"
DNS_TIMEOUT = 0.4

NX = (502, "simweb; error=dns_error; rcode=NXDOMAIN")
SERVFAIL = (502, "simweb; error=dns_error; rcode=SERVFAIL")
TIMEOUT = (504, "simweb; error=dns_timeout")
REFUSED = (502, "simweb; error=connection_refused")
OK = (200, None)

CASES = [  # host, intl, cn
    ("www.routes-site.com", OK, OK),
    ("nx.routes-site.com", NX, NX),
    ("absent-from-the-corpus.example", NX, NX),
    ("servfail.routes-site.com", SERVFAIL, SERVFAIL),
    ("slowdns.routes-site.com", TIMEOUT, TIMEOUT),
    ("nosite.routes-site.com", REFUSED, REFUSED),
    ("poisoned.routes-site.com", OK, REFUSED),       # cn answer shares no address: leads nowhere
    ("cnedge.routes-site.com", OK, OK),              # different cn address, but "serves": true
    ("cnnx.routes-site.com", OK, NX),
    ("cntimeout.routes-site.com", OK, TIMEOUT),
    ("cnblock.routes-site.com", OK, (451, None)),    # reachable, the site itself blocks
]


@pytest.fixture(scope="module")
def ep() -> Iterator[Endpoints]:
    with serve(CORPUS, dns_timeout_s=DNS_TIMEOUT) as endpoints:
        yield endpoints


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize(("host", "intl", "cn"), CASES, ids=[c[0].split(".")[0] for c in CASES])
def test_reach_matrix(ep: Endpoints, scheme: str, host: str, intl: tuple, cn: tuple) -> None:
    for vantage, (status, proxy_status) in (("intl", intl), ("cn", cn)):
        r = curl(ep, vantage, f"{scheme}://{host}/")
        assert (r.status, r.proxy_status) == (status, proxy_status), (vantage, r)
        if proxy_status is None:
            assert r.rc == 0 and r.body, r
        elif scheme == "https":
            assert r.connect_status == status  # the failure is the CONNECT reply itself
        if status == 504:
            assert r.seconds >= DNS_TIMEOUT


def test_no_address_is_a_dns_error(ep: Endpoints) -> None:
    r = curl(ep, "intl", "http://api.routes-site.com.cdn.cloudflare.net.invalid/")
    assert (r.status, r.proxy_status) == NX


def test_dns_agrees_with_proxy(ep: Endpoints) -> None:
    """The proxy's view of poisoning is the DNS server's view: same corpus semantics."""
    intl = dns_resolver(ep.intl).resolve("poisoned.routes-site.com", "A")
    cn = dns_resolver(ep.cn).resolve("poisoned.routes-site.com", "A")
    assert [r.address for r in intl] == ["45.76.1.2"]
    assert [r.address for r in cn] == ["243.185.187.39"]


def test_other_ports_are_refused(ep: Endpoints) -> None:
    r = curl(ep, "intl", "http://www.routes-site.com:8080/")
    assert (r.status, r.proxy_status) == REFUSED
    r = curl(ep, "intl", "https://www.routes-site.com:8443/")
    assert (r.connect_status, r.proxy_status) == REFUSED


SCRAPY_SCRIPT = textwrap.dedent('''
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    proxy, urls = sys.argv[1], sys.argv[2:]
    results = []

    class Probe(scrapy.Spider):
        name = "probe"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, meta={"proxy": proxy}, errback=self.failed, dont_filter=True)

        def parse(self, response):
            results.append({"url": response.url, "status": response.status,
                            "proxy_status": response.headers.get("Proxy-Status", b"").decode()})

        def failed(self, failure):
            results.append({"url": failure.request.url, "error": type(failure.value).__name__,
                            "message": str(failure.value)})

    process = CrawlerProcess({"LOG_LEVEL": "ERROR", "RETRY_ENABLED": False, "HTTPERROR_ALLOW_ALL": True,
                              "DOWNLOAD_TIMEOUT": 5, "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False})
    process.crawl(Probe)
    process.start()
    print(json.dumps(results))
''')


def test_scrapy_through_both_schemes(ep: Endpoints, tmp_path: Path) -> None:
    """Scrapy with meta["proxy"]: plain HTTP failures are responses, HTTPS ones CONNECT TunnelErrors."""
    script = tmp_path / "probe.py"
    script.write_text(SCRAPY_SCRIPT)
    urls = ["https://www.routes-site.com/status", "http://nx.routes-site.com/", "https://nx.routes-site.com/",
            "https://slowdns.routes-site.com/", "https://poisoned.routes-site.com/"]
    proc = subprocess.run([sys.executable, str(script), ep.cn.proxy_url, *urls], capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    results = {r["url"]: r for r in json.loads(proc.stdout.strip().splitlines()[-1])}
    assert results["https://www.routes-site.com/status"]["status"] == 418
    assert results["http://nx.routes-site.com/"] == {
        "url": "http://nx.routes-site.com/", "status": 502, "proxy_status": NX[1]}
    for url, status in [("https://nx.routes-site.com/", "502"), ("https://slowdns.routes-site.com/", "504"),
                        ("https://poisoned.routes-site.com/", "502")]:
        assert results[url]["error"] == "TunnelError"
        assert f"'status': {status}" in results[url]["message"], results[url]


# -- registry services ----------------------------------------------------------------------------


def test_rdap_over_http_and_https(ep: Endpoints) -> None:
    pytest.importorskip("simweb.rdap")
    for scheme in ("http", "https"):
        r = curl(ep, "intl", f"{scheme}://rdap.apnic.net/ip/43.128.10.7")
        assert r.status == 200, r
        doc = json.loads(r.body)
        assert doc["country"] == "SG"
        assert doc["startAddress"] == "43.128.0.0"


def test_urllib_opener_per_vantage(ep: Endpoints) -> None:
    with urllib_opener(ep, "intl").open("https://cnblock.routes-site.com/", timeout=5) as resp:
        assert (resp.status, resp.read()) == (200, b"<html><body>cnblock content</body></html>\n")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib_opener(ep, "cn").open("https://cnblock.routes-site.com/", timeout=5)
    assert (err.value.code, err.value.read()) == (451, b"<html><body>region blocked</body></html>\n")


def test_ipwhois_unchanged(ep: Endpoints) -> None:
    """ipwhois's own code path: Cymru TXT over simweb DNS, RDAP through the proxy (HTTP + redirects)."""
    pytest.importorskip("simweb.rdap")
    ipwhois = pytest.importorskip("ipwhois")
    for ip, asn, cc, cidr in [("43.128.10.7", "132203", "SG", "43.128.0.0/16"),
                              ("104.18.32.7", "13335", "US", "104.16.0.0/13")]:
        obj = ipwhois.IPWhois(ip, proxy_opener=urllib_opener(ep, "intl"))
        obj.net.dns_resolver = dns_resolver(ep.intl)
        result = obj.lookup_rdap(asn_methods=["dns"], depth=0)
        assert (result["asn"], result["asn_country_code"]) == (asn, cc)
        assert result["network"]["cidr"] == cidr


@pytest.mark.parametrize(("url", "vantage", "status", "proxy_status"), [
    ("http://43.128.10.7/status", "intl", 418, None),         # www.routes-site.com's address
    ("https://[2406:da18::7]/status", "cn", 418, None),       # its AAAA, over TLS (IP SAN)
    ("http://45.76.1.2/", "cn", 200, None),                    # poisoned at cn by name, not by address
    ("http://243.185.187.39/", "cn", *REFUSED),                # the poisoned answer leads nowhere
    ("http://192.0.2.1/", "intl", *REFUSED),                   # no site answers there; no DNS involved
])
def test_address_literals(ep: Endpoints, url: str, vantage: str, status: int, proxy_status: str | None) -> None:
    r = curl(ep, vantage, url)
    assert (r.status, r.proxy_status) == (status, proxy_status), r


def test_stopping_with_a_held_connection_reports_no_error(caplog: pytest.LogCaptureFixture) -> None:
    """A connection simweb is holding open (a 30 s "delay_ms" route) when it stops ends quietly: the
    stop cancels it, and asyncio must not report the cancellation as an unhandled exception."""
    import socket
    import time

    faults = Path(__file__).resolve().parents[1] / "corpora" / "faults"
    caplog.set_level("ERROR")
    with serve(faults, dns_timeout_s=DNS_TIMEOUT) as endpoints:
        proxy = urllib.parse.urlsplit(endpoints.intl.proxy_url)
        with socket.create_connection((proxy.hostname, proxy.port), timeout=5) as sock:
            sock.sendall(b"GET http://trickle-fault.com/ HTTP/1.1\r\nHost: trickle-fault.com\r\n\r\n")
            time.sleep(0.5)  # the proxy is now holding the request
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)  # held: no answer yet
    errors = [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert not errors, [r.getMessage() for r in errors]
