"""chinese_ui: Simplified-Chinese UI by character statistics, language menus and hreflang; hard negatives."""

from __future__ import annotations

import pytest

from crawler.detectors import chinese_ui
from crawler.detectors.page import Page
from crawler.detectors.textstats import script_sets, script_stats
from crawler.verdict import Verdict

EN_BODY = (
    "<p>" + "Trade bitcoin and ethereum with low fees and deep liquidity on our platform. " * 15 + "</p>"
)


def html(body: str, lang: str = "en", head: str = "") -> Page:
    return Page.from_html(
        "https://www.site.example/", f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    )


@pytest.mark.parametrize(
    "name",
    ["exchange_zh_home.html", "exchange_p2p_zh.html", "news_zh.html", "wallet_zh.html", "gbk_no_meta.html"],
)
def test_simplified_text_is_chinese_ui(load, name):
    v = chinese_ui.detect(load(name, headers={}))
    assert v.value is True and v.confidence >= 0.9
    assert v.details["via"] == "text" and v.details["simplified"] > v.details["traditional"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in v.evidence[0].snippet)


def test_text_wins_over_wrong_lang_attribute():
    zh = "<p>" + "我们为全球用户提供安全稳定的数字资产交易服务，支持现货与合约交易。" * 3 + "</p>"
    assert chinese_ui.detect(html(zh, lang="en")).value is True
    # lang="zh-CN" left on an English page by a Chinese dev team is not a Chinese UI
    v = chinese_ui.detect(html(EN_BODY, lang="zh-CN"))
    assert v.value is False and v.details["lang"] == "zh-cn"


def test_language_menu_link_means_one_click_away(load):
    v = chinese_ui.detect(load("exchange_en_home_zh_menu.html", url="https://www.nexbit.com/en/"))
    assert v.value is True
    assert 0.5 <= v.confidence < 0.9  # moderate: the Chinese UI is a click away, not on this page
    assert v.details["via"] == "one_click"
    assert any(e.url == "https://www.nexbit.com/zh-CN/" for e in v.evidence)


@pytest.mark.parametrize(
    "menu",
    [
        '<a href="/?lang=zh-CN">中文(简体)</a>',
        '<a href="/zh-hans/">Chinese (Simplified)</a>',
        '<a href="/cn/">中文</a>',
        "<ul class=lang><li>English</li><li>简体中文</li><li>Español</li></ul>",  # JS menu, no href
        '<select><option value="en">English</option><option value="zh_CN">中文简体</option></select>',
    ],
)
def test_menu_variants(menu):
    v = chinese_ui.detect(html(menu + EN_BODY))
    assert v.value is True and v.details["via"] == "one_click"


def test_hreflang_alternate_without_visible_menu():
    head = '<link rel="alternate" hreflang="zh-CN" href="https://www.site.example/zh-cn/">'
    v = chinese_ui.detect(html(EN_BODY, head=head))
    assert v.value is True and v.evidence[0].signal == "hreflang"


def test_traditional_only_is_not_chinese_ui(load):
    v = chinese_ui.detect(load("exchange_tw_trad.html"))
    assert v.value is False
    assert v.details["traditional"] > v.details["simplified"]
    big5 = chinese_ui.detect(load("big5_meta.html"))
    assert big5.value is False


def test_traditional_menu_only_is_not_chinese_ui():
    menu = '<a href="/zh-TW/">繁體中文</a><a href="/zh-HK/">中文(香港)</a><a href="/en/">English</a>'
    head = '<link rel="alternate" hreflang="zh-Hant" href="/zh-TW/">'
    assert chinese_ui.detect(html(menu + EN_BODY, head=head)).value is False


def test_japanese_is_not_chinese_ui(load):
    v = chinese_ui.detect(load("exchange_jp.html"))
    assert v.value is False and v.details["kana"] > 0
    assert "Japanese" in v.reasons[0]


def test_korean_is_not_chinese_ui(load):
    v = chinese_ui.detect(load("exchange_kr.html"))
    assert v.value is False and v.details["hangul_share"] > 0.5


def test_english_with_a_few_chinese_words_is_not_chinese_ui():
    body = "<p>Founded by the team behind 火币 and 币安 alumni, we serve 40 countries.</p>" + EN_BODY
    v = chinese_ui.detect(html(body))
    assert v.value is False
    assert v.details["han"] < chinese_ui.MIN_HAN


def test_mention_of_simplified_chinese_inside_a_chinese_sentence_is_not_a_menu():
    # Traditional page saying "we do not offer a simplified version" in prose
    body = "<p>" + "本站僅提供繁體中文介面，暫無簡體版本。我們專注服務台灣與香港的用戶。" * 3 + "</p>"
    assert chinese_ui.detect(html(body, lang="zh-TW")).value is False


def test_shell_with_zh_lang_is_undecided(load):
    v = chinese_ui.detect(load("shell_vue.html"))
    assert v.value is None and "zh-cn" in v.reasons[0]


