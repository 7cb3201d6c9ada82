"""RenderLane: render requests wait in the spider, not in Scrapy's downloader, until the browser can take them.

Scrapy counts a request against ``CONCURRENT_REQUESTS`` from the moment the
downloader takes it. A scrapy-playwright request then waits inside the
download handler for a free page of its context
(``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT``), still holding its downloader slot. The
probe discovers app shells far faster than one browser renders them (static
pages: tens per second; renders: a few), and render requests carry a higher
priority than static ones, so without a gate the backlog of renders fills every
downloader slot and static fetching stops until the backlog drains
(docs/performance.md, "render lane"). The lane keeps at most ``capacity`` render
requests per vantage in Scrapy's hands, the number of pages that vantage's
context can actually run; the rest are parked here and handed back to Scrapy as
earlier renders finish, **oldest site first** (``meta["exscout_site_serial"]``,
then arrival): a site's later renders (its fiat route, found on its rendered
home) overtake newer sites' first ones, so sites finish, and free their pages'
memory, in the order they were opened rather than all at the end.

The lane counts and orders: the spider tells it when a render request it admitted
has ended (callback or errback) and schedules what ``done`` returns. ``bind`` is
called on each render request as it leaves the lane for Scrapy (the spider names
its browser context then, so contexts are only ever given pages that can run).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable
from typing import Any


def is_render(request: Any) -> bool:
    """True for a request scrapy-playwright will render."""
    meta = getattr(request, "meta", None)
    return bool(meta and meta.get("playwright"))


def vantage_of(request: Any) -> str:
    return str(request.meta.get("exscout_vantage") or "intl")


def site_serial(request: Any) -> int:
    """Opening order of the request's site (0 when unknown: such requests go first)."""
    try:
        return int(request.meta.get("exscout_site_serial") or 0)
    except (TypeError, ValueError):
        return 0


class RenderLane:
    """At most ``capacity`` admitted render requests per vantage; the rest wait here, oldest site first."""

    def __init__(self, capacity: int, bind: Callable[[Any], None] | None = None) -> None:
        if capacity < 1:
            raise ValueError(f"render lane capacity must be >= 1, not {capacity}")
        self.capacity = capacity
        self.bind = bind
        self.in_flight: dict[str, int] = {}
        self.parked: dict[str, list[tuple[int, int, Any]]] = {}  # vantage -> heap of (site serial, arrival, request)
        self._arrival = itertools.count()
        self.max_parked = 0  # high-water mark, for the crawl's stats

    def __len__(self) -> int:
        return sum(len(q) for q in self.parked.values())

    def admit(self, requests: Iterable[Any]) -> list[Any]:
        """The callback's output with render requests beyond capacity taken out (parked)."""
        out: list[Any] = []
        for request in requests:
            if not is_render(request):
                out.append(request)
                continue
            vantage = vantage_of(request)
            if self.in_flight.get(vantage, 0) < self.capacity:
                self.in_flight[vantage] = self.in_flight.get(vantage, 0) + 1
                out.append(self._bound(request))
            else:
                heapq.heappush(self.parked.setdefault(vantage, []), (site_serial(request), next(self._arrival), request))
                self.max_parked = max(self.max_parked, len(self))
        return out

    def done(self, request: Any) -> list[Any]:
        """An admitted render request ended: the next parked one of its vantage, if any, may go."""
        if not is_render(request):
            return []
        vantage = vantage_of(request)
        self.in_flight[vantage] = max(0, self.in_flight.get(vantage, 0) - 1)
        queue = self.parked.get(vantage)
        if queue and self.in_flight[vantage] < self.capacity:
            self.in_flight[vantage] += 1
            return [self._bound(heapq.heappop(queue)[2])]
        return []

    def _bound(self, request: Any) -> Any:
        if self.bind is not None:
            self.bind(request)
        return request

    def drain(self) -> list[Any]:
        """Everything parked, counted as admitted: for when Scrapy is idle (a request ended unseen)."""
        out: list[Any] = []
        for vantage, queue in self.parked.items():
            self.in_flight[vantage] = 0
            while queue and self.in_flight[vantage] < self.capacity:
                self.in_flight[vantage] += 1
                out.append(self._bound(heapq.heappop(queue)[2]))
        return out
