"""cny_onramp: renminbi payment rails and purchasable CNY, in text and JSON; negations and display-only prices."""

from __future__ import annotations

import pytest

from crawler.detectors import cny_onramp
from crawler.detectors.page import Page
from crawler.verdict import Verdict


def html(body: str, url: str = "https://www.ex.example/", lang: str = "zh-CN") -> Page:
    return Page.from_html(url, f'<html lang="{lang}"><body>{body}</body></html>')


def test_p2p_page_with_alipay_wechat_bank_and_cny(load):
    v = cny_onramp.detect(load("exchange_p2p_zh.html", url="https://www.ex.example/c2c/buy/USDT"))
    assert v.value is True and v.confidence >= 0.9
    assert {"alipay", "wechat_pay", "cn_bank"} <= set(v.details["rails"])
    assert any("支付宝" in e.snippet for e in v.evidence)
    assert v.details["negated"] == []  # the "请勿备注" tip after the table does not negate the rails


def test_home_page_quick_buy_with_rmb(load):
    v = cny_onramp.detect(load("exchange_zh_home.html"))
    assert v.value is True
    assert v.details["cny_purchasable"] >= 1


@pytest.mark.parametrize(
    "body",
    [
        "<h2>快捷买币</h2><p>使用云闪付或银联卡，三步完成购买。</p>",
        "<h2>Buy Crypto</h2><p>Pay with Alipay or WeChat Pay in seconds.</p>",
        "<h2>P2P</h2><p>Buy USDT with CNY via bank transfer. 0 fees for takers.</p>",
        "<p>法币交易 支持 人民币 购买 USDT</p>",
    ],
)
def test_positive_variants(body):
    assert cny_onramp.detect(html(body)).value is True


def test_negated_alipay_zh(load):
    v = cny_onramp.detect(load("exchange_negated_alipay_zh.html"))
    assert v.value is False
    assert {"支付宝", "微信支付"} <= set(v.details["negated"])


def test_negated_alipay_en(load):
    v = cny_onramp.detect(load("exchange_negated_alipay_en.html"))
    assert v.value is False
    assert "alipay" in [n.lower() for n in v.details["negated"]]


@pytest.mark.parametrize(
    "body",
    [
        "<p>快捷买币：暂不支持支付宝和微信支付，请使用信用卡。</p>",
        "<p>Buy crypto: Alipay and WeChat Pay are not supported at this time.</p>",
        "<p>P2P交易：根据监管要求，平台禁止使用银联卡付款。</p>",
        "<p>法币交易：本平台无法使用人民币购买。</p>",
    ],
)
def test_negation_variants(body):
    assert cny_onramp.detect(html(body)).value is False


def test_display_only_cny_and_yen_sign_do_not_count(load):
    v = cny_onramp.detect(load("exchange_display_cny.html"))
    assert v.value is False
    assert v.details["cny_display"] >= 2


def test_japanese_yen_prices_are_not_renminbi(load):
    v = cny_onramp.detect(load("exchange_jp.html"))
    assert v.value is False


def test_traditional_taiwan_bank_transfer_is_not_renminbi(load):
    assert cny_onramp.detect(load("exchange_tw_trad.html")).value is False


def test_wechat_as_contact_channel_is_not_a_payment(load):
    v = cny_onramp.detect(html("<p>联系我们：微信 abc123 客服QQ 12345</p><p>交易所公告</p>"))
    assert v.value is False
    assert cny_onramp.detect(load("icp_company_zh.html")).value is False


def test_english_bank_transfer_in_eur_is_not_renminbi(load):
    assert cny_onramp.detect(load("exchange_en_only.html")).value is False


def test_json_fiat_list_with_cny(load_json):
    p = Page(
        "https://www.ex.example/buy-crypto",
        body=b"",
        json_payloads=(("https://api.ex.example/v1/fiat/currencies", load_json("fiat_list_with_cny.json")),),
    )
    v = cny_onramp.detect(p)
    assert v.value is True
    assert any(e.signal == "json_cny_fiat" for e in v.evidence)
    assert v.evidence[0].url == "https://api.ex.example/v1/fiat/currencies"


def test_json_fiat_list_without_cny_and_display_rates(load_json):
    p = Page.from_html(
        "https://www.ex.example/",
        "<p>Buy crypto with card</p>",
        json_payloads=(("https://api.ex.example/v1/config", load_json("fiat_list_without_cny.json")),),
    )
    v = cny_onramp.detect(p)
    assert v.value is False  # CNY there is disabled, a display currency and a rate: never purchasable
    assert v.details["json"]["cny_purchasable"] == 0


@pytest.mark.parametrize("name", ["p2p_ads_cny.json", "p2p_ads_okx_style.json"])
def test_json_p2p_ads(load_json, name):
    p = Page(
        "https://www.ex.example/p2p",
        body=b"",
        json_payloads=(("https://www.ex.example/bapi/c2c/v2/adv/search", load_json(name)),),
    )
    v = cny_onramp.detect(p)
    assert v.value is True and v.confidence >= 0.9
    assert v.details["json"]["rails"]


def test_json_p2p_ads_in_eur_are_not_renminbi(load_json):
    p = Page(
        "https://www.ex.example/p2p",
        body=b"",
        json_payloads=(("https://www.ex.example/v3/c2c/ads", load_json("p2p_ads_eur.json")),),
    )
    assert cny_onramp.detect(p).value is False


