"""The project's Scrapy settings with a shorter download timeout, for the reliability suite.

Why: the fault corpus has hosts that never answer and a 30-second trickle; at the
production ``DOWNLOAD_TIMEOUT`` (30 s) each such site costs a minute (https, then
http) and the suite would not fit its CI budget. Everything else is
``crawler.settings`` unchanged, so the run exercises the product's own wiring.
Subprocesses get it through ``SCRAPY_SETTINGS_MODULE=tests.reliability.fast_settings``.
"""

from crawler.settings import *  # noqa: F403

DOWNLOAD_TIMEOUT = 10
