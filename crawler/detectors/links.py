"""Which links on a page are worth following, and which hosts a mirror page names.

The probe fetches a handful of pages per site, not a crawl: the home page plus
the few links most likely to settle a verdict. A Simplified-Chinese version
(settles ``chinese_ui``) and a P2P/fiat page (settles ``cny_onramp``) come
first; terms, mirror lists and API docs after. Mirror-list pages
(备用域名/最新地址/防屏蔽) name the other domains a platform runs under, which
is how blocked platforms keep serving mainland users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from crawler.detectors.page import Page

#: A URL that selects Simplified Chinese (or plain "zh"/"cn", which in practice
#: means Simplified): query ``lang=zh-CN``, path segment ``/zh-CN/``, ``/zh/``,
#: ``/cn/``, ``/zh-hans/``, ``/sc/`` or a ``zh.``/``cn.`` subdomain.
ZH_HANS_URL_RE = re.compile(
    r"(?:[?&](?:lang|locale|language|hl|lng|l|languageCode|lan)=(?:zh(?:[-_](?:cn|hans(?:[-_]cn)?|sg|chs))?|cn|chs|sc|zh[-_]?cn)(?:&|#|$))"
    r"|(?:/(?:zh[-_](?:cn|hans(?:[-_]cn)?|sg|chs)|zh|cn|zhcn|chs|sc|zh-hans)(?:/|$|\?|#|\.html?))"
    r"|(?://(?:zh|cn|zh-cn|zhcn|chs)\.)",
    re.I,
)
#: A URL that selects Traditional Chinese (never a Simplified UI).
ZH_HANT_URL_RE = re.compile(
    r"(?:[?&](?:lang|locale|language|hl|lng|l)=zh[-_](?:tw|hk|mo|hant(?:[-_]\w+)?|cht)(?:&|#|$))"
    r"|(?:/(?:zh[-_](?:tw|hk|mo|hant(?:[-_]\w+)?|cht)|tw|hk|tc)(?:/|$|\?|#))"
    r"|(?://(?:tw|hk|zh-tw|zh-hk)\.)",
    re.I,
)
#: Language-menu labels that offer Simplified Chinese, in the scripts real menus use.
ZH_HANS_LABEL_RE = re.compile(
    r"简体中文|簡體中文|簡体中文|中文\s*[（(]\s*(?:简体|簡體|简|簡体|中国|中國|大陆)\s*[)）]|中文\s*简体|简中|"
    r"Chinese\s*[(（]?\s*Simplified\s*[)）]?|Simplified\s+Chinese|中国語\s*[（(]\s*簡体字?\s*[)）]|簡体字中国語|"
    r"중국어\s*[(（]?\s*간체\s*[)）]?|简体",
    re.I,
)
#: Labels for Traditional Chinese only.
ZH_HANT_LABEL_RE = re.compile(
    r"繁體中文|繁体中文|正體中文|中文\s*[（(]\s*(?:繁體|繁体|繁|台灣|台湾|香港|臺灣)\s*[)）]|Chinese\s*[(（]?\s*Traditional\s*[)）]?|"
    r"Traditional\s+Chinese|繁體|繁体|중국어\s*[(（]?\s*번체",
    re.I,
)
#: A bare "中文" / "Chinese" menu entry: usually Simplified, weaker evidence.
ZH_AMBIGUOUS_LABEL_RE = re.compile(r"^(?:中文|Chinese|汉语|漢語|ZH|CN|华语)$", re.I)

#: Paths and link texts of fiat on-ramps: P2P/OTC/C2C desks, quick-buy, card purchase.
FIAT_URL_RE = re.compile(
    r"(?:^|[/._?=&-])(?:p2p|otc|c2c|fiat|buy[-_]?crypto|buy[-_]?sell|quick[-_]?buy|fast[-_]?buy|express|"
    r"one[-_]?click[-_]?buy|onramp|on[-_]ramp|ramp|legal[-_]?currency|fiat[-_]?trade|crypto/buy|buy(?=[/?#]|$)|"
    r"kuaijie|fabi|maibi)(?:$|[/._?=&#-])",
    re.I,
)
FIAT_TEXT_RE = re.compile(
    r"\bP2P\b|\bOTC\b|\bC2C\b|法币|法幣|快捷买币|快捷買幣|一键买币|一鍵買幣|快速买币|快速買幣|买币|買幣|场外|場外|"
    r"\bBuy\s+(?:Crypto|USDT|BTC|Bitcoin)\b|\bFiat\b|信用卡|银行卡买|暗号資産を購入|코인\s*구매|원화\s*입금",
    re.I,
)
TERMS_URL_RE = re.compile(
    r"(?:^|[/._?=&-])(?:terms|tos|legal|agreement|user[-_]?agreement|privacy|policy|policies|disclaimer|"
    r"restricted[-_]?(?:jurisdictions|countries)|risk[-_]?disclosure)(?:$|[/._?=&#-])",
    re.I,
)
TERMS_TEXT_RE = re.compile(
    r"\bTerms\b|\bLegal\b|\bPrivacy\b|\bAgreement\b|用户协议|用戶協議|服务条款|服務條款|使用条款|隐私|隱私|免责|免責|"
    r"法律声明|風險|风险提示|利用規約|이용약관",
    re.I,
)
MIRROR_URL_RE = re.compile(
    r"(?:^|[/._?=&-])(?:mirror|mirrors|domains?|domain[-_]?list|backup|alt[-_]?domains?|latest[-_]?(?:url|address|domain)|"
    r"official[-_]?(?:url|domain|site)s?|beiyong|zuixin|dizhi)(?:$|[/._?=&#-])",
    re.I,
)
#: Vocabulary of pages that publish a platform's alternative addresses.
MIRROR_TEXT_RE = re.compile(
    r"备用域名|備用域名|备用网址|備用網址|备用地址|最新地址|最新网址|最新域名|镜像|鏡像|防屏蔽|防封|官网地址|官方网址|"
    r"网址发布页|地址发布页|永久地址|永久域名|回家的路|官方域名|防失联|\bmirror sites?\b|\balternative domains?\b|"
    r"\bofficial domains?\b|\bbackup domains?\b",
    re.I,
)
API_URL_RE = re.compile(
    r"(?:^|[/._?=&-])(?:api[-_]?docs?|apidocs|docs/api|api/docs|developers?|openapi)(?:$|[/._?=&#-])", re.I
)
API_TEXT_RE = re.compile(r"\bAPI\b|API\s*文档|API\s*文檔|開発者|개발자", re.I)

#: Order in which the probe should follow kinds of links (lower first).
KIND_RANK = {"language": 0, "fiat": 1, "mirror": 2, "terms": 3, "api_docs": 4}
#: Most links returned: the probe's page budget is small.
MAX_TELLING_LINKS = 24

#: Hosts never worth following nor reporting as mirrors: social networks, app
#: stores, CDNs, analytics, support widgets, search engines.
SKIP_HOST_RE = re.compile(
    r"(?:^|\.)(?:twitter\.com|x\.com|t\.me|telegram\.(?:me|org)|facebook\.com|fb\.com|instagram\.com|youtube\.com|youtu\.be|"
    r"linkedin\.com|reddit\.com|medium\.com|discord\.(?:gg|com)|tiktok\.com|weibo\.com|weibo\.cn|github\.com|"
    r"apple\.com|apps\.apple\.com|itunes\.apple\.com|play\.google\.com|google\.com|googleapis\.com|gstatic\.com|"
    r"googletagmanager\.com|google-analytics\.com|doubleclick\.net|cloudflare\.com|cloudfront\.net|akamaized\.net|"
    r"jsdelivr\.net|unpkg\.com|cdnjs\.com|bootcdn\.net|baidu\.com|bdstatic\.com|cnzz\.com|51\.la|qq\.com|"
    r"zendesk\.com|intercom\.io|freshdesk\.com|meiqia\.com|w3\.org|schema\.org|gravatar\.com|wikipedia\.org|"
    r"coinmarketcap\.com|coingecko\.com|tradingview\.com|bing\.com|microsoft\.com|amazonaws\.com|aliyuncs\.com|"
    r"trustpilot\.com|beian\.miit\.gov\.cn|beian\.gov\.cn|miit\.gov\.cn)$",
    re.I,
)
#: Top-level domains accepted for plain-text domain names on mirror pages (a
#: whitelist keeps "app.js", "v1.2" and "e.g" out).
TEXT_DOMAIN_TLDS = (
    "com|net|org|io|co|cc|me|vip|top|xyz|info|biz|pro|app|live|site|online|club|shop|tech|ai|one|link|fun|ltd|group|"
    "ink|world|today|asia|hk|sg|tw|jp|kr|us|uk|de|fr|ca|au|in|tv|ws|la|so|to|im|sc|ch|li|bz|ph|my|vn|th|id|"
    "exchange|finance|global|trade|market|network|digital|money|cash|capital|plus|best|win|work|cloud|"
    "space|store|website|pw|cn|gg|ee|lt|ly|ms|mn|nu|cx|tk|ml|ga|cf|gq"
)
TEXT_DOMAIN_RE = re.compile(
    r"(?<![A-Za-z0-9_.@/-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:"
    + TEXT_DOMAIN_TLDS
    + r"))(?![A-Za-z0-9_-]|\.[A-Za-z0-9])",  # ASCII boundaries: "abc.com请收藏" is still abc.com
    re.I,
)


@dataclass(frozen=True, slots=True)
class Link:
    """A link worth following: where, why (kind), and what the page called it."""

    url: str
    kind: str
    text: str


def language_of_url(url: str) -> str | None:
    """'hans' if the URL selects Simplified Chinese, 'hant' if Traditional, else None."""
    if ZH_HANT_URL_RE.search(url):
        return "hant"
    if ZH_HANS_URL_RE.search(url):
        return "hans"
    return None


def language_of_label(text: str) -> str | None:
    """'hans', 'hant', 'zh' (bare 中文/Chinese) or None for a language-menu label."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    if ZH_HANT_LABEL_RE.search(text) and not re.search(r"简体|簡體中文|Simplified|簡体", text, re.I):
        return "hant"
    if ZH_HANS_LABEL_RE.search(text):
        return "hans"
    if ZH_AMBIGUOUS_LABEL_RE.match(text):
        return "zh"
    return None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


