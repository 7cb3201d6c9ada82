"""Fixture pages for the detector tests: realistic pages in tests/fixtures/pages/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawler.detectors.page import Page

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _load_page(name: str, url: str | None = None, headers: dict[str, str] | None = None, **kw: Any) -> Page:
    """A fixture page as the crawler would see it: bytes as stored, headers as given."""
    body = (PAGES / name).read_bytes()
    if headers is None:
        headers = {"Content-Type": "text/html"}
    return Page(
        url=url or f"https://www.example.com/{name.rsplit('.', 1)[0]}/", body=body, headers=headers, **kw
    )


def _load_json(name: str) -> Any:
    return json.loads((PAGES / "json" / name).read_text(encoding="utf-8"))


@pytest.fixture
def load() -> Callable[..., Page]:
    """``load("news_zh.html", url=..., headers=..., status=...)`` -> Page."""
    return _load_page


@pytest.fixture
def load_json() -> Callable[[str], Any]:
    """``load_json("p2p_ads_cny.json")`` -> parsed JSON from tests/fixtures/pages/json/."""
    return _load_json
