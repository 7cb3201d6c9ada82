"""ProbeSpider mechanics without a network: arguments, derived settings, the home chain, idle flush.

Requests go nowhere: the tests call the callbacks and errbacks with hand-made
responses and failures, as Scrapy would, and check what the spider asks for next.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import pytest
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.spiders.probe import ProbeSpider, read_domains, read_platforms

INTL, CN = "http://127.0.0.1:9", "http://127.0.0.1:10"


def make_spider(**settings: Any) -> ProbeSpider:
    base = {"EXSCOUT_PROXY": INTL, "EXSCOUT_RENDER": "never", **settings}
    crawler = get_crawler(ProbeSpider, base)
    spider = ProbeSpider.from_crawler(crawler, domains="")
    crawler.spider = spider
    crawler.engine = Mock()
    return spider


def fail(request: Request, exc: BaseException) -> Failure:
    failure = Failure(exc)
    failure.request = request  # type: ignore[attr-defined]
    return failure


def test_read_domains_and_platforms(tmp_path: Path) -> None:
    assert read_domains("a.com, b.io,,a.com") == ["a.com", "b.io"]
    listing = tmp_path / "domains.txt"
    listing.write_text("# seeds\na.com\nb.io, c.net  # inline comment\n\n")
    assert read_domains(str(listing)) == ["a.com", "b.io", "c.net"]
    assert read_platforms('{"a.com": "A"}') == {"a.com": "A"}
    mapping = tmp_path / "platforms.json"
    mapping.write_text(json.dumps({"b.io": "B"}))
    assert read_platforms(str(mapping)) == {"b.io": "B"}
    assert read_platforms(None) == {}
    with pytest.raises(ValueError):
        read_platforms("[1, 2]")


def test_settings_derived_from_exscout_settings() -> None:
    never = get_crawler(ProbeSpider, {"EXSCOUT_RENDER": "never", "EXSCOUT_PROBE_MAX_BYTES": 1234567})
    assert never.settings.getint("DOWNLOAD_MAXSIZE") == 1234567
    assert "scrapy_playwright" not in json.dumps(never.settings.getdict("DOWNLOAD_HANDLERS"))
    auto = get_crawler(ProbeSpider, {"EXSCOUT_RENDER": "auto", "EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT": 3})
    assert auto.settings.getdict("DOWNLOAD_HANDLERS")["https"].endswith("SharedPlaywrightDownloadHandler")
    assert auto.settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 3
    assert auto.settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["executable_path"] == "/usr/bin/chromium"


def test_seed_requests_carry_proxy_language_and_no_dupefilter() -> None:
    spider = make_spider(EXSCOUT_CN_PROXY=CN)
    requests = spider._open_site("ex.com", "Ex", depth=0, provenance=["seed"])
    assert [(r.url, r.meta["exscout_vantage"], r.meta["proxy"]) for r in requests] == [
        ("https://ex.com/", "intl", INTL), ("https://ex.com/", "cn", CN),
    ]
    for request in requests:
        assert request.dont_filter
        assert request.headers["Accept-Language"].startswith(b"zh-CN")
        assert "playwright" not in request.meta
        assert 200 in request.meta["handle_httpstatus_list"] and 301 not in request.meta["handle_httpstatus_list"]
    assert spider.sites["ex.com"].outstanding == 2


def test_home_chain_dead_domain_ends_in_one_item() -> None:
    spider = make_spider()
    (https,) = spider._open_site("dead.com", "dead.com", depth=0, provenance=["seed"])
    tunnel = TunnelError("Could not open CONNECT tunnel with proxy 127.0.0.1:9 [{'status': 502, 'reason': b'Bad Gateway'}]")
    (http,) = spider.on_error(fail(https, tunnel))
    assert http.url == "http://dead.com/"
    proxy_answer = TextResponse(http.url, status=502, request=http, body=b"502",
                                headers={"Proxy-Status": "simweb; error=dns_error; rcode=NXDOMAIN"})
    (www,) = spider.parse_page(proxy_answer)
    assert www.url == "https://www.dead.com/"
    (www_http,) = spider.on_error(fail(www, tunnel))
    proxy_answer = TextResponse(www_http.url, status=502, request=www_http, body=b"502",
                                headers={"Proxy-Status": "simweb; error=dns_error; rcode=NXDOMAIN"})
    (item,) = spider.parse_page(proxy_answer)
    assert item["kind"] == "site" and item["outcome"] == "dns" and item["reachable"] is False
    assert [p["outcome"] for p in item["pages"]] == ["unreachable", "dns", "unreachable", "dns"]
    assert "dead.com" not in spider.sites, "bodies are dropped once the item is out"
    assert spider.crawler.stats.get_value("exscout/probe/outcome/dns") == 1


def test_static_page_is_decided_without_render_and_follows_links() -> None:
    spider = make_spider()
    (home,) = spider._open_site("ex.com", "Ex", depth=0, provenance=["seed"])
    html = """<html lang="zh-CN"><head><title>Ex 交易所</title></head><body>
      <a href="/p2p/">P2P 交易</a> <a href="/terms">用户协议</a> <a href="https://mirror.example.net/">x</a>
      <p>币币交易 BTC/USDT 永续合约 现货交易 充值 提币 登录 注册</p></body></html>"""
    response = HtmlResponse("https://ex.com/", body=html.encode(), request=home, headers={"Content-Type": "text/html; charset=utf-8"})
    out = spider.parse_page(response)
    urls = sorted(r.url for r in out if isinstance(r, Request))
    assert "https://ex.com/p2p/" in urls and "https://ex.com/terms" in urls
    assert not any(r.meta.get("playwright") for r in out if isinstance(r, Request))
    site = spider.sites["ex.com"]
    assert site.pages[0].detectors, "detectors ran on the page"
    assert site.home_outcome == "ok"


def test_idle_flushes_sites_with_lost_requests() -> None:
    spider = make_spider()
    spider._open_site("stuck.com", "Stuck", depth=0, provenance=["seed"])
    with pytest.raises(DontCloseSpider):
        spider._on_idle()
    (flush_request,) = spider.crawler.engine.crawl.call_args.args
    assert flush_request.url.startswith("data:")
    items = list(flush_request.callback(TextResponse(flush_request.url, body=b"flush", request=flush_request)))
    assert [i["domain"] for i in items] == ["stuck.com"]
    assert items[0]["stats"]["complete"] is False and items[0]["outcome"] == "incomplete"
    assert not spider.sites
    spider._on_idle()  # nothing left: the spider may close


def test_mirror_depth_bounds_joining() -> None:
    spider = make_spider(EXSCOUT_PROBE_MIRROR_DEPTH=1)
    spider._open_site("seed.com", "Seed", depth=0, provenance=["seed"])
    seed = spider.sites["seed.com"]
    joined = spider._join(seed, "mirror1.com", "mirror", via="https://seed.com/mirrors")
    assert joined and spider.sites["mirror1.com"].platform == "Seed"
    assert spider.sites["mirror1.com"].provenance[0] == "mirror listed by seed.com"
    mirror1 = spider.sites["mirror1.com"]
    assert spider._join(mirror1, "mirror2.com", "mirror", via="https://mirror1.com/") == []
    assert {"domain": "mirror2.com", "relation": "mirror", "via": "https://mirror1.com/"} in mirror1.linked
    assert spider._join(seed, "mirror1.com", "mirror", via="x") == [], "a known domain is linked, not re-crawled"


def test_failed_render_is_retried_once_then_recorded() -> None:
    from scrapy.exceptions import DownloadTimeoutError

    spider = make_spider(EXSCOUT_RENDER="auto")
    spider._open_site("js.io", "JS", depth=0, provenance=["seed"])
    site = spider.sites["js.io"]
    site.home_done.add("intl")  # the static home was fetched; this is its render
    (render,) = spider.lane.admit([spider._request(site, "https://js.io/", vantage="intl", kind="home", depth=0,
                                                   render_reason="app shell: 0 chars")])
    assert render.meta["playwright"] and render.meta["playwright_context"].startswith("exscout-intl-")
    (retry,) = spider.on_error(fail(render, DownloadTimeoutError("Page.goto: Timeout 20000ms exceeded.")))
    assert retry.meta["playwright"] and retry.meta["exscout_crash_retried"]
    assert spider.on_error(fail(retry, DownloadTimeoutError("Page.goto: Timeout 20000ms exceeded."))) == []
    assert next(p.error for p in site.pages if p.rendered).startswith("DownloadTimeoutError")
    assert spider.crawler.stats.get_value("exscout/probe/render/timeout_retry") == 1
    (crash,) = spider.lane.admit([spider._request(site, "https://js.io/p2p", vantage="intl", kind="fiat", depth=1,
                                                  render_reason="app shell")])
    (again,) = spider.on_error(fail(crash, Exception("Page.goto: Target crashed")))
    assert again.meta["playwright_context"] != crash.meta["playwright_context"], "a fresh context after a crash"


def test_meta_refresh_to_javascript_keeps_the_page() -> None:
    from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware

    from crawler.middlewares.probe_refresh import SafeMetaRefreshMiddleware

    project_middlewares = {"crawler.middlewares.proxy.ExscoutProxyMiddleware": 740}
    crawler = get_crawler(ProbeSpider, {"EXSCOUT_RENDER": "never", "DOWNLOADER_MIDDLEWARES": project_middlewares})
    crawler.spider = ProbeSpider.from_crawler(crawler, domains="")
    request = Request("https://ex.com/")
    body = b'<html><head><meta http-equiv="refresh" content="0;url=javascript:void(0)"></head><body>x</body></html>'
    response = HtmlResponse("https://ex.com/", body=body, request=request)
    with pytest.raises(ValueError):
        MetaRefreshMiddleware.from_crawler(crawler).process_response(request, response)
    assert SafeMetaRefreshMiddleware.from_crawler(crawler).process_response(request, response) is response
    assert crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")["crawler.middlewares.probe_refresh.SafeMetaRefreshMiddleware"] == 580
    assert crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")["crawler.middlewares.proxy.ExscoutProxyMiddleware"] == 740, (
        "the project's middlewares are kept"
    )


def test_mirror_list_is_capped() -> None:
    spider = make_spider(EXSCOUT_PROBE_MAX_MIRRORS=3)
    (home,) = spider._open_site("farm.com", "Farm", depth=0, provenance=["seed"])
    links = "".join(f'<li><a href="https://m{i}-farm.net/">m{i}-farm.net</a></li>' for i in range(50))
    html = f"<html><head><title>最新地址 备用域名</title></head><body><h1>备用域名</h1><ul>{links}</ul></body></html>"
    out = spider.parse_page(HtmlResponse("https://farm.com/", body=html.encode(), request=home,
                                         headers={"Content-Type": "text/html; charset=utf-8"}))
    joined = {r.meta["exscout_site"] for r in out if isinstance(r, Request)} - {"farm.com"}
    assert len(joined) == 3
    assert spider.crawler.stats.get_value("exscout/probe/mirrors_over_cap") == 1
