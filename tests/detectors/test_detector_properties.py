"""Property tests: no input (bytes, headers, status, JSON payloads) makes any detector raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.detectors import chinese_ui, cny_onramp, exchange, icp, region_block
from crawler.detectors.links import mirror_domains, telling_links
from crawler.detectors.page import Page
from crawler.detectors.shell import needs_render
from crawler.verdict import Verdict

DETECTORS = (chinese_ui, cny_onramp, exchange, icp, region_block)

header_names = st.sampled_from(
    ["content-type", "Content-Type", "CONTENT-LANGUAGE", "location", "x-junk", ""]
) | st.text(max_size=20)
header_values = (
    st.sampled_from(["text/html; charset=gbk", "text/html; charset=big5", "text/html; charset=utf-16",
                     "text/html; charset=", "application/json", "text/html; charset=\"x\x00\"", "zh-CN"])
    | st.text(max_size=60)
)  # fmt: skip
html_fragments = st.lists(
    st.sampled_from([
        "<html lang='zh-CN'>", "<meta charset=gb2312>", "<meta http-equiv=refresh content='0;url=/restricted'>",
        "<a href='javascript:void(0)'>简体中文</a>", "<a href='http://[::1'>x</a>", "<a href='/zh-CN/'>中文</a>",
        "<script>location.href='/blocked'</script>", "<div id=app></div>", "支付宝", "不支持", "CNY", "≈ ¥1",
        "京ICP备12345678号-1", "<base href='::::'>", "<!--", "<![CDATA[", "\x00", "\ufeff", "<title>", "&#0;",
        "<link rel=alternate hreflang=zh-Hans href=''>", "<img alt='微信支付'>", "<table><tr><td>BTC/USDT",
    ]) | st.text(max_size=40),
    max_size=30,
).map("".join)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.sampled_from(["CNY", "ALIPAY", "cny", "wxPay", "BTCUSDT"]) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(
        st.sampled_from(["fiat", "code", "rates", "payMethods", "enabled", "symbol", "bids", "asks", "CNY"]) | st.text(max_size=8),
        children, max_size=5),
    max_leaves=30,
)  # fmt: skip


def _check(page: Page) -> None:
    for mod in DETECTORS:
        v = mod.detect(page)
        assert isinstance(v, Verdict) and v.value in (True, False, None)
        assert 0.0 <= v.confidence <= 1.0
        v.to_dict()
        assert mod.combine([v, v]).value in (True, False, None)
    assert region_block.compare(page, page).value in (True, False, None)
    assert region_block.compare(None, page).value in (True, False, None)
    render, why = needs_render(page)
    assert isinstance(render, bool) and why
    assert isinstance(needs_render(page, undecided=True)[0], bool)
    assert all(lk.url.startswith(("http://", "https://")) for lk in telling_links(page))
    assert isinstance(mirror_domains(page), list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=3000), headers=st.dictionaries(header_names, header_values, max_size=4),
       status=st.integers(min_value=0, max_value=999), url=st.text(max_size=30))  # fmt: skip
def test_arbitrary_bytes_and_headers_never_raise(body, headers, status, url):
    _check(Page(url=url, body=body, headers=headers, status=status))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=html_fragments, encoding=st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "latin-1"]),
       payloads=st.lists(st.tuples(st.text(max_size=30), json_values), max_size=3))  # fmt: skip
def test_arbitrary_html_and_json_never_raise(html, encoding, payloads):
    body = html.encode(encoding, "replace")
    _check(
        Page(
            url="https://x.example/a",
            body=body,
            headers={"content-type": "text/html"},
            json_payloads=tuple(payloads),
        )
    )
