"""finish_page: which rendered pages are photographed (a candidate shows a Chinese UI)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from crawler.render import SHOWS_HAN_JS, RenderCapture, finish_page


class FakePage:
    def __init__(self, shows_han: bool) -> None:
        self.shows_han = shows_han
        self.shots = 0
        self.evaluated: list[str] = []
        self.shot_options: dict[str, Any] = {}

    async def wait_for_function(self, script: str, timeout: int) -> bool:
        return True

    async def evaluate(self, script: str) -> bool:
        self.evaluated.append(script)
        return self.shows_han

    async def screenshot(self, **kwargs: Any) -> bytes:
        self.shots += 1
        self.shot_options = kwargs
        return b"\x89PNG fake"


def capture(**kw: Any) -> RenderCapture:
    return RenderCapture(json_max_count=5, json_max_bytes=1000, settle_ms=0, screenshot_wanted=True, **kw)


@pytest.mark.parametrize(("shows_han", "photographed"), [(True, True), (False, False)])
def test_only_pages_showing_han_text_are_photographed(shows_han: bool, photographed: bool) -> None:
    page, cap = FakePage(shows_han), capture()
    asyncio.run(finish_page(page, cap))
    assert page.evaluated == [SHOWS_HAN_JS]
    assert (cap.screenshot is not None) is photographed and page.shots == int(photographed)
    assert ("no screenshot: no Han text on the page" in cap.notes) is not photographed


def test_screenshots_all_photographs_every_page() -> None:
    page, cap = FakePage(False), capture(screenshot_all=True)
    asyncio.run(finish_page(page, cap))
    assert page.evaluated == [] and cap.screenshot == b"\x89PNG fake"


def test_screenshots_off_takes_none_and_asks_nothing() -> None:
    page = FakePage(True)
    cap = RenderCapture(json_max_count=5, json_max_bytes=1000, settle_ms=0, screenshot_wanted=False)
    asyncio.run(finish_page(page, cap))
    assert page.evaluated == [] and page.shots == 0 and cap.screenshot is None


def test_screenshot_format_follows_the_settings() -> None:
    """JPEG at the configured quality by default (a PNG costs a render far more to encode)."""
    from scrapy.exceptions import NotConfigured
    from scrapy.settings import Settings

    from crawler.render import RenderConfig

    for settings, expected in (({}, {"type": "jpeg", "quality": 80}),
                               ({"EXSCOUT_SCREENSHOT_QUALITY": 55}, {"type": "jpeg", "quality": 55}),
                               ({"EXSCOUT_SCREENSHOT_TYPE": "PNG"}, {"type": "png"})):  # fmt: skip
        page = FakePage(True)
        cap = RenderCapture.for_config(RenderConfig.from_settings(Settings(settings)))
        asyncio.run(finish_page(page, cap))
        assert page.shots == 1
        assert {k: page.shot_options[k] for k in ("type", "quality") if k in page.shot_options} == expected
        assert page.shot_options["full_page"] is False
    for bad in ({"EXSCOUT_SCREENSHOT_TYPE": "gif"}, {"EXSCOUT_SCREENSHOT_QUALITY": 0},
                {"EXSCOUT_SCREENSHOT_QUALITY": 101}):  # fmt: skip
        with pytest.raises(NotConfigured):
            RenderConfig.from_settings(Settings(bad))
