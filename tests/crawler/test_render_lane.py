"""RenderLane: render requests beyond the browser's pages wait in the spider, not in the downloader."""

from __future__ import annotations

from typing import Any
from unittest.mock import Mock

import pytest
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.render_lane import RenderLane
from crawler.spiders.probe import ProbeSpider


def render(url: str, vantage: str = "intl") -> Request:
    return Request(url, meta={"playwright": True, "exscout_vantage": vantage})


def test_admits_up_to_capacity_per_vantage_and_keeps_static_requests() -> None:
    lane = RenderLane(2)
    static = Request("https://a.com/terms")
    renders = [render(f"https://r{i}.com/") for i in range(4)]
    cn = render("https://cn.com/", "cn")
    out = lane.admit([static, *renders, cn])
    assert out == [static, renders[0], renders[1], cn]
    assert len(lane) == 2 and lane.max_parked == 2


def test_done_releases_parked_renders_in_order_and_only_for_renders() -> None:
    lane = RenderLane(1)
    a, b, c = render("https://a.com/"), render("https://b.com/"), render("https://c.com/")
    assert lane.admit([a, b, c]) == [a]
    assert lane.done(Request("https://static.com/")) == [], "a static request never frees a render slot"
    assert lane.done(a) == [b]
    assert lane.done(b) == [c]
    assert lane.done(c) == []
    assert lane.admit([render("https://d.com/")]), "the slot is free again"


def test_drain_hands_back_what_is_parked() -> None:
    lane = RenderLane(1)
    a, b, c = render("https://a.com/"), render("https://b.com/"), render("https://c.com/")
    lane.admit([a, b, c])
    assert lane.drain() == [b], "an idle engine has nothing in flight: one slot per vantage again"
    assert lane.drain() == [c]
    assert len(lane) == 0


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RenderLane(0)


def make_spider(**settings: Any) -> ProbeSpider:
    base = {"EXSCOUT_PROXY": "http://127.0.0.1:9", "EXSCOUT_RENDER": "auto",
            "EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT": 2, **settings}
    crawler = get_crawler(ProbeSpider, base)
    spider = ProbeSpider.from_crawler(crawler, domains="")
    crawler.spider = spider
    crawler.engine = Mock()
    return spider


SHELL = b'<html><head><script src="/app.js"></script></head><body><div id="app"></div></body></html>'


def shell_response(request: Request) -> HtmlResponse:
    return HtmlResponse(request.url, body=SHELL, request=request, headers={"Content-Type": "text/html"})


def test_probe_parks_renders_beyond_the_browser_and_releases_them_as_renders_end() -> None:
    """Five app shells: two renders go to Scrapy, three wait; each finished render lets one more go."""
    spider = make_spider()
    homes = [spider._open_site(f"app{i}.io", f"App{i}", depth=0, provenance=["seed"])[0] for i in range(5)]
    scheduled: list[Request] = []
    for home in homes:
        scheduled += [r for r in spider.parse_page(shell_response(home)) if isinstance(r, Request)]
    assert [r.meta.get("playwright") for r in scheduled] == [True, True]
    assert len(spider.lane) == 3
    done = 0
    while scheduled:
        request = scheduled.pop(0)
        out = spider.parse_page(shell_response(request))
        done += 1
        scheduled += [r for r in out if isinstance(r, Request) and r.meta.get("playwright")]
        assert sum(1 for r in scheduled if r.meta.get("playwright")) <= 2
    assert done == 5 and len(spider.lane) == 0
    assert spider.lane.in_flight == {"intl": 0}


def test_idle_with_parked_renders_schedules_them_instead_of_flushing() -> None:
    spider = make_spider(EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT=1)
    homes = [spider._open_site(f"app{i}.io", f"App{i}", depth=0, provenance=["seed"])[0] for i in range(2)]
    for home in homes:
        spider.parse_page(shell_response(home))
    assert len(spider.lane) == 1
    with pytest.raises(DontCloseSpider):
        spider._on_idle()
    (request,) = spider.crawler.engine.crawl.call_args.args
    assert request.meta["playwright"] and request.url == "https://app1.io/"
    assert spider.sites, "sites are not flushed while their renders can still run"


def test_parked_renders_go_oldest_site_first() -> None:
    """A site's later render (its fiat route) overtakes newer sites' first renders."""
    lane = RenderLane(1)

    def of_site(url: str, serial: int) -> Request:
        return Request(url, meta={"playwright": True, "exscout_vantage": "intl", "exscout_site_serial": serial})

    first = of_site("https://s1.com/", 1)
    newer = [of_site(f"https://s{i}.com/", i) for i in (2, 3)]
    assert lane.admit([first, *newer]) == [first]
    fiat = of_site("https://s1.com/p2p", 1)
    assert lane.admit([fiat]) == []
    assert lane.done(first) == [fiat]
    assert lane.done(fiat) == [newer[0]]
    assert lane.done(newer[0]) == [newer[1]]


def test_probe_numbers_sites_in_opening_order() -> None:
    spider = make_spider()
    (a,) = spider._open_site("a.io", "A", depth=0, provenance=["seed"])
    (b,) = spider._open_site("b.io", "B", depth=0, provenance=["seed"])
    assert (a.meta["exscout_site_serial"], b.meta["exscout_site_serial"]) == (1, 2)


def test_contexts_are_named_as_renders_leave_the_lane_so_recycling_cannot_strand_parked_pages() -> None:
    """Recycle after 2 pages, 1 page at a time: each context only ever gets pages that run, in order."""
    spider = make_spider(EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT=1, EXSCOUT_RENDER_RECYCLE_AFTER=2)
    homes = [spider._open_site(f"app{i}.io", f"App{i}", depth=0, provenance=["seed"])[0] for i in range(6)]
    scheduled: list[Request] = []
    for home in homes:
        scheduled += [r for r in spider.parse_page(shell_response(home)) if isinstance(r, Request)]
    assert len(scheduled) == 1 and len(spider.lane) == 5
    assert all("playwright_context" not in r.meta for _, _, r in spider.lane.parked["intl"]), "parked: no context yet"
    contexts = []
    while scheduled:
        request = scheduled.pop(0)
        contexts.append(request.meta["playwright_context"])
        scheduled += [r for r in spider.parse_page(shell_response(request)) if isinstance(r, Request)
                      and r.meta.get("playwright")]
    assert len(contexts) == 6
    assert contexts == sorted(contexts, key=lambda n: int(n.rsplit("-", 1)[1])), "generations are used in order"
    assert len(set(contexts)) == 3, "two pages per context, then a fresh one"
