"""Scrapy settings for the exscout crawler (the module scrapy.cfg names).

Sections: Scrapy core, politeness and retries, exscout middlewares, then the
``EXSCOUT_*`` settings per component (discover now, probe below it). Every
``EXSCOUT_*`` setting has a comment saying what it does and why its default;
spiders and middlewares read them in ``from_crawler`` and nowhere else.
Override per run with ``-s NAME=value`` or a spider's ``custom_settings``.
"""

from __future__ import annotations

import os

# --- Scrapy core ---------------------------------------------------------------------------------

BOT_NAME = "exscout"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Investigations look at what an ordinary visitor sees, robots.txt or not; exscout only
# fetches a handful of pages per site.
ROBOTSTXT_OBEY = False

# A current desktop Chrome: some exchanges serve bots a different (or no) page.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
}

# The asyncio reactor: needed by scrapy-playwright (probe) and lets components await asyncio code.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# REQUEST_FINGERPRINTER_IMPLEMENTATION is gone in Scrapy >= 2.13 (only "2.7" remained); not set.
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Scrapy's default queue (DownloaderAwarePriorityQueue) scans every pending host slot on each
# pop: with a home request queued per site, a 2,000-site probe spent 43 % of its time there and
# stalled (docs/performance.md, F1). Per-host politeness stays with CONCURRENT_REQUESTS_PER_DOMAIN.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.ScrapyPriorityQueue"

# --- Politeness, timeouts and retries ------------------------------------------------------------

DOWNLOAD_TIMEOUT = 30
CONCURRENT_REQUESTS_PER_DOMAIN = 4
RETRY_ENABLED = True
RETRY_TIMES = 2
# 429 is left to RetryAfterMiddleware, which waits as the server asks (or backs off) instead of
# retrying at once; it also takes 503s that carry Retry-After. Scrapy's default list minus 429.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]

DOWNLOADER_MIDDLEWARES = {
    # First of all (lowest number): a request for a host that resolves to loopback, private,
    # link-local, CGNAT, multicast or reserved space never reaches the downloader, and a
    # redirect re-enters here, so every hop is checked again.
    "crawler.middlewares.ssrf.SsrfGuardMiddleware": 50,
    # Before HttpProxyMiddleware (750) so that it sees meta["proxy"] like any other proxy.
    "crawler.middlewares.proxy.ExscoutProxyMiddleware": 740,
    # Above RetryMiddleware (550): process_response runs from high to low numbers, so 429/503
    # reach this one first.
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
}

# --- exscout: network vantage ---------------------------------------------------------------------

# Proxy URL every request goes through (request.meta["proxy"]), e.g. the simweb intl/cn proxy
# "http://127.0.0.1:8080" or a real per-vantage proxy. Unset or empty: direct connections
# (ExscoutProxyMiddleware switches itself off). A request that sets meta["proxy"] keeps its own.
EXSCOUT_PROXY = os.environ.get("EXSCOUT_PROXY", "")

# --- exscout: SSRF guard (crawler/middlewares/ssrf.py) ---------------------------------------------

# Refuse to fetch any URL whose host resolves to a non-public address (also after redirects).
# Off only for tests of the guard itself: investigators' networks are what it protects.
EXSCOUT_SSRF_GUARD = True
# Resolvers the guard asks ("ip:port"); empty: the system's. exscout sets simweb's intl DNS
# in simweb mode and the --resolver values live, i.e. what the proxy itself will be told.
EXSCOUT_SSRF_RESOLVERS: list[str] = []
# Seconds one guard lookup may take before the request fails as a DNS timeout.
EXSCOUT_SSRF_DNS_TIMEOUT = 3.0
# Host answers kept (LRU), so a site's dozen pages cost one lookup.
EXSCOUT_SSRF_CACHE_SIZE = 4096
# Longest time (s) an answer is trusted (and at most its TTL): a name that changes is re-checked.
EXSCOUT_SSRF_CACHE_TTL = 300.0

# --- exscout: Retry-After handling (crawler/middlewares/retry_after.py) ---------------------------

# Longest wait honoured for one Retry-After (seconds). Larger values are clamped: a listing
# API that asks for an hour is better reported as a source_error than waited for.
EXSCOUT_RETRY_AFTER_MAX_S = 120.0
# How many times one request is retried after 429/503 before the response is passed on.
EXSCOUT_RETRY_AFTER_TIMES = 4
# Wait without a Retry-After header: BASE * 2**attempt seconds (then clamped to MAX_S).
EXSCOUT_RETRY_AFTER_BASE_S = 2.0

# --- exscout: discover (listing spiders) ------------------------------------------------------------

