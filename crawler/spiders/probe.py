"""ProbeSpider: visit each site a few times and say, with evidence, what it is.

For every domain: the home page (https, then http, then ``www.``), then a small
budget of *telling* pages the home page leads to (Chinese variants, fiat/P2P/OTC,
terms, mirror lists), and when a cn vantage is configured, the home page again
from inside mainland China. Detectors run once per page; the site's verdicts
are their ``combine``; one ``site`` item per site (docs/architecture.md) is
yielded once all of the site's requests have ended.

Rendering is adaptive: a page is rendered in Chromium (scrapy-playwright) only
when its static HTML is an app shell or leaves a detector undecided
(``crawler.detectors.shell.needs_render``), never because a page is merely
interesting; see crawler/render.py for the browser side.

Run (settings as ``-s``, arguments as ``-a``)::

    scrapy crawl probe -a domains=a.com,b.io -a platforms='{"a.com": "A Exchange"}' \\
        -s EXSCOUT_PROXY=http://127.0.0.1:8080 -s EXSCOUT_CN_PROXY=http://127.0.0.1:8081

``domains`` is a comma list or a file (one per line, ``#`` comments); ``platforms``
a JSON object (or file, or a dict from Python) ``{domain: platform name}``. Settings
are the ``EXSCOUT_PROBE_*`` / ``EXSCOUT_RENDER*`` section of crawler/settings.py.

The item, beyond docs/architecture.md's shape: ``provenance`` (``["seed"]``,
``["mirror listed by X", "via URL"]``, ``["redirect from X", …]``), ``depth`` (hops
from a seed), ``redirect_to`` (outcome ``"redirect"``), ``stats.complete`` (False
only when the idle fallback flushed a site with a lost request), ``stats.bytes``,
``stats.home_failures`` (outcome of each home attempt per vantage) and
``stats.subdomain_probes``; each page also has ``kind`` (home, language, fiat,
mirror, terms, subdomain…), ``outcome``, ``json_payloads`` (URLs of the JSON
responses the detectors saw) and ``render_notes``. Outcomes: ok, redirect,
http_error, dns, dns_timeout, refused, timeout, reset, tls, truncated, too_big,
blocked_ssrf, redirect_limit, unreachable, proxy_error, error, incomplete.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater
from twisted.python.failure import Failure

from crawler import probe_plan as plan
from crawler.render import (
    PAGE_INIT_CALLBACK,
    ContextPool,
    RenderCapture,
    RenderConfig,
    finish_page,
    is_crash,
    proxy_url,
    reason_slug,
)
from crawler.render_lane import RenderLane
from crawler.verdict import Verdict

logger = logging.getLogger(__name__)

DEFAULT_ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.8"

# Detector modules run on every page; each has detect(page) and combine(verdicts).
DEFAULT_DETECTORS: dict[str, str] = {
    "exchange": "crawler.detectors.exchange",
    "chinese_ui": "crawler.detectors.chinese_ui",
    "cny_onramp": "crawler.detectors.cny_onramp",
    "icp": "crawler.detectors.icp",
    "region_block": "crawler.detectors.region_block",
}
# Detectors whose None on a static page is worth a render (the question the site exists to answer).
RENDER_WORTHY = ("exchange", "chinese_ui", "cny_onramp")

# Every status reaches the callback except redirects, which RedirectMiddleware must still follow
# (``handle_httpstatus_all`` would switch redirects off too).
HANDLED_STATUSES = [s for s in range(100, 600) if s not in (301, 302, 303, 307, 308)]

# Page kinds whose cross-domain redirect target is taken as the platform's own domain (a move,
# a Chinese-language domain, a mirror); a fiat or terms page redirecting off-site usually
# hands over to a third party (an on-ramp, a legal host), which is linked but not crawled.
JOIN_ON_REDIRECT = frozenset({"home", "language", "subdomain", "mirror"})

# How often a full crawl looks again whether a site has finished and a seed may open.
OPEN_SITE_POLL_S = 0.05

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "application/json", "text/xml", "application/xml")


@dataclass(frozen=True, slots=True)
class ProbeOptions:
    """The probe's ``EXSCOUT_PROBE_*`` settings, read once in ``from_crawler``."""

    intl_proxy: str | None
    cn_proxy: str | None
    max_pages: int
    max_bytes: int
    mirror_depth: int
    link_depth: int
    accept_language: str
    try_language_subdomains: bool
    bodies: str
    max_mirrors: int
    max_open_sites: int = 400

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ProbeOptions:
        max_pages = settings.getint("EXSCOUT_PROBE_MAX_PAGES", 12)
        max_bytes = settings.getint("EXSCOUT_PROBE_MAX_BYTES", 5 * 1024 * 1024)
        if max_pages < 1 or max_bytes < 1024:
            raise NotConfigured("EXSCOUT_PROBE_MAX_PAGES must be >= 1 and EXSCOUT_PROBE_MAX_BYTES >= 1024")
        return cls(
            intl_proxy=proxy_url(settings.get("EXSCOUT_PROXY")),
            cn_proxy=proxy_url(settings.get("EXSCOUT_CN_PROXY")),
            max_pages=max_pages,
            max_bytes=max_bytes,
            mirror_depth=settings.getint("EXSCOUT_PROBE_MIRROR_DEPTH", 2),
            link_depth=settings.getint("EXSCOUT_PROBE_LINK_DEPTH", 2),
            accept_language=settings.get("EXSCOUT_PROBE_ACCEPT_LANGUAGE") or DEFAULT_ACCEPT_LANGUAGE,
            try_language_subdomains=settings.getbool("EXSCOUT_PROBE_LANGUAGE_SUBDOMAINS", True),
            bodies=_bodies_mode(settings.get("EXSCOUT_PROBE_BODIES") or "bytes"),
            max_mirrors=settings.getint("EXSCOUT_PROBE_MAX_MIRRORS", 20),
            max_open_sites=settings.getint("EXSCOUT_PROBE_MAX_OPEN_SITES", 400),
        )


