"""ICP filing / licence and 公网安备 numbers, plus mainland-targeting analytics and support channels.

A site that displays an ICP number (``京ICP备13052560号-1``, ``京ICP证030173号``,
``粤B2-20090059``) or a public-security filing (``京公网安备 11010802020088 号``)
has filed in mainland China: the verdict is True. Mainland-only analytics
(Baidu Tongji, CNZZ, 51.la) and support channels (QQ, WeChat official account,
Meiqia) are supporting evidence of *targeting* mainland users, reported in
``details`` but not making the verdict (overseas platforms use them too; that
is exactly why investigators want them listed).

Formats: /work/shared/reference/icp/ICP-number-formats.md. Look-alike
licences (京网文[2025]..., (京)-经营性-2017-0020) are not matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from crawler.detectors._fast import search, terms
from crawler.detectors.page import Page
from crawler.verdict import Evidence, Verdict

NAME = "icp"
#: The 31 mainland provincial-level abbreviations.
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
_P = f"[{PROVINCES}]"
_D = "[0-9０-９]"
_ICP = "[IＩiｉ][CＣcｃ][PＰpｐ]"
_SEP = r"[\s　]*"
#: ICP 备案: 京ICP备13052560号-1 (number 4-10 digits; the "-n" website suffix optional).
ICP_BEI_RE = re.compile(
    rf"({_P}){_SEP}{_ICP}{_SEP}[备備]{_SEP}[:：]?{_SEP}({_D}{{4,10}}){_SEP}[号號]?(?:{_SEP}[-－—]{_SEP}({_D}{{1,3}}))?"
)
#: ICP 经营许可证: 京ICP证030173号(-1).
ICP_ZHENG_RE = re.compile(
    rf"({_P}){_SEP}{_ICP}{_SEP}[证證]{_SEP}[:：]?{_SEP}({_D}{{5,8}}){_SEP}[号號]?(?:{_SEP}[-－]{_SEP}({_D}{{1,3}}))?"
)
#: Licence code: 粤B2-20090059(-5), mini-programs 粤B2-20090059-1626X.
ICP_B2_RE = re.compile(rf"({_P}){_SEP}[BＢ][12１２]{_SEP}[-－]{_SEP}({_D}{{8}})(?:[-－]({_D}{{1,5}}[A-Z]?))?")
#: 公网安备 (and the common typo 公网按备): 14 digits, spaces allowed.
PSB_RE = re.compile(rf"({_P})?{_SEP}公[网網][安按][备備]{_SEP}[:：]?{_SEP}({_D}{{14}}){_SEP}[号號]?")
#: Links to the filing systems.
BEIAN_HOST_RE = re.compile(
    r"(?:^|\.)(?:beian\.miit\.gov\.cn|beian\.gov\.cn|beian\.mps\.gov\.cn|tsm\.miit\.gov\.cn)$", re.I
)
#: Mainland analytics: (name, pattern over script URLs and inline script text).
ANALYTICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("baidu_tongji", terms(r"hm\.baidu\.com/h(?:m)?\.js|hm\.baidu\.com/hm\.gif")),
    ("baidu_push", terms(r"zz\.bdstatic\.com/linksubmit|push\.zhanzhang\.baidu\.com|sp0\.baidu\.com/9_Q4simg2RQJ8t7jm9iCKT-xh_/s\.js")),
    ("cnzz", terms(r"(?:s\d*|c|w|v\d*|z\d*)\.cnzz\.com|cnzz\.com/(?:stat|z_stat|core)")),
    ("51la", terms(r"js\.users\.51\.la|sdk\.51\.la|(?:^|[/.])51\.la/")),
    ("tencent_mta", terms(r"tajs\.qq\.com|pingjs\.qq\.com")),
    ("umeng", terms(r"umeng\.com|umindex\.com")),
    ("growingio", terms(r"assets\.giocdn\.com|growingio\.com")),
)  # fmt: skip
#: Mainland support channels: (name, pattern over visible text, link URLs and scripts).
SUPPORT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("qq_wpa", terms(r"wpa\.qq\.com|wpa\.b\.qq\.com|tencent://message|qm\.qq\.com|jq\.qq\.com")),
    ("qq_contact", terms(r"QQ\s*群|客服\s*QQ|QQ\s*客服|官方\s*QQ|QQ\s*号|QQ\s*[:：]\s*\d{5,11}|扣扣")),
    ("wechat_contact", terms(r"微信客服|客服微信|微信公众号|公众号|微信号\s*[:：]|官方微信|微信群|扫码添加|扫一扫关注")),
    ("meiqia", terms(r"meiqia\.com|_MEIQIA")),
    ("53kf", terms(r"53kf\.com")),
    ("qiyu", terms(r"qiyukf\.com|qiyukf\.net")),
    ("udesk", terms(r"udesk\.cn")),
    ("sobot", terms(r"sobot\.com")),
    ("easemob", terms(r"easemob\.com")),
)  # fmt: skip
#: Under this many units of text (and no filing link, analytics or support), a page says nothing.
MIN_UNITS = 10
#: Most inline script characters scanned for analytics snippets.
SCRIPT_SCAN_CHARS = 200_000


def _norm(s: str) -> str:
    return re.sub(r"[\s　]+", "", unicodedata.normalize("NFKC", s))


def find_numbers(text: str) -> tuple[list[str], list[str]]:
    """(ICP numbers, 公网安备 numbers) displayed in ``text``, normalised (NFKC, no spaces), in order, unique."""
    icp: dict[str, None] = {}
    for rx in (ICP_BEI_RE, ICP_ZHENG_RE, ICP_B2_RE):
        for m in rx.finditer(text):
            icp.setdefault(_norm(m.group(0)).replace("－", "-").replace("—", "-"), None)
    psb: dict[str, None] = {}
    for m in PSB_RE.finditer(text):
        psb.setdefault(_norm(m.group(0)), None)
    return list(icp), list(psb)


def detect(page: Page) -> Verdict:
    """One page: ICP/公网安备 numbers displayed (the verdict) and mainland analytics/support (details)."""
    if not page.body or not page.is_html:
        return Verdict.unknown(NAME, "no HTML to read")
    url = page.final_url or page.url
    text = page.visible_text
    icp, psb = find_numbers(text)
    displayed = bool(icp or psb)  # numbers from link URLs below are details, not a displayed filing
    evidence: list[Evidence] = []
    for n in (icp + psb)[:4]:
        evidence.append(Evidence(url, n, "icp" if "公" not in n else "psb"))
    beian_links: list[str] = []
    for href, _t in page.links:
        if "beian" not in href and "miit" not in href:
            continue
        try:
            parts = urlsplit(href)
        except ValueError:
            continue
        if parts.hostname and BEIAN_HOST_RE.search(parts.hostname):
            beian_links.append(href)
            code = parse_qs(parts.query).get("recordcode") or parse_qs(parts.fragment.split("?", 1)[-1]).get(
                "code"
            )
            if code and re.fullmatch(r"\d{14}", code[0]) and not any(code[0] in p for p in psb):
                psb.append(code[0])
    script_blob = (" ".join(page.scripts) + " " + " ".join(page.inline_scripts)[:SCRIPT_SCAN_CHARS]).lower()
    analytics = [name for name, rx in ANALYTICS if search(rx, script_blob)]
    link_blob = " ".join(h for h, _ in page.links[:1000]).lower()
    support_blob = page.lower_text[:SCRIPT_SCAN_CHARS] + " " + link_blob + " " + script_blob
    support = [name for name, rx in SUPPORT if search(rx, support_blob)]
    for name in analytics[:2]:
        evidence.append(Evidence(url, f"analytics: {name}", "analytics"))
    for name in support[:2]:
        evidence.append(Evidence(url, f"support: {name}", "support"))
    details = {"icp_numbers": icp, "psb_numbers": psb, "analytics": analytics, "support": support,
               "beian_links": beian_links[:5]}  # fmt: skip
    if displayed:
        return Verdict(NAME, True, 0.95, (f"mainland filing displayed: {', '.join((icp + psb)[:3])}",),
                       tuple(evidence), details)  # fmt: skip
    if page.script_stats.units < MIN_UNITS and not (beian_links or analytics or support):
        return Verdict(NAME, None, 0.0, ("too little content to judge",), tuple(evidence), details)
    reasons = ["no ICP or 公网安备 number displayed"]
    if beian_links:
        reasons.append("links to the filing system without a number")
    if analytics or support:
        reasons.append("mainland analytics/support: " + ", ".join(analytics + support))
    return Verdict(NAME, False, 0.7, tuple(reasons), tuple(evidence), details)


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Site: True if any page displays a number; details are the union over pages."""
    vs = [v for v in verdicts if v is not None]
    merged: dict[str, dict[str, None]] = {
        k: {} for k in ("icp_numbers", "psb_numbers", "analytics", "support")
    }
    for v in vs:
        for k in merged:
            for item in v.details.get(k, ()):
                merged[k].setdefault(item, None)
    details = {k: list(d) for k, d in merged.items()}
    evidence = tuple(dict.fromkeys(e for v in vs for e in v.evidence))[:6]
    if any(v.value is True for v in vs):
        nums = details["icp_numbers"] + details["psb_numbers"]
        return Verdict(
            NAME, True, 0.95, (f"mainland filing displayed: {', '.join(nums[:3])}",), evidence, details
        )
    if any(v.value is False for v in vs):
        extra = details["analytics"] + details["support"]
        reasons = ("no ICP or 公网安备 number displayed",) + (
            ("mainland analytics/support: " + ", ".join(extra),) if extra else ()
        )
        return Verdict(NAME, False, 0.7, reasons, evidence, details)
    return Verdict(NAME, None, 0.0, ("no page could be judged",), (), details)


#: The same functions under the names STYLE.md uses (``detect_x`` / ``combine_x``).
detect_icp = detect
combine_icp = combine
