"""Is the site a crypto-asset trading platform, rather than a news site, a wallet, a listing or a company site?

Label (simweb-corpus.md): "the site is a crypto-asset trading platform (spot,
derivatives, OTC or P2P trading), not a news site, wallet vendor or listing".

Every one of those neighbours talks about spot, futures and BTC/USDT, so single
words decide nothing. The detector scores *distinct features* per category, in
English, Simplified and Traditional Chinese, Japanese and Korean:

* trading: product vocabulary (spot/现货/現物/현물, futures/合约/先物/선물,
  perpetual/永续, margin/杠杆, 币币交易, copy trading), trading structure (order
  book/盘口, limit/market order, buy/sell forms, several trading pairs such as
  BTC/USDT), account structure (register + log in, deposit + withdraw, KYC,
  fees page, API docs) and fiat desks (P2P/OTC/C2C, 快捷买币);
* news: 快讯/资讯/行情分析/作者, bylines, publish dates, "min read", ``<article>``
  elements, ``og:type=article``;
* wallet: 助记词/私钥, seed/recovery phrase, non-custodial, wallet download,
  browser extension, DApp browser;
* listing: rankings (交易所排行, "top exchanges by volume", trust score),
  many different exchange brand names on one page, "visit exchange".

A page is an exchange when its trading score is high and clearly above the
best competing category. Scores are kept in ``details`` so that
:func:`combine` decides on the whole site, not on one page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from crawler.detectors._fast import finditer, search, terms
from crawler.detectors.page import Page
from crawler.verdict import Evidence, Verdict

NAME = "exchange"

#: Trading features: name -> (pattern, weight). Each feature counts once per page.
TRADING_FEATURES: Mapping[str, tuple[re.Pattern[str], float]] = {
    "spot": (terms(r"\bspot\s*(?:trading|market|exchange)?\b|现货|現貨|現物取引|현물|币币交易|幣幣交易|币币|幣幣"), 1.0),
    "derivatives": (terms(r"\bfutures\b|\bperpetual|\bderivatives\b|\bcontracts?\s+trading|合约|合約|永续|永續|交割|"
                               r"先物|無期限|デリバティブ|선물|무기한|파생"), 1.0),
    "margin": (terms(r"\bmargin\s*trading\b|\bmargin\b|\bleverage|杠杆|槓桿|レバレッジ|신용거래|레버리지|마진"), 0.7),
    "order_book": (terms(r"\border\s*book\b|\bopen\s+orders\b|\border\s+history\b|盘口|盤口|委托|委託|挂单|掛單|"
                              r"订单簿|訂單簿|板情報|注文|호가|미체결"), 1.3),
    "order_types": (terms(r"\blimit\s+order|\bmarket\s+order|\bstop[- ]limit|限价|限價|市价单|市價單|市价|止盈止损|"
                               r"指値|成行|지정가|시장가"), 1.3),
    "buy_sell_form": (terms(r"\bbuy\s+(?:BTC|ETH|USDT)\b.{0,200}\bsell\s+(?:BTC|ETH|USDT)\b|买入.{0,80}卖出|買入.{0,80}賣出|"
                                 r"\bavailable\s+balance|可用余额|可用餘額|可用\s*[:：]", re.S), 1.0),
    "account": (terms(r"(?:\bsign\s*up\b|\bregister\b|\bcreate\s+(?:an\s+)?account|注册|註冊|登録|회원가입|가입하기|口座開設)"), 0.6),
    "login": (terms(r"\blog\s*in\b|\bsign\s*in\b|登录|登入|ログイン|로그인"), 0.3),
    "deposit_withdraw": (terms(r"(?:\bdeposit|充值|充币|充幣|入金|입금).{0,400}?(?:\bwithdraw|提现|提币|提幣|提現|出金|출금)|"
                                    r"(?:\bwithdraw|提现|提币|提幣|提現|出金|출금).{0,400}?(?:\bdeposit|充值|充币|充幣|入金|입금)", re.S), 1.0),
    "fees": (terms(r"\btrading\s+fees?\b|\bmaker\b.{0,40}\btaker\b|\bfee\s+(?:rate|schedule)|手续费率|手續費率|"
                        r"交易手续费|挂单.{0,10}吃单|取引手数料|거래\s*수수료|maker\s*/\s*taker", re.S), 1.0),
    "api": (terms(r"\bAPI\s+(?:docs|documentation|keys?|trading)\b|API\s*文档|API\s*文檔|API\s*管理|APIキー|API\s*관리"), 0.6),
    "otc_p2p": (terms(r"\bP2P\b|\bOTC\b|\bC2C\b|\bpeer[- ]to[- ]peer\b|法币交易|法幣交易|場外|场外|承兑|承兌|点对点|點對點|"
                      r"发布广告|發佈廣告|發布廣告|\bpost\s+(?:an\s+)?ad\b"), 1.5),
    "quick_buy": (terms(r"快捷买币|快捷買幣|一键买币|一鍵買幣|快速买币|买币|買幣|卖币|賣幣|\bBuy\s+Crypto\b|"
                        r"\bbuy\s+(?:usdt|btc|bitcoin)\b|(?:购买|買入|买入|出售)\s*usdt|暗号資産を購入|코인\s*구매"), 1.0),
    "orders": (terms(r"下单|下單|我的订单|我的訂單|\bmy\s+orders\b|\bplace\s+(?:an\s+)?order\b|注文する|주문하기|"
                     r"订单将|訂單將|完成付款"), 0.7),
    "p2p_ads": (terms(r"(?:商家|广告方|廣告方|广告主|廣告主|商户|承兑商|\badvertisers?\b|\bmerchants?\b).{0,300}?"
                      r"(?:单价|單價|价格|價格|\bprice\b).{0,300}?"
                      r"(?:限额|限額|\blimits?\b|可用|\bavailable\b|付款方式|\bpayment)", re.S), 1.5),
    "kyc": (terms(r"\bKYC\b|\bidentity\s+verification|实名认证|實名認證|身份认证|本人確認|본인인증|신원\s*인증"), 0.5),
    "trade_cta": (terms(r"\btrade\s+now\b|\bstart\s+trading\b|立即交易|去交易|开始交易|開始交易|马上交易|今すぐ取引|"
                             r"取引を始め|거래\s*시작|지금\s*거래"), 1.0),
    "exchange_self": (terms(r"(?:digital\s+asset|crypto(?:currency)?|bitcoin)\s+(?:exchange|trading\s+platform)|"
                                 r"数字资产交易平台|數位資產交易平台|数字货币交易平台|加密货币交易所|加密貨幣交易所|交易所|"
                                 r"暗号資産取引所|仮想通貨取引所|거래소"), 0.6),
    "products": (terms(r"\bcopy\s+trading|跟单|跟單|\bgrid\s+(?:trading|bot)|网格交易|網格交易|\blaunchpad\b|"
                            r"\bearn\b|理财|理財|\bstaking\b|质押|質押"), 0.5),
}  # fmt: skip
#: A trading pair written as the markets table writes it.
PAIR_RE = re.compile(
    r"\b([A-Z0-9]{2,10})\s*[/_-]\s*(USDT|USDC|BTC|ETH|USD|EUR|BUSD|FDUSD|TRY|KRW|JPY|TUSD|DAI)\b"
)
#: Distinct pairs needed for the "markets" feature.
MIN_PAIRS = 3
#: JSON keys holding a market symbol, and the concatenated symbol form (BTCUSDT).
JSON_SYMBOL_KEYS = frozenset(
    {"symbol", "instid", "inst_id", "pair", "market", "s", "currency_pair", "symbolname"}
)
JSON_SYMBOL_RE = re.compile(r"[A-Z0-9]{2,10}(?:USDT|USDC|BTC|ETH|USD)")

NEWS_FEATURES: Mapping[str, tuple[re.Pattern[str], float]] = {
    "news_words": (terms(r"快讯|快訊|资讯|資訊|头条|頭條|新闻|新聞|专栏|專欄|\bbreaking\s+news\b|\blatest\s+news\b|"
                              r"\bnews\b|ニュース|뉴스|속보"), 1.0),
    "analysis": (terms(r"行情分析|市场分析|市場分析|深度|观点|觀點|\bmarket\s+analysis\b|\bopinion\b|\banalysis\b|"
                            r"\bpodcast\b|\bnewsletter\b|市況|분석"), 0.8),
    "byline": (terms(r"作者\s*[:：]|编辑\s*[:：]|編輯\s*[:：]|责任编辑|記者|记者|"
                          r"\bauthor\b|\bcontributor\b|\breporter\b|\beditor\b|기자|執筆"), 1.2),
    "published": (terms(r"发布于|發佈於|发布时间|發布時間|\bpublished\b|\bupdated\s+on\b|\bmins?\s+read\b|\bminute\s+read\b|"
                         r"阅读\s*\d|閱讀|分钟前|小时前|分鐘前|小時前|投稿日|입력\s*\d"), 1.0),
    "media": (terms(r"\bsubscribe\b|订阅|訂閱|\bread\s+more\b|阅读全文|閱讀全文|阅读更多|\brelated\s+articles?\b|"
                         r"相关文章|相關文章|投稿|\beditorial\b|\bpress\b|\bjournalis"), 0.6),
}  # fmt: skip
WALLET_FEATURES: Mapping[str, tuple[re.Pattern[str], float]] = {
    "seed": (terms(r"助记词|助記詞|私钥|私鑰|\bseed\s+phrase|\brecovery\s+phrase|\bmnemonic|\bprivate\s+keys?\b|"
                        r"秘密鍵|シードフレーズ|니모닉|개인\s*키|복구\s*구문"), 1.5),
    "custody": (terms(r"non[- ]custodial|self[- ]custod|去中心化钱包|去中心化錢包|自托管|自託管|\byour\s+keys\b|"
                           r"\bdecentralized\s+wallet|冷钱包|冷錢包|\bhardware\s+wallet|\bcold\s+wallet"), 1.5),
    "wallet_download": (terms(r"钱包下载|錢包下載|下载钱包|下載錢包|\bdownload\s+(?:the\s+)?(?:\w+\s+)?wallet|"
                                   r"\bwallet\s+(?:app|extension)|\bbrowser\s+extension|\bchrome\s+extension|"
                                   r"ウォレットをダウンロード|지갑\s*다운로드"), 1.2),
    "wallet_words": (terms(r"\bmulti[- ]?chain\s+wallet|\bcrypto\s+wallet|\bweb3\s+wallet|多链钱包|多鏈錢包|数字钱包|數位錢包|"
                                r"\bDApps?\b|\bdapp\s+browser|ウォレット|지갑"), 1.0),
}  # fmt: skip
LISTING_FEATURES: Mapping[str, tuple[re.Pattern[str], float]] = {
    "ranking": (terms(r"交易所排行|交易所排名|交易所大全|交易所导航|交易所導航|按.{0,12}成交额排序|成交额排名|\bexchange\s+rank|\btop\s+(?:crypto(?:currency)?\s+)?exchanges|"
                           r"\brank(?:ed|ing)s?\s+(?:by|of)\b|\bby\s+(?:trading\s+)?volume\b|\btrust\s*score|排行榜|"
                           r"取引所ランキング|거래소\s*순위"), 1.5),
    "market_cap": (terms(r"\bmarket\s+cap(?:italization)?\b|市值排行|市值|\bcirculating\s+supply|流通量|流通供应|時価総額|시가총액"), 0.8),
    "compare": (terms(r"\bcompare\s+exchanges|\bexchange\s+reviews?|\bvisit\s+(?:exchange|site|website)|\bbest\s+crypto\s+exchanges|"
                           r"\breview\b|\bratings?\b|评测|評測|测评|\bsign[- ]up\s+bonus|\breferral\s+code"), 1.0),
    "aggregator": (terms(r"\bprice\s+tracker|\bcoin\s+tracker|\bdata\s+aggregator|\ball\s+exchanges\b|\bexchanges\s+list|"
                              r"\bnumber\s+of\s+(?:markets|coins)|\b24h\s+volume\b.{0,200}\b24h\s+volume\b", re.S), 1.0),
}  # fmt: skip
#: Exchange brands: many different ones on one page is a listing (or news), not an exchange.
BRANDS = (
    "Binance", "OKX", "OKEx", "Huobi", "HTX", "Bybit", "Coinbase", "Kraken", "KuCoin", "Gate.io", "MEXC", "Bitget",
    "Bitfinex", "Bitstamp", "Gemini", "Bithumb", "Upbit", "bitFlyer", "Crypto.com", "BingX", "Poloniex", "Phemex",
    "LBank", "CoinEx", "WhiteBIT", "Deribit", "BitMEX", "XT.com", "Coincheck", "Korbit", "HashKey", "BitMart",
    "Bitrue", "Pionex", "AscendEX", "ProBit", "Toobit", "DigiFinex", "Hotcoin",
    "币安", "欧易", "火币", "芝麻开门", "抹茶", "派网", "库币",
)  # fmt: skip
#: A flat alternation (each branch a literal) so the regex engine can skip ahead.
BRAND_RE = terms("|".join(re.escape(b) + (r"\b" if b.isascii() else "") for b in BRANDS))
MIN_BRANDS_FOR_LISTING = 6
CORPORATE_RE = terms(r"公司简介|公司簡介|关于我们|解决方案|产品中心|產品中心|成功案例|合作伙伴|企业文化|联系我们|"
                          r"招贤纳士|技术服务|区块链技术|區塊鏈技術|\bour\s+clients\b|\bsolutions\b|\bcase\s+studies\b")  # fmt: skip
CORPORATE_WEIGHT = 0.5
#: Vendors of exchange software and blockchain services describe trading products they
#: sell, not run (交易所系统开发, white-label exchange, BaaS).
VENDOR_FEATURES: Mapping[str, tuple[re.Pattern[str], float]] = {
    "exchange_software": (terms(r"交易所系统|交易所搭建|交易所开发|交易所源码|交易系统开发|交易平台开发|交易平台搭建|"
                                r"\bwhite[- ]label\s+(?:crypto\s+)?exchange|\bturnkey\s+(?:crypto\s+)?exchange|"
                                r"\bexchange\s+(?:software|script|clone)\b|\bcrypto\s+exchange\s+development"), 4.0),
    "delivery": (terms(r"源码|定制开发|系统开发|私有化部署|技术支持与交付|上线周期|报价|\bsource\s+code\b|"
                       r"\bcustom\s+development\b|\bget\s+a\s+quote\b|\brequest\s+a\s+demo\b|\bour\s+clients\b"), 1.0),
    "baas": (terms(r"\bBaaS\b|区块链即服务|联盟链|聯盟鏈|区块链解决方案|供应链金融|溯源|存证|\bblockchain\s+as\s+a\s+service"), 1.0),
}  # fmt: skip
#: Sites that say they do not trade (news footers, mainland vendors' compliance notes).
NOT_TRADING_FEATURES: Mapping[str, tuple[re.Pattern[str], float]] = {
    "disclaims_trading": (terms(
        r"仅提供(?:资讯|信息|信息展示|行情)|不提供任何交易|不提供交易服务|不提供(?:任何)?(?:数字货币|虚拟货币)交易|"
        r"不从事.{0,8}(?:虚拟货币|数字货币|加密货币|代币|虚拟币).{0,4}(?:交易|业务|发行)|"
        r"不涉及.{0,8}(?:虚拟货币|数字货币|加密货币|代币|虚拟币).{0,4}(?:交易|业务|发行)|"
        r"\b(?:is|are)\s+not\s+an?\s+(?:crypto(?:currency)?\s+)?exchange\b|"
        r"\bdoes\s+not\s+(?:offer|provide)\s+any\s+(?:trading|exchange|brokerage)"), 3.0),
}  # fmt: skip

#: Weights of the structural features scored outside the feature tables (kept in one place
#: so that :func:`combine` re-scores a site exactly as :func:`scores` scores a page).
EXTRA_WEIGHTS: Mapping[str, float] = {
    "markets": 1.2, "json_markets": 1.2, "json_order_book": 1.3, "trade_links": 0.5,
    "article_elements": 1.5, "og_article": 1.5, "brands": 2.0,
}  # fmt: skip
#: Categories that compete with "trading" for what a site is.
RIVALS = ("news", "wallet", "listing", "corporate", "vendor", "not_trading")
#: A page is an exchange when trading >= this and >= RATIO * best competitor.
MIN_TRADING = 4.0
RATIO = 1.3
#: Below this many units of text (and no JSON), the page is a shell: undecided.
MIN_UNITS = 30
#: Cap on visible text scanned (features are page-level presence tests): the
#: head and the tail of a long page.
SCAN_CHARS = 60_000
SCAN_TAIL_CHARS = 10_000
#: Publication dates (several on a page is a news list).
DATE_RE = re.compile(r"20\d\d[-/.年]\d\d?[-/.月]\d\d?")
MIN_DATES = 3
#: An English byline ("By Jane Doe"): case matters, so it runs on the original text.
BYLINE_RE = re.compile(r"\bBy\s+[A-Z][a-z]+\s+[A-Z][a-z]+")


def _score(text: str, features: Mapping[str, tuple[re.Pattern[str], float]]) -> tuple[float, dict[str, str]]:
    total = 0.0
    hits: dict[str, str] = {}
    for name, (pat, weight) in features.items():
        m = search(pat, text)
        if m:
            total += weight
            hits[name] = m.group(0)[:40]
    return total, hits


def _json_trading(payloads: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Trading structure in captured JSON: symbol lists (many pairs), order books (bids/asks arrays)."""
    symbols: set[str] = set()
    book = False
    nodes = 0
    stack: list[tuple[Any, int]] = [(p, 0) for _, p in payloads]
    while stack and nodes < 30_000:
        obj, depth = stack.pop()
        nodes += 1
        if depth > 30:
            continue
        if isinstance(obj, dict):
            keys = {str(k).lower() for k in obj}
            if {"bids", "asks"} <= keys or (
                {"buy", "sell"} <= keys and all(isinstance(obj.get(k), list) for k in ("buy", "sell"))
            ):
                book = True
            for k, v in obj.items():
                kl = str(k).lower()
                if (
                    isinstance(v, str)
                    and kl in JSON_SYMBOL_KEYS
                    and (PAIR_RE.search(v.upper()) or JSON_SYMBOL_RE.fullmatch(v))
                ):
                    symbols.add(v.upper())
                stack.append((v, depth + 1))
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj[:3000])
    return {"json_symbols": len(symbols), "json_order_book": book}


