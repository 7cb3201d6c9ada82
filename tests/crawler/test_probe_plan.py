"""Pure tests of crawler/probe_plan.py and crawler/render.py: no Scrapy engine, no network, no browser."""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import pytest
from scrapy.exceptions import DownloadTimeoutError, NotConfigured
from scrapy.settings import Settings

from crawler import probe_plan as plan
from crawler.render import ContextPool, RenderCapture, RenderConfig, abort_request, is_crash
from crawler.verdict import Evidence, Verdict

Link = namedtuple("Link", "url kind text")


# -- URLs and home chain ------------------------------------------------------------------------


def test_home_candidates_order() -> None:
    assert plan.home_candidates("ex.com") == [
        "https://ex.com/",
        "http://ex.com/",
        "https://www.ex.com/",
        "http://www.ex.com/",
    ]
    assert plan.home_candidates("www.ck") == ["https://www.ck/", "http://www.ck/"]


def test_in_site_and_hosts() -> None:
    assert plan.in_site("https://zh.ex.com/p2p", "ex.com")
    assert plan.in_site("https://EX.com./", "ex.com")
    assert not plan.in_site("https://notex.com/", "ex.com")
    assert not plan.in_site("https://ex.com.evil.net/", "ex.com")
    assert plan.host_of("http://[::1") == ""


# -- link selection -----------------------------------------------------------------------------


def test_select_links_ranks_language_then_fiat_then_terms() -> None:
    links = [
        Link("https://ex.com/terms", "terms", "Terms"),
        Link("https://ex.com/p2p", "fiat", "P2P"),
        Link("https://ex.com/zh-CN/", "language", "简体中文"),
        Link("https://ex.com/mirrors", "mirror", "备用域名"),
        Link("https://ex.com/api", "api_docs", "API"),
    ]
    chosen = plan.select_links(links, domain="ex.com", seen=set(), slots=10, depth=1)
    assert [c.kind for c in chosen] == ["language", "fiat", "mirror", "terms", "api_docs"]
    assert all(c.depth == 1 for c in chosen)


def test_select_links_respects_budget_seen_offsite_and_fragments() -> None:
    links = [
        Link("https://ex.com/#/p2p", "fiat", "P2P"),  # same document as the home page
        Link("https://other.com/zh/", "language", "中文"),  # off-site: mirror logic, not pages
        Link("javascript:void(0)", "language", "中文"),
        Link("https://zh.ex.com/", "language", "简体中文"),
        Link("https://ex.com/otc", "fiat", "OTC"),
        Link("https://ex.com/otc#top", "fiat", "OTC again"),
        Link("https://ex.com/terms", "terms", "Terms"),
    ]
    chosen = plan.select_links(links, domain="ex.com", seen={plan.seen_key("https://ex.com/")}, slots=2, depth=1)
    assert [c.url for c in chosen] == ["https://zh.ex.com/", "https://ex.com/otc"]
    assert plan.select_links(links, domain="ex.com", seen=set(), slots=0, depth=1) == []


def test_seen_key_ignores_scheme_www_fragment() -> None:
    assert plan.seen_key("https://www.ex.com/zh/#top") == plan.seen_key("http://ex.com/zh/") == "ex.com/zh/"
    assert plan.seen_key("https://ex.com") == "ex.com/"
    assert plan.seen_key("https://ex.com/a?x=1") != plan.seen_key("https://ex.com/a")


def test_select_links_kind_quotas() -> None:
    from collections import Counter

    links = [Link(f"https://ex.com/otc/order/{i}", "fiat", "order") for i in range(10)]
    links += [Link("https://ex.com/terms", "terms", "Terms")]
    taken: Counter[int] = Counter()
    chosen = plan.select_links(links, domain="ex.com", seen=set(), slots=12, depth=1, taken=taken)
    assert [c.kind for c in chosen].count("fiat") == plan.KIND_QUOTA[2]
    assert chosen[-1].kind == "terms"
    again = plan.select_links(links, domain="ex.com", seen=set(), slots=12, depth=2, taken=taken)
    assert [c.kind for c in again] == ["terms"], "the fiat quota holds across pages of one site"


