"""Property-based fuzzing (hypothesis) of everything that reads attacker-controlled input.

No exception may escape:

- every detector the probe runs (``crawler.spiders.probe.DEFAULT_DETECTORS``, so a new one is
  fuzzed the day it is registered), plus links/shell, on a ``Page`` built from arbitrary
  bytes, headers, status and URLs — exactly what a hostile server controls;
- the URL normaliser (``crawler.normalize.normalise``) on arbitrary text and URL-shaped
  strings: it returns ``Normalised`` or ``Rejected``, never raises;
- the probe's URL helpers, the SSRF guard's address parsing, the renderer's request filter;
- output hygiene: ``safe_path`` never leaves its folder, a neutralised CSV cell never starts
  a formula after a CSV round trip, ``md_escape`` leaves no raw markup.
"""

from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.detectors.page import Page
from crawler.spiders.probe import DEFAULT_DETECTORS
from crawler.verdict import Verdict

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

schemes = st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", "data", "file", "", "ht!tp", "xn--"])
hosts = st.one_of(
    st.sampled_from(["example.com", "www.例子.中国", "xn--fiqs8s.xn--fiqz9s", "127.0.0.1", "[::1]", "0x7f000001",
                     "a..b", ".", "-bad-.com", "co.uk", "localhost", "EXAMPLE.COM.", "ex%41mple.com", "a" * 300,
                     "[fe80::1%25eth0]", "xn--", "☃.net", "192.168.0.1.nip.io", "user:pw@host.com"]),
    st.text(max_size=40),
)  # fmt: skip
urls = st.one_of(
    st.builds(lambda s, h, p, q, f: f"{s}://{h}{p}{q}{f}", schemes, hosts,
              st.sampled_from(["", "/", "/p2p/", "/%zz", "/../../etc", "/中文", "//x"]) | st.text(max_size=20),
              st.sampled_from(["", "?a=1", "?utm_source=x&id=2", "?%"]), st.sampled_from(["", "#x", "#/p2p"])),
    st.text(max_size=120),
)  # fmt: skip
header_maps = st.dictionaries(
    st.sampled_from(["content-type", "content-language", "location", "set-cookie", "x-junk"]) | st.text(max_size=15),
    st.sampled_from(["text/html; charset=gbk", "text/html; charset=utf-16", "text/html; charset=nonsense",
                     "application/json", "text/html; charset=\x00", "zh-CN"]) | st.text(max_size=50),
    max_size=4,
)  # fmt: skip
bodies = st.one_of(
    st.binary(max_size=4000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["<html lang=zh-CN>", "<meta charset=gbk>", "<a href='", "'>", "法币交易", "支付宝",
                              "<div id=app>", "</div>", "<script>", "</script>", "\x00", "<!--", "&#xD800;",
                              "<meta http-equiv=refresh content='0;url=javascript:x'>", "京ICP备"]),
             max_size=40).map(lambda parts: "".join(parts).encode("utf-8")),
)  # fmt: skip

DETECTORS = {name: importlib.import_module(path) for name, path in DEFAULT_DETECTORS.items()}


@FUZZ
@given(body=bodies, headers=header_maps, status=st.integers(0, 999), url=urls, final=urls,
       rendered=st.booleans())  # fmt: skip
def test_detectors_never_raise(body: bytes, headers: dict[str, str], status: int, url: str, final: str,
                               rendered: bool) -> None:  # fmt: skip
    from crawler.detectors.links import mirror_domains, telling_links
    from crawler.detectors.shell import needs_render

    page = Page(url=url, final_url=final, status=status, headers={k.lower(): v for k, v in headers.items()},
                body=body, rendered=rendered)  # fmt: skip
    verdicts = []
    for name, module in DETECTORS.items():
        verdict = module.detect(page)
        assert isinstance(verdict, Verdict), name
        assert verdict.value in (True, False, None)
        verdict.to_dict()
        verdicts.append(verdict)
        if hasattr(module, "combine"):
            module.combine([verdict, verdict])
    needs_render(page)
    needs_render(page, undecided=True)
    telling_links(page)
    if urls_parse(url) and urls_parse(final):  # malformed page URLs: see the malformed-URL test below
        mirror_domains(page)


