"""RetryAfterMiddleware: retry 429 (and 503 with Retry-After) after the wait the server asks for.

Listing APIs rate-limit (CoinGecko keyless: ~10-30 calls/min, HTTP 429), so a
plain immediate retry would just burn the quota. This middleware waits for the
``Retry-After`` header (delta-seconds or an HTTP date; RFC 9110 §10.2.3),
bounded by ``EXSCOUT_RETRY_AFTER_MAX_S``, or ``BASE * 2**attempt`` seconds when
the header is absent or unreadable, then retries through Scrapy's
``get_retry_request`` (same stats and give-up logging as RetryMiddleware), up to
``EXSCOUT_RETRY_AFTER_TIMES`` times; after that the response passes on.

The wait is ``await scrapy.utils.asyncio.sleep(...)`` inside an async
``process_response``: the reactor keeps serving other requests meanwhile.
Which responses: every 429; a 503 only when it carries ``Retry-After`` (a
maintenance window). A bare 503 is left to Scrapy's RetryMiddleware (immediate,
``RETRY_TIMES``): Cloudflare challenge pages and dead origins answer 503 too,
and the probe must not spend a minute of backoff on each. ``RETRY_HTTP_CODES``
must leave out 429 (crawler/settings.py does) so that RetryMiddleware, which
sees responses after this one, does not retry them without waiting.
Stats: ``exscout/retry_after/count`` and ``…/reason_count/<status> <why>`` (from
``get_retry_request``), ``exscout/retry_after/waited_s``, ``…/clamped``, ``…/gave_up``.
"""

from __future__ import annotations

import email.utils
import logging
import time
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import sleep

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: Statuses retried even without a Retry-After header (with exponential backoff).
BACKOFF_STATUSES = frozenset({429})
#: Statuses retried only when the server says when (Retry-After).
RETRY_AFTER_STATUSES = frozenset({429, 503})


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), or None if unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware:
    """Wait (without blocking) and retry on 429/503, honouring Retry-After."""

    def __init__(self, crawler: Crawler, max_wait: float, times: int, base: float) -> None:
        self.crawler = crawler
        self.max_wait = max_wait
        self.times = times
        self.base = base

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        times = settings.getint("EXSCOUT_RETRY_AFTER_TIMES", 4)
        if times <= 0:
            raise NotConfigured("EXSCOUT_RETRY_AFTER_TIMES is 0")
        return cls(
            crawler,
            max_wait=settings.getfloat("EXSCOUT_RETRY_AFTER_MAX_S", 120.0),
            times=times,
            base=settings.getfloat("EXSCOUT_RETRY_AFTER_BASE_S", 2.0),
        )

    def wait_for(self, response: Response, attempt: int) -> tuple[float, str]:
        """How long to wait before retry number ``attempt + 1``, and where that figure came from."""
        asked = parse_retry_after(response.headers.get(b"Retry-After"))
        if asked is None:
            wait, why = self.base * (2**attempt), "backoff"
        else:
            wait, why = asked, "retry-after"
        if wait > self.max_wait:
            self.crawler.stats.inc_value("exscout/retry_after/clamped")
            wait = self.max_wait
        return wait, why

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_AFTER_STATUSES or request.meta.get("dont_retry"):
            return response
        if response.status not in BACKOFF_STATUSES and b"Retry-After" not in response.headers:
            return response
        attempt = request.meta.get("retry_times", 0)
        if attempt >= self.times:
            self.crawler.stats.inc_value("exscout/retry_after/gave_up")
            return response
        wait, why = self.wait_for(response, attempt)
        logger.info(
            "HTTP %(status)s for %(url)s: waiting %(wait).1fs (%(why)s) before retry %(n)d/%(max)d",
            {
                "status": response.status,
                "url": request.url,
                "wait": wait,
                "why": why,
                "n": attempt + 1,
                "max": self.times,
            },
        )
        await sleep(wait)
        stats = self.crawler.stats
        stats.inc_value("exscout/retry_after/waited_s", wait)
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} {why}",
            max_retry_times=self.times,
            stats_base_key="exscout/retry_after",
        )
        return retry if retry is not None else response
