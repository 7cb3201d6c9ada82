"""Is a page a region-block answer, and does the site turn mainland visitors away?

Label (simweb-corpus.md) ``geoblocks_cn``: "at the cn vantage its home page
answers a region block (a block status or page) where intl gets content; a
redirect that leads to content is not a block".

A block page is: status 451; a 403/200 page whose *prominent* text says the
service is unavailable in the visitor's country/region (Cloudflare 1009,
CloudFront geo-restriction, 根据当地法律法规..., 不向中国大陆用户提供服务...); or a
page that sends the visitor to a /restricted-style URL (redirect, meta refresh,
JS). Not a block: ordinary 403/404/500 errors, and terms pages that *list*
restricted jurisdictions (long, titled as terms, the phrase buried in prose).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.detectors._fast import search, terms
from crawler.detectors.page import Page
from crawler.detectors.shell import CHALLENGE_RE
from crawler.verdict import Evidence, Verdict

NAME = "region_block"
COMPARE_NAME = "geoblocks_cn"
#: Statuses that are a block by themselves (451 Unavailable For Legal Reasons).
BLOCK_STATUSES = frozenset({451})
#: Phrases of a region block (en, zh-Hans, zh-Hant, ja, ko).
BLOCK_TEXT_RE = terms(
    r"not\s+(?:be\s+)?(?:available|accessible|supported|offered|provided)\s+(?:in|to|for|from)\s+(?:your|the\s+current|this)\s+"
    r"(?:country|region|location|jurisdiction|area|territory|ip)|"
    r"(?:unavailable|restricted|blocked|prohibited)\s+(?:in|from|for)\s+your\s+(?:country|region|location|jurisdiction|area)|"
    r"(?:your|this)\s+(?:country|region|location|jurisdiction|ip(?:\s+address)?)\s+(?:is|are|has\s+been)\s+"
    r"(?:restricted|blocked|not\s+supported|not\s+allowed|not\s+permitted|unsupported|prohibited)|"
    r"(?:access|service)\s+(?:is\s+)?(?:restricted|denied)\s+"
    r"(?:in|from|for)\s+your\s+(?:country|region|location)|"
    r"has\s+banned\s+the\s+country\s+or\s+region|error\s*(?:code\s*)?1009\b|"
    r"configured\s+to\s+block\s+access\s+from\s+your\s+country|"
    r"we\s+(?:are\s+unable|cannot|can't|do\s+not)\s+(?:to\s+)?(?:provide|offer)\s+(?:our\s+)?services?\s+"
    r"(?:in|to)\s+(?:your|users\s+(?:in|from))|"
    r"根据当地法律法规|根據當地法律法規|根据相关法律法规.{0,20}(?:无法|不能|暂停|停止)|"
    r"不向中国大陆.{0,10}(?:用户|地区|居民).{0,6}提供|不向中國大陸.{0,10}提供|"
    r"(?:您|你)所在的?(?:国家|國家|地区|地區|区域|區域|国家或地区|國家或地區|位置).{0,16}"
    r"(?:无法|無法|不能|暂不|暫不|不支持|不支援|受限|限制|禁止|不提供)|"
    r"(?:无法|無法|暂不|暫不|不)(?:向|为|為)?(?:您所在的?)?(?:国家|國家|地区|地區|区域|區域)(?:的用户|的用戶)?提供服务|"
    r"(?:服务|服務|访问|訪問).{0,6}(?:受限|限制).{0,10}(?:地区|地區|区域|區域)|"
    r"中国大陆(?:地区)?(?:用户|居民).{0,10}(?:无法|不能|禁止|暂停|不提供)|"
    r"(?:暂不|暫不|不|无法|無法)(?:对|對|向|为|為)(?:您|你)所在的?(?:国家|國家|地区|地區|区域|區域|位置)|"
    r"(?:当前|當前|您的|你的)\s*(?:ip\s*(?:地址)?\s*)?(?:所在)?(?:国家|國家|地区|地區|区域|區域)(?:暂)?(?:不支持|不支援|无法|無法|受限|不可用)|"
    r"仅限非中国大陆|僅限非中國大陸|不对中国大陆|不對中國大陸|"
    r"お住まいの(?:国|地域).{0,20}(?:ご利用いただけません|利用できません|提供しておりません)|"
    r"(?:해당|귀하의)\s*(?:국가|지역).{0,20}(?:이용할\s*수\s*없|제공되지\s*않|제한)",
    re.S,
)
#: Weaker phrases: footers and terms use them too, so they count only on a bare page.
WEAK_BLOCK_TEXT_RE = terms(
    r"\brestricted\s+(?:jurisdiction|region|country|countries|location|area)|\bunsupported\s+(?:region|country)|"
    r"\bnot\s+available\s+in\s+your\s+area|受限(?:国家|地区|地區|區域)|限制(?:国家|地区|地區)|禁止(?:访问|訪問)|访问受限|訪問受限"
)
#: A bare page: little text and few links (a block page, not a home page with a footer notice).
BARE_TEXT_CHARS = 800
BARE_MAX_LINKS = 10
#: ...and the weak phrase must lead the page (a small home page's footer lists restricted jurisdictions too).
WEAK_PROMINENT_CHARS = 200
#: A short page may still be a content page; with more links than this only a prominent phrase counts.
SHORT_MAX_LINKS = 30
#: Final URLs / redirect targets of block pages.
BLOCK_URL_RE = re.compile(
    r"/(?:restricted|restriction|region[-_]?(?:block|restrict|unavail|limit|not|deny|denied|error)|geo[-_]?(?:block|restrict|fence)|"
    r"blocked|unavailable|not[-_]?available|country[-_]?(?:block|restrict|unsupport|not)|forbidden[-_]?(?:region|country|area)|"
    r"unsupported[-_]?(?:region|country|area|location)|limited[-_]?(?:region|country|area)|ip[-_]?(?:block|restrict|forbid)|"
    r"access[-_]?(?:denied|restricted)|service[-_]?unavailable[-_]?(?:region|country)|restricted[-_]?(?:jurisdiction|region|country))"
    r"[\w-]*(?:[/.?#]|$)",
    re.I,
)
#: meta refresh / JS navigations to another URL.
META_REFRESH_URL_RE = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.I)
JS_REDIRECT_RE = re.compile(
    r"(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*['\"]([^'\"]+)['\"]",
    re.I,
)
#: Titles/URLs of terms, policy and help pages: mentioning restricted countries there is not a block.
TERMS_RE = terms(
    r"terms|conditions|agreement|legal|policy|privacy|disclaimer|faq|help|support|jurisdictions?\s+list|"
    r"条款|條款|协议|協議|声明|聲明|政策|规则|規則|帮助|幫助|利用規約|이용약관|약관",
)
#: A block page is short; terms pages are long.
SHORT_PAGE_CHARS = 2500
#: How far into a longer page a block phrase still counts as prominent.
PROMINENT_CHARS = 400


def _redirect_target(page: Page) -> str | None:
    for content in page.meta.get("refresh", ()):
        m = META_REFRESH_URL_RE.search(content)
        if m:
            return page.absolute(m.group(1))
    if len(page.visible_text) < SHORT_PAGE_CHARS:
        for js in page.inline_scripts[:20]:
            m = JS_REDIRECT_RE.search(js[:5000])
            if m:
                return page.absolute(m.group(1))
    return None


def _path(url: str) -> str:
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return "/"


def detect(page: Page) -> Verdict:
    """One page: is it a region-block answer (status, block text, or a redirect to a /restricted page)?"""
    url = page.final_url or page.url
    status = page.status or 0
    details: dict[str, object] = {"status": status}
    if status in BLOCK_STATUSES:
        snippet = (page.title + " " + page.visible_text[:120]).strip() or f"HTTP {status}"
        return Verdict(NAME, True, 0.95, (f"HTTP {status}",), (Evidence(url, snippet, "status"),), details)
    if status == 0 and not page.body:
        return Verdict.unknown(NAME, "nothing fetched")
    text = page.lower_text if page.is_html else ""
    title = page.title.lower() if page.is_html else ""
    is_terms = bool(search(TERMS_RE, title) or search(TERMS_RE, _path(url).lower()))
    details["terms_like"] = is_terms
    if BLOCK_URL_RE.search(_path(url)) and url != page.url and not is_terms:
        return Verdict(
            NAME,
            True,
            0.85,
            (f"redirected to {url}",),
            (Evidence(url, f"final URL {url}", "redirect"),),
            details,
        )
    location = page.headers.get("location", "")
    if 300 <= status < 400 and location and BLOCK_URL_RE.search(_path(page.absolute(location) or location)):
        return Verdict(NAME, True, 0.85, (f"HTTP {status} redirect to {location}",),
                       (Evidence(url, f"Location: {location}", "redirect"),), details)  # fmt: skip
    target = _redirect_target(page) if page.is_html else None
    if target and BLOCK_URL_RE.search(_path(target)):
        return Verdict(NAME, True, 0.8, (f"page sends the visitor to {target}",),
                       (Evidence(url, f"redirect to {target}", "redirect"),), details)  # fmt: skip
    m = search(BLOCK_TEXT_RE, title) or search(BLOCK_TEXT_RE, text, 0, SHORT_PAGE_CHARS * 4)
    n_links = len(page.links)
    if m:
        in_title = bool(search(BLOCK_TEXT_RE, title))
        short = len(text) < SHORT_PAGE_CHARS and n_links <= SHORT_MAX_LINKS
        prominent = in_title or m.start() < PROMINENT_CHARS
        if (short or prominent) and not (is_terms and not short):
            snippet = page.title if in_title else page.snippet(m.start() - 40, m.end() + 60)
            conf = 0.9 if status in (403, 401) or short else 0.75
            return Verdict(NAME, True, conf, ("region-block text" + (f" with HTTP {status}" if status != 200 else ""),),
                           (Evidence(url, snippet, "text"),), details)  # fmt: skip
        details["mention_only"] = m.group(0)[:80]
    weak = search(WEAK_BLOCK_TEXT_RE, title) or search(WEAK_BLOCK_TEXT_RE, text, 0, BARE_TEXT_CHARS)
    weak_prominent = weak is not None and (
        bool(search(WEAK_BLOCK_TEXT_RE, title)) or weak.start() < WEAK_PROMINENT_CHARS or status in (401, 403)
    )
    if weak_prominent and len(text) < BARE_TEXT_CHARS and n_links <= BARE_MAX_LINKS and not is_terms:
        snippet = page.snippet(weak.start() - 40, weak.end() + 60) or page.title
        return Verdict(NAME, True, 0.7, ("bare page with region-restriction text",),
                       (Evidence(url, snippet, "text"),), details)  # fmt: skip
    if status >= 400:
        return Verdict(NAME, False, 0.6, (f"HTTP {status} without region-block text",), (), details)
    return Verdict(NAME, False, 0.8, ("content, not a block page",), (), details)


def _content(page: Page) -> bool:
    """Did this fetch get real content (2xx/3xx-followed, not a block, something visible)?"""
    return 200 <= (page.status or 0) < 400 and bool(page.body)


def compare(intl_home: Page | None, cn_home: Page | None) -> Verdict:
    """``geoblocks_cn``: True when the cn vantage gets a block where intl gets content.

    None when cn was not fetched or both vantages failed. A cn 403 where intl
    gets content counts as a block status even without block text; a cn
    redirect that ends in content is not a block; a cn network failure is the
    firewall's doing, not the site's (False, low confidence).
    """
    if cn_home is None:
        return Verdict.unknown(COMPARE_NAME, "cn home page not fetched")
    cn_v = detect(cn_home)
    intl_v = detect(intl_home) if intl_home is not None else None
    intl_ok = intl_home is not None and _content(intl_home) and intl_v is not None and intl_v.value is False
    cn_status = cn_home.status or 0
    details = {"cn_status": cn_status, "intl_status": intl_home.status if intl_home else None,
               "cn_final_url": cn_home.final_url, "cn_block": cn_v.value}  # fmt: skip
    if cn_v.value is True:
        if intl_ok:
            return Verdict(COMPARE_NAME, True, cn_v.confidence, ("cn gets a region block, intl gets content", *cn_v.reasons),
                           cn_v.evidence, details)  # fmt: skip
        if intl_home is None or not intl_home.body or (intl_home.status or 0) >= 500 or not intl_home.status:
            return Verdict(COMPARE_NAME, True, round(cn_v.confidence * 0.7, 3),
                           ("cn gets a region block; intl not compared", *cn_v.reasons), cn_v.evidence, details)  # fmt: skip
        return Verdict(COMPARE_NAME, False, 0.4, ("both vantages get a block",), cn_v.evidence, details)
    if cn_home.is_html and cn_home.body and CHALLENGE_RE.search(cn_home.title + " " + cn_home.text[:20000]):
        # A bot challenge (Cloudflare "Just a moment…") is not a region block, nor proof of content.
        return Verdict(COMPARE_NAME, None, 0.0, ("cn got a bot challenge, not a verdict",), (), details)
    if cn_status in (401, 403) and intl_ok:
        return Verdict(COMPARE_NAME, True, 0.7, (f"cn gets HTTP {cn_status}, intl gets content",),
                       (Evidence(cn_home.final_url or cn_home.url, f"HTTP {cn_status} at cn", "status"),), details)  # fmt: skip
    cn_failed = not cn_status or cn_status >= 500 or not cn_home.body
    intl_failed = (
        intl_home is None or not intl_home.status or (intl_home.status or 0) >= 500 or not intl_home.body
    )
    if cn_failed and intl_failed:
        return Verdict(COMPARE_NAME, None, 0.0, ("both vantages failed",), (), details)
    if cn_failed:
        return Verdict(
            COMPARE_NAME, False, 0.4, ("cn fetch failed (network), not a block page",), (), details
        )
    if cn_status >= 400:
        return Verdict(
            COMPARE_NAME,
            False,
            0.6,
            (f"cn gets HTTP {cn_status} without block text; intl no better",),
            (),
            details,
        )
    return Verdict(COMPARE_NAME, False, 0.85, ("cn gets content",), (), details)


def combine(verdicts: list[Verdict]) -> Verdict:
    """Site-level ``region_block`` over pages: True if any page was a block answer."""
    vs = [v for v in verdicts if v is not None]
    trues = [v for v in vs if v.value is True]
    if trues:
        best = max(trues, key=lambda v: v.confidence)
        return Verdict(NAME, True, best.confidence, best.reasons, best.evidence, {"pages_true": len(trues)})
    if any(v.value is False for v in vs):
        return Verdict(NAME, False, 0.7, ("no page was a block answer",))
    return Verdict(NAME, None, 0.0, ("no page could be judged",))


#: The same functions under the names STYLE.md uses (``detect_x`` / ``combine_x``).
detect_region_block = detect
combine_region_block = combine