def scores(page: Page) -> dict[str, Any]:
    """Per-category scores and matched features of one page (what :func:`detect` and :func:`combine` decide on)."""
    low = page.lower_text
    if len(low) > SCAN_CHARS:  # head (nav, hero) and tail (footer) carry the telling features
        low = low[: SCAN_CHARS - SCAN_TAIL_CHARS] + " \n " + low[-SCAN_TAIL_CHARS:]
    text = page.title.lower() + " \n " + low
    link_text = " ".join(t for _, t in page.links[:400]).lower()
    link_urls = " ".join(u for u, _ in page.links[:400])
    both = text + " \n " + link_text
    if page.payloads:  # app shells: the vocabulary is in the i18n/API JSON
        both += " \n " + page.json_text.lower()
    trading, t_hits = _score(both, TRADING_FEATURES)
    pairs = {m.group(0).replace(" ", "") for m in PAIR_RE.finditer(page.visible_text[:SCAN_CHARS])}
    if len(pairs) >= MIN_PAIRS:
        trading += EXTRA_WEIGHTS["markets"]
        t_hits["markets"] = ", ".join(sorted(pairs)[:4])
    if re.search(r"/(?:trade|spot|futures|exchange|markets?|swap|contract)(?:/|\b)", link_urls, re.I):
        trading += EXTRA_WEIGHTS["trade_links"]
        t_hits["trade_links"] = "trade URLs"
    j = _json_trading(page.payloads) if page.payloads else {"json_symbols": 0, "json_order_book": False}
    if j["json_symbols"] >= MIN_PAIRS:
        trading += EXTRA_WEIGHTS["json_markets"]
        t_hits["json_markets"] = f"{j['json_symbols']} symbols"
    if j["json_order_book"]:
        trading += EXTRA_WEIGHTS["json_order_book"]
        t_hits["json_order_book"] = "bids/asks"
    news, n_hits = _score(text, NEWS_FEATURES)
    if "published" not in n_hits and len(DATE_RE.findall(text, 0, SCAN_CHARS)) >= MIN_DATES:
        news += NEWS_FEATURES["published"][1]
        n_hits["published"] = "dates"
    articles = len(page.tree.findall(".//article"))
    if articles >= 3:
        news += EXTRA_WEIGHTS["article_elements"]
        n_hits["article_elements"] = str(articles)
    if page.meta_first("og:type").lower() == "article":
        news += EXTRA_WEIGHTS["og_article"]
        n_hits["og_article"] = "og:type=article"
    wallet, w_hits = _score(text, WALLET_FEATURES)
    listing, l_hits = _score(text, LISTING_FEATURES)
    brands = {m.group(0) for m in finditer(BRAND_RE, text)}
    if len(brands) >= MIN_BRANDS_FOR_LISTING:
        listing += EXTRA_WEIGHTS["brands"]
        news += 0.5
        l_hits["brands"] = ", ".join(sorted(brands)[:6])
    corporate = CORPORATE_WEIGHT * min(4, len({m.group(0) for m in finditer(CORPORATE_RE, text)}))
    vendor, v_hits = _score(text, VENDOR_FEATURES)
    not_trading, x_hits = _score(text, NOT_TRADING_FEATURES)
    if BYLINE_RE.search(page.visible_text[:SCAN_CHARS]) and "byline" not in n_hits:
        news += NEWS_FEATURES["byline"][1]
        n_hits["byline"] = "By …"
    units = page.script_stats.units
    return {
        "trading": round(trading, 2),
        "news": round(news, 2),
        "wallet": round(wallet, 2),
        "listing": round(listing, 2),
        "corporate": round(corporate, 2),
        "vendor": round(vendor, 2),
        "not_trading": round(not_trading, 2),
        "hits": {
            "trading": t_hits,
            "news": n_hits,
            "wallet": w_hits,
            "listing": l_hits,
            "vendor": v_hits,
            "not_trading": x_hits,
        },
        "units": units,
        "json": bool(page.payloads),
    }


