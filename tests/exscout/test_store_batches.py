"""Store writes in pages (F4 of docs/performance.md): the batched paths write the same rows as the
per-item ones, the ``domains`` upsert keeps the old read-modify-write semantics, and a decide that
dies halfway through leaves whole pages behind and finishes on the rerun.

Every test runs on SQLite and, when the local binaries can start a throwaway server, on PostgreSQL;
the equivalence tests also run with the read-then-write path kept for backends without ``ON CONFLICT``.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakestore import _run_world, site_item
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import make_url
from test_store import pg_url  # noqa: F401  (the throwaway PostgreSQL server fixture)

import exscout.runner as runner
from exscout import schema
from exscout.runner import Job, JobSummary, RunOptions, SourceTally
from exscout.store import Store

BACKENDS = ("sqlite", "postgresql")
VOLATILE = frozenset({"id", "first_seen", "last_seen", "updated_at", "decided_at", "recorded_at", "at"})
"""Timestamps (one per item vs one per page) and surrogate ids (PostgreSQL's sequence advances on an
upsert's conflict) are not part of the contract; the order of ids is, see ``sources_order``."""


@pytest.fixture(params=BACKENDS)
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of empty store URLs on this test's backend (each call a fresh database)."""
    made: list[str] = []
    if request.param == "sqlite":

        def make() -> str:
            made.append(f"sqlite:///{tmp_path / f'store{len(made)}.sqlite'}")
            return made[-1]

        yield make
        return
    server = make_url(request.getfixturevalue("pg_url"))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")

    def make_pg() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    try:
        yield make_pg
    finally:
        with admin.connect() as conn:
            for name in made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def open_store(url: str, mode: str = "upsert") -> Store:
    store = Store(url)
    if mode == "read-write":  # the path for a backend without INSERT … ON CONFLICT
        store._upsert_insert = None
    return store


def rows(store: Store, table: Any) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        found = [
            {k: v for k, v in r.items() if k not in VOLATILE} for r in conn.execute(select(table)).mappings()
        ]
    return sorted(found, key=repr)


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    tables = (schema.domains, schema.sources, schema.site_observations, schema.decisions)
    return {t.name: rows(store, t) for t in tables}


def sources_order(store: Store) -> list[tuple[str, str, str]]:
    """(domain, source, url) in id order: what ``sources_for`` and exports sort by."""
    s = schema.sources
    with store.engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(select(s.c.domain, s.c.source, s.c.listed_url).order_by(s.c.id))
        ]


# -- domains: the upsert keeps the read-modify-write semantics ------------------------------------


def domain_row(store: Store, domain: str) -> dict[str, Any]:
    t = schema.domains
    with store.engine.connect() as conn:
        return dict(conn.execute(select(t).where(t.c.domain == domain)).mappings().one())


def touch(store: Store, domain: str, platform: str | None, run_id: int | None, at: str) -> None:
    with store._write() as conn:
        store._touch_domain(conn, domain, platform, run_id, at)