def _bodies_mode(value: str) -> str:
    value = value.strip().lower()
    if value not in plan.BODY_MODES:
        raise NotConfigured(f"EXSCOUT_PROBE_BODIES must be one of {plan.BODY_MODES}, not {value!r}")
    return value


def _load(path: str) -> Any:
    module, _, attr = path.partition(":")
    obj = importlib.import_module(module)
    return getattr(obj, attr) if attr else obj


def read_domains(value: str) -> list[str]:
    """Domains from a comma list or a file (one per line or comma-separated; ``#`` comments)."""
    value = (value or "").strip()
    if value and os.path.isfile(value):
        with open(value, encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = value
    out: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for part in line.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def read_platforms(value: str | Mapping[str, str] | None) -> dict[str, str]:
    """``{domain: platform}`` from a JSON string, a JSON file path, or a mapping."""
    if not value:
        return {}
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    if os.path.isfile(value):
        with open(value, encoding="utf-8") as fh:
            value = fh.read()
    data = json.loads(value)
    if not isinstance(data, dict):
        raise ValueError("platforms must be a JSON object {domain: platform}")
    return {str(k): str(v) for k, v in data.items()}


def _registrable(url_or_host: str) -> str | None:
    """Registrable domain via crawler.normalize (PSL, IDN), None when rejected."""
    from crawler.normalize import normalise

    result = normalise(url_or_host)
    return getattr(result, "domain", None) if result else None


def _lower_headers(response: Response) -> dict[str, str]:
    headers: dict[str, str] = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1").lower()
        headers[name] = ", ".join(v.decode("latin-1") for v in values)
    return headers


class ProbeSpider(scrapy.Spider):
    """Fetch a budget of telling pages per site and yield one ``site`` item per site."""

    name = "probe"

    def __init__(
        self,
        domains: str = "",
        platforms: str | Mapping[str, str] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.seed_domains = read_domains(domains)
        self.platforms = read_platforms(platforms)
        self.sites: dict[str, plan.SiteState] = {}
        self.known: dict[str, str] = {}  # every domain ever opened -> platform (its size: the opening serial)
        self._max_open = 0  # high-water mark of open sites, for the crawl's stats

    # -- wiring --------------------------------------------------------------------------------

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Derive Scrapy and scrapy-playwright settings from the ``EXSCOUT_*`` ones.

        Playwright's download handler is installed only when rendering can
        happen, so ``EXSCOUT_RENDER=never`` starts no browser or driver at all.
        """
        super().update_settings(settings)
        render = RenderConfig.from_settings(settings)
        for name, value in render.playwright_settings().items():
            settings.set(name, value, priority="spider")
        settings.set("DOWNLOAD_MAXSIZE", settings.getint("EXSCOUT_PROBE_MAX_BYTES", 5 * 1024 * 1024), priority="spider")
        settings.set(
            "CONCURRENT_REQUESTS_PER_DOMAIN",
            settings.getint("EXSCOUT_PROBE_CONCURRENT_PER_DOMAIN", 2),
            priority="spider",
        )
        # Many sites at once, each politely (above): the probe is latency-bound, not CPU-bound.
        settings.set("CONCURRENT_REQUESTS", settings.getint("EXSCOUT_PROBE_CONCURRENT_REQUESTS", 64), priority="spider")
        # Meta refreshes to non-URLs (javascript:…) must not lose the page (see the middleware).
        middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
        middlewares.update({
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "crawler.middlewares.probe_refresh.SafeMetaRefreshMiddleware": 580,
        })
        settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="spider")
        # A callback yields a handful of requests and at most one item; Scrapy starts
        # CONCURRENT_ITEMS worker tasks per callback output (100 by default), which cost
        # more than the detectors on a static page.
        settings.set("CONCURRENT_ITEMS", 8, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ProbeSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.options = ProbeOptions.from_settings(crawler.settings)
        spider.render = RenderConfig.from_settings(crawler.settings)
        spider.pool = ContextPool(spider.render, find=spider._handler_context)
        # As many render requests per vantage in Scrapy's hands as its context runs pages at once.
        spider.lane = RenderLane(spider.render.max_pages_per_context, bind=spider._bind_context)
        spider._bind_detectors(crawler.settings)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    def _bind_detectors(self, settings: BaseSettings) -> None:
        """Import detector modules once; ``EXSCOUT_PROBE_DETECTORS`` may replace any of them."""
        paths = dict(DEFAULT_DETECTORS)
        paths.update(settings.getdict("EXSCOUT_PROBE_DETECTORS"))
        self.detectors: dict[str, Callable[[Any], Verdict]] = {}
        self.combiners: dict[str, Callable[[Any], Verdict]] = {}
        for name, path in paths.items():
            module = _load(path)
            self.detectors[name] = module.detect
            if name in plan.SITE_DETECTORS:
                self.combiners[name] = module.combine
        region_block = _load(paths["region_block"])
        self.compare = region_block.compare if self.options.cn_proxy else None
        links = _load(settings.get("EXSCOUT_PROBE_LINKS") or "crawler.detectors.links")
        self.telling_links = links.telling_links
        self.mirror_domains = links.mirror_domains
        self.needs_render = _load(settings.get("EXSCOUT_PROBE_SHELL") or "crawler.detectors.shell").needs_render
        self.Page = _load(settings.get("EXSCOUT_PROBE_PAGE_CLASS") or "crawler.detectors.page:Page")

    def _stat(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"exscout/probe/{key}", count)

    # -- sites ---------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for raw in self.seed_domains:
            domain = _registrable(raw)
            if not domain:
                self._stat("rejected")
                yield {"kind": "rejected", "source": "probe", "where": "domains argument", "raw": raw,
                       "reason": "not a registrable domain"}
                continue
            if domain in self.known:
                continue
            platform = self.platforms.get(domain) or self.platforms.get(raw) or domain
            await self._room_for_a_site()
            if domain in self.known:
                continue  # joined as a mirror or redirect target while this seed waited for room
            for request in self.lane.admit(self._open_site(domain, platform, depth=0, provenance=["seed"])):
                yield request

    async def _room_for_a_site(self) -> None:
        """Wait until fewer than ``EXSCOUT_PROBE_MAX_OPEN_SITES`` sites are open (0: never wait).

        Seeds are opened as sites finish rather than all at once: an open site holds its pages
        (bodies, parsed DOMs) until its last request ends, and app shells wait for the browser,
        which is far slower than static fetching; opening every seed up front made memory grow
        with the number of seeds (docs/performance.md, F13). If the engine has nothing to do while
        we wait (a site lost a request), the wait ends so the crawl can reach idle and flush it.
        """
        from twisted.internet import reactor  # the one Scrapy installed, never the default (import order)

        cap = self.options.max_open_sites
        if cap > 0 and len(self.sites) >= cap:
            self._stat("seed_waits")
        while cap > 0 and len(self.sites) >= cap:
            if not self._engine_busy():
                if not len(self.lane):
                    break  # open sites with nothing in flight lost a request: let the crawl go on to idle
                # Admitted renders ended unseen (the idle drain cannot run while start() is open).
                self._stat("render/lane_drained")
                self._drain_lane()
            await maybe_deferred_to_future(deferLater(reactor, OPEN_SITE_POLL_S, lambda: None))

    def _engine_busy(self) -> bool:
        """Anything downloading, scheduled or being parsed (best effort over Scrapy internals)."""
        engine = getattr(self.crawler, "engine", None)
        if engine is None:
            return False
        if getattr(getattr(engine, "downloader", None), "active", None):
            return True
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
        scheduler = getattr(slot, "scheduler", None)
        if scheduler is not None and scheduler.has_pending_requests():
            return True
        scraper_slot = getattr(getattr(engine, "scraper", None), "slot", None)
        return bool(getattr(scraper_slot, "active", None))

    def _open_site(self, domain: str, platform: str, *, depth: int, provenance: list[str]) -> list[Request]:
        if domain in self.known:
            # A second state would take over the first's answers and finish without its pages.
            raise RuntimeError(f"probe: site {domain} opened twice")
        site = plan.SiteState(
            domain=domain,
            platform=platform,
            budget=plan.SiteBudget(self.options.max_pages, self.options.max_bytes),
            depth=depth,
            provenance=provenance,
        )
        self.sites[domain] = site
        self._max_open = max(self._max_open, len(self.sites))
        self.known[domain] = platform
        site.serial = len(self.known)
        self._stat("sites")
        requests = [self._home_request(site, "intl", 0)]
        if self.options.cn_proxy:
            requests.append(self._home_request(site, "cn", 0))
        return [r for r in requests if r is not None]

    def _join(self, source: plan.SiteState, domain: str, relation: str, via: str) -> list[Request]:
        """A mirror or redirect target becomes a site of the same platform (bounded depth)."""
        source.link(domain, relation, via)
        if domain in self.known or domain == source.domain:
            return []
        if source.depth + 1 > self.options.mirror_depth:
            self._stat(f"{relation}_beyond_depth")
            return []
        why = f"mirror listed by {source.domain}" if relation == "mirror" else f"redirect from {source.domain}"
        self._stat(f"joined/{relation}")
        return self._open_site(domain, source.platform, depth=source.depth + 1, provenance=[why, f"via {via}"])

    # -- requests ------------------------------------------------------------------------------

    def _home_request(self, site: plan.SiteState, vantage: str, index: int) -> Request | None:
        candidates = plan.home_candidates(site.domain)
        if index >= len(candidates):
            return None
        render_reason = "always" if self.render.mode == "always" else None
        return self._request(site, candidates[index], vantage=vantage, kind="home", depth=0,
                             render_reason=render_reason, home_index=index, priority=5)

    def _request(
        self,
        site: plan.SiteState,
        url: str,
        *,
        vantage: str,
        kind: str,
        depth: int,
        render_reason: str | None = None,
        home_index: int | None = None,
        priority: int = 10,
        retry_of_crash: bool = False,
    ) -> Request:
        site.seen.add(plan.seen_key(url))
        proxy = self.options.cn_proxy if vantage == "cn" else self.options.intl_proxy
        meta: dict[str, Any] = {
            "exscout_site": site.domain,
            "exscout_site_serial": site.serial,
            "exscout_vantage": vantage,
            "exscout_kind": kind,
            "exscout_depth": depth,
            "exscout_home_index": home_index,
            "handle_httpstatus_list": HANDLED_STATUSES,
            "dont_retry": True,  # the home chain is our retry; a dead host should cost one timeout
            "download_maxsize": site.budget.maxsize_for_next(),
        }
        if proxy:
            meta["proxy"] = proxy
        if render_reason:
            capture = RenderCapture.for_config(self.render)
            from scrapy_playwright.page import PageMethod

            meta.update({
                "playwright": True,  # its context is bound when the render lane hands it to Scrapy
                "playwright_page_init_callback": PAGE_INIT_CALLBACK,
                "playwright_page_methods": [PageMethod(finish_page, capture)],
                "playwright_page_goto_kwargs": {"wait_until": "load"},
                "exscout_capture": capture,
                "exscout_render_reason": render_reason,
                "exscout_crash_retried": retry_of_crash,
            })
            site.renders += 1
            self._stat("render_requested")
        site.outstanding += 1
        return Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            meta=meta,
            headers={"Accept-Language": self.options.accept_language},
            dont_filter=True,  # dedupe is per site (site.seen); the dupefilter would drop a callback silently
            priority=priority,
        )

    # -- callbacks -----------------------------------------------------------------------------

    def parse_page(self, response: Response) -> list[Any]:
        """Any fetched page: record it, run detectors, maybe render, follow telling links."""
        released = self._render_ended(response.request)
        site = self.sites.get(response.meta.get("exscout_site", ""))
        if site is None:
            return released
        out: list[Any] = []
        try:
            out.extend(self._handle_response(site, response))
        except Exception:
            logger.exception("probe: handling %s failed", response.url, extra={"spider": self})
            self._stat("callback_errors")
        finally:
            site.outstanding -= 1
            out.extend(self._maybe_finish(site))
        return self.lane.admit(out) + released

    def on_error(self, failure: Failure) -> list[Any]:
        """A failed fetch: classify it, continue the home chain, retry a crashed render once."""
        request = failure.request
        released = self._render_ended(request)
        site = self.sites.get(request.meta.get("exscout_site", ""))
        if site is None:
            return released
        out: list[Any] = []
        try:
            out.extend(self._handle_failure(site, request, failure.value))
        except Exception:
            logger.exception("probe: handling failure of %s failed", request.url, extra={"spider": self})
            self._stat("callback_errors")
        finally:
            site.outstanding -= 1
            out.extend(self._maybe_finish(site))
        return self.lane.admit(out) + released

    def _bind_context(self, request: Request) -> None:
        """Name the render's browser context as it leaves the lane, never while it is parked.

        A context is retired after ``EXSCOUT_RENDER_RECYCLE_AFTER`` pages and closed once its
        pages are done; binding parked requests would spread them over generations whose
        contexts cannot close until the lane reaches them, and past ``PLAYWRIGHT_MAX_CONTEXTS``
        new contexts would wait forever for a slot (a deadlock seen at 2,000 sites).
        """
        name, kwargs = self.pool.acquire(request.meta["exscout_vantage"])
        request.meta["playwright_context"] = name
        request.meta["playwright_context_kwargs"] = kwargs

    def _render_ended(self, request: Request) -> list[Request]:
        """A request ended (callback or errback): if it was a render, give back its page in the
        context pool and its place in the lane; returns the parked renders that may go now."""
        meta = request.meta
        if not meta.get("playwright"):
            return []
        capture: RenderCapture | None = meta.get("exscout_capture")
        self.pool.release(meta.get("playwright_context", ""), capture.context if capture else None)
        return self.lane.done(request)

    def _drain_lane(self) -> None:
        """Schedule every parked render: nothing is in flight, so the lane's count is stale."""
        for request in self.lane.drain():
            self.crawler.engine.crawl(request)

    def _handler_context(self, name: str) -> Any:
        """scrapy-playwright's context of that name, if it made one (its table is private: best effort)."""
        try:
            handlers = self.crawler.engine.downloader.handlers._handlers
            wrapper = handlers["https"].context_wrappers.get(name)
            return wrapper.context if wrapper is not None else None
        except (AttributeError, KeyError, TypeError):
            return None

    # -- responses -----------------------------------------------------------------------------

    def _handle_response(self, site: plan.SiteState, response: Response) -> list[Any]:
        meta = response.meta
        vantage: str = meta["exscout_vantage"]
        kind: str = meta["exscout_kind"]
        rendered = bool(meta.get("playwright"))
        headers = _lower_headers(response)

        proxy_outcome = plan.outcome_from_proxy_status(headers.get("proxy-status"))
        if proxy_outcome and not rendered:
            # The proxy, not the site, answered: a failure with a precise cause (RFC 9209).
            detail = f"proxy {response.status}: {headers.get('proxy-status', '')}"
            return self._failed(site, response.request, proxy_outcome, detail)

        body = response.body or b""
        site.budget.charge(len(body))
        redirects = [str(u) for u in meta.get("redirect_urls", [])]
        capture: RenderCapture | None = meta.get("exscout_capture")
        payloads = tuple(capture.payloads) if capture else ()
        page = self.Page(
            url=response.request.url if not redirects else redirects[0],
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=body,
            vantage=vantage,
            rendered=rendered,
            json_payloads=payloads,
        )
        for url in [*redirects, response.url]:
            if plan.in_site(url, site.domain):
                site.add_host(url)
        self._note_hosts(site, page, capture)
        self._stat("pages")
        if rendered:
            reason = reason_slug(meta.get("exscout_render_reason") or "unknown")
            site.render_reasons[reason] += 1
            self._stat("rendered")
            self._stat(f"rendered/{reason}")
            if capture and capture.payloads:
                self._stat("json_payloads", len(capture.payloads))

        content_type = headers.get("content-type", "")
        textual = not content_type or any(t in content_type.lower() for t in HTML_TYPES)
        verdicts = self._detect(page) if textual else {}
        record = plan.PageRecord(
            url=page.url,
            final_url=response.url,
            status=response.status,
            vantage=vantage,
            rendered=rendered,
            render_reason=meta.get("exscout_render_reason"),
            redirects=redirects,
            content_type=content_type,
            body=body,
            error=None,
            detectors=verdicts,
            screenshot=capture.screenshot if capture else None,
            kind=kind,
            outcome="ok" if response.status < 400 else "http_error",
            json_payload_urls=[u for u, _ in payloads],
            render_notes=list(capture.notes) if capture else [],
        )
        site.pages.append(record)

        out: list[Any] = []
        final_in_site = plan.in_site(response.url, site.domain)
        if not final_in_site:
            target = _registrable(response.url)
            if target and target != site.domain:
                via = redirects[0] if redirects else page.url
                if kind in JOIN_ON_REDIRECT:
                    out.extend(self._join(site, target, "redirect", via=via))
                else:
                    # "Buy crypto" → 302 → a third-party on-ramp is not the platform's own domain:
                    # noted as evidence, never crawled nor queued as the same platform.
                    site.link(target, "offsite_redirect", via)
                    self._stat("redirect_not_joined")
                if kind == "home" and vantage == "intl":
                    site.redirect_to = target

        if kind == "home":
            site.home[vantage] = page
            site.home_done.add(vantage)
            if vantage == "intl":
                if site.redirect_to:
                    site.home_outcome = "redirect"
                else:
                    site.home_outcome = "ok" if response.status < 400 else "http_error"
        elif kind == "subdomain":
            site.subdomain_probes[page.url] = f"status {response.status}"

        # Adaptive rendering: a shell (or a page leaving the key questions open) is rendered once.
        # Error statuses are needs_render's call: it renders a 403 bot challenge, not a 404.
        if not rendered and textual and final_in_site:
            reason = self._render_reason(site, page, verdicts)
            if reason:
                out.append(self._request(site, response.url, vantage=vantage, kind=kind,
                                         depth=meta.get("exscout_depth", 0), render_reason=reason, priority=20))
                return out  # links are followed from the rendered page, not from the shell

        if vantage == "intl" and final_in_site and response.status < 400 and textual:
            out.extend(self._follow(site, page, verdicts, depth=meta.get("exscout_depth", 0), kind=kind))
        return out

    def _note_hosts(self, site: plan.SiteState, page: Any, capture: RenderCapture | None) -> None:
        """Subdomains the page loads or names in URLs join ``hosts`` (enrich resolves them for overseas)."""
        found = list(capture.hosts) if capture else []
        try:
            found += plan.hosts_in_text(page.text, site.domain)
        except Exception as exc:  # a page that cannot be decoded still has its URL host
            logger.debug("hosts_in_text failed on %s: %r", page.final_url, exc)
        for host in found:
            if host and (host == site.domain or host.endswith("." + site.domain)) and host not in site.hosts:
                site.hosts.append(host)

    def _detect(self, page: Any) -> dict[str, Verdict]:
        """Every detector once on this page; a detector that raises yields an unknown verdict."""
        verdicts: dict[str, Verdict] = {}
        for name, detect in self.detectors.items():
            try:
                verdicts[name] = detect(page)
            except Exception as exc:
                logger.warning("detector %s failed on %s: %r", name, page.final_url or page.url, exc,
                               extra={"spider": self})
                self._stat(f"detector_errors/{name}")
                verdicts[name] = Verdict.unknown(name, f"detector failed: {type(exc).__name__}")
        return verdicts

    def _render_reason(self, site: plan.SiteState, page: Any, verdicts: Mapping[str, Verdict]) -> str | None:
        """Why this static page should be rendered, or None (the common, cheap case)."""
        if self.render.mode != "auto":
            return None
        undecided = any(verdicts.get(name) is not None and verdicts[name].value is None for name in RENDER_WORTHY)
        try:
            need, reason = self.needs_render(page, undecided=undecided)
        except Exception as exc:
            logger.warning("needs_render failed on %s: %r", page.final_url, exc, extra={"spider": self})
            return None
        if not need:
            return None
        if site.renders >= self.render.max_per_site:
            self._stat("render_skipped/site_budget")
            return None
        return str(reason or "shell")  # the full reason stays on the page record; stats use its slug

    def _follow(self, site: plan.SiteState, page: Any, verdicts: Mapping[str, Verdict], *, depth: int, kind: str) -> list[Request]:
        out: list[Request] = []
        base = page.final_url or page.url
        # Mirrors: domains a mirror list names join as sites of the same platform.
        try:
            mirrors = list(self.mirror_domains(page))
        except Exception as exc:
            logger.warning("mirror_domains failed on %s: %r", base, exc, extra={"spider": self})
            mirrors = []
        for raw in mirrors:
            domain = _registrable(raw)
            if not domain or domain == site.domain:
                continue
            if sum(1 for link in site.linked if link["relation"] == "mirror") >= self.options.max_mirrors:
                self._stat("mirrors_over_cap")  # a 500-domain "mirror list" is a link farm, not mirrors
                break
            out.extend(self._join(site, domain, "mirror", via=base))
        if depth >= self.options.link_depth:
            return out
        try:
            links = list(self.telling_links(page))
        except Exception as exc:
            logger.warning("telling_links failed on %s: %r", base, exc, extra={"spider": self})
            links = []
        links = plan.demote_stale_language([_absolute(link, base) for link in links], base, kind)
        planned = plan.select_links(links, domain=site.domain, seen=site.seen, slots=site.budget.pages_left,
                                    depth=depth + 1, taken=site.kind_taken)
        has_language_link = any(plan.link_priority(p.kind) == 0 for p in planned)
        if not has_language_link and any(plan.link_priority(getattr(link, "kind", "")) == 0 for link in links):
            has_language_link = True  # already fetched or off-budget: the variant is known
        for link in planned:
            if not site.budget.reserve_page():
                self._stat("budget_exhausted")
                break
            # Static first, always: a static fetch costs ~1/40 of a render, so even on a JS
            # site whose next page is probably a shell too, checking is cheaper than guessing,
            # and a static content-rich page (a CMS-served terms page) is never rendered.
            render_reason = "always" if self.render.mode == "always" else None
            out.append(self._request(site, link.url, vantage="intl", kind=link.kind or "link", depth=link.depth,
                                     render_reason=render_reason))
        # zh./cn. subdomains: only when the home page shows no Chinese UI and links to no variant.
        if (kind == "home" and depth == 0 and self.options.try_language_subdomains and not has_language_link
                and not verdicts.get("chinese_ui")):
            for url in plan.language_subdomain_candidates(site.domain):
                if plan.seen_key(url) in site.seen or not site.budget.reserve_page():
                    continue
                out.append(self._request(site, url, vantage="intl", kind="subdomain", depth=1))
        return out

    # -- failures ------------------------------------------------------------------------------

    def _handle_failure(self, site: plan.SiteState, request: Request, exc: BaseException) -> list[Any]:
        meta = request.meta
        outcome, detail = plan.classify_exception(exc)
        if meta.get("playwright") and not meta.get("exscout_crash_retried"):
            crashed = is_crash(exc)
            if crashed or outcome == "timeout":
                # A crash: scrapy-playwright relaunches a disconnected browser on the next page,
                # and a fresh context replaces a dead one. A timeout: on a loaded box a render
                # can miss its deadline once; the page is the site's only readable version.
                vantage = meta["exscout_vantage"]
                if crashed:
                    self.pool.abandon(vantage)
                self._stat("render/crash_retry" if crashed else "render/timeout_retry")
                site.renders -= 1
                return [self._request(site, request.url, vantage=vantage, kind=meta["exscout_kind"],
                                      depth=meta.get("exscout_depth", 0), render_reason=meta.get("exscout_render_reason"),
                                      home_index=meta.get("exscout_home_index"), priority=20, retry_of_crash=True)]
        return self._failed(site, request, outcome, detail)

    def _failed(self, site: plan.SiteState, request: Request, outcome: str, detail: str) -> list[Any]:
        meta = request.meta
        vantage: str = meta["exscout_vantage"]
        kind: str = meta["exscout_kind"]
        rendered = bool(meta.get("playwright"))
        self._stat(f"failures/{outcome}")
        if kind == "subdomain":
            site.subdomain_probes[request.url] = outcome  # a guess that did not resolve is not a page
            return []
        site.pages.append(plan.PageRecord(
            url=request.url, final_url=request.url, status=None, vantage=vantage, rendered=rendered,
            render_reason=meta.get("exscout_render_reason"), redirects=[str(u) for u in meta.get("redirect_urls", [])],
            content_type="", body=b"", error=detail, detectors={}, kind=kind, outcome=outcome,
        ))
        if rendered and meta.get("exscout_render_reason") not in ("always", None):
            return []  # the static page is already recorded; the render only failed to add to it
        if kind != "home" or vantage in site.home_done:
            return []
        site.home_failures.setdefault(vantage, []).append(outcome)
        index = meta.get("exscout_home_index") or 0
        next_index = _next_home_index(site.domain, index, outcome)
        if next_index is None:
            site.home_done.add(vantage)
            return []
        request_ = self._home_request(site, vantage, next_index)
        if request_ is None:
            site.home_done.add(vantage)
            return []
        return [request_]

    # -- finishing -----------------------------------------------------------------------------

    def _maybe_finish(self, site: plan.SiteState, *, complete: bool = True) -> list[dict[str, Any]]:
        if site.outstanding > 0 and complete:
            return []
        if site.emitted:
            return []
        site.emitted = True
        self.sites.pop(site.domain, None)  # drop bodies as soon as the item is out
        item = plan.site_item(site, self.combiners, self.compare, complete=complete, bodies=self.options.bodies)
        self._stat(f"outcome/{item['outcome']}")
        self._stat("items")
        if not complete:
            self._stat("flushed_incomplete")
        return [item]

    def _on_idle(self) -> None:
        """Sites still waiting when nothing is in flight lost a request somewhere: flush them."""
        if len(self.lane):
            # An admitted render ended without a callback (a middleware dropped it).
            self._drain_lane()
            raise DontCloseSpider
        if not self.sites:
            return
        logger.warning("probe: %d site(s) still open at idle; flushing them as incomplete", len(self.sites),
                       extra={"spider": self})
        self.crawler.engine.crawl(Request("data:,flush", callback=self._flush, dont_filter=True, priority=100))
        raise DontCloseSpider

    def _flush(self, response: Response) -> Iterable[dict[str, Any]]:
        for site in list(self.sites.values()):
            yield from self._maybe_finish(site, complete=False)

    def closed(self, reason: str) -> None:
        self.crawler.stats.set_value("exscout/probe/render/contexts_recycled", self.pool.closed)
        self.crawler.stats.set_value("exscout/probe/render/contexts_forced_closed", self.pool.forced)
        self.crawler.stats.set_value("exscout/probe/render/contexts_close_failed", self.pool.close_failed)
        self.crawler.stats.set_value("exscout/probe/render/max_parked", self.lane.max_parked)
        self.crawler.stats.set_value("exscout/probe/max_open_sites", self._max_open)
        if self.render.enabled:
            from crawler import render_guard

            for key, count in render_guard.STATS.items():  # process-wide: this crawl's, in a crawl process
                self.crawler.stats.set_value(f"exscout/probe/render_guard/{key}", count)


def _absolute(link: Any, base: str) -> Any:
    url = getattr(link, "url", "") or ""
    if url and not url.startswith(("http://", "https://")):
        absolute = urljoin(base, url)
        if hasattr(link, "_replace"):
            return link._replace(url=absolute)
        if dataclasses.is_dataclass(link):
            return dataclasses.replace(link, url=absolute)
    return link


def _next_home_index(domain: str, index: int, outcome: str) -> int | None:
    """Which home candidate to try after candidate ``index`` failed with ``outcome``.

    Candidates are ``https://d/``, ``http://d/``, ``https://www.d/``, ``http://www.d/``.
    A name that does not resolve fails on every scheme, so DNS failures skip to
    the next host; a host that answered something (timeout, reset, TLS) gets
    its http:// chance but its ``www.`` sibling is not tried, since a server exists.
    """
    candidates = plan.home_candidates(domain)
    same_host_http = index % 2 == 0 and index + 1 < len(candidates)
    next_host = (index // 2 + 1) * 2
    if outcome in ("dns", "dns_timeout"):
        return next_host if next_host < len(candidates) else None
    if outcome in ("unreachable", "refused", "proxy_error"):
        if same_host_http:
            return index + 1
        return next_host if next_host < len(candidates) else None
    if outcome in ("timeout", "reset", "tls", "truncated", "error"):
        return index + 1 if same_host_http else None
    return None  # too_big, blocked_ssrf and anything else: the host answered, or must not be asked