def test_json_odd_shapes_never_raise():
    weird = [None, 1, "CNY", [[["alipay"]]], {"": {"CNY": {"buy": False}}}, {"a": [1.5, True, {"cny": 7.1}]}]
    p = Page("u", body=b"", json_payloads=tuple(("https://x/api/fiat", w) for w in weird))
    assert cny_onramp.detect(p).value in (True, False)


def test_nothing_fetched_is_unknown():
    assert cny_onramp.detect(Page("u", body=b"")).value is None


def test_combine():
    t = Verdict("cny_onramp", True, 0.85)
    f = Verdict("cny_onramp", False, 0.6)
    assert cny_onramp.combine([f, t]).value is True
    assert cny_onramp.combine([f, f]).value is False
    assert cny_onramp.combine([Verdict.unknown("cny_onramp", "x")]).value is None


def test_rails_drawn_as_icons_without_alt_text():
    body = (
        '<h2>快捷买币</h2><p>选择付款方式</p><div class="pay-list"><i class="icon icon-alipay"></i>'
        '<img src="/static/pay/wechatpay.svg"></div>'
    )
    v = cny_onramp.detect(html(body))
    assert v.value is True and "payment icon" in v.evidence[0].snippet


def test_icon_on_traditional_page_does_not_count():
    body = '<p>港幣快速入金，支援轉數快。</p><p>交易所現貨交易，幣幣交易，安全可靠的數位資產平台。</p><i class="icon-alipay"></i>'
    assert cny_onramp.detect(html(body, lang="zh-HK")).value is False


def test_listing_column_of_supported_fiat_is_not_an_onramp():
    body = "<h1>交易所排行榜</h1><table><tr><th>交易所</th><th>支持法币</th></tr><tr><td>某交易所</td><td>CNY USD</td></tr></table>"
    assert cny_onramp.detect(html(body)).value is False


def test_privacy_policy_naming_processors_is_not_an_onramp():
    body = (
        "<h1>Privacy Policy</h1><p>We may share payment data with processors such as Alipay, WeChat Pay and "
        "UnionPay when you buy crypto through a partner, and we record the currency (e.g. CNY) of each payment.</p>"
    )
    p = Page.from_html(
        "https://www.ex.example/legal/privacy",
        f"<html><head><title>Privacy Policy</title></head><body>{body}</body></html>",
    )
    assert cny_onramp.detect(p).value is False


def test_english_p2p_in_cny(load):
    v = cny_onramp.detect(load("p2p_en_cny.html", url="https://www.voltex.example/en/p2p/buy/USDT?fiat=CNY"))
    assert v.value is True
    assert {"alipay", "cn_bank", "wechat_pay"} <= set(v.details["rails"])


def test_english_p2p_in_usd_with_bank_transfer_is_not_renminbi(load):
    v = cny_onramp.detect(load("p2p_en_usd.html", url="https://www.voltex.example/en/p2p/buy/USDT?fiat=USD"))
    assert v.value is False and v.details["rails"] == []


def test_app_shell_is_undecided_not_false(load):
    assert cny_onramp.detect(load("shell_vue.html")).value is None


def test_json_api_response_fetched_as_a_page(load_json):
    import json

    body = json.dumps(load_json("p2p_ads_okx_style.json")).encode()
    p = Page(
        "https://www.ex.example/v3/c2c/ads?side=sell", body=body, headers={"Content-Type": "application/json"}
    )
    assert cny_onramp.detect(p).value is True


def test_combine_unions_rails_over_pages(load, load_json):
    text = cny_onramp.detect(load("exchange_p2p_zh.html"))
    js = cny_onramp.detect(Page("https://www.ex.example/p2p", body=b"", json_payloads=(
        ("https://www.ex.example/v3/c2c/ads", load_json("p2p_ads_okx_style.json")),)))  # fmt: skip
    site = cny_onramp.combine([text, js, cny_onramp.detect(load("exchange_en_only.html"))])
    assert site.value is True
    assert {"alipay", "wechat_pay", "cn_bank"} <= set(site.details["rails"])
    assert site.details["cny_purchasable"] is True


def test_json_currency_list_with_type_fiat():
    data = [
        {"code": "btc", "type": "crypto"},
        {"code": "usd", "type": "fiat"},
        {"code": "cny", "type": "fiat", "minBuyAmount": 100},
    ]
    p = Page("u", body=b"", json_payloads=(("https://api.example.com/v3/currencies", data),))
    assert cny_onramp.detect(p).value is True
    off = [{"code": "cny", "type": "fiat", "isSupported": False}]
    assert (
        cny_onramp.detect(
            Page("u", body=b"", json_payloads=(("https://api.example.com/v3/currencies", off),))
        ).value
        is False
    )


@pytest.mark.parametrize(
    "body",
    [
        "<p>快捷买币 USDT</p><p>总资产折合 0.00 CNY</p>",
        "<p>法币交易</p><table><tr><th>币种</th><th>市值(CNY)</th></tr><tr><td>BTC</td><td>9.6万亿</td></tr></table>",
        "<p>Buy Crypto</p><p>Market cap in CNY: ¥9.6T</p>",
        "<p>以人民币计价的参考价：BTC 48.8万</p><p>购买 USDT</p>",
    ],
)
def test_display_variants(body):
    assert cny_onramp.detect(html(body)).value is False
