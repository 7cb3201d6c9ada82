"""A locked-down renderer, and a crawl that survives a browser that hangs or crashes mid-page.

- ``harden_context``/``harden_page`` against tests/corpora/faults' hostile-render.io, a page
  that opens popups, raises dialogs, starts a download, fetches file://, loopback, the cloud
  metadata address and a name on a private address, registers a service worker, asks for
  permissions and posts a form: simweb's access log and the page's own record of what
  succeeded show none of it got through;
- the memory bound: jsmem-fault.io allocates without end; the renderer's heap cap crashes that
  page alone and the browser carries on;
- the watchdog: jsloop-fault.io's script never yields after ``load``, so ``page.content()``
  would block forever; the watchdog terminates the script (CDP) and the page is read;
- the hang monitor: a looping script in a renderer shared with other pages (a cross-site
  iframe, as with shared renderer processes) is stopped within ``hang_after_ms``, freeing them;
- the real probe with rendering on over hung pages (jshang: loops before load; jsloop: after
  load), with renderer processes shared or not, finishes and records every site, the hung
  renders as they stood when their scripts were stopped;
- a Chromium killed with SIGKILL mid-crawl is relaunched and the crawl completes, even when it
  dies while pages are being created (a ``new_page`` it strands would otherwise never return).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from typing import Any

import pytest

from crawler import render_guard
from crawler.middlewares.ssrf import AddressGuard
from tests.reliability.conftest import FAULTS, probe_child

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def faults_web(simweb_serve: Any) -> tuple[Any, list[str]]:
    """simweb over the fault corpus with an access log (a fresh server: the log must be ours alone)."""
    from simweb.server import SimWeb

    log: list[str] = []
    web = SimWeb(FAULTS, dns_timeout_s=0.5, access_log=log.append)
    web.start()
    yield web.endpoints, log
    web.stop()


async def _hostile(ep: Any) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from simweb.testing import chromium_args

    before = dict(render_guard.STATS)
    guard = AddressGuard([(ep.intl.dns_host, ep.intl.dns_port)], timeout=1.0)
    check = render_guard.guard_check_host(guard)
    downloads: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                           args=[*chromium_args(ep), *render_guard.CHROMIUM_ARGS],
                                           proxy={"server": ep.intl.proxy_url})  # fmt: skip
        try:
            context = await browser.new_context(**render_guard.CONTEXT_KWARGS, ignore_https_errors=True)
            await render_guard.harden_context(context, check_host=check)
            page = await context.new_page()
            await render_guard.harden_page(page, check_host=check, hard_timeout_ms=None)
            page.on("download", lambda d: downloads.append(d.url))
            await page.goto("https://hostile-render.io/", wait_until="load")
            await page.wait_for_timeout(1500)  # the page's timers: form posts, popup link
            record = await page.evaluate("window.__hostile")
            url = page.url
            pages = len(context.pages)

            hung = await context.new_page()
            await render_guard.harden_page(hung, hard_timeout_ms=2500)
            await hung.goto("https://jsloop-fault.io/", wait_until="load")
            await asyncio.sleep(0.5)  # its endless loop starts 50 ms after load
            started = time.monotonic()
            try:
                html = await hung.content()
                hung_result = "read" if "LoopApp" in html else "content returned without the DOM"
            except Exception as exc:
                hung_result = type(exc).__name__
            hung_seconds = time.monotonic() - started

            greedy_context = await browser.new_context(
                **render_guard.CONTEXT_KWARGS, ignore_https_errors=True
            )
            greedy = await greedy_context.new_page()
            await render_guard.harden_page(greedy, hard_timeout_ms=None)
            crashed = asyncio.Event()
            greedy.on("crash", lambda _page: crashed.set())
            started = time.monotonic()
            await greedy.goto("https://jsmem-fault.io/", wait_until="load")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(crashed.wait(), 30)
            mem_seconds = time.monotonic() - started
            after = await context.new_page()
            await after.goto("https://calm-exchange.com/", wait_until="load")
            browser_still_works = "CalmEx" in await after.content()
        finally:
            await browser.close()
    stats = {k: v - before.get(k, 0) for k, v in render_guard.STATS.items()}
    return {"record": record, "url": url, "pages": pages, "downloads": downloads, "stats": stats,
            "hung_result": hung_result, "hung_seconds": hung_seconds, "mem_crashed": crashed.is_set(),
            "mem_seconds": mem_seconds, "browser_still_works": browser_still_works}  # fmt: skip


@pytest.fixture(scope="module")
def hostile(faults_web: tuple[Any, list[str]]) -> dict[str, Any]:
    ep, log = faults_web
    result = asyncio.run(_hostile(ep))
    result["access"] = list(log)
    return result


def test_popups_dialogs_downloads_and_forms_are_inert(hostile: dict[str, Any]) -> None:
    record = hostile["record"]
    assert record["popup"] == "blocked"  # window.open
    assert hostile["pages"] == 1, "a target=_blank link still opened a page"
    assert record["dialogs"] == ["alert returned", "confirm=false"]
    assert record["form"].startswith("error NotAllowedError")
    assert hostile["url"] == "https://hostile-render.io/", "a form submission navigated the page"
    assert not any("/steal" in line for line in hostile["access"]), "a form was posted"
    assert record["sw"] in ("refused", "unavailable")
    assert record["perms"] in ("denied", "prompt")
    for url in hostile["downloads"]:  # Chromium may start one; it is cancelled, never saved
        assert url.endswith("/file.bin")
    assert all(
        not line.startswith("[intl] POST") for line in hostile["access"] if "hostile-render.io" in line
    )


def test_renderer_reaches_no_local_or_private_address(hostile: dict[str, Any]) -> None:
    fetches = hostile["record"]["fetches"]
    for name in ("file", "loopback", "metadata", "private_name", "private_mirror"):
        assert fetches[name] == "failed", (name, fetches)
    assert fetches["same_site"] == "status 200", "the guard must not break the page's own requests"
    forbidden = ("127.0.0.1:9", "169.254.169.254", "intranet.ssrf-target.com", " ssrf-target.com")
    assert not [line for line in hostile["access"] if any(f in line for f in forbidden)]
    stats = hostile["stats"]
    assert stats.get("aborted/loopback", 0) >= 1 and stats.get("aborted/private", 0) >= 2, stats


def test_watchdog_stops_a_script_that_never_yields(hostile: dict[str, Any]) -> None:
    """Without the watchdog ``page.content()`` never returns; with it, the page is read in seconds."""
    assert hostile["hung_result"] == "read", hostile["hung_result"]
    assert 1.5 < hostile["hung_seconds"] < 10
    assert hostile["stats"].get("watchdog_terminated", 0) >= 1


async def _shared_hang(ep: Any, hang_after_ms: int | None) -> dict[str, Any]:
    """A healthy page that shares its renderer with a looping one, and a page that loops before
    ``load``, each under the hang monitor and no watchdog.

    Sharing is made certain rather than left to Chromium's process allocation: with site
    isolation off (as ``EXSCOUT_RENDER_PROCESS_LIMIT`` turns it off) a cross-site iframe runs in
    its parent's renderer, so jsloop-fault.io in an iframe of calm-exchange.com holds the main
    thread calm-exchange's own page needs.
    """
    from playwright.async_api import async_playwright

    from simweb.testing import chromium_args

    before = dict(render_guard.STATS)
    held: list[float] = []
    out: dict[str, Any] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                           args=[*chromium_args(ep), *render_guard.CHROMIUM_ARGS,
                                                 "--disable-site-isolation-trials"],
                                           proxy={"server": ep.intl.proxy_url})  # fmt: skip
        try:
            context = await browser.new_context(**render_guard.CONTEXT_KWARGS, ignore_https_errors=True)

            async def hardened() -> Any:
                page = await context.new_page()
                await render_guard.harden_page(page, hard_timeout_ms=None, hang_after_ms=hang_after_ms,
                                               on_hang=held.append)  # fmt: skip
                return page

            healthy = await hardened()
            await healthy.goto("https://calm-exchange.com/", wait_until="load")
            await healthy.evaluate("""() => { const f = document.createElement('iframe');
                f.src = 'https://jsloop-fault.io/'; document.body.appendChild(f); }""")
            await asyncio.sleep(1.0)  # the frame loads; its endless loop starts 50 ms after
            started = time.monotonic()
            try:
                out["healthy"] = "CalmEx" in await asyncio.wait_for(healthy.content(), 8)
            except Exception as exc:
                out["healthy"] = type(exc).__name__
            out["healthy_seconds"] = time.monotonic() - started

            hanging = await hardened()
            started = time.monotonic()
            try:
                await hanging.goto("https://jshang-fault.io/", wait_until="load", timeout=8_000)
                out["loops_before_load"] = await asyncio.wait_for(hanging.title(), 8)
            except Exception as exc:
                out["loops_before_load"] = type(exc).__name__
            out["loops_before_load_seconds"] = time.monotonic() - started
        finally:
            await browser.close()
    out["held"] = held
    out["stats"] = {k: v - before.get(k, 0) for k, v in render_guard.STATS.items()}
    return out


def test_hang_monitor_frees_a_page_held_by_a_script_it_shares_a_renderer_with(
    faults_web: tuple[Any, list[str]],
) -> None:
    """A looping script in a shared renderer holds every page of that process; the hang monitor
    stops it within ``hang_after_ms`` so that they are read, and a page whose script loops before
    ``load`` loads, read as it stood (without the monitor both wait for the watchdog)."""
    ep, _log = faults_web
    result = asyncio.run(_shared_hang(ep, hang_after_ms=1500))
    assert result["healthy"] is True, result
    assert 0.5 < result["healthy_seconds"] < 6, result  # held first, then freed
    assert result["loops_before_load"] == "HangApp 交易", result
    assert len(result["held"]) >= 2 and set(result["held"]) == {1.5}, result
    assert result["stats"].get("hang_terminated", 0) == len(result["held"]), result


def test_a_page_that_eats_memory_crashes_alone(hostile: dict[str, Any]) -> None:
    """The V8 heap cap (CHROMIUM_ARGS) ends a page that allocates without bound; the browser carries on."""
    assert hostile["mem_crashed"], "the greedy page was not stopped within 30 s"
    assert hostile["mem_seconds"] < 30
    assert hostile["browser_still_works"]


def test_blocked_reason_without_dns() -> None:
    reason = render_guard.blocked_reason
    assert reason("file:///etc/passwd") == "scheme file"
    assert reason("chrome://settings/") == "scheme chrome"
    assert reason("https://ex.com/login", "POST", "document", True) == "form submission (POST navigation)"
    assert reason("https://ex.com/beacon", "POST", "ping") == "ping POST"
    assert reason("http://0x7f000001/") == "loopback address 0x7f000001"
    assert reason("http://[fd00::1]/") == "private (unique local) address fd00::1"
    assert reason("http://localhost:8080/") == "loopback (the name localhost)"
    assert reason("https://ex.com/api", "POST", "fetch") is None  # SPAs load data with POST
    assert reason("https://ex.com/") is None


# -- the real probe, rendering on ---------------------------------------------------------------------


@pytest.mark.parametrize("process_limit", [0, 4], ids=["own-renderers", "shared-renderers"])
def test_probe_survives_pages_that_hang_the_renderer(tmp_path: Any, process_limit: int) -> None:
    """jshang loops before load, jsloop after it. The crawl ends and the healthy sites are intact,
    with renderer processes shared or not (shared, a looping page holds its neighbours too)."""
    data = probe_child(tmp_path, ["jsloop-fault.io", "jshang-fault.io", "calm-exchange.com", "hostile-render.io"],
                       "--render", "auto", "--timeout", "4", "-s", f"EXSCOUT_RENDER_PROCESS_LIMIT={process_limit}",
                       timeout=120)  # fmt: skip
    sites = {i["domain"]: i for i in data["items"] if i.get("kind") == "site"}
    assert set(sites) >= {"jsloop-fault.io", "jshang-fault.io", "calm-exchange.com", "hostile-render.io"}
    assert sites["calm-exchange.com"]["outcome"] == "ok"
    assert sites["calm-exchange.com"]["verdicts"]["cny_onramp"]["value"] is True
    for domain in ("jsloop-fault.io", "jshang-fault.io"):
        site = sites[domain]
        assert site["outcome"] == "ok", (domain, site["outcome"])  # the static page was fetched
        assert site["stats"]["complete"] is True
    # Both scripts are stopped by the hang monitor and the renders complete with the DOM as it
    # stood: jshang's title (set before its loop), jsloop's drawn app.
    for domain, marker in (("jshang-fault.io", "HangApp"), ("jsloop-fault.io", "LoopApp")):
        rendered = [p for p in sites[domain]["pages"] if p["rendered"] and not p["error"]]
        assert rendered and marker in rendered[0]["body"].decode("utf-8", "replace"), domain
        assert any("script was stopped" in note for p in rendered for note in p["render_notes"]), rendered[0]
    assert data["stats"].get("render_guard/hang_terminated", 0) >= 2, data["stats"]
    hostile = sites["hostile-render.io"]
    assert hostile["outcome"] == "ok" and [p for p in hostile["pages"] if p["rendered"]], (
        "rendered despite its tricks"
    )


def test_browser_killed_mid_crawl_is_relaunched(tmp_path: Any) -> None:
    """SIGKILL every Chromium process once the first render starts: the crawl still completes."""
    domains = ["hostile-render.io", "calm-exchange.com", "plain-news.org", "ssrf-mirror.com"]
    data = probe_child(tmp_path, domains, "--render", "always", "--kill-browser-after", "1", timeout=150)
    assert data["killed"], "no browser process was found to kill"
    sites = {i["domain"]: i for i in data["items"] if i.get("kind") == "site"}
    assert set(sites) >= set(domains)
    for domain in ("calm-exchange.com", "plain-news.org", "ssrf-mirror.com"):
        assert sites[domain]["outcome"] == "ok", (domain, sites[domain]["outcome"])
    rendered_ok = [p for s in sites.values() for p in s["pages"] if p["rendered"] and not p["error"]]
    assert rendered_ok, "no page rendered after the browser was killed"


async def _new_pages_while_the_browser_dies() -> dict[str, Any]:
    """Ask for pages every 20 ms for half a second and SIGKILL the browser a quarter of the way in.

    A ``new_page`` the browser dies in the middle of may never settle (Playwright); calls
    before the kill succeed, calls after it fail at once. Which calls hang depends on the
    machine's speed, so the requests are spread over the window the kill lands in. (Awaited
    bare, without ``unless_browser_dies``, 5-8 of the 25 were still pending after 15 s in
    each of three tries.)
    """
    from playwright.async_api import async_playwright

    from crawler.render import BASE_CHROMIUM_ARGS, unless_browser_dies
    from tests.reliability._probe_child import chromium_descendants

    async with async_playwright() as pw:
        before = set(chromium_descendants())
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=list(BASE_CHROMIUM_ARGS))
        ours = set(chromium_descendants()) - before
        context = await browser.new_context()

        async def new_page(i: int) -> Any:
            await asyncio.sleep(i * 0.02)
            return await unless_browser_dies(browser, context.new_page(), f"page {i}", grace_s=1.0)

        calls = [asyncio.ensure_future(new_page(i)) for i in range(25)]
        await asyncio.sleep(0.25)
        for pid in ours:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        done, pending = await asyncio.wait(calls, timeout=15)
        for call in pending:
            call.cancel()
        failures = [type(c.exception()).__name__ for c in done if c.exception() is not None]
    return {"killed": len(ours), "pending": len(pending), "failures": failures}


def test_page_creation_fails_rather_than_hangs_when_the_browser_dies() -> None:
    """The probe's page creation (``unless_browser_dies``) turns a ``new_page`` stranded by a
    dead browser into TargetClosedError, which scrapy-playwright retries on a relaunched browser.
    Without it, a crawl whose browser was killed at that moment never ended (CI, 2026-11-22)."""
    result = asyncio.run(_new_pages_while_the_browser_dies())
    assert result["killed"], result
    assert result["pending"] == 0, result
    assert result["failures"] and set(result["failures"]) == {"TargetClosedError"}, result


# -- shared renderer processes (EXSCOUT_RENDER_PROCESS_LIMIT) -----------------------------------------


async def _shared_renderers(ep: Any, limit: int) -> dict[str, Any]:
    """Two pages in one context and one in another, launched the way the probe launches; then
    crash the first page's renderer and see which pages go down with it."""
    from playwright.async_api import async_playwright
    from scrapy.settings import Settings

    from crawler.render import RenderConfig
    from simweb.testing import chromium_args

    cfg = RenderConfig.from_settings(Settings({
        "EXSCOUT_RENDER_PROCESS_LIMIT": limit, "EXSCOUT_CHROMIUM_ARGS": chromium_args(ep),
        "EXSCOUT_PROXY": ep.intl.proxy_url,
    }))  # fmt: skip
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**cfg.launch_options())
        try:
            first, other = [await browser.new_context(**cfg.context_kwargs("intl")) for _ in range(2)]
            pages = []
            for context, site in ((first, "calm-exchange.com"), (first, "plain-news.org"), (other, "calm-exchange.com")):
                page = await context.new_page()
                await page.goto(f"https://{site}/", wait_until="load")
                pages.append(page)
            info = await (await browser.new_browser_cdp_session()).send("SystemInfo.getProcessInfo")
            renderers = sum(p["type"] == "renderer" for p in info["processInfo"])
            crashed: set[int] = set()
            for i, page in enumerate(pages):
                page.on("crash", lambda _page, i=i: crashed.add(i))
            session = await first.new_cdp_session(pages[0])
            # The reply never comes: the renderer that would send it is gone.
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(session.send("Page.crash"), 2)
            for _ in range(50):
                if 0 in crashed:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # siblings' crash events arrive after the first
            return {"renderers": renderers, "crashed": sorted(crashed)}
        finally:
            await browser.close()


def test_pages_of_a_context_share_renderers_and_their_crashes(faults_web: tuple[Any, list[str]]) -> None:
    """With a process limit the pages of one context share a renderer (fewer processes: F18), so a
    crash takes its context's pages down with it, never another context's; 0 keeps one per site."""
    ep, _log = faults_web
    isolated = asyncio.run(_shared_renderers(ep, 0))
    shared = asyncio.run(_shared_renderers(ep, 1))
    assert isolated["renderers"] >= 3 and isolated["crashed"] == [0], isolated
    assert shared["renderers"] < isolated["renderers"], (shared, isolated)
    assert shared["crashed"] == [0, 1], shared
