"""shell.needs_render: render app shells and undecided scripted pages, never content-rich static pages."""

from __future__ import annotations

import pytest

from crawler.detectors.page import Page
from crawler.detectors.shell import needs_render


def test_vue_shell_needs_render(load):
    render, why = needs_render(load("shell_vue.html"))
    assert render is True and "app shell" in why


@pytest.mark.parametrize(
    "html",
    [
        '<html><body><div id="root"></div><script src="/static/js/main.js"></script></body></html>',
        '<html><body><div id="__next"></div><script src="/_next/static/chunks/main.js"></script>'
        '<script id="__NEXT_DATA__" type="application/json">{}</script></body></html>',
        "<html><body><noscript>You need to enable JavaScript to run this app.</noscript>"
        '<div id="app"><span>Loading…</span></div><script src="/app.js"></script></body></html>',
    ],
)
def test_shell_variants(html):
    assert needs_render(Page.from_html("https://x.example/", html))[0] is True


@pytest.mark.parametrize(
    "name",
    [
        "exchange_en_home_zh_menu.html",
        "exchange_zh_home.html",
        "news_zh.html",
        "terms_restricted_en.html",
        "listing_en.html",
    ],
)
def test_static_content_is_not_rendered(load, name):
    render, why = needs_render(load(name))
    assert render is False, why
    assert needs_render(load(name), undecided=True)[0] is False  # content-rich, no empty mount point


def test_small_pages_without_scripts_are_not_rendered(load):
    assert needs_render(load("error_403_plain.html", status=403))[0] is False
    assert needs_render(load("block_zh.html"))[0] is False
    assert needs_render(Page("u", body=b""))[0] is False
    assert needs_render(Page("u", body=b"{}", headers={"content-type": "application/json"}))[0] is False


def test_undecided_with_substantial_scripts():
    html = (
        "<html><body><p>"
        + "Welcome. " * 40
        + "</p>"
        + "".join(f'<script src="/js/{i}.js"></script>' for i in range(3))
        + "</body></html>"
    )
    p = Page.from_html("https://x.example/", html)
    assert needs_render(p)[0] is False
    render, why = needs_render(p, undecided=True)
    assert render is True and why.startswith("undecided")


def test_small_chinese_static_page_with_analytics_is_not_rendered():
    html = (
        '<html lang="zh-CN"><head><script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");'
        'hm.src="https://hm.baidu.com/hm.js?2c9d";var s=document.getElementsByTagName("script")[0];'
        "s.parentNode.insertBefore(hm,s);})();</script>"
        '<script src="//sdk.51.la/js-sdk-pro.min.js"></script></head><body>'
        "<nav><a href='/buy'>我要买</a> <a href='/sell'>我要卖</a> <a href='/login'>登录</a></nav>"
        "<h1>USDT 大宗交易 · 商家担保 · 极速放币</h1><table><tr><th>商家</th><th>单价</th><th>限额</th></tr>"
        "<tr><td>华联自营</td><td>¥7.23</td><td>¥50,000 - ¥2,000,000</td></tr></table></body></html>"
    )
    render, why = needs_render(Page.from_html("https://otc.example/", html))
    assert render is False, why


def test_react_root_with_loading_text_is_rendered():
    html = '<html><body><div id="root"><p>Loading...</p></div><script src="/static/js/main.3f.js"></script></body></html>'
    assert needs_render(Page.from_html("https://x.example/", html)) == (
        True,
        "app shell: 1 units of visible text, 1 scripts, empty #root",
    )
