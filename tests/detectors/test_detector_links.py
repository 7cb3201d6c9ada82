"""links: telling links ranked (zh-Hans language versions and fiat pages first) and mirror hosts."""

from __future__ import annotations

from crawler.detectors.links import Link, language_of_label, language_of_url, mirror_domains, telling_links
from crawler.detectors.page import Page


def test_telling_links_ranked(load):
    links = telling_links(load("exchange_en_home_zh_menu.html", url="https://www.nexbit.com/en/"))
    kinds = [lk.kind for lk in links]
    assert links[0] == Link("https://www.nexbit.com/zh-CN/", "language", "hreflang=zh-hans") or links[
        0
    ].url.endswith("/zh-CN/")
    assert kinds.index("language") < kinds.index("fiat") < kinds.index("terms") < kinds.index("api_docs")
    urls = [lk.url for lk in links]
    assert "https://www.nexbit.com/zh-TW/" not in urls and "https://www.nexbit.com/ja/" not in urls
    assert "https://www.nexbit.com/en/p2p" in urls and "https://www.nexbit.com/en/buy-crypto" in urls
    assert not any("twitter.com" in u or "t.me" in u for u in urls)
    assert len(urls) == len(set(urls))


def test_chinese_fiat_and_mirror_links(load):
    links = telling_links(load("exchange_zh_home.html", url="https://www.mars-ex.com/"))
    by_url = {lk.url: lk.kind for lk in links}
    assert by_url["https://www.mars-ex.com/otc/quick-buy"] == "fiat"
    assert by_url["https://www.mars-ex.com/c2c/"] == "fiat"
    assert by_url["https://www.mars-ex.com/domains"] == "mirror"
    assert by_url["https://www.mars-ex.com/terms"] == "terms"
    assert by_url["https://www.mars-ex.com/api-doc"] == "api_docs"


def test_language_url_and_label_patterns():
    for url in (
        "https://a.com/?lang=zh-CN",
        "https://a.com/zh-cn/",
        "https://a.com/zh/",
        "https://cn.a.com/",
        "https://a.com/zh-Hans/trade",
        "https://a.com/x?locale=zh_CN&y=1",
    ):
        assert language_of_url(url) == "hans", url
    for url in ("https://a.com/?lang=zh-TW", "https://a.com/zh-hk/", "https://a.com/zh-Hant/"):
        assert language_of_url(url) == "hant", url
    assert language_of_url("https://a.com/en/") is None
    assert language_of_label("简体中文") == "hans"
    assert language_of_label("中文(简体)") == "hans"
    assert language_of_label("Chinese (Simplified)") == "hans"
    assert language_of_label("繁體中文") == "hant"
    assert language_of_label("中文") == "zh"
    assert language_of_label("English") is None


def test_mirror_domains_from_links_and_text(load):
    hosts = mirror_domains(load("mirror_list_zh.html", url="https://fabu.mars-ex.net/"))
    assert hosts[:3] == ["www.mars-ex.com", "mars-ex.vip", "www.hxjys888.com"]
    assert "marsex-cn.top" in hosts
    for skipped in ("apps.apple.com", "play.google.com", "twitter.com", "www.cnzz.com", "fabu.mars-ex.net"):
        assert skipped not in hosts


def test_mirror_domains_only_on_mirror_pages(load):
    assert mirror_domains(load("exchange_en_home_zh_menu.html")) == []


def test_no_links():
    assert telling_links(Page("u", body=b"")) == []
    assert mirror_domains(Page("u", body=b"")) == []


def test_mirror_text_domains_glued_to_chinese_text():
    html = "<title>最新地址发布页</title><p>备用网址：abc-ex.com请收藏，另一个xyz-ex.vip长期有效。联系邮箱 help@mail-ex.net</p>"
    hosts = mirror_domains(Page.from_html("https://fabu.example.org/", html))
    assert hosts == ["abc-ex.com", "xyz-ex.vip"]
