"""Synthetic simweb corpora of any size, for the benchmark (``exscout simweb generate``).

Why a generator and not a bigger hand-made corpus: the benchmark has to run
the pipeline on 10,000 sites whose ground truth is known, and a hand-made
corpus stops at a few dozen. Every generated site is one of the *cases* the
demo corpus shows one example of (static zh-CN exchange with a C2C desk,
language switchers, JS-only app shells, mirrors behind a mirror list,
region blocks, DNS poisoning, mainland or split hosting, Traditional /
Japanese / Korean / English exchanges, display-only ¥ prices, negated
payment rails, news, wallet and ranking sites, dead and faulty hosts),
built from several templates and phrasings per case so that no two sites
are one page copied. Labels follow the definitions of the corpus contract
(``shared/simweb-corpus.md``) and come from the case, never from running
the pipeline.

The mix (by labelled domain): about 20 % JS-only sites, 10 % mirrors, 10 %
dead or faulty, the rest static. Addresses come from real public
allocations whose registry country equals the corpus's (checked with
``iptocc`` at generation), split into sub-blocks so that many sites share
a network and RDAP caching matters.

Besides the contract's files the generator writes ``generate-manifest.json``:
per domain its case and kind, and the JS-only pages (URL and vantage) the
probe has to render to read the site; the benchmark's render ratio and bare
browser loop use that list. Same ``--seed`` and ``--sites``: byte-identical
output.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import random
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

MANIFEST = "generate-manifest.json"
FORMAT = "simweb-corpus/1"
LABELS_FORMAT = "simweb-labels/1"

# ---------------------------------------------------------------------------------------------
# The mix: cases and their weights. Fractions of labelled domains: JS-only ≈ 20 %, mirrors ≈ 10 %,
# dead or faulty ≈ 10 %, the rest static (redirecting old brands included).

JS_SHARE = 0.20
MIRROR_SHARE = 0.10
DEAD_SHARE = 0.10
REDIRECT_SHARE = 0.02

#: Static cases → weight. Each is built by a ``_case_<name>`` method.
STATIC_CASES: dict[str, float] = {
    "zh_static": 14, "zh_gbk": 1.0, "en_switch_zh": 7, "zh_subdomain": 2, "accept_lang": 3, "query_lang": 2,
    "zh_negated": 3, "en_cny": 3, "zh_geoblock": 3, "zh_cn_redirect": 1, "zh_poisoned": 3, "zh_cn_nxdomain": 1,
    "zh_cn_timeout": 0.3, "zh_mainland": 2, "zh_split_aaaa": 1, "zh_split_apex": 1, "zh_split_static": 0.5,
    "zh_cn_edge": 0.7, "p2p_only": 2, "hant": 3, "ja": 3, "ko": 3, "en_only": 6, "en_display_cny": 2,
    "en_negated": 1.5, "zh_news": 2, "zh_wallet": 1, "zh_ranking": 1, "cn_company": 1,
}  # fmt: skip
#: JS-only (app shell) cases → weight.
JS_CASES: dict[str, float] = {"js_zh": 10, "js_en_cny": 4, "js_en": 5}
#: Dead or faulty cases → weight.
DEAD_CASES: dict[str, float] = {"nxdomain": 3.5, "refused": 2, "reset": 1.5, "server_error": 1.5,
                                "dns_timeout": 0.3, "conn_timeout": 0.2}  # fmt: skip
#: Cases whose platform may publish mirrors (static zh exchanges with a mirror list page).
MIRROR_HOSTS = ("zh_static", "zh_poisoned", "p2p_only", "zh_negated")
#: Cases an old brand may redirect to.
REDIRECT_TARGETS = ("zh_static", "en_switch_zh", "js_zh", "en_only", "accept_lang")

# ---------------------------------------------------------------------------------------------
# Networks: real public allocations (registry country checked with iptocc), cut into sub-blocks.


@dataclass(frozen=True)
class Provider:
    """A hosting provider: one real allocation, its registry facts, and how finely it is cut."""

    key: str
    cidr: str
    asn: int
    as_name: str
    org: str
    country: str
    rir: str
    sub_prefix: int  # sub-block size the corpus registers (RDAP reports it); == prefix: one network


PROVIDERS: tuple[Provider, ...] = (
    Provider("sg_tencent", "43.128.0.0/16", 132203, "TENCENT-NET-AP-CN", "Aceville Pte. Ltd.", "SG", "apnic", 20),
    Provider("sg_ali", "8.219.0.0/16", 45102, "ALIBABA-CN-NET", "Alibaba Cloud (Singapore) Private Limited", "SG", "apnic", 20),
    Provider("us_vultr", "45.76.0.0/16", 20473, "AS-CHOOPA", "Vultr Holdings, LLC", "US", "arin", 20),
    Provider("de_hetzner", "88.198.0.0/16", 24940, "HETZNER-AS", "Hetzner Online GmbH", "DE", "ripe", 20),
    Provider("nl_leaseweb", "5.79.64.0/18", 60781, "LEASEWEB-NL-AMS-01", "LeaseWeb Netherlands B.V.", "NL", "ripe", 21),
    Provider("hk_hkt", "203.198.0.0/16", 4760, "HKTIMS-AP HKT Limited", "HKT Limited", "HK", "apnic", 20),
    Provider("tw_hinet", "211.75.0.0/16", 3462, "HINET Data Communication Business Group", "Chunghwa Telecom Co., Ltd.", "TW", "apnic", 20),
    Provider("jp_sakura", "153.127.0.0/16", 9370, "SAKURA-B SAKURA Internet Inc.", "SAKURA Internet Inc.", "JP", "apnic", 20),
    Provider("kr_naver", "49.50.160.0/19", 23576, "NBP-AS-KR NAVER Cloud Corp.", "NAVER Cloud Corp.", "KR", "apnic", 22),
    Provider("cf_v4a", "104.16.0.0/13", 13335, "CLOUDFLARENET", "Cloudflare, Inc.", "US", "arin", 13),
    Provider("cf_v4b", "172.64.0.0/13", 13335, "CLOUDFLARENET", "Cloudflare, Inc.", "US", "arin", 13),
    Provider("cf_v6", "2606:4700::/32", 13335, "CLOUDFLARENET", "Cloudflare, Inc.", "US", "arin", 32),
    Provider("aws_cf", "13.32.0.0/15", 16509, "AMAZON-02", "Amazon.com, Inc.", "US", "arin", 15),
    Provider("cn_ali", "47.92.0.0/14", 37963, "CNNIC-ALIBABA-CN-NET-AP Hangzhou Alibaba Advertising Co.,Ltd.", "Aliyun Computing Co., LTD", "CN", "apnic", 18),
    Provider("cn_tencent", "119.29.0.0/16", 45090, "TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited", "Shenzhen Tencent Computer Systems Company Limited", "CN", "apnic", 20),
    Provider("cn_tencent_v6", "2402:4e00::/32", 45090, "TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited", "Shenzhen Tencent Computer Systems Company Limited", "CN", "apnic", 32),
)  # fmt: skip
PROVIDER = {p.key: p for p in PROVIDERS}
#: Overseas hosting choices for ordinary sites (direct A records), and their weights.
OVERSEAS_DIRECT = {"sg_tencent": 5, "sg_ali": 4, "us_vultr": 3, "de_hetzner": 1, "nl_leaseweb": 1, "hk_hkt": 3}
#: Addresses DNS poisoning answers with inside China (unrelated or reserved; need no network).
POISON_ADDRESSES = ("243.185.187.39", "31.13.94.37", "69.171.229.11", "108.160.166.9", "157.240.17.14",
                    "128.121.146.235", "203.98.7.65")  # fmt: skip
LISTING_HOSTS = {
    "api.coingecko.com": {"a": ["104.18.42.178", "172.64.145.46"], "ns": ["ns-1234.awsdns-26.org"]},
    "api.coinpaprika.com": {"a": ["104.18.20.236", "104.18.21.236"], "ns": ["kiki.ns.cloudflare.com", "tom.ns.cloudflare.com"]},
}  # fmt: skip
NS_POOLS = {
    "cf": ["ivan.ns.cloudflare.com", "lola.ns.cloudflare.com"], "cf2": ["kiki.ns.cloudflare.com", "tom.ns.cloudflare.com"],
    "aws": ["ns-1123.awsdns-12.org", "ns-371.awsdns-46.com"], "ali": ["dns9.hichina.com", "dns10.hichina.com"],
    "dnspod": ["f1g1ns1.dnspod.net", "f1g1ns2.dnspod.net"], "godaddy": ["ns41.domaincontrol.com", "ns42.domaincontrol.com"],
}  # fmt: skip


class NetworkPool:
    """Hands out addresses from the providers' sub-blocks and registers each sub-block used as a network."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, dict[str, Any]] = {}  # cidr -> network entry
        self._next: Counter[str] = Counter()
        self._subnets: dict[str, list[ipaddress.IPv4Network | ipaddress.IPv6Network]] = {}
        for p in PROVIDERS:
            net = ipaddress.ip_network(p.cidr)
            self._subnets[p.key] = list(net.subnets(new_prefix=p.sub_prefix)) if p.sub_prefix > net.prefixlen else [net]

    def address(self, key: str) -> str:
        """One address of provider ``key``: a random sub-block, a fresh host number inside it."""
        p = PROVIDER[key]
        sub = self.rng.choice(self._subnets[key])
        cidr = str(sub)
        if cidr not in self.used:
            self.used[cidr] = {"cidr": cidr, "asn": p.asn, "as_name": p.as_name, "org": p.org,
                               "country": p.country, "rir": p.rir}  # fmt: skip
        self._next[cidr] += 1
        if sub.version == 6:
            return str(sub.network_address + self.rng.randrange(1, 2**48))
        n = 2 + (self._next[cidr] * 7919 + self.rng.randrange(0, 61)) % (sub.num_addresses - 4)
        return str(sub.network_address + n)

    def networks(self) -> list[dict[str, Any]]:
        """Registered networks, in a stable order (IPv4 before IPv6, then by address)."""

        def key(cidr: str) -> tuple[int, int]:
            net = ipaddress.ip_network(cidr)
            return net.version, int(net.network_address)

        return [self.used[c] for c in sorted(self.used, key=key)]


def check_providers() -> list[str]:
    """Providers whose sub-blocks' first and last addresses iptocc does not place in their country.

    Runs at every generation: a corpus whose registry country disagrees with the
    offline data would make ``overseas`` disputed and the labels wrong.
    """
    try:
        import iptocc
    except ImportError:  # pragma: no cover - iptocc is a dependency of the project
        return []
    bad = []
    for p in PROVIDERS:
        net = ipaddress.ip_network(p.cidr)
        subs = list(net.subnets(new_prefix=p.sub_prefix)) if p.sub_prefix > net.prefixlen else [net]
        for sub in subs:
            for addr in (sub.network_address, sub.broadcast_address):
                cc = iptocc.country_code(str(addr))
                if (cc or "").upper() != p.country:
                    bad.append(f"{p.key} {sub}: iptocc({addr}) = {cc}, corpus says {p.country}")
    return bad


# ---------------------------------------------------------------------------------------------
# Names

PINYIN = {
    "lan": ("蓝", "藍"), "xin": ("鑫", "鑫"), "kuai": ("快", "快"), "heng": ("恒", "恆"), "xing": ("星", "星"),
    "tian": ("天", "天"), "yuan": ("元", "元"), "jin": ("金", "金"), "bao": ("宝", "寶"), "yun": ("云", "雲"),
    "feng": ("丰", "豐"), "ming": ("明", "明"), "long": ("龙", "龍"), "hua": ("华", "華"), "tai": ("泰", "泰"),
    "fu": ("富", "富"), "an": ("安", "安"), "rui": ("瑞", "瑞"), "hai": ("海", "海"), "chen": ("辰", "辰"),
    "jia": ("嘉", "嘉"), "kai": ("凯", "凱"), "li": ("利", "利"), "nan": ("南", "南"), "qi": ("启", "啟"),
    "shun": ("顺", "順"), "tong": ("通", "通"), "wei": ("维", "維"), "xiang": ("祥", "祥"), "yi": ("易", "易"),
    "zhi": ("智", "智"), "ding": ("鼎", "鼎"), "hong": ("鸿", "鴻"), "huan": ("环", "環"), "jun": ("骏", "駿"),
    "kang": ("康", "康"), "lian": ("链", "鏈"), "qian": ("乾", "乾"), "rong": ("荣", "榮"), "sheng": ("盛", "盛"),
    "wan": ("万", "萬"), "xu": ("旭", "旭"), "yao": ("耀", "耀"), "zhong": ("中", "中"), "bi": ("币", "幣"),
    "cai": ("财", "財"), "hui": ("汇", "匯"), "shen": ("深", "深"), "lu": ("路", "路"), "ying": ("盈", "盈"),
}  # fmt: skip
WEST = ("north", "kestrel", "tidal", "orbit", "polar", "coral", "zen", "apex", "nova", "vertex", "quant", "harbor",
        "summit", "lumen", "crest", "atlas", "cobalt", "ember", "falcon", "glacier", "helix", "iris", "lynx",
        "meridian", "nimbus", "onyx", "pioneer", "quartz", "raven", "sierra", "titan", "vector", "willow", "zephyr",
        "aurora", "boreal", "cascade", "dune", "echo", "fjord", "granite", "horizon", "indigo", "juniper")  # fmt: skip
