"""Store: round trips, idempotence, per-site transactions, the run lock, versions and migrations.

SQLite always; PostgreSQL too when the local binaries can start a throwaway server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from fakestore import build_fake_store, site_item, tiny_png
from sqlalchemy import inspect, select

from exscout import schema
from exscout.store import Store, StoreError, StoreLockedError, StoreVersionError

ROOT = Path(__file__).resolve().parents[2]


def sqlite_url(tmp_path: Path, name: str = "store.sqlite") -> str:
    return f"sqlite:///{tmp_path / name}"


def _count(store: Store, table, *where) -> int:
    from sqlalchemy import func

    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


# -- round trip -----------------------------------------------------------------------------------


def check_round_trip(url: str) -> None:
    run1, run2 = build_fake_store(url)
    with Store(url) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
        assert [r["status"] for r in store.runs()] == ["finished", "finished"]
        assert store.get_run(run2)["counts"]["candidates"] == 4
        rows = {r["domain"]: r for r in store.export_rows(run2)}
        assert set(rows) == {
            "hbx-global.com", "okpay-ex.io", "hbx-mirror.net", "us-exchange.com",
            "geoblock-ex.com", "mainland-ex.cn", "hostile-ex.com", "newcoin-ex.com",
        }  # fmt: skip
        hbx = rows["hbx-global.com"]
        assert hbx["candidate"] is True and hbx["countries"] == ["SG"] and hbx["asns"] == ["AS132203"]
        assert hbx["sources"] == ["coingecko"]
        assert rows["hbx-mirror.net"]["redirect_to"] == "hbx-global.com"
        assert rows["hbx-mirror.net"]["candidate"] is True  # takes the target's verdicts
        assert rows["mainland-ex.cn"]["overseas"] is False
        pages = store.pages(run2, "hbx-global.com", bodies=True)
        assert [p["seq"] for p in pages] == [0, 1]
        assert pages[0]["body"].startswith(b"<html lang='zh-CN'>")
        assert pages[0]["sha256"] and pages[0]["body_size"] == len(pages[0]["body"])
        shots = store.screenshots(run2, "hbx-global.com")
        assert len(shots) == 1 and shots[0]["image"] == tiny_png()
        assert store.enrichment(run2, "hbx-global.com")["facts"]["ips"][0] == "43.128.10.7"
        assert store.facts(run2, "hbx-global.com")["countries"] == ["SG"]
        assert store.platforms(["hbx-global.com", "nope.com"]) == {
            "hbx-global.com": "HBX Global",
            "nope.com": None,
        }
        assert len(store.sources_for("hbx-global.com")) == 1  # listed in both runs, one row
        assert len(store.rejections(run1)) == 1 and len(store.source_errors(run2)) == 1
        # the body is really stored compressed
        with store.engine.connect() as conn:
            raw = conn.execute(
                select(schema.pages.c.body).where(schema.pages.c.run_id == run2).limit(1)
            ).scalar()
        assert zlib.decompress(raw).startswith(b"<html")


def test_round_trip_sqlite(tmp_path: Path) -> None:
    check_round_trip(sqlite_url(tmp_path))


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with Store(sqlite_url(tmp_path)) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_bare_path_is_sqlite(tmp_path: Path) -> None:
    with Store(tmp_path / "sub" / "x.sqlite") as store:
        assert store.is_sqlite and (tmp_path / "sub" / "x.sqlite").exists()


# -- PostgreSQL (a throwaway local server) ---------------------------------------------------------


@pytest.fixture(scope="module")
def pg_url():
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    base = Path(tempfile.mkdtemp(prefix="exscout-pg-"))
    os.chmod(base, 0o777)
    runas: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        if not shutil.which("runuser"):
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root and runuser is missing: cannot start PostgreSQL")
        runas = ["runuser", "-u", "nobody", "--"]
    data, log = base / "data", base / "log"
    init = subprocess.run([*runas, "initdb", "-D", str(data), "-A", "trust", "-U", "exscout", "--no-sync"],
                          capture_output=True, text=True)  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[:200]}")
    start = subprocess.run(
        [*runas, "pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "30",
         "-o", f"-k {base} -c listen_addresses='' -F", "start"],
        capture_output=True, text=True,
    )  # fmt: skip
    if start.returncode != 0:
        detail = log.read_text()[-300:] if log.exists() else start.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {detail.strip()}")
    try:
        yield f"postgresql+psycopg://exscout@/postgres?host={base}"
    finally:
        subprocess.run([*runas, "pg_ctl", "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_round_trip_postgresql(pg_url: str, tmp_path: Path) -> None:
    from exscout.outputs.exports import export
    from exscout.outputs.report import write_report
    from exscout.outputs.tables import write_tables

    check_round_trip(pg_url)
    with Store(pg_url) as store:  # the outputs read a PostgreSQL store the same way
        run = store.latest_run_id()
        csv_path, _ = write_tables(store, tmp_path, run)
        assert "hbx-global.com,HBX Global,true," in csv_path.read_text()
        assert "newcoin-ex.com" in write_report(store, tmp_path, run)["md"].read_text()
        assert export(store, "domains", run, new_only=True).text == "newcoin-ex.com\n"
    with Store(pg_url) as store:
        assert store.applied_migrations() == ["0001_initial", "0002_exports"]
        run = store.latest_run_id()
        other = Store(pg_url)
        other._pid = os.getppid()  # pose as another live process on this host
        store.start_run()
        with pytest.raises(StoreLockedError):  # the lock works on PostgreSQL too
            other.start_run()
        other.engine.dispose()
        store.finish_run(store.latest_run_id())
        assert store.latest_run_id() == run + 1


# -- idempotence and transactions -----------------------------------------------------------------


def _site(domain: str = "a-ex.com", **kw):
    kw.setdefault("platform", "A Ex")
    kw.setdefault("exchange", True)
    kw.setdefault("chinese_ui", True)
    kw.setdefault("cny", True)
    return site_item(domain, **kw)


def test_record_site_is_idempotent(tmp_path: Path) -> None:
    with Store(sqlite_url(tmp_path)) as store:
        run = store.start_run()
        store.record_site(run, _site())
        store.record_decision(run, "a-ex.com", {"candidate": True, "score": 0.8, "reasons": ["x"]})
        store.record_site(run, _site(title="second probe"))
        assert _count(store, schema.site_observations) == 1
        assert _count(store, schema.pages) == 2 and _count(store, schema.screenshots) == 1
        assert store.decision(run, "a-ex.com") is None  # made from the old observation: dropped
        assert store.statuses(run) == {"a-ex.com": "probed"}
        assert b"second probe" in store.pages(run, "a-ex.com", bodies=True)[0]["body"]
        store.finish_run(run)


def test_add_listing_upserts_on_domain_source_url(tmp_path: Path) -> None:
    item = {"kind": "listing", "source": "coingecko", "domain": "a-ex.com", "url": "https://a-ex.com/",
            "listed_name": "A", "rank": 3, "volume_btc": 1.5, "fiats": ["CNY"], "extra": {"id": "a"}}  # fmt: skip
    with Store(sqlite_url(tmp_path)) as store:
        store.add_listing(item)
        store.add_listing({**item, "rank": 2})
        rows = store.sources_for("a-ex.com")
        assert len(rows) == 1 and rows[0]["rank"] == 2 and rows[0]["volume"] == 1.5
        store.add_listing({**item, "url": "https://www.a-ex.com/"})
        assert len(store.sources_for("a-ex.com")) == 2


def test_record_site_is_one_transaction(tmp_path: Path) -> None:
    """A failure halfway through a site's write leaves the previous record exactly as it was."""
    with Store(sqlite_url(tmp_path)) as store:
        run = store.start_run()
        store.record_site(run, _site(title="good"))
        broken = _site(title="bad")
        broken["pages"][1]["body"] = 12345  # zlib.compress fails after the first page was written
        with pytest.raises(TypeError):
            store.record_site(run, broken)
        pages = store.pages(run, "a-ex.com", bodies=True)
        assert len(pages) == 2 and b"good" in pages[0]["body"]
        assert "good" in store.site(run, "a-ex.com")["verdicts"]["exchange"]["reasons"][0]
        store.finish_run(run)


