"""decide: the candidate rule over every combination of values, score bands and ordering, reasons, redirects."""

from __future__ import annotations

import itertools

from fakestore import facts, site_item, verdict
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.verdict import Evidence, Verdict
from exscout.decide import Decision, decide, decide_all, is_candidate, redirect_target

TRI = (True, False, None)


def _inputs(exchange, overseas, chinese_ui, cny, geoblocks, *, conf: float = 0.8):
    site = {
        "domain": "x-ex.com",
        "reachable": True,
        "outcome": "ok",
        "verdicts": {
            "exchange": verdict("exchange", exchange, conf, "order book", "https://x-ex.com/"),
            "chinese_ui": verdict("chinese_ui", chinese_ui, conf, "zh-CN", "https://x-ex.com/"),
            "cny_onramp": verdict("cny_onramp", cny, conf, "CNY", "https://x-ex.com/p2p"),
            "geoblocks_cn": verdict("geoblocks_cn", geoblocks, conf, "451", "https://x-ex.com/"),
        },
        "linked": [],
    }
    fx = {"overseas": verdict("overseas", overseas, conf), "blocked_in_cn": verdict("blocked_in_cn", None),
          "countries": ["SG"], "asns": [132203], "ips": ["43.128.10.7"]}  # fmt: skip
    return site, fx


def expected(exchange, overseas, chinese_ui, cny, geoblocks) -> bool:
    # written independently of exscout.decide, straight from the label definition
    return (
        exchange is True
        and overseas is True
        and (chinese_ui is True or cny is True)
        and geoblocks is not True
    )


def test_truth_table_all_243_combinations() -> None:
    seen = {True: 0, False: 0}
    for combo in itertools.product(TRI, repeat=5):
        d = decide(*_inputs(*combo))
        assert d.candidate is expected(*combo), combo
        assert (
            is_candidate(
                dict(
                    zip(
                        ("exchange", "overseas", "chinese_ui", "cny_onramp", "geoblocks_cn"),
                        combo,
                        strict=True,
                    )
                )
            )
            is d.candidate
        )
        assert (0.5 <= d.score <= 1.0) if d.candidate else (0.0 <= d.score < 0.5), (combo, d.score)
        seen[d.candidate] += 1
    # exchange T × overseas T × (ui, cny) with a True: 9 − 4 × geoblocks not True: 2
    assert seen == {True: 10, False: 233}


def test_none_geoblock_is_no_block_and_none_elsewhere_is_false() -> None:
    assert decide(*_inputs(True, True, True, None, None)).candidate is True
    assert decide(*_inputs(None, True, True, True, False)).candidate is False
    assert decide(*_inputs(True, None, True, True, False)).candidate is False
    d = decide(*_inputs(True, None, None, None, False))
    assert d.reasons[0].startswith("not a candidate: lacks overseas, Chinese UI or CNY on-ramp")
    assert "unknown: overseas, chinese_ui, cny_onramp" in d.reasons[0]


@settings(max_examples=200, deadline=None)
@given(
    combo=st.tuples(*[st.sampled_from(TRI)] * 5),
    conf=st.floats(min_value=0.0, max_value=1.0),
    other=st.tuples(*[st.sampled_from(TRI)] * 5),
    conf2=st.floats(min_value=0.0, max_value=1.0),
)
def test_every_candidate_outranks_every_non_candidate(combo, conf, other, conf2) -> None:
    a, b = decide(*_inputs(*combo, conf=conf)), decide(*_inputs(*other, conf=conf2))
    if a.candidate and not b.candidate:
        assert a.score > b.score


def test_stronger_evidence_scores_higher() -> None:
    strong = decide(
        site_item("strong.com", platform="S", exchange=True, chinese_ui=True, cny=True, ui_default=True,
                  rails=("Alipay", "WeChat Pay"), mirrors=("a.vip", "b.vip", "c.vip"), analytics=True),
        facts(True, ["SG"], [132203], ["43.128.10.7", "43.128.10.8", "2406:da18::7"], blocked=True),
    )  # fmt: skip
    medium = decide(
        site_item(
            "medium.com", platform="M", exchange=True, chinese_ui=True, cny=True, ui_default=False, rails=()
        ),
        facts(True, ["HK"], [4515], ["203.0.113.9"]),
    )
    weak = decide(
        site_item("weak.com", platform="W", exchange=True, chinese_ui=True, cny=False, ui_default=False),
        facts(True, ["US"], [16509], ["52.1.2.3"]),
    )
    assert strong.candidate and medium.candidate and weak.candidate
    assert 1.0 >= strong.score > medium.score > weak.score >= 0.5


def test_reasons_read_like_evidence() -> None:
    d = decide(
        site_item(
            "hbx.com",
            platform="HBX",
            exchange=True,
            chinese_ui=True,
            cny=True,
            rails=("Alipay", "WeChat Pay"),
        ),
        facts(True, ["SG"], [132203], ["43.128.10.7", "43.128.10.8", "2406:da18::7"], cdn="Cloudflare"),
    )
    assert "Simplified-Chinese UI (default language) — https://www.hbx.com/" in d.reasons
    assert "CNY payment rails: Alipay, WeChat Pay — https://www.hbx.com/p2p" in d.reasons
    assert "all 3 addresses outside mainland China: SG (AS132203) via Cloudflare" in d.reasons
    assert d.values["exchange"] is True and d.cdn == ["Cloudflare"] and d.asns == ["AS132203"]
    lst = decide(
        site_item("ok.com", platform="OK", exchange=True, chinese_ui=False, cny=True, rails=()),
        facts(True, ["HK"], [4515], ["203.0.113.9"]),
    )
    assert "CNY on-ramp (CNY fiat purchase listed) — https://www.ok.com/p2p" in lst.reasons