def test_empty_and_non_html():
    assert chinese_ui.detect(Page("u", body=b"")).value is None
    assert (
        chinese_ui.detect(Page("u", body=b'{"a":1}', headers={"content-type": "application/json"})).value
        is None
    )


def test_combine():
    t_menu = Verdict("chinese_ui", True, 0.7, ("menu",), (), {"via": "one_click"})
    t_text = Verdict("chinese_ui", True, 0.92, ("text",), (), {"via": "text"})
    f = Verdict("chinese_ui", False, 0.8)
    n = Verdict("chinese_ui", None)
    assert chinese_ui.combine([f, t_menu, t_text]).confidence == 0.92
    assert chinese_ui.combine([f, t_menu]).value is True
    assert chinese_ui.combine([f, n]).value is False
    assert chinese_ui.combine([n]).value is None
    assert chinese_ui.combine([]).value is None


def test_script_sets_and_stats():
    simplified, traditional = script_sets()
    assert {"们", "币", "这", "说", "国"} <= simplified
    assert {"們", "幣", "這", "說", "國"} <= traditional
    assert "后" not in simplified and "台" not in simplified  # also ordinary Traditional characters
    s = script_stats("我们的币 我們的幣 ひらがな 한국어 hello world")
    assert (s.simplified, s.traditional) == (2, 2)
    assert s.kana == 4 and s.hangul == 3 and s.latin_words == 2


def test_ticker_heavy_chinese_page_is_still_chinese():
    rows = "".join(f"<tr><td>COIN{i} USDT SPOT PERP VOL</td></tr>" for i in range(300))
    zh = "<p>" + "币币交易永续合约跟单交易理财产品新币上线，注册即送礼包，立即交易。" * 8 + "</p>"
    v = chinese_ui.detect(html(zh + f"<table>{rows}</table>"))
    assert v.details["han_share"] < chinese_ui.MIN_HAN_SHARE
    assert v.value is True and v.details["via"] == "text"


def test_app_shipping_simplified_locale_json_is_one_click_away():
    shell = '<html><body><div id="app"></div><script src="/app.js"></script></body></html>'
    bundle = {
        "nav": {"trade": "币币交易", "futures": "永续合约", "buy": "快捷买币"},
        "home": {
            "title": "全球领先的数字资产交易平台",
            "cta": "立即注册，开启您的数字资产之旅",
            "desc": "安全稳定，值得信赖的交易所",
        },
    }
    p = Page.from_html(
        "https://app.example/", shell, json_payloads=(("https://app.example/i18n/messages.json", bundle),)
    )
    v = chinese_ui.detect(p)
    assert v.value is True and v.evidence[0].signal == "json_text"
    p2 = Page.from_html(
        "https://app.example/", shell, json_payloads=(("https://app.example/locales/zh-CN.json", {"k": "v"}),)
    )
    assert chinese_ui.detect(p2).value is True
    p3 = Page.from_html(
        "https://app.example/",
        shell,
        json_payloads=(("https://app.example/locales/zh-TW.json", {"k": "帳戶"}),),
    )
    assert chinese_ui.detect(p3).value is None


def test_prose_mentioning_simplified_chinese_is_not_a_menu():
    body = "<p>Our support agents speak English and Simplified Chinese around the clock.</p>" + EN_BODY
    assert chinese_ui.detect(html(body)).value is False


def test_country_select_with_china_is_not_a_language_menu():
    form = '<select name="country"><option value="US">United States</option><option value="CN">China</option></select>'
    assert chinese_ui.detect(html(form + EN_BODY)).value is False


def test_kana_poor_japanese_price_table_is_not_chinese():
    rows = "".join(
        f"<tr><td>{n}</td><td>円建て価格 {i}円</td><td>売買代金</td><td>出来高</td></tr>"
        for i, n in enumerate(["ビットコイン", "イーサリアム"] + ["銘柄"] * 8)
    )
    body = (
        f"<h1>取引所 販売所 入出金 口座開設</h1><table>{rows}</table><p>関連情報 対応通貨 手数料一覧 図表</p>"
    )
    v = chinese_ui.detect(html(body, lang="ja"))
    assert v.value is False and "Japanese" in v.reasons[0]
    v2 = chinese_ui.detect(html(body.replace("ビットコイン", "BTC").replace("イーサリアム", "ETH"), lang=""))
    assert v2.value is False and v2.details["japanese_kanji"] >= 3


def test_traditional_page_with_ambiguous_zh_markers_is_not_simplified():
    trad = "<p>" + "我們是台灣在地的虛擬資產交易所，提供新台幣入金與現貨交易服務。" * 3 + "</p>"
    head = '<link rel="alternate" hreflang="zh" href="https://www.site.example/zh/">'
    menu = '<a href="/zh/">中文</a><a href="/en/">English</a>'
    assert chinese_ui.detect(html(menu + trad, lang="zh-Hant", head=head)).value is False
    # an explicit Simplified version next to the Traditional one does count
    v = chinese_ui.detect(html(menu + '<a href="/zh-cn/">简体中文</a>' + trad, lang="zh-Hant", head=head))
    assert v.value is True and v.details["via"] == "one_click"