def test_demote_stale_language_links_on_the_variant_itself() -> None:
    links = [
        Link("https://cn.ex.com/c2c/", "language", "C2C"),
        Link("https://cn.ex.com/login", "language", "登录"),
        Link("https://ex.com/zh/", "language", "简体中文"),
    ]
    out = plan.demote_stale_language(links, "https://cn.ex.com/", "language")
    assert [link.kind for link in out] == ["fiat", "same_language", "language"]
    assert plan.demote_stale_language(links, "https://cn.ex.com/", "home") == links


def test_hosts_in_text_finds_asset_and_api_subdomains() -> None:
    html = """<link href="https://static.ex.com/app.css"><script src="//cdn.ex.com/a.js"></script>
    <script>fetch('https://API.ex.com/v1/fiat')</script> see ex.com or mail.ex.com in prose;
    <a href="https://ex.com.evil.net/">x</a> <img src="https://notex.com/i.png">"""
    assert plan.hosts_in_text(html, "ex.com") == ["static.ex.com", "cdn.ex.com", "api.ex.com"]


def test_link_priority_unknown_last() -> None:
    assert plan.link_priority("language") < plan.link_priority("fiat") < plan.link_priority("terms")
    assert plan.link_priority("weird") == plan.UNKNOWN_KIND_PRIORITY


# -- budget -------------------------------------------------------------------------------------


def test_budget_pages_and_bytes() -> None:
    budget = plan.SiteBudget(max_pages=2, max_bytes=100_000)
    assert budget.reserve_page() and budget.reserve_page()
    assert not budget.reserve_page()
    budget = plan.SiteBudget(max_pages=5, max_bytes=100_000)
    budget.charge(100_000)
    assert not budget.reserve_page(), "a spent byte budget stops further pages"
    assert budget.maxsize_for_next() == 64 * 1024  # never below a useful floor
    assert plan.SiteBudget(5, 10_000_000).maxsize_for_next() == 10_000_000


# -- failure classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "outcome"),
    [
        ("simweb; error=dns_error; rcode=NXDOMAIN", "dns"),
        (b"simweb; error=dns_error; rcode=SERVFAIL", "dns"),
        ("simweb; error=dns_timeout", "dns_timeout"),
        ("simweb; error=connection_refused", "refused"),
        ("proxy; error=something_new", "proxy_error"),
        ("proxy; received-status=503", None),
        (None, None),
    ],
)
def test_proxy_status(header: Any, outcome: str | None) -> None:
    assert plan.outcome_from_proxy_status(header) == outcome


class TunnelError(Exception):
    """Same name as Scrapy's, as the classifier works on names."""


class DNSLookupError(Exception):
    pass


@pytest.mark.parametrize(
    ("exc", "outcome"),
    [
        (
            TunnelError(
                "Could not open CONNECT tunnel with proxy 127.0.0.1:9 [{'status': 502, 'reason': b'Bad Gateway'}]"
            ),
            "unreachable",
        ),
        (
            TunnelError(
                "Could not open CONNECT tunnel with proxy 127.0.0.1:9 [{'status': 504, 'reason': b'Gateway Timeout'}]"
            ),
            "dns_timeout",
        ),
        (DownloadTimeoutError("Getting https://x/ took longer than 5.0 seconds."), "timeout"),
        (DNSLookupError("no such host"), "dns"),
        (ConnectionRefusedError("Connection was refused by other side"), "refused"),
        (
            Exception(
                "Cancelling download of https://x/: received response size (9) larger than download max size (1)."
            ),
            "too_big",
        ),
        (Exception("Page.goto: net::ERR_NAME_NOT_RESOLVED at https://x/"), "dns"),
        (
            Exception(
                "[<twisted.python.failure.Failure twisted.internet.error.ConnectionLost: Connection to the other side was lost>]"
            ),
            "reset",
        ),
        (Exception("[('SSL routines', '', 'tlsv1 alert internal error')]"), "tls"),
        (Exception("blocked_ssrf: 10.0.0.1 (intranet.ex.com) is private"), "blocked_ssrf"),
        (Exception("max redirections reached"), "redirect_limit"),
        (Exception("mystery"), "error"),
    ],
)
def test_classify_exception(exc: BaseException, outcome: str) -> None:
    assert plan.classify_exception(exc)[0] == outcome


def test_classify_follows_cause_chain() -> None:
    try:
        try:
            raise DNSLookupError("x")
        except DNSLookupError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert plan.classify_exception(outer)[0] == "dns"