def test_upsert_keeps_first_seen_and_fills_only_what_was_missing(new_url: Callable[[], str]) -> None:
    with open_store(new_url()) as store:
        touch(store, "a-ex.com", None, None, "2025-01-01T00:00:00.000000Z")
        assert domain_row(store, "a-ex.com") == {
            "domain": "a-ex.com", "platform": None, "first_seen": "2025-01-01T00:00:00.000000Z",
            "last_seen": "2025-01-01T00:00:00.000000Z", "first_run_id": None, "last_run_id": None,
        }  # fmt: skip
        touch(store, "a-ex.com", "A Ex", 3, "2025-01-02T00:00:00.000000Z")
        assert domain_row(store, "a-ex.com") == {
            "domain": "a-ex.com", "platform": "A Ex", "first_seen": "2025-01-01T00:00:00.000000Z",
            "last_seen": "2025-01-02T00:00:00.000000Z", "first_run_id": 3, "last_run_id": 3,
        }  # fmt: skip
        # a later platform does not replace a known one; a run id of None does not clear last_run_id
        touch(store, "a-ex.com", "Other", None, "2025-01-03T00:00:00.000000Z")
        assert domain_row(store, "a-ex.com") == {
            "domain": "a-ex.com", "platform": "A Ex", "first_seen": "2025-01-01T00:00:00.000000Z",
            "last_seen": "2025-01-03T00:00:00.000000Z", "first_run_id": 3, "last_run_id": 3,
        }  # fmt: skip
        touch(store, "a-ex.com", None, 5, "2025-01-04T00:00:00.000000Z")
        row = domain_row(store, "a-ex.com")
        assert (row["first_seen"], row["first_run_id"], row["last_run_id"]) == (
            "2025-01-01T00:00:00.000000Z",
            3,
            5,
        )
        # an empty platform counts as missing, both ways
        touch(store, "b-ex.com", "", 1, "2025-01-01T00:00:00.000000Z")
        touch(store, "b-ex.com", None, 1, "2025-01-02T00:00:00.000000Z")
        assert domain_row(store, "b-ex.com")["platform"] == ""
        touch(store, "b-ex.com", "B Ex", 2, "2025-01-03T00:00:00.000000Z")
        assert domain_row(store, "b-ex.com")["platform"] == "B Ex"
        # and the site's other rows still join it (record_site goes through the same upsert)
        run = store.start_run()
        store.record_site(
            run, site_item("a-ex.com", platform="Renamed", exchange=True, chinese_ui=True, cny=True)
        )
        row = domain_row(store, "a-ex.com")
        assert row["platform"] == "A Ex" and row["first_seen"] == "2025-01-01T00:00:00.000000Z"
        assert row["last_run_id"] == run and row["first_run_id"] == 3
        store.finish_run(run)


TOUCHES = st.lists(
    st.tuples(
        st.sampled_from(["a-ex.com", "b-ex.com", "c-ex.com"]),
        st.sampled_from([None, "", "A", "B"]),
        st.sampled_from([None, 1, 2]),
        st.integers(min_value=1, max_value=3),  # how many touches share one transaction (and ``at``)
    ),
    max_size=12,
)


def test_upsert_equals_read_modify_write_on_any_sequence(tmp_path: Path) -> None:
    """Any sequence of touches, one by one or a transaction's worth at once through ``_touch_domains``,
    gives the rows the read-then-write code gives (which is the code the upsert replaced)."""
    upsert = open_store(f"sqlite:///{tmp_path / 'up.sqlite'}")
    rmw = open_store(f"sqlite:///{tmp_path / 'rmw.sqlite'}", "read-write")

    @settings(max_examples=150, deadline=None)
    @given(touches=TOUCHES)
    def check(touches: list[tuple[str, str | None, int | None, int]]) -> None:
        for store in (upsert, rmw):
            with store._write() as conn:
                conn.execute(schema.domains.delete())
        clock = itertools.count()
        i = 0
        while i < len(touches):
            group, run_id = touches[i : i + touches[i][3]], touches[i][2]
            at = f"2025-01-01T00:00:{next(clock):02d}.000000Z"
            with upsert._write() as conn:
                upsert._touch_domains(conn, [(d, p) for d, p, _, _ in group], run_id, at)
            for d, p, _, _ in group:
                touch(rmw, d, p, run_id, at)
            i += len(group)
        with upsert.engine.connect() as a, rmw.engine.connect() as b:
            q = select(schema.domains).order_by(schema.domains.c.domain)
            assert [dict(r) for r in a.execute(q).mappings()] == [dict(r) for r in b.execute(q).mappings()]

    try:
        check()
    finally:
        upsert.close()
        rmw.close()


# -- discover: add_listings == add_listing one by one ---------------------------------------------


