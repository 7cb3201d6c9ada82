"""crawler.detectors.page: decoding (headers, meta, BOM, sniffing, legacy Chinese encodings) and parsed views."""

from __future__ import annotations

import codecs

from crawler.detectors.page import Page, decode_body, normalize_charset

ZH = "币赢国际数字资产交易平台，鎔铸信任，服务至上"


def test_gbk_with_header_charset(load):
    p = load("gbk_no_meta.html", headers={"Content-Type": "text/html; charset=GBK"})
    assert p.encoding == "gb18030"
    assert "鎔铸信任" in p.visible_text  # 鎔 is outside GB2312: decoded only because GBK means GB18030
    assert "\ufffd" not in p.text


def test_gbk_with_only_meta_charset_gb2312(load):
    p = load("gbk_meta_gb2312.html", headers={"Content-Type": "text/html"})
    assert p.encoding == "gb18030"
    assert p.title == "币赢国际 - 数字资产交易平台"
    assert "鎔铸信任" in p.visible_text


def test_gbk_without_any_declaration_is_sniffed(load):
    p = load("gbk_no_meta.html", headers={})
    assert p.encoding == "gb18030"
    assert "支持支付宝" in p.visible_text


def test_big5_meta(load):
    p = load("big5_meta.html", headers={"Content-Type": "text/html"})
    assert p.encoding in ("big5hkscs", "cp950")
    assert "數位資產交易平台" in p.visible_text


def test_header_beats_meta_and_bom_beats_header():
    body = ('<meta charset="utf-8"><p>' + ZH + "</p>").encode("gb18030")
    assert Page("u", body=body, headers={"content-type": "text/html; charset=gb2312"}).visible_text == ZH
    bom = codecs.BOM_UTF8 + ("<p>" + ZH + "</p>").encode("utf-8")
    p = Page("u", body=bom, headers={"content-type": "text/html; charset=gbk"})
    assert p.encoding == "utf-8" and p.visible_text == ZH


def test_wrong_utf8_declaration_falls_back_to_sniffing():
    body = ("<html><body><p>" + ZH * 5 + "</p></body></html>").encode("gb18030")
    p = Page("u", body=body, headers={"content-type": "text/html; charset=utf-8"})
    assert ZH in p.visible_text


def test_undecodable_bytes_are_replaced_not_raised():
    p = Page(
        "u", body=b"<p>ok \xff\xfe\xfa\x80 done</p>", headers={"content-type": "text/html; charset=utf-8"}
    )
    assert "ok" in p.visible_text and "done" in p.visible_text


def test_unknown_charset_label_is_ignored():
    p = Page(
        "u", body="<p>支付宝</p>".encode(), headers={"content-type": "text/html; charset=x-no-such-thing"}
    )
    assert p.visible_text == "支付宝"


def test_empty_body():
    p = Page("https://a.example/", body=b"")
    assert p.text == "" and p.visible_text == "" and p.links == () and p.lang == "" and p.title == ""
    assert p.tree is not None


def test_normalize_charset_supersets():
    assert normalize_charset("GB2312") == "gb18030"
    assert normalize_charset("gbk") == "gb18030"
    assert normalize_charset("Big5") == "big5hkscs"
    assert normalize_charset("ISO-8859-1") == "cp1252"
    assert normalize_charset("nonsense-9") is None
    assert decode_body(b"", {}) == ("", "utf-8")


def test_visible_text_skips_scripts_styles_noscript_template_and_keeps_alt():
    p = Page.from_html(
        "https://a.example/",
        "<html><head><title>T</title><style>.x{}</style></head><body><div>Hello<b>world</b></div>"
        "<script>var hidden=1</script><noscript>enable js</noscript><template><p>tpl</p></template>"
        '<img alt="支付宝"><a href="/zh-CN/">简体中文</a><a href="/en">English</a></body></html>',
    )
    vt = p.visible_text
    assert "Hello" in vt and "world" in vt and "支付宝" in vt
    assert "简体中文 English" in vt  # menu entries are not glued together
    for hidden in ("hidden", "enable js", "tpl", ".x{}"):
        assert hidden not in vt


def test_lang_links_meta_hreflang_scripts(load):
    p = load("exchange_en_home_zh_menu.html", url="https://www.nexbit.com/en/")
    assert p.lang == "en"
    assert ("https://www.nexbit.com/zh-CN/", "简体中文") in p.links
    assert ("zh-hans", "https://www.nexbit.com/zh-CN/") in p.hreflangs
    assert p.meta_first("og:locale:alternate") == "zh_CN"
    assert p.scripts == ("https://www.googletagmanager.com/gtag/js?id=G-XYZ123",)
    assert p.title.startswith("Nexbit")


def test_xml_lang_and_underscore():
    p = Page.from_html("u", '<html xml:lang="zh_CN"><body>x</body></html>')
    assert p.lang == "zh-cn"


def test_headers_lower_cased_and_bytes_accepted():
    p = Page("u", body=b"<p>x</p>", headers={b"Content-Type": [b"text/html; charset=utf-8"]})
    assert p.headers == {"content-type": "text/html; charset=utf-8"}
    assert p.final_url == "u"


def test_garbage_and_deep_nesting_do_not_raise():
    deep = "<div>" * 5000 + "deep" + "</div>" * 5000
    p = Page.from_html("u", deep)
    assert "deep" in p.visible_text or p.visible_text == ""
    g = Page("u", body=b"\x00\x01<<<>>>&&&;<html<body", headers={})
    assert isinstance(g.visible_text, str)


def test_xml_declaration_in_str_does_not_break_lxml():
    p = Page.from_html("u", '<?xml version="1.0" encoding="utf-8"?><html><body><p>你好世界</p></body></html>')
    assert p.visible_text == "你好世界"


def test_base_href_resolves_links():
    p = Page.from_html("https://a.example/x/y", '<base href="https://b.example/root/"><a href="p2p">P2P</a>')
    assert p.links == (("https://b.example/root/p2p", "P2P"),)


def test_json_payloads_normalised():
    p = Page(
        "u", body=b"", json_payloads=[("https://a/x.json", {"a": 1}), {"bare": True}, ["https://b", [1]]]
    )
    assert p.json_payloads == (("https://a/x.json", {"a": 1}), ("", {"bare": True}), ("https://b", [1]))


def test_wrong_header_loses_to_the_pages_own_meta(load):
    p = load("gbk_meta_gb2312.html", headers={"Content-Type": "text/html; charset=utf-8"})
    assert p.encoding == "gb18030"
    assert "鎔铸信任" in p.visible_text
