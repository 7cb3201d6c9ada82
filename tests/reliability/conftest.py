"""Shared machinery of the reliability suite: run `exscout` as a user would, kill it, read its store.

Everything that takes time starts once per session and in parallel (the runs are mostly
waiting on timeouts, not on the CPU): one uninterrupted run of the fault corpus (the
baseline) and the kill-and-resume cycles, each in its own output folder with its own
simweb. Tests then only read results.

Subprocesses run ``<venv>/bin/exscout`` (the real console script) from the repository
root with ``SCRAPY_SETTINGS_MODULE=tests.reliability.fast_settings`` (production
settings, shorter download timeout). They inherit the loopback-only namespace the
suite runs in (``scripts/offline``).
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAULTS = ROOT / "tests" / "corpora" / "faults"
MINI = ROOT / "tests" / "corpora" / "mini"
EXSCOUT = Path(sys.executable).with_name("exscout")
RUN_TIMEOUT_S = 240.0
CANARY = b"SSRF-CANARY-7f3a9c"
"""Served only by hosts on non-public addresses: finding it in a store means a forbidden fetch happened."""


def exscout_env(**extra: str) -> dict[str, str]:
    """Environment for an exscout subprocess: fast settings, the repository importable, no stray proxies."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.reliability.fast_settings",
           "PYTHONPATH": str(ROOT), "COINGECKO_API_KEY": "", **extra}  # fmt: skip
    for name in (
        "EXSCOUT_PROXY",
        "EXSCOUT_CN_PROXY",
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
    ):
        env.pop(name, None)
    return env


