"""One exscout job: discover → probe → enrich → decide, persisted site by site so it can resume.

Every stage reads its work from the store and writes each finished unit (a
probed site, an enriched domain) in its own transaction, and listings and
decisions a page at a time (``LISTING_PAGE``, ``DECIDE_PAGE``), each page in one
transaction. A run killed at any moment therefore loses at most the units (or the
page) in flight, and ``resume`` redoes exactly those: the store's per-site status
(pending → probed → enriched → decided) is the run's queue. (Discover and decide
are redone whole on resume anyway: listings are upserts, decisions are replaced.)
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exscout.errors import UsageError
from exscout.network import Network, NetworkOptions

log = logging.getLogger(__name__)

SOURCES = {"coingecko": "coingecko", "coinpaprika": "coinpaprika", "ccxt": "ccxt_exchanges", "seeds": "seeds"}
"""Listing source name (CLI) → spider name."""
LIVE_SOURCES = ("coingecko", "coinpaprika", "ccxt", "seeds")
# ccxt's metadata names real exchanges that an offline corpus does not contain; probing
# them there would only add rows of dead sites, so simweb runs leave it out unless asked.
SIMWEB_SOURCES = ("coingecko", "coinpaprika", "seeds")
STAGES = ("discover", "probe", "enrich", "decide")
DECIDE_PAGE = 500  # domains read (and decisions written, one transaction) per page while deciding
LISTING_PAGE = 250  # listings written per transaction while discovering (a listing API's page)


@dataclass
class RunOptions:
    """Everything one job needs; the CLI builds it from its options."""

    network: NetworkOptions = field(default_factory=NetworkOptions)
    sources: tuple[str, ...] | None = None  # None: the mode's default sources
    seeds: tuple[Path, ...] = ()
    domains: tuple[str, ...] = ()
    stages: tuple[str, ...] = STAGES
    render: str = "auto"
    resume: bool = False
    log_level: str = "WARNING"
    scrapy_overrides: dict[str, Any] = field(default_factory=dict)

    def chosen_sources(self) -> tuple[str, ...]:
        if self.sources is not None:
            unknown = [s for s in self.sources if s not in SOURCES]
            if unknown:
                raise UsageError(f"--source: unknown {', '.join(unknown)} (choose from {', '.join(SOURCES)})")
            return self.sources
        return SIMWEB_SOURCES if self.network.simweb is not None else LIVE_SOURCES

    def to_record(self) -> dict[str, Any]:
        net = self.network
        return {
            "sources": list(self.chosen_sources()), "seeds": [str(p) for p in self.seeds],
            "domains": list(self.domains), "stages": list(self.stages), "render": self.render,
            "simweb": str(net.simweb) if net.simweb else None, "proxy": net.proxy, "cn_proxy": net.cn_proxy,
            "resolvers": net.resolvers, "cn_resolvers": net.cn_resolvers,
        }  # fmt: skip


@dataclass
class SourceTally:
    """Per listing source: what the summary table shows."""

    fetched: int = 0
    new: int = 0
    merged: int = 0
    rejected: int = 0
    errors: int = 0
    reasons: Counter[str] = field(default_factory=Counter)


@dataclass
class JobSummary:
    run_id: int
    sources: dict[str, SourceTally] = field(default_factory=dict)
    probed: int = 0
    rendered: int = 0
    render_reasons: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    enriched: int = 0
    decided: int = 0
    candidates: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(t.errors for t in self.sources.values())


Progress = Callable[[str, int, int | None, str], None]
"""``progress(stage, done, total, note)``; total None while unknown."""


def _quiet(_stage: str, _done: int, _total: int | None, _note: str) -> None:
    return None


class Job:
    """Runs the chosen stages of one run against one store."""

    def __init__(self, store: Any, options: RunOptions, progress: Progress | None = None) -> None:
        self.store = store
        self.options = options
        self.progress = progress or _quiet

    # -- entry point ------------------------------------------------------------------------------

    def run(self) -> JobSummary:
        """Start (or resume) the run, do every stage, close the run; Ctrl-C leaves it resumable."""
        from exscout.scrapy_bridge import run_on_reactor

        opts = self.options
        opts.chosen_sources()  # fail on a bad --source before anything starts
        # The run (and with it the store's lock) first: a second run is refused at once,
        # before simweb or a browser has started.
        network = Network(opts.network)  # validates only; nothing starts before the lock is held
        if opts.resume:
            run_id = self.store.resume_run("latest")
        else:
            corpus = str(opts.network.simweb) if opts.network.simweb else None
            run_id = self.store.start_run(opts.to_record(), mode=network.mode, corpus=corpus)
        summary = JobSummary(run_id=run_id)
        try:
            with network as net:
                run_on_reactor(lambda: self._stages(net, summary), settings=self._settings(net))
        except BaseException:
            self.store.finish_run(run_id, status="interrupted")  # resumable; releases the lock
            raise
        # A stage command (discover, probe) leaves the run open for the next one.
        final = "finished" if "decide" in opts.stages else "interrupted"
        counts = self.store.finish_run(run_id, status=final)
        summary.candidates = counts.get("candidates", 0)
        return summary

    async def _stages(self, net: Network, summary: JobSummary) -> None:
        run_id = summary.run_id
        stages = self.options.stages
        run = self.store.get_run(run_id) or {}
        done_stages = set((run.get("options") or {}).get("stages_done") or [])
        if "discover" in stages and "discover" not in done_stages:
            await self.discover(net, summary)
            self.store.mark_stage_done(run_id, "discover")
        if "probe" in stages:
            await self.probe(net, summary)
        if "enrich" in stages:
            await self.enrich(net, summary)
        if "decide" in stages:
            self.decide(summary)

    # -- discover ---------------------------------------------------------------------------------

    async def discover(self, net: Network, summary: JobSummary) -> None:
        from exscout.scrapy_bridge import crawl

        opts = self.options
        run_id = summary.run_id
        if opts.domains:
            added = self.store.queue_domains(run_id, self._normalised(opts.domains, summary))
            self.progress("discover", added, added, "domains given on the command line")
        for source in opts.chosen_sources():
            tally = summary.sources.setdefault(source, SourceTally())
            kwargs: dict[str, Any] = {}
            if source == "seeds":
                if opts.seeds:
                    kwargs["files"] = ",".join(str(p) for p in opts.seeds)
                if opts.network.simweb is not None:
                    kwargs["corpus"] = str(opts.network.simweb)
                if not kwargs:
                    continue  # no seed files and no corpus: nothing to read, not an error

            listings: list[dict[str, Any]] = []

            def sink(
                item: dict[str, Any],
                _spider: Any,
                tally: SourceTally = tally,
                source: str = source,
                listings: list[dict[str, Any]] = listings,
            ) -> None:
                self._record_discovered(run_id, source, item, tally, listings)

            runner = self._runner(net, sink)
            try:
                await crawl(runner, SOURCES[source], **kwargs)
            finally:
                self._flush_listings(run_id, listings, tally)

    def _normalised(self, raw: Sequence[str], summary: JobSummary) -> list[str]:
        from crawler.normalize import Normalised, normalise

        out = []
        for value in raw:
            result = normalise(value)
            if isinstance(result, Normalised):
                out.append(result.domain)
            else:
                summary.errors.append(f"--domains {value!r}: {result.reason}")
        return out

    def _record_discovered(
        self,
        run_id: int,
        source: str,
        item: dict[str, Any],
        tally: SourceTally,
        listings: list[dict[str, Any]],
    ) -> None:
        """One discover item: listings are kept for ``_flush_listings`` (a page per transaction);
        rejections and source errors are written at once (they are few)."""
        kind = item.get("kind")
        if kind == "listing":
            tally.fetched += 1
            missing = [key for key in ("domain", "source") if key not in item]
            if missing:  # fails this item alone (Scrapy logs it), not the page it would join
                raise KeyError(f"listing item without {' or '.join(missing)}: {item!r}")
            listings.append(item)
            if len(listings) >= LISTING_PAGE:
                self._flush_listings(run_id, listings, tally)
        else:
            if kind == "rejected":
                tally.rejected += 1
                tally.reasons[str(item.get("reason", ""))] += 1
            elif kind == "source_error":
                tally.errors += 1
                log.warning("%s: %s: %s", source, item.get("where"), item.get("reason"))
            self.store.add(item, run_id=run_id)
        self.progress("discover", tally.fetched, None, f"{source}: {item.get('domain', item.get('where', ''))}")

    def _flush_listings(self, run_id: int, listings: list[dict[str, Any]], tally: SourceTally) -> None:
        """Write the kept listings in one transaction; count each as new or merged (already listed)."""
        if not listings:
            return
        known = self.store.add_listings(listings, run_id=run_id)
        listings.clear()
        merged = sum(known)
        tally.merged += merged
        tally.new += len(known) - merged

    # -- probe ------------------------------------------------------------------------------------

    async def probe(self, net: Network, summary: JobSummary) -> None:
        from exscout.scrapy_bridge import crawl

        run_id = summary.run_id
        pending = self.store.pending_domains(run_id, before="probed")
        if not pending:
            return
        platforms = {d: p for d, p in self.store.platforms(pending).items() if p}
        queued = set(pending)
        total = len(pending)
        done = 0

        def sink(item: dict[str, Any], _spider: Any) -> None:
            nonlocal done, total
            if item.get("kind") != "site":
                return
            self.store.record_site(run_id, item, queue=self._joining(item, max_depth))
            stats = item.get("stats") or {}
            summary.probed += 1
            summary.pages += int(stats.get("pages", 0))
            summary.rendered += int(stats.get("rendered", 0))
            summary.render_reasons.update(stats.get("render_reasons") or {})
            summary.outcomes[str(item.get("outcome"))] += 1
            done += 1
            if item["domain"] not in queued:
                total += 1  # a mirror or redirect target joined the crawl
            self.progress("probe", done, total, f"{item['domain']}: {item.get('outcome')}")

        runner = self._runner(net, sink)
        max_depth = runner.settings.getint("EXSCOUT_PROBE_MIRROR_DEPTH", 2)
        self.progress("probe", 0, total, "starting")
        await crawl(runner, "probe", domains=",".join(pending), platforms=platforms)

    @staticmethod
    def _joining(item: dict[str, Any], max_depth: int) -> list[str]:
        """Mirrors and redirect targets this site adds to the run (within the probe's depth bound)."""
        if int(item.get("depth") or 0) + 1 > max_depth:
            return []
        return [str(link["domain"]) for link in item.get("linked") or []
                if link.get("relation") in ("mirror", "redirect") and link.get("domain")]  # fmt: skip

    # -- enrich -----------------------------------------------------------------------------------

    async def enrich(self, net: Network, summary: JobSummary) -> None:
        from enrich.dns import DnsClient
        from enrich.pipeline import enrich_domain
        from enrich.rdap import RdapCache

        run_id = summary.run_id
        statuses = self.store.statuses(run_id)
        todo = [d for d, s in sorted(statuses.items()) if s == "probed"]
        if not todo:
            return
        cfg = net.enrich_config()
        rdap = RdapCache(cfg)
        dns = DnsClient(cfg)
        queue = iter(todo)
        done = 0

        async def worker() -> None:
            # A fixed set of workers, each reading its next site only when it can enrich it:
            # one task per domain would read every site from the store before the first
            # lookup (+100 MB at 10,000 sites, docs/performance.md F15).
            nonlocal done
            for domain in queue:
                site = self.store.site(run_id, domain) or {}
                facts = await enrich_domain(domain, list(site.get("hosts") or []), cfg, rdap, dns=dns)
                self.store.record_enrichment(run_id, domain, facts.to_dict())
                summary.enriched += 1
                done += 1
                self.progress("enrich", done, len(todo), domain)

        try:
            await asyncio.gather(*(worker() for _ in range(max(1, min(cfg.domain_concurrency, len(todo))))))
        finally:
            rdap.close()
            # What the registries cost, kept with the run (the benchmark reads rdap_queries here).
            self.store.add_run_stats(run_id, {f"enrich/{k}": v for k, v in rdap.stats.items()})

    # -- decide -----------------------------------------------------------------------------------

    def decide(self, summary: JobSummary) -> None:
        """Decide every probed domain, reading the store in pages so memory stays flat.

        Only the small ``Decision`` values stay in memory; redirect-only domains are
        decided last, each taking its (already decided) target's verdicts.
        """
        from exscout.decide import decide, redirect_target

        run_id = summary.run_id
        statuses = self.store.statuses(run_id)
        domains = [d for d, s in sorted(statuses.items()) if s in ("probed", "enriched", "decided")]
        decided: dict[str, Any] = {}
        redirecting: dict[str, tuple[dict[str, Any], Any]] = {}
        for start in range(0, len(domains), DECIDE_PAGE):
            page: list[tuple[str, Any]] = []
            for domain in domains[start : start + DECIDE_PAGE]:
                site, facts = self._site_and_facts(run_id, domain)
                if redirect_target(site):
                    redirecting[domain] = (site, facts)
                    continue
                decided[domain] = decide(site, facts)
                page.append((domain, decided[domain]))
            self._record_decisions(summary, page, len(domains))

        late: list[tuple[str, Any]] = []

        def resolve(domain: str, seen: frozenset[str]) -> Any:
            if domain in decided or domain not in redirecting:
                return decided.get(domain)
            site, facts = redirecting[domain]
            target_name = redirect_target(site)
            target = resolve(target_name, seen | {domain}) if target_name and target_name not in seen else None
            decided[domain] = decide(site, facts, target=target)
            late.append((domain, decided[domain]))
            return decided[domain]

        for domain in redirecting:
            resolve(domain, frozenset())
        for start in range(0, len(late), DECIDE_PAGE):
            self._record_decisions(summary, late[start : start + DECIDE_PAGE], len(domains))

    def _site_and_facts(self, run_id: int, domain: str) -> tuple[dict[str, Any], Any]:
        site = self.store.site(run_id, domain) or {"domain": domain}
        if site.get("outcome") not in (None, "ok", "redirect"):
            # The error text lives on the pages; the reasons quote the first one.
            errors = [p["error"] for p in self.store.pages(run_id, domain) if p.get("error")]
            site["error"] = errors[0] if errors else ""
        return site, (self.store.enrichment(run_id, domain) or {}).get("facts")

    def _record_decisions(self, summary: JobSummary, page: list[tuple[str, Any]], total: int) -> None:
        """Write a page of decisions in one transaction (a crash leaves the page undecided, whole)."""
        if not page:
            return
        self.store.record_decisions(summary.run_id, page)
        for domain, _decision in page:
            summary.decided += 1
            self.progress("decide", summary.decided, total, domain)

    # -- helpers ----------------------------------------------------------------------------------

    def _settings(self, net: Network, sink: Callable[[dict[str, Any], Any], None] | None = None) -> Any:
        from exscout.scrapy_bridge import project_settings

        overrides = {**net.scrapy_settings(), "EXSCOUT_RENDER": self.options.render,
                     "LOG_LEVEL": self.options.log_level, **self.options.scrapy_overrides}  # fmt: skip
        return project_settings(overrides, sink)

    def _runner(self, net: Network, sink: Callable[[dict[str, Any], Any], None]) -> Any:
        from scrapy.crawler import AsyncCrawlerRunner

        return AsyncCrawlerRunner(self._settings(net, sink))


def tally_rows(summary: JobSummary) -> list[dict[str, Any]]:
    """The per-source summary table as rows (the CLI prints them)."""
    rows = []
    for source, t in summary.sources.items():
        reasons = "; ".join(f"{r} ×{n}" for r, n in t.reasons.most_common(4))
        rows.append({"source": source, "fetched": t.fetched, "new": t.new, "merged": t.merged,
                     "rejected": t.rejected, "errors": t.errors, "reasons": reasons})  # fmt: skip
    return rows
