"""The render handler's two guards against a Playwright call that never returns (no browser here).

``unless_browser_dies``: page creation raced against the browser's disconnect (the real
stranded ``new_page`` is in tests/reliability/test_browser.py); these pin the edges: a call that
returns first, one that goes to the relaunched browser and returns within the grace, a browser
that was dead before the call, and the listener left behind. The render deadline: a render
request that never ends fails as a timeout, and nothing else is changed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from playwright._impl._errors import TargetClosedError

from crawler.render import unless_browser_dies


class FakeBrowser:
    def __init__(self, connected: bool = True) -> None:
        self.connected = connected
        self.listeners: list[Any] = []

    def on(self, event: str, fn: Any) -> None:
        assert event == "disconnected"
        self.listeners.append(fn)

    def remove_listener(self, event: str, fn: Any) -> None:
        self.listeners.remove(fn)

    def is_connected(self) -> bool:
        return self.connected

    def die(self) -> None:
        self.connected = False
        for fn in list(self.listeners):
            fn(self)


async def _later(value: Any, delay: float) -> Any:
    await asyncio.sleep(delay)
    return value


def test_a_call_that_returns_first_is_returned() -> None:
    async def run() -> Any:
        browser = FakeBrowser()
        result = await unless_browser_dies(browser, _later("page", 0.01), "x", grace_s=0.1)
        return result, browser.listeners

    assert asyncio.run(run()) == ("page", [])


def test_a_stranded_call_is_cancelled_and_fails_as_target_closed() -> None:
    cancelled = []

    async def never() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def run() -> Any:
        browser = FakeBrowser()
        asyncio.get_running_loop().call_later(0.05, browser.die)
        started = asyncio.get_running_loop().time()
        with pytest.raises(TargetClosedError, match="while creating"):
            await unless_browser_dies(browser, never(), "creating", grace_s=0.2)
        await asyncio.sleep(0)  # let the cancellation land
        return asyncio.get_running_loop().time() - started, browser.listeners

    elapsed, listeners = asyncio.run(run())
    assert 0.2 <= elapsed < 2, elapsed  # the disconnect, then the grace; not the call's hour
    assert cancelled == [True] and listeners == []


def test_a_call_that_reached_the_relaunched_browser_gets_its_grace() -> None:
    async def run() -> Any:
        browser = FakeBrowser()
        asyncio.get_running_loop().call_later(0.02, browser.die)
        return await unless_browser_dies(browser, _later("new page", 0.1), "x", grace_s=1.0)

    assert asyncio.run(run()) == "new page"


def test_a_browser_dead_before_the_call_gives_it_only_the_grace() -> None:
    async def run() -> None:
        await unless_browser_dies(FakeBrowser(connected=False), _later("late", 5), "x", grace_s=0.05)

    with pytest.raises(TargetClosedError):
        asyncio.run(asyncio.wait_for(run(), 2))


def test_the_call_s_own_error_passes_through() -> None:
    async def fails() -> None:
        raise TargetClosedError("Target page, context or browser has been closed")

    with pytest.raises(TargetClosedError, match="has been closed"):
        asyncio.run(unless_browser_dies(FakeBrowser(), fails(), "x", grace_s=0.05))


# -- the render deadline: a render request that never ends is failed, as a timeout ------------


class CountingStats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


def _handler(deadline: float | None) -> Any:
    from crawler.render import SharedPlaywrightDownloadHandler

    handler = SharedPlaywrightDownloadHandler.__new__(SharedPlaywrightDownloadHandler)  # no browser
    handler._exscout_deadline_s = deadline
    handler.stats = CountingStats()
    return handler


def test_a_render_that_never_ends_fails_at_the_deadline_as_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy import Request
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    from crawler.probe_plan import classify_exception
    from crawler.render import RenderDeadlineExceeded

    async def never(self: Any, request: Any, spider: Any = None) -> None:
        await asyncio.sleep(3600)

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", never)
    handler = _handler(0.1)
    with pytest.raises(RenderDeadlineExceeded) as caught:
        asyncio.run(asyncio.wait_for(handler._download_request(Request("https://x.example/")), 5))
    assert classify_exception(caught.value)[0] == "timeout"  # the probe retries a timed-out render once
    assert handler.stats.values == {"exscout/render/deadline_exceeded": 1}


def test_the_renders_own_timeouts_and_results_pass_through(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy import Request
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    from crawler.render import RenderDeadlineExceeded

    async def times_out(self: Any, request: Any, spider: Any = None) -> None:
        raise TimeoutError("the page's own")

    async def answers(self: Any, request: Any, spider: Any = None) -> str:
        return "response"

    request = Request("https://x.example/")
    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", times_out)
    handler = _handler(5.0)
    with pytest.raises(TimeoutError, match="the page's own") as caught:
        asyncio.run(handler._download_request(request))
    assert not isinstance(caught.value, RenderDeadlineExceeded)
    assert handler.stats.values == {}
    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", answers)
    assert asyncio.run(_handler(5.0)._download_request(request)) == "response"
    assert asyncio.run(_handler(None)._download_request(request)) == "response"


def test_the_deadline_outlasts_every_bound_inside_a_render() -> None:
    from crawler.render import ContextPool, RenderConfig

    for timeout_ms in (6_000, 20_000, 60_000):
        config = RenderConfig(navigation_timeout_ms=timeout_ms)
        watchdog_s = 2 * timeout_ms / 1000 + 5 + 10  # harden_page's hard timeout, then _kill_page
        assert config.render_deadline_s() > ContextPool(config).grace_s + watchdog_s