def test_worst_to_best_prefers_specific() -> None:
    assert plan.worst_to_best(["unreachable", "dns", "unreachable"]) == "dns"
    assert plan.worst_to_best(["refused", "unreachable", "dns"]) == "refused"  # bare refused, www. NXDOMAIN
    assert plan.worst_to_best([]) == "error"


def test_next_home_index() -> None:
    from crawler.spiders.probe import _next_home_index

    assert _next_home_index("ex.com", 0, "unreachable") == 1  # https 502: http tells dns from refused
    assert _next_home_index("ex.com", 1, "dns") == 2  # bare name dead: try www.
    assert _next_home_index("ex.com", 0, "dns_timeout") == 2
    assert _next_home_index("ex.com", 0, "timeout") == 1
    assert _next_home_index("ex.com", 1, "timeout") is None  # a server exists; www. will not help
    assert _next_home_index("ex.com", 3, "dns") is None


# -- aggregation --------------------------------------------------------------------------------


def _any_true(verdicts: list[Verdict]) -> Verdict:
    values = [v.value for v in verdicts]
    value = True if True in values else (False if False in values else None)
    return Verdict(
        verdicts[0].name, value, 0.9, ("combined",), tuple(e for v in verdicts for e in v.evidence)
    )


def _record(url: str, vantage: str = "intl", **verdicts: bool | None) -> plan.PageRecord:
    return plan.PageRecord(
        url=url,
        final_url=url,
        status=200,
        vantage=vantage,
        rendered=False,
        render_reason=None,
        redirects=[],
        content_type="text/html",
        body=b"<html>" + url.encode(),
        error=None,
        detectors={k: Verdict(k, v, 0.5, (), (Evidence(url, k),)) for k, v in verdicts.items()},
    )


def test_site_item_shape_and_verdicts() -> None:
    site = plan.SiteState("ex.com", "Ex", plan.SiteBudget(12, 5_000_000))
    site.pages.append(_record("https://ex.com/", exchange=True, chinese_ui=False))
    site.pages.append(_record("https://ex.com/zh/", exchange=None, chinese_ui=True))
    site.pages.append(_record("https://ex.com/", vantage="cn", exchange=False, chinese_ui=False))
    site.home = {"intl": "INTL", "cn": "CN"}
    site.home_outcome = "ok"
    site.hosts.append("ex.com")
    combiners = {"exchange": _any_true, "chinese_ui": _any_true, "cny_onramp": _any_true}

    def compare(intl: Any, cn: Any) -> Verdict:
        assert (intl, cn) == ("INTL", "CN")
        return Verdict("geoblocks_cn", False, 0.8, ("same page",))

    item = plan.site_item(site, combiners, compare)
    assert item["kind"] == "site" and item["domain"] == "ex.com" and item["platform"] == "Ex"
    assert item["reachable"] is True and item["outcome"] == "ok"
    assert item["verdicts"]["exchange"]["value"] is True
    assert item["verdicts"]["chinese_ui"]["value"] is True
    assert item["verdicts"]["chinese_ui"]["evidence"], "evidence reaches the site verdict"
    assert item["verdicts"]["cny_onramp"]["value"] is None  # no page had a verdict
    assert item["verdicts"]["geoblocks_cn"]["value"] is False
    page = item["pages"][0]
    assert set(page) >= {
        "url",
        "final_url",
        "status",
        "vantage",
        "rendered",
        "render_reason",
        "redirects",
        "sha256",
        "content_type",
        "body",
        "error",
        "detectors",
        "screenshot",
    }
    assert isinstance(page["body"], bytes) and len(page["sha256"]) == 64
    assert item["stats"]["pages"] == 3 and item["stats"]["rendered"] == 0


def test_site_item_body_modes() -> None:
    site = plan.SiteState("ex.com", "Ex", plan.SiteBudget(12, 5_000_000))
    site.pages.append(_record("https://ex.com/", exchange=True))
    site.pages[0].screenshot = b"\x89PNG"
    b64 = plan.site_item(site, {}, None, bodies="base64")["pages"][0]
    assert b64["body"] == "PGh0bWw+aHR0cHM6Ly9leC5jb20v" and b64["screenshot"] == "iVBORw=="
    omitted = plan.site_item(site, {}, None, bodies="omit")["pages"][0]
    assert omitted["body"] is None and omitted["screenshot"] is None and omitted["sha256"]


