"""Rendering configuration for the probe: parsed once, turned into scrapy-playwright settings and meta.

Rendering is the probe's most expensive step (~6 renders/s against ~150 static
pages/s on the reference box), so it is opt-in per request
(``meta["playwright"]``) and everything about it is decided here:

- ``RenderConfig.from_settings`` reads the ``EXSCOUT_RENDER*`` / ``EXSCOUT_CHROMIUM_ARGS``
  settings once (as scrapy-playwright's own ``Config.from_settings`` does) and
  rejects nonsense early;
- ``RenderConfig.playwright_settings()`` gives the ``PLAYWRIGHT_*`` and
  ``DOWNLOAD_HANDLERS`` settings: Debian's Chromium (Playwright's own browser
  download cannot work offline), one browser, bounded pages per context;
- images, fonts and media are aborted in the render guard's route (they decide
  no verdict and are most of a page's bytes); ``abort_request`` does the same
  through scrapy-playwright for what reaches its route (navigations, or every
  request when the guard module is absent);
- ``ContextPool`` names one context per vantage (each with its ``proxy``) and
  recycles it every N pages, because long-lived contexts leak memory
  (scrapy-playwright #240, microsoft/playwright#6319);
- ``RenderCapture`` collects the JSON responses a page loads and its
  screenshot inside the download handler, so pages never need
  ``playwright_include_page`` and can never be leaked by a callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)

RENDER_MODES = ("auto", "never", "always")
SCREENSHOT_TYPES = ("jpeg", "png")

# Flags every probe Chromium gets: no sandbox (containers), no GPU, and nothing
# that phones home (component updates, sync, background networking) so that a
# loopback-only namespace sees only the traffic the probe asked for.
BASE_CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)

# Renderer processes shared across sites (EXSCOUT_RENDER_PROCESS_LIMIT > 0). Only this switch
# turns site isolation off: a second --disable-features would replace the list Playwright passes
# (HttpsUpgrades, AvoidCorsURLLoaderRestartOnRedirect...) instead of adding to it.
SHARED_RENDERER_ARGS: tuple[str, ...] = ("--disable-site-isolation-trials",)

# Resource types that never decide a verdict; aborting them saves most bytes.
ABORTED_RESOURCE_TYPES = frozenset({"image", "font", "media"})

# Browser failures after which a page is retried once on a fresh browser/context.
CRASH_MARKERS: tuple[str, ...] = (
    "Target closed",
    "TargetClosedError",
    "Target page, context or browser has been closed",
    "Browser has been closed",
    "browser has disconnected",
    "Page crashed",
    "crash",
    "Connection closed",
)

PAGE_INIT_CALLBACK = "crawler.render.init_page"

try:  # the locked-down renderer (hostile pages): used when present in this checkout
    from crawler import render_guard as _guard
except ImportError:  # pragma: no cover - render_guard is optional for the probe
    _guard = None  # type: ignore[assignment]


def proxy_url(value: str | None) -> str | None:
    """A proxy setting as a URL ("127.0.0.1:8080" as people type it → "http://127.0.0.1:8080"), None if unset."""
    value = (value or "").strip()
    if not value:
        return None
    return value if "://" in value else "http://" + value


def abort_request(request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST`` predicate: drop images, fonts and media."""
    return request.resource_type in ABORTED_RESOURCE_TYPES


def reason_slug(reason: str) -> str:
    """Short stats-safe key for a render reason: "app shell: 0 chars of …" → "app_shell"."""
    head = (reason or "unknown").split(":", 1)[0].strip().lower()
    slug = "".join(ch if ch.isalnum() else "_" for ch in head).strip("_")
    while "__" in slug:
        slug = slug.replace("__", "_")
    return slug[:40] or "unknown"


def _browser_host_check(settings: BaseSettings) -> Any:
    """One SSRF guard per crawl for the browser's own requests; None when the guard is off."""
    if _guard is None or not settings.getbool("EXSCOUT_SSRF_GUARD", True):
        return None
    from crawler.middlewares.ssrf import guard_from_settings

    return _guard.guard_check_host(guard_from_settings(settings))


def is_crash(exc: BaseException) -> bool:
    """True when a render failed because the page or browser died, not because the site did."""
    text = f"{type(exc).__name__}: {exc}"
    return any(marker.lower() in text.lower() for marker in CRASH_MARKERS)