#: Cheap first test over "url text" (lower-cased): a link without any of these
#: fragments cannot be telling, and most links on a page are not.
PREFILTER_RE = re.compile(
    r"zh|cn|chs|hans|lang|locale|hl=|/sc\b|简|簡|中|汉|漢|chinese|중국|"
    r"p2p|otc|c2c|fiat|buy|ramp|express|legal|法|买|買|场外|場外|幣|币|credit|信用卡|银行卡|購入|구매|입금|kuaijie|fabi|maibi|"
    r"term|tos|legal|privacy|polic|agreement|disclaimer|restricted|risk|协议|協議|条款|條款|隐私|隱私|免责|免責|风险|風險|規約|약관|"
    r"mirror|domain|backup|alt|latest|official|beiyong|zuixin|dizhi|备用|備用|最新|镜像|鏡像|防|官网|官方|网址|地址|永久|回家|"
    r"api|develop|doc|開発|개발"
)


def _classify(url: str, text: str, page_host: str) -> tuple[str, int] | None:
    """(kind, sub-rank) of one link, or None when it is not telling."""
    if not PREFILTER_RE.search((url + " " + text).lower()):
        return None
    host = _host(url)
    if not host or SKIP_HOST_RE.search(host):
        return None
    try:
        parts = urlsplit(url)
        target = unquote(parts.path + ("?" + parts.query if parts.query else ""))
    except ValueError:
        return None
    lang = language_of_label(text)
    url_lang = language_of_url(url)
    if lang == "hans" or (url_lang == "hans" and lang != "hant"):
        return "language", 0
    if lang == "zh" and url_lang != "hant":
        return "language", 1
    if FIAT_TEXT_RE.search(text) or FIAT_URL_RE.search(target):
        return "fiat", 0 if host == page_host or host.endswith("." + _parent(page_host)) else 1
    if MIRROR_TEXT_RE.search(text) or MIRROR_URL_RE.search(target):
        return "mirror", 0
    if TERMS_TEXT_RE.search(text) or TERMS_URL_RE.search(target):
        return "terms", 0
    if API_TEXT_RE.search(text) or API_URL_RE.search(target):
        return "api_docs", 0
    return None


