"""region_block: block statuses and pages (en/zh, Cloudflare 1009, redirects) vs errors and terms pages; compare()."""

from __future__ import annotations

import pytest

from crawler.detectors import region_block
from crawler.detectors.page import Page

HOME = "https://www.nexbit.com/"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("block_restricted_en.html", 403),
        ("block_restricted_en.html", 200),
        ("block_zh.html", 200),
        ("block_cloudflare_1009.html", 403),
        ("error_403_plain.html", 451),
    ],
)
def test_block_pages(load, name, status):
    v = region_block.detect(load(name, url=HOME, status=status))
    assert v.value is True
    assert v.evidence


def test_ordinary_errors_are_not_blocks(load):
    assert region_block.detect(load("error_403_plain.html", url=HOME, status=403)).value is False
    p404 = Page.from_html(
        HOME, "<h1>404 Not Found</h1><p>The page you requested does not exist.</p>", status=404
    )
    assert region_block.detect(p404).value is False
    p500 = Page.from_html(HOME, "<h1>500 Internal Server Error</h1>", status=500)
    assert region_block.detect(p500).value is False


def test_terms_page_listing_china_is_not_a_block(load):
    v = region_block.detect(
        load("terms_restricted_en.html", url="https://www.nexbit.com/en/legal/terms-of-use")
    )
    assert v.value is False
    # and it stays so when the URL says nothing: the title says terms
    assert region_block.detect(load("terms_restricted_en.html", url=HOME)).value is False


def test_home_page_footer_mentioning_restricted_jurisdictions_is_not_a_block(load):
    html = load("exchange_en_home_zh_menu.html").text.replace(
        "</footer>",
        "<p>Nexbit does not offer services in restricted jurisdictions, including the United States.</p></footer>",
    )
    assert region_block.detect(Page.from_html(HOME, html)).value is False


def test_redirects_to_restricted_page(load):
    meta = region_block.detect(load("block_meta_refresh.html", url=HOME))
    assert meta.value is True and "/restricted/" in meta.reasons[0]
    followed = Page.from_html(HOME, "<p>Unavailable</p>")
    followed = Page(
        url=HOME, final_url="https://www.nexbit.com/restricted", body=followed.body, headers=followed.headers
    )
    assert region_block.detect(followed).value is True
    js = Page.from_html(HOME, "<script>window.location.href='/region-unavailable';</script>")
    assert region_block.detect(js).value is True


def test_compare_geoblock(load):
    intl = load("exchange_en_home_zh_menu.html", url=HOME)
    cn = load("block_zh.html", url=HOME, status=200, vantage="cn")
    v = region_block.compare(intl, cn)
    assert v.name == "geoblocks_cn" and v.value is True
    assert any("根据当地法律法规" in e.snippet or "地区" in e.snippet for e in v.evidence)
    assert region_block.compare(intl, load("error_403_plain.html", url=HOME, status=451)).value is True
    # a plain 403 only at cn, where intl gets content, is a block status
    assert region_block.compare(intl, load("error_403_plain.html", url=HOME, status=403)).value is True


def test_compare_not_a_block(load):
    intl = load("exchange_en_home_zh_menu.html", url=HOME)
    same = load("exchange_en_home_zh_menu.html", url=HOME, vantage="cn")
    assert region_block.compare(intl, same).value is False
    # a redirect that leads to content (e.g. to a mirror or the zh-CN home) is not a block
    redirected = Page(
        url=HOME,
        final_url="https://www.nexbit.com/zh-CN/",
        body=load("exchange_zh_home.html").body,
        vantage="cn",
    )
    assert region_block.compare(intl, redirected).value is False


def test_compare_unknowns(load):
    intl = load("exchange_en_home_zh_menu.html", url=HOME)
    assert region_block.compare(intl, None).value is None
    dead_cn = Page(url=HOME, status=0, body=b"", vantage="cn")
    dead_intl = Page(url=HOME, status=0, body=b"")
    assert region_block.compare(dead_intl, dead_cn).value is None
    assert region_block.compare(None, None).value is None
    # cn network failure where intl works: the firewall's doing, not the site's
    assert region_block.compare(intl, Page(url=HOME, status=502, body=b"", vantage="cn")).value is False


def test_combine():
    t = region_block.detect(Page.from_html(HOME, "", status=451))
    f = region_block.detect(Page.from_html(HOME, "<p>hello</p>"))
    assert region_block.combine([f, t]).value is True
    assert region_block.combine([f]).value is False
    assert region_block.combine([]).value is None


def test_small_home_page_with_restricted_jurisdictions_footer_is_not_a_block():
    body = (
        "<h1>Navigate the market</h1><p>Perpetual futures and options with up to 100x leverage.</p>"
        "<table><tr><td>BTCUSDT Perpetual</td><td>91,846.5</td><td><a href='/trade'>Trade</a></td></tr></table>"
        "<p>Deposit USDT and start trading in minutes. Maker 0.02% / Taker 0.055%.</p>"
        "<footer>Example Ltd., Seychelles · Restricted jurisdictions: United States, Mainland China, Singapore.</footer>"
    )
    assert region_block.detect(Page.from_html(HOME, body)).value is False
    bare = "<h1>Restricted region</h1><p>Our services are unavailable here.</p>"
    assert region_block.detect(Page.from_html(HOME, bare)).value is True


def test_unfollowed_redirect_to_restricted_page():
    p = Page(url=HOME, status=302, body=b"", headers={"Location": "/en/restricted-jurisdiction?ref=home"})
    v = region_block.detect(p)
    assert v.value is True and "Location" in v.evidence[0].snippet
    ok = Page(url=HOME, status=302, body=b"", headers={"Location": "/zh-CN/"})
    assert region_block.detect(ok).value is False


def test_compare_bot_challenge_at_cn_is_not_a_block(load):
    intl = load("exchange_en_home_zh_menu.html", url=HOME)
    challenge = Page.from_html(HOME, "<title>Just a moment...</title><p>Checking your browser before accessing.</p>"
                               "<script src='/cdn-cgi/challenge-platform/h/g/orchestrate/jsch/v1'></script>", status=403)  # fmt: skip
    assert region_block.compare(intl, challenge).value is None


@pytest.mark.parametrize(
    "text",
    [
        "抱歉，我们的服务暂不对您所在的国家或地区开放。",
        "当前地区不支持访问本站",
        "您的IP地址所在地区受限，无法继续访问。",
        "本平台服务仅限非中国大陆用户使用。",
        "We're sorry. Access from your location is not permitted.",
        "This service is not available in your jurisdiction.",
    ],
)
def test_block_phrasings(text):
    assert region_block.detect(Page.from_html(HOME, f"<h2>{text}</h2>", status=200)).value is True