@dataclass(frozen=True, slots=True)
class RenderConfig:
    """How (and whether) the probe renders; one instance per crawl."""

    mode: str = "auto"
    executable_path: str = "/usr/bin/chromium"
    chromium_args: tuple[str, ...] = BASE_CHROMIUM_ARGS
    spki_sha256: str = ""
    intl_proxy: str | None = None
    cn_proxy: str | None = None
    max_pages_per_context: int = 4
    recycle_after: int = 150
    max_contexts: int = 8
    max_per_site: int = 6
    navigation_timeout_ms: int = 20_000
    settle_ms: int = 3_000
    screenshots: bool = True
    screenshots_all: bool = False
    screenshot_type: str = "jpeg"
    screenshot_quality: int = 80
    user_agent: str = ""
    json_max_count: int = 20
    json_max_bytes: int = 512 * 1024
    locale: str = "zh-CN"
    threaded_loop: bool = False
    hang_after_ms: int = 8_000
    # Async host check for every sub-request of a rendered page (the SSRF guard's answer),
    # so the browser cannot be steered to a name that resolves to a private address either.
    check_host: Any = field(default=None, compare=False)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RenderConfig:
        mode = (settings.get("EXSCOUT_RENDER") or "auto").strip().lower()
        if mode not in RENDER_MODES:
            raise NotConfigured(f"EXSCOUT_RENDER must be one of {RENDER_MODES}, not {mode!r}")
        extra = settings.get("EXSCOUT_CHROMIUM_ARGS") or ()
        if isinstance(extra, str):
            # "-s EXSCOUT_CHROMIUM_ARGS=..." on a command line: a JSON list, or flags split before
            # each "--" (a flag's value may hold spaces: --host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE x).
            extra = json.loads(extra) if extra.lstrip().startswith("[") else re.split(r"\s+(?=--)", extra.strip())
        args = list(BASE_CHROMIUM_ARGS)
        if _guard is not None:
            args += [a for a in _guard.CHROMIUM_ARGS if a not in args]
        args += [a for a in extra if a not in args]
        process_limit = settings.getint("EXSCOUT_RENDER_PROCESS_LIMIT", 0)
        if process_limit < 0:
            raise NotConfigured(f"EXSCOUT_RENDER_PROCESS_LIMIT must be >= 0, not {process_limit}")
        if process_limit and not any(a.startswith("--renderer-process-limit") for a in args):
            args += [a for a in SHARED_RENDERER_ARGS if a not in args]
            args.append(f"--renderer-process-limit={process_limit}")
        spki = settings.get("EXSCOUT_CHROMIUM_SPKI") or ""
        if spki and not any(a.startswith("--ignore-certificate-errors-spki-list") for a in args):
            args.append(f"--ignore-certificate-errors-spki-list={spki}")
        max_pages = settings.getint("EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT", 4)
        recycle = settings.getint("EXSCOUT_RENDER_RECYCLE_AFTER", 150)
        if max_pages < 1 or recycle < 1:
            raise NotConfigured("EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT and EXSCOUT_RENDER_RECYCLE_AFTER must be >= 1")
        timeout_s = settings.getfloat("DOWNLOAD_TIMEOUT", 20.0)
        navigation_timeout_ms = int(min(timeout_s, 60.0) * 1000)
        hang_ms = settings.getint("EXSCOUT_RENDER_HANG_MS", 8000)
        if hang_ms < 0:
            raise NotConfigured(f"EXSCOUT_RENDER_HANG_MS must be >= 0, not {hang_ms}")
        if hang_ms:
            # Pages stuck behind a hung renderer are freed before their own navigation times out.
            hang_ms = max(1_000, min(hang_ms, int(navigation_timeout_ms * 0.4)))
        shot_type = (settings.get("EXSCOUT_SCREENSHOT_TYPE") or "jpeg").strip().lower()
        if shot_type not in SCREENSHOT_TYPES:
            raise NotConfigured(f"EXSCOUT_SCREENSHOT_TYPE must be one of {SCREENSHOT_TYPES}, not {shot_type!r}")
        quality = settings.getint("EXSCOUT_SCREENSHOT_QUALITY", 80)
        if not 1 <= quality <= 100:
            raise NotConfigured(f"EXSCOUT_SCREENSHOT_QUALITY must be 1-100, not {quality}")
        return cls(
            mode=mode,
            executable_path=settings.get("EXSCOUT_CHROMIUM_PATH") or "/usr/bin/chromium",
            chromium_args=tuple(args),
            spki_sha256=spki,
            intl_proxy=proxy_url(settings.get("EXSCOUT_PROXY")),
            cn_proxy=proxy_url(settings.get("EXSCOUT_CN_PROXY")),
            max_pages_per_context=max_pages,
            recycle_after=max(recycle, max_pages),
            max_contexts=settings.getint("EXSCOUT_RENDER_MAX_CONTEXTS", 8),
            max_per_site=settings.getint("EXSCOUT_RENDER_MAX_PER_SITE", 6),
            navigation_timeout_ms=navigation_timeout_ms,
            hang_after_ms=hang_ms,
            settle_ms=settings.getint("EXSCOUT_RENDER_SETTLE_MS", 3000),
            screenshots=settings.getbool("EXSCOUT_SCREENSHOTS", True),
            screenshots_all=settings.getbool("EXSCOUT_SCREENSHOTS_ALL", False),
            screenshot_type=shot_type,
            screenshot_quality=quality,
            user_agent=settings.get("USER_AGENT") or "",
            json_max_count=settings.getint("EXSCOUT_RENDER_JSON_MAX_COUNT", 20),
            json_max_bytes=settings.getint("EXSCOUT_RENDER_JSON_MAX_BYTES", 512 * 1024),
            check_host=_browser_host_check(settings),
            threaded_loop=settings.getbool("EXSCOUT_RENDER_THREADED_LOOP", False),
        )

    @property
    def enabled(self) -> bool:
        return self.mode != "never"

    def render_deadline_s(self) -> float:
        """The longest one render request may take, retries by scrapy-playwright included.

        Three rounds of the page watchdog (2 x navigation timeout + 5 s, then up to 10 s to stop
        the script and close the page: one for a wait behind a retiring context, whose grace is
        two rounds, one for the render) and 30 s to spare; 195 s at the default 20 s timeout.
        A render past this is waiting on a call that will never return, and failing it lets
        the crawl finish.
        """
        watchdog_s = 2 * self.navigation_timeout_ms / 1000 + 5 + 10
        return 3 * watchdog_s + 30

    def screenshot_options(self) -> dict[str, Any]:
        """``page.screenshot`` keyword arguments for the configured format."""
        if self.screenshot_type == "jpeg":
            return {"type": "jpeg", "quality": self.screenshot_quality}
        return {"type": "png"}

    def launch_options(self) -> dict[str, Any]:
        """One headless Debian Chromium; a launch-level proxy so no request can bypass a vantage."""
        options: dict[str, Any] = {
            "executable_path": self.executable_path,
            "headless": True,
            "args": list(self.chromium_args),
        }
        if self.intl_proxy:
            options["proxy"] = {"server": self.intl_proxy}
        return options

    def context_kwargs(self, vantage: str) -> dict[str, Any]:
        """Context options for a vantage: its proxy, a zh-CN locale (Accept-Language and navigator.language)."""
        kwargs: dict[str, Any] = dict(_guard.CONTEXT_KWARGS) if _guard is not None else {}
        kwargs.update({
            "locale": self.locale,
            "ignore_https_errors": True,  # the static fetch does not verify either; content is what we judge
            "viewport": {"width": 1280, "height": 800},
            "service_workers": "block",  # a worker could serve pages from cache, hiding the network
            "java_script_enabled": True,
        })
        if self.user_agent:
            # Every request of the page (not only the navigation, which gets Scrapy's headers)
            # carries the probe's user agent, not "HeadlessChrome".
            kwargs["user_agent"] = self.user_agent
        proxy = self.cn_proxy if vantage == "cn" else self.intl_proxy
        if proxy:
            kwargs["proxy"] = {"server": proxy}
        return kwargs

    def playwright_settings(self) -> dict[str, Any]:
        """Settings that install and bound scrapy-playwright; empty when rendering is off."""
        if not self.enabled:
            return {}
        return {
            "DOWNLOAD_HANDLERS": {
                "http": "crawler.render.SharedPlaywrightDownloadHandler",
                "https": "crawler.render.SharedPlaywrightDownloadHandler",
            },
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": self.launch_options(),
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": self.max_pages_per_context,
            "PLAYWRIGHT_MAX_CONTEXTS": self.max_contexts,
            "PLAYWRIGHT_ABORT_REQUEST": abort_request,
            "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": self.navigation_timeout_ms,
            "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
            # Our own request headers (Accept-Language first) reach the navigation request.
            "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": "scrapy_playwright.headers.use_scrapy_headers",
            # Playwright on its own thread's event loop, so a busy reactor (static pages being
            # parsed) does not delay each of a render's many driver round trips (F17).
            "_PLAYWRIGHT_THREADED_LOOP": self.threaded_loop,
        }


