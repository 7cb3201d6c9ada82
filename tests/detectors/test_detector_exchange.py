"""exchange: trading platforms vs news sites, wallets, listings and mainland company sites (multilingual)."""

from __future__ import annotations

import pytest

from crawler.detectors import exchange
from crawler.detectors.page import Page


@pytest.mark.parametrize(
    "name",
    [
        "exchange_en_home_zh_menu.html",
        "exchange_zh_home.html",
        "exchange_en_only.html",
        "exchange_jp.html",
        "exchange_kr.html",
        "exchange_tw_trad.html",
        "gbk_no_meta.html",
    ],
)
def test_exchanges(load, name):
    v = exchange.detect(load(name, headers={}))
    assert v.value is True, v.reasons
    assert v.evidence and v.evidence[0].signal == "trading"
    assert v.details["trading"] >= exchange.MIN_TRADING


@pytest.mark.parametrize(
    ("name", "rival"),
    [
        ("news_zh.html", "news"),
        ("wallet_zh.html", "wallet"),
        ("listing_en.html", "listing"),
        ("icp_company_zh.html", "corporate"),
    ],
)
def test_hard_negatives(load, name, rival):
    v = exchange.detect(load(name))
    assert v.value is False, v.details
    best = max(exchange.RIVALS, key=lambda k: v.details[k])
    assert best == rival or (rival == "vendor" and best == "not_trading"), v.details


def test_english_news_article_about_exchanges_is_not_an_exchange():
    body = (
        "<article><h1>Bitcoin tops $67,000 as futures open interest climbs</h1>"
        "<p>By Jane Doe · Published March 18, 2026 · 4 min read</p>"
        "<p>BTC/USDT rose 1.2% on Binance while ETH/USDT and SOL/USDT followed. Spot volumes on OKX and Bybit "
        "rose as perpetual futures funding turned positive. Analysts expect more margin trading.</p>"
        "<p>Subscribe to our newsletter. Related articles: market analysis, opinion.</p></article>"
        "<article><h2>Exchange outflows hit record</h2><p>2026-03-17</p></article>"
        "<article><h2>Regulators weigh stablecoin rules</h2><p>2026-03-16</p></article>"
    )
    v = exchange.detect(Page.from_html("https://news.example/", f"<html><body>{body}</body></html>"))
    assert v.value is False


def test_exchange_mentioning_its_own_wallet_is_still_an_exchange(load):
    html = load("exchange_en_home_zh_menu.html").text.replace(
        "</main>",
        "<section><h2>Nexbit Web3 Wallet</h2><p>A self-custody multi-chain wallet. Your keys, your DApps.</p></section></main>",
    )
    assert exchange.detect(Page.from_html("https://www.nexbit.com/", html)).value is True


def test_json_markets_and_order_book_count(load_json):
    shell = "<html><body><div id=app>Loading</div></body></html>"
    book = {"bids": [["67000", "1.2"]], "asks": [["67010", "0.4"]]}
    p = Page.from_html(
        "https://x.example/trade",
        shell,
        json_payloads=(
            ("https://api.x.example/v1/exchangeInfo", load_json("markets.json")),
            ("https://api.x.example/v1/depth", book),
        ),
    )
    s = exchange.scores(p)
    assert "json_markets" in s["hits"]["trading"] and "json_order_book" in s["hits"]["trading"]


def test_shell_without_content_is_undecided(load):
    assert exchange.detect(load("shell_vue.html")).value is None
    assert exchange.detect(Page("u", body=b"")).value is None


def test_combine_adds_features_across_pages(load):
    p2p = exchange.detect(load("exchange_p2p_zh.html"))
    home = exchange.detect(load("exchange_zh_home.html"))
    site = exchange.combine([p2p, home])
    assert site.value is True and site.details["pages"] == 2
    news = exchange.detect(load("news_zh.html"))
    assert exchange.combine([news]).value is False
    assert exchange.combine([]).value is None


def test_shell_with_i18n_bundle_reads_the_bundle_vocabulary():
    shell = '<html lang="zh-CN"><body><div id="app"></div><script src="/js/app.js"></script></body></html>'
    bundle = {
        "nav": ["首页", "快捷买币", "现货", "U本位合约", "跟单", "资产", "登录", "注册"],
        "home": {
            "cta": "立即交易",
            "pairs": ["BTC/USDT", "ETH/USDT", "SOL/USDT"],
            "fees": "挂单 0.02% 吃单 0.05% 交易手续费",
        },
        "assets": {"deposit": "充币", "withdraw": "提币"},
    }
    p = Page.from_html(
        "https://www.app.example/",
        shell,
        json_payloads=(("https://www.app.example/i18n/zh-CN.json", bundle),),
    )
    v = exchange.detect(p)
    assert v.value is True, v.details


def test_news_site_that_says_it_offers_no_trading():
    body = (
        "<header><a href='/kuaixun'>快讯</a> <a href='/hangqing'>行情</a></header><p>比特币短线突破 92,000 美元，"
        "某交易所宣布上线 SOL 永续合约，现货与合约成交量放大，BTC/USDT ETH/USDT SOL/USDT。</p>"
        "<footer>币快讯 © 2026 · 本站仅提供资讯，不提供任何交易服务</footer>"
    )
    v = exchange.detect(
        Page.from_html("https://news.example/", f"<html lang='zh-CN'><body>{body}</body></html>")
    )
    assert v.value is False and "not_trading" in v.reasons[0]


def test_exchange_software_vendor_without_disclaimer(load):
    html = load("vendor_exchange_software_zh.html").text.replace(
        "本公司仅提供技术服务，不从事任何数字货币交易业务。", ""
    )
    v = exchange.detect(Page.from_html("https://vendor.example/", html))
    assert v.value is False and "vendor" in v.reasons[0]