def test_site_item_unreachable_and_cn_missing() -> None:
    site = plan.SiteState("dead.com", "dead.com", plan.SiteBudget(12, 5_000_000))
    site.home_failures = {"intl": ["unreachable", "dns", "unreachable", "dns"], "cn": ["dns"]}
    item = plan.site_item(site, {"exchange": _any_true}, lambda a, b: Verdict("geoblocks_cn", True))
    assert item["outcome"] == "dns" and item["reachable"] is False
    assert item["verdicts"]["exchange"]["value"] is None
    assert item["verdicts"]["geoblocks_cn"]["value"] is None

    site = plan.SiteState("a.com", "a.com", plan.SiteBudget(12, 5_000_000))
    site.pages.append(_record("https://a.com/", exchange=True))
    site.home = {"intl": "INTL"}
    site.home_failures = {"cn": ["refused"]}
    site.home_outcome = "ok"
    item = plan.site_item(site, {"exchange": _any_true}, lambda a, b: Verdict("geoblocks_cn", True))
    assert item["verdicts"]["geoblocks_cn"]["value"] is None, "refused at cn: GFW or the site's firewall"
    assert "refused" in item["verdicts"]["geoblocks_cn"]["reasons"][0]
    site.home_failures = {"cn": ["unreachable", "dns"]}
    item = plan.site_item(site, {"exchange": _any_true}, lambda a, b: Verdict("geoblocks_cn", True))
    assert item["verdicts"]["geoblocks_cn"]["value"] is False, "never resolved at cn: the site turned nobody away"


def test_site_item_redirect_and_broken_combiner() -> None:
    site = plan.SiteState("old.com", "New", plan.SiteBudget(12, 5_000_000))
    site.pages.append(_record("https://old.com/", exchange=True))
    site.home_outcome, site.redirect_to = "redirect", "new.com"

    def broken(_: Any) -> Verdict:
        raise ValueError("bug")

    item = plan.site_item(site, {"exchange": broken}, None)
    assert item["outcome"] == "redirect" and item["redirect_to"] == "new.com" and item["reachable"] is True
    assert (
        item["verdicts"]["exchange"]["value"] is None and "bug" in item["verdicts"]["exchange"]["reasons"][0]
    )
    assert item["verdicts"]["geoblocks_cn"]["value"] is None


# -- render config ------------------------------------------------------------------------------


