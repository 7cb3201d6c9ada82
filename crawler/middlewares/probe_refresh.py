"""SafeMetaRefreshMiddleware: Scrapy's meta-refresh redirects, minus the crash on junk targets.

Sites under investigation write ``<meta http-equiv="refresh" content="0;url=javascript:…">``
(and worse). Scrapy's ``MetaRefreshMiddleware`` builds the redirect request before it
checks the scheme, and a target that cannot be a URL raises ``ValueError``: the response
is lost and the whole site is recorded as ``error``. Here such a refresh is ignored and
the page itself reaches the probe, as a browser would show it. The probe installs this in
place of Scrapy's at the same order (580); see ``ProbeSpider.update_settings``.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


class SafeMetaRefreshMiddleware(MetaRefreshMiddleware):
    """``MetaRefreshMiddleware`` that passes the page on when the refresh target is not a URL."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except ValueError as exc:
            logger.debug("ignoring meta refresh on %s: %s", response.url, exc)
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("exscout/probe/meta_refresh_ignored")
            return response