@dataclass
class Finished:
    """A finished exscout invocation."""

    args: list[str]
    rc: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def exscout(
    *args: str, cwd: Path = ROOT, timeout: float = RUN_TIMEOUT_S, env: dict[str, str] | None = None
) -> Finished:
    """Run ``exscout ARGS`` to completion."""
    started = time.monotonic()
    proc = subprocess.run([str(EXSCOUT), *args], cwd=cwd, env=env or exscout_env(), capture_output=True,
                          text=True, timeout=timeout, check=False)  # fmt: skip
    return Finished(list(args), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def start_exscout(*args: str, cwd: Path = ROOT) -> subprocess.Popen[str]:
    """Start ``exscout ARGS`` in its own process group (so a kill reaches its browser too)."""
    return subprocess.Popen([str(EXSCOUT), *args], cwd=cwd, env=exscout_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip


def kill_group(proc: subprocess.Popen[str]) -> None:
    """SIGKILL the run (first the exscout process itself, as a crash would), then what it started."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


# -- reading a store while a run writes it ----------------------------------------------------------


def snapshot(db: Path) -> dict[str, Any] | None:
    """Where the newest run of a store is: ``stage`` (discover/probe/enrich/decide), statuses, counts.

    Read-only and short, so it never holds up the writer (WAL). None while unreadable.
    """
    if not db.exists():
        return {"stage": "starting"}
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        runs = con.execute("SELECT id, status, options FROM runs ORDER BY id").fetchall()
        if not runs:
            return {"stage": "starting"}
        run_id, status, options = runs[-1]
        opts = json.loads(options) if isinstance(options, str) else (options or {})
        statuses = dict(
            con.execute("SELECT domain, status FROM site_observations WHERE run_id = ?", (run_id,))
        )
        source_errors = con.execute(
            "SELECT COUNT(*) FROM source_errors WHERE run_id = ?", (run_id,)
        ).fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()
    counts = Counter(statuses.values())
    if "discover" not in (opts.get("stages_done") or []):
        stage = "discover"
    elif counts["pending"]:
        stage = "probe"
    elif counts["probed"]:
        stage = "enrich"
    else:
        stage = "decide"
    return {"stage": stage, "run_id": run_id, "status": status, "statuses": statuses, "counts": dict(counts),
            "source_errors": source_errors}  # fmt: skip


def redirect_window(snap: dict[str, Any]) -> bool:
    """True while oldname-ex.com is recorded but the site it redirects to (steady-ex.net) is not yet."""
    st = snap.get("statuses") or {}
    return (
        st.get("oldname-ex.com", "pending") != "pending" and st.get("steady-ex.net", "pending") == "pending"
    )


# -- kill-and-resume cycles -------------------------------------------------------------------------


@dataclass
class Cycle:
    """One `exscout run` killed with SIGKILL at a chosen moment, then `exscout run --resume`."""

    name: str
    out: Path
    seed: int
    trigger: Callable[[dict[str, Any]], bool]
    delay_s: tuple[float, float] = (0.0, 0.0)
    keep: Callable[[dict[str, Any]], bool] = lambda snap: True
    stage: str = ""
    killed: dict[str, Any] | None = None
    first: Finished | None = None
    resumed: Finished | None = None
    error: str | None = None

    @property
    def db(self) -> Path:
        return self.out / "exscout.sqlite"

    def run(self) -> None:
        """Kill at the chosen moment, then resume; any harness error lands in ``error`` (threads swallow them)."""
        try:
            self._run()
        except BaseException:
            import traceback

            self.error = f"harness error:\n{traceback.format_exc()}"

    def _run(self) -> None:
        rng = random.Random(self.seed)
        args = ("run", "--simweb", str(FAULTS), "--out", str(self.out))
        started = time.monotonic()
        proc = start_exscout(*args)
        fire_at: float | None = None
        try:
            while proc.poll() is None:
                if time.monotonic() - started > RUN_TIMEOUT_S:
                    self.error = "the run never reached the kill point"
                    break
                snap = snapshot(self.db)
                if snap is not None and fire_at is None and self.trigger(snap):
                    fire_at = time.monotonic() + rng.uniform(*self.delay_s)
                if (
                    snap is not None
                    and fire_at is not None
                    and time.monotonic() >= fire_at
                    and self.keep(snap)
                ):
                    kill_group(proc)
                    self.killed = snap
                    break
                time.sleep(0.02)
        finally:
            if proc.poll() is None and self.killed is None:
                kill_group(proc)
            out, err = proc.communicate(timeout=30)
            self.first = Finished(list(args), proc.returncode, out, err, time.monotonic() - started)
        if self.killed is None:
            self.error = self.error or f"the run ended (rc {proc.returncode}) before the kill point"
            return
        self.resumed = exscout("run", "--resume", "--simweb", str(FAULTS), "--out", str(self.out))


class Pipeline:
    """Session-wide runs of the fault corpus, started once and in parallel, read by many tests."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._threads: dict[str, threading.Thread] = {}
        self.baseline_out = base / "baseline"
        self._baseline: Finished | None = None
        self.cycles: dict[str, Cycle] = {}
        seed = int(os.environ.get("EXSCOUT_KILL_SEED") or time.time_ns() % 1_000_000)
        self.seed = seed
        print(f"\nreliability: kill moments drawn with EXSCOUT_KILL_SEED={seed}", file=sys.stderr)

    def _start(self, name: str, target: Callable[[], None]) -> None:
        if name not in self._threads:
            thread = threading.Thread(target=target, name=name, daemon=True)
            self._threads[name] = thread
            thread.start()

    def _join(self, name: str) -> None:
        self._threads[name].join(RUN_TIMEOUT_S * 2 + 60)

    def _run_baseline(self) -> None:
        self._baseline = exscout("run", "--simweb", str(FAULTS), "--out", str(self.baseline_out))

    def start_baseline(self) -> None:
        self._start("baseline", self._run_baseline)

    def baseline(self) -> Finished:
        self.start_baseline()
        self._join("baseline")
        assert self._baseline is not None, "the baseline run did not finish"
        return self._baseline

    def start_cycles(self) -> None:
        self.start_baseline()
        if self.cycles:
            return
        defs = [
            # discover: once a listing source's error page is recorded, before discover is marked done
            Cycle("discover", self.base / "kill-discover", self.seed + 1,
                  trigger=lambda s: s["stage"] == "discover" and s.get("source_errors", 0) >= 1,
                  delay_s=(0.0, 0.15), keep=lambda s: s["stage"] == "discover"),
            # probe: at a random moment after the first site is recorded
            Cycle("probe", self.base / "kill-probe", self.seed + 2,
                  trigger=lambda s: s["stage"] == "probe" and s["counts"].get("probed", 0) >= 1,
                  delay_s=(0.0, 3.0), keep=lambda s: s["stage"] == "probe"),
            # probe, deterministic: a redirecting site is recorded, its target is not yet
            Cycle("probe-redirect", self.base / "kill-probe-redirect", self.seed + 3,
                  trigger=lambda s: s["stage"] == "probe" and redirect_window(s),
                  keep=lambda s: s["stage"] == "probe" and redirect_window(s)),
            # enrich: at a random moment after the first domain is enriched
            Cycle("enrich", self.base / "kill-enrich", self.seed + 4,
                  trigger=lambda s: s["stage"] == "enrich" and s["counts"].get("enriched", 0) >= 1,
                  delay_s=(0.0, 4.0), keep=lambda s: s["stage"] == "enrich"),
        ]  # fmt: skip
        for cycle in defs:
            self.cycles[cycle.name] = cycle
            self._start(f"cycle-{cycle.name}", cycle.run)

    def cycle(self, name: str) -> Cycle:
        self.start_cycles()
        self._join(f"cycle-{name}")
        return self.cycles[name]


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The session's fault-corpus runs (started lazily by the first test that asks)."""
    return Pipeline(tmp_path_factory.mktemp("pipeline"))


@pytest.fixture(scope="session", autouse=True)
def _start_runs_early(request: pytest.FixtureRequest, pipeline: Pipeline) -> None:
    """Start the long runs before the first reliability test, so every other test overlaps with them."""
    nodeids = [item.nodeid for item in request.session.items]
    if any("test_crash_resume" in n for n in nodeids):
        pipeline.start_cycles()
    elif any("test_faults" in n or "test_cli" in n for n in nodeids):
        pipeline.start_baseline()


@pytest.fixture(scope="session")
def baseline(pipeline: Pipeline) -> Finished:
    """The uninterrupted `exscout run --simweb tests/corpora/faults` (exit 1: two listing sources fail)."""
    return pipeline.baseline()


# -- reading a finished store ------------------------------------------------------------------------


@dataclass
class StoreView:
    """A finished store, read through exscout's own Store API (and raw SQL for duplicates)."""

    db: Path
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)
    source_errors: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, db: Path, *, bodies: bool = False) -> StoreView:
        from exscout.store import Store

        with Store(f"sqlite:///{db}") as store:
            run_id = store.latest_run_id()
            view = cls(db, runs=store.runs(), source_errors=store.source_errors(run_id))
            for row in store.export_rows(run_id):
                view.rows[row["domain"]] = row
                view.pages[row["domain"]] = store.pages(run_id, row["domain"], bodies=bodies)
                view.facts[row["domain"]] = store.facts(run_id, row["domain"])
        return view

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.db)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()


