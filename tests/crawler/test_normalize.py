"""crawler.normalize: URL/domain → host → registrable domain, and the reasons for rejecting."""

from __future__ import annotations

import socket

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crawler import normalize
from crawler.normalize import Normalised, Rejected, normalise, registrable_domain


def ok(raw: str) -> Normalised:
    result = normalise(raw)
    assert isinstance(result, Normalised), result
    return result


def rejected(raw: str) -> str:
    result = normalise(raw)
    assert isinstance(result, Rejected), result
    assert result.raw == raw and result.reason
    return result.reason


@pytest.mark.parametrize(
    ("raw", "domain", "host", "url"),
    [
        ("https://www.binance.com/", "binance.com", "www.binance.com", "https://www.binance.com/"),
        ("https://www.okx.com", "okx.com", "www.okx.com", "https://www.okx.com/"),
        (
            "HTTPS://WWW.Example.COM:443/Path?B=C#frag",
            "example.com",
            "www.example.com",
            "https://www.example.com/Path?B=C",
        ),
        ("example.com", "example.com", "example.com", "https://example.com/"),
        ("example.com.", "example.com", "example.com", "https://example.com/"),
        ("www.example.co.uk/x", "example.co.uk", "www.example.co.uk", "https://www.example.co.uk/x"),
        (
            "http://user:secret@shop.example.com:8080/a",
            "example.com",
            "shop.example.com",
            "http://shop.example.com:8080/a",
        ),
        ("http://example.com:80/", "example.com", "example.com", "http://example.com/"),
        ("//cdn.example.net/app.js", "example.net", "cdn.example.net", "https://cdn.example.net/app.js"),
        ("example.com:8443", "example.com", "example.com", "https://example.com:8443/"),
        ("https://crypto.com/exchange", "crypto.com", "crypto.com", "https://crypto.com/exchange"),
        (
            "https://r.kraken.com/c/2223866/687155/10583",
            "kraken.com",
            "r.kraken.com",
            "https://r.kraken.com/c/2223866/687155/10583",
        ),
        # PSL private suffixes count (corpus contract): each github.io site is its own domain
        (
            "https://someexchange.github.io/",
            "someexchange.github.io",
            "someexchange.github.io",
            "https://someexchange.github.io/",
        ),
        ("https://a.b.pages.dev/", "b.pages.dev", "a.b.pages.dev", "https://a.b.pages.dev/"),
        # browsers treat a backslash as a path separator
        ("https://a.com\\@evil.com", "a.com", "a.com", "https://a.com/@evil.com"),
    ],
)
def test_normalises(raw: str, domain: str, host: str, url: str) -> None:
    assert ok(raw) == Normalised(domain=domain, host=host, url=url)


def test_registrable_domain_is_the_contract_name() -> None:
    assert registrable_domain is normalise


@pytest.mark.parametrize(
    "form",
    [
        "例子.com",
        "https://例子.com/",
        "HTTP://WWW.例子.COM",
        "xn--fsqu00a.com",
        "XN--FSQU00A.COM.",
        "https://www.xn--fsqu00a.com/",
        "例子。com",  # ideographic full stop
        "https://%E4%BE%8B%E5%AD%90.com/",  # percent-encoded host
    ],
)
def test_idn_and_punycode_forms_are_one_domain(form: str) -> None:
    assert ok(form).domain == "xn--fsqu00a.com"


def test_idn_host_and_fullwidth_are_canonical_ascii() -> None:
    assert ok("https://www.bücher.de/ä?q=ü").host == "www.xn--bcher-kva.de"
    assert ok("https://www.bücher.de/ä?q=ü").url == "https://www.xn--bcher-kva.de/%C3%A4?q=%C3%BC"
    assert ok("ＥＸＡＭＰＬＥ.com").domain == "example.com"
    assert ok("https://www.例子.公司").domain == "xn--fsqu00a.xn--55qx5d"  # IDN TLD from the PSL