def test_pending_domains_and_resume(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    store = Store(url)
    run = store.start_run({"sites": 3})
    for d in ("a-ex.com", "b-ex.com", "c-ex.com"):
        store.add_listing(
            {"kind": "listing", "source": "seeds", "domain": d, "url": f"https://{d}/"}, run_id=run
        )
    store.record_site(run, _site("a-ex.com"))
    store.record_enrichment(run, "a-ex.com", {"overseas": None, "blocked_in_cn": None})
    store.record_decision(run, "a-ex.com", {"candidate": False, "score": 0.1, "reasons": []})
    store.record_site(run, _site("b-ex.com"))
    assert store.pending_domains(run) == ["b-ex.com", "c-ex.com"]
    assert store.pending_domains(run, before="probed") == ["c-ex.com"]
    store.mark_stage_done(run, "discover")
    store.mark_stage_done(run, "discover")
    assert store.get_run(run)["options"] == {"sites": 3, "stages_done": ["discover"]}
    store.close()  # the process "dies" without finish_run
    with Store(url) as again:
        assert again.resume_run("latest") == run
        assert again.get_run(run)["status"] == "running"
        assert again.pending_domains(run) == ["b-ex.com", "c-ex.com"]
        again.finish_run(run)
        with pytest.raises(StoreError, match="finished"):
            again.resume_run(run)
        with pytest.raises(StoreError, match="no unfinished run"):
            again.resume_run("latest")


# -- the run lock across processes ----------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time, os
    from exscout.store import Store
    store = Store(sys.argv[1])
    run = store.start_run()
    print(run, flush=True)
    line = sys.stdin.readline().strip()
    if line == "crash":
        os._exit(0)
    time.sleep(float(line or 0))
    store.finish_run(run)
    """
)


def _holder(url: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)  # fmt: skip
    assert proc.stdout is not None
    proc.run_id = int(proc.stdout.readline())  # type: ignore[attr-defined]
    return proc


def test_second_run_is_refused_while_another_holds_the_lock(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    Store(url).close()
    proc = _holder(url)
    try:
        with Store(url) as store:
            with pytest.raises(StoreLockedError, match=rf"locked by .*:{proc.pid} \(run {proc.run_id}"):
                store.start_run()
            assert store.lock_holder()["pid"] == proc.pid
            # waiting works: the holder finishes after 0.5 s, we wait up to 20 s
            proc.stdin.write("0.5\n")
            proc.stdin.flush()
            t0 = time.monotonic()
            run = store.start_run(wait=20)
            assert run == proc.run_id + 1 and time.monotonic() - t0 < 20
            assert store.get_run(proc.run_id)["status"] == "finished"
            store.finish_run(run)
    finally:
        proc.wait(timeout=30)


def test_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    Store(url).close()
    proc = _holder(url)
    proc.stdin.write("crash\n")
    proc.stdin.flush()
    proc.wait(timeout=30)
    with Store(url) as store:
        run = store.start_run()
        assert store.get_run(proc.run_id)["status"] == "interrupted"
        assert store.resume_run(proc.run_id) == proc.run_id  # same process may resume while holding
        store.finish_run(run)


# -- versions and migrations ----------------------------------------------------------------------


def test_newer_store_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    with Store(url) as store, store.engine.begin() as conn:
        conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value="99"))
    with pytest.raises(StoreVersionError, match=r"schema version 99.*supports up to version 2") as info:
        Store(url)
    assert info.value.found == 99 and info.value.supported == schema.SCHEMA_VERSION


def test_older_store_is_migrated(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    run1, _ = build_fake_store(url)
    with Store(url) as store, store.engine.begin() as conn:  # turn it back into a version-1 store
        conn.exec_driver_sql("DROP TABLE exports")
        conn.execute(
            schema.migrations_applied.delete().where(schema.migrations_applied.c.name == "0002_exports")
        )
        conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value="1"))
    with Store(url) as store:
        assert store.migrated == ["0002_exports"]
        assert store.schema_version() == 2
        assert store.applied_migrations() == ["0001_initial", "0002_exports"]
        assert inspect(store.engine).has_table("exports")
        assert len(store.export_rows(run1)) == 8  # data survived
    with Store(url) as store:
        assert store.migrated == []  # nothing applied twice


def test_fresh_store_records_every_migration(tmp_path: Path) -> None:
    with Store(sqlite_url(tmp_path)) as store:
        assert store.migrated == ["0001_initial", "0002_exports"]
        assert set(inspect(store.engine).get_table_names()) >= set(schema.metadata.tables)


# -- diff -----------------------------------------------------------------------------------------


def test_diff_runs_new_dropped_changed(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    run1, run2 = build_fake_store(url)
    with Store(url) as store:
        diff = store.diff_runs(run1, run2)
        assert [d["domain"] for d in diff["new"]] == ["newcoin-ex.com"]
        assert [d["domain"] for d in diff["dropped"]] == ["okpay-ex.io"]
        assert diff["dropped"][0]["now"]["geoblocks_cn"] is True
        assert diff["changed"] == [
            {"domain": "geoblock-ex.com", "candidate": False, "changes": {"blocked_in_cn": [False, True]}}
        ]
        back = store.diff_runs(run2, run1)
        assert [d["domain"] for d in back["new"]] == ["okpay-ex.io"]
        assert [d["domain"] for d in back["dropped"]] == ["newcoin-ex.com"]
        assert back["dropped"][0]["now"] == "not decided"
        first = store.diff_runs(None, run1)
        assert {d["domain"] for d in first["new"]} == {c["domain"] for c in store.candidates(run1)}


CRASHER = textwrap.dedent(
    """
    import os, sys, zlib
    sys.path.insert(0, sys.argv[2])
    from fakestore import site_item
    from exscout.store import Store
    store = Store(sys.argv[1])
    run = store.resume_run("latest")
    item = site_item("a-ex.com", platform="A", exchange=True, chinese_ui=True, cny=True, title="second")
    calls = []
    real = zlib.compress
    def dying(data, *a):
        calls.append(1)
        if len(calls) == 2:  # the process dies mid-site: first page written, second not
            os._exit(9)
        return real(data, *a)
    zlib.compress = dying
    store.record_site(run, item)
    """
)


def test_a_crash_mid_site_leaves_the_previous_record(tmp_path: Path) -> None:
    """A process killed halfway through a site's write: after restart the old record is intact, the file sound."""
    url = sqlite_url(tmp_path)
    with Store(url) as store:
        run = store.start_run()
        store.record_site(run, _site("a-ex.com", title="first"))
        store.finish_run(run, status="interrupted")
    proc = subprocess.Popen([sys.executable, "-c", CRASHER, url, str(Path(__file__).parent)], cwd=ROOT)
    assert proc.wait(timeout=60) == 9
    with Store(url) as store:
        assert store.lock_holder()["pid"] == proc.pid  # left behind by the dead process
        assert store.resume_run(run) == run  # ... and taken over
        assert store.lock_holder()["pid"] == os.getpid()
        pages = store.pages(run, "a-ex.com", bodies=True)
        assert len(pages) == 2 and b"first" in pages[0]["body"]
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        store.finish_run(run)


def test_readers_are_not_blocked_by_a_writer(tmp_path: Path) -> None:
    """WAL: a report can read while a run holds a write transaction open."""
    url = sqlite_url(tmp_path)
    build_fake_store(url)
    with Store(url) as writer, Store(url) as reader, writer.engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            conn.execute(schema.meta.insert().values(key="held", value="1"))
            t0 = time.monotonic()
            assert len(reader.export_rows()) == 8
            assert time.monotonic() - t0 < 5