def urls_parse(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("url", ["http://example.com[", "http://][", "http://[::1/x"])
def test_mirror_domains_on_a_malformed_page_url(url: str) -> None:
    from crawler.detectors.links import mirror_domains

    assert mirror_domains(Page(url=url, final_url=url, status=200, headers={}, body=b"<p>x</p>")) == []


@FUZZ
@given(raw=urls)
def test_normaliser_never_raises(raw: str) -> None:
    from crawler.normalize import Normalised, Rejected, normalise

    result = normalise(raw)
    assert isinstance(result, (Normalised, Rejected))
    if isinstance(result, Normalised):
        assert result.domain and result.domain == result.domain.lower() and " " not in result.domain
        assert normalise(result.domain) == normalise(result.domain)  # deterministic
    else:
        assert result.reason


@FUZZ
@given(raw=st.text(max_size=200))
def test_normaliser_on_arbitrary_text(raw: str) -> None:
    from crawler.normalize import Normalised, Rejected, normalise

    assert isinstance(normalise(raw), (Normalised, Rejected))


@FUZZ
@given(url=urls, domain=hosts)
def test_probe_url_helpers_never_raise(url: str, domain: str) -> None:
    from crawler import probe_plan

    probe_plan.host_of(url)
    probe_plan.in_site(url, domain)
    if urls_parse(url):  # malformed URLs: see the malformed-URL test below
        probe_plan.seen_key(url)
        probe_plan.canonical_url(url)


@pytest.mark.parametrize("url", ["http://example.com[#x", "https://[zz#top"])
def test_seen_key_on_a_malformed_url(url: str) -> None:
    from crawler import probe_plan

    assert probe_plan.seen_key(url)


@FUZZ
@given(host=hosts | st.ip_addresses().map(str), url=urls, method=st.sampled_from(["GET", "POST", "PUT", "HEAD", ""]),
       kind=st.sampled_from(["document", "fetch", "ping", "xhr", "other", ""]), nav=st.booleans())  # fmt: skip
def test_guards_never_raise(host: str, url: str, method: str, kind: str, nav: bool) -> None:
    from crawler.middlewares.ssrf import forbidden_reason, ip_literal
    from crawler.render_guard import blocked_reason

    literal = ip_literal(host)
    if literal is not None:
        forbidden_reason(literal)
    forbidden_reason(host)
    blocked_reason(url, method, kind, nav)


@FUZZ
@given(address=st.ip_addresses())
def test_every_non_global_address_is_forbidden(address: object) -> None:
    """Whatever Python calls non-global (or multicast) the guard refuses, except NAT64 of a public IPv4."""
    import ipaddress

    from crawler.middlewares.ssrf import forbidden_reason

    ip = ipaddress.ip_address(str(address))
    nat64_public = isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("64:ff9b::/96") and (
        ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF).is_global)  # fmt: skip
    if (not ip.is_global or ip.is_multicast) and not nat64_public:
        assert forbidden_reason(ip) is not None, ip


@FUZZ
@given(name=st.text(max_size=200) | urls)
def test_safe_path_stays_inside(name: str) -> None:
    from exscout.outputs.safe import safe_filename, safe_path

    base = Path("/tmp/exscout-fuzz-out")
    try:
        target = safe_path(base, name)
    except ValueError:
        return  # refusing is allowed; escaping is not
    assert base.resolve() in target.parents or target == base.resolve()
    assert "/" not in safe_filename(name) and not safe_filename(name).startswith(".")


@FUZZ
@given(value=st.text(max_size=80))
def test_neutralised_cells_are_never_formulas(value: str) -> None:
    from exscout.outputs.safe import md_escape
    from exscout.outputs.tables import csv_cell

    cell = csv_cell("platform", value)
    buf = io.StringIO()
    csv.writer(buf).writerow([cell])
    (read,) = next(csv.reader(io.StringIO(buf.getvalue())))
    assert not read.startswith(("=", "+", "-", "@", "\t", "\r")), read
    escaped = md_escape(value)
    assert "<" not in escaped and ">" not in escaped
