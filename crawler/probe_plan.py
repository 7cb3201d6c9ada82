"""The probe's bookkeeping, kept free of Scrapy so it can be unit-tested on plain values.

The probe spider (``crawler/spiders/probe.py``) only fetches and yields; every
decision about *what* to fetch for a site and *what the site item says* lives
here:

- which home URLs to try, in order (https, http, then the ``www.`` host);
- which of a page's telling links are worth a slot of the site's page budget;
- how a failed fetch is classified (DNS, refused, timeout, reset, TLS, too big),
  including RFC 9209 ``Proxy-Status`` answers from a forward proxy;
- when a site is finished (no outstanding requests) and how its pages and
  per-page verdicts become the single ``site`` item of docs/architecture.md.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

from crawler.verdict import Verdict

# Detector names whose per-page verdicts are combined into the site verdicts.
SITE_DETECTORS: tuple[str, ...] = ("exchange", "chinese_ui", "cny_onramp", "icp")

# Link kinds ranked by how much a page of that kind can decide a verdict: a
# Simplified-Chinese variant decides chinese_ui and usually shows the fiat
# menu; fiat/P2P pages decide cny_onramp; mirror lists feed the site graph;
# terms name the operator and excluded countries. Lower is fetched first.
# Matched as substrings of ``Link.kind`` so "lang_menu" and "hreflang" both rank as language.
KIND_PRIORITY: tuple[tuple[str, int], ...] = (
    ("hreflang", 0),
    ("lang", 0),
    ("zh", 0),
    ("subdomain", 1),
    ("fiat", 2),
    ("p2p", 2),
    ("c2c", 2),
    ("otc", 2),
    ("buy", 2),
    ("deposit", 3),
    ("mirror", 3),
    ("terms", 4),
    ("legal", 4),
    ("tos", 4),
    ("privacy", 5),
    ("about", 5),
)
UNKNOWN_KIND_PRIORITY = 8

# Pages of one kind a site may spend its budget on: a page whose every link looks like a
# "language" link (a zh. host) or a P2P list of 50 order pages must not eat all 12 slots.
KIND_QUOTA: dict[int, int] = {0: 4, 1: 2, 2: 4, 3: 3, 4: 2, 5: 1, UNKNOWN_KIND_PRIORITY: 2}

# Outcomes of a fetch attempt ranked by how far the attempt got (name → connection →
# TLS → answer). When every home attempt fails, the site's outcome is the furthest one:
# "refused" on the bare domain says more than "dns" on a www. name that never existed, and
# a proxy's ambiguous 502 ("unreachable") is refined by the plain-HTTP attempt after it.
FAILURE_RANK: dict[str, int] = {
    "error": 0,
    "proxy_error": 1,
    "unreachable": 2,
    "dns": 3,
    "dns_timeout": 4,
    "refused": 5,
    "timeout": 6,
    "tls": 7,
    "reset": 7,
    "truncated": 8,
    "too_big": 9,
    "redirect_limit": 9,
    "blocked_ssrf": 10,  # our own guard refused: definitive, and nothing further may be tried
}

# Outcomes where a server answered: the site is reachable even if it said no.
REACHABLE_OUTCOMES = frozenset({"ok", "redirect", "http_error", "too_big", "truncated", "redirect_limit"})
UNREACHABLE_OUTCOMES = frozenset({"dns", "dns_timeout", "refused", "timeout", "reset", "tls", "unreachable"})


# ---------------------------------------------------------------------------
# URLs and hosts


def host_of(url: str) -> str:
    """Lower-case host of a URL without port or trailing dot ("" when there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def in_site(url: str, domain: str) -> bool:
    """True when the URL's host is the registrable domain or one of its subdomains."""
    host = host_of(url)
    return host == domain or host.endswith("." + domain)


def canonical_url(url: str) -> str:
    """URL without its fragment: ``/#/p2p`` and ``/`` are one fetch for a server."""
    try:
        return urldefrag(url)[0]
    except ValueError:  # a malformed URL from a hostile page ("http://x.com[#a"): keep it as is
        return url


def seen_key(url: str) -> str:
    """Dedupe key within a site: no fragment, no scheme, no ``www.``.

    ``https://ex.com/zh/`` and ``https://www.ex.com/zh/`` (both linked from one
    home page) or ``http://`` and ``https://`` variants are one page to a budget
    of 12; fetching both would spend a slot to learn nothing.
    """
    url = canonical_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").rstrip(".").lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{parts.path or '/'}{'?' + parts.query if parts.query else ''}"


_HOST_MENTION_CACHE: dict[str, re.Pattern[str]] = {}


def hosts_in_text(text: str, domain: str, limit: int = 50) -> list[str]:
    """Hosts under ``domain`` that a page names in a URL (``//static.ex.com/app.js``, ``fetch('https://api.ex.com/…')``).

    The overseas verdict needs every name the site serves from, including the
    asset and API subdomains a page loads (a mainland ``api.`` behind an
    overseas ``www.`` is exactly the case it must catch); enrich resolves the
    item's ``hosts``. Only URL-shaped mentions count (``//`` before the host),
    so prose naming a domain does not add it.
    """
    pattern = _HOST_MENTION_CACHE.get(domain)
    if pattern is None:
        if len(_HOST_MENTION_CACHE) > 4096:
            _HOST_MENTION_CACHE.clear()
        pattern = re.compile(r"//((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*" + re.escape(domain) + r")(?![a-z0-9.-])", re.I)
        _HOST_MENTION_CACHE[domain] = pattern
    found: dict[str, None] = {}
    for match in pattern.finditer(text):
        found.setdefault(match.group(1).lower(), None)
        if len(found) >= limit:
            break
    return list(found)


# Words in a URL or link text that say "buy crypto with fiat" (used when re-ranking links).
FIAT_HINT = re.compile(r"p2p|c2c|otc|fiat|buy[-_]?crypto|quick[-_]?buy|express|法币|买币|快捷|场外", re.I)


def home_candidates(domain: str) -> list[str]:
    """Home URLs to try in order: https then http, bare domain then ``www.``.

    A site that only answers on ``www.`` is common (the apex has no A record);
    one that only answers on http is rarer but real among small mirrors.
    """
    hosts = [domain] if domain.startswith("www.") else [domain, f"www.{domain}"]
    return [f"{scheme}://{host}/" for host in hosts for scheme in ("https", "http")]


def language_subdomain_candidates(domain: str) -> list[str]:
    """``zh.`` and ``cn.`` homes: many platforms put the Chinese UI there and link it nowhere."""
    return [f"https://{label}.{domain}/" for label in ("zh", "cn")]


# ---------------------------------------------------------------------------
# Link selection


@dataclass(frozen=True, slots=True)
class PlannedLink:
    """A telling link chosen for fetching, with the reason it was chosen."""

    url: str
    kind: str
    text: str
    priority: int
    depth: int


def link_priority(kind: str) -> int:
    """Rank of a link kind (see ``KIND_PRIORITY``); unknown kinds go last."""
    kind = (kind or "").lower()
    ranks = [rank for key, rank in KIND_PRIORITY if key in kind]
    return min(ranks) if ranks else UNKNOWN_KIND_PRIORITY


def select_links(
    links: Iterable[Any],
    *,
    domain: str,
    seen: set[str],
    slots: int,
    depth: int,
    taken: Counter[int] | None = None,
) -> list[PlannedLink]:
    """Choose at most ``slots`` of a page's telling links, best kinds first, within kind quotas.

    ``links`` are ``Link(url, kind, text)`` values (any object with those
    attributes). Off-site links are left to the mirror logic; URLs already
    seen (``seen_key``: fragment, scheme and ``www.`` ignored) are skipped, so a
    language menu repeated on every page costs nothing. ``taken`` counts the
    site's pages per kind rank so far (see ``KIND_QUOTA``) and is updated.
    Order within a kind is document order: the first language link is usually
    the menu's current-language default.
    """
    if slots <= 0:
        return []
    taken = Counter() if taken is None else taken
    candidates: list[PlannedLink] = []
    keys: set[str] = set()
    for index, link in enumerate(links):
        url = canonical_url(getattr(link, "url", "") or "")
        key = seen_key(url)
        if not url.startswith(("http://", "https://")) or key in seen or key in keys:
            continue
        if not in_site(url, domain):
            continue
        kind = getattr(link, "kind", "") or ""
        keys.add(key)
        candidates.append(
            PlannedLink(url, kind, (getattr(link, "text", "") or "")[:80], link_priority(kind) * 1000 + index, depth)
        )
    candidates.sort(key=lambda planned: planned.priority)
    chosen: list[PlannedLink] = []
    for planned in candidates:
        rank = planned.priority // 1000
        if taken[rank] >= KIND_QUOTA.get(rank, 2):
            continue
        taken[rank] += 1
        chosen.append(planned)
        if len(chosen) >= slots:
            break
    return chosen


def demote_stale_language(links: Iterable[Any], page_url: str, page_kind: str) -> list[Any]:
    """On a page that *is* the Chinese variant, its own-host "language" links are just its menu.

    A links classifier that calls every link on ``cn.example.com`` a language
    link (the host says "cn") would send the whole budget round the same UI;
    such links are re-kinded from their URL and text: fiat words make them
    ``fiat``, anything else ``same_language`` (ranked last).
    """
    if page_kind != "language":
        return list(links)
    page_host = host_of(page_url)
    out = []
    for link in links:
        if getattr(link, "kind", "") == "language" and host_of(getattr(link, "url", "")) == page_host:
            text = f"{getattr(link, 'url', '')} {getattr(link, 'text', '')}"
            kind = "fiat" if FIAT_HINT.search(text) else "same_language"
            link = _with_kind(link, kind)
        out.append(link)
    return out


def _with_kind(link: Any, kind: str) -> Any:
    if hasattr(link, "_replace"):
        return link._replace(kind=kind)
    if dataclasses.is_dataclass(link) and not isinstance(link, type):
        return dataclasses.replace(link, kind=kind)
    return link


# ---------------------------------------------------------------------------
# Budget


@dataclass(slots=True)
class SiteBudget:
    """Pages and bytes one site may still cost.

    Pages are reserved when a request is scheduled (so concurrent callbacks
    cannot overspend) and bytes are charged when a body arrives.
    """

    max_pages: int
    max_bytes: int
    pages: int = 0
    bytes: int = 0

    @property
    def pages_left(self) -> int:
        return max(0, self.max_pages - self.pages)

    @property
    def bytes_left(self) -> int:
        return max(0, self.max_bytes - self.bytes)

    def reserve_page(self) -> bool:
        """Take one page slot if any is left and the byte budget is not spent."""
        if self.pages >= self.max_pages or self.bytes >= self.max_bytes:
            return False
        self.pages += 1
        return True

    def charge(self, nbytes: int) -> None:
        self.bytes += max(0, nbytes)

    def maxsize_for_next(self, floor: int = 64 * 1024) -> int:
        """Per-response size limit for the next fetch: what is left, never below a useful floor."""
        return min(self.max_bytes, max(self.bytes_left, floor))


# ---------------------------------------------------------------------------
# Failure classification

_PROXY_ERROR_OUTCOMES = {
    "dns_error": "dns",
    "dns_timeout": "dns_timeout",
    "connection_refused": "refused",
    "connection_timeout": "timeout",
    "connection_terminated": "reset",
    "tls_protocol_error": "tls",
    "tls_certificate_error": "tls",
    "destination_not_found": "dns",
    "destination_unavailable": "refused",
    "http_response_timeout": "timeout",
}
_PROXY_STATUS_ERROR = re.compile(r"(?:^|;)\s*error\s*=\s*\"?([A-Za-z0-9_\-]+)")
_TUNNEL_STATUS = re.compile(r"'status':\s*(\d{3})")


def outcome_from_proxy_status(header: str | bytes | None) -> str | None:
    """Map an RFC 9209 ``Proxy-Status`` header to a probe outcome, or None when it names no error.

    ``simweb; error=dns_error; rcode=NXDOMAIN`` → ``"dns"``; ``error=dns_timeout``
    → ``"dns_timeout"``; ``error=connection_refused`` → ``"refused"``. An error
    type this table does not know is ``"proxy_error"``, so it is never
    mistaken for the site's own answer.
    """
    if not header:
        return None
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    match = _PROXY_STATUS_ERROR.search(header)
    if not match:
        return None
    return _PROXY_ERROR_OUTCOMES.get(match.group(1).lower(), "proxy_error")


def outcome_from_tunnel_status(status: int) -> str:
    """Outcome for a refused HTTPS CONNECT: only the status survives Scrapy's TunnelError.

    504 is what a proxy answers when name resolution timed out; 502 means the
    name did not resolve *or* the connection was refused, which the plain-HTTP
    fallback (whose ``Proxy-Status`` header is readable) then tells apart.
    """
    if status == 504:
        return "dns_timeout"
    if status == 502:
        return "unreachable"
    return "proxy_error"


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """``(outcome, detail)`` for an exception a download raised, by type name and message.

    Works on names rather than imports so it classifies Scrapy's, Twisted's,
    OpenSSL's and Playwright's errors alike, including the exception chain
    (Scrapy 2.13+ wraps Twisted errors in its own ``Download*Error`` types).
    """
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = " ".join(type(e).__name__ for e in chain)
    text = " ".join(str(e) for e in chain)
    detail = f"{type(exc).__name__}: {str(exc)[:200]}"
    lowered = text.lower()
    if "ForbiddenAddress" in names or "blocked_ssrf" in lowered:
        return "blocked_ssrf", detail
    if "max redirections" in lowered:  # RedirectMiddleware's IgnoreRequest: a loop or a very long chain
        return "redirect_limit", detail
    if "TunnelError" in names:
        match = _TUNNEL_STATUS.search(text)
        return (outcome_from_tunnel_status(int(match.group(1))) if match else "proxy_error"), detail
    if "maxsize" in lowered or "max size" in lowered or "larger than download" in lowered:
        return "too_big", detail
    if "CannotResolveHost" in names or "DNSLookupError" in names or "ERR_NAME_NOT_RESOLVED" in text:
        return "dns", detail
    if "ConnectionRefused" in names or "ERR_CONNECTION_REFUSED" in text or "connection refused" in lowered:
        return "refused", detail
    if "DataLoss" in names or "ERR_CONTENT_LENGTH_MISMATCH" in text:
        return "truncated", detail
    if "SSL" in names or "TLS" in names or re.search(r"\bssl\b|tls|certificate|handshake|ERR_CERT", text, re.I):
        return "tls", detail
    if "Timeout" in names or "timed out" in lowered or "timeout" in lowered or "ERR_TIMED_OUT" in text:
        return "timeout", detail
    if "ERR_TUNNEL_CONNECTION_FAILED" in text:
        return "unreachable", detail
    if re.search(r"ConnectionLost|ConnectionDone|ConnectionReset|ERR_CONNECTION_(RESET|CLOSED)|ERR_EMPTY_RESPONSE", names + " " + text) or "reset" in lowered:
        return "reset", detail
    if "DownloadCancelled" in names or "Cancelled" in names:
        return "too_big", detail
    return "error", detail


def worst_to_best(outcomes: Iterable[str]) -> str:
    """The failure outcome that got furthest of several attempts (see ``FAILURE_RANK``)."""
    ranked = sorted(outcomes, key=lambda outcome: FAILURE_RANK.get(outcome, 0))
    return ranked[-1] if ranked else "error"


# ---------------------------------------------------------------------------
# Per-site state


@dataclass(slots=True)
class PageRecord:
    """One fetched (or failed) page of a site, in the item's page shape, plus the parsed Page."""

    url: str
    final_url: str
    status: int | None
    vantage: str
    rendered: bool
    render_reason: str | None
    redirects: list[str]
    content_type: str
    body: bytes
    error: str | None
    detectors: dict[str, Verdict]
    screenshot: bytes | None = None
    kind: str = "home"
    outcome: str = "ok"
    json_payload_urls: list[str] = field(default_factory=list)
    render_notes: list[str] = field(default_factory=list)

    def to_item(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "vantage": self.vantage,
            "rendered": self.rendered,
            "render_reason": self.render_reason,
            "redirects": list(self.redirects),
            "sha256": hashlib.sha256(self.body).hexdigest() if self.body else None,
            "content_type": self.content_type,
            "body": self.body,
            "error": self.error,
            "detectors": {name: verdict.to_dict() for name, verdict in self.detectors.items()},
            "screenshot": self.screenshot,
            "kind": self.kind,
            "outcome": self.outcome,
            "json_payloads": list(self.json_payload_urls),
            "render_notes": list(self.render_notes),
        }


@dataclass(slots=True)
class SiteState:
    """Everything the probe knows about one site while its requests are in flight."""

    domain: str
    platform: str
    budget: SiteBudget
    depth: int = 0  # 0 for a seed; n for a site found n mirror/redirect hops away
    provenance: list[str] = field(default_factory=list)
    outstanding: int = 0
    seen: set[str] = field(default_factory=set)
    pages: list[PageRecord] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    linked: list[dict[str, str]] = field(default_factory=list)
    home: dict[str, Any] = field(default_factory=dict)  # vantage -> Page of the home actually used
    home_done: set[str] = field(default_factory=set)  # vantages whose home chain has ended
    home_failures: dict[str, list[str]] = field(default_factory=dict)  # vantage -> outcomes of attempts
    home_outcome: str | None = None
    redirect_to: str | None = None
    kind_taken: Counter[int] = field(default_factory=Counter)  # pages per link-kind rank (quotas)
    render_reasons: Counter[str] = field(default_factory=Counter)
    renders: int = 0
    subdomain_probes: dict[str, str] = field(default_factory=dict)
    emitted: bool = False
    serial: int = 0  # opening order in the crawl: the render lane serves older sites first

    def add_host(self, url: str) -> None:
        host = host_of(url)
        if host and host not in self.hosts:
            self.hosts.append(host)

    def link(self, domain: str, relation: str, via: str) -> None:
        entry = {"domain": domain, "relation": relation, "via": via}
        if entry not in self.linked:
            self.linked.append(entry)

    @property
    def finished(self) -> bool:
        return self.outstanding <= 0 and not self.emitted


# ---------------------------------------------------------------------------
# Aggregation

Combiner = Callable[[Sequence[Verdict]], Verdict]
Comparer = Callable[[Any, Any], Verdict]


def site_outcome(site: SiteState) -> tuple[str, bool | None]:
    """``(outcome, reachable)`` of a site from its intl home attempts."""
    if site.home_outcome:
        outcome = site.home_outcome
    else:
        failures = site.home_failures.get("intl", [])
        outcome = worst_to_best(failures) if failures else "incomplete"
    if outcome in REACHABLE_OUTCOMES:
        return outcome, True
    if outcome in UNREACHABLE_OUTCOMES:
        return outcome, False
    return outcome, None


def combine_site(
    site: SiteState,
    combiners: Mapping[str, Combiner],
    compare: Comparer | None,
) -> dict[str, Verdict]:
    """Site verdicts: each detector's ``combine`` over the verdicts of the site's intl pages.

    cn pages are left out of the content verdicts (a region-block page says
    nothing about the UI); they only feed ``geoblocks_cn`` through ``compare``.
    """
    verdicts: dict[str, Verdict] = {}
    intl_pages = [p for p in site.pages if p.vantage == "intl" and p.error is None]
    for name, combine in combiners.items():
        per_page = [p.detectors[name] for p in intl_pages if name in p.detectors]
        if not per_page:
            verdicts[name] = Verdict.unknown(name, "no page of the site could be fetched")
            continue
        try:
            verdicts[name] = combine(per_page)
        except Exception as exc:  # a detector bug must not lose the site's item
            verdicts[name] = Verdict.unknown(name, f"combine failed: {type(exc).__name__}: {exc}")
    intl_home, cn_home = site.home.get("intl"), site.home.get("cn")
    if compare is None:
        verdicts["geoblocks_cn"] = Verdict.unknown("geoblocks_cn", "no cn vantage configured")
    elif intl_home is None:
        verdicts["geoblocks_cn"] = Verdict.unknown("geoblocks_cn", "intl home page not fetched")
    elif cn_home is None:
        failures = site.home_failures.get("cn", [])
        why = worst_to_best(failures) if failures else "not fetched"
        if why in ("dns", "dns_timeout"):
            # The name never resolved inside China: the site was never asked, so it turned nobody
            # away (that is blocked_in_cn, enrich's question), while intl got its home page.
            verdicts["geoblocks_cn"] = Verdict(
                "geoblocks_cn", False, 0.5,
                (f"cn vantage could not resolve the name ({why}): a network block, not the site's own",),
            )
        else:
            verdicts["geoblocks_cn"] = Verdict.unknown(
                "geoblocks_cn", f"cn home page not fetched ({why}): network block or site firewall, cannot tell"
            )
    else:
        try:
            verdicts["geoblocks_cn"] = compare(intl_home, cn_home)
        except Exception as exc:
            verdicts["geoblocks_cn"] = Verdict.unknown("geoblocks_cn", f"compare failed: {type(exc).__name__}: {exc}")
    return verdicts


BODY_MODES = ("bytes", "base64", "omit")


def _encode_blobs(pages: list[dict[str, Any]], mode: str) -> None:
    """Bodies and screenshots as ``bytes`` (for the store), base64 text (JSON feeds), or dropped."""
    if mode == "bytes":
        return
    for page in pages:
        for key in ("body", "screenshot"):
            blob = page.get(key)
            if blob is None:
                continue
            page[key] = base64.b64encode(blob).decode("ascii") if mode == "base64" else None


def site_item(
    site: SiteState,
    combiners: Mapping[str, Combiner],
    compare: Comparer | None,
    *,
    complete: bool = True,
    bodies: str = "bytes",
) -> dict[str, Any]:
    """The ``site`` item of docs/architecture.md for a finished (or flushed) site.

    ``bodies``: ``"bytes"`` (the default, what the store keeps), ``"base64"`` so that
    ``scrapy crawl probe -O items.jsonl`` can write the item (JSON has no bytes), or
    ``"omit"`` (sha256 and sizes stay, for a quick look).
    """
    outcome, reachable = site_outcome(site)
    verdicts = combine_site(site, combiners, compare)
    rendered = sum(1 for p in site.pages if p.rendered)
    item: dict[str, Any] = {
        "kind": "site",
        "domain": site.domain,
        "platform": site.platform,
        "reachable": reachable,
        "outcome": outcome,
        "verdicts": {name: verdict.to_dict() for name, verdict in verdicts.items()},
        "pages": [page.to_item() for page in site.pages],
        "hosts": list(site.hosts),
        "linked": list(site.linked),
        "provenance": list(site.provenance),
        "depth": site.depth,
        "stats": {
            "pages": len(site.pages),
            "fetched": sum(1 for p in site.pages if p.error is None),
            "rendered": rendered,
            "render_reasons": dict(site.render_reasons),
            "bytes": site.budget.bytes,
            "complete": complete,
            "home_failures": {v: list(o) for v, o in site.home_failures.items()},
            "subdomain_probes": dict(site.subdomain_probes),
        },
    }
    if site.redirect_to:
        item["redirect_to"] = site.redirect_to
    _encode_blobs(item["pages"], bodies)
    return item