def test_www_stays_in_host_not_in_domain() -> None:
    result = ok("WWW.okx.com")
    assert (result.host, result.domain) == ("www.okx.com", "okx.com")


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://x.com/?utm_source=coingecko&utm_medium=listing", "https://x.com/"),
        (
            "https://www.okx.com/join/ABC?channelId=7&utm_campaign=x&lang=en",
            "https://www.okx.com/join/ABC?lang=en",
        ),
        ("https://accounts.binance.com/register?ref=CCXTCOM", "https://accounts.binance.com/register"),
        (
            "https://x.com/signup?inviteCode=Q1&Referral=9&aff=3&r=AB12&code=7&page=2",
            "https://x.com/signup?page=2",
        ),
        ("https://x.com/?fbclid=1&gclid=2&a=1&b=", "https://x.com/?a=1&b="),
        ("https://x.com/?UTM_Source=x&keep=%20yes", "https://x.com/?keep=%20yes"),
    ],
)
def test_tracking_and_referral_params_dropped(raw: str, url: str) -> None:
    assert ok(raw).url == url


def test_tracking_list_is_documented_constant() -> None:
    assert {
        "ref",
        "referral",
        "invite",
        "invitecode",
        "affiliate",
        "aff",
        "r",
        "code",
    } <= normalize.TRACKING_PARAMS
    assert "utm_" in normalize.TRACKING_PREFIXES


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("mailto:ops@example.com", ["scheme mailto"]),
        ("javascript:alert(1)", ["scheme javascript"]),
        ("ftp://files.example.com/", ["scheme ftp"]),
        ("data:text/html,hi", ["scheme data"]),
        ("http:example.com", ["no //"]),
        ("http://10.0.0.1/", ["IP address", "private"]),
        ("192.168.1.1", ["IP address", "private"]),
        ("http://127.0.0.1:8080/", ["IP address", "loopback"]),
        ("http://169.254.169.254/latest/meta-data/", ["IP address", "link-local"]),
        ("8.8.8.8", ["IP address", "public"]),
        ("http://[::1]/", ["IP address", "loopback"]),
        ("http://[fe80::1%25eth0]/", ["IP address", "link-local"]),
        ("http://[2606:4700::1111]/", ["IP address"]),
        ("http://2130706433/", ["IP address", "127.0.0.1", "loopback"]),  # decimal
        ("http://0x7f000001/", ["IP address", "127.0.0.1"]),  # hex
        ("http://0x7f.1/", ["IP address", "127.0.0.1"]),  # mixed WHATWG short form
        ("http://0177.0.0.1/", ["IP address", "127.0.0.1"]),  # octal
        ("http://240.0.0.1/", ["IP address", "reserved"]),
        ("http://999.1.1.1/", ["numeric host"]),
        ("localhost", ["special-use"]),
        ("http://localhost:3000/", ["special-use"]),
        ("intranet", ["special-use"]),
        ("wiki", ["public suffix"]),  # a gTLD on its own
        ("fileserver", ["no public suffix"]),
        ("build.fileserver", ["no public suffix"]),
        ("printer.local", ["special-use"]),
        ("foo.onion", ["special-use"]),
        ("corp.example", ["special-use"]),
        ("host.internal", ["special-use"]),
        ("http://nas.lan/", ["special-use"]),
        ("com", ["public suffix"]),
        ("co.uk", ["public suffix"]),
        ("github.io", ["public suffix"]),
        ("", ["empty"]),
        ("   ", ["empty"]),
        ("https://exa mple.com", ["whitespace"]),
        ("https://", ["no host"]),
        ("https://a..b.com", ["empty label"]),
        ("https://ex!ample.com", ["not allowed"]),
        ("https://xn--zz.com", ["punycode"]),
        ("http://example.com:99999/", ["port"]),
        ("http://example.com:http/", ["port"]),
        ("https://" + "a" * 64 + ".com", ["63"]),
        ("https://例子\u200d\u200d.com", []),  # invalid IDN (joiner context)
    ],
)
def test_rejects_with_reason(raw: str, words: list[str]) -> None:
    reason = rejected(raw)
    for word in words:
        assert word in reason, reason


