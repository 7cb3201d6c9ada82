"""Pure detectors: one fetched :class:`~crawler.detectors.page.Page` in, one :class:`~crawler.verdict.Verdict` out.

No network, no Scrapy: the probe spider builds a ``Page`` per response and calls them.

- ``page``: ``Page`` (decoding, visible text, links, meta, hreflangs, scripts, JSON payloads).
- ``chinese_ui``, ``cny_onramp``, ``exchange``, ``icp``, ``region_block``: each
  ``detect(page) -> Verdict`` (one page) and ``combine(verdicts) -> Verdict`` (one
  site); ``region_block.compare(intl_home, cn_home)`` gives ``geoblocks_cn``.
- ``links``: ``telling_links(page) -> list[Link]``, ``mirror_domains(page) -> list[str]``.
- ``shell``: ``needs_render(page, undecided=False) -> (bool, reason)``.
- ``textstats``: Han/kana/Hangul and Simplified/Traditional character statistics.
- ``_fast``: keyword regexes compiled for lower-cased text (why: speed, see there).
"""

from crawler.detectors.page import Page

__all__ = ["Page"]