WEST_SUFFIX = ("ex", "x", "bit", "trade", "coin", "markets", "swap", "hub", "fi", "pro", "exchange", "one")
ZH_SUFFIX = ("ex", "bit", "coin", "-ex", "global", "pro", "", "otc", "exchange")
ZH_TLDS = ("com", "com", "com", "io", "net", "vip", "top", "cc", "pro", "co", "app", "exchange", "global", "live")
EN_TLDS = ("com", "com", "io", "io", "co", "exchange", "eu", "pro", "net", "app", "markets")
JA_NAMES = {"hoshi": "ほし", "sakura": "さくら", "kaze": "かぜ", "hikari": "ひかり", "sora": "そら", "tsuki": "つき",
            "mirai": "みらい", "nami": "なみ", "yume": "ゆめ", "midori": "みどり"}  # fmt: skip
JA_KIND = {"coin": "コイン", "bit": "ビット", "trade": "トレード"}
KO_NAMES = {"han": "한", "byeol": "별", "sol": "솔", "nuri": "누리", "daon": "다온", "maru": "마루", "saebit": "새빛",
            "haneul": "하늘", "gaon": "가온", "bada": "바다"}  # fmt: skip
KO_KIND = {"bit": "빗", "coin": "코인", "x": "엑스"}


@dataclass
class Brand:
    """A platform's names: ASCII (domains), Latin display, Simplified and Traditional Chinese, local script."""

    ascii: str
    latin: str
    hans: str
    hant: str
    local: str


class Namer:
    """Unique, registrable, deterministic domain names per language."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def _unique(self, stem: str, tld: str) -> str:
        domain = f"{stem}.{tld}"
        n = 2
        while domain in self.taken:
            domain = f"{stem}{n}.{tld}"
            n += 1
        self.taken.add(domain)
        return domain

    def zh(self) -> Brand:
        a, b = self.rng.sample(sorted(PINYIN), 2)
        suffix = self.rng.choice(ZH_SUFFIX)
        ascii_ = f"{a}{b}{suffix}".strip("-")
        latin = (a + b).capitalize() + ("Bit" if suffix == "bit" else "")
        kind = self.rng.choice(("交易所", "国际", "全球", "数字", "交易平台"))
        hans = PINYIN[a][0] + PINYIN[b][0]
        hant = PINYIN[a][1] + PINYIN[b][1]
        return Brand(ascii_, latin, hans, hant, hans + kind)

    def west(self) -> Brand:
        word = self.rng.choice(WEST)
        suffix = self.rng.choice(WEST_SUFFIX)
        latin = word.capitalize() + (suffix.upper() if suffix == "x" else suffix.capitalize() if suffix else "")
        return Brand(word + suffix, latin, latin, latin, latin)

    def ja(self) -> Brand:
        name = self.rng.choice(sorted(JA_NAMES))
        kind = self.rng.choice(sorted(JA_KIND))
        return Brand(name + kind, name.capitalize() + " " + kind.capitalize(), name, name, JA_NAMES[name] + JA_KIND[kind])

    def ko(self) -> Brand:
        name = self.rng.choice(sorted(KO_NAMES))
        kind = self.rng.choice(sorted(KO_KIND))
        return Brand(name + kind, (name + kind).upper(), name, name, KO_NAMES[name] + KO_KIND[kind])

    def domain(self, brand: Brand, tlds: Iterable[str]) -> str:
        return self._unique(brand.ascii.replace("--", "-"), self.rng.choice(tuple(tlds)))


# ---------------------------------------------------------------------------------------------
# Page text


def _price(rng: random.Random, base: float, digits: int = 2) -> str:
    return f"{base * rng.uniform(0.97, 1.03):,.{digits}f}"


PAIRS = (("BTC", 91840.0, 2), ("ETH", 3215.0, 2), ("SOL", 236.0, 2), ("XRP", 1.44, 4), ("DOGE", 0.41, 4),
         ("TON", 6.41, 3), ("BNB", 612.0, 2), ("ADA", 0.92, 4), ("TRX", 0.21, 4), ("LTC", 101.0, 2))  # fmt: skip


def market_rows(rng: random.Random, quote: str = "USDT", n: int = 4, sep: str = "/") -> list[tuple[str, str, str]]:
    rows = []
    for base, price, digits in rng.sample(PAIRS, n):
        change = rng.uniform(-4, 5)
        rows.append((f"{base}{sep}{quote}", _price(rng, price, digits), f"{change:+.2f}%"))
    return rows


def table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "markets") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}">\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'


HM_SCRIPT = """<script>
var _hmt = _hmt || [];
(function() {
  var hm = document.createElement("script");
  hm.src = "https://hm.baidu.com/hm.js?%s";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
})();
</script>"""
CNZZ_SCRIPT = '<script src="https://s4.cnzz.com/z_stat.php?id=%s&web_id=%s"></script>'


def _hex(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


ZH_HERO = ("新用户注册即送 {n} USDT 体验金", "安全可靠的数字资产交易平台", "{brand}，让交易更简单", "一站式买卖比特币、以太坊",
           "全球领先的数字货币交易所", "专业、稳定、可信赖的加密资产服务")  # fmt: skip
ZH_SUB = ("千万级风险准备金 · 冷热钱包分离 · 7×24 小时在线客服", "支持现货、U本位合约与跟单交易，最高 {lev} 倍杠杆",
          "多重签名冷钱包存储 95% 以上用户资产，累计服务用户 {users} 万+", "毫秒级撮合引擎，深度流动性，挂单手续费低至 0.{fee}%")  # fmt: skip
ZH_FEATURES = (("C2C 快捷买币", "商家实名认证并缴纳保证金，放币快至 3 分钟。"), ("合约交易", "最高 {lev} 倍杠杆，USDT 本位与币本位永续合约。"),
               ("资产安全", "多重签名冷钱包存储 95% 以上用户资产。"), ("跟单交易", "一键跟随资深交易员，收益实时可见。"),
               ("理财宝", "活期理财年化最高 8%，随存随取。"), ("充币提币", "支持 TRC20、ERC20、BEP20 多链充值，提币秒级到账。"))  # fmt: skip
EN_HERO = ("Trade crypto with confidence", "The calm way to trade crypto", "Deep liquidity for every trader",
           "Buy, sell and trade 300+ crypto assets", "Your gateway to digital asset markets", "Trade the future")  # fmt: skip
EN_SUB = ("Spot, margin and perpetual futures with up to {lev}x leverage.", "Maker fees from 0.0{fee}% and 24/7 multilingual support.",
          "Institutional-grade matching engine, over {users}0,000 registered users.", "Deposit crypto from any network in minutes.")  # fmt: skip
EN_FEATURES = (("Spot trading", "Limit, market and stop-limit orders on 300+ pairs."), ("Perpetual futures", "Up to {lev}x leverage, USDT-margined."),
               ("Copy trading", "Follow top traders with one click."), ("Earn", "Flexible savings and staking on idle assets."),
               ("Security", "95% of assets in multi-signature cold storage."), ("API trading", "REST and WebSocket API with low-latency order placement."))  # fmt: skip


def fmt(text: str, rng: random.Random, brand: str) -> str:
    return text.format(n=rng.choice((10, 20, 50, 100)), brand=brand, lev=rng.choice((50, 100, 125, 200)),
                       users=rng.randrange(50, 900), fee=rng.randrange(2, 9))  # fmt: skip


@dataclass
class Lang:
    """What a page in one UI language says for the shared parts of an exchange page."""

    code: str
    spot: str
    futures: str
    markets: str
    login: str
    register: str
    pair_head: tuple[str, str, str]
    terms: str
    privacy: str
    risk: str
    deposit: str


ZH = Lang("zh-CN", "币币交易", "合约交易", "行情", "登录", "注册", ("交易对", "最新价", "24H涨跌"), "用户协议", "隐私政策", "风险提示", "充币提币")
EN = Lang("en", "Spot", "Futures", "Markets", "Log In", "Sign Up", ("Pair", "Last price", "24h change"), "Terms of Use", "Privacy Policy", "Risk Disclosure", "Deposit & Withdraw")
HANT = Lang("zh-Hant", "幣幣交易", "合約交易", "市場行情", "登入", "註冊帳戶", ("交易對", "最新價", "24小時漲跌"), "服務條款", "私隱政策", "風險披露聲明", "入金與提幣")
JA = Lang("ja", "取引所", "先物取引", "相場・チャート", "ログイン", "無料で口座開設", ("銘柄", "現在値", "前日比"), "利用規約", "個人情報保護方針", "リスクについて", "日本円入金")
KO = Lang("ko", "거래소", "선물", "코인동향", "로그인", "회원가입", ("코인명", "현재가", "전일대비"), "이용약관", "개인정보처리방침", "투자 위험 고지", "입출금")

LEGAL = {
    "zh": {"terms": ["欢迎使用{brand}（以下简称“本平台”）。在注册账户或使用本平台服务前，请您务必仔细阅读并充分理解本协议全部条款。",
                     "一、服务内容：本平台为用户提供数字资产之间的交易撮合、数字资产存管及相关信息服务。", "二、账户注册：用户须年满十八周岁，并完成实名认证（KYC）。",
                     "三、用户不得利用本平台从事洗钱、诈骗、非法集资等违法犯罪活动。", "四、本协议的解释、效力及纠纷解决均适用塞舌尔共和国法律。"],
           "privacy": ["{brand}非常重视用户的个人信息保护。本政策说明我们如何收集、使用、存储和共享您的个人信息。",
                       "我们收集的信息包括：手机号或邮箱、实名认证资料、登录设备信息及 IP 地址。", "我们不会向无关第三方出售您的个人信息。"],
           "risk": ["数字资产交易具有极高的风险，价格可能在短时间内大幅波动，您可能损失全部本金。", "杠杆与合约交易会放大收益与亏损，请谨慎参与。"]},
    "hant": {"terms": ["歡迎使用{brand}。在註冊帳戶或使用本平台服務前，請您仔細閱讀本條款。", "用戶須年滿十八歲並完成身份驗證。"],
             "privacy": ["{brand}重視您的私隱。我們只會在提供服務及遵守法律規定所需的範圍內收集及使用您的個人資料。"],
             "risk": ["數字資產價格波動極大，可能變得毫無價值。投資前請審慎考慮自身財務狀況。"]},
    "ja": {"terms": ["本規約は、{brand}（以下「当社」）が提供する暗号資産交換サービスの利用条件を定めるものです。", "お客様は、本規約に同意のうえ口座開設を申し込むものとします。"],
           "privacy": ["当社は、お客様の個人情報を適切に取り扱い、法令を遵守します。"], "risk": ["暗号資産は価格変動により損失が生じるおそれがあります。"]},
    "ko": {"terms": ["본 약관은 {brand}(이하 '회사')가 제공하는 가상자산 거래 서비스의 이용 조건을 규정합니다."],
           "privacy": ["회사는 개인정보 보호법에 따라 이용자의 개인정보를 보호합니다."], "risk": ["가상자산은 가격 변동성이 매우 큽니다."]},
    "en": {"terms": ["These Terms of Use govern your access to and use of the services provided by {brand}.",
                     "You must be at least 18 years old and complete identity verification to open an account.",
                     "Trading fees are published on our Fees page and may change with notice."],
           "privacy": ["{brand} collects the personal data needed to provide the services and to meet anti-money-laundering obligations.",
                       "We do not sell your personal data."],
           "risk": ["Trading crypto-assets involves significant risk and may result in the loss of your entire investment."]},
}  # fmt: skip
HTML_LANG = {"zh": "zh-CN", "hant": "zh-Hant", "ja": "ja", "ko": "ko", "en": "en"}


def legal_page(lang: str, kind: str, brand: str, title: str) -> str:
    paras = "\n".join(f"<p>{p.format(brand=brand)}</p>" for p in LEGAL[lang][kind])
    return (f'<!DOCTYPE html>\n<html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8"><title>{title} - {brand}</title></head>\n'
            f'<body><h1>{title}</h1>\n{paras}\n<p><a href="/">{brand}</a></p></body></html>\n')  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The builder


@dataclass
class Site:
    """One labelled domain as generated: its case, kind, labels, and the JS-only pages to render."""

    domain: str
    case: str
    kind: str  # static | js | mirror | redirect | dead | other
    labels: dict[str, Any]
    js_pages: list[tuple[str, str]] = field(default_factory=list)
    platform: str = ""


def candidate_rule(labels: dict[str, Any]) -> bool:
    """The contract's rule: exchange and overseas and (chinese_ui or cny_onramp) and not geoblocks_cn."""
    return bool(labels.get("exchange")) and bool(labels.get("overseas")) and (
        bool(labels.get("chinese_ui")) or bool(labels.get("cny_onramp"))) and not bool(labels.get("geoblocks_cn"))


