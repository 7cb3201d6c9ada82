"""icp: ICP 备案/许可证/B2 and 公网安备 numbers; mainland analytics and support channels as details."""

from __future__ import annotations

import pytest

from crawler.detectors import icp
from crawler.detectors.page import Page
from crawler.verdict import Verdict


def test_company_site_with_icp_psb_b2_and_analytics(load):
    v = icp.detect(load("icp_company_zh.html"))
    assert v.value is True and v.name == "icp"
    assert v.details["icp_numbers"] == ["浙ICP备17012345号-1", "浙B2-20180123"]
    assert v.details["psb_numbers"] == ["浙公网安备33010602009876号"]
    assert {"baidu_tongji", "cnzz"} <= set(v.details["analytics"])
    assert {"qq_wpa", "qq_contact", "wechat_contact"} <= set(v.details["support"])


@pytest.mark.parametrize(
    ("footer", "icp_numbers", "psb_numbers"),
    [
        (
            "京ICP证110745号 · 京ICP备13052560号-1 · 京公网安备 11010802020088 号 · 京网文[2025]0422-132 号",
            ["京ICP备13052560号-1", "京ICP证110745号"],
            ["京公网安备11010802020088号"],
        ),
        (
            "互联网ICP备案：沪ICP备13002172号-3 沪ICP证：沪B2-20100043",
            ["沪ICP备13002172号-3", "沪B2-20100043"],
            [],
        ),
        (
            "©2020 Baidu (京)-经营性-2017-0020京公网安备11000002000001号京ICP证030173号",
            ["京ICP证030173号"],
            ["京公网安备11000002000001号"],
        ),
        (
            "ICP备案/许可证号：粤B2-20090059 粤公网安备44030502008569号",
            ["粤B2-20090059"],
            ["粤公网安备44030502008569号"],
        ),
        ("粤ＩＣＰ备１２３４５６７８号－２", ["粤ICP备12345678号-2"], []),  # full-width forms
        ("京公网按备11010802010035号", [], ["京公网按备11010802010035号"]),  # a real-world typo
    ],
)
def test_real_footer_formats(footer, icp_numbers, psb_numbers):
    found_icp, found_psb = icp.find_numbers(footer)
    assert found_icp == icp_numbers
    assert found_psb == psb_numbers


@pytest.mark.parametrize(
    "text",
    ["京网文[2025]0422-132 号", "（沪）字第1248号", "(京)-经营性-2017-0020", "ICP: none", "TX ICP 12345678"],
)
def test_look_alikes_are_not_icp(text):
    assert icp.find_numbers(text) == ([], [])


def test_psb_number_from_beian_link_only():
    p = Page.from_html(
        "https://a.example/",
        '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010802020088">备案</a>',
    )
    v = icp.detect(p)
    assert v.details["psb_numbers"] == ["11010802020088"]
    assert v.value is False  # a link is not a displayed number
    assert v.details["beian_links"]


def test_overseas_exchange_with_mainland_analytics_is_false_with_details(load):
    v = icp.detect(load("exchange_zh_home.html"))
    assert v.value is False
    assert "baidu_tongji" in v.details["analytics"]
    assert "qq_contact" in v.details["support"] and "wechat_contact" in v.details["support"]
    assert any(e.signal == "analytics" for e in v.evidence)


def test_no_signals(load):
    v = icp.detect(load("exchange_en_only.html"))
    assert v.value is False and v.details["analytics"] == [] and v.details["support"] == []


def test_combine_unions_details():
    a = Verdict(
        "icp",
        False,
        0.7,
        details={"icp_numbers": [], "psb_numbers": [], "analytics": ["cnzz"], "support": []},
    )
    b = Verdict(
        "icp",
        True,
        0.95,
        details={
            "icp_numbers": ["京ICP备13052560号-1"],
            "psb_numbers": [],
            "analytics": [],
            "support": ["qq_wpa"],
        },
    )
    c = icp.combine([a, b])
    assert c.value is True and c.details["analytics"] == ["cnzz"] and c.details["support"] == ["qq_wpa"]
    assert icp.combine([a]).value is False
    assert icp.combine([]).value is None