def _decide(s: Mapping[str, Any], url: str) -> Verdict:
    trading = s["trading"]
    rivals = {k: s.get(k, 0.0) for k in RIVALS}
    rival, rival_score = max(rivals.items(), key=lambda kv: kv[1])
    t_hits = s["hits"]["trading"]
    snippet = "; ".join(f"{k}: {v}" for k, v in list(t_hits.items())[:6])
    details = dict(s)
    vendor_hits = s["hits"].get("vendor", {})
    if "exchange_software" in vendor_hits and not ({"account", "login"} & set(t_hits)):
        # Sells exchange systems (describes every trading feature) but has no
        # account of its own to log in to: a vendor, not a platform.
        return Verdict(NAME, False, 0.7, ("exchange-software vendor: trading features described, no user accounts",),
                       (Evidence(url, "; ".join(f"{k}: {v}" for k, v in vendor_hits.items()), "vendor"),), details)  # fmt: skip
    if trading >= MIN_TRADING and trading >= RATIO * rival_score:
        conf = min(0.95, 0.55 + 0.05 * trading - 0.04 * rival_score)
        return Verdict(NAME, True, round(max(conf, 0.55), 3),
                       (f"trading platform features ({trading:g}): " + ", ".join(t_hits),),
                       (Evidence(url, snippet, "trading"),), details)  # fmt: skip
    if s["units"] < MIN_UNITS and not s["json"] and trading < MIN_TRADING:
        return Verdict(NAME, None, 0.0, ("too little content to judge",), (), details)
    if rival_score >= 2.0 and rival_score * RATIO > trading:
        hits = s["hits"].get(rival, {})
        return Verdict(NAME, False, 0.75, (f"looks like a {rival} site ({rival_score:g} vs trading {trading:g})",),
                       (Evidence(url, "; ".join(f"{k}: {v}" for k, v in list(hits.items())[:5]), rival),), details)  # fmt: skip
    return Verdict(NAME, False, 0.6, (f"too few trading features ({trading:g})",), (), details)