# CoinGecko demo API key, sent as header x-cg-demo-api-key. Empty: keyless (IP rate-limited,
# about 10-30 calls/min). Falls back to the COINGECKO_API_KEY environment variable.
EXSCOUT_COINGECKO_API_KEY = os.environ.get("COINGECKO_API_KEY", "")
# API base; point it at a test server or the pro host (https://pro-api.coingecko.com/api/v3).
EXSCOUT_COINGECKO_BASE_URL = "https://api.coingecko.com/api/v3"
# Page size for /exchanges; 250 is the documented maximum (fewest calls against the rate limit).
EXSCOUT_COINGECKO_PER_PAGE = 250
# CoinPaprika API base (free plan, no key, no pagination).
EXSCOUT_COINPAPRIKA_BASE_URL = "https://api.coinpaprika.com/v1"
# Upper bound on pages fetched from a paginated listing (CoinGecko needs ~5 at 250/page); stops
# a server that ignores `page` or never answers [] from looping forever.
EXSCOUT_LISTING_MAX_PAGES = 40
# Stop paging after this many pages in a row that could not be read (errors, not JSON).
EXSCOUT_LISTING_MAX_CONSECUTIVE_ERRORS = 3
# Seed files read by the `seeds` spider when no `-a files=` argument is given (a list, or a
# comma-separated string): text (one URL/domain per line, # comments) or CSV (url/domain column).
EXSCOUT_SEEDS_FILES: list[str] = []

# --- exscout: probe ----------------------------------------------------------------------------------
# (probe settings go here)
# Owned by the probe (crawler/spiders/probe.py, crawler/render.py); edit only inside this section.
# Vantage: EXSCOUT_PROXY above is the intl vantage. When EXSCOUT_CN_PROXY is set (a proxy inside
# mainland China, or simweb's cn proxy), every site's home page is also fetched there and
# region_block.compare(intl_home, cn_home) gives geoblocks_cn. Empty: geoblocks_cn stays unknown.
EXSCOUT_CN_PROXY = os.environ.get("EXSCOUT_CN_PROXY", "")
# Pages fetched per site beyond its home page(s): Chinese variants, fiat/P2P/OTC, mirror lists,
# terms. 12 decides nearly every site; more mostly re-reads the same menus.
EXSCOUT_PROBE_MAX_PAGES = 12
# Bytes downloaded per site (all its pages); also each response's DOWNLOAD_MAXSIZE. An exchange
# home page is 50-500 KB; a 5 MB "page" is a download or a trap.
EXSCOUT_PROBE_MAX_BYTES = 5 * 1024 * 1024
# Hops from a seed through mirror lists / cross-domain redirects that still join the crawl as
# sites of the same platform (1 = the seed's own mirrors only).
EXSCOUT_PROBE_MIRROR_DEPTH = 2
# Mirror domains one site may link and add to the crawl (the rest are dropped): a page that
# "lists" hundreds of domains is a link farm, and each joined site costs a full probe.
EXSCOUT_PROBE_MAX_MIRRORS = 20
# Seeds open as earlier sites finish, at most this many open at once (0: all at once). Bounds the
# probe's memory whatever the number of seeds; 400 keeps 64 requests in flight with room to spare.
EXSCOUT_PROBE_MAX_OPEN_SITES = 400
# Link hops from the home page that are followed inside a site (2 = home -> zh home -> zh P2P).
EXSCOUT_PROBE_LINK_DEPTH = 2
# Sent on every probe request: the Chinese UI first, so negotiated pages show it.
EXSCOUT_PROBE_ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.8"
# Try https://zh.<domain>/ and https://cn.<domain>/ when the home shows no Chinese UI and links
# to no Chinese variant (a name that does not resolve costs one fast proxy answer).
EXSCOUT_PROBE_LANGUAGE_SUBDOMAINS = True
# Requests in flight per host: polite to small sites and keeps one slow site from hogging slots.
EXSCOUT_PROBE_CONCURRENT_PER_DOMAIN = 2
# Requests in flight in all (the probe's CONCURRENT_REQUESTS): many slow sites at once.
EXSCOUT_PROBE_CONCURRENT_REQUESTS = 64
# Page bodies and screenshots in items: "bytes" (what the store keeps), "base64" (so that
# `scrapy crawl probe -O items.jsonl` can write them: JSON has no bytes) or "omit".
EXSCOUT_PROBE_BODIES = "bytes"
# Replace detector modules ({"exchange": "pkg.mod", ...}); empty: crawler.detectors.*.
EXSCOUT_PROBE_DETECTORS: dict[str, str] = {}