def test_accepts_verdict_objects() -> None:
    ev = (Evidence("https://v.com/", "简体中文", "lang"),)
    site = {"domain": "v.com", "reachable": True, "verdicts": {
        "exchange": Verdict("exchange", True, 0.9, ("spot",), ev),
        "chinese_ui": Verdict("chinese_ui", True, 0.9, ("zh",), ev),
    }}  # fmt: skip
    fx = {
        "overseas": Verdict("overseas", True, 0.9).to_dict(),
        "ips": ["1.1.1.1"],
        "countries": ["AU"],
        "asns": ["AS13335"],
    }
    d = decide(site, fx)
    assert d.candidate and d.asns == ["AS13335"] and d.values["cny_onramp"] is None


def test_redirect_takes_the_target_verdicts() -> None:
    target = site_item("real.com", platform="Real", exchange=True, chinese_ui=True, cny=True)
    alias = site_item(
        "alias.net", platform="Real", exchange=None, chinese_ui=None, cny=None, redirect_to="real.com"
    )
    assert redirect_target(alias) == "real.com"
    assert redirect_target({"domain": "z.com", "redirect_to": "Real.COM"}) == "real.com"
    assert redirect_target({"domain": "z.com", "outcome": "ok", "linked": alias["linked"]}) is None
    fx = {
        "real.com": facts(True, ["SG"], [132203], ["43.128.10.7"]),
        "alias.net": facts(True, ["US"], [13335], ["104.18.1.1"]),
    }
    out = decide_all({"alias.net": alias, "real.com": target}, fx)
    assert out["real.com"].candidate and out["alias.net"].candidate
    assert out["alias.net"].score == out["real.com"].score
    assert out["alias.net"].redirect_to == "real.com"
    assert (
        out["alias.net"].reasons[0] == "alias.net only redirects to real.com; takes that platform's verdicts"
    )
    assert out["alias.net"].ips == ["104.18.1.1"]  # its own addresses, the platform's verdicts
    # without the target's decision, the alias stands on its own (unknowns: not a candidate)
    alone = decide(alias, fx["alias.net"])
    assert not alone.candidate and "redirects to real.com (its decision was not available)" in alone.reasons


def test_redirect_cycles_terminate() -> None:
    a = site_item("a.com", platform="A", exchange=None, chinese_ui=None, cny=None, redirect_to="b.com")
    b = site_item("b.com", platform="B", exchange=None, chinese_ui=None, cny=None, redirect_to="a.com")
    out = decide_all({"a.com": a, "b.com": b}, {})
    assert set(out) == {"a.com", "b.com"} and not any(d.candidate for d in out.values())


def test_decision_to_dict_round_trips_through_the_store_shape() -> None:
    d = decide(*_inputs(True, True, True, False, False))
    data = d.to_dict()
    assert (
        isinstance(d, Decision)
        and data["candidate"] is True
        and set(data["values"]) >= {"exchange", "overseas"}
    )


def test_detector_shapes_ui_mode_rails_extras() -> None:
    """The shapes crawler/detectors produce: chinese_ui details.via, cny_onramp rail kinds, icp details."""
    from exscout.decide import ui_mode

    home = {"value": True, "confidence": 0.9, "evidence": [{"url": "https://x.com/", "snippet": "币币交易", "signal": "text"}],
            "details": {"pages_true": 3, "pages": 5, "via": "text"}}  # fmt: skip
    lang = {
        **home,
        "evidence": [{"url": "https://x.com/?lang=zh-CN", "snippet": "币币交易", "signal": "text"}],
    }
    menu = {
        **home,
        "details": {"via": "one_click"},
        "evidence": [
            {"url": "https://x.com/zh", "snippet": "language menu: 简体中文", "signal": "language_menu"}
        ],
    }
    assert (ui_mode(home), ui_mode(lang), ui_mode(menu)) == ("default", "served", "one_click")
    site = {"domain": "x.com", "reachable": True, "verdicts": {
        "exchange": verdict("exchange", True, 0.9, "spot", "https://x.com/"),
        "chinese_ui": {"name": "chinese_ui", **menu},
        "cny_onramp": {"name": "cny_onramp", "value": True, "confidence": 0.85, "reasons": ["renminbi payment offered"],
                       "evidence": [{"url": "https://x.com/otc/", "snippet": "银行卡 支付宝", "signal": "alipay"},
                                    {"url": "https://x.com/otc/", "snippet": "银行卡", "signal": "cn_bank"}],
                       "details": {"rails": ["alipay", "cn_bank", "wechat"]}},
        "icp": {"name": "icp", "value": False, "confidence": 0.7, "reasons": [], "evidence": [],
                "details": {"icp_numbers": [], "analytics": ["baidu_tongji"], "support": ["qq_contact"]}},
    }}  # fmt: skip
    d = decide(site, facts(True, ["SG"], [132203], ["43.128.17.41", "43.128.17.42"]))
    assert "Simplified-Chinese UI (one click away: language switcher) — https://x.com/zh" in d.reasons
    assert "CNY payment rails: Alipay, WeChat Pay, Chinese bank card — https://x.com/otc/" in d.reasons
    assert "mainland-facing extras: analytics baidu_tongji; support qq_contact" in d.reasons
    assert "all 2 addresses outside mainland China: SG (AS132203)" in d.reasons
