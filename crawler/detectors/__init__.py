"""Pure detectors: one fetched :class:`~crawler.detectors.page.Page` in, one :class:`~crawler.verdict.Verdict` out.

Modules: ``chinese_ui``, ``cny_onramp``, ``exchange``, ``icp``, ``region_block``
(each ``detect(page)`` and ``combine(verdicts)``; ``region_block.compare``),
``links`` (``telling_links``, ``mirror_domains``) and ``shell``
(``needs_render``). No network, no Scrapy: the probe spider calls them.
"""

from crawler.detectors.page import Page

__all__ = ["Page"]
