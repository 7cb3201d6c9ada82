"""Can a visitor pay in renminbi: CNY fiat purchase, or P2P/OTC with Alipay, WeChat Pay, UnionPay, Chinese bank cards?

Label (simweb-corpus.md): "a visitor can pay in renminbi ... Prices merely
*displayed* in CNY do not count".

What counts, on a page or in the JSON a rendered page loaded:

* a Chinese payment rail (支付宝/Alipay, 微信支付/WeChat Pay, 银联/UnionPay/云闪付,
  银行卡/银行转账 and named mainland banks) mentioned in a buying context
  (P2P/OTC/C2C/法币/快捷买币/Buy Crypto/付款方式...), not negated;
* CNY/人民币/RMB offered as a currency to *pay with* (next to buy/pay words,
  or as the fiat of P2P ads and fiat lists in JSON).

What does not: negated rails (不支持支付宝, "we do not accept Alipay"),
display-only prices (≈ ¥123, ≈ 7,245 CNY, 计价货币/显示货币, currency
converters, exchange-rate maps), bare 微信/WeChat (a support channel, not a
payment) and English "bank transfer" without renminbi. The ``¥`` sign is never
used: it is also the yen sign, and on a Japanese page it is yen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from crawler.detectors._fast import finditer, search, terms
from crawler.detectors.links import FIAT_URL_RE
from crawler.detectors.page import Page
from crawler.verdict import Evidence, Verdict

NAME = "cny_onramp"

#: Payment rails, one named group each. ``wechat`` (bare) and ``bank_en`` need more context.
RAIL_RE = terms(
    r"(?P<alipay>支付宝|支付寶|\bAli[- ]?pay\b)"
    r"|(?P<wechat_pay>微信支付|微信钱包|微信收款|\bWe[Cc]hat\s*Pay\b|\bWeixin\s*Pay\b|\bWx\s*Pay\b|\bWXPAY\b|\bWECHAT_?PAY\b)"
    r"|(?P<unionpay>银联|銀聯|云闪付|雲閃付|\bUnion\s*Pay\b|\bUNIONPAY\b)"
    r"|(?P<cn_bank>银行卡|銀行卡|银行转账|銀行轉帳|银行转帐|网银转账|网上银行|"
    r"中国银行|工商银行|建设银行|农业银行|招商银行|交通银行|邮储银行|\bICBC\b|\bChina Construction Bank\b|"
    r"\bBank of China\b|\bChina Merchants Bank\b|\bAgricultural Bank of China\b)"
    r"|(?P<wechat>微信|\bWe[Cc]hat\b|\bWeixin\b)"
    r"|(?P<bank_en>\bbank\s*(?:card|transfer|account)s?\b)",
)
#: Bank words that say nothing about the country by themselves (named mainland banks do).
GENERIC_BANK_WORDS = frozenset(
    {"银行卡", "銀行卡", "银行转账", "銀行轉帳", "银行转帐", "网银转账", "网上银行"}
)
#: Renminbi named as a currency.
CNY_RE = terms(r"\bCNY\b|人民币|人民幣|\bRMB\b|CN¥|\bCNH\b")
#: Words around a payment that make it a purchase/payment (local window). Bare 法币/交易
#: are not enough: a listing's "支持法币: CNY USD" column describes other sites.
PURCHASE_RE = terms(
    r"\bP2P\b|\bOTC\b|\bC2C\b|法币交易|法幣交易|买币|買幣|快捷|一键买|一鍵買|购买|購買|买入|買入|出售|卖出|賣出|充值|入金|"
    r"付款|支付方式|收款|商家|广告主|下单|下單|\bbuy\b|\bsell\b|\bpay\b|\bpayment|\bdeposit|\bon-?ramp|"
    r"\bpurchase|\bmerchant|\badvertis|\bspend\b|用.{0,6}买",
)
#: Page-wide: this page is a buying page (P2P desk, fiat purchase, quick buy).
BUY_PAGE_RE = terms(
    r"\bP2P\b|\bOTC\b|\bC2C\b|法币交易|法幣交易|快捷买币|快捷買幣|一键买币|一鍵買幣|买币|買幣|场外交易|場外交易|"
    r"\bBuy\s+Crypto\b|\bExpress\b|付款方式|收款方式|支付方式|\bpayment methods?\b|\bpay with\b",
)
#: Display-only currency contexts: approximate prices, valuation, settings, converters.
DISPLAY_RE = terms(
    r"≈|约合|約合|折合|估值|估算|计价|計價|参考价|參考價|市值|成交额|成交額|总资产|總資產|资产折合|"
    r"显示货币|顯示貨幣|货币单位|貨幣單位|汇率|匯率|换算|換算|\bmarket\s+cap|\btotal\s+(?:balance|assets|value)|"
    r"\bdisplay\s+currency|\bvaluation\b|\bestimated\b|\bconvert(?:er|ed)?\b|\bexchange\s+rate|\breference\s+price|"
    r"\bprice\s+in\b|\bquote\s+currency\b|\bcurrency\s+(?:setting|preference|unit)s?|\bshow\s+prices?\s+in\b",
)
#: Negations: a rail or currency named as unavailable, refused or forbidden.
NEG_RE = terms(
    r"不支持|暂不支持|暫不支持|不支援|暫不支援|无法|無法|不接受|不受理|禁止|严禁|嚴禁|不可|不能|不提供|不再|停止|暂停|暫停|"
    r"已下线|已关闭|关闭了|請勿|请勿|切勿|不会|不會|不得|谨防|謹防|"
    r"\bnot\s+(?:be\s+)?(?:supported|support|accepted|accept|available|offered|allowed|permitted|possible)|"
    r"\bdo(?:es)?\s*(?:not|n't)\s+(?:accept|support|offer|allow)|\bno\s+longer\b|\bunavailable\b|\bcannot\b|"
    r"\bcan't\b|\bprohibited\b|\bnever\b|\bwon't\b|\bwill\s+not\b|\bsuspended\b|\bdisabled\b",
)
#: Sentence ends (negation scope does not cross them).
SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]|\.(?:\s|$)")
#: A pre-window reset: a negation before this does not reach the rail after it.
CLAUSE_RESET_RE = terms(r"[，]|但|但是|而|可以|可用|\bbut\b|\bhowever\b|\bonly\b|仅支持|只支持")
#: A post-window ends at these (English commas do not end it: "Alipay, WeChat Pay are not supported").
POST_END_RE = re.compile(r"[，。！？!?；;：:\n]|\.(?:\s|$)")
#: How far after a rail a negation still refers to it ("Alipay and WeChat Pay are not supported").
POST_CHARS = 45
#: Payment-rail icons (file or class names) in the HTML, for pages that draw rails as images.
ICON_RE = re.compile(
    r"(?:src|class|data-[\w-]+|href)\s*=\s*[\"'][^\"'<>]{0,200}?"
    r"(alipay|wechat[-_]?pay|wxpay|weixin[-_]?pay|unionpay|union[-_]pay|yunshanfu)"
)
ICON_KEYS = ("alipay", "wechat", "wxpay", "weixin", "unionpay", "union-pay", "union_pay", "yunshanfu")
ICON_KINDS = {
    "alipay": "alipay", "wechatpay": "wechat_pay", "wxpay": "wechat_pay", "weixinpay": "wechat_pay",
    "unionpay": "unionpay", "yunshanfu": "unionpay",
}  # fmt: skip
#: Raw HTML characters scanned for icons.
RAW_SCAN_CHARS = 300_000
#: Titles/paths of legal pages (terms, privacy, AML policy): rails named there are not offers.
LEGAL_PAGE_RE = re.compile(
    r"terms|privacy|policy|policies|agreement|legal|disclaimer|cookie|aml|kyc[-_ ]?policy|"
    r"用户协议|用戶協議|服务协议|服務協議|服务条款|服務條款|隐私|隱私|免责|免責|法律声明|反洗钱|利用規約|약관",
    re.I,
)
#: Under this many units of text (Han characters + Latin words) and no JSON, a page says nothing.
MIN_UNITS = 10
#: Local window (characters) around a match in which buying/payment words are looked for.
WINDOW = 60

# --- JSON payloads -----------------------------------------------------------
#: Pay-method values in JSON, normalised (lower case, letters/digits/CJK only).
JSON_RAILS = {
    "alipay": "alipay", "支付宝": "alipay", "支付寶": "alipay",
    "wechat": "wechat_pay", "wechatpay": "wechat_pay", "wxpay": "wechat_pay", "weixin": "wechat_pay",
    "weixinpay": "wechat_pay", "微信": "wechat_pay", "微信支付": "wechat_pay", "wechatpayment": "wechat_pay",
    "unionpay": "unionpay", "银联": "unionpay", "銀聯": "unionpay", "云闪付": "unionpay",
    "银行卡": "cn_bank", "銀行卡": "cn_bank", "银行转账": "cn_bank", "cnybank": "cn_bank", "bankcardcn": "cn_bank",
}  # fmt: skip
#: Generic bank pay methods in JSON count only next to CNY.
JSON_GENERIC_BANK = frozenset({"bank", "bankcard", "banktransfer", "bankaccount", "banktransfercny"})
JSON_CNY = frozenset({"cny", "rmb", "人民币", "人民幣", "cnh"})
#: Key/URL words that make a JSON node a purchase context.
JSON_PURCHASE_KEY_RE = re.compile(
    r"fiat|p2p|otc|c2c|buy|purchase|pay|ramp|legal|adv|\bads?\b|spend|deposit|trade_?method|tradeMethod|merchant|"
    r"onramp|funding|source_?currency|from_?currency|sell|order",
    re.I,
)
#: Key/URL words that make a JSON node display-only.
JSON_DISPLAY_KEY_RE = re.compile(
    r"display|rate|price|convert|ticker|index|fx|unit|reference|ref_|show|"
    r"exchange_?rate|usd_?to|estimate|language|locale|valuation",
    re.I,
)
#: Sibling keys that switch an entry off when false/0/"disabled".
JSON_FLAG_KEY_RE = re.compile(
    r"^(?:is_?)?(?:enabled?|supported?|support|available|avail|active|online|open|visible|buyable|can_?buy|"
    r"buy_?enabled|buy_?supported|fiat_?enabled|status|state)$",
    re.I,
)
JSON_OFF_VALUES = frozenset({"false", "0", "disabled", "disable", "offline", "closed", "inactive", "unavailable",
                             "suspended", "off", "no", "n", "delisted"})  # fmt: skip
#: ``{"type": "fiat"}`` markers of fiat-currency entries.
JSON_TYPE_KEYS = frozenset(
    {"type", "kind", "category", "currencytype", "currency_type", "assettype", "asset_type"}
)
JSON_FIAT_TYPES = frozenset({"fiat", "legal", "legal_tender", "fiat_currency", "fiatcurrency", "cash"})
#: Walk limits: a captured payload can be huge.
JSON_MAX_NODES = 50_000
JSON_MAX_DEPTH = 40

_NORM_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_CODE_RE = re.compile(r"^[A-Za-z]{3}$")


def _norm(s: str) -> str:
    return _NORM_RE.sub("", s.lower())


def _negated(text: str, start: int, end: int) -> bool:
    """Is the match text[start:end] negated within its sentence?"""
    lo = max(0, start - 120)
    pre = text[lo:start]
    ends = list(SENTENCE_END_RE.finditer(pre))
    if ends:
        pre = pre[ends[-1].end() :]
    resets = list(finditer(CLAUSE_RESET_RE, pre))
    if resets:
        pre = pre[resets[-1].end() :]
    if search(NEG_RE, pre[-70:]):
        return True
    post = text[end : end + POST_CHARS]
    m = POST_END_RE.search(post)
    if m:
        post = post[: m.start()]
    return bool(search(NEG_RE, post))


def _snip(page: Page, start: int, end: int, width: int = 50) -> str:
    """Evidence text around a match, in the page's own case."""
    return page.snippet(start - width, end + width)