# Rendering (scrapy-playwright). auto: render only pages whose static HTML is an app shell or
# leaves exchange/chinese_ui/cny_onramp undecided; never: no browser at all; always: every page.
EXSCOUT_RENDER = "auto"
# Debian's Chromium: Playwright's own browser download does not work offline.
EXSCOUT_CHROMIUM_PATH = "/usr/bin/chromium"
# Extra Chromium flags (list or space-separated), e.g. simweb.testing.chromium_args(endpoints);
# the sandbox-free basics are always added.
EXSCOUT_CHROMIUM_ARGS: list[str] = []
# SPKI sha256 (base64) of certificates Chromium accepts anyway (simweb's shared leaf key).
EXSCOUT_CHROMIUM_SPKI = ""
# Concurrent pages per browser context (PLAYWRIGHT_MAX_PAGES_PER_CONTEXT): ~6 renders/s on 2 cores.
EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT = 4
# A context is closed and replaced after this many pages: long-lived contexts leak memory, but a
# fresh one is dear (recycling every 40 pages cost 28 % more Chromium CPU per render than never:
# docs/performance.md, F14), and one that has served hundreds of pages slows the browser process down.
EXSCOUT_RENDER_RECYCLE_AFTER = 150
# Contexts alive at once (PLAYWRIGHT_MAX_CONTEXTS): one per vantage plus ones being recycled
# (a retired context closes when its last page ends, or after a grace period at the latest).
EXSCOUT_RENDER_MAX_CONTEXTS = 8
# Drive Playwright from its own thread's event loop (scrapy-playwright's threaded loop) instead of
# the reactor's: a render is dozens of driver round trips, each waiting for the reactor to finish
# whatever static parsing it is doing. On: renders start at once instead of after the static burst,
# and peak memory is ~12 % lower; the wall time on a CPU-bound box is the same (docs/performance.md,
# F17). Off by default: it rests on a private scrapy-playwright setting.
EXSCOUT_RENDER_THREADED_LOOP = False
# Renderer processes Chromium keeps (--renderer-process-limit); the pages of one context then share
# them whatever their site. 0: Chromium's own model, a new process per site (site isolation).
# A new renderer process is most of what rendering a small app shell costs: a limit of 4 cut
# Chromium CPU per render from 461 to 317 ms at 2,000 sites (docs/performance.md, F18). What
# sharing costs on hostile pages: a script that never yields holds every page of its process
# until the hang monitor stops it (EXSCOUT_RENDER_HANG_MS), and a page that crashes its renderer
# takes those pages down (each is retried once). Contexts never share processes.
EXSCOUT_RENDER_PROCESS_LIMIT = 4
# A rendered page's renderer that answers no trivial evaluation for this long (ms) is held by a
# script that never yields; the guard stops that script (CDP Runtime.terminateExecution) and the
# page is read as it stands. Capped at 40 % of the navigation timeout (DOWNLOAD_TIMEOUT, at most
# 60 s) so that the pages sharing a hung renderer are freed before their own navigation times
# out, and never below 1 s. 0: only the hard watchdog (2 x DOWNLOAD_TIMEOUT + 5 s) stops such
# scripts.
EXSCOUT_RENDER_HANG_MS = 8000
# Renders per site at most (a JS-only site renders its home and a few telling pages).
EXSCOUT_RENDER_MAX_PER_SITE = 6
# How long a rendered page may keep loading XHRs after "load" before it is read (ms).
EXSCOUT_RENDER_SETTLE_MS = 3000
# JSON responses kept per rendered page (count, bytes each), passed to detectors as json_payloads.
EXSCOUT_RENDER_JSON_MAX_COUNT = 20
# Bytes read of each such JSON response (fiat lists and P2P ads are small; a 10 MB body is not one).
EXSCOUT_RENDER_JSON_MAX_BYTES = 512 * 1024
# Screenshot of rendered pages, attached to the page record (the store keeps candidates').
EXSCOUT_SCREENSHOTS = True
# Its format: "jpeg" or "png". Chromium encodes a 1280x800 JPEG in a fraction of a PNG's time: PNG
# cost a render ~60 ms of CPU, a sixth of the whole render, against 0-30 ms for JPEG at quality 70
# (docs/performance.md, F19). The page's HTML is kept either way.
EXSCOUT_SCREENSHOT_TYPE = "jpeg"
# JPEG quality, 1-100: at 80 the text of a page stays as legible as an investigator needs.
EXSCOUT_SCREENSHOT_QUALITY = 80
# Photograph every rendered page; by default only pages showing Han text are (a candidate shows a
# Chinese UI, and only candidates' screenshots are kept), which saves a fifth of most renders.
EXSCOUT_SCREENSHOTS_ALL = False
