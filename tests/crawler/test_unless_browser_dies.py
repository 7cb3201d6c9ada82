"""``unless_browser_dies``: a Playwright call raced against its browser's disconnect (no browser here).

The real stranded ``new_page`` is in tests/reliability/test_browser.py; these pin the edges:
a call that returns first, a call that goes to the relaunched browser and returns within the
grace, a browser that was dead before the call, and the listener left behind.
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