def _window(text: str, start: int, end: int, width: int = WINDOW) -> str:
    return text[max(0, start - width) : end + width]


def _display_only(text: str, start: int, end: int) -> bool:
    """CNY inside an approximate price, valuation, or display setting."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    return bool(search(DISPLAY_RE, before) or search(DISPLAY_RE, after))


def _scan_text(page: Page, details: dict[str, Any]) -> list[tuple[float, Evidence]]:
    text = page.lower_text
    url = page.final_url or page.url
    try:
        path = urlsplit(url).path
    except ValueError:
        path = ""
    buy_page = bool(
        FIAT_URL_RE.search(path) or search(BUY_PAGE_RE, page.title.lower()) or search(BUY_PAGE_RE, text)
    )
    details["buy_page"] = buy_page
    has_cny = bool(search(CNY_RE, text))
    chinese = page.script_stats.han >= 24 and page.script_stats.script() != "hant"
    # Traditional-script pages are Taiwan/Hong Kong/Macau: 支付寶 there is AlipayHK,
    # 銀聯 a UnionPay card in HKD, 銀行轉帳 a TWD transfer. Renminbi must be named nearby.
    hant = page.script_stats.script() == "hant"
    # Terms and privacy pages name payment processors in legal prose ("we share
    # data with Alipay"); that is not an offer to pay.
    legal = bool(LEGAL_PAGE_RE.search(page.title) or LEGAL_PAGE_RE.search(path))
    details["legal_page"] = legal
    found: list[tuple[float, Evidence]] = []
    rails: list[str] = []
    negated: list[str] = []
    for m in finditer(RAIL_RE, text) if not legal else ():
        kind = m.lastgroup or ""
        win = _window(text, m.start(), m.end())
        if kind == "wechat":
            # Bare 微信 is usually a contact channel; a payment only next to pay words or another rail.
            if not (re.search(r"支付|付款|收款|\bpay|payment", win) or _other_rail(win, m.group(0))):
                continue
            kind = "wechat_pay"
        elif kind == "bank_en":
            if not (search(CNY_RE, win) or (chinese and buy_page)):
                continue
            kind = "cn_bank"
        if kind == "cn_bank" and m.group(0) in GENERIC_BANK_WORDS and not (chinese or search(CNY_RE, win)):
            continue
        if hant and not search(CNY_RE, _window(text, m.start(), m.end(), 150)):
            continue
        if _negated(text, m.start(), m.end()):
            negated.append(m.group(0))
            continue
        if not (buy_page or search(PURCHASE_RE, win)):
            continue
        rails.append(kind)
        if len(found) < 4 and kind not in {e.signal for _, e in found}:
            found.append((0.85 if buy_page else 0.75, Evidence(url, _snip(page, m.start(), m.end()), kind)))
    if not rails and (buy_page or chinese) and not hant and not legal:
        # Rails drawn as icons without alt text: the file or class name still says which.
        raw = page.text[:RAW_SCAN_CHARS].lower()
        if any(k in raw for k in ICON_KEYS):
            for im in ICON_RE.finditer(raw):
                kind = ICON_KINDS[im.group(1).replace("-", "").replace("_", "")]
                rails.append(kind)
                found.append((0.7, Evidence(url, f"payment icon: {im.group(0)[-80:]}", kind)))
                break
    cny_ok = 0
    display = 0
    for m in finditer(CNY_RE, text) if not legal else ():
        if _display_only(text, m.start(), m.end()):
            display += 1
            continue
        if _negated(text, m.start(), m.end()):
            negated.append(m.group(0))
            continue
        win = _window(text, m.start(), m.end(), 40)
        if search(PURCHASE_RE, win) or (buy_page and search(RAIL_RE, _window(text, m.start(), m.end(), 150))):
            cny_ok += 1
            if cny_ok == 1:
                found.append((0.8, Evidence(url, _snip(page, m.start(), m.end()), "cny_fiat")))
    details.update(rails=sorted(set(rails)), negated=negated[:10], cny_purchasable=cny_ok, cny_display=display,
                   cny_mentioned=has_cny)  # fmt: skip
    return found


def _other_rail(win: str, this: str) -> bool:
    return any(m.lastgroup not in ("wechat", "bank_en") for m in finditer(RAIL_RE, win.replace(this, " ")))


def _fiat_typed(d: dict[str, Any]) -> bool:
    """Does this JSON object say of itself that it is a fiat currency (``"type": "fiat"``)?"""
    for k, v in d.items():
        if (
            isinstance(v, str)
            and isinstance(k, str)
            and k.lower() in JSON_TYPE_KEYS
            and v.lower() in JSON_FIAT_TYPES
        ):
            return True
    return False


def _flag_off(d: dict[str, Any]) -> bool:
    for k, v in d.items():
        if not isinstance(k, str) or not JSON_FLAG_KEY_RE.search(k):
            continue
        if v is False or (isinstance(v, str) and v.strip().lower() in JSON_OFF_VALUES):
            return True
    return False


_SEG_RE = re.compile(r"[.\[\]]+")


def _ctx(purl: str, path: str) -> str:
    """'purchase', 'display' or '' for a JSON node: the nearest telling key wins, then the payload URL.

    Nearest first because a P2P ad's ``fiatUnit`` is a purchase currency even
    inside a response whose outer keys say nothing, and ``displayCurrencies``
    is display-only even inside ``/api/fiat/config``.
    """
    for seg in reversed([s for s in _SEG_RE.split(path) if s and not s.isdigit()]):
        if JSON_PURCHASE_KEY_RE.search(seg):
            return "purchase"
        if JSON_DISPLAY_KEY_RE.search(seg):
            return "display"
    if JSON_PURCHASE_KEY_RE.search(purl):
        return "purchase"
    return "display" if JSON_DISPLAY_KEY_RE.search(purl) else ""


def _scan_json(page: Page, details: dict[str, Any]) -> list[tuple[float, Evidence]]:
    """Walk every captured JSON payload for fiat lists with CNY and P2P ads with Chinese pay methods."""
    found: list[tuple[float, Evidence]] = []
    cny_hits: list[tuple[str, str, str]] = []  # (payload url, path, context)
    rail_hits: list[tuple[str, str, str]] = []
    generic_bank: list[tuple[str, str]] = []
    for purl, payload in page.payloads:
        purl = str(purl)
        nodes = 0
        stack: list[tuple[Any, str, int, bool]] = [(payload, "", 0, False)]
        while stack and nodes < JSON_MAX_NODES:
            obj, path, depth, off = stack.pop()
            nodes += 1
            if depth > JSON_MAX_DEPTH:
                continue
            if isinstance(obj, dict):
                off = off or _flag_off(obj)
                if _fiat_typed(obj) and not off:
                    # {"code": "cny", "type": "fiat"}: an entry of a fiat-currency list
                    for k, v in obj.items():
                        if isinstance(v, str) and _norm(v) in JSON_CNY and _CODE_RE.match(v.strip()):
                            cny_hits.append((purl, f"{path}.{k}", "purchase"))
                for k, v in obj.items():
                    key = str(k)
                    nk = _norm(key)
                    if nk in JSON_CNY and isinstance(v, int | float) and not isinstance(v, bool):
                        continue  # {"CNY": 7.21}: a rate table, display only
                    if nk in JSON_CNY and isinstance(v, dict | list):
                        stack.append((v, f"{path}.{key}", depth + 1, off))
                        if not off and not _flag_off(v if isinstance(v, dict) else {}):
                            cny_hits.append((purl, f"{path}.{key}", _ctx(purl, path)))
                        continue
                    if nk in JSON_RAILS and v not in (False, 0, None) and not off:
                        rail_hits.append((purl, f"{path}.{key}", JSON_RAILS[nk]))
                    stack.append((v, f"{path}.{key}", depth + 1, off))
            elif isinstance(obj, list):
                for i, v in enumerate(obj[:5000]):
                    stack.append((v, f"{path}[{i}]" if i < 3 else f"{path}[]", depth + 1, off))
            elif isinstance(obj, str) and len(obj) <= 40 and not off:
                n = _norm(obj)
                if n in JSON_CNY and (_CODE_RE.match(obj.strip()) or not obj.isascii()):
                    cny_hits.append((purl, path, _ctx(purl, path)))
                elif n in JSON_RAILS:
                    rail_hits.append((purl, path, JSON_RAILS[n]))
                elif n in JSON_GENERIC_BANK:
                    generic_bank.append((purl, path))
    purchasable = [h for h in cny_hits if h[2] == "purchase"]
    neutral = [h for h in cny_hits if h[2] == ""]
    rails = [h for h in rail_hits if not JSON_DISPLAY_KEY_RE.search(h[1].rsplit(".", 1)[-1])]
    if purchasable or (neutral and (rails or generic_bank)):
        h = (purchasable or neutral)[0]
        found.append((0.85, Evidence(h[0], f"CNY at {h[1] or '(root)'}", "json_cny_fiat")))
    if rails:
        h = rails[0]
        conf = 0.9 if (purchasable or neutral) else 0.8
        found.append((conf, Evidence(h[0], f"{h[2]} at {h[1] or '(root)'}", "json_" + h[2])))
    details["json"] = {
        "cny": len(cny_hits), "cny_purchasable": len(purchasable), "cny_display": sum(h[2] == "display" for h in cny_hits),
        "rails": sorted({h[2] for h in rails}),
    }  # fmt: skip
    return found


def detect(page: Page) -> Verdict:
    """One page (with its JSON payloads): is renminbi accepted for buying crypto?"""
    if not page.body and not page.payloads:
        return Verdict.unknown(NAME, "nothing fetched")
    details: dict[str, Any] = {}
    found: list[tuple[float, Evidence]] = []
    if page.body and page.is_html:
        found += _scan_text(page, details)
    if page.payloads:
        found += _scan_json(page, details)
    seen_something = details.get("negated") or details.get("cny_display")
    if not found and not seen_something and not page.payloads and page.script_stats.units < MIN_UNITS:
        return Verdict(NAME, None, 0.0, ("too little content to judge (render the page?)",), (), details)
    if not found:
        why = "no renminbi payment seen"
        if details.get("negated"):
            why += f" (negated: {', '.join(details['negated'][:3])})"
        if details.get("cny_display"):
            why += " (CNY shown only as a display price)"
        return Verdict(NAME, False, 0.6, (why,), (), details)
    found.sort(key=lambda f: -f[0])
    signals = {e.signal for _, e in found}
    conf = found[0][0]
    has_rail = any(not s.startswith(("cny_fiat", "json_cny")) for s in signals)
    has_cny = any(s in ("cny_fiat", "json_cny_fiat") for s in signals)
    if has_rail and has_cny:
        conf = max(conf, 0.95)
    reasons = ("renminbi payment offered: " + ", ".join(sorted(signals)),)
    return Verdict(NAME, True, conf, reasons, tuple(e for _, e in found[:5]), details)


def _rails_of(v: Verdict) -> list[str]:
    d = v.details or {}
    js = d.get("json") if isinstance(d.get("json"), dict) else {}
    return [*d.get("rails", ()), *js.get("rails", ())]


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Site: True if any page shows a renminbi payment; False if pages were read and none did.

    ``details.rails`` is the union of rail kinds (alipay, wechat_pay, unionpay,
    cn_bank) over the pages that showed a payment, text and JSON alike.
    """
    vs = [v for v in verdicts if v is not None]
    trues = sorted((v for v in vs if v.value is True), key=lambda v: -v.confidence)
    if trues:
        evidence = tuple(dict.fromkeys(e for v in trues[:3] for e in v.evidence))[:6]
        rails = sorted({r for v in trues for r in _rails_of(v)})
        cny = any((v.details or {}).get("cny_purchasable") or ((v.details or {}).get("json") or {}).get("cny_purchasable")
                  for v in trues)  # fmt: skip
        return Verdict(NAME, True, trues[0].confidence, trues[0].reasons, evidence,
                       {"pages_true": len(trues), "pages": len(vs), "rails": rails, "cny_purchasable": bool(cny)})  # fmt: skip
    falses = [v for v in vs if v.value is False]
    if falses:
        reasons = tuple(dict.fromkeys(r for v in falses for r in v.reasons))[:3]
        negated = sorted({n for v in falses for n in (v.details or {}).get("negated", ())})[:10]
        return Verdict(NAME, False, max(v.confidence for v in falses), reasons, (),
                       {"pages": len(vs), "negated": negated})  # fmt: skip
    return Verdict(NAME, None, 0.0, ("no page could be judged",), (), {"pages": len(vs)})


#: The same functions under the names STYLE.md uses (``detect_x`` / ``combine_x``).
detect_cny_onramp = detect
combine_cny_onramp = combine
