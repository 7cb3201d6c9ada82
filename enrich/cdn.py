"""CDN detection from CNAME targets and origin ASNs.

An address of a CDN edge says where the *edge* is (often anycast: everywhere),
not where the origin is; a verdict built on it must say so. Detection uses two
documented tables:

- ``CDN_CNAME_SUFFIXES``: suffixes (and a few patterns) of CNAME targets, the
  strongest sign: the site's owner delegated the name to the CDN.
- ``CDN_ASNS``: origin ASNs that are CDN-only networks. Clouds that also sell
  plain servers are *not* in it by ASN: AS16509/AS14618 (Amazon) are EC2 as
  much as CloudFront, AS24429/AS37963 and AS45102 (Alibaba) and AS45090/
  AS132203 (Tencent) are ECS/CVM as much as CDN; for those only a CNAME into
  the CDN's zone marks an edge (``CLOUD_ASNS`` names them for the reason text).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["CDN_ASNS", "CDN_CNAME_PATTERNS", "CDN_CNAME_SUFFIXES", "CLOUD_ASNS", "CdnMatch", "detect_cdn"]

CDN_CNAME_SUFFIXES: dict[str, str] = {
    "cdn.cloudflare.net": "Cloudflare",
    "cloudflare.net": "Cloudflare",
    "cloudfront.net": "Amazon CloudFront",
    "akamaiedge.net": "Akamai",
    "akamai.net": "Akamai",
    "akamaized.net": "Akamai",
    "edgekey.net": "Akamai",
    "edgesuite.net": "Akamai",
    "akadns.net": "Akamai",
    "fastly.net": "Fastly",
    "fastlylb.net": "Fastly",
    "alikunlun.com": "Alibaba Cloud CDN",
    "alikunlun.net": "Alibaba Cloud CDN",
    "alicdn.com": "Alibaba Cloud CDN",
    "aliyuncs.com": "Alibaba Cloud",
    "cdntip.com": "Tencent Cloud CDN",
    "dnsv1.com": "Tencent Cloud CDN",
    "azureedge.net": "Azure CDN",
    "azurefd.net": "Azure Front Door",
    "edgecastcdn.net": "Edgecast",
    "incapdns.net": "Imperva",
    "b-cdn.net": "Bunny CDN",
    "cdn77.org": "CDN77",
    "cdn77.net": "CDN77",
    "gcdn.co": "Gcore",
    "sucuri.net": "Sucuri",
    "stackpathdns.com": "StackPath",
    "wscdns.com": "Wangsu",
    "chinanetcenter.com": "Wangsu",
    "qiniudns.com": "Qiniu",
    "bdydns.com": "Baidu Cloud CDN",
    "ksyuncdn.com": "Kingsoft Cloud CDN",
}
"""CNAME target suffix → CDN provider (matched on label boundaries)."""

CDN_CNAME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(^|\.)kunlun[a-z0-9]*\.com$"), "Alibaba Cloud CDN"),
    (re.compile(r"(^|\.)tdnsv\d*\.com$"), "Tencent Cloud CDN"),
    (re.compile(r"(^|\.)dnsv\d+\.com$"), "Tencent Cloud CDN"),
)
"""Numbered families of CDN zones (kunlunca.com, tdnsv5.com, ...)."""

CDN_ASNS: dict[int, str] = {
    13335: "Cloudflare",
    209242: "Cloudflare",
    20940: "Akamai",
    16625: "Akamai",
    16702: "Akamai",
    54113: "Fastly",
    60068: "CDN77",
    199524: "Gcore",
    19551: "Imperva",
    62597: "Imperva (NSONE)",
    15133: "Edgecast",
    200325: "Bunny CDN",
}
"""Origin ASNs that are CDN/edge networks only: an address there is an edge even without a CNAME."""

CLOUD_ASNS: dict[int, str] = {
    16509: "Amazon (EC2 and CloudFront)",
    14618: "Amazon (EC2)",
    24429: "Alibaba (Taobao)",
    37963: "Alibaba (Aliyun)",
    45102: "Alibaba Cloud (international)",
    45090: "Tencent (CN)",
    132203: "Tencent (international)",
    8075: "Microsoft",
    15169: "Google",
    396982: "Google Cloud",
}
"""Clouds whose ASN alone does not mean CDN (plain servers live there too); a CNAME decides."""


@dataclass(frozen=True)
class CdnMatch:
    """A CDN seen for one host: provider, how it was recognised, and the clue itself."""

    provider: str
    via: str  # "cname" | "asn"
    clue: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CdnMatch:
        return cls(provider=data["provider"], via=data["via"], clue=data["clue"])


def _match_name(name: str) -> str | None:
    name = name.lower().rstrip(".")
    for suffix in sorted(CDN_CNAME_SUFFIXES, key=len, reverse=True):
        if name == suffix or name.endswith("." + suffix):
            return CDN_CNAME_SUFFIXES[suffix]
    for pattern, provider in CDN_CNAME_PATTERNS:
        if pattern.search(name):
            return provider
    return None


def detect_cdn(chain: list[str], asns: list[int | None] | None = None) -> CdnMatch | None:
    """The CDN behind a host, from its CNAME chain (first = the host itself) and its addresses' ASNs.

    The host name itself is skipped: a site called ``foo.cloudflare.net`` would
    be Cloudflare's own, and the question is whether *someone else's* name was
    handed to a CDN.
    """
    for target in chain[1:]:
        provider = _match_name(target)
        if provider:
            return CdnMatch(provider=provider, via="cname", clue=target)
    for asn in asns or []:
        if asn is not None and asn in CDN_ASNS:
            return CdnMatch(provider=CDN_ASNS[asn], via="asn", clue=f"AS{asn}")
    return None


def cdn_family(asn: int | None) -> str | None:
    """A provider name for an ASN (CDN or cloud), used to compare edges seen from two vantages."""
    if asn is None:
        return None
    name = CDN_ASNS.get(asn) or CLOUD_ASNS.get(asn)
    return name.split(" ")[0] if name else None
