"""A locked-down renderer: what a hostile page may not do inside exscout's Chromium.

Rendered pages are written by the sites under investigation, so the browser is
treated as running hostile code. Everything here is opt-in helpers the probe
(``crawler/render.py``) calls; nothing patches Playwright.

- ``CONTEXT_KWARGS``: no downloads (``accept_downloads=False``), no permissions
  granted (``permissions=[]``), service workers blocked (a worker could serve
  pages from its cache and hide the network), JavaScript on (exscout renders
  precisely to run it), CSP respected.
- ``CHROMIUM_ARGS``: launch flags: a per-renderer V8 heap cap (a page that
  allocates without bound crashes its own renderer, which the probe retries
  once and then records, instead of the machine swapping), permission prompts
  denied, notifications off, and loopback *through* the proxy rather than
  Chromium's implicit direct bypass (``<-loopback>``) so a page cannot reach a
  service on the crawler's own machine.
- ``harden_page(page)``: a route that aborts every request whose scheme is not
  http/https, every non-GET navigation (a form submission), pings/beacons, and
  every request to a non-public IP literal (or, given ``check_host``, a name
  that resolves to one: ``crawler.middlewares.ssrf.AddressGuard.check``);
  popups are closed as they open, dialogs dismissed, downloads cancelled; an
  init script disables ``form.submit()``, submit events, ``window.open`` and
  blocking dialogs; default timeouts; a hang monitor that asks the page's renderer
  for a trivial evaluation every second and, when none comes back within
  ``hang_after_ms``, stops the script holding its main thread; and a watchdog
  that closes the page after ``hard_timeout_ms``, because a page whose script
  never yields blocks ``page.content()`` forever (Playwright's evaluate has no
  timeout) and with it the crawl. The hang monitor matters most when renderer
  processes are shared (``EXSCOUT_RENDER_PROCESS_LIMIT``): one looping page then
  holds every page of its process, and those must not wait for its watchdog.
- ``harden_context(context)``: the same init script and route for every page
  of a context, and popups closed at context level (pages with an opener).

Why a route on the page and not only the context: Playwright runs page routes
before context routes, and scrapy-playwright installs a page route that
continues every request; ``harden_page`` is added after it (from the probe's
page-init callback), so it runs first and falls back to scrapy-playwright's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from crawler.middlewares.ssrf import forbidden_reason, ip_literal

logger = logging.getLogger(__name__)

__all__ = [
    "CHROMIUM_ARGS",
    "CONTEXT_KWARGS",
    "INIT_SCRIPT",
    "STATS",
    "blocked_reason",
    "harden_context",
    "harden_page",
]

CONTEXT_KWARGS: dict[str, Any] = {
    "accept_downloads": False,
    "permissions": [],
    "java_script_enabled": True,
    "service_workers": "block",
    "bypass_csp": False,
}
"""Keyword arguments for ``browser.new_context`` (or scrapy-playwright's ``playwright_context_kwargs``)."""

HEAP_LIMIT_MB = 512
"""V8 old-space cap per renderer: an exchange SPA needs < 200 MB; a page past this is a trap."""

CHROMIUM_ARGS: tuple[str, ...] = (
    f"--js-flags=--max-old-space-size={HEAP_LIMIT_MB}",
    "--deny-permission-prompts",
    "--disable-notifications",
    "--proxy-bypass-list=<-loopback>",
)
"""Launch flags to add to the probe's Chromium (``crawler.render.BASE_CHROMIUM_ARGS``)."""

PAGE_TIMEOUT_MS = 20_000
"""Default per-action and navigation timeout for a hardened page."""

HARD_TIMEOUT_MS = 45_000
"""After this long a hardened page is closed whatever it is doing (hung script, endless load)."""

HANG_CHECK_S = 1.0
"""How often the hang monitor asks a page's renderer for a trivial evaluation."""

ALLOWED_SCHEMES = frozenset({"http", "https"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

INIT_SCRIPT = r"""
(() => {
  const refuse = () => { throw new DOMException('disabled by exscout (locked-down renderer)', 'NotAllowedError'); };
  try {
    window.addEventListener('submit', (e) => { e.preventDefault(); e.stopImmediatePropagation(); }, true);
    document.addEventListener('click', (e) => {
      const a = e.target && e.target.closest ? e.target.closest('a[target], area[target]') : null;
      if (a && !['', '_self', '_top', '_parent'].includes(a.target)) { e.preventDefault(); }
    }, true);
    HTMLFormElement.prototype.submit = refuse;
    HTMLFormElement.prototype.requestSubmit = refuse;
    window.open = () => null;
    window.alert = () => undefined;
    window.confirm = () => false;
    window.prompt = () => null;
    window.print = () => undefined;
    if (window.Notification) { window.Notification.requestPermission = () => Promise.resolve('denied'); }
    if (navigator.serviceWorker) {
      navigator.serviceWorker.register = () => Promise.reject(new DOMException('disabled by exscout', 'SecurityError'));
    }
  } catch (e) { /* a frame without these APIs */ }
})();
"""
"""Runs before any page script in every frame: forms, popups and modal dialogs are inert."""

STATS: Counter[str] = Counter()
"""Process-wide counts of what the guard did (``aborted/<why>``, ``popup_closed``, ``dialog_dismissed``…)."""

CheckHost = Callable[[str], Awaitable[str | None]]
"""``await check_host(host)`` → why the host is forbidden, or None."""


def blocked_reason(
    url: str, method: str = "GET", resource_type: str = "", is_navigation: bool = False
) -> str | None:
    """Why a browser request must not be sent (no DNS involved), or None.

    Usable as scrapy-playwright's ``PLAYWRIGHT_ABORT_REQUEST`` predicate body.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "malformed URL"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"scheme {scheme or '?'}"
    if is_navigation and method.upper() != "GET":
        return f"form submission ({method.upper()} navigation)"
    if resource_type in ("ping", "beacon") or (
        resource_type == "document" and method.upper() not in SAFE_METHODS
    ):
        return f"{resource_type or 'request'} {method.upper()}"
    if not host:
        return "no host"
    literal = ip_literal(host)
    if literal is None:
        if host == "localhost" or host.endswith(".localhost"):
            return "loopback (the name localhost)"
        return None
    kind = forbidden_reason(literal)
    return f"{kind} address {host}" if kind else None


def _slug(reason: str) -> str:
    head = reason.split(" (")[0].split(" address")[0]
    return "".join(ch if ch.isalnum() else "_" for ch in head.lower()).strip("_")[:40] or "other"


def _route_handler(
    check_host: CheckHost | None, abort_types: frozenset[str] = frozenset(), continue_subresources: bool = False
) -> Callable[[Any, Any], Awaitable[None]]:
    """The guard's route. ``abort_types`` (resource types) are dropped here; with
    ``continue_subresources`` an allowed sub-resource goes to the network at once instead of
    falling back to later routes (scrapy-playwright's, which would cost another round trip to
    the driver per request only to copy headers the context already sends)."""

    async def handler(route: Any, request: Any) -> None:
        try:
            is_nav = bool(request.is_navigation_request())
        except Exception:  # a request of a frame that is going away
            is_nav = False
        reason = blocked_reason(request.url, request.method, request.resource_type, is_nav)
        if reason is None and check_host is not None:
            host = urlsplit(request.url).hostname or ""
            try:
                reason = await check_host(host)
            except Exception as exc:  # resolver trouble is not a reason to let a page reach anything
                logger.debug("render_guard: host check of %s failed: %r", host, exc)
        if reason is not None:
            STATS[f"aborted/{_slug(reason)}"] += 1
            logger.info("render_guard: aborted %s %s: %s", request.method, request.url[:200], reason)
            with contextlib.suppress(Exception):
                await route.abort("blockedbyclient")
            return
        with contextlib.suppress(Exception):
            if is_nav or not continue_subresources:
                await route.fallback()
            elif request.resource_type in abort_types:
                STATS[f"skipped/{request.resource_type}"] += 1
                await route.abort("blockedbyclient")
            else:
                await route.continue_()

    return handler


_TASKS: set[asyncio.Future[Any]] = set()


def _spawn(coro: Awaitable[Any]) -> None:
    """Run a coroutine from a sync event handler, keeping a reference until it ends (else it may vanish)."""
    task = asyncio.ensure_future(coro)
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


async def _close_quietly(target: Any, what: str) -> None:
    with contextlib.suppress(Exception):
        await target.close()
        STATS[what] += 1


def _on_popup(popup: Any) -> None:
    _spawn(_close_quietly(popup, "popup_closed"))


def _on_dialog(dialog: Any) -> None:
    async def dismiss() -> None:
        with contextlib.suppress(Exception):
            await dialog.dismiss()
            STATS["dialog_dismissed"] += 1

    _spawn(dismiss())


def _on_download(download: Any) -> None:
    async def cancel() -> None:
        with contextlib.suppress(Exception):
            await download.cancel()
        STATS["download_cancelled"] += 1

    _spawn(cancel())


async def harden_page(
    page: Any,
    *,
    timeout_ms: int = PAGE_TIMEOUT_MS,
    hard_timeout_ms: int | None = HARD_TIMEOUT_MS,
    check_host: CheckHost | None = None,
    abort_types: frozenset[str] = frozenset(),
    continue_subresources: bool = False,
    hang_after_ms: int | None = None,
    on_hang: Callable[[float], None] | None = None,
) -> None:
    """Lock down one page before it navigates (call it from a page-init callback).

    ``check_host``: an async ``host -> reason | None`` (e.g. built on
    ``AddressGuard.check``) that also refuses names resolving to non-public addresses.
    ``hard_timeout_ms=None`` disables the watchdog, ``hang_after_ms=None`` the hang monitor;
    ``on_hang(seconds)`` is told each time the monitor stops a script (a note for the record).
    ``abort_types`` and ``continue_subresources``: see ``_route_handler`` (navigations
    always fall back).
    """
    page.set_default_timeout(timeout_ms)
    page.set_default_navigation_timeout(timeout_ms)
    page.on("popup", _on_popup)
    page.on("dialog", _on_dialog)
    page.on("download", _on_download)
    await page.add_init_script(INIT_SCRIPT)
    await page.route("**/*", _route_handler(check_host, abort_types, continue_subresources))
    if not hard_timeout_ms and not hang_after_ms:
        return
    session: Any = None
    with contextlib.suppress(Exception):  # attached now: a hung renderer cannot be attached to later
        session = await page.context.new_cdp_session(page)
    if hang_after_ms and session is not None:
        _spawn(_watch_for_hangs(page, session, hang_after_ms / 1000, on_hang))
    if hard_timeout_ms:
        loop = asyncio.get_running_loop()

        def expire() -> None:
            if not page.is_closed():
                STATS["watchdog_closed"] += 1
                logger.warning("render_guard: stopping %s after %d ms (hung or endless page)", page.url[:200],
                               hard_timeout_ms)  # fmt: skip
                _spawn(_kill_page(page, session))

        handle = loop.call_later(hard_timeout_ms / 1000, expire)
        page.on("close", lambda _page: handle.cancel())


async def _watch_for_hangs(page: Any, session: Any, hang_after_s: float,
                           on_hang: Callable[[float], None] | None = None) -> None:  # fmt: skip
    """Stop any script that holds the page's renderer for ``hang_after_s`` without yielding.

    Every ``HANG_CHECK_S`` two questions go out together: ``Runtime.evaluate`` of ``0``, which
    the renderer's main thread answers as soon as it is free, and ``Target.getTargetInfo``,
    which the browser process answers. The clock starts when the browser's answer arrives, so
    time the replies spend queued on the way to this (busy) event loop is not counted against
    the renderer: only a main thread that stays silent ``hang_after_s`` longer than its own
    browser is held. Then ``Runtime.terminateExecution`` (which V8 honours from another thread)
    stops what is running there. With shared renderer processes that may be another page's
    script: the terminated script is whichever holds the thread, which is the point. A
    legitimate page rarely runs one task for seconds; if one does, it loses that task and is
    read as it stands, as after the watchdog.
    """
    while True:
        await asyncio.sleep(HANG_CHECK_S)
        if page.is_closed():
            return
        answer = asyncio.ensure_future(session.send("Runtime.evaluate", {"expression": "0", "returnByValue": True}))
        try:
            await session.send("Target.getTargetInfo")
            await asyncio.wait_for(asyncio.shield(answer), hang_after_s)
        except TimeoutError:
            if page.is_closed():
                return
            STATS["hang_terminated"] += 1
            logger.warning("render_guard: %s's renderer did not answer for %.1f s; stopping its running script",
                           page.url[:200], hang_after_s)  # fmt: skip
            if on_hang is not None:
                on_hang(hang_after_s)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(session.send("Runtime.terminateExecution"), 3)
        except Exception as exc:  # no context yet (mid-navigation), or the session is gone
            # A dead browser's pages may never read as closed; their sessions say so.
            if page.is_closed() or "closed" in str(exc).lower():
                return
        finally:
            if not answer.done():
                answer.cancel()
            elif not answer.cancelled():
                answer.exception()  # retrieved: a failed evaluation (no context yet) is not an error


async def _kill_page(page: Any, session: Any) -> None:
    """Unstick a page whose script never yields, then close it if that was not enough.

    First ``Runtime.terminateExecution`` (CDP), which V8 honours from another thread: the
    endless script stops, the queued ``page.content()`` runs and the render completes with
    the DOM as it was. A page that is still open five seconds later is closed (pending
    calls then fail with TargetClosedError).
    """
    if session is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(session.send("Runtime.terminateExecution"), 3)
            STATS["watchdog_terminated"] += 1
        await asyncio.sleep(5)
    if not page.is_closed():
        with contextlib.suppress(Exception):
            await asyncio.wait_for(page.close(), 5)
            STATS["watchdog_close_done"] += 1


async def harden_context(
    context: Any, *, timeout_ms: int = PAGE_TIMEOUT_MS, check_host: CheckHost | None = None
) -> None:
    """Lock down every page of a context: init script, request route, popups closed, default timeouts.

    Pages created by the context's owner (``context.new_page()``, scrapy-playwright) have no
    opener and are kept; pages a page opened (``window.open``, ``target=_blank``) are closed.
    """
    context.set_default_timeout(timeout_ms)
    context.set_default_navigation_timeout(timeout_ms)
    await context.add_init_script(INIT_SCRIPT)
    await context.route("**/*", _route_handler(check_host))

    async def close_if_popup(page: Any) -> None:
        with contextlib.suppress(Exception):
            if await page.opener() is not None:
                await page.close()
                STATS["popup_closed"] += 1

    context.on("page", lambda page: _spawn(close_if_popup(page)))


def guard_check_host(guard: Any) -> CheckHost:
    """Adapt ``crawler.middlewares.ssrf.AddressGuard`` to ``check_host``."""

    async def check(host: str) -> str | None:
        verdict = await guard.check(host)
        if verdict.forbidden is None:
            return None
        address, kind = verdict.forbidden
        return f"{kind} address {address} ({host})"

    return check