def _parent(host: str) -> str:
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


def telling_links(page: Page) -> list[Link]:
    """Links worth a fetch, best first: Simplified-Chinese versions, fiat/P2P, mirrors, terms, API docs.

    Traditional-Chinese, Japanese and other language versions are left out (they
    cannot make ``chinese_ui`` true); social, app-store and CDN hosts too.
    """
    page_host = _host(page.final_url or page.url)
    own = (page.final_url or page.url).split("#")[0]
    scored: dict[str, tuple[int, int, int, Link]] = {}
    order = 0
    candidates: list[tuple[str, str]] = []
    for hl, href in page.hreflangs:
        if href and (
            hl in ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-chs") or hl.startswith("zh-hans")
        ):
            candidates.append((href, f"hreflang={hl}"))
    candidates.extend(page.links)
    tried: set[tuple[str, str]] = set()
    for url, text in candidates:
        url = url.split("#")[0]
        if not url or url == own or not url.startswith(("http://", "https://")) or (url, text) in tried:
            continue
        tried.add((url, text))
        if text.startswith("hreflang="):
            cls: tuple[str, int] | None = ("language", 0)
        else:
            cls = _classify(url, text, page_host)
        if cls is None:
            continue
        kind, sub = cls
        key = (KIND_RANK[kind], sub, order)
        order += 1
        if url not in scored or key < scored[url][:3]:
            scored[url] = (*key, Link(url=url, kind=kind, text=text))
    ranked = sorted(scored.values(), key=lambda v: v[:3])
    return [v[3] for v in ranked[:MAX_TELLING_LINKS]]


