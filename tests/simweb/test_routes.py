"""simweb.routes: every rule of the corpus contract's routing, without sockets.

The socket-level behaviour (faults, delays, streaming) is in test_proxy_http.py.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from simweb.routes import NOT_FOUND_BODY, Router

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "routes"
WWW = CORPUS / "sites" / "www.routes-site.com"


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


def _headers(plan) -> dict[str, str]:
    return {k.lower(): v for k, v in plan.headers}


def test_index_and_default_type(router: Router) -> None:
    plan = router.plan(WWW, "/")
    assert plan.status == 200
    assert plan.body == (WWW / "index.html").read_bytes()
    assert _headers(plan)["content-type"] == "text/html; charset=utf-8"
    assert _headers(plan)["x-home"] == "1"


@pytest.mark.parametrize(("lang", "file", "language"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "index.zh.html", "zh"),
    ("zh-TW,zh;q=0.9", "index.zh-TW.html", "zh-TW"),     # longest prefix wins
    ("ZH-tw", "index.zh-TW.html", "zh-TW"),              # case-insensitive
    ("en-US,zh-CN;q=0.9", None, None),                   # first tag only: "EN" route (body)
    ("fr-FR,zh-CN;q=0.9", "index.html", None),           # no prefix matches the first tag
    (None, "index.html", None),
])
def test_accept_language(router: Router, lang: str | None, file: str | None, language: str | None) -> None:
    plan = router.plan(WWW, "/", accept_language=lang)
    if file is None:
        assert plan.body == b"english home"
    else:
        assert plan.body == (WWW / file).read_bytes()
    assert _headers(plan).get("content-language") == language
    assert _headers(plan)["x-home"] == "1"  # route headers merge with the override's


def test_vantage_override_merges_headers_and_file_clears_body(router: Router) -> None:
    cn = router.plan(WWW, "/vantage", vantage="cn")
    assert cn.body == (WWW / "cn.html").read_bytes()
    assert _headers(cn)["content-type"] == "text/html; charset=utf-8"
    assert (_headers(cn)["x-a"], _headers(cn)["x-b"]) == ("base", "cn")
    intl = router.plan(WWW, "/vantage", vantage="intl")
    assert intl.body == b"intl body"
    assert (_headers(intl)["x-a"], _headers(intl)["x-b"], _headers(intl)["x-intl"]) == ("base", "base", "1")


def test_vantage_applies_after_accept_language(router: Router) -> None:
    both = router.plan(WWW, "/both", accept_language="zh-CN", vantage="cn")
    assert (both.status, both.body) == (451, b"zh")
    assert router.plan(WWW, "/both", accept_language="zh-CN").status == 200
    assert router.plan(WWW, "/both", vantage="cn").body == b"default"


@pytest.mark.parametrize(("target", "body"), [
    ("/search?q=a%20b&lang=en", b"search a b en"),
    ("/search?lang=en&q=a+b", b"search a b en"),         # any order, percent/plus decoding
    ("/search?lang=en&q=a%20b", b"search a b en"),
    ("/search?q=a%20b", b"search other"),                # missing parameter: falls to the path key
    ("/search?q=a%20b&lang=en&x=1", b"search other"),    # extra parameter
    ("/search", b"search other"),
])
def test_query_matching(router: Router, target: str, body: bytes) -> None:
    assert router.plan(WWW, target).body == body


def test_star_only_when_no_key_matches(router: Router) -> None:
    assert _headers(router.plan(WWW, "/notes.txt"))["x-star"] == "yes"
    assert "x-star" not in _headers(router.plan(WWW, "/status"))
    assert _headers(router.plan(WWW, "/nope"))["x-star"] == "yes"


def test_fields(router: Router) -> None:
    assert (router.plan(WWW, "/status").status, router.plan(WWW, "/status").body) == (418, b"teapot")
    h = _headers(router.plan(WWW, "/headers"))
    assert (h["x-test"], h["content-type"], h["cache-control"]) == ("one", "text/plain; charset=utf-8", "no-store")
    f = router.plan(WWW, "/file")
    assert (f.body, _headers(f)["content-type"]) == (b"a thing\n", "text/plain; charset=utf-8")
    g = router.plan(WWW, "/gbk")
    assert g.body == (WWW / "gbk.html").read_bytes() and "人民币".encode("gbk") in g.body
    assert _headers(g)["content-type"] == "text/html; charset=gbk"
    assert _headers(router.plan(WWW, "/json-body"))["content-type"] == "application/json"
    gone = router.plan(WWW, "/gone")
    assert (gone.status, gone.body) == (410, b"")
    old = router.plan(WWW, "/old")
    assert (old.status, _headers(old)["location"]) == (301, "https://www.routes-site.com/")
    assert router.plan(WWW, "/slow").delay_ms == 600
    assert [router.plan(WWW, p).fault for p in ("/reset", "/timeout", "/truncate", "/")] == [
        "reset", "timeout", "truncate", None]
    assert router.plan(WWW, "/truncate").size == 1000


@pytest.mark.parametrize(("target", "ctype"), [
    ("/assets/style.css", "text/css"),
    ("/assets/app.js", "text/javascript"),
    ("/assets/logo.png", "image/png"),
    ("/data/fiat.json", "application/json"),
    ("/notes.txt", "text/plain; charset=utf-8"),
    ("/blob", "application/octet-stream"),
    ("/thing.xyz", "application/octet-stream"),
    ("/app.html", "text/html; charset=utf-8"),
])
def test_content_types_and_bytes(router: Router, target: str, ctype: str) -> None:
    plan = router.plan(WWW, target)
    assert (plan.status, _headers(plan)["content-type"]) == (200, ctype)
    assert plan.body == (WWW / target.lstrip("/")).read_bytes()


@pytest.mark.parametrize("target", ["/docs", "/docs/", "/docs/index.html", "/docs?x=1"])
def test_directory_index(router: Router, target: str) -> None:
    assert router.plan(WWW, target).body == (WWW / "docs" / "index.html").read_bytes()


@pytest.mark.parametrize("target", ["/missing", "/docs/missing", "/_routes.json"])
def test_not_found(router: Router, target: str) -> None:
    plan = router.plan(WWW, target)
    assert (plan.status, plan.body) == (404, NOT_FOUND_BODY)


@pytest.fixture(scope="module")
def escape_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A host folder with a symlink to a file outside it, and a secret next to the folder."""
    root = tmp_path_factory.mktemp("escape")
    site = root / "sites" / "h.example"
    shutil.copytree(WWW, site)
    (root / "secret.txt").write_text("secret")
    (root / "sites" / "secret.txt").write_text("secret")
    os.symlink(root / "secret.txt", site / "leak.txt")
    os.symlink(root / "sites", site / "up")
    os.symlink(site / "notes.txt", site / "inside.txt")  # a symlink staying inside is fine
    (site / "_routes.json").write_text(json.dumps({"/routefile": {"file": "../secret.txt"}}))
    return site


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/docs/../../secret.txt",
    "/%2E%2E%2F%2E%2E%2Fsecret.txt", "/leak.txt", "/up/secret.txt", "/routefile", "/..\\secret.txt",
    "/%00", "/.%2e/secret.txt",
])
def test_no_escape(router: Router, escape_site: Path, target: str) -> None:
    plan = router.plan(escape_site, target)
    assert plan.body != b"secret"
    assert plan.status == 404


def test_symlink_inside_is_served(router: Router, escape_site: Path) -> None:
    assert router.plan(escape_site, "/inside.txt").body == b"plain\n"


def test_large_file_is_streamed(tmp_path: Path) -> None:
    (tmp_path / "big.bin").write_bytes(b"x" * (3 << 20))
    plan = Router().plan(tmp_path, "/big.bin")
    assert plan.body is None and plan.file is not None and plan.size == 3 << 20