def make_labels(ex: bool | None, zh: bool | None, cny: bool | None, ovs: bool | None, geo: bool | None,
                blk: bool | None, platform: str | None, why: str) -> dict[str, Any]:  # fmt: skip
    labels = {"exchange": ex, "chinese_ui": zh, "cny_onramp": cny, "overseas": ovs, "geoblocks_cn": geo,
              "blocked_in_cn": blk, "platform": platform, "why": why}  # fmt: skip
    labels["candidate"] = candidate_rule(labels)
    return {k: labels[k] for k in ("exchange", "chinese_ui", "cny_onramp", "overseas", "geoblocks_cn",
                                   "blocked_in_cn", "candidate", "platform", "why")}  # fmt: skip


class Builder:
    """Writes one corpus: hosts, networks, sites/ files, routes, labels, listings and the manifest."""

    def __init__(self, out: Path, seed: int) -> None:
        self.out = out
        self.seed = seed
        self.rng = random.Random(f"simweb-generate:{seed}")
        self.pool = NetworkPool(random.Random(f"net:{seed}"))
        self.namer = Namer(random.Random(f"names:{seed}"))
        self.hosts: dict[str, dict[str, Any]] = {}
        self.routes: dict[str, dict[str, Any]] = {}
        self.sites: dict[str, Site] = {}
        self.listed: list[tuple[str, str, str, str]] = []  # (domain, url, name, where: cg|cp|both|seed)
        self.seeds: list[str] = []
        self.files = 0
        self.bytes = 0
        self.mirror_budget = 0  # mirrors still to make (generate() sets the mix's share)

    # -- low-level writing --------------------------------------------------------------------

    def write(self, host: str, rel: str, text: str | bytes, encoding: str = "utf-8") -> None:
        data = text if isinstance(text, bytes) else text.encode(encoding, errors="xmlcharrefreplace")
        path = self.out / "sites" / host / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)

    def route(self, host: str, key: str, value: dict[str, Any]) -> None:
        self.routes.setdefault(host, {})[key] = value

    # -- DNS ----------------------------------------------------------------------------------

    def direct(self, rng: random.Random, provider: str | None = None, v6: bool = False) -> dict[str, Any]:
        """A records on one overseas provider (chosen by weight unless given)."""
        key = provider or rng.choices(sorted(OVERSEAS_DIRECT), [OVERSEAS_DIRECT[k] for k in sorted(OVERSEAS_DIRECT)])[0]
        record: dict[str, Any] = {"a": [self.pool.address(key) for _ in range(rng.choice((1, 1, 2)))]}
        if v6:
            record["aaaa"] = [self.pool.address("cf_v6")]
        return record

    def host_records(self, rng: random.Random, domain: str, names: Iterable[str], style: str,
                     ns: str | None = None) -> dict[str, dict[str, Any]]:  # fmt: skip
        """DNS for ``domain`` and the given names under it, hosted per ``style``.

        Styles: ``direct`` (one overseas VPS/cloud provider), ``cloudflare`` (apex A on
        Cloudflare, names CNAMEd to ``*.cdn.cloudflare.net``), ``cloudfront`` (CNAMEs to
        ``d….cloudfront.net``), or a provider key. Returns the records added.
        """
        added: dict[str, dict[str, Any]] = {}
        if style == "cloudflare":
            edge = {"a": [self.pool.address(rng.choice(("cf_v4a", "cf_v4b"))) for _ in range(2)]}
            if rng.random() < 0.4:
                edge["aaaa"] = [self.pool.address("cf_v6") for _ in range(2)]
            for name in names:
                if name == domain:
                    added[name] = dict(edge)
                else:
                    target = f"{name}.cdn.cloudflare.net"
                    added[name] = {"cname": target}
                    added[target] = dict(edge)
            ns_pool = ns or rng.choice(("cf", "cf2"))
        elif style == "cloudfront":
            edge = {"a": [self.pool.address("aws_cf") for _ in range(rng.choice((2, 3, 4)))]}
            for name in names:
                if name == domain:
                    added[name] = {"a": edge["a"][:2]}
                else:
                    target = f"d{_hex(rng, 13)}.cloudfront.net"
                    added[name] = {"cname": target}
                    added[target] = dict(edge)
            ns_pool = ns or "aws"
        else:
            provider = None if style == "direct" else style
            record = self.direct(rng, provider)
            for name in names:
                added[name] = {k: list(v) for k, v in record.items()}
            ns_pool = ns or rng.choice(("dnspod", "ali", "godaddy", "dnspod"))
        if domain in added:
            added[domain]["ns"] = list(NS_POOLS[ns_pool])
        self.hosts.update(added)
        return added

    def hosting_style(self, rng: random.Random, lang: str = "zh") -> str:
        """Weighted hosting choice for an overseas site (CDN-fronted about a third of the time)."""
        if lang == "ja":
            return rng.choice(("jp_sakura", "jp_sakura", "cloudfront"))
        if lang == "ko":
            return rng.choice(("kr_naver", "kr_naver", "cloudflare"))
        if lang == "tw":
            return "tw_hinet"
        if lang == "hk":
            return "hk_hkt"
        return rng.choices(("direct", "cloudflare", "cloudfront"), (6, 2.5, 1.5))[0]

    # -- page pieces ---------------------------------------------------------------------------

    def head(self, rng: random.Random, lang: str, title: str, extra: str = "", scripts: int | None = None) -> str:
        """<head> with realistic script tags: analytics inline for Chinese pages, 0-2 external bundles."""
        n = rng.choice((0, 1, 1, 1, 2)) if scripts is None else scripts
        bundles = "".join(f'<script src="/static/js/{name}.js"></script>\n' for name in ("main", "vendor")[:n])
        analytics = HM_SCRIPT % _hex(rng) if lang == "zh" and rng.random() < 0.6 else ""
        return (f'<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{title}</title>\n<link rel=\"stylesheet\" href=\"/static/css/site.css\">\n{extra}{bundles}{analytics}</head>")  # fmt: skip

    def statics(self, host: str, rng: random.Random) -> None:
        """CSS and the JS bundles the static pages name (real sites have them; renders load them)."""
        self.write(host, "static/css/site.css", "body{font-family:sans-serif;margin:0}header,nav{display:flex;gap:14px}\n")
        self.write(host, "static/js/main.js", "document.documentElement.classList.add('js');\n")
        self.write(host, "static/js/vendor.js", "/*! vendor bundle */\nwindow.__v=1;\n")

    def zh_home(self, rng: random.Random, brand: Brand, *, fiat_href: str | None = "/otc/", mirror_href: str | None = None,
                lang_attr: bool = True, extra_body: str = "", hreflang: str = "", title_kind: str = "交易所",
                footer_extra: str = "") -> str:  # fmt: skip
        """A Simplified-Chinese exchange home page, phrased from several templates."""
        name = brand.local
        hero = fmt(rng.choice(ZH_HERO), rng, name)
        sub = fmt(rng.choice(ZH_SUB), rng, name)
        feats = rng.sample(ZH_FEATURES, 3)
        nav = [f'<a href="/trade/BTC_USDT">{rng.choice(("币币交易", "现货交易"))}</a>',
               f'<a href="/contract/">{rng.choice(("合约交易", "永续合约", "U本位合约"))}</a>']
        if fiat_href:
            nav.append(f'<a href="{fiat_href}">{rng.choice(("法币交易", "C2C交易", "快捷买币", "买币"))}</a>')
        nav.append(f'<a href="/finance/">{rng.choice(("理财", "赚币", "理财宝"))}</a>')
        nav.append('<a href="/notice/">公告中心</a>')
        rows = market_rows(rng)
        markets = table((*ZH.pair_head, "24H成交量"), [(p, pr, ch, f"{rng.randrange(1000, 90000):,} 万") for p, pr, ch in rows])
        feat_html = "\n".join(f"<div><h3>{fmt(t, rng, name)}</h3><p>{fmt(d, rng, name)}</p></div>" for t, d in feats)
        mirror = f'<dd><a href="{mirror_href}">{rng.choice(("备用域名", "最新地址", "官方域名"))}</a></dd>' if mirror_href else ""
        notice = f'<section class="notice">📢 <a href="/notice/">关于{name}上线 {rows[0][0]} 永续合约的公告</a></section>'
        html_lang = ' lang="zh-CN"' if lang_attr else ""
        title = f"{name}{'' if title_kind in name else ' '} - {rng.choice(('安全可靠的数字资产交易平台', '全球数字货币交易所', '比特币交易平台'))}"
        return f"""<!DOCTYPE html>
<html{html_lang}>
{self.head(rng, "zh", title, hreflang)}
<body>
<header class="{rng.choice(("top", "header", "nav-bar", "site-head"))}">
  <a class="logo" href="/">{name} {brand.latin}</a>
  <nav>{"".join(nav)}</nav>
  <div class="user"><a href="/login">登录</a> <a class="btn" href="/register">注册</a> <a href="/download">下载APP</a> <span class="lang">简体中文</span></div>
</header>
<section class="banner"><h1>{hero}</h1><p>{sub}</p><a class="btn" href="/register">立即注册</a></section>
{notice}
<section class="markets"><h2>热门行情</h2>
{markets}
</section>
<section class="features">
{feat_html}
</section>
{extra_body}
<footer>
  <dl><dt>关于</dt><dd><a href="/about">关于我们</a></dd>{mirror}</dl>
  <dl><dt>条款</dt><dd><a href="/terms">用户协议</a></dd><dd><a href="/privacy">隐私政策</a></dd><dd><a href="/risk">风险提示</a></dd></dl>
  <dl><dt>服务</dt><dd>手续费：挂单 0.{rng.randrange(1, 9)}% / 吃单 0.{rng.randrange(1, 9)}%</dd><dd>充币提币 24 小时到账</dd></dl>
  <p class="copy">© {rng.randrange(2016, 2024)}-2026 {brand.latin} Global Ltd. 版权所有 · 数字资产价格波动较大，请您理性投资 {footer_extra}</p>
</footer>
</body>
</html>
"""

    def zh_c2c(self, rng: random.Random, brand: Brand, rails: list[str] | None = None) -> str:
        """A C2C / P2P desk in CNY with Chinese payment rails (the on-ramp)."""
        rails = rails or ["银行卡", "支付宝", "微信支付"]
        merchants = rng.sample(("鑫诚商行", "稳稳承兑", "老王币行", "诚信商家-阿杰", "金牌承兑", "小鱼OTC", "鸿运来财", "安心兑", "TrustPay", "Apex_OTC"), 3)
        rows = []
        for m in merchants:
            pay = " ".join(rng.sample(rails, rng.randrange(1, len(rails) + 1)))
            lo = rng.choice((100, 500, 1000, 5000))
            rows.append((f"{m} <small>成交 {rng.randrange(100, 9000)} 单</small>", f"{rng.uniform(7.20, 7.30):.2f} CNY",
                         f"¥{lo:,} - ¥{lo * rng.choice((20, 50, 100)):,}", pay, '<button class="btn">购买 USDT</button>'))  # fmt: skip
        title = rng.choice(("C2C 法币交易", "P2P 法币交易", "快捷买币", "法币交易"))
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
{self.head(rng, "zh", f"{title} - {brand.local}", scripts=0)}
<body>
<header><a class="logo" href="/">{brand.local}</a><a href="/trade/BTC_USDT">币币交易</a></header>
<main><h1>{title}</h1>
<div class="tabs"><span class="on">购买</span> <span>出售</span> <span>币种：USDT BTC ETH</span> <span>法币：<b>CNY 人民币</b></span></div>
{table(("商家", "单价", "限额", "支付方式", "操作"), rows, "ads")}
<div class="tips"><h4>交易须知</h4><ol><li>请使用本人实名账户付款，付款后请及时点击“我已付款”。</li><li>商家确认收款后自动放币，如遇纠纷请联系在线客服申诉。</li></ol></div>
</main>
<footer><p>© 2026 {brand.latin}</p></footer>
</body></html>
"""

    def en_home(self, rng: random.Random, brand: Brand, *, fiat_href: str | None = "/buy-crypto", fiat_text: str = "Buy Crypto",
                lang_links: str = "", hreflang: str = "", extra_body: str = "", quote: str = "USDT",
                footer_extra: str = "") -> str:  # fmt: skip
        name = brand.latin
        hero = fmt(rng.choice(EN_HERO), rng, name)
        sub = fmt(rng.choice(EN_SUB), rng, name)
        feats = rng.sample(EN_FEATURES, 3)
        nav = ['<a href="/markets">Markets</a>', '<a href="/spot/BTC-USDT">Spot</a>', '<a href="/futures">Futures</a>']
        if fiat_href:
            nav.append(f'<a href="{fiat_href}">{fiat_text}</a>')
        nav.append('<a href="/earn">Earn</a>')
        rows = market_rows(rng, quote)
        feat_html = "\n".join(f"<div><h3>{fmt(t, rng, name)}</h3><p>{fmt(d, rng, name)}</p></div>" for t, d in feats)
        return f"""<!DOCTYPE html>
<html lang="{rng.choice(("en", "en-US", "en-GB"))}">
{self.head(rng, "en", f"{name} | {rng.choice(('Crypto Exchange', 'Trade Bitcoin and Ethereum', 'Spot & Derivatives'))}", hreflang)}
<body>
<div class="{rng.choice(("navbar", "header", "top"))}">
  <a href="/" class="brand">{name}</a>
  {"".join(nav)}
  <a href="/login">Log In</a> <a class="cta" href="/signup">Sign Up</a>
  {lang_links}
</div>
<main>
<h1>{hero}</h1>
<p>{sub}</p>
{table(EN.pair_head, rows, "tickers")}
<section class="features">
{feat_html}
</section>
<p>Deposit and withdraw crypto 24/7. Maker {rng.randrange(1, 9) / 100:.2f}% / Taker {rng.randrange(3, 12) / 100:.2f}%. Limit, market and stop-limit orders.</p>
{extra_body}
</main>
<footer>
  <a href="/legal/terms">Terms of Use</a> · <a href="/legal/privacy">Privacy Notice</a> · <a href="/legal/risk">Risk Disclosure</a> · <a href="/fees">Fees</a>
  <p>{name} Ltd. © 2026 {footer_extra}</p>
</footer>
</body>
</html>
"""

    def legal_set(self, hosts: Iterable[str], lang: str, brand: str, prefix: str = "") -> None:
        titles = {"zh": ("用户协议", "隐私政策", "风险提示"), "hant": ("服務條款", "私隱政策", "風險披露聲明"),
                  "ja": ("利用規約", "個人情報保護方針", "リスクについて"), "ko": ("이용약관", "개인정보처리방침", "투자 위험 고지"),
                  "en": ("Terms of Use", "Privacy Notice", "Risk Disclosure")}[lang]  # fmt: skip
        for host in hosts:
            for kind, title in zip(("terms", "privacy", "risk"), titles, strict=True):
                self.write(host, f"{prefix}{kind}/index.html", legal_page(lang, kind, brand, title))

    # -- sites ---------------------------------------------------------------------------------

    def add_site(self, site: Site) -> Site:
        self.sites[site.domain] = site
        return site

    def list_domain(self, rng: random.Random, domain: str, name: str, home: str, *, seed_ok: bool = True,
                    listed: bool = True) -> None:  # fmt: skip
        """Put a domain on CoinGecko and/or CoinPaprika and/or the seed list (at least one)."""
        r = rng.random()
        if not listed or (seed_ok and r < 0.15):
            self.seeds.append(rng.choice((domain, f"https://{domain}/", f"http://www.{domain}/", home)))
            if listed and rng.random() < 0.5:
                self.listed.append((domain, home, name, "cg"))
            return
        where = "cg" if r < 0.55 else "cp" if r < 0.8 else "both"
        url = rng.choice((home, f"https://{domain}", f"https://{domain}/?ref=CG{rng.randrange(100, 999)}", f"http://{domain}"))
        self.listed.append((domain, url, name, where))

    def wants_mirrors(self, rng: random.Random, chance: float) -> bool:
        """Whether this platform publishes mirrors, while the mix's mirror share is not yet reached."""
        return self.mirror_budget > 0 and rng.random() < chance

    def static_exchange(self, rng: random.Random, case: str) -> list[Site]:
        """Every static case: DNS, files, routes, labels. Returns the sites made (the platform first)."""
        zh_brand = self.namer.zh()
        lang_tld = ZH_TLDS
        style = self.hosting_style(rng)
        if case == "zh_static" and rng.random() < 0.25:
            style = "hk_hkt"
        if case in ("zh_cn_edge", "zh_split_aaaa", "zh_split_apex"):
            style = "direct"  # the split is in the site's own records, not behind a CDN's CNAME
        if case in ("hant",):
            sub = rng.choice(("hk", "tw"))
            style = self.hosting_style(rng, sub)
        if case == "ja":
            brand = self.namer.ja()
            domain = self.namer.domain(brand, ("co.jp", "jp", "com"))
            style = self.hosting_style(rng, "ja")
        elif case == "ko":
            brand = self.namer.ko()
            domain = self.namer.domain(brand, ("co.kr", "kr", "com"))
            style = self.hosting_style(rng, "ko")
        elif case in ("en_only", "en_display_cny", "en_negated", "en_cny"):
            brand = self.namer.west()
            domain = self.namer.domain(brand, EN_TLDS)
        elif case == "hant":
            brand = zh_brand
            domain = self.namer.domain(brand, ("com.hk", "hk", "com") if sub == "hk" else ("com.tw", "tw", "com"))
        else:
            brand = zh_brand
            domain = self.namer.domain(brand, lang_tld)
        www = f"www.{domain}"
        apex_mode = rng.choices(("serve", "redirect", "www_only"), (5, 4, 1))[0]
        if case in ("zh_split_apex",):
            apex_mode = "redirect"
        names = [domain, www] if apex_mode != "www_only" else [www]
        mainland = case in ("zh_mainland", "cn_company")
        if mainland:
            style = rng.choice(("cn_ali", "cn_tencent"))
        self.host_records(rng, domain, names, style)
        if apex_mode == "www_only":
            self.hosts[domain] = {"ns": list(NS_POOLS["godaddy"]), "mx": ["10 mx.zoho.com"]}
        serve_hosts = [www] + ([domain] if apex_mode == "serve" else [])
        if apex_mode == "redirect":
            self.route(domain, "*", {"status": 301, "headers": {"Location": f"https://{www}/", "Content-Type": "text/html"},
                                     "body": "<html><head><title>301 Moved Permanently</title></head><body><center><h1>301 Moved Permanently</h1></center><hr><center>nginx</center></body></html>"})  # fmt: skip
            self.write(domain, "robots.txt", "User-agent: *\nDisallow:\n")
        overseas = not mainland
        why_host = {"direct": "overseas VPS/cloud", "cloudflare": "Cloudflare", "cloudfront": "CloudFront"}.get(style, style)
        geo: bool | None = False
        blocked: bool | None = False
        ex, zh, cny = True, True, True
        platform = brand.latin
        why = case
        mirrors: list[str] = []

        # ---- DNS variations at cn / split hosting
        if case == "zh_poisoned":
            bogus = rng.choice(POISON_ADDRESSES)
            for n in names:
                self.hosts[n]["cn"] = {"a": [bogus]}
            geo, blocked = None, True
        elif case == "zh_cn_nxdomain":
            for n in names:
                self.hosts[n]["cn"] = {"rcode": "NXDOMAIN"}
            geo, blocked = None, True
        elif case == "zh_cn_timeout":
            for n in names:
                self.hosts[n]["cn"] = {"rcode": "TIMEOUT"}
            geo, blocked = None, True
        elif case == "zh_cn_edge":
            edge = self.pool.address("cn_ali")
            for n in names:
                if "cname" in self.hosts[n]:
                    self.hosts[n] = {k: v for k, v in self.hosts[self.hosts[n]["cname"]].items()}
                self.hosts[n]["cn"] = {"a": [edge], "serves": True}
            overseas = False
        elif case == "zh_split_aaaa":
            v6 = self.pool.address("cn_tencent_v6")
            for n in names:
                if "cname" in self.hosts[n]:
                    self.hosts[n] = {k: v for k, v in self.hosts[self.hosts[n]["cname"]].items()}
                self.hosts[n]["aaaa"] = [v6]
            overseas = False
        elif case == "zh_split_apex":
            self.hosts[domain] = {"a": [self.pool.address("cn_ali")], "ns": list(NS_POOLS["ali"])}
            overseas = False
        elif case == "zh_split_static":
            for sub_ in ("static", "api"):
                self.hosts[f"{sub_}.{domain}"] = {"a": [self.pool.address("cn_ali")]}
            overseas = False

        # ---- content per case
        if case in ("zh_static", "zh_poisoned", "zh_cn_nxdomain", "zh_cn_timeout", "zh_mainland", "zh_split_aaaa",
                    "zh_split_apex", "zh_cn_edge", "zh_geoblock", "zh_cn_redirect", "zh_gbk", "zh_split_static"):
            has_mirrors = case in MIRROR_HOSTS and self.wants_mirrors(rng, 0.5)
            mirror_href = "/mirrors.html" if has_mirrors else None
            extra = ""
            if case == "zh_split_static":
                extra = (f'<link rel="stylesheet" href="https://static.{domain}/css/app.css">'
                         f'<script src="https://static.{domain}/js/app.js"></script>'
                         f'<script>fetch("https://api.{domain}/v1/market/tickers").catch(function(){{}});</script>')  # fmt: skip
                self.write(f"static.{domain}", "css/app.css", "body{margin:0}\n")
                self.write(f"static.{domain}", "js/app.js", "window.__app=1;\n")
                self.write(f"api.{domain}", "v1/market/tickers.json", json.dumps({"code": 0, "data": []}))
                self.route(f"api.{domain}", "/v1/market/tickers", {"file": "v1/market/tickers.json",
                           "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}})  # fmt: skip
            icp = ""
            if case == "zh_mainland":
                icp = f'<a href="https://beian.miit.gov.cn/">京ICP备{rng.randrange(10000000, 99999999)}号-1</a>'
            home = self.zh_home(rng, brand, mirror_href=mirror_href, lang_attr=case != "zh_gbk" and rng.random() > 0.1,
                                extra_body=extra, footer_extra=icp)  # fmt: skip
            c2c = self.zh_c2c(rng, brand)
            for h in serve_hosts:
                if case == "zh_gbk":
                    home_gbk = home.replace('<meta charset="utf-8">', '<meta charset="gbk">').replace("📢 ", "")
                    self.write(h, "index.html", home_gbk, "gbk")
                    self.write(h, "otc/index.html", c2c.replace('<meta charset="utf-8">', '<meta charset="gbk">'), "gbk")
                    if rng.random() < 0.5:
                        self.route(h, "/", {"headers": {"Content-Type": "text/html; charset=gbk"}})
                        self.route(h, "/otc/", {"headers": {"Content-Type": "text/html; charset=gbk"}})
                    else:
                        self.route(h, "/", {"headers": {"Content-Type": "text/html"}})
                        self.route(h, "/otc/", {"headers": {"Content-Type": "text/html"}})
                else:
                    self.write(h, "index.html", home)
                    self.write(h, "otc/index.html", c2c)
                self.write(h, "notice/index.html", f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>公告中心 - {brand.local}</title></head><body><h1>公告中心</h1><ul><li>关于系统升级维护的公告</li><li>关于上线新币种的公告</li></ul></body></html>\n')
                self.statics(h, rng)
            self.legal_set(serve_hosts, "zh", brand.local)
            if has_mirrors:
                mirrors = self.make_mirrors(rng, brand, domain, home, c2c, serve_hosts, case)
            if case == "zh_geoblock":
                self.geoblock(rng, serve_hosts, brand)
                geo = True
            if case == "zh_cn_redirect":
                for h in serve_hosts:
                    self.route(h, "/", {"vantage": {"cn": {"status": 302, "headers": {"Location": "/cn/"}, "body": ""}}})
                    self.write(h, "cn/index.html", home.replace("/otc/", "/cn/otc/"))
                    self.write(h, "cn/otc/index.html", c2c)
            why = {"zh_static": "static zh-CN exchange with a CNY C2C desk", "zh_poisoned": "zh exchange, DNS poisoned at cn",
                   "zh_cn_nxdomain": "zh exchange, NXDOMAIN at cn", "zh_cn_timeout": "zh exchange, DNS TIMEOUT at cn",
                   "zh_mainland": "zh exchange hosted in mainland China (ICP)", "zh_split_aaaa": "zh exchange, AAAA in mainland China",
                   "zh_split_apex": "zh exchange, apex address in mainland China (www overseas)",
                   "zh_cn_edge": "zh exchange with a genuine in-China edge (cn serves:true)",
                   "zh_geoblock": "zh exchange that region-blocks mainland visitors",
                   "zh_cn_redirect": "cn visitors redirected to /cn/ with content (not a block)",
                   "zh_gbk": "GBK-encoded zh exchange", "zh_split_static": "static./api. subdomains the page uses are in mainland China"}[case]  # fmt: skip
        elif case == "zh_negated":
            has_mirrors = self.wants_mirrors(rng, 0.4)
            neg = rng.choice(("本平台不支持支付宝、微信支付及银行卡等法币入金，仅支持 USDT、BTC、ETH 等数字资产链上充值。",
                              "暂不支持人民币充值，不接受支付宝、微信或银行卡付款，请通过链上转账充值。",
                              "平台不提供法币服务：不支持银行卡、支付宝、微信支付，请勿相信任何自称客服的代充服务。"))  # fmt: skip
            home = self.zh_home(rng, brand, fiat_href=None, mirror_href="/mirrors.html" if has_mirrors else None,
                                extra_body=f'<section class="faq"><h3>充值说明</h3><p>{neg}</p></section>')
            for h in serve_hosts:
                self.write(h, "index.html", home)
                self.statics(h, rng)
            self.legal_set(serve_hosts, "zh", brand.local)
            if has_mirrors:
                mirrors = self.make_mirrors(rng, brand, domain, home, None, serve_hosts, case)
            cny = False
            why = "zh exchange; payment rails negated (crypto deposits only)"
        elif case == "p2p_only":
            has_mirrors = self.wants_mirrors(rng, 0.4)
            home = self.p2p_home(rng, brand, "/mirrors.html" if has_mirrors else None)
            c2c = self.zh_c2c(rng, brand, ["支付宝", "微信支付", "银行卡", "云闪付"])
            for h in serve_hosts:
                self.write(h, "index.html", home)
                self.write(h, "ads/buy/index.html", c2c)
                self.statics(h, rng)
                if rng.random() < 0.3:
                    self.route(h, "/ads/sell", {"fault": "truncate"})
                    self.write(h, "ads/sell/index.html", c2c)
            self.legal_set(serve_hosts, "zh", brand.local)
            if has_mirrors:
                mirrors = self.make_mirrors(rng, brand, domain, home, c2c, serve_hosts, case, c2c_path="ads/buy/index.html")
            why = "P2P-only USDT marketplace (CNY, Alipay/WeChat/bank)"
        elif case in ("en_switch_zh", "zh_subdomain", "accept_lang", "query_lang"):
            zh_home = self.zh_home(rng, brand, fiat_href=None if case in ("accept_lang", "query_lang") else "/zh-CN/otc/"
                                   if case == "en_switch_zh" else "/c2c/")  # fmt: skip
            if case == "en_switch_zh":
                zh_home = zh_home.replace('href="/terms"', 'href="/zh-CN/terms"').replace('href="/privacy"', 'href="/zh-CN/privacy"').replace('href="/risk"', 'href="/zh-CN/risk"')
                label = rng.choice(("简体中文", "中文(简体)", "Chinese (Simplified)"))
                links = f'<details class="lang"><summary>English</summary><a href="/">English</a><a href="/zh-CN/">{label}</a><a href="/ru/">Русский</a></details>'
                hreflang = (f'<link rel="alternate" hreflang="zh-Hans" href="https://{www}/zh-CN/">' if rng.random() < 0.5 else "")
                en = self.en_home(rng, brand, fiat_href="/otc/", fiat_text="P2P", lang_links=links, hreflang=hreflang)
                for h in serve_hosts:
                    self.write(h, "index.html", en)
                    self.write(h, "zh-CN/index.html", zh_home)
                    self.write(h, "zh-CN/otc/index.html", self.zh_c2c(rng, brand))
                    self.write(h, "otc/index.html", self.en_fiat(rng, brand, "usd"))
                    self.statics(h, rng)
                self.legal_set(serve_hosts, "en", brand.latin, "legal/")
                self.legal_set(serve_hosts, "zh", brand.local, "zh-CN/")
                why = "English home, language switcher to /zh-CN/ with a CNY P2P desk"
            elif case == "zh_subdomain":
                cnhost = f"{rng.choice(('cn', 'zh'))}.{domain}"
                self.host_records(rng, domain, [cnhost], style if style in ("cloudflare", "cloudfront") else "direct")
                en = self.en_home(rng, brand, fiat_href=None, lang_links=f'<a href="https://{cnhost}/" title="中文站">中文</a>')
                for h in serve_hosts:
                    self.write(h, "index.html", en)
                    self.statics(h, rng)
                self.write(cnhost, "index.html", zh_home)
                self.write(cnhost, "c2c/index.html", self.zh_c2c(rng, brand))
                self.statics(cnhost, rng)
                self.legal_set(serve_hosts, "en", brand.latin, "legal/")
                self.legal_set([cnhost], "zh", brand.local)
                why = f"English www; Simplified Chinese on {cnhost} (linked as 中文) with a C2C desk"
            elif case == "accept_lang":
                en = self.en_home(rng, brand, fiat_href=None)
                zh_home = self.zh_home(rng, brand, fiat_href=None, extra_body=(
                    '<p class="note">提示：本平台暂不提供法币服务，请通过链上转账充值数字资产。</p>'))
                for h in serve_hosts:
                    self.write(h, "index.html", en)
                    self.write(h, "index.zh.html", zh_home)
                    self.route(h, "/", {"headers": {"Vary": "Accept-Language"}, "accept_language": {"zh": {"file": "index.zh.html"}}})
                    self.statics(h, rng)
                self.legal_set(serve_hosts, "en", brand.latin, "legal/")
                self.legal_set(serve_hosts, "zh", brand.local)
                cny = False
                why = "Accept-Language negotiation to a zh page; crypto-only deposits"
            else:
                links = '<span class="langs"><a href="/?lang=en">EN</a> | <a href="/?lang=zh-CN">中文</a></span>'
                en = self.en_home(rng, brand, fiat_href=None, lang_links=links)
                for h in serve_hosts:
                    self.write(h, "index.html", en)
                    self.write(h, "index.zh-CN.html", zh_home)
                    self.route(h, "/?lang=zh-CN", {"file": "index.zh-CN.html"})
                    self.route(h, "/?lang=en", {"file": "index.html"})
                    self.statics(h, rng)
                self.legal_set(serve_hosts, "en", brand.latin, "legal/")
                self.legal_set(serve_hosts, "zh", brand.local)
                cny = False
                why = "English home; ?lang=zh-CN query switcher"
        elif case == "en_cny":
            en = self.en_home(rng, brand, fiat_href="/buy-crypto", fiat_text="Buy Crypto")
            for h in serve_hosts:
                self.write(h, "index.html", en)
                self.write(h, "buy-crypto/index.html", self.en_fiat(rng, brand, "cny"))
                self.statics(h, rng)
            self.legal_set(serve_hosts, "en", brand.latin, "legal/")
            zh = False
            why = "English UI; Buy Crypto page sells USDT for CNY via Alipay/WeChat Pay/UnionPay"
        elif case in ("en_only", "en_display_cny", "en_negated"):
            extra = ""
            if case == "en_display_cny":
                extra = self.display_cny(rng)
            if case == "en_negated":
                extra = ("<h2>Payment methods</h2><p>" + rng.choice((
                    "Visa and Mastercard debit cards, SEPA and ACH. We do not accept Alipay, WeChat Pay or UnionPay, and we do not offer services in mainland China.",
                    "Card and bank transfer in USD and EUR only. Alipay, WeChat Pay and UnionPay are not supported.",
                    "Fund your account by SEPA or Faster Payments. We cannot accept payments via Alipay or WeChat Pay.")) + "</p>")  # fmt: skip
            en = self.en_home(rng, brand, fiat_href="/buy" if case == "en_only" else None, fiat_text="Buy crypto",
                              extra_body=extra, quote=rng.choice(("USDT", "USD")))  # fmt: skip
            for h in serve_hosts:
                self.write(h, "index.html", en)
                if case == "en_only":
                    self.write(h, "buy/index.html", self.en_fiat(rng, brand, "usd"))
                self.statics(h, rng)
            self.legal_set(serve_hosts, "en", brand.latin, "legal/")
            zh, cny = False, False
            why = {"en_only": "English-only exchange (USD/EUR rails)",
                   "en_display_cny": "English exchange showing ≈ ¥ prices with a CNY display-currency selector (not an on-ramp)",
                   "en_negated": "English exchange with negated Chinese payment rails"}[case]  # fmt: skip
        elif case in ("hant", "ja", "ko"):
            page = {"hant": self.hant_home, "ja": self.ja_home, "ko": self.ko_home}[case](rng, brand)
            for h in serve_hosts:
                self.write(h, "index.html", page)
                self.statics(h, rng)
            self.legal_set(serve_hosts, case, brand.local)
            zh, cny = False, False
            why = {"hant": "Traditional Chinese exchange (HKD/TWD), not Simplified", "ja": "Japanese exchange (JPY, ¥ is yen)",
                   "ko": "Korean exchange (KRW)"}[case]  # fmt: skip
        elif case in ("zh_news", "zh_wallet", "zh_ranking", "cn_company"):
            page = {"zh_news": self.news_home, "zh_wallet": self.wallet_home, "zh_ranking": self.ranking_home,
                    "cn_company": self.company_home}[case](rng, brand)  # fmt: skip
            for h in serve_hosts:
                self.write(h, "index.html", page)
                self.statics(h, rng)
            self.legal_set(serve_hosts, "zh", brand.local)
            ex, cny = False, False
            why = {"zh_news": "Chinese crypto news site (not an exchange)", "zh_wallet": "Chinese wallet vendor (not an exchange)",
                   "zh_ranking": "Chinese exchange ranking site (not an exchange)",
                   "cn_company": "ICP-filed mainland blockchain company (not an exchange)"}[case]  # fmt: skip
        else:  # pragma: no cover - every case above
            raise ValueError(case)

        if case == "cn_company":
            overseas = False
        labels = make_labels(ex, zh, cny, overseas, geo, blocked, platform, f"{why}; {why_host} hosting" if overseas else why)
        kind = "other" if not ex else "static"
        site = self.add_site(Site(domain, case, kind, labels, platform=platform))
        home_url = f"https://{www}/" if apex_mode != "serve" else f"https://{domain}/"
        self.list_domain(rng, domain, platform, home_url, listed=ex)
        out = [site]
        for m in mirrors:
            out.append(self.sites[m])
        return out

    # -- case helpers -----------------------------------------------------------------------------

    def geoblock(self, rng: random.Random, hosts: Iterable[str], brand: Brand) -> None:
        """A region block at cn on every path: 451 with a zh/en notice, or 403 'not available in your region'."""
        if rng.random() < 0.6:
            page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>访问受限 | {brand.latin}</title></head>'
                    f'<body style="text-align:center"><h1>访问受限</h1><p>根据当地法律法规，我们无法向中国大陆用户提供服务。</p>'
                    f'<p>We are unable to provide services to users in Mainland China in accordance with local laws and regulations.</p>'
                    f'<p>Error code: 451 · Ray ID: {_hex(rng, 16)}</p></body></html>\n')  # fmt: skip
            status = 451
        else:
            page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>403 - Restricted Region</title></head>'
                    f'<body><h1>Service not available in your region</h1><p>We have detected that you are accessing {brand.latin} '
                    f'from a restricted jurisdiction. {brand.latin} services are not available to users located in Mainland China.</p>'
                    f'<p>您所在的地区暂不支持访问。</p></body></html>\n')  # fmt: skip
            status = 403
        for h in hosts:
            self.write(h, "region-blocked.html", page)
            block = {"vantage": {"cn": {"status": status, "file": "region-blocked.html"}}}
            for key in list(self.routes.get(h, {})):
                self.routes[h][key].setdefault("vantage", {})["cn"] = {"status": status, "file": "region-blocked.html"}
            self.route(h, "*", block)

    def make_mirrors(self, rng: random.Random, brand: Brand, domain: str, home: str, c2c: str | None,
                     serve_hosts: list[str], case: str, c2c_path: str = "otc/index.html") -> list[str]:  # fmt: skip
        """1-3 mirror domains with the same content, named on a mirror-list page every copy serves."""
        count = min(rng.choice((1, 1, 2, 2, 3)), self.mirror_budget)
        self.mirror_budget -= count
        mirrors = []
        for _ in range(count):
            m = self.namer.domain(Brand(brand.ascii + rng.choice(("", "-ex", "vip", "app", "line")), "", "", "", ""),
                                  ("vip", "top", "cc", "app", "me", "club", "xyz", "net"))  # fmt: skip
            mirrors.append(m)
        origin_labels = None
        lines = []
        for i, m in enumerate(mirrors, 1):
            lines.append(f'<li><a href="https://www.{m}/">www.{m}</a> <span>（线路{"一二三四"[i - 1]}）</span></li>')
        mirror_page = (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{brand.local} 最新地址 / 备用域名</title></head>\n'
                       f'<body><div class="box"><h1>{brand.local} · 最新访问地址</h1>\n'
                       f'<p>{rng.choice(("由于部分地区网络原因，主域名可能无法正常访问，请收藏以下备用域名，任选其一即可登录，账户资产完全互通：", "请牢记以下官方备用域名，防止失联："))}</p>\n'
                       f'<ul class="mirrors">\n<li><a href="https://www.{domain}/">www.{domain}</a>（主站）</li>\n' + "\n".join(lines) + "\n</ul>\n"
                       '<p class="warn">谨防假冒网站！官方不会通过私人微信、QQ 向您索要密码或验证码。</p><p><a href="/">返回首页</a></p></div></body></html>\n')  # fmt: skip
        for h in serve_hosts:
            self.write(h, "mirrors.html", mirror_page)
        for m in mirrors:
            mwww = f"www.{m}"
            style = rng.choices(("direct", "cloudflare", "hk_hkt"), (5, 3, 2))[0]
            self.host_records(rng, m, [m, mwww], style)
            blocked: bool | None = False
            geo: bool | None = False
            r = rng.random()
            if r < 0.25:
                for n in (m, mwww):
                    self.hosts[n]["cn"] = {"rcode": "NXDOMAIN"}
                blocked, geo = True, None
            elif r < 0.35:
                for n in (m, mwww):
                    self.hosts[n]["cn"] = {"a": [rng.choice(POISON_ADDRESSES)]}
                blocked, geo = True, None
            for h in (m, mwww):
                self.write(h, "index.html", home)
                if c2c:
                    self.write(h, c2c_path, c2c)
                self.write(h, "mirrors.html", mirror_page)
                self.statics(h, rng)
            self.legal_set([m, mwww], "zh", brand.local)
            origin_labels = make_labels(True, True, case != "zh_negated", True, geo, blocked, brand.latin,
                                        f"mirror of {domain} (named on its mirror list)")  # fmt: skip
            self.add_site(Site(m, "mirror", "mirror", origin_labels, platform=brand.latin))
            if rng.random() < 0.3:
                self.seeds.append(rng.choice((m, f"https://www.{m}/", f"https://{m}/")))
        return mirrors

    def en_fiat(self, rng: random.Random, brand: Brand, currency: str) -> str:
        """English fiat page: USD/EUR cards (not renminbi) or CNY with Chinese rails (an on-ramp)."""
        if currency == "cny":
            rows = [(m, f"{rng.uniform(7.2, 7.3):.2f} CNY", f"{lo:,}-{lo * 40:,} CNY", pay) for m, lo, pay in (
                ("Apex_OTC", 300, "Alipay, WeChat Pay"), ("TrustDesk", 1000, "UnionPay, Bank transfer (CNY)"),
                ("SwiftBuy", 500, "Alipay"))]  # fmt: skip
            body = ("<h1>Buy Crypto</h1><p>Buy USDT from verified merchants and pay in Chinese yuan (CNY) with Alipay, WeChat Pay or UnionPay.</p>"
                    + table(("Merchant", "Price", "Limit", "Payment"), rows, "ads"))  # fmt: skip
        else:
            rows = [(m, f"{rng.uniform(0.99, 1.01):.3f} USD", f"{lo:,}-{lo * 40:,} USD", pay) for m, lo, pay in (
                ("EuroDesk", 50, "SEPA Instant"), ("CardFast", 20, "Visa, Mastercard"), ("WireCo", 500, "ACH, Wire"))]
            body = ("<h1>Buy Crypto</h1><p>Buy USDT with a debit card or bank transfer in USD or EUR.</p>"
                    + table(("Merchant", "Price", "Limit", "Payment"), rows, "ads"))  # fmt: skip
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Buy Crypto (P2P) | {brand.latin}</title></head>\n'
                f'<body><div class="navbar"><a href="/" class="brand">{brand.latin}</a></div>\n<main>{body}</main></body></html>\n')  # fmt: skip

    def display_cny(self, rng: random.Random) -> str:
        rows = [(p, f"€{pr}", f"≈ ¥ {float(pr.replace(',', '')) * 7.87:,.2f}") for p, pr, _ in market_rows(rng, "EUR", 3)]
        return (f'<label>Display currency <select id="ccy"><option>EUR €</option><option>USD $</option><option selected>CNY ¥</option>'
                f'<option>JPY ¥</option></select></label>\n{table(("Market", "Last price", "≈ Display"), rows)}\n'
                f'<p>Prices in the display currency are indicative only. Deposits and withdrawals: SEPA and card (EUR) only.</p>')  # fmt: skip

    def p2p_home(self, rng: random.Random, brand: Brand, mirror_href: str | None) -> str:
        mirror = f' · <a href="{mirror_href}">备用域名</a>' if mirror_href else ""
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
{self.head(rng, "zh", f"{brand.local} - 安全的 USDT 点对点交易市场")}
<body>
<header><a href="/">{brand.local}</a> <a href="/ads/buy">购买 USDT</a> <a href="/ads/sell">出售 USDT</a> <a href="/merchant/apply">成为商家</a> <a href="/login">登录</a> <a href="/register">注册</a></header>
<main><h1>{rng.choice(("点对点买卖 USDT，平台担保", "安全的 P2P 场外交易市场", "USDT 场外承兑，快至 3 分钟放币"))}</h1>
<p>认证商家缴纳保证金，支持支付宝、微信支付、银行卡付款，人民币（CNY）结算。发布广告、下单、确认收款后放币。</p>
<p>今日成交 {rng.randrange(1000, 90000):,} 单 · 商家 {rng.randrange(100, 3000)} 家 · 平均放币时间 {rng.randrange(2, 9)} 分钟</p></main>
<footer>© 2026 {brand.latin} · <a href="/terms">用户协议</a> · <a href="/privacy">隐私政策</a>{mirror}</footer>
</body></html>
"""

    def hant_home(self, rng: random.Random, brand: Brand) -> str:
        hk = rng.random() < 0.5
        fiat, rail, region = ("HKD", "轉數快（FPS）及本地銀行轉帳", "香港") if hk else ("TWD", "台灣本地銀行轉帳", "台灣")
        rows = [(f"BTC/{fiat}", _price(rng, 714822 if hk else 2950000, 0), "+1.6%"), (f"ETH/{fiat}", _price(rng, 25031 if hk else 103000, 0), "-0.4%"),
                ("BTC/USDT", _price(rng, 91840), "+1.8%")]  # fmt: skip
        return f"""<!DOCTYPE html>
<html lang="{"zh-Hant-HK" if hk else "zh-TW"}">
{self.head(rng, "hant", f"{brand.hant}交易所 {brand.latin} | {region}數字資產交易平台")}
<body>
<header><a href="/">{brand.hant} {brand.latin}</a>
<nav><a href="/markets">市場行情</a><a href="/spot">幣幣交易</a><a href="/wallet">我的資產</a><a href="/deposit">{fiat} 入金</a></nav>
<a href="/login">登入</a> <a href="/signup">註冊帳戶</a> <span class="lang">語言：繁體中文</span></header>
<main>
<h1>{rng.choice(("專業、合規、穩健的數字資產交易", "值得信賴的加密資產交易平台", "安心買賣比特幣與以太幣"))}</h1>
<p>支援以{fiat}透過{rail}入金，最快 15 分鐘到帳。所有客戶資產均存放於獨立託管帳戶。</p>
<p>現貨交易手續費 0.15%，支援限價單與市價單；提幣 24 小時處理。</p>
{table(HANT.pair_head, rows)}
<p>投資涉及風險，數字資產價格可升可跌，甚至變得毫無價值。</p>
</main>
<footer>{brand.hant}數字資產有限公司 · <a href="/privacy">私隱政策</a> · <a href="/terms">服務條款</a></footer>
</body></html>
"""

    def ja_home(self, rng: random.Random, brand: Brand) -> str:
        rows = [("BTC/JPY", "¥" + _price(rng, 14220400, 0), "+1.2%"), ("ETH/JPY", "¥" + _price(rng, 497210, 0), "-0.3%"),
                ("XRP/JPY", "¥" + _price(rng, 223.4, 1), "+0.8%")]  # fmt: skip
        return f"""<!DOCTYPE html>
<html lang="ja">
{self.head(rng, "ja", f"{brand.local}｜暗号資産（仮想通貨）取引所")}
<body>
<header><a href="/">{brand.local}</a>
<nav><a href="/market/">相場・チャート</a><a href="/exchange/">取引所</a><a href="/sales/">販売所</a><a href="/deposit/">日本円入金</a><a href="/guide/">はじめての方へ</a></nav>
<a href="/login/">ログイン</a> <a href="/signup/" class="btn">無料で口座開設</a></header>
<main>
<h1>{rng.choice(("ビットコインを、もっと身近に。", "暗号資産の取引を、かんたんに。", "はじめての暗号資産なら"))}</h1>
<p>最短即日で取引開始。スマホアプリでいつでもどこでも暗号資産の売買ができます。日本円の入金は銀行振込・クイック入金に対応しています。</p>
<h2>取引所（板取引）</h2>
<p>ユーザー同士で指値・成行注文ができる板取引。取引手数料は Maker -0.01%／Taker 0.12%。</p>
{table(JA.pair_head, rows)}
</main>
<footer>株式会社{brand.local}　暗号資産交換業者　関東財務局長 第000{rng.randrange(10, 99)}号　｜　<a href="/terms/">利用規約</a>　｜　<a href="/privacy/">個人情報保護方針</a></footer>
</body></html>
"""

    def ko_home(self, rng: random.Random, brand: Brand) -> str:
        rows = [("비트코인 BTC/KRW", _price(rng, 134512000, 0), "+1.72%"), ("이더리움 ETH/KRW", _price(rng, 4701000, 0), "-0.38%"),
                ("리플 XRP/KRW", _price(rng, 2061, 0), "+0.92%")]  # fmt: skip
        return f"""<!DOCTYPE html>
<html lang="ko">
{self.head(rng, "ko", f"{brand.local} {brand.latin} - 믿을 수 있는 디지털 자산 거래소")}
<body>
<header><a href="/">{brand.latin} {brand.local}</a>
<nav><a href="/exchange">거래소</a><a href="/balances">입출금</a><a href="/investments">투자내역</a><a href="/trends">코인동향</a></nav>
<a href="/signin">로그인</a> <a href="/signup">회원가입</a></header>
<main><h1>{rng.choice(("가장 안전한 디지털 자산 거래", "쉽고 빠른 가상자산 거래", "믿을 수 있는 원화 마켓"))}</h1>
<p>원화(KRW) 입금은 실명 확인 입출금 계정으로만 가능합니다.</p>
{table(KO.pair_head, rows)}
<p>원화 마켓 · BTC 마켓 · USDT 마켓 | 지정가·시장가 매수/매도 주문 지원 | 거래 수수료 0.05%</p></main>
<footer>(주){brand.local} | 서울특별시 강남구 | <a href="/terms">이용약관</a> | <a href="/privacy">개인정보처리방침</a></footer>
</body></html>
"""

    def news_home(self, rng: random.Random, brand: Brand) -> str:
        items = rng.sample(("比特币短线突破 92,000 美元，24 小时涨幅 1.9%", "以太坊 Layer2 总锁仓量突破 520 亿美元", "某交易所宣布上线 SOL 永续合约",
                            "美国 SEC 推迟对多只现货 ETF 的决议", "稳定币总市值创历史新高", "分析师：比特币减半行情或将延续"), 4)  # fmt: skip
        arts = "\n".join(f"<article><time>{rng.randrange(8, 23)}:{rng.randrange(10, 59)}</time> {t} <span>作者：{rng.choice(('小链', '阿财', '编辑部'))}</span></article>" for t in items)
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
{self.head(rng, "zh", f"{brand.hans}快讯 - 全球区块链快讯与行情资讯")}
<body>
<header><a href="/">{brand.hans}快讯</a> <a href="/kuaixun">快讯</a> <a href="/news">资讯</a> <a href="/hangqing">行情分析</a> <a href="/shendu">深度</a></header>
<section><h2>7×24 快讯</h2>
{arts}
</section>
<footer>{brand.hans}快讯 © 2026 · 商务合作 QQ：{rng.randrange(100000000, 999999999)} · 本站仅提供资讯，不提供任何交易服务</footer>
</body></html>
"""

    def wallet_home(self, rng: random.Random, brand: Brand) -> str:
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
{self.head(rng, "zh", f"{brand.hans}钱包 — 安全的去中心化多链钱包")}
<body>
<header><a href="/">{brand.hans}钱包</a> <a href="/download">下载</a> <a href="/security">安全中心</a> <a href="/help">帮助</a></header>
<h1>{rng.choice(("你的私钥，你做主", "安全好用的多链钱包", "掌控你的数字资产"))}</h1>
<p>支持 BTC、ETH、TRON、BSC 等 30+ 公链，助记词本地加密存储，永不上传服务器。去中心化钱包，自托管资产。</p>
<p><a href="/download#ios">iOS 下载</a> · <a href="/download#android">Android 下载</a> · <a href="/download#chrome">浏览器插件</a></p>
<p class="warn">{brand.hans}钱包不会以任何方式索要您的助记词或私钥，请谨防诈骗。</p>
<footer>{brand.latin} Labs Pte. Ltd. © 2026 · <a href="/terms">服务协议</a> · <a href="/privacy">隐私政策</a></footer>
</body></html>
"""

    def ranking_home(self, rng: random.Random, brand: Brand) -> str:
        names = rng.sample(sorted(PINYIN), 6)
        rows = [(str(i), PINYIN[n][0] + "交易所", f"${rng.uniform(0.1, 30):.1f}亿", rng.choice(("CNY USD", "USD EUR", "CNY"))) for i, n in enumerate(names, 1)]
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
{self.head(rng, "zh", f"{brand.hans}导航 - 全球数字货币交易所排行榜")}
<body>
<h1>交易所排行榜</h1>
<p>按 24 小时成交额排序，数据每 5 分钟更新。</p>
{table(("排名", "交易所", "24H成交额", "支持法币"), rows)}
<footer>{brand.hans}导航 仅提供信息展示，不构成投资建议</footer>
</body></html>
"""

    def company_home(self, rng: random.Random, brand: Brand) -> str:
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
{self.head(rng, "zh", f"{brand.hans}科技 - 企业级区块链技术服务")}
<body>
<header><a href="/">{brand.hans}科技</a> <a href="/solutions">解决方案</a> <a href="/cases">客户案例</a> <a href="/about">关于我们</a></header>
<h1>{rng.choice(("让区块链赋能实体经济", "可信数据，链接未来", "企业级联盟链平台"))}</h1>
<p>为政务、金融、供应链客户提供联盟链 BaaS 平台与存证溯源服务。本公司不从事任何虚拟货币交易业务。</p>
<footer>北京{brand.hans}科技有限公司 · 北京市海淀区中关村大街 {rng.randrange(1, 99)} 号 ·
<a href="https://beian.miit.gov.cn/">京ICP备{rng.randrange(10000000, 99999999)}号-1</a> · 京公网安备{rng.randrange(11010000000000, 11019999999999)}号</footer>
</body></html>
"""

    # -- JS-only sites ---------------------------------------------------------------------------

    def js_site(self, rng: random.Random, case: str) -> list[Site]:
        """An app shell (Vue/React/Next style) whose content, language and fiat data arrive by script."""
        brand = self.namer.zh() if case == "js_zh" else self.namer.west()
        domain = self.namer.domain(brand, ZH_TLDS if case == "js_zh" else EN_TLDS)
        www = f"www.{domain}"
        style = self.hosting_style(rng)
        self.host_records(rng, domain, [domain, www], style)
        api_host = f"api.{domain}" if rng.random() < 0.5 else None
        if api_host:
            self.host_records(rng, domain, [api_host], rng.choice(("cloudfront", "direct")) if style != "cloudflare" else "cloudflare")
        self.route(domain, "*", {"status": 301, "headers": {"Location": f"https://{www}/", "Content-Type": "text/html"},
                                 "body": "<html><head><title>301 Moved Permanently</title></head><body><center><h1>301 Moved Permanently</h1></center><hr><center>cloudflare</center></body></html>"})  # fmt: skip
        mount = rng.choice(("app", "root", "__next"))
        build = _hex(rng, 8)
        locale = "zh-CN" if case == "js_zh" else "en"
        shell = f"""<!DOCTYPE html>
<html lang="{rng.choice(("en", "en", locale))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{brand.latin}</title>
<link href="/static/css/app.{build}.css" rel="stylesheet">
</head>
<body>
<noscript><strong>We're sorry but {brand.latin} doesn't work properly without JavaScript enabled. Please enable it to continue.</strong></noscript>
<div id="{mount}"></div>
<script src="/static/js/app.{build}.js"></script>
</body>
</html>
"""
        api = f"https://{api_host}" if api_host else ""
        fiat_route = rng.choice(("/otc/quick", "/p2p", "/buy-crypto", "/c2c"))
        app_js = APP_JS.replace("__MOUNT__", mount).replace("__API__", api).replace("__LOCALE__", locale).replace(
            "__FIAT__", fiat_route)
        help_url = f"https://{brand.ascii}.zendesk.com/hc"
        if case == "js_zh":
            i18n = self.js_i18n_zh(rng, brand)
            fiat = {"code": "000000", "data": [{"symbol": "CNY", "name": "人民币", "payMethods": [{"id": "ALIPAY", "name": "支付宝"},
                    {"id": "WECHAT", "name": "微信支付"}, {"id": "BANK", "name": "银行卡"}]}, {"symbol": "USD", "name": "美元",
                    "payMethods": [{"id": "WISE", "name": "Wise"}]}], "success": True}  # fmt: skip
            ads = self.js_ads(rng, "CNY", [("支付宝", "ALIPAY"), ("微信支付", "WECHAT"), ("银行卡", "BANK")])
            zh, cny, why = True, True, "JS-only zh UI (empty app shell); CNY fiat list and P2P ads (Alipay/WeChat/bank) from JSON"
        elif case == "js_en_cny":
            i18n = self.js_i18n_en(rng, brand)
            fiat = {"code": 0, "data": [{"symbol": "CNY", "name": "Chinese Yuan", "payMethods": [{"id": "ALIPAY", "name": "Alipay"},
                    {"id": "WECHATPAY", "name": "WeChat Pay"}, {"id": "UNIONPAY", "name": "UnionPay"}]},
                    {"symbol": "USD", "name": "US Dollar", "payMethods": [{"id": "CARD", "name": "Visa/Mastercard"}]}]}  # fmt: skip
            ads = self.js_ads(rng, "CNY", [("Alipay", "ALIPAY"), ("WeChat Pay", "WECHATPAY"), ("UnionPay", "UNIONPAY")])
            zh, cny, why = False, True, "JS-only English UI; Buy Crypto lists CNY with Alipay/WeChat Pay/UnionPay (JSON)"
        else:
            i18n = self.js_i18n_en(rng, brand)
            fiat = {"code": 0, "data": [{"symbol": "USD", "name": "US Dollar", "payMethods": [{"id": "CARD", "name": "Visa/Mastercard"},
                    {"id": "ACH", "name": "ACH"}]}, {"symbol": "EUR", "name": "Euro", "payMethods": [{"id": "SEPA", "name": "SEPA"}]}]}  # fmt: skip
            ads = self.js_ads(rng, "USD", [("Visa/Mastercard", "CARD"), ("SEPA", "SEPA")])
            zh, cny, why = False, False, "JS-only English exchange (USD/EUR rails)"
        api_target = api_host or www
        api_prefix = "" if api_host else "api/"
        self.write(www, "index.html", shell)
        self.write(www, f"static/js/app.{build}.js", app_js)
        self.write(www, f"static/css/app.{build}.css", f"#{mount}{{min-height:100vh}}nav a{{margin-right:12px}}\n")
        i18n_text = json.dumps(i18n, ensure_ascii=False).replace("__FIAT__", fiat_route).replace("__HELP__", help_url)
        self.write(www, f"static/i18n/{locale}.json", i18n_text)
        json_hdr = {"Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"}
        self.write(api_target, f"{api_prefix}v1/fiat/currencies.json", json.dumps(fiat, ensure_ascii=False))
        self.write(api_target, f"{api_prefix}v1/otc/ads.json", json.dumps(ads, ensure_ascii=False))
        self.route(api_target, f"/{api_prefix}v1/fiat/currencies", {"file": f"{api_prefix}v1/fiat/currencies.json", "headers": json_hdr})
        self.route(api_target, f"/{api_prefix}v1/otc/ads", {"file": f"{api_prefix}v1/otc/ads.json", "headers": json_hdr})
        for path in (f"/static/js/app.{build}.js", f"/static/css/app.{build}.css", f"/static/i18n/{locale}.json"):
            self.route(www, path, {})
        self.route(www, "/favicon.ico", {"status": 204, "body": ""})
        self.route(www, "*", {"file": "index.html", "headers": {"Content-Type": "text/html; charset=utf-8"}})
        if api_host:
            self.route(api_host, "*", {"status": 404, "body": '{"code":"404","message":"Not Found","data":null}',
                                       "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}})  # fmt: skip
        labels = make_labels(True, zh, cny, True, False, False, brand.latin, why)
        site = self.add_site(Site(domain, case, "js", labels, platform=brand.latin))
        # What the probe must render to read this site: the home at both vantages and the one in-app
        # telling route (the fiat desk) the rendered navigation links; legal pages live on a help centre.
        site.js_pages = [(f"https://{www}/", "intl"), (f"https://{www}/", "cn"), (f"https://{www}{fiat_route}", "intl")]
        self.list_domain(rng, domain, brand.latin, f"https://{www}/")
        return [site]

    def js_i18n_zh(self, rng: random.Random, brand: Brand) -> dict[str, Any]:
        return {"title": f"{brand.local} - {rng.choice(('全球领先的数字资产交易平台', '安全的数字货币交易所'))}",
                "nav": [["首页", "/"], ["现货交易", "/spot/BTC_USDT"], ["U本位合约", "/futures/BTCUSDT"], ["跟单交易", "/copy"],
                        ["快捷买币", "__FIAT__"], ["资产", "/assets"], ["登录", "/login"], ["注册", "/register"]],
                "hero": [rng.choice(("三分钟，用人民币买到第一枚比特币", "买币、卖币、合约交易，一站搞定", "安全可靠的加密资产交易")),
                         "C2C 商家担保交易，支持支付宝、微信支付、银行卡付款", "立即注册"],
                "otc": ["C2C 快捷买币", "购买", ["商家", "单价", "限额", "支付方式", "操作"]],
                "markets": ["热门行情", ["交易对", "最新价", "24H涨跌"]],
                "footer": [["帮助中心", "__HELP__"], ["在线客服", "__HELP__/requests/new"]],
                "foot_note": f"© 2026 {brand.latin} · 充币提币 24 小时到账 · 挂单手续费 0.02% / 吃单手续费 0.05%"}  # fmt: skip

    def js_i18n_en(self, rng: random.Random, brand: Brand) -> dict[str, Any]:
        return {"title": f"{brand.latin} | {rng.choice(('Crypto Exchange', 'Trade Bitcoin and 300+ assets'))}",
                "nav": [["Home", "/"], ["Spot", "/spot/BTC_USDT"], ["Futures", "/futures/BTCUSDT"], ["Copy Trading", "/copy"],
                        ["Buy Crypto", "__FIAT__"], ["Assets", "/assets"], ["Log In", "/login"], ["Sign Up", "/register"]],
                "hero": [rng.choice(EN_HERO), "Buy crypto from verified merchants with your local payment method.", "Sign Up"],
                "otc": ["P2P Buy Crypto", "Buy", ["Merchant", "Price", "Limit", "Payment methods", "Action"]],
                "markets": ["Markets", ["Pair", "Last price", "24h change"]],
                "footer": [["Help Center", "__HELP__"], ["Support", "__HELP__/requests/new"]],
                "foot_note": f"© 2026 {brand.latin} · Deposit and withdraw 24/7 · Maker 0.02% / Taker 0.05%"}  # fmt: skip

    def js_ads(self, rng: random.Random, fiat: str, rails: list[tuple[str, str]]) -> dict[str, Any]:
        items = []
        for _ in range(3):
            price = rng.uniform(7.2, 7.3) if fiat == "CNY" else rng.uniform(0.99, 1.01)
            lo = rng.choice((100, 500, 1000))
            pays = rng.sample(rails, rng.randrange(1, len(rails) + 1))
            items.append({"advNo": str(rng.randrange(10**10, 10**11)), "asset": "USDT", "fiat": fiat, "price": f"{price:.2f}",
                          "minAmount": f"{lo}.00", "maxAmount": f"{lo * 50}.00",
                          "merchant": {"nickName": rng.choice(("诚信商家", "金牌承兑", "QuickTrade", "Apex_OTC", "小鱼OTC"))},
                          "payMethods": [{"id": i, "name": n} for n, i in pays]})  # fmt: skip
        return {"code": "000000", "data": {"total": len(items), "items": items}, "success": True}

    # -- redirects and dead sites ------------------------------------------------------------------

    def redirect_site(self, rng: random.Random, target: Site) -> Site:
        """An old brand that 301s every path to the platform's www (takes the platform's labels)."""
        base = target.domain.split(".")[0]
        old = self.namer.domain(Brand(rng.choice((base + "-old", "old" + base, base[:4] + "bi", base + "x", base + "-global")), "", "", "", ""),
                                ("com", "net", "io", "co"))  # fmt: skip
        self.host_records(rng, old, [old, f"www.{old}"], rng.choice(("direct", "cloudflare")))
        location = f"https://www.{target.domain}/"
        for h in (old, f"www.{old}"):
            self.route(h, "*", {"status": 301, "headers": {"Location": location, "Content-Type": "text/html"},
                                "body": "<html><head><title>301 Moved Permanently</title></head><body><center><h1>301 Moved Permanently</h1></center><hr><center>nginx</center></body></html>"})  # fmt: skip
            self.write(h, "robots.txt", "User-agent: *\nDisallow:\n")
        t = target.labels
        labels = make_labels(t["exchange"], t["chinese_ui"], t["cny_onramp"], True, t["geoblocks_cn"], False, t["platform"],
                             f"old brand domain: 301 to {location}")  # fmt: skip
        labels["candidate"] = t["candidate"]
        site = self.add_site(Site(old, "redirect", "redirect", labels, platform=target.platform))
        self.list_domain(rng, old, target.platform + " (old)", f"https://{old}/")
        return site

    def dead_site(self, rng: random.Random, case: str) -> Site:
        brand = self.namer.zh() if rng.random() < 0.7 else self.namer.west()
        domain = self.namer.domain(brand, ZH_TLDS)
        www = f"www.{domain}"
        ovs: bool | None = True
        blk: bool | None = False
        if case == "nxdomain":
            self.hosts[domain] = {"rcode": "NXDOMAIN"}
            self.hosts[www] = {"rcode": "NXDOMAIN"}
            ovs, blk, why = None, None, "dead: NXDOMAIN everywhere"
        elif case == "dns_timeout":
            self.hosts[domain] = {"rcode": "TIMEOUT"}
            self.hosts[www] = {"rcode": "TIMEOUT"}
            ovs, blk, why = None, None, "DNS TIMEOUT everywhere"
        else:
            self.host_records(rng, domain, [domain, www], "direct")
            if case == "refused":
                why = "in DNS but no server: connection refused"
            else:
                fault = {"reset": {"fault": "reset"}, "conn_timeout": {"fault": "timeout"},
                         "server_error": {"status": rng.choice((500, 502, 503)), "body": "<html><head><title>Error</title></head><body><h1>Service Unavailable</h1><p>nginx</p></body></html>",
                                          "headers": {"Content-Type": "text/html"}}}[case]  # fmt: skip
                for h in (domain, www):
                    self.write(h, "index.html", "<html><body>never served</body></html>\n")
                    self.route(h, "*", fault)
                why = {"reset": "connection reset on every path", "conn_timeout": "accepts connections and never answers",
                       "server_error": "HTTP 5xx on every path"}[case]  # fmt: skip
        labels = make_labels(None, None, None, ovs, None, blk, None, why)
        site = self.add_site(Site(domain, case, "dead", labels, platform=brand.latin))
        self.list_domain(rng, domain, brand.latin, f"https://{www}/")
        return site

    # -- listings -----------------------------------------------------------------------------------

    def write_listings(self) -> None:
        rng = random.Random(f"listings:{self.seed}")
        cg, cp = [], []
        for i, (domain, url, name, where) in enumerate(self.listed):
            ident = domain.split(".")[0].replace("-", "") + (str(i) if i % 7 == 0 else "")
            if where in ("cg", "both"):
                cg.append({"id": ident, "name": name, "year_established": rng.randrange(2014, 2025), "country": rng.choice((None, "Seychelles", "Singapore", "Hong Kong", "British Virgin Islands")),
                           "description": "", "url": url, "image": f"https://coin-images.coingecko.com/markets/images/{i + 100}/small/{ident}.png",
                           "has_trading_incentive": False, "trust_score": rng.randrange(1, 10), "trust_score_rank": len(cg) + 1,
                           "trade_volume_24h_btc": round(rng.uniform(10, 30000), 6)})  # fmt: skip
            if where in ("cp", "both"):
                cp.append({"id": ident + "-exchange", "name": name, "type": ["cex", "spot"], "active": True, "website_status": True,
                           "api_status": True, "description": None, "message": "", "links": {"website": [url], "twitter": []},
                           "markets_data_fetched": True, "adjusted_rank": len(cp) + 1, "reported_rank": len(cp) + 1,
                           "currencies": rng.randrange(10, 400), "markets": rng.randrange(10, 800), "fiats": [],
                           "quotes": {"USD": {"reported_volume_24h": rng.randrange(10**5, 10**9)}}, "last_updated": "2026-11-21T14:05:12Z"})  # fmt: skip
        g = "api.coingecko.com"
        hdr = {"Content-Type": "application/json; charset=utf-8"}
        pages = [cg[i:i + 250] for i in range(0, len(cg), 250)] or [[]]
        for n, page in enumerate(pages, 1):
            self.write(g, f"api/v3/exchanges.page{n}.json", json.dumps(page, ensure_ascii=False))
            self.route(g, f"/api/v3/exchanges?per_page=250&page={n}", {"file": f"api/v3/exchanges.page{n}.json", "headers": hdr})
        self.write(g, "api/v3/exchanges.empty.json", "[]")
        self.route(g, "/api/v3/exchanges", {"file": "api/v3/exchanges.empty.json", "headers": hdr})
        self.route(g, "*", {"status": 404, "body": '{"error":"Incorrect path"}', "headers": hdr})
        p = "api.coinpaprika.com"
        self.write(p, "v1/exchanges.json", json.dumps(cp, ensure_ascii=False))
        self.route(p, "/v1/exchanges", {"file": "v1/exchanges.json", "headers": hdr})
        self.route(p, "*", {"status": 404, "body": '{"error":"not found"}', "headers": hdr})
        self.hosts.update(LISTING_HOSTS)


APP_JS = r"""/*! app bundle */
(function () {
  "use strict";
  var API = "__API__", LOCALE = "__LOCALE__", FIAT = "__FIAT__";
  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === "text") n.textContent = attrs[k]; else n.setAttribute(k, attrs[k]); }
    (kids || []).forEach(function (c) { n.appendChild(c); });
    return n;
  }
  function getJSON(u) { return fetch(u, { credentials: "omit" }).then(function (r) { return r.json(); }); }
  var base = API || "/api";
  Promise.all([getJSON("/static/i18n/" + LOCALE + ".json"), getJSON(base + "/v1/fiat/currencies"),
               getJSON(base + "/v1/otc/ads?asset=USDT&side=buy&page=1")]).then(function (res) {
    var t = res[0], fiat = res[1].data, ads = res[2].data.items;
    document.documentElement.lang = LOCALE;
    document.title = t.title;
    var app = document.getElementById("__MOUNT__");
    var nav = el("nav", null, t.nav.map(function (x) { return el("a", { href: x[1], text: x[0] }); }));
    var hero = el("section", { "class": "hero" }, [el("h1", { text: t.hero[0] }), el("p", { text: t.hero[1] }),
      el("a", { href: "/register", "class": "btn", text: t.hero[2] })]);
    var fiatList = el("ul", { "class": "fiat" }, fiat.map(function (f) {
      return el("li", { text: f.symbol + " " + f.name + " — " + f.payMethods.map(function (p) { return p.name; }).join(" / ") });
    }));
    var rows = ads.map(function (a) {
      return el("tr", null, [el("td", { text: a.merchant.nickName }), el("td", { text: a.price + " " + a.fiat }),
        el("td", { text: a.minAmount + " - " + a.maxAmount + " " + a.fiat }),
        el("td", { text: a.payMethods.map(function (p) { return p.name; }).join(" ") }),
        el("td", null, [el("button", { text: t.otc[1] })])]);
    });
    var otc = el("section", { "class": "otc" }, [el("h2", { text: t.otc[0] }), fiatList,
      el("table", null, [el("thead", null, [el("tr", null, t.otc[2].map(function (c) { return el("th", { text: c }); }))]),
                         el("tbody", null, rows)])]);
    var pairs = [["BTC/USDT", "91,842.10", "+1.82%"], ["ETH/USDT", "3,215.44", "-0.47%"], ["SOL/USDT", "236.18", "+4.10%"]];
    var mk = el("section", { "class": "markets" }, [el("h2", { text: t.markets[0] }), el("table", null,
      [el("tr", null, t.markets[1].map(function (c) { return el("th", { text: c }); }))].concat(pairs.map(function (p) {
        return el("tr", null, p.map(function (c) { return el("td", { text: c }); })); })))]);
    var foot = el("footer", null, t.footer.map(function (x) { return el("a", { href: x[1], text: x[0] }); })
      .concat([el("p", { text: t.foot_note })]));
    app.appendChild(el("header", null, [nav]));
    if (location.pathname === FIAT) { app.appendChild(otc); app.appendChild(hero); }
    else { app.appendChild(hero); app.appendChild(mk); app.appendChild(otc); }
    app.appendChild(foot);
  })["catch"](function (e) { console.error("bootstrap failed", e); });
})();
"""


# ---------------------------------------------------------------------------------------------
# Planning and writing


@dataclass
class GenerateSummary:
    """What ``generate`` wrote, for the CLI and the benchmark."""

    out: Path
    sites: int
    by_kind: dict[str, int]
    by_case: dict[str, int]
    candidates: int
    hosts: int
    networks: int
    files: int
    bytes: int
    js_pages: int

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items()))
        return (f"{self.out}: {self.sites} sites ({kinds}); {self.candidates} candidates; {self.hosts} hosts; "
                f"{self.networks} networks; {self.files} files ({self.bytes / 1e6:.1f} MB); {self.js_pages} JS-only pages")  # fmt: skip


def _weighted(rng: random.Random, weights: dict[str, float], n: int) -> list[str]:
    """``n`` case names in proportion to ``weights`` (largest remainder), shuffled deterministically."""
    total = sum(weights.values())
    names = sorted(weights)
    raw = {k: n * weights[k] / total for k in names}
    counts = {k: int(raw[k]) for k in names}
    for k in sorted(names, key=lambda k: (-(raw[k] - counts[k]), k))[: n - sum(counts.values())]:
        counts[k] += 1
    out = [k for k in names for _ in range(counts[k])]
    rng.shuffle(out)
    return out


def _prepare(out: Path) -> None:
    """Empty ``out`` if it holds an earlier generated corpus; refuse to clobber anything else."""
    if out.exists():
        if not out.is_dir():
            raise ValueError(f"{out}: exists and is not a directory")
        entries = list(out.iterdir())
        if entries and not (out / MANIFEST).exists():
            raise ValueError(f"{out}: not empty and not a generated corpus (no {MANIFEST}); choose another folder")
        for entry in entries:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out.mkdir(parents=True, exist_ok=True)
    # Marks the folder as ours at once, so a generation that fails half-way can simply be rerun.
    (out / MANIFEST).write_text('{"generator": "simweb.generate", "complete": false}\n', encoding="utf-8")


def generate(sites: int, seed: int, out: Path, progress: Callable[[int, int], None] | None = None) -> GenerateSummary:
    """Write a corpus of about ``sites`` labelled domains into ``out`` (deterministic for ``seed``)."""
    if sites < 10:
        raise ValueError("--sites must be at least 10 (the mix needs room for every kind)")
    problems = check_providers()
    if problems:
        raise ValueError("address ranges disagree with iptocc: " + "; ".join(problems[:5]))
    out = Path(out)
    _prepare(out)
    b = Builder(out, seed)
    rng = b.rng
    n_js = round(sites * JS_SHARE)
    n_dead = round(sites * DEAD_SHARE)
    n_mirror_target = round(sites * MIRROR_SHARE)
    n_redirect = round(sites * REDIRECT_SHARE)
    n_static = sites - n_js - n_dead - n_redirect - n_mirror_target
    plan = ([("js", c) for c in _weighted(rng, JS_CASES, n_js)] + [("dead", c) for c in _weighted(rng, DEAD_CASES, n_dead)]
            + [("static", c) for c in _weighted(rng, STATIC_CASES, max(n_static, 1))])  # fmt: skip
    rng.shuffle(plan)
    b.mirror_budget = n_mirror_target
    made = 0
    mirrors = 0
    for i, (kind, case) in enumerate(plan):
        site_rng = random.Random(f"site:{seed}:{i}")
        if kind == "js":
            made += len(b.js_site(site_rng, case))
        elif kind == "dead":
            b.dead_site(site_rng, case)
            made += 1
        else:
            produced = b.static_exchange(site_rng, case)
            made += len(produced)
            mirrors += len(produced) - 1
        if progress and i % 500 == 0:
            progress(i, len(plan))
    # Mirrors make up their share: more mirror-publishing platforms until the count is reached.
    extra = 0
    while mirrors < n_mirror_target:
        site_rng = random.Random(f"mirror-host:{seed}:{extra}")
        produced = b.static_exchange(site_rng, site_rng.choice(("zh_static", "zh_static", "p2p_only")))
        extra += 1
        made += len(produced)
        mirrors += len(produced) - 1
    targets = [s for s in b.sites.values() if s.case in REDIRECT_TARGETS and s.labels["overseas"]
               and s.labels["blocked_in_cn"] is False]  # fmt: skip
    for j in range(n_redirect):
        if not targets:
            break
        site_rng = random.Random(f"redirect:{seed}:{j}")
        b.redirect_site(site_rng, targets[site_rng.randrange(len(targets))])
    b.write_listings()
    for host, routes in b.routes.items():
        b.write(host, "_routes.json", json.dumps(routes, ensure_ascii=False, indent=1) + "\n")
    corpus = {"format": FORMAT, "name": f"generated-{sites}-seed{seed}", "seeds": b.seeds, "hosts": b.hosts,
              "networks": b.pool.networks()}  # fmt: skip
    (out / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    labels = {"format": LABELS_FORMAT, "domains": {d: s.labels for d, s in sorted(b.sites.items())}}
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    by_kind = Counter(s.kind for s in b.sites.values())
    by_case = Counter(s.case for s in b.sites.values())
    js_pages = sum(len(s.js_pages) for s in b.sites.values())
    manifest = {
        "generator": "simweb.generate", "sites": len(b.sites), "seed": seed, "requested_sites": sites,
        "by_kind": dict(sorted(by_kind.items())), "by_case": dict(sorted(by_case.items())),
        "domains": {d: {"case": s.case, "kind": s.kind, "js_pages": [list(p) for p in s.js_pages]}
                    for d, s in sorted(b.sites.items())},
        "corpus_sha256": hashlib.sha256((out / "corpus.json").read_bytes()).hexdigest(),
    }  # fmt: skip
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return GenerateSummary(out=out, sites=len(b.sites), by_kind=dict(by_kind), by_case=dict(by_case),
                           candidates=sum(1 for s in b.sites.values() if s.labels["candidate"]), hosts=len(b.hosts),
                           networks=len(corpus["networks"]), files=b.files, bytes=b.bytes, js_pages=js_pages)  # fmt: skip


def load_manifest(corpus: Path) -> dict[str, Any]:
    """The generator's manifest of a generated corpus (case, kind and JS-only pages per domain)."""
    return json.loads((Path(corpus) / MANIFEST).read_text(encoding="utf-8"))


def generate_command(
    sites: Annotated[int, typer.Option("--sites", help="How many labelled domains (registrable) to generate.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed and size: the same corpus, byte for byte.")] = 1,
    out: Annotated[Path, typer.Argument(help="Output folder (emptied if it holds an earlier generated corpus).")] = Path(
        "generated-corpus"
    ),
) -> None:
    """Write a synthetic corpus of SITES domains (contract format, with labels.json) into OUT.

    A realistic mix: about 20 % JS-only sites, 10 % mirrors, 10 % dead or faulty, the rest static;
    Chinese, Traditional, Japanese, Korean and English UIs; CNY rails, display-only ¥, CDN-fronted,
    HK, split and mainland hosting; real address ranges shared by many sites.

    Example: exscout simweb generate --sites 2000 --seed 1 /tmp/corpus-2000
    """
    try:
        summary = generate(sites, seed, out)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(summary.line())


def main() -> None:
    """``python -m simweb.generate --sites N --seed S OUT`` until the command is registered."""
    typer.run(generate_command)


if __name__ == "__main__":
    main()