def is_mirror_page(page: Page) -> bool:
    """Does this page present itself as a list of a platform's addresses?"""
    head = page.title + " " + page.visible_text[:3000]
    try:
        path = urlsplit(page.final_url or page.url).path
    except ValueError:  # a malformed page URL ("http://x.com[") has no path worth reading
        path = ""
    return bool(MIRROR_TEXT_RE.search(head) or MIRROR_URL_RE.search(path))


def mirror_domains(page: Page) -> list[str]:
    """Hosts a mirror-list page names (link targets and plain-text domains), first seen first.

    Returns [] unless the page is a mirror list (see :func:`is_mirror_page`):
    an ordinary page's outbound links are not mirrors. Skips the page's own
    host and social/app-store/CDN/analytics hosts; hosts, not registrable domains.
    """
    if not is_mirror_page(page):
        return []
    own = _host(page.final_url or page.url)
    seen: dict[str, None] = {}
    for url, _text in page.links:
        host = _host(url)
        if host and host != own and not SKIP_HOST_RE.search(host) and "." in host:
            seen.setdefault(host, None)
    for m in TEXT_DOMAIN_RE.finditer(page.visible_text):
        host = m.group(1).lower().rstrip(".")
        if host != own and not SKIP_HOST_RE.search(host):
            seen.setdefault(host, None)
    return list(seen)