class RenderDeadlineExceeded(TimeoutError):
    """A render request outlived ``RenderConfig.render_deadline_s`` (classified as a timeout)."""


class SharedPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, one instance for both http and https: one driver, one browser.

    Scrapy builds a handler per scheme, so listing scrapy-playwright's handler
    for http and https starts two Playwright drivers and, on the first http://
    render, a second Chromium (twice the memory on a 2-core box). ``close`` is
    made idempotent because Scrapy closes each scheme's handler.
    """

    _exscout_closed = False
    _exscout_deadline_s: float | None = None  # RenderConfig.render_deadline_s; None: no deadline

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedPlaywrightDownloadHandler:
        shared = getattr(crawler, "_exscout_playwright_handler", None)
        if shared is None:
            shared = cls(crawler)
            with contextlib.suppress(NotConfigured):  # the spider reports bad render settings itself
                shared._exscout_deadline_s = RenderConfig.from_settings(crawler.settings).render_deadline_s()
            crawler._exscout_playwright_handler = shared
        return shared

    async def _download_request(self, request: Any, spider: Any = None) -> Any:
        """scrapy-playwright's render, failed with RenderDeadlineExceeded past the render deadline.

        The page watchdog and the hang monitor bound what a page can do; this bounds the rest,
        a Playwright call that never returns (the browser died under it, say), which would
        otherwise hold its downloader slot, and the crawl, for ever.
        """
        deadline = self._exscout_deadline_s
        if not deadline:
            return await super()._download_request(request, spider)
        timer = asyncio.timeout(deadline)
        try:
            async with timer:
                return await super()._download_request(request, spider)
        except TimeoutError as exc:
            if not timer.expired():
                raise  # a timeout of the render itself, not ours
            logger.warning("render: %s did not finish within %.0f s (a browser call never returned); failing it",
                           request.url, deadline)  # fmt: skip
            self.stats.inc_value("exscout/render/deadline_exceeded")
            raise RenderDeadlineExceeded(f"render did not finish within {deadline:.0f} s") from exc

    async def close(self) -> None:  # type: ignore[override]
        if self._exscout_closed:
            return
        self._exscout_closed = True
        await super().close()

    async def _create_page(self, request: Any, spider: Any) -> Any:
        """scrapy-playwright's page creation, failed with TargetClosedError if the browser dies meanwhile.

        ``BrowserContext.new_page`` sent to a browser that is killed before the page is
        initialised never settles (Playwright 1.5x; seen as a crawl that never ends, with every
        site done and one render stuck). TargetClosedError is what scrapy-playwright retries on,
        after relaunching the browser.
        """
        await self._maybe_launch_browser()
        browser = self.browser
        return await unless_browser_dies(browser, super()._create_page(request=request, spider=spider),
                                         f"creating a page for {request.url}")  # fmt: skip


# After its browser disconnects, how long a page creation may still take: the call may have gone
# to the relaunched browser (it waited for the launch lock), and then it completes normally.
DEAD_BROWSER_GRACE_S = 5.0


async def unless_browser_dies(browser: Any, coro: Any, what: str, grace_s: float = DEAD_BROWSER_GRACE_S) -> Any:
    """Await ``coro``, a call on ``browser``; TargetClosedError if the browser disconnects first.

    Once the browser is gone, the call has ``grace_s`` to finish (it may have reached the
    browser's successor), then it is cancelled.
    """
    from playwright._impl._errors import TargetClosedError

    task = asyncio.ensure_future(coro)
    dead = asyncio.get_running_loop().create_future()

    def on_disconnected(*_: Any) -> None:
        if not dead.done():
            dead.set_result(None)

    browser.on("disconnected", on_disconnected)
    if not browser.is_connected():
        on_disconnected()
    try:
        await asyncio.wait({task, dead}, return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            await asyncio.wait({task}, timeout=grace_s)
        if task.done():
            return task.result()
        logger.warning("render: the browser died while %s and the call did not return; retrying it", what)
        raise TargetClosedError(f"browser disconnected while {what}")
    finally:
        if not task.done():
            task.cancel()
        browser.remove_listener("disconnected", on_disconnected)


@dataclass(slots=True)
class RenderCapture:
    """What a rendered page produced besides its HTML: JSON responses and a screenshot."""

    json_max_count: int
    json_max_bytes: int
    settle_ms: int
    screenshot_wanted: bool
    screenshot_all: bool = False
    timeout_ms: int = 20_000
    check_host: Any = None
    hang_after_ms: int = 0
    screenshot_options: dict[str, Any] = field(default_factory=lambda: RenderConfig().screenshot_options())
    payloads: list[tuple[str, Any]] = field(default_factory=list)
    tasks: list[asyncio.Future[Any]] = field(default_factory=list)
    screenshot: bytes | None = None
    notes: list[str] = field(default_factory=list)
    context: Any = None  # the BrowserContext the page ran in, for recycling
    in_flight: int = 0  # sub-requests started and not yet finished or failed
    hosts: set[str] = field(default_factory=set)  # every host the page requested (assets, APIs)
    last_activity: float = 0.0  # loop time of the last sub-request start/end

    @classmethod
    def for_config(cls, config: RenderConfig) -> RenderCapture:
        return cls(config.json_max_count, config.json_max_bytes, config.settle_ms, config.screenshots,
                   config.screenshots_all, config.navigation_timeout_ms, config.check_host, config.hang_after_ms,
                   config.screenshot_options())  # fmt: skip

    async def _read(self, response: Any) -> None:
        try:
            body = await response.body()
        except Exception as exc:  # the page may navigate away mid-read
            self.notes.append(f"json body of {response.url} unreadable: {type(exc).__name__}")
            return
        if len(body) > self.json_max_bytes or len(self.payloads) >= self.json_max_count:
            self.notes.append(f"json {response.url} skipped ({len(body)} bytes)")
            return
        try:
            self.payloads.append((response.url, json.loads(body)))
        except ValueError:
            self.notes.append(f"json {response.url} did not parse")

    def on_request(self, request: Any) -> None:
        self.in_flight += 1
        if len(self.hosts) < 200:
            with contextlib.suppress(ValueError):
                self.hosts.add((urlsplit(request.url).hostname or "").lower())
        self.last_activity = asyncio.get_running_loop().time()

    def on_request_done(self, _request: Any) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.last_activity = asyncio.get_running_loop().time()

    def on_hang(self, seconds: float) -> None:
        # With shared renderer processes the stopped script may be another page's (render_guard).
        self.notes.append(f"renderer held for {seconds:.1f} s without answering: its running script was stopped")

    def on_response(self, response: Any) -> None:
        content_type = (response.headers.get("content-type") or "").lower()
        if "json" not in content_type or len(self.tasks) >= self.json_max_count:
            return
        self.tasks.append(asyncio.ensure_future(self._read(response)))


async def init_page(page: Any, request: Any) -> None:
    """``playwright_page_init_callback``: start listening for JSON responses before navigation."""
    capture: RenderCapture | None = request.meta.get("exscout_capture")
    if capture is None:
        return
    capture.context = page.context
    capture.last_activity = asyncio.get_running_loop().time()
    if _guard is not None:
        # Hostile pages: no popups, dialogs, downloads, form posts or private addresses; a script
        # that holds the renderer is stopped, and a watchdog closes a page that is still stuck
        # (the probe then retries it once).
        # Sub-resources end in the guard's route: images, fonts and media aborted there, the rest
        # sent on with the context's own headers (user agent and locale), so only navigations
        # cross into scrapy-playwright's per-request Python (docs/performance.md, F6).
        await _guard.harden_page(page, timeout_ms=capture.timeout_ms, hard_timeout_ms=capture.timeout_ms * 2 + 5_000,
                                 check_host=capture.check_host, abort_types=ABORTED_RESOURCE_TYPES,
                                 continue_subresources=True, hang_after_ms=capture.hang_after_ms or None,
                                 on_hang=capture.on_hang)

    # Plain functions, not bound methods: Playwright tags handlers with attributes.
    def on_request(request: Any) -> None:
        capture.on_request(request)

    def on_request_done(request: Any) -> None:
        capture.on_request_done(request)

    def on_response(response: Any) -> None:
        capture.on_response(response)

    page.on("request", on_request)
    page.on("requestfinished", on_request_done)
    page.on("requestfailed", on_request_done)
    page.on("response", on_response)


# Quiet time that counts as "the app has loaded its data": Playwright's networkidle
# waits 500 ms, which is a third of a render on this box; XHRs an app fires after
# load start within a few tens of milliseconds.
QUIET_MS = 250
# A page counts as drawn when it has no framework mount point, or the mount point has children,
# or the body already shows some text; otherwise the read waits up to APP_DRAWN_WAIT_MS more.
APP_DRAWN_JS = """() => {
  const m = document.querySelector('#app, #root, #__next, #__nuxt, [data-reactroot], app-root');
  const text = document.body ? document.body.innerText.trim().length : 0;
  return !m || m.childElementCount > 0 || text > 200;
}"""
APP_DRAWN_WAIT_MS = 5_000
# Screenshots are kept only for candidates, and a candidate shows a Chinese UI: a rendered page
# with no Han character in its first 20,000 characters of text is not photographed (encoding an
# image is up to a sixth of a render's CPU). EXSCOUT_SCREENSHOTS_ALL photographs every page.
SHOWS_HAN_JS = r"""() => /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(
  ((document.body && document.body.innerText) || '').slice(0, 20000) + ' ' + (document.title || ''))"""


async def finish_page(page: Any, capture: RenderCapture) -> None:
    """A ``PageMethod`` run after load: let XHRs settle, collect JSON, take the screenshot.

    Settling is our own bounded wait for ``QUIET_MS`` with no sub-request in
    flight (aborted images count as finished), capped at ``settle_ms``: an app
    that polls forever still gets read and photographed.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + capture.settle_ms / 1000
    while loop.time() < deadline:
        if capture.in_flight == 0 and loop.time() - capture.last_activity >= QUIET_MS / 1000:
            break
        await asyncio.sleep(0.05)
    else:
        capture.notes.append("network did not settle")
    try:
        # Under load an app's data can outlast the quiet window; reading an empty mount point
        # would turn a JS-only site into "no evidence" (docs/performance.md, F9).
        await page.wait_for_function(APP_DRAWN_JS, timeout=APP_DRAWN_WAIT_MS)
    except Exception:
        capture.notes.append("app mount point still empty after waiting")
    if capture.tasks:
        _done, pending = await asyncio.wait(capture.tasks, timeout=2.0)
        for task in pending:
            task.cancel()
    if capture.screenshot_wanted and not capture.screenshot_all:
        try:
            capture.screenshot_wanted = bool(await page.evaluate(SHOWS_HAN_JS))
        except Exception as exc:  # the page went away: the screenshot below would fail the same way
            capture.notes.append(f"script check failed: {type(exc).__name__}")
        if not capture.screenshot_wanted:
            capture.notes.append("no screenshot: no Han text on the page")
    if capture.screenshot_wanted:
        try:
            capture.screenshot = await page.screenshot(**capture.screenshot_options, full_page=False, timeout=5_000)
        except Exception as exc:
            capture.notes.append(f"screenshot failed: {type(exc).__name__}")


@dataclass(slots=True)
class _Generation:
    name: str
    started: int = 0
    in_flight: int = 0
    retired: bool = False
    context: Any = None


class ContextPool:
    """Names Playwright contexts per vantage and recycles each after ``recycle_after`` pages.

    A context is retired once it has been given ``recycle_after`` pages (or its
    browser crashed); new pages go to the vantage's next generation and the
    retired context is closed as soon as it has no page in flight, at once if
    it is idle already. Pages are closed by scrapy-playwright before their
    response reaches us, so the context is always closed after its pages.
    ``find(name)`` looks a context up in scrapy-playwright's own table when none
    of its pages reached our init callback, so that no retired context is left
    open holding a ``PLAYWRIGHT_MAX_CONTEXTS`` slot.
    """

    def __init__(self, config: RenderConfig, find: Callable[[str], Any] | None = None,
                 grace_s: float | None = None) -> None:  # fmt: skip
        self.config = config
        self.find = find
        # A retired context still holding pages after this long is closed anyway (its pages fail
        # and are retried once): a page whose end we never hear of must not keep a
        # PLAYWRIGHT_MAX_CONTEXTS slot forever, or the next context waits for it forever.
        self.grace_s = grace_s if grace_s is not None else 2 * (2 * config.navigation_timeout_ms / 1000 + 5)
        self.forced = 0
        self.close_failed = 0  # closes that raised (a dead browser's contexts, or the wrong loop)
        self._current: dict[str, _Generation] = {}
        self._by_name: dict[str, _Generation] = {}
        self._serial = 0
        self._closing: set[Any] = set()  # close tasks (or cross-thread futures) still running
        self.closed = 0

    def _new(self, vantage: str) -> _Generation:
        self._serial += 1
        gen = _Generation(name=f"exscout-{vantage}-{self._serial}")
        self._current[vantage] = gen
        self._by_name[gen.name] = gen
        return gen

    def acquire(self, vantage: str) -> tuple[str, dict[str, Any]]:
        """Context name and kwargs for the next render at this vantage."""
        gen = self._current.get(vantage) or self._new(vantage)
        if gen.started >= self.config.recycle_after:
            self._retire(gen)
            gen = self._new(vantage)
        gen.started += 1
        gen.in_flight += 1
        return gen.name, self.config.context_kwargs(vantage)

    def abandon(self, vantage: str) -> None:
        """Retire the vantage's current context (after a crash): its successor starts clean."""
        gen = self._current.get(vantage)
        if gen is not None:
            self._retire(gen)
            self._new(vantage)

    def release(self, name: str, context: Any = None) -> None:
        """A page of context ``name`` finished; close the context if it is retired and now idle."""
        gen = self._by_name.get(name)
        if gen is None:
            return
        if context is not None:
            gen.context = context
        gen.in_flight = max(0, gen.in_flight - 1)
        if gen.retired and gen.in_flight == 0:
            self._close(gen)

    def _retire(self, gen: _Generation) -> None:
        gen.retired = True
        if gen.in_flight == 0:
            self._close(gen)
            return
        with contextlib.suppress(RuntimeError):  # no event loop (unit tests of the bookkeeping)
            asyncio.get_running_loop().call_later(self.grace_s, self._force_close, gen)

    def _force_close(self, gen: _Generation) -> None:
        if gen.name in self._by_name:
            logger.warning("render: context %s still had %d page(s) %.0f s after retiring; closing it",
                           gen.name, gen.in_flight, self.grace_s)  # fmt: skip
            self.forced += 1
            self._close(gen)

    def _close(self, gen: _Generation) -> None:
        self._by_name.pop(gen.name, None)
        target = gen.context if gen.context is not None else (self.find(gen.name) if self.find else None)
        if target is None:
            return
        self.closed += 1
        try:
            task = _run_on_owner_loop(_close_quietly(target), target)
        except RuntimeError:  # no event loop (unit tests of the bookkeeping)
            return
        self._closing.add(task)  # keep a reference until done, or the task may vanish
        task.add_done_callback(self._closed_one)

    def _closed_one(self, task: Any) -> None:
        self._closing.discard(task)
        if not task.cancelled() and task.result() is False:
            self.close_failed += 1


def _run_on_owner_loop(coro: Any, owner: Any) -> Any:
    """Run ``coro`` on the event loop that ``owner`` (a Playwright object) belongs to.

    With ``EXSCOUT_RENDER_THREADED_LOOP`` Playwright lives on its own thread's loop while the
    spider runs on the reactor's; a Playwright call awaited from the wrong loop fails.
    Returns an asyncio task, or a ``concurrent.futures.Future`` for another thread's loop.
    """
    loop = getattr(owner, "_loop", None)
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if isinstance(loop, asyncio.AbstractEventLoop) and loop is not running and loop.is_running():
        return asyncio.run_coroutine_threadsafe(coro, loop)
    try:
        return asyncio.ensure_future(coro)
    except RuntimeError:
        coro.close()  # never awaited: no "coroutine was never awaited" warning
        raise


async def _close_quietly(context: Any) -> bool:
    """Close a context; False when it failed (already closed by a browser disconnect, say)."""
    try:
        await context.close()
    except Exception as exc:
        logger.debug("closing retired context failed: %s", exc)
        return False
    return True


def context_kwargs_map(config: RenderConfig) -> Mapping[str, dict[str, Any]]:
    """Kwargs per vantage, for logging and tests."""
    return {v: config.context_kwargs(v) for v in ("intl", "cn")}