def load_pickle(path: Path) -> Any:
    return pickle.loads(path.read_bytes())


def probe_child(tmp_path: Path, domains: list[str], *args: str, timeout: float = 150) -> dict[str, Any]:
    """Run tests/reliability/_probe_child.py (the real probe with the SSRF guard wired); its pickle."""
    out = tmp_path / f"probe-{len(list(tmp_path.glob('probe-*.pickle')))}.pickle"
    cmd = [sys.executable, str(Path(__file__).with_name("_probe_child.py")), str(FAULTS), str(out), ",".join(domains),
           *args]  # fmt: skip
    env = exscout_env(SCRAPY_SETTINGS_MODULE="crawler.settings")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # fmt: skip
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        _out, err = proc.communicate(timeout=30)
        lines = [line for line in (err or "").splitlines() if " DEBUG: " not in line]
        raise AssertionError(  # with the child's last words: where it stalled
            f"the probe did not finish within {timeout:.0f} s (a hung page stalled the crawl); its log ends:\n"
            + "\n".join(lines[-60:])
        ) from None
    if proc.returncode != 0 or not out.exists():
        raise AssertionError(f"probe child failed (rc={proc.returncode}):\n{err[-4000:]}")
    data = load_pickle(out)
    data["log"] = err
    return data


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Run the tests that read the long background runs last, so every other test overlaps with them."""
    late = ("test_crash_resume.py", "test_faults.py")
    items.sort(key=lambda item: item.nodeid.split("::")[0].endswith(late))