def test_render_config_from_settings() -> None:
    cfg = RenderConfig.from_settings(
        Settings(
            {
                "EXSCOUT_RENDER": "AUTO",
                "EXSCOUT_PROXY": "http://127.0.0.1:1",
                "EXSCOUT_CN_PROXY": "http://127.0.0.1:2",
                "EXSCOUT_CHROMIUM_ARGS": "--foo --no-sandbox",
                "EXSCOUT_CHROMIUM_SPKI": "abc=",
                "EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT": 3,
            }
        )
    )
    assert cfg.mode == "auto"
    launch = cfg.launch_options()
    assert launch["executable_path"] == "/usr/bin/chromium"
    assert launch["args"].count("--no-sandbox") == 1 and "--foo" in launch["args"]
    assert "--ignore-certificate-errors-spki-list=abc=" in launch["args"]
    assert cfg.context_kwargs("cn")["proxy"] == {"server": "http://127.0.0.1:2"}
    assert cfg.context_kwargs("intl")["proxy"] == {"server": "http://127.0.0.1:1"}
    settings = cfg.playwright_settings()
    assert settings["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 3
    assert settings["DOWNLOAD_HANDLERS"]["https"] == settings["DOWNLOAD_HANDLERS"]["http"]
    assert settings["DOWNLOAD_HANDLERS"]["https"].endswith("SharedPlaywrightDownloadHandler")
    assert RenderConfig.from_settings(Settings({"EXSCOUT_RENDER": "never"})).playwright_settings() == {}
    with pytest.raises(NotConfigured):
        RenderConfig.from_settings(Settings({"EXSCOUT_RENDER": "sometimes"}))


def test_chromium_args_from_a_command_line_string() -> None:
    cfg = RenderConfig.from_settings(Settings({
        "EXSCOUT_CHROMIUM_ARGS": "--ignore-certificate-errors-spki-list=a= --host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    }))
    assert "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1" in cfg.chromium_args
    assert "--ignore-certificate-errors-spki-list=a=" in cfg.chromium_args


def test_abort_and_crash_predicates() -> None:
    Req = namedtuple("Req", "resource_type")
    assert abort_request(Req("image")) and abort_request(Req("font")) and abort_request(Req("media"))
    assert (
        not abort_request(Req("document"))
        and not abort_request(Req("xhr"))
        and not abort_request(Req("script"))
    )
    assert is_crash(Exception("Page.goto: Target page, context or browser has been closed"))
    assert not is_crash(Exception("net::ERR_NAME_NOT_RESOLVED"))


def test_context_pool_recycles() -> None:
    cfg = RenderConfig(max_pages_per_context=2, recycle_after=2)
    pool = ContextPool(cfg)
    names = [pool.acquire("intl")[0] for _ in range(5)]
    assert names[0] == names[1] != names[2] == names[3] != names[4]
    assert pool.acquire("cn")[0].startswith("exscout-cn-")


def _closing_context(closed: list[str]) -> type:
    """A stand-in BrowserContext class whose ``close`` appends its name to ``closed``."""

    class Ctx:
        def __init__(self, name: str) -> None:
            self.name = name

        async def close(self) -> None:
            closed.append(self.name)

    return Ctx


def test_context_pool_closes_retired_context_after_its_last_page() -> None:
    import asyncio

    closed: list[str] = []
    Ctx = _closing_context(closed)

    async def scenario() -> None:
        pool = ContextPool(RenderConfig(max_pages_per_context=2, recycle_after=2))
        first, _ = pool.acquire("intl")
        pool.acquire("intl")
        second, _ = pool.acquire("intl")  # retires `first`, which still has 2 pages in flight
        pool.release(first, Ctx(first))
        await asyncio.sleep(0)
        assert closed == []
        pool.release(first, Ctx(first))
        await asyncio.sleep(0.01)
        assert closed == [first]
        pool.release(second, Ctx(second))  # current context: stays open
        await asyncio.sleep(0.01)
        assert closed == [first]
        pool.abandon("intl")  # after a crash the next page gets a fresh context
        assert pool.acquire("intl")[0] not in (first, second)

        # A context whose pages all finished before it was retired is closed at retirement.
        idle_pool = ContextPool(RenderConfig(max_pages_per_context=1, recycle_after=1), find=Ctx)
        idle, _ = idle_pool.acquire("cn")
        idle_pool.release(idle)
        idle_pool.acquire("cn")  # retires `idle`, which has nothing in flight
        await asyncio.sleep(0.01)
        assert idle in closed

    asyncio.run(scenario())


def test_retired_context_with_a_lost_page_is_closed_after_its_grace_period() -> None:
    """A page whose end is never reported must not hold a context (and a PLAYWRIGHT_MAX_CONTEXTS slot) forever."""
    import asyncio

    closed: list[str] = []
    Ctx = _closing_context(closed)

    async def scenario() -> None:
        pool = ContextPool(RenderConfig(max_pages_per_context=1, recycle_after=1), find=Ctx, grace_s=0.05)
        lost, _ = pool.acquire("intl")  # its page never reports back
        pool.acquire("intl")  # retires `lost` with one page in flight
        await asyncio.sleep(0.01)
        assert closed == [], "within the grace period the page may still finish"
        await asyncio.sleep(0.1)
        assert closed == [lost] and pool.forced == 1
        pool.release(lost)  # a late report changes nothing
        await asyncio.sleep(0.01)
        assert closed == [lost]

    asyncio.run(scenario())


def test_a_context_on_playwrights_own_thread_is_closed_on_that_threads_loop() -> None:
    """With EXSCOUT_RENDER_THREADED_LOOP the pool runs on the reactor's loop and the context on
    Playwright's: its close must run where the context lives, never on the caller's loop."""
    import asyncio
    import threading

    owner_loop = asyncio.new_event_loop()
    thread = threading.Thread(target=owner_loop.run_forever, daemon=True)
    thread.start()
    closed_on: list[tuple[str, int]] = []

    class Ctx:
        _loop = owner_loop

        def __init__(self, name: str) -> None:
            self.name = name

        async def close(self) -> None:
            assert asyncio.get_running_loop() is owner_loop
            closed_on.append((self.name, threading.get_ident()))

    pool_failures: list[int] = []

    async def scenario() -> None:
        pool = ContextPool(RenderConfig(max_pages_per_context=1, recycle_after=1), find=Ctx)
        first, _ = pool.acquire("intl")
        pool.release(first, Ctx(first))
        pool.acquire("intl")  # retires `first`, idle: closed at once, on the owner's loop
        for _ in range(100):
            if closed_on and not pool._closing:
                break
            await asyncio.sleep(0.01)
        pool_failures.append(pool.close_failed)

    try:
        asyncio.run(scenario())
        assert closed_on == [(closed_on[0][0], thread.ident)], closed_on
        assert pool_failures == [0]
        assert closed_on[0][0].startswith("exscout-intl-")
    finally:
        owner_loop.call_soon_threadsafe(owner_loop.stop)
        thread.join(5)
        owner_loop.close()


def test_the_threaded_loop_setting_reaches_scrapy_playwright() -> None:
    from scrapy.settings import Settings

    assert RenderConfig.from_settings(Settings({})).playwright_settings()["_PLAYWRIGHT_THREADED_LOOP"] is False
    on = RenderConfig.from_settings(Settings({"EXSCOUT_RENDER_THREADED_LOOP": "true"}))
    assert on.threaded_loop is True and on.playwright_settings()["_PLAYWRIGHT_THREADED_LOOP"] is True


def test_a_failed_close_is_counted() -> None:
    import asyncio

    class Gone:
        async def close(self) -> None:
            raise RuntimeError("Target page, context or browser has been closed")

    async def scenario() -> ContextPool:
        pool = ContextPool(RenderConfig(max_pages_per_context=1, recycle_after=1))
        first, _ = pool.acquire("cn")
        pool.release(first, Gone())
        pool.acquire("cn")  # retires `first`: its close raises
        await asyncio.sleep(0.01)
        return pool

    pool = asyncio.run(scenario())
    assert (pool.closed, pool.close_failed) == (1, 1)


def test_hang_monitor_answers_before_a_navigation_times_out() -> None:
    """EXSCOUT_RENDER_HANG_MS is capped at 40 % of DOWNLOAD_TIMEOUT (pages held by a hung
    renderer are freed before their own navigation fails), at least 1 s, 0 turns it off."""
    def hang(**settings: Any) -> int:
        return RenderConfig.from_settings(Settings(settings)).hang_after_ms

    assert hang() == 8000
    assert hang(DOWNLOAD_TIMEOUT=10) == 4000
    assert hang(DOWNLOAD_TIMEOUT=1) == 1000
    assert hang(EXSCOUT_RENDER_HANG_MS=3000) == 3000
    assert hang(EXSCOUT_RENDER_HANG_MS=0) == 0
    with pytest.raises(NotConfigured):
        hang(EXSCOUT_RENDER_HANG_MS=-5)
    capture = RenderCapture.for_config(RenderConfig.from_settings(Settings({"DOWNLOAD_TIMEOUT": 10})))
    assert capture.hang_after_ms == 4000
    capture.on_hang(4.0)
    assert capture.notes == ["renderer held for 4.0 s without answering: its running script was stopped"]


def test_renderer_process_limit_shares_renderers_without_replacing_playwright_features() -> None:
    """Without the setting, Chromium's process per site (crawler.settings sets 4); an explicit limit in the extra flags wins."""
    shared = RenderConfig.from_settings(Settings({"EXSCOUT_RENDER_PROCESS_LIMIT": 4})).chromium_args
    assert "--disable-site-isolation-trials" in shared and "--renderer-process-limit=4" in shared
    # Playwright passes its own --disable-features list; a second one would replace it.
    assert not [a for a in shared if a.startswith("--disable-features")]
    isolated = RenderConfig.from_settings(Settings()).chromium_args
    assert not [a for a in isolated if "site-isolation" in a or "renderer-process-limit" in a]
    mine = RenderConfig.from_settings(Settings({"EXSCOUT_CHROMIUM_ARGS": "--renderer-process-limit=2"})).chromium_args
    assert [a for a in mine if a.startswith("--renderer-process-limit")] == ["--renderer-process-limit=2"]
    with pytest.raises(NotConfigured):
        RenderConfig.from_settings(Settings({"EXSCOUT_RENDER_PROCESS_LIMIT": -1}))
