"""Chromium (Debian's, via Playwright) through simweb: TLS trusted by SPKI pin, JS-built content.

The certificate is accepted only through ``--ignore-certificate-errors-spki-list``
(``simweb.testing.chromium_args``), never ``ignore_https_errors``; a control launch without
the flag must fail, so the test proves the pin is what makes it work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simweb.server import Endpoints
from simweb.testing import CHROMIUM_BASE_ARGS, CHROMIUM_PATH, chromium_args, serve

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "routes"


@pytest.fixture(scope="module")
def ep() -> Iterator[Endpoints]:
    with serve(CORPUS, dns_timeout_s=0.4) as endpoints:
        yield endpoints


@pytest.fixture(scope="module")
def playwright():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip(f"{CHROMIUM_PATH} missing")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright, ep: Endpoints):
    b = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=chromium_args(ep),
                                   proxy={"server": ep.intl.proxy_url})
    yield b
    b.close()


@pytest.mark.parametrize("vantage", ["intl", "cn"])
def test_js_built_page_over_https(browser, ep: Endpoints, vantage: str) -> None:
    context = browser.new_context(proxy={"server": ep.vantage(vantage).proxy_url})
    try:
        page = context.new_page()
        response = page.goto("https://www.routes-site.com/app.html", wait_until="load", timeout=15000)
        assert response is not None and response.status == 200
        page.wait_for_function("document.getElementById('app').textContent !== 'loading'", timeout=10000)
        # Built by fetch() from the same host and, cross-origin, from api.routes-site.com.
        assert page.text_content("#app") == "fiat:CNY,USD currencies:BTC,ETH"
        security = response.security_details()
        assert security is not None and security.get("issuer") == "simweb offline CA"
    finally:
        context.close()


def test_vantage_decides_what_the_browser_sees(browser, ep: Endpoints) -> None:
    seen = {}
    for vantage in ("intl", "cn"):
        context = browser.new_context(proxy={"server": ep.vantage(vantage).proxy_url})
        try:
            page = context.new_page()
            response = page.goto("https://cnblock.routes-site.com/", timeout=15000)
            seen[vantage] = (response.status if response else None, (page.text_content("body") or "").strip())
        finally:
            context.close()
    assert seen == {"intl": (200, "cnblock content"), "cn": (451, "region blocked")}


def test_failures_reach_the_browser_as_errors(browser, ep: Endpoints) -> None:
    from playwright.sync_api import Error

    context = browser.new_context(proxy={"server": ep.cn.proxy_url})
    try:
        page = context.new_page()
        with pytest.raises(Error, match="ERR_"):
            page.goto("https://poisoned.routes-site.com/", timeout=15000)
    finally:
        context.close()


def test_without_spki_pin_the_certificate_is_rejected(playwright, ep: Endpoints) -> None:
    from playwright.sync_api import Error

    b = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_BASE_ARGS),
                                   proxy={"server": ep.intl.proxy_url})
    try:
        page = b.new_page()
        with pytest.raises(Error, match="ERR_CERT"):
            page.goto("https://www.routes-site.com/app.html", timeout=15000)
    finally:
        b.close()