def listing(domain: str, source: str = "coingecko", url: str | None = None, **kw: Any) -> dict[str, Any]:
    item = {"kind": "listing", "source": source, "domain": domain, "url": url or f"https://{domain}/",
            "listed_name": None, "listed_id": None, "rank": None, "volume_btc": None, "country": None,
            "fiats": [], "extra": {}}  # fmt: skip
    return {**item, **kw}


EARLIER = [
    listing("old-ex.com", listed_name="None", rank=9, extra={"v": 1}),
    listing("kept-ex.com", "coinpaprika", listed_name="Kept"),
]
PAGE_ITEMS = [
    listing("a-ex.com", listed_name="A", rank=1, volume_btc=2.5, fiats=["CNY"], extra={"id": "a"}),
    listing("B-EX.com", listed_name=None, listed_id=7),
    listing("a-ex.com", "coinpaprika", "https://www.a-ex.com/", listed_name="A2"),
    listing("b-ex.com", url="https://B-EX.com/", listed_name="B", rank=4),  # same key as item 2: an update
    listing("old-ex.com", listed_name="Old", rank=3, extra={"v": 2}),  # known from an earlier run
    listing("c-ex.com", listed_name=""),
    listing("c-ex.com", "seeds", "https://c-ex.com/zh", listed_name="C"),
    listing("a-ex.com", listed_name="A", rank=2, volume_btc=3.0),  # same key as item 1 again
    listing("kept-ex.com", "coinpaprika", listed_name="Kept", country="SG"),
]


@pytest.mark.parametrize("mode", ["upsert", "read-write"])
@pytest.mark.parametrize("page", [1, 3, len(PAGE_ITEMS)])
def test_add_listings_writes_what_add_listing_writes(
    new_url: Callable[[], str], mode: str, page: int
) -> None:
    one_by_one, batched = open_store(new_url(), mode), open_store(new_url(), mode)
    known_one: list[bool] = []
    known_batched: list[bool] = []
    for store in (one_by_one, batched):
        first = store.start_run()
        for item in EARLIER:
            store.add_listing(item, run_id=first)
        store.finish_run(first)
        run = store.start_run()
        if store is one_by_one:  # what the runner did per item: "already listed?", then the write
            for item in PAGE_ITEMS:
                known_one.append(bool(store.sources_for(item["domain"].lower())))
                store.add_listing(item, run_id=run)
        else:
            for start in range(0, len(PAGE_ITEMS), page):
                known_batched += store.add_listings(PAGE_ITEMS[start : start + page], run_id=run)
        store.finish_run(run)
    assert known_batched == known_one == [False, False, True, True, True, False, True, True, True]
    assert snapshot(batched) == snapshot(one_by_one)
    assert sources_order(batched) == sources_order(one_by_one)
    for store in (one_by_one, batched):
        assert store.platforms(["b-ex.com", "old-ex.com", "c-ex.com"]) == {
            "b-ex.com": "B", "old-ex.com": "Old", "c-ex.com": "C",
        }  # fmt: skip
        assert {r["rank"] for r in store.sources_for("a-ex.com")} == {2, None}
        store.close()


def test_add_listings_checks_every_item_before_writing(new_url: Callable[[], str]) -> None:
    with open_store(new_url()) as store:
        bad = {k: v for k, v in listing("z-ex.com").items() if k != "source"}
        with pytest.raises(KeyError):
            store.add_listings([listing("y-ex.com"), bad])
        assert store.sources_for("y-ex.com") == [] and store.platforms(["y-ex.com"]) == {"y-ex.com": None}
        assert store.add_listings([]) == []


