"""simweb's proxy seen by real clients (curl, raw sockets): route fields, faults, keep-alive, HTTP and HTTPS.

Every test goes through the proxy exactly as the pipeline does: absolute-form for
``http://``, CONNECT + TLS (trusting only ``ca.pem``) for ``https://``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from simweb.server import Endpoints
from simweb.testing import curl, serve

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "routes"
WWW = "www.routes-site.com"
SITE = CORPUS / "sites" / WWW
BIG = 3 * 1024 * 1024 + 17
_BIG_SHA: list[bytes] = []


@pytest.fixture(scope="module")
def ep(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoints]:
    """The routes corpus, plus a large file and an escaping symlink that cannot live in git."""
    root = tmp_path_factory.mktemp("routes") / "routes"
    shutil.copytree(CORPUS, root, symlinks=True)
    (root / "secret.txt").write_text("secret")
    os.symlink(root / "secret.txt", root / "sites" / WWW / "leak.txt")
    big = os.urandom(BIG)
    (root / "sites" / WWW / "big.bin").write_bytes(big)
    _BIG_SHA[:] = [hashlib.sha256(big).digest()]
    with serve(root, dns_timeout_s=0.5) as endpoints:
        yield endpoints


SCHEMES = ["http", "https"]
VANTAGES = ["intl", "cn"]


@pytest.mark.parametrize("vantage", VANTAGES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_index(ep: Endpoints, scheme: str, vantage: str) -> None:
    r = curl(ep, vantage, f"{scheme}://{WWW}/")
    assert (r.rc, r.status) == (0, 200), r.stderr
    assert r.body == (SITE / "index.html").read_bytes()
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert int(r.headers["content-length"]) == len(r.body)
    if scheme == "https":
        assert r.connect_status == 200


@pytest.mark.parametrize("scheme", SCHEMES)
def test_route_fields(ep: Endpoints, scheme: str) -> None:
    base = f"{scheme}://{WWW}"
    r = curl(ep, "intl", f"{base}/status")
    assert (r.status, r.body) == (418, b"teapot")
    r = curl(ep, "intl", f"{base}/headers")
    assert (r.headers["x-test"], r.headers["cache-control"], r.headers["content-type"]) == (
        "one", "no-store", "text/plain; charset=utf-8")
    r = curl(ep, "intl", f"{base}/file")
    assert (r.status, r.body) == (200, b"a thing\n")
    r = curl(ep, "intl", f"{base}/old")
    assert (r.status, r.headers["location"], r.body) == (301, "https://www.routes-site.com/", b"")
    r = curl(ep, "intl", f"{base}/gone")
    assert (r.status, r.headers["content-length"]) == (410, "0")
    r = curl(ep, "intl", f"{base}/nope")
    assert (r.status, r.headers["x-star"]) == (404, "yes")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_gbk_byte_for_byte(ep: Endpoints, scheme: str) -> None:
    r = curl(ep, "intl", f"{scheme}://{WWW}/gbk")
    assert r.body == (SITE / "gbk.html").read_bytes()
    assert "支付宝".encode("gbk") in r.body
    assert r.headers["content-type"] == "text/html; charset=gbk"


@pytest.mark.parametrize(("path", "ctype"), [
    ("/assets/style.css", "text/css"), ("/assets/app.js", "text/javascript"),
    ("/assets/logo.png", "image/png"), ("/data/fiat.json", "application/json"),
    ("/blob", "application/octet-stream"), ("/docs/", "text/html; charset=utf-8"),
])
def test_files_and_types(ep: Endpoints, path: str, ctype: str) -> None:
    r = curl(ep, "intl", f"https://{WWW}{path}")
    assert (r.status, r.headers["content-type"]) == (200, ctype)
    expected = SITE / path.lstrip("/")
    assert r.body == (expected / "index.html" if expected.is_dir() else expected).read_bytes()


@pytest.mark.parametrize(("lang", "needle"), [
    ("zh-CN,zh;q=0.9", "简体中文"), ("zh-TW,zh;q=0.8", "繁體中文"), ("en-GB", "english home"),
    ("de", "Routes site"),
])
def test_accept_language(ep: Endpoints, lang: str, needle: str) -> None:
    r = curl(ep, "intl", f"https://{WWW}/", "-H", f"Accept-Language: {lang}")
    assert needle in r.body.decode()


def test_vantage_override(ep: Endpoints) -> None:
    cn = curl(ep, "cn", f"https://{WWW}/vantage")
    intl = curl(ep, "intl", f"https://{WWW}/vantage")
    assert (cn.body, cn.headers["x-b"], cn.headers["x-a"]) == (b"<!doctype html><html><body>cn page</body></html>\n",
                                                                 "cn", "base")
    assert (intl.body, intl.headers["x-b"], intl.headers["x-intl"]) == (b"intl body", "base", "1")
    both = curl(ep, "cn", f"http://{WWW}/both", "-H", "Accept-Language: zh-CN")
    assert (both.status, both.body) == (451, b"zh")


@pytest.mark.parametrize(("query", "body"), [
    ("q=a%20b&lang=en", b"search a b en"), ("lang=en&q=a+b", b"search a b en"), ("q=a%20b", b"search other"),
])
def test_query_matching(ep: Endpoints, query: str, body: bytes) -> None:
    assert curl(ep, "intl", f"https://{WWW}/search?{query}").body == body


def test_delay(ep: Endpoints) -> None:
    fast = curl(ep, "intl", f"http://{WWW}/status")
    slow = curl(ep, "intl", f"http://{WWW}/slow")
    assert slow.body == b"slow"
    assert slow.seconds >= 0.6 and fast.seconds < slow.seconds


@pytest.mark.parametrize("scheme", SCHEMES)
def test_fault_reset(ep: Endpoints, scheme: str) -> None:
    r = curl(ep, "intl", f"{scheme}://{WWW}/reset")
    assert r.rc == 56 and "reset" in r.stderr.lower(), r  # a real RST, not an orderly close


@pytest.mark.parametrize("scheme", SCHEMES)
def test_fault_timeout(ep: Endpoints, scheme: str) -> None:
    r = curl(ep, "intl", f"{scheme}://{WWW}/timeout", "--max-time", "1")
    assert r.rc == 28 and r.body == b""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_fault_truncate(ep: Endpoints, scheme: str) -> None:
    r = curl(ep, "intl", f"{scheme}://{WWW}/truncate")
    assert r.rc == 18  # partial file: Content-Length promised more
    assert r.headers["content-length"] == "1000"
    assert r.body == (SITE / "data" / "thousand.txt").read_bytes()[:500]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_head(ep: Endpoints, scheme: str) -> None:
    r = curl(ep, "intl", f"{scheme}://{WWW}/", "-I")  # curl -I writes the headers as the "body"
    assert r.rc == 0 and r.status == 200 and b"<html" not in r.body
    assert r.headers["content-length"] == str((SITE / "index.html").stat().st_size)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_large_body_streamed(ep: Endpoints, scheme: str) -> None:
    r = curl(ep, "cn", f"{scheme}://{WWW}/big.bin")
    assert (r.rc, len(r.body)) == (0, BIG)
    assert r.headers["content-length"] == str(BIG)
    assert hashlib.sha256(r.body).digest() == _BIG_SHA[0]


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt",
                                  "/leak.txt", "/_routes.json", "/%2e%2e%2f%2e%2e%2fcorpus.json"])
def test_no_escape(ep: Endpoints, path: str) -> None:
    r = curl(ep, "intl", f"http://{WWW}{path}", "--path-as-is")
    assert r.status == 404 and b"secret" not in r.body and b"format" not in r.body


# -- raw sockets: keep-alive, pipelining, Connection: close, malformed input -------------------


def _proxy_addr(ep: Endpoints, vantage: str = "intl") -> tuple[str, int]:
    host, port = ep.vantage(vantage).proxy_url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def _read_response(f) -> tuple[int, dict[str, str], bytes]:
    status_line = f.readline()
    assert status_line, "connection closed before a response"
    status = int(status_line.split()[1])
    headers = {}
    while (line := f.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = f.read(int(headers["content-length"]))
    return status, headers, body


def test_keep_alive_and_pipelining(ep: Endpoints) -> None:
    with socket.create_connection(_proxy_addr(ep), timeout=5) as s:
        f = s.makefile("rb")
        for _ in range(3):  # sequential requests on one connection
            s.sendall(f"GET http://{WWW}/status HTTP/1.1\r\nHost: {WWW}\r\n\r\n".encode())
            assert _read_response(f)[::2] == (418, b"teapot")
        s.sendall((f"GET http://{WWW}/file HTTP/1.1\r\nHost: {WWW}\r\n\r\n"
                   f"GET http://{WWW}/gone HTTP/1.1\r\nHost: {WWW}\r\n\r\n").encode())  # pipelined
        assert _read_response(f)[0] == 200
        assert _read_response(f)[0] == 410
        s.sendall(f"HEAD http://{WWW}/file HTTP/1.1\r\nHost: {WWW}\r\n\r\n".encode())
        assert f.readline().startswith(b"HTTP/1.1 200")
        head = b""
        while (line := f.readline()) != b"\r\n":
            head += line
        assert b"Content-Length: 8\r\n" in head  # announced, not sent: the next response follows
        s.sendall(f"GET http://{WWW}/file HTTP/1.1\r\nHost: {WWW}\r\nConnection: close\r\n\r\n".encode())
        status, headers, _ = _read_response(f)
        assert (status, headers["connection"]) == (200, "close")
        assert f.read() == b""  # the proxy closed


def test_keep_alive_inside_tunnel(ep: Endpoints) -> None:
    ctx = ssl.create_default_context(cafile=str(ep.ca_cert))
    with socket.create_connection(_proxy_addr(ep, "cn"), timeout=5) as raw:
        raw.sendall(f"CONNECT {WWW}:443 HTTP/1.1\r\nHost: {WWW}:443\r\n\r\n".encode())
        assert raw.recv(4096).startswith(b"HTTP/1.1 200")
        with ctx.wrap_socket(raw, server_hostname=WWW) as s:
            assert s.selected_alpn_protocol() in (None, "http/1.1")
            f = s.makefile("rb")
            for path, status in [("/status", 418), ("/vantage", 200), ("/gone", 410)]:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: {WWW}\r\n\r\n".encode())
                assert _read_response(f)[0] == status


def test_origin_form_with_host_header(ep: Endpoints) -> None:
    with socket.create_connection(_proxy_addr(ep), timeout=5) as s:
        s.sendall(f"GET /status HTTP/1.1\r\nHost: {WWW}\r\n\r\n".encode())
        assert _read_response(s.makefile("rb"))[::2] == (418, b"teapot")


@pytest.mark.parametrize("garbage", [
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
    b"GET ftp://x/ HTTP/1.1\r\n\r\n", b"GET /x HTTP/1.1\r\n\r\n", b"GET http://a b/ HTTP/1.1\r\n\r\n",
    b"GET http://x/ HTTP/1.1\r\nno colon\r\n\r\n", b"GET http://x:99999/ HTTP/1.1\r\n\r\n",
    b"POST http://x/ HTTP/1.1\r\nContent-Length: nope\r\n\r\n", b"CONNECT :443 HTTP/1.1\r\n\r\n",
])
def test_malformed_is_400_and_proxy_survives(ep: Endpoints, garbage: bytes) -> None:
    with socket.create_connection(_proxy_addr(ep), timeout=5) as s:
        s.sendall(garbage)
        assert s.makefile("rb").readline().split()[1] == b"400"
    assert curl(ep, "intl", f"http://{WWW}/status").status == 418


def test_oversized_head_and_request_bodies(ep: Endpoints) -> None:
    with socket.create_connection(_proxy_addr(ep), timeout=5) as s:
        s.sendall(b"GET http://x/ HTTP/1.1\r\nX: " + b"a" * 70000 + b"\r\n\r\n")
        assert s.makefile("rb").readline().split()[1] == b"431"
    r = curl(ep, "intl", f"http://{WWW}/status", "--data-binary", "x" * 100000)
    assert (r.status, r.body) == (418, b"teapot")
    r = curl(ep, "intl", f"http://{WWW}/status", "-H", "Transfer-Encoding: chunked", "--data-binary", "abc")
    assert (r.status, r.body) == (418, b"teapot")


def test_accept_encoding_ignored(ep: Endpoints) -> None:
    r = curl(ep, "intl", f"https://{WWW}/", "-H", "Accept-Encoding: gzip, br")
    assert "content-encoding" not in r.headers and r.body == (SITE / "index.html").read_bytes()


def test_many_requests_on_one_keep_alive_connection(ep: Endpoints) -> None:
    """500 requests down one connection all get their answer (the rate is docs/simweb.md's wrk figure)."""
    with socket.create_connection(_proxy_addr(ep), timeout=5) as s:
        f = s.makefile("rb")
        request = f"GET http://{WWW}/file HTTP/1.1\r\nHost: {WWW}\r\n\r\n".encode()
        answers = []
        for _ in range(500):
            s.sendall(request)
            answers.append(_read_response(f))
    assert len(answers) == 500
    assert {(status, body) for status, _headers, body in answers} == {(answers[0][0], answers[0][2])}
    assert answers[0][0] == 200 and answers[0][2]


def test_idle_keep_alive_connections_are_closed(tmp_path: Path) -> None:
    """A crawler keeps a tunnel per host; idle ones must not pile up forever."""
    import asyncio

    from simweb.ca import CertificateAuthority
    from simweb.corpus import Corpus
    from simweb.proxy import Proxy

    async def scenario() -> bytes:
        proxy = Proxy(Corpus.load(CORPUS), "intl", CertificateAuthority(tmp_path), idle_timeout_s=0.3)
        await proxy.start()
        try:
            reader, writer = await asyncio.open_connection(proxy.host, proxy.port)
            writer.write(f"GET http://{WWW}/gone HTTP/1.1\r\nHost: {WWW}\r\n\r\n".encode())
            first = await reader.readuntil(b"\r\n\r\n")
            rest = await asyncio.wait_for(reader.read(), 3)  # EOF once idle for 0.3 s
            writer.close()
            return first + rest
        finally:
            await proxy.stop()

    assert asyncio.run(scenario()).startswith(b"HTTP/1.1 410")


def test_http10_keep_alive_only_when_asked(ep: Endpoints) -> None:
    with socket.create_connection(_proxy_addr(ep), timeout=5) as s:
        f = s.makefile("rb")
        s.sendall(f"GET http://{WWW}/status HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".encode())
        status, headers, _ = _read_response(f)
        assert (status, headers["connection"]) == (418, "keep-alive")
        s.sendall(f"GET http://{WWW}/status HTTP/1.0\r\n\r\n".encode())
        status, headers, _ = _read_response(f)
        assert (status, headers["connection"]) == (418, "close")
        assert f.read() == b""


def test_cors_preflight_follows_the_route(ep: Endpoints) -> None:
    """api.routes-site.com allows any origin (route header): its preflight passes; www's does not."""
    args = ("-X", "OPTIONS", "-H", f"Origin: https://{WWW}", "-H", "Access-Control-Request-Method: GET",
            "-H", "Access-Control-Request-Headers: x-client")
    api = curl(ep, "intl", "https://api.routes-site.com/v1/currencies.json", *args)
    assert api.status == 204 and api.body == b""
    assert (api.headers["access-control-allow-origin"], api.headers["access-control-allow-headers"]) == ("*", "x-client")
    www = curl(ep, "intl", f"https://{WWW}/data/fiat.json", *args)
    assert www.status == 204 and "access-control-allow-origin" not in www.headers
