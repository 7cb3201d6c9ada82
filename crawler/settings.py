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

# --- Politeness, timeouts and retries ------------------------------------------------------------

DOWNLOAD_TIMEOUT = 30
CONCURRENT_REQUESTS_PER_DOMAIN = 4
RETRY_ENABLED = True
RETRY_TIMES = 2
# 429 and 503 are left to RetryAfterMiddleware, which waits as the server asks instead of
# retrying at once (Scrapy's default list minus those two).
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]

DOWNLOADER_MIDDLEWARES = {
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