def test_runner_discover_sink_pages_listings_with_the_same_tally_and_rows(
    new_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The discover sink keeps listings and writes them a page at a time: the same rows and the same
    fetched/new/merged/rejected/errors counts as recording each item as it came."""
    monkeypatch.setattr(runner, "LISTING_PAGE", 4)
    stream: list[dict[str, Any]] = []
    for i in range(15):
        stream.append(
            listing(f"s{i % 6}-ex.com", url=f"https://s{i % 6}-ex.com/{i % 4}", listed_name=f"S{i % 6}")
        )
        if i % 5 == 2:
            stream.append(
                {"kind": "rejected", "source": "coingecko", "where": f"p{i}", "raw": "x", "reason": "no host"}
            )
    stream.append({"kind": "source_error", "source": "coingecko", "where": "page 3", "reason": "HTTP 429"})
    stream.append(listing("s0-ex.com", url="https://s0-ex.com/0", listed_name="S0", rank=1))

    expected_tally = SourceTally()
    with open_store(new_url()) as store:  # the per-item reference
        run = store.start_run()
        for item in stream:
            if item["kind"] == "listing":
                expected_tally.fetched += 1
                if store.sources_for(item["domain"]):
                    expected_tally.merged += 1
                else:
                    expected_tally.new += 1
            elif item["kind"] == "rejected":
                expected_tally.rejected += 1
                expected_tally.reasons[item["reason"]] += 1
            else:
                expected_tally.errors += 1
            store.add(item, run_id=run)
        store.finish_run(run)
        expected = (
            snapshot(store),
            sources_order(store),
            len(store.rejections(run)),
            len(store.source_errors(run)),
        )

    with open_store(new_url()) as store:
        run = store.start_run()
        notes: list[tuple[str, int]] = []
        job = Job(
            store, RunOptions(), progress=lambda stage, done, _total, _note: notes.append((stage, done))
        )
        tally, kept = SourceTally(), []
        writes = []
        real = store.add_listings
        monkeypatch.setattr(
            store, "add_listings", lambda items, **kw: writes.append(len(items)) or real(items, **kw)
        )
        for item in stream:
            job._record_discovered(run, "coingecko", dict(item), tally, kept)
        job._flush_listings(run, kept, tally)  # what discover does when the source's crawl ends
        store.finish_run(run)
        got = snapshot(store), sources_order(store), len(store.rejections(run)), len(store.source_errors(run))
    assert writes == [4, 4, 4, 4]  # 16 listings, four pages of four
    assert tally == expected_tally
    assert got == expected
    assert len(notes) == len(stream) and notes[-1] == ("discover", 16)


def test_runner_refuses_a_malformed_listing_alone(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.sqlite'}") as store:
        run = store.start_run()
        job, tally, kept = Job(store, RunOptions()), SourceTally(), []
        job._record_discovered(run, "seeds", listing("a-ex.com", "seeds"), tally, kept)
        with pytest.raises(KeyError, match="without domain"):
            job._record_discovered(run, "seeds", {"kind": "listing", "source": "seeds"}, tally, kept)
        job._flush_listings(run, kept, tally)
        assert (tally.fetched, tally.new, kept) == (2, 1, [])
        assert [r["domain"] for r in store.sources_for("a-ex.com")] == ["a-ex.com"]
        store.finish_run(run)


# -- decide: record_decisions == record_decision one by one ---------------------------------------


def decision(candidate: bool, score: float, **values: bool | None) -> dict[str, Any]:
    return {"candidate": candidate, "score": score, "reasons": [f"score {score}"], "values": values,
            "countries": ["SG"], "asns": ["AS1"], "ips": ["1.2.3.4"], "cdn": [], "redirect_to": None}  # fmt: skip


@pytest.mark.parametrize("mode", ["upsert", "read-write"])
def test_record_decisions_writes_what_record_decision_writes(new_url: Callable[[], str], mode: str) -> None:
    decisions = [
        ("a-ex.com", decision(True, 0.9, exchange=True, chinese_ui=True, cny_onramp=True, overseas=True)),
        ("b-ex.com", decision(False, 0.2, exchange=True, chinese_ui=False, geoblocks_cn=None)),
        ("New-Ex.com", decision(False, 0.1)),  # never queued, upper case: observed and decided anyway
        ("c-ex.com", decision(False, 0.3, reachable=False)),
        ("a-ex.com", decision(False, 0.4, exchange=True)),  # twice: the last one stands
    ]
    stores = open_store(new_url(), mode), open_store(new_url(), mode)
    for store in stores:
        run = store.start_run()
        store.record_site(run, site_item("a-ex.com", platform="A", exchange=True, chinese_ui=True, cny=True))
        store.record_enrichment(run, "a-ex.com", {"overseas": None, "blocked_in_cn": None})
        store.queue_domains(run, ["b-ex.com", "c-ex.com"], platform="Q")
        store.record_decision(run, "c-ex.com", decision(True, 1.0))  # decided before: replaced
        if store is stores[0]:
            for domain, dec in decisions:
                store.record_decision(run, domain, dec)
        else:
            assert store.record_decisions(run, decisions) == 4
        store.finish_run(run)
    assert snapshot(stores[1]) == snapshot(stores[0])
    for store in stores:
        run = store.latest_run_id()
        assert set(store.statuses(run).values()) == {"decided"}
        assert store.decision(run, "a-ex.com")["score"] == 0.4
        assert store.decision(run, "c-ex.com")["reachable"] is False
        assert store.record_decisions(run, {}) == 0
        store.close()


# -- decide: interrupted halfway, then rerun ------------------------------------------------------


def decide_ready(url: str) -> tuple[Store, int]:
    """A run probed and enriched (fakestore's first world: 8 sites, one redirecting to another)."""
    store = Store(url)
    run = store.start_run()
    sites, facts = _run_world(1)
    for domain, item in sites.items():
        store.record_site(run, item)
        store.record_enrichment(run, domain, facts[domain])
    return store, run


def decisions_of(store: Store, run: int) -> dict[str, dict[str, Any]]:
    return {d: {k: v for k, v in row.items() if k not in VOLATILE} for d, row in store.decisions(run).items()}


def test_a_decide_killed_mid_page_leaves_whole_pages_and_the_rerun_finishes(
    new_url: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "DECIDE_PAGE", 3)
    reference, ref_run = decide_ready(new_url())
    pages: list[list[str]] = []
    real = reference.record_decisions
    monkeypatch.setattr(
        reference, "record_decisions", lambda run, page: pages.append([d for d, _ in page]) or real(run, page)
    )
    Job(reference, RunOptions()).decide(JobSummary(run_id=ref_run))
    # one transaction per page of three domains read; the redirecting domain is decided last
    assert pages == [["dead-ex.net", "geoblock-ex.com", "hbx-global.com"], ["hostile-ex.com", "mainland-ex.cn"],
                     ["okpay-ex.io", "us-exchange.com"], ["hbx-mirror.net"]]  # fmt: skip
    expected = decisions_of(reference, ref_run)
    assert len(expected) == 8 and expected["hbx-mirror.net"]["candidate"] is True  # the target's verdicts
    reference.finish_run(ref_run)
    reference.close()

    store, run = decide_ready(new_url())
    updates = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def die_in_second_page(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("UPDATE site_observations"):
            updates.append(statement)
            if len(updates) == 2:  # the page's decisions are inserted, its statuses not yet updated
                raise KeyboardInterrupt("killed mid-page")

    summary = JobSummary(run_id=run)
    with pytest.raises(KeyboardInterrupt):
        Job(store, RunOptions()).decide(summary)
    event.remove(store.engine, "before_cursor_execute", die_in_second_page)
    assert summary.decided == 3
    store.finish_run(run, status="interrupted")
    # consistent: the first page whole, nothing of the second (its decisions rolled back)
    statuses = store.statuses(run)
    assert sorted(d for d, s in statuses.items() if s == "decided") == sorted(store.decisions(run))
    assert sorted(store.decisions(run)) == ["dead-ex.net", "geoblock-ex.com", "hbx-global.com"]
    assert store.pending_domains(run) == ["hbx-mirror.net", "hostile-ex.com", "mainland-ex.cn", "okpay-ex.io",
                                          "us-exchange.com"]  # fmt: skip

    assert store.resume_run("latest") == run
    again = JobSummary(run_id=run)
    Job(store, RunOptions()).decide(again)
    assert again.decided == 8 and store.pending_domains(run) == []
    assert decisions_of(store, run) == expected
    assert store.finish_run(run)["candidates"] == sum(1 for d in expected.values() if d["candidate"])
    store.close()


def test_discover_writes_the_last_partial_page_even_when_the_source_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page still held when a source's crawl ends, or dies, is written before discover moves on."""
    import asyncio

    import exscout.scrapy_bridge as bridge

    monkeypatch.setattr(runner, "LISTING_PAGE", 4)
    feeds = {
        "coingecko": [listing(f"g{i}-ex.com") for i in range(6)],
        "coinpaprika": [listing(f"p{i}-ex.com", "coinpaprika") for i in range(3)],
    }

    async def crawl(sink: Any, spider: str, **_kw: Any) -> None:
        for item in feeds[spider]:
            sink(dict(item), None)
        if spider == "coinpaprika":
            raise RuntimeError("the source died mid-crawl")

    monkeypatch.setattr(bridge, "crawl", crawl)
    monkeypatch.setattr(Job, "_runner", lambda self, net, sink: sink)
    with open_store(f"sqlite:///{tmp_path / 's.sqlite'}") as store:
        run = store.start_run()
        job = Job(store, RunOptions(sources=("coingecko", "coinpaprika")))
        summary = JobSummary(run_id=run)
        with pytest.raises(RuntimeError, match="died"):
            asyncio.run(job.discover(None, summary))  # type: ignore[arg-type]
        assert sorted(store.statuses(run)) == sorted(i["domain"] for f in feeds.values() for i in f)
        assert {s: (t.fetched, t.new, t.merged) for s, t in summary.sources.items()} == {
            "coingecko": (6, 6, 0), "coinpaprika": (3, 3, 0),
        }  # fmt: skip
        store.finish_run(run, status="interrupted")


def test_enrich_reads_each_site_only_when_a_worker_takes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most ``domain_concurrency`` sites are out of the store at once, and every probed site is enriched."""
    import asyncio

    import enrich.pipeline
    from enrich.config import EnrichConfig

    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    run = store.start_run()
    sites, facts = _run_world(1)
    for item in sites.values():
        store.record_site(run, item)
    held: set[str] = set()
    most = 0
    real_site = store.site

    def site(run_id: int, domain: str) -> Any:
        nonlocal most
        held.add(domain)
        most = max(most, len(held))
        return real_site(run_id, domain)

    async def enrich_domain(domain: str, hosts: list[str], *_a: Any, **_kw: Any) -> Any:
        assert hosts == sites[domain]["hosts"], "the worker enriches the hosts it read"
        await asyncio.sleep(0.01)
        held.discard(domain)

        class Facts:
            def to_dict(self) -> dict[str, Any]:
                return facts[domain]

        return Facts()

    class Net:
        def enrich_config(self) -> EnrichConfig:
            return EnrichConfig(domain_concurrency=2)

    monkeypatch.setattr(store, "site", site)
    monkeypatch.setattr(enrich.pipeline, "enrich_domain", enrich_domain)
    summary = JobSummary(run_id=run)
    asyncio.run(Job(store, RunOptions()).enrich(Net(), summary))  # type: ignore[arg-type]
    assert most == 2, f"{most} sites were read ahead of their enrichment"
    assert summary.enriched == len(sites)
    assert {d for d, s in store.statuses(run).items() if s == "enriched"} == set(sites)
    assert store.enrichment(run, "hbx-global.com")["facts"] == facts["hbx-global.com"]
    store.close()