def test_results_truthiness() -> None:
    assert normalise("example.com")
    assert not normalise("localhost")


def test_non_string_is_rejected_not_raised() -> None:
    assert isinstance(normalise(None), Rejected)  # type: ignore[arg-type]
    assert isinstance(normalise(b"example.com"), Rejected)  # type: ignore[arg-type]


@settings(max_examples=1500, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(raw: str) -> None:
    assert isinstance(normalise(raw), (Normalised, Rejected))


url_ish = st.builds(
    lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
    st.sampled_from(["", "http://", "https://", "HTTPS://", "//", "ftp://", "mailto:", "http:"]),
    st.lists(st.sampled_from([*"abcxyz019-_.:[]@%例子ßＡ。", "xn--", "com", "www.", "0x"]), max_size=12).map(
        "".join
    ),
    st.sampled_from(["", ":80", ":0", ":65536", ":x"]),
    st.text(max_size=20),
)


@settings(max_examples=1500, deadline=None)
@given(url_ish)
def test_never_raises_on_url_like_text(raw: str) -> None:
    result = normalise(raw)
    assert isinstance(result, (Normalised, Rejected))
    if isinstance(result, Normalised):
        assert result.host.isascii() and result.host == result.host.lower()
        assert result.host == result.domain or result.host.endswith("." + result.domain)
        assert result.url.startswith(("http://", "https://"))
        # idempotent: the kept URL normalises to itself
        assert normalise(result.url) == result


def test_no_socket_and_no_download_during_normalise(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """A fresh module (new TLDExtract, nothing loaded yet) must reach its suffix list without the network."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise ConnectionRefusedError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "tldcache"))
    # Forget the loaded suffix list and the caches, so the next call loads it again.
    monkeypatch.setattr(normalize._EXTRACT, "_extractor", None)
    normalize._registrable.cache_clear()
    normalize._host_checks.cache_clear()
    assert normalise("https://www.example.co.uk/").domain == "example.co.uk"
    assert normalise("foo.github.io").domain == "foo.github.io"
    assert normalize._EXTRACT._extractor is not None
    assert attempts == []
    assert not any(tmp_path.rglob("*")), "tldextract wrote a cache file"


def test_tens_of_thousands_normalise_consistently() -> None:
    """At listing scale every URL normalises, and to the domain its host implies (speed is `make bench`'s)."""
    raws = [f"https://www.exchange{i}.com/?utm_source=x&ref={i}" for i in range(20000)]
    raws += [f"sub{i}.例子{i % 50}.com" for i in range(5000)]
    results = [normalise(r) for r in raws]
    assert all(isinstance(r, Normalised) for r in results)
    assert [r.domain for r in results[:3]] == ["exchange0.com", "exchange1.com", "exchange2.com"]
    assert len({r.domain for r in results[20000:]}) == 50, "IDN siblings share their registrable domain"


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.characters(categories=["Ll", "Lo"], max_codepoint=0x9FFF), min_size=1, max_size=20)
)
@example("eu")  # www.eu.com: eu.com is a public suffix (found by CI)
def test_unicode_and_punycode_forms_agree(label: str) -> None:
    """Whatever a Unicode label normalises to, its punycode spelling (any case) normalises the same."""
    first = normalise(f"https://www.{label}.com/")
    if isinstance(first, Rejected):
        return
    # The whole ASCII host, not a label cut out of it: "www.eu.com" is registrable
    # only because eu.com is a public suffix, so its labels alone mean something else.
    again = normalise(f"{first.host.upper()}.")
    assert isinstance(again, Normalised) and again.domain == first.domain
    assert again.host == first.host