def detect(page: Page) -> Verdict:
    """One page: does it look like a trading platform (and not a news/wallet/listing/company site)?"""
    if (not page.body or not page.is_html) and not page.payloads:
        return Verdict.unknown(NAME, "no HTML to read")
    return _decide(scores(page), page.final_url or page.url)


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Site: sum category scores over the pages read (a site's home, trade and P2P pages add up; a
    news site's one market page does not outweigh its articles), then decide as for one page."""
    vs = [v for v in verdicts if v is not None and v.details and "trading" in v.details]
    if not vs:
        return Verdict(NAME, None, 0.0, ("no page could be judged",))
    total: dict[str, Any] = {"trading": 0.0, "units": 0, **dict.fromkeys(RIVALS, 0.0)}
    hits: dict[str, dict[str, str]] = {
        k: {} for k in ("trading", "news", "wallet", "listing", "vendor", "not_trading")
    }
    for v in vs:
        for k in ("trading", "news", "wallet", "listing", "vendor", "not_trading", "units"):
            total[k] += v.details.get(k, 0)
        # footers repeat 关于我们/联系我们 on every page: the best page, not the sum
        total["corporate"] = max(total["corporate"], v.details.get("corporate", 0))
        for cat, h in v.details.get("hits", {}).items():
            for feat, val in h.items():
                hits.setdefault(cat, {}).setdefault(feat, val)
    # Features are presence tests: a feature seen on several pages counts once
    # per category, so recompute trading from distinct features, capped by the sum.
    for cat, feats in (("trading", TRADING_FEATURES), ("news", NEWS_FEATURES), ("wallet", WALLET_FEATURES),
                       ("listing", LISTING_FEATURES), ("vendor", VENDOR_FEATURES),
                       ("not_trading", NOT_TRADING_FEATURES)):  # fmt: skip
        distinct = sum(feats[f][1] for f in hits.get(cat, {}) if f in feats)
        extra = sum(EXTRA_WEIGHTS.get(f, 0.0) for f in hits.get(cat, {}) if f not in feats)
        total[cat] = round(min(total[cat], distinct + extra), 2)
    total["hits"] = hits
    total["json"] = any(v.details.get("json") for v in vs)
    verdict = _decide(total, next((e.url for v in vs for e in v.evidence), ""))
    best = [v for v in vs if v.value is True]
    evidence = (
        tuple(e for v in sorted(best, key=lambda v: -v.confidence)[:3] for e in v.evidence)
        or verdict.evidence
    )
    return Verdict(
        NAME, verdict.value, verdict.confidence, verdict.reasons, evidence, {**total, "pages": len(vs)}
    )


#: The same functions under the names STYLE.md uses (``detect_x`` / ``combine_x``).
detect_exchange = detect
combine_exchange = combine
