"""render_guard's hang monitor against a stand-in page and CDP session (the browser tests hold it
against Chromium; these hold the decisions: when it stops a script, and when it gives up)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from crawler import render_guard


class Page:
    def __init__(self) -> None:
        self.closed = False
        self.url = "https://example.test/"

    def is_closed(self) -> bool:
        return self.closed


class Session:
    """``Runtime.evaluate`` answers only when the renderer is free; the browser always answers."""

    def __init__(self, page: Page, held: bool = False, dead: bool = False) -> None:
        self.page, self.held, self.dead = page, held, dead
        self.sent: list[str] = []

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.sent.append(method)
        if self.dead:
            raise RuntimeError("Target page, context or browser has been closed")
        if method == "Runtime.evaluate" and self.held:
            await asyncio.sleep(3600)
        if method == "Runtime.terminateExecution":
            self.held = False
        return {}


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_guard, "HANG_CHECK_S", 0.01)


def test_a_held_renderer_has_its_script_stopped_once_then_is_left_alone() -> None:
    async def scenario() -> tuple[list[float], list[str]]:
        page, held = Page(), []
        session = Session(page, held=True)
        task = asyncio.ensure_future(render_guard._watch_for_hangs(page, session, 0.05, held.append))
        await asyncio.sleep(0.5)
        page.closed = True
        await asyncio.wait_for(task, 1)
        return held, session.sent

    held, sent = asyncio.run(scenario())
    assert held == [0.05]  # stopped once; afterwards the renderer answers
    assert sent.count("Runtime.terminateExecution") == 1
    assert sent.count("Target.getTargetInfo") >= 3  # it kept asking, and the browser kept answering


def test_a_responsive_renderer_is_never_stopped() -> None:
    async def scenario() -> list[str]:
        page = Page()
        session = Session(page)
        task = asyncio.ensure_future(render_guard._watch_for_hangs(page, session, 0.05, None))
        await asyncio.sleep(0.3)
        page.closed = True
        await asyncio.wait_for(task, 1)
        return session.sent

    sent = asyncio.run(scenario())
    assert "Runtime.terminateExecution" not in sent and sent.count("Runtime.evaluate") >= 3


def test_the_monitor_ends_with_a_dead_browser_even_if_its_page_never_reads_closed() -> None:
    async def scenario() -> list[str]:
        page = Page()
        session = Session(page, dead=True)
        await asyncio.wait_for(render_guard._watch_for_hangs(page, session, 0.05, None), 1)
        return session.sent

    assert asyncio.run(scenario()).count("Target.getTargetInfo") == 1
