"""`exscout bench`: the whole pipeline against its own physical limits, side by side in one run.

Why this shape: a throughput number alone says nothing (is 40 pages/s good on
two cores?). So one invocation generates a corpus (``simweb.generate``), runs
the real pipeline on it in a subprocess (``exscout run --simweb``, with a
measuring hook, see ``exscout.bench_baselines``) while sampling the memory of
its process tree, and then, on the *same* pages and the same simweb, measures
what the bare tools can do: a bare Scrapy spider over the static pages the
probe fetched, a bare Playwright ``page.goto`` loop over the JS-only pages,
simweb's own HTTP and DNS serving rates. Ratios of the two are the result.

The last line printed is one ``BENCH key=value …`` line (keys in ``BENCH_KEYS``).

Definitions (docs/performance.md has the reasoning):

- ``wall_s``: the pipeline subprocess, start to exit; ``sites_per_min`` = sites / wall.
- ``static_pages_per_s``: static page responses the probe got, over the probe's time
  minus the time its renders would take at the bare browser's rate (so static and
  render work, which share two cores, are each charged only what they could not
  hide); ``renders_per_s`` symmetric. The raw rates over the whole probe are in the table.
- ``js_only_pages``: the pages the generator built as app shells that the probe must
  render to read a site (home at both vantages, the in-app fiat route);
  ``render_ratio`` = rendered pages / js_only_pages.
- ``rdap_queries``: real RDAP lookups (the enrich cache's own count);
  ``distinct_networks``: registry networks among the addresses the run looked up.
- ``peak_rss_mb``: the largest sum of RSS over the Python processes of the run's tree;
  ``browser_pss_mb``: the largest sum of PSS over its Chromium processes.
- ``candidate_f1``: ``exscout.evaluate`` against the generated labels.
- ``memory_vs_small``: ``peak_rss_mb`` over that of the ``--compare-sites`` run (same seed and
  settings, run first); ``na`` without one. Last on the line, after the keys above.

CPU per kind of process counts processes that lived between two samples too (``CpuLedger``).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from exscout.bench_gauge import SpeedGauge, drift, ratios_comparable

BENCH_KEYS = ("sites", "wall_s", "sites_per_min", "static_pages_per_s", "bare_scrapy_pages_per_s", "static_vs_bare",
              "rendered_pages", "js_only_pages", "render_ratio", "renders_per_s", "bare_renders_per_s", "render_vs_bare",
              "dns_lookups_per_s", "rdap_queries", "distinct_networks", "peak_rss_mb", "browser_pss_mb", "candidate_f1",
              "memory_vs_small")  # fmt: skip
#: Targets whose figures divide a pipeline rate by a baseline rate: only meaningful if the machine kept its speed.
SPEED_SENSITIVE = frozenset({"static_vs_bare", "render_vs_bare"})
#: Flat memory: the run's peak RSS may exceed that of the run at ``--compare-sites`` by at most this factor.
MEMORY_GROWTH_MAX = 1.25
TARGETS = (("static_vs_bare", ">=", 0.7), ("render_ratio", "<=", 1.05), ("render_vs_bare", ">=", 0.8),
           ("peak_rss_mb", "<=", 1024.0), ("browser_pss_mb", "<=", 1536.0), ("candidate_f1", ">=", 1.0))  # fmt: skip
#: Most static pages the bare spider fetches, and JS-only pages the bare browser renders (evenly sampled):
#: rates are stable long before that, and the baselines must not take longer than the run they measure.
STATIC_BASELINE_CAP = 30_000
BROWSER_BASELINE_CAP = 2_000
RENDER_PROBE_SAMPLE = 80
#: Monitor period. Each sample reads /proc for ~30 processes (≈ 30-60 ms CPU with Chromium's smaps_rollup),
#: so sampling faster would itself load a two-core machine; PSS is read every other sample.
SAMPLE_INTERVAL_S = 1.0


# ---------------------------------------------------------------------------------------------
# Process-tree memory and CPU sampling


def _kind(name: str, cmdline: list[str]) -> str:
    """python | chromium | node | other, from a process's name and command line."""
    head = (cmdline[0] if cmdline else name).rsplit("/", 1)[-1]
    if "chrom" in name or "chrom" in head:
        return "chromium"
    if name.startswith("python") or head.startswith("python") or head in ("exscout", "pytest"):
        # simweb's server process is the offline internet, not the pipeline: live runs have none.
        return "simweb" if any("simweb" in c for c in cmdline[1:4]) and "serve" in cmdline else "python"
    if name.startswith("node") or head == "node":  # node names its main thread "node-MainThread"
        return "node"
    return "other"


def _pss_kb(pid: int) -> int:
    """PSS of one process from /proc/<pid>/smaps_rollup (shared pages split among sharers)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children_proc(root: int) -> list[int]:
    """Descendants of ``root`` by scanning /proc (used when psutil is missing)."""
    parents: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    stat = fh.read()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                parents[ppid].append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in parents.get(pid, []):
            out.append(child)
            todo.append(child)
    return out


def _proc_info(pid: int) -> tuple[int, float, str, list[str], int, float, float] | None:
    """(ppid, start, name, cmdline, rss_kb, own CPU-s, reaped children's CPU-s) from /proc/<pid>/stat.

    ``start`` is the start time in clock ticks since boot: with the pid it names one process
    (a pid can be reused once its process is gone).
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            stat = fh.read()
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        own = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        children = (int(fields[13]) + int(fields[14])) / ticks  # cutime, cstime
        rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmd = [c.decode(errors="replace") for c in fh.read().split(b"\0") if c]
        return int(fields[1]), float(fields[19]), name, cmd, rss, own, children
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class ProcSample:
    """One process as sampled. CPU seconds are cumulative since the process started."""

    pid: int
    ppid: int
    start: float  # start time: (pid, start) names one process across pid reuse
    kind: str
    own_s: float  # utime + stime
    children_s: float  # cutime + cstime: what its reaped children (and, recursively, theirs) used


class CpuLedger:
    """CPU seconds per kind of process over a process tree sampled now and then, exactly.

    Summing each process's ``utime + stime`` as last sampled misses what a process used after its
    last sample, and every process that started and exited between two samples (a Chromium renderer
    lives 1-2 s; samples are 1 s apart). The kernel keeps both: when a parent reaps a child, the
    child's ``utime + stime + cutime + cstime`` is added to the parent's ``cutime + cstime``. So, at
    every sample, each live process P is charged

        growth of P's ``children_s``  -  Σ (``own_s + children_s`` as last sampled)
                                          over the sampled children P reaped since

    on top of the ``own_s`` of every process (live: as now; gone: as last sampled). Why exact: by
    induction over the tree, what has been counted for a process's subtree once it is gone is its
    ``own_s + children_s`` as last sampled (its own CPU, plus its children's-CPU growth net of its
    sampled children, plus those children's own subtrees); its reaper's ``children_s`` grows by the
    same two counters at exit, so the difference charged is exactly the CPU after the last sample,
    and an unseen child is charged whole. A child whose parent went in the same interval was reaped
    by that parent, whose own exit moved it into the nearest live ancestor's ``children_s``: the
    credit goes there. Nothing is subtracted for a process that is still running outside the tree
    (its parent exited and it was re-parented): it was not reaped by the tree, and what it uses
    afterwards is not the tree's. A negative difference is owed, not dropped: it is subtracted from
    that counter's next growth (a child can vanish between the read of its parent's counter and its
    own read, the parent having reaped it in between: the growth shows one sample later; a reaper
    that goes while owing passes the debt on to its own reaper). A parent that never waits for its
    children never pays its debt, and nothing else grows its counter: their sampled CPU stays counted.

    Kind of the charged difference: the kind of the sampled children reaped in the interval when
    they share one (the tail of a Chromium process reaped by node is Chromium's), else the reaper's
    (renderers that no sample saw, reaped by a Chromium zygote, are Chromium's).

    ``parent_of(pid, start)`` answers for a process missing from a sample: its current parent pid if
    that very process still exists (unreadable this time, or re-parented out of the tree), else None.
    """

    def __init__(self, parent_of: Callable[[int, float], int | None] | None = None) -> None:
        self._parent_of = parent_of or (lambda pid, start: None)
        self._live: dict[int, ProcSample] = {}
        self._settled: Counter[str] = Counter()  # gone processes' own CPU, and every charged difference
        #: Per reaper: sampled CPU of children it reaped that its ``children_s`` has not shown yet.
        self._owed: Counter[int] = Counter()
        self._owed_kinds: defaultdict[int, set[str]] = defaultdict(set)
        #: CPU that only the reapers' ``children_s`` showed (unseen processes, the tails of seen ones):
        #: what summing the sampled CPU alone would have missed.
        self.unsampled: Counter[str] = Counter()

    def update(self, procs: Iterable[ProcSample]) -> None:
        """Account one sample of the tree (every process in it that could be read)."""
        now = {p.pid: p for p in procs}
        live = self._live
        gone: dict[int, ProcSample] = {}
        ended: dict[int, bool] = {}
        for pid, old in live.items():
            if pid in now and now[pid].start == old.start:
                continue
            if pid in now:  # the pid was reused: the process we knew has ended
                gone[pid], ended[pid] = old, True
                continue
            parent = self._parent_of(pid, old.start)
            if parent is not None and parent in now:  # still in the tree, only unreadable now: keep it as it was
                now[pid] = old
                continue
            gone[pid], ended[pid] = old, parent is None
        # What each reaper's ``children_s`` must still grow by before any growth is new CPU: the
        # debts carried from earlier samples, plus this sample's gone children.
        credit: Counter[int] = self._owed
        kinds = self._owed_kinds
        self._owed, self._owed_kinds = Counter(), defaultdict(set)
        for pid, old in gone.items():
            self._settled[old.kind] += old.own_s
            debt, debt_kinds = credit.pop(pid, 0.0), kinds.pop(pid, set())
            if not ended[pid]:
                continue  # running outside the tree now
            reaper = self._reaper(old, now, gone, ended)
            if reaper is not None:  # its debt goes along: the reaper's counter gets what it was owed
                credit[reaper] += old.own_s + old.children_s + debt
                kinds[reaper] |= {old.kind} | debt_kinds
        for pid, p in now.items():
            old = live.get(pid)
            owed, owed_kinds = credit.pop(pid, 0.0), kinds.pop(pid, set())
            if old is p:  # carried over unread: what it owes waits for its next reading
                if owed:
                    self._owed[pid], self._owed_kinds[pid] = owed, owed_kinds
                continue
            base = old.children_s if old is not None and old.start == p.start else 0.0
            extra = p.children_s - base - owed
            if extra < 0:
                # The counter has not caught up yet: a child whose read failed because it was reaped
                # after its parent's counter had been read (the next sample shows the growth), or a
                # parent that never waits (then it never will, and nothing else grows that counter).
                self._owed[pid], self._owed_kinds[pid] = -extra, owed_kinds
            elif extra > 0:
                kind = next(iter(owed_kinds)) if len(owed_kinds) == 1 else p.kind
                self._settled[kind] += extra
                self.unsampled[kind] += extra
        self._live = now

    def _reaper(self, proc: ProcSample, now: dict[int, ProcSample], gone: dict[int, ProcSample],
                ended: dict[int, bool]) -> int | None:  # fmt: skip
        """The live process whose ``children_s`` now holds ``proc``'s CPU: its parent, or the nearest
        live ancestor when the parents in between went too (each was reaped with what it had reaped)."""
        ppid, visited = proc.ppid, {proc.pid}
        while True:
            if ppid in visited:
                return None
            if ppid in gone:
                if not ended[ppid]:
                    return None  # that parent runs on outside the tree: it reaped proc out of our sight
                visited.add(ppid)
                ppid = gone[ppid].ppid
                continue
            known = self._live.get(ppid)
            if known is not None and ppid in now and now[ppid].start == known.start:
                return ppid
            return None

    def totals(self) -> Counter[str]:
        """CPU seconds per kind so far."""
        out = Counter(self._settled)
        for p in self._live.values():
            out[p.kind] += p.own_s
        return out


@dataclass
class MemoryReport:
    """Peaks over the sampled run, and CPU seconds per kind of process."""

    peak_python_rss_mb: float = 0.0
    peak_simweb_rss_mb: float = 0.0
    peak_node_rss_mb: float = 0.0
    peak_browser_pss_mb: float = 0.0
    peak_browser_rss_mb: float = 0.0
    peak_browser_procs: int = 0
    cpu_s: dict[str, float] = field(default_factory=dict)
    #: Part of ``cpu_s`` that only reapers' children counters showed (processes no sample saw, and what
    #: seen processes used after their last sample): what a sum of sampled CPU alone would miss.
    cpu_unsampled_s: dict[str, float] = field(default_factory=dict)
    samples: int = 0
    timeline: list[tuple[float, float, float]] = field(default_factory=list)  # (t, python MB, browser PSS MB)
    cpu_timeline: list[tuple[float, float, float, float]] = field(default_factory=list)  # (epoch, python, chromium, node) CPU-s
    rss_timeline: list[tuple[float, float]] = field(default_factory=list)  # (epoch, python MB), every sample

    def peak_rss_by_stage(self, stages: dict[str, dict[str, float]]) -> dict[str, float]:
        """Peak Python RSS (MB) within each stage's window: which stage sets ``peak_rss_mb``."""
        return {name: max((mb for t, mb in self.rss_timeline if w["start"] <= t <= w["end"]), default=0.0)
                for name, w in stages.items()}  # fmt: skip

    def cpu_between(self, start: float, end: float) -> dict[str, float]:
        """CPU seconds each kind used between two epoch times (nearest samples)."""
        if not self.cpu_timeline:
            return {}
        before = max((row for row in self.cpu_timeline if row[0] <= start), default=self.cpu_timeline[0])
        after = min((row for row in self.cpu_timeline if row[0] >= end), default=self.cpu_timeline[-1])
        return {k: max(0.0, after[i] - before[i]) for i, k in ((1, "python"), (2, "chromium"), (3, "node"))}


class TreeMonitor(threading.Thread):
    """Samples a process tree every ``interval`` seconds until stopped (CPU through a ``CpuLedger``)."""

    def __init__(self, root: int, interval: float = SAMPLE_INTERVAL_S) -> None:
        super().__init__(daemon=True, name="bench-monitor")
        self.root = root
        self.interval = interval
        self.report = MemoryReport()
        self._halt = threading.Event()
        #: pid -> (start, kind). A Chromium process's kind is read once (hundreds of them, and they never
        #: exec anything else); any other process's every sample: between fork and exec a child still
        #: shows its parent's name and command line (node's, for the browser node is starting; the
        #: pipeline's, for the simweb server; ``exe`` for the utility processes Chromium starts as
        #: ``/proc/self/exe``), and exec keeps the pid and start time.
        self._known: dict[int, tuple[float, str]] = {}
        self._pss: dict[int, int] = {}
        self._t0 = time.time()
        try:
            import psutil

            self._psutil: Any = psutil
        except ImportError:  # pragma: no cover - psutil ships with the venv
            self._psutil = None
        self.ledger = CpuLedger(self._parent_of)

    def _parent_of(self, pid: int, start: float) -> int | None:
        """The current parent of process (pid, start), or None if it no longer exists."""
        if self._psutil is not None:
            try:
                proc = self._psutil.Process(pid)
                return proc.ppid() if proc.create_time() == start else None
            except self._psutil.Error:
                return None
        info = _proc_info(pid)
        return info[0] if info and info[1] == start else None

    def _settled_kind(self, pid: int, start: float) -> bool:
        known = self._known.get(pid)
        return known is not None and known[0] == start and known[1] == "chromium"

    def _tree(self) -> list[tuple[int, int, float, str, list[str], int, float, float]]:
        """(pid, ppid, start, name, cmdline, rss_kb, own CPU-s, children CPU-s) per process of the tree;
        name and command line are empty for processes whose kind is settled (``_known``)."""
        rows = []
        if self._psutil is not None:
            try:
                root = self._psutil.Process(self.root)
                procs = [root, *root.children(recursive=True)]
            except self._psutil.Error:
                return []
            for p in procs:
                try:
                    with p.oneshot():
                        t = p.cpu_times()
                        start = p.create_time()
                        known = self._settled_kind(p.pid, start)
                        rows.append((p.pid, p.ppid(), start, "" if known else p.name(), [] if known else p.cmdline(),
                                     p.memory_info().rss // 1024, t.user + t.system,
                                     t.children_user + t.children_system))  # fmt: skip
                except self._psutil.Error:
                    continue
            return rows
        for pid in [self.root, *_children_proc(self.root)]:
            info = _proc_info(pid)
            if info:
                rows.append((pid, *info))
        return rows

    def sample(self) -> None:
        python = simweb = node = browser_rss = browser_pss = 0
        procs = 0
        read_pss = self.report.samples % 2 == 0
        seen: list[ProcSample] = []
        for pid, ppid, start, name, cmd, rss_kb, own, children in self._tree():
            if self._settled_kind(pid, start):
                kind = "chromium"
            else:
                known = self._known.get(pid)
                same = known is not None and known[0] == start
                if not same:  # new, or a new process under a reused pid
                    self._pss.pop(pid, None)
                # An exiting process's command line reads empty: keep what a full reading said.
                kind = known[1] if same and not cmd and known is not None else _kind(name, cmd)
                self._known[pid] = (start, kind)
            seen.append(ProcSample(pid, ppid, start, kind, own, children))
            if kind == "python":
                python += rss_kb
            elif kind == "simweb":
                simweb += rss_kb
            elif kind == "node":
                node += rss_kb
            elif kind == "chromium":
                procs += 1
                browser_rss += rss_kb
                if read_pss or pid not in self._pss:
                    self._pss[pid] = _pss_kb(pid)
                browser_pss += self._pss[pid]
        self.ledger.update(seen)
        alive = {p.pid for p in seen}
        for table in (self._known, self._pss):
            for pid in [pid for pid in table if pid not in alive]:
                del table[pid]
        r = self.report
        totals = self.ledger.totals()
        now = time.time()
        r.cpu_timeline.append((now, totals["python"], totals["chromium"], totals["node"]))
        r.rss_timeline.append((now, round(python / 1024, 1)))
        r.samples += 1
        r.peak_python_rss_mb = max(r.peak_python_rss_mb, python / 1024)
        r.peak_simweb_rss_mb = max(r.peak_simweb_rss_mb, simweb / 1024)
        r.peak_node_rss_mb = max(r.peak_node_rss_mb, node / 1024)
        r.peak_browser_pss_mb = max(r.peak_browser_pss_mb, browser_pss / 1024)
        r.peak_browser_rss_mb = max(r.peak_browser_rss_mb, browser_rss / 1024)
        r.peak_browser_procs = max(r.peak_browser_procs, procs)
        if r.samples % 10 == 1:
            r.timeline.append((round(time.time() - self._t0, 1), round(python / 1024, 1), round(browser_pss / 1024, 1)))

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            self.sample()

    def stop(self) -> MemoryReport:
        self._halt.set()
        if self.is_alive():
            self.join(timeout=5)
        self.report.cpu_s = {k: round(v, 1) for k, v in sorted(self.ledger.totals().items())}
        self.report.cpu_unsampled_s = {k: round(v, 1) for k, v in sorted(self.ledger.unsampled.items()) if v}
        return self.report


# ---------------------------------------------------------------------------------------------
# Steps


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_corpus(sites: int, seed: int, path: Path) -> tuple[dict[str, Any], float, str]:
    """Generate the corpus unless ``path`` already holds the same one; (manifest, seconds, summary line)."""
    from simweb.generate import MANIFEST, generate, load_manifest

    if (path / MANIFEST).exists():
        try:
            manifest = load_manifest(path)
            if manifest.get("requested_sites") == sites and manifest.get("seed") == seed and "domains" in manifest:
                return manifest, 0.0, f"{path}: reused ({manifest['sites']} sites)"
        except (OSError, ValueError):
            pass
    start = time.perf_counter()
    summary = generate(sites, seed, path)
    return load_manifest(path), time.perf_counter() - start, summary.line()


@dataclass
class PipelineRun:
    wall_s: float
    exit_code: int
    memory: MemoryReport
    hook: dict[str, Any]
    out: Path
    profile: Path | None = None
    timed_out: bool = False


def _progress(db: Path) -> str:
    """Sites per status so far, read-only from the run's SQLite store (WAL lets us read while it writes)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            rows = conn.execute("SELECT status, COUNT(*) FROM site_observations GROUP BY status").fetchall()
            pages = conn.execute("SELECT COUNT(*), COALESCE(SUM(rendered), 0) FROM pages").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"store not readable yet ({exc})"
    return ", ".join(f"{k} {v}" for k, v in rows) + f"; pages {pages[0]} (rendered {pages[1]})"


def run_pipeline(corpus: Path, out: Path, profile: bool = False, scrapy_settings: dict[str, Any] | None = None,
                 timeout_s: float | None = None) -> PipelineRun:  # fmt: skip
    """``exscout run --simweb CORPUS --out OUT`` in a subprocess, its tree sampled all along.

    ``scrapy_settings`` (experiments only) are added to the run's Scrapy settings by the hook.
    """
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    stats = out / "bench-hook.json"
    env = {**os.environ, "EXSCOUT_BENCH_STATS": str(stats), "PYTHONUNBUFFERED": "1",
           "EXSCOUT_BENCH_SCRAPY_SETTINGS": json.dumps(scrapy_settings or {})}  # fmt: skip
    cmd = [sys.executable, "-m", "exscout.bench_baselines", "pipeline", "--simweb", str(corpus), "--out", str(out)]
    log = (out / "pipeline.log").open("wb")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    monitor = TreeMonitor(proc.pid)
    monitor.start()
    spy = None
    profile_path = None
    if profile:
        spy_bin = Path(sys.executable).with_name("py-spy")
        if spy_bin.exists() or shutil.which("py-spy"):
            profile_path = out / "profile.speedscope.json"
            spy = subprocess.Popen([str(spy_bin) if spy_bin.exists() else "py-spy", "record", "--pid", str(proc.pid),
                                    "--rate", "50", "--format", "speedscope", "--output", str(profile_path), "--nonblocking"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        else:
            _log("--profile: py-spy not installed (pip install py-spy); running without a profile")
    timed_out = False
    try:
        while True:
            try:
                code = proc.wait(timeout=60)
                break
            except subprocess.TimeoutExpired:
                _log(f"pipeline {time.perf_counter() - start:.0f}s: {_progress(out / 'exscout.sqlite')}")
                if timeout_s and time.perf_counter() - start > timeout_s:
                    _log(f"pipeline over --pipeline-timeout {timeout_s:.0f}s: interrupting (figures will be partial)")
                    timed_out = True
                    proc.send_signal(signal.SIGINT)
                    try:
                        code = proc.wait(timeout=60)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        code = proc.wait()
                    break
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        proc.wait()
        raise
    finally:
        wall = time.perf_counter() - start
        memory = monitor.stop()
        log.close()
        if spy is not None:
            try:
                spy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                spy.kill()
    hook = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    return PipelineRun(wall, code, memory, hook, out, profile_path, timed_out)


def reuse_pipeline_run(run_dir: Path) -> PipelineRun:
    """A finished run to report on again: its hook data, and the memory a monitor recorded.

    The monitor file is ``monitor.json`` (``{"memory": MemoryReport fields, "ended": epoch}``), written
    by a monitor attached to the run (for a run whose bench was stopped, so that it could finish).
    The wall time is then from the hook's start (after imports) to the monitor's end.
    """
    hook = json.loads((run_dir / "bench-hook.json").read_text(encoding="utf-8"))
    memory = MemoryReport()
    wall = 0.0
    for name in ("monitor.json", "monitor-attached.json"):
        path = run_dir / name
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            known = set(MemoryReport.__dataclass_fields__)
            memory = MemoryReport(**{k: v for k, v in data["memory"].items() if k in known})
            wall = data["ended"] - hook["started"]
            break
    profile = run_dir / "profile.speedscope.json"
    return PipelineRun(wall, 0, memory, hook, run_dir, profile if profile.exists() else None)


def _norm(url: str) -> str:
    """Page identity across scheme and ``www.``: the probe's own dedupe key."""
    from crawler.probe_plan import seen_key

    return seen_key(url)


@dataclass
class StoreFacts:
    """What the run's store says: pages, renders, networks, accuracy."""

    run_id: int
    static_pages: list[tuple[str, str]]
    failed_fetches: int
    rendered: int
    rendered_by_reason: Counter[str]
    render_matched: int
    render_extra: int
    render_missed: int
    js_sites: int
    js_sites_rendered: int
    decided: int
    distinct_networks: int
    registry_networks: int
    unregistered: int
    addresses: int
    domains: int
    f1: float
    precision: float
    recall: float
    disagreements: dict[str, int]
    mismatch_cases: Counter[str]


def read_store(run_dir: Path, corpus: Path, manifest: dict[str, Any]) -> StoreFacts:
    """Read pages, renders, enrichment networks and the evaluation from the run's store."""
    from sqlalchemy import select

    from exscout import schema
    from exscout.evaluate import evaluate
    from exscout.store import Store

    store = Store(f"sqlite:///{run_dir / 'exscout.sqlite'}")
    try:
        run_id = store.latest_run_id()
        if run_id is None:
            raise RuntimeError(f"{run_dir}: the pipeline recorded no run (see pipeline.log)")
        p = schema.pages
        static: list[tuple[str, str]] = []
        failed = 0
        rendered_keys: dict[tuple[str, str], str] = {}
        reasons: Counter[str] = Counter()
        rendered_domains: set[str] = set()
        with store.engine.connect() as conn:
            rows = conn.execute(select(p.c.domain, p.c.url, p.c.final_url, p.c.vantage, p.c.rendered, p.c.status,
                                       p.c.render_reason).where(p.c.run_id == run_id))  # fmt: skip
            for domain, url, final_url, vantage, rendered, status, reason in rows:
                if rendered:
                    rendered_keys[(_norm(final_url or url), vantage)] = domain
                    reasons[(reason or "").split(":", 1)[0]] += 1
                    rendered_domains.add(domain)
                elif status is None:
                    failed += 1
                else:
                    static.append((url, vantage))
            networks: set[str] = set()
            unregistered: set[str] = set()  # public addresses in no network: RDAP 404s, one query each
            addresses = 0
            e = schema.enrichment
            for (facts,) in conn.execute(select(e.c.facts).where(e.c.run_id == run_id)):
                for fact in (facts or {}).get("addresses", {}).values():
                    addresses += 1
                    if fact.get("rdap_status") == "ok" and fact.get("network"):
                        networks.add(",".join(sorted(fact["network"])))
                    elif fact.get("rdap_status") == "no_network":
                        unregistered.add(fact.get("ip", ""))
        rendered_total = sum(reasons.values())
        wanted = {(_norm(u), v) for d in manifest["domains"].values() for u, v in d.get("js_pages", [])}
        matched = len(wanted & set(rendered_keys))
        js_domains = [d for d, m in manifest["domains"].items() if m["kind"] == "js"]
        result = evaluate(store, corpus / "labels.json", run_id)
        disagreements = {k: v["disagree"] for k, v in result.per_label.items() if v["disagree"]}
        cases: Counter[str] = Counter()
        for line in result.mismatches:
            domain = line.split(":", 1)[0]
            if ": candidate" in line or "not probed" in line:
                cases[manifest["domains"].get(domain, {}).get("case", "?")] += 1
        return StoreFacts(
            run_id=run_id, static_pages=static, failed_fetches=failed, rendered=rendered_total,
            rendered_by_reason=reasons, render_matched=matched, render_extra=rendered_total - matched,
            render_missed=len(wanted) - matched, js_sites=len(js_domains),
            decided=sum(1 for v in store.statuses(run_id).values() if v == "decided"),
            js_sites_rendered=sum(1 for d in js_domains if d in rendered_domains),
            distinct_networks=len(networks) + len(unregistered), registry_networks=len(networks), unregistered=len(unregistered),
            addresses=addresses, domains=len(store.statuses(run_id)), f1=result.f1, precision=result.precision,
            recall=result.recall, disagreements=disagreements, mismatch_cases=cases,
        )  # fmt: skip
    finally:
        store.close()


def _even_sample(items: list[Any], cap: int) -> list[Any]:
    """At most ``cap`` items spread evenly over the list (deterministic, keeps the list's order)."""
    if len(items) <= cap:
        return list(items)
    return [items[i * len(items) // cap] for i in range(cap)]


def _baseline(command: str, corpus: Path, pages: list[Any], work: Path, *extra: str,
              scrapy_settings: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """Run one baseline subprocess (``exscout.bench_baselines``) and return its JSON result.

    ``scrapy_settings``: the experiment's ``--scrapy-set`` overrides, for a baseline that mirrors
    the probe's configuration (render-probe); the bare baselines never take them.
    """
    pages_file = work / f"{command}-pages.json"
    out = work / f"{command}-result.json"
    pages_file.write_text(json.dumps(pages), encoding="utf-8")
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "exscout.bench_baselines", command, str(corpus), str(pages_file), str(out), *extra]
    with (work / f"{command}.log").open("wb") as log:
        env = {**os.environ, "EXSCOUT_BENCH_SCRAPY_SETTINGS": json.dumps(scrapy_settings or {})}
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        monitor = TreeMonitor(proc.pid)
        monitor.start()
        code = proc.wait()
        memory = monitor.stop()
    if code != 0 or not out.exists():
        _log(f"baseline {command} failed (exit {code}); see {work / (command + '.log')}")
        return {}
    result = json.loads(out.read_text(encoding="utf-8"))
    result["cpu_by_kind"] = memory.cpu_s
    result["cpu_unsampled_by_kind"] = memory.cpu_unsampled_s
    result["peak_browser_pss_mb"] = memory.peak_browser_pss_mb
    return result


WRK_LUA = r"""
local urls = {}
init = function(args)
  for line in io.lines(os.getenv("BENCH_URLS")) do urls[#urls + 1] = line end
  idx = math.random(#urls)
end
request = function()
  idx = idx % #urls + 1
  local u = urls[idx]
  return wrk.format("GET", u, {["Host"] = u:match("^http://([^/]+)")})
end
"""


async def _dns_flood(host: str, port: int, names: list[str], seconds: float, window: int = 64) -> float:
    """Answers per second from simweb's DNS server: A queries, ``window`` in flight, over UDP."""
    import dns.message

    wires = [dns.message.make_query(n, "A").to_wire() for n in names]
    loop = asyncio.get_running_loop()
    state = {"sent": 0, "got": 0, "counting": False, "counted": 0}

    class Client(asyncio.DatagramProtocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport

        def datagram_received(self, data: bytes, addr: Any) -> None:
            state["got"] += 1
            if state["counting"]:
                state["counted"] += 1
            self.send(1)

        def send(self, n: int) -> None:
            for _ in range(n):
                self.transport.sendto(wires[state["sent"] % len(wires)])
                state["sent"] += 1

    transport, client = await loop.create_datagram_endpoint(Client, remote_addr=(host, port))
    try:
        client.send(window)
        await asyncio.sleep(0.5)  # warm up
        state["counting"] = True
        start = time.perf_counter()
        end = start + seconds
        while time.perf_counter() < end:
            await asyncio.sleep(0.1)
            missing = window - (state["sent"] - state["got"])
            if missing > 0:
                client.send(missing)
            elif state["sent"] - state["got"] > window * 4:  # lost answers: resynchronise the window
                state["got"] = state["sent"] - window
        return state["counted"] / (time.perf_counter() - start)
    finally:
        transport.close()


def simweb_rates(corpus: Path, static_urls: list[str], names: list[str], seconds: float = 5.0) -> dict[str, Any]:
    """simweb's own rates: HTTP requests/s through the intl proxy (wrk, keep-alive, absolute-form
    requests over the static pages as http://) and DNS answers/s, one ``simweb serve`` process."""
    cmd = [sys.executable, "-m", "simweb", "serve", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out: dict[str, Any] = {}
    try:
        buf = ""
        endpoints = None
        assert proc.stdout is not None
        while endpoints is None:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("simweb serve exited before printing its endpoints")
            buf += line
            try:
                endpoints = json.loads(buf)
            except ValueError:
                continue
        proxy = endpoints["intl"]["proxy_url"]
        wrk = shutil.which("wrk")
        if wrk and static_urls:
            work = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-wrk-{os.getpid()}"
            work.mkdir(exist_ok=True)
            (work / "urls.txt").write_text("\n".join(static_urls) + "\n", encoding="utf-8")
            (work / "proxy.lua").write_text(WRK_LUA, encoding="utf-8")
            res = subprocess.run([wrk, "-t1", "-c16", f"-d{int(seconds)}s", "-s", str(work / "proxy.lua"), proxy],
                                 capture_output=True, text=True, env={**os.environ, "BENCH_URLS": str(work / "urls.txt")})  # fmt: skip
            for line in res.stdout.splitlines():
                if line.startswith("Requests/sec:"):
                    out["http_rps"] = float(line.split()[1])
                if "Non-2xx" in line:
                    out["http_non2xx"] = int(line.split()[-1])
            shutil.rmtree(work, ignore_errors=True)
        out["dns_qps"] = asyncio.run(_dns_flood(endpoints["intl"]["dns_host"], endpoints["intl"]["dns_port"],
                                                names or ["example.com"], seconds=min(seconds, 3.0)))  # fmt: skip
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


# ---------------------------------------------------------------------------------------------
# Profile summary

#: Where a CPU sample is charged: the leaf-most frame in one of these project paths, else the leaf's library.
PROJECT_AREAS = (("/crawler/detectors/", "detectors"), ("/crawler/spiders/probe", "probe spider"),
                 ("/crawler/probe_plan", "probe spider"), ("/crawler/render", "probe spider (render)"),
                 ("/crawler/", "crawler (other)"), ("/enrich/", "enrich"), ("/exscout/store", "store"),
                 ("/exscout/bench", "bench hook"), ("/exscout/", "exscout (runner, decide, outputs)"),
                 ("/simweb/", "simweb"))  # fmt: skip
#: Frames that only drive the run (CLI, reactor bootstrap, the bench hook): never where a sample is charged.
DRIVER_FILES = ("/exscout/cli.py", "/exscout/scrapy_bridge.py", "/exscout/bench_baselines.py")
DRIVER_FUNCS = ("Job.run", "Job._stages")
LIBRARY_AREAS = (("selectors.py", "event loop (select)"), ("sqlalchemy", "store"), ("sqlite3", "store"), ("/scrapy/", "scrapy"), ("/twisted/", "twisted"),
                 ("/playwright/", "playwright client"), ("scrapy_playwright", "playwright client"),
                 ("/asyncio/", "asyncio"), ("/lxml/", "lxml"), ("/parsel/", "parsel"), ("/dns/", "dnspython"),
                 ("/ipwhois/", "ipwhois"), ("ssl", "ssl"), ("/zlib", "zlib"), ("/json/", "json"))  # fmt: skip


def summarize_profile(path: Path, top: int = 12) -> tuple[list[tuple[str, float]], list[tuple[str, float, float]]]:
    """From a py-spy speedscope file: (CPU share per area, top functions as (name, inclusive %, self %)).

    py-spy records only running threads (no ``--idle``), so the shares are of the
    process's busy CPU, every thread together (simweb's server thread too, where it still runs in-process).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    frames = data["shared"]["frames"]
    names = [f"{f.get('name')} ({(f.get('file') or '?').rsplit('/', 2)[-2:][-1]})" for f in frames]
    files = [f.get("file") or "" for f in frames]
    driver = [any(d in fl for d in DRIVER_FILES) or f.get("name") in DRIVER_FUNCS for f, fl in zip(frames, files, strict=True)]
    areas: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0.0
    for prof in data.get("profiles", []):
        weights = prof.get("weights") or [1] * len(prof.get("samples", []))
        for stack, w in zip(prof.get("samples", []), weights, strict=False):
            if not stack:
                continue
            total += w
            area = None
            for idx in reversed(stack):
                if driver[idx]:
                    continue
                area = next((a for key, a in PROJECT_AREAS if key in files[idx]), None)
                if area:
                    break
            if area is None:
                leaf = files[stack[-1]]
                area = next((a for key, a in LIBRARY_AREAS if key in leaf), "other")
            areas[area] += w
            for name in {names[i] for i in stack}:
                inclusive[name] += w
            own[names[stack[-1]]] += w
    if not total:
        return [], []
    share = [(a, 100 * w / total) for a, w in areas.most_common()]
    index = {n: i for i, n in enumerate(names)}
    project = [n for n, _ in inclusive.most_common()
               if any(k in files[index[n]] for k, _ in PROJECT_AREAS) and not driver[index[n]]]  # fmt: skip
    hot = [(n, 100 * inclusive[n] / total, 100 * own[n] / total) for n in project[:top]]
    hot += [(n, 100 * inclusive[n] / total, 100 * w / total) for n, w in own.most_common(top // 2) if n not in project[:top]]
    return share, hot


# ---------------------------------------------------------------------------------------------
# One benchmark


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def sites_row(stats: dict[str, Any]) -> str:
    """Sites the probe opened against the site items it emitted: every opened site must end in
    exactly one item, so a difference is a bug (a site opened twice lost pages, F15)."""
    opened, items = stats.get("exscout/probe/sites"), stats.get("exscout/probe/items")
    if opened is None or items is None:
        return "n/a"
    row = f"{opened:,} / {items:,} / {stats.get('exscout/probe/flushed_incomplete', 0):,}"
    return row if opened == items else f"{row} — MISMATCH: {opened - items:+,} opened without an item"


def render_interference(timeline: list[list[Any]]) -> tuple[int, float, int, float]:
    """(seconds with renders, static responses/s in them, seconds without, static responses/s in them).

    From the hook's per-response timeline, in one-second buckets between the probe's
    first and last response: if renders starve static fetches, the first rate is far lower.
    """
    if not timeline:
        return 0, 0.0, 0, 0.0
    buckets: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for t, rendered, *_ in timeline:
        buckets[int(t)][1 if rendered else 0] += 1
    first, last = min(buckets), max(buckets)
    with_r = [buckets[s][0] for s in range(first, last + 1) if buckets.get(s, [0, 0])[1]]
    without = [buckets.get(s, [0, 0])[0] for s in range(first, last + 1) if not buckets.get(s, [0, 0])[1]]
    return (len(with_r), sum(with_r) / len(with_r) if with_r else 0.0,
            len(without), sum(without) / len(without) if without else 0.0)  # fmt: skip


def bench_once(sites: int, seed: int, out: Path, profile: bool = False, scrapy_settings: dict[str, Any] | None = None,
               timeout_s: float | None = None, static_cap: int = STATIC_BASELINE_CAP,
               browser_cap: int = BROWSER_BASELINE_CAP,
               reuse_run: bool = False) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:  # fmt: skip
    """Generate, run, measure baselines, compute every figure. Returns (BENCH values, table rows)."""
    from crawler.settings import EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT

    out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    corpus = out / f"corpus-{sites}-seed{seed}"
    _log(f"generating {sites} sites into {corpus}")
    manifest, gen_s, gen_line = ensure_corpus(sites, seed, corpus)
    _log(gen_line)
    run_dir = out / f"run-{sites}"
    gauge = SpeedGauge()
    gauge.start()
    pipeline_start = time.time()
    if reuse_run:
        run = reuse_pipeline_run(run_dir)
        _log(f"reusing the finished run in {run_dir} ({run.wall_s:.1f}s)")
    else:
        _log(f"pipeline: exscout run --simweb {corpus} --out {run_dir}")
        run = run_pipeline(corpus, run_dir, profile, scrapy_settings, timeout_s)
        _log(f"pipeline exit {run.exit_code} after {run.wall_s:.1f}s")
    pipeline_end = time.time()
    facts = read_store(run_dir, corpus, manifest)
    work = out / f"baselines-{sites}"
    work.mkdir(exist_ok=True)

    static = _even_sample(facts.static_pages, static_cap)
    _log(f"bare Scrapy over {len(static)} static pages")
    import crawler.settings as probe_settings

    # The probe's own concurrency (its update_settings applies these), so only the per-page work differs.
    conc_all = str(getattr(probe_settings, "EXSCOUT_PROBE_CONCURRENT_REQUESTS", 16))
    conc_host = str(getattr(probe_settings, "EXSCOUT_PROBE_CONCURRENT_PER_DOMAIN", 2))
    scrapy_res = _baseline("scrapy", corpus, static, work, conc_all, conc_host)
    js_pages = [p for d in manifest["domains"].values() for p in d.get("js_pages", [])]
    browser_pages = _even_sample(js_pages, browser_cap)
    conc = str(EXSCOUT_RENDER_MAX_PAGES_PER_CONTEXT)
    _log(f"bare Playwright over {len(browser_pages)} JS-only pages, {conc} at once")
    browser_res = _baseline("browser", corpus, browser_pages, work, conc)
    probe_sample = _even_sample(js_pages, RENDER_PROBE_SAMPLE)
    render_probe = (_baseline("render-probe", corpus, probe_sample, work, conc, scrapy_settings=scrapy_settings)
                    if probe_sample else {})  # fmt: skip
    gauge.stop()
    # A reused run was measured on another occasion: its machine speed is unknown.
    gauge_pipeline = None if reuse_run else gauge.median_between(pipeline_start, pipeline_end)
    gauge_baselines = gauge.median_between(pipeline_end, time.time())
    speed_change = drift(gauge_pipeline, gauge_baselines)
    comparable = ratios_comparable(speed_change)
    if not comparable:
        _log(f"the machine's speed changed by {speed_change:+.0%} between the pipeline and its baselines: "
             "the throughput ratios of this run compare two different machines")  # fmt: skip
    _log("simweb serving rates (wrk, DNS)")
    http_urls = sorted({"http://" + u.split("://", 1)[1] for u, v in facts.static_pages if v == "intl"})[:5000]
    with (corpus / "corpus.json").open(encoding="utf-8") as fh:
        hosts = sorted(json.load(fh)["hosts"])
    rates = simweb_rates(corpus, http_urls, hosts[:5000])

    hook = run.hook
    stages = {k: v["end"] - v["start"] for k, v in hook.get("stages", {}).items()}
    probe_s = stages.get("probe")
    enrich_s = stages.get("enrich")
    static_n = len(facts.static_pages)
    bare_static = scrapy_res.get("pages_per_s") or None
    bare_render = browser_res.get("renders_per_s") or None
    static_time = (probe_s - facts.rendered / bare_render) if probe_s and bare_render else probe_s
    render_time = (probe_s - static_n / bare_static) if probe_s and bare_static else probe_s
    static_rate = static_n / static_time if static_time and static_time > 0 else None
    render_rate = facts.rendered / render_time if render_time and render_time > 0 and facts.rendered else None
    dns_total = sum(hook.get("dns_queries", {}).values())
    rdap = hook.get("rdap", {})
    js_only = sum(len(d.get("js_pages", [])) for d in manifest["domains"].values())
    values: dict[str, Any] = {
        "sites": manifest["sites"],
        "wall_s": _r(run.wall_s, 1),
        "sites_per_min": _r(manifest["sites"] / run.wall_s * 60, 1),
        "static_pages_per_s": _r(static_rate, 1),
        "bare_scrapy_pages_per_s": _r(bare_static, 1),
        "static_vs_bare": _r(static_rate / bare_static if static_rate and bare_static else None, 3),
        "rendered_pages": facts.rendered,
        "js_only_pages": js_only,
        "render_ratio": _r(facts.rendered / js_only if js_only else None, 3),
        "renders_per_s": _r(render_rate, 2),
        "bare_renders_per_s": _r(bare_render, 2),
        "render_vs_bare": _r(render_rate / bare_render if render_rate and bare_render else None, 3),
        "dns_lookups_per_s": _r(dns_total / enrich_s if enrich_s else None, 1),
        "rdap_queries": rdap.get("rdap_queries"),
        "distinct_networks": facts.distinct_networks,
        "peak_rss_mb": _r(run.memory.peak_python_rss_mb, 1),
        "browser_pss_mb": _r(run.memory.peak_browser_pss_mb, 1),
        "candidate_f1": _r(facts.f1, 4),
        "memory_vs_small": None,  # set by bench_command when --compare-sites ran a smaller size too
        "partial": run.timed_out,  # not a BENCH key: the pipeline was interrupted, peaks are of part of a run
    }

    def s(v: Any, unit: str = "") -> str:
        return "n/a" if v is None else (f"{v:,.2f}{unit}" if isinstance(v, float) else f"{v:,}{unit}")

    probe_stats = next((c["stats"] for c in hook.get("crawls", []) if c.get("spider") == "probe"), {})
    probe_window = hook.get("stages", {}).get("probe")
    probe_cpu = run.memory.cpu_between(probe_window["start"], probe_window["end"]) if probe_window else {}
    responses = static_n + facts.rendered

    def per(cpu: float | None, n: int) -> str:
        return "n/a" if not cpu or not n else f"{cpu / n * 1000:.1f} ms"

    cpu_rows = [
        ("cpu", "probe stage CPU-s: python / chromium / node",
         " / ".join(f"{probe_cpu.get(k, 0):.1f}" for k in ("python", "chromium", "node"))),
        ("cpu", "Python CPU per page: probe (pipeline process, per static or rendered response) vs bare Scrapy",
         f"{per(probe_cpu.get('python'), responses)} vs {per(scrapy_res.get('cpu_seconds'), scrapy_res.get('responses', 0))}"),
        ("cpu", "Chromium CPU per render: probe vs bare goto",
         f"{per(probe_cpu.get('chromium'), facts.rendered)} vs "
         f"{per(browser_res.get('cpu_by_kind', {}).get('chromium'), browser_res.get('rendered', 0))}"),
    ]  # fmt: skip
    phases = render_probe.get("phases", {})
    n_probe = max(1, render_probe.get("rendered", 0))
    rows: list[tuple[str, str, str]] = [
        ("corpus", "sites (by kind)", f"{manifest['sites']:,} ({', '.join(f'{k} {v}' for k, v in manifest['by_kind'].items())})"),
        ("corpus", "generation", f"{gen_s:.1f}s" if gen_s else "reused"),
        ("machine", "speed gauge: CPU ms of a fixed loop, pipeline / baselines (median)",
         f"{_r(gauge_pipeline, 2)} / {_r(gauge_baselines, 2)} ms"
         + (f" ({speed_change:+.0%}{'' if comparable else ': throughput ratios not comparable'})" if speed_change is not None else "")),
        ("machine", "load average before / after (1 min)", f"{load_before[0]:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"),
        ("pipeline", "exit code", str(run.exit_code) + (" (INTERRUPTED at --pipeline-timeout: partial figures)" if run.timed_out else "")),
        ("pipeline", "sites decided / in run", f"{facts.decided} / {facts.domains}"),
        *((("pipeline", "EXPERIMENT: extra Scrapy settings", json.dumps(scrapy_settings)),) if scrapy_settings else ()),
        ("pipeline", "wall", s(values["wall_s"], " s")),
        *(("pipeline", f"stage {k}", f"{v:.1f} s") for k, v in stages.items()),
        ("probe", "static responses / failed fetches", f"{static_n:,} / {facts.failed_fetches:,}"),
        ("probe", "raw static pages/s over the whole probe", s(static_n / probe_s if probe_s else None)),
        ("probe", "raw renders/s over the whole probe", s(facts.rendered / probe_s if probe_s else None)),
        ("probe", "seconds with renders: s, static/s | without: s, static/s",
         "{} s, {:.1f}/s | {} s, {:.1f}/s".format(*render_interference(hook.get("responses", [])))),
        ("probe", "renders by reason", ", ".join(f"{k} {v}" for k, v in facts.rendered_by_reason.most_common()) or "none"),
        ("probe", "renders of listed JS-only pages / extra / missed", f"{facts.render_matched} / {facts.render_extra} / {facts.render_missed}"),
        ("probe", "JS-only sites rendered", f"{facts.js_sites_rendered} of {facts.js_sites}"),
        ("probe", "Scrapy requests / responses", f"{probe_stats.get('downloader/request_count', 'n/a')} / {probe_stats.get('downloader/response_count', 'n/a')}"),
        ("probe", "sites opened / site items / flushed incomplete", sites_row(probe_stats)),
        ("baseline", f"bare Scrapy ({conc_all} concurrent, {conc_host} per host)", f"{s(bare_static, ' pages/s')} over {len(static):,} pages "
         f"({scrapy_res.get('redirects', 0):,} redirects followed), "
         f"{scrapy_res.get('cpu_seconds', 0) / max(1, scrapy_res.get('responses', 1)) * 1000:.2f} ms CPU/page"),
        ("baseline", f"bare Playwright goto ({conc} at once)", f"{s(bare_render, ' renders/s')} over {browser_res.get('rendered', 0):,} pages"),
        ("baseline", "render as the probe does (its flags and screenshot format, goto + networkidle + screenshot)",
         f"{s(render_probe.get('renders_per_s'), ' renders/s')}; per page goto {phases.get('goto_s', 0) / n_probe * 1000:.0f} ms, "
         f"settle {phases.get('settle_s', 0) / n_probe * 1000:.0f} ms, screenshot {phases.get('screenshot_s', 0) / n_probe * 1000:.0f} ms"),
        ("baseline", "simweb HTTP (wrk, 16 keep-alive conns, intl proxy)", s(rates.get("http_rps"), " req/s")),
        ("baseline", "simweb DNS (UDP, 64 in flight)", s(rates.get("dns_qps"), " answers/s")),
        ("enrich", "DNS queries (intl / cn)", " / ".join(str(hook.get("dns_queries", {}).get(v, 0)) for v in ("intl", "cn"))),
        ("enrich", "RDAP queries / cache hits / networks + unregistered addresses",
         f"{rdap.get('rdap_queries', 'n/a')} / {rdap.get('rdap_cache_hits', 'n/a')} / {facts.registry_networks} + {facts.unregistered}"),
        ("memory", "peak RSS pipeline Python / node driver / simweb server", f"{run.memory.peak_python_rss_mb:.0f} MB / "
         f"{run.memory.peak_node_rss_mb:.0f} MB / {run.memory.peak_simweb_rss_mb:.0f} MB"),
        ("memory", "peak pipeline Python RSS by stage", ", ".join(
            f"{k} {v:.0f} MB" for k, v in run.memory.peak_rss_by_stage(hook.get("stages", {})).items()) or "n/a"),
        ("memory", "peak Chromium PSS (RSS), processes", f"{run.memory.peak_browser_pss_mb:.0f} MB ({run.memory.peak_browser_rss_mb:.0f} MB), {run.memory.peak_browser_procs}"),
        ("cpu", "CPU seconds by process kind (whole run)", ", ".join(f"{k} {v}" for k, v in run.memory.cpu_s.items())),
        ("cpu", "of which only reapers' children counters showed (processes between samples, tails)",
         ", ".join(f"{k} {v}" for k, v in run.memory.cpu_unsampled_s.items()) or "none"),
        *cpu_rows,
        ("accuracy", "candidate precision / recall / F1", f"{facts.precision:.4f} / {facts.recall:.4f} / {facts.f1:.4f}"),
        ("accuracy", "label disagreements", ", ".join(f"{k} {v}" for k, v in facts.disagreements.items()) or "none"),
        ("accuracy", "candidate mismatches by case", ", ".join(f"{k} {v}" for k, v in facts.mismatch_cases.most_common()) or "none"),
    ]  # fmt: skip
    if run.profile and run.profile.exists():
        rows.append(("profile", "py-spy (speedscope)", str(run.profile)))
        try:
            share, hot = summarize_profile(run.profile)
        except (OSError, ValueError, KeyError) as exc:
            share, hot = [], []
            rows.append(("profile", "summary", f"unreadable: {exc}"))
        rows.append(("profile", "busy CPU by area (all threads)", ", ".join(f"{a} {p:.0f}%" for a, p in share[:12])))
        for name, incl, self_ in hot:
            rows.append(("profile", name, f"{incl:.1f}% inclusive, {self_:.1f}% self"))
    for key, op, target in TARGETS:
        rows.append(("target", f"{key} {op} {target}", target_verdict(key, op, target, values.get(key), speed_change)))
    rq, dn = values["rdap_queries"], values["distinct_networks"]
    rows.append(("target", "rdap_queries <= distinct_networks", f"{'PASS' if rq is not None and rq <= dn else 'FAIL'} ({rq} vs {dn})"))
    rows.append(("target", "every JS-only site rendered", f"{'PASS' if facts.js_sites_rendered == facts.js_sites else 'FAIL'}"))
    (out / f"bench-{sites}.json").write_text(json.dumps({"values": values, "rows": rows, "memory_timeline": run.memory.timeline,
                                                        "speed_gauge": {"pipeline_ms": gauge_pipeline, "baselines_ms": gauge_baselines,
                                                                        "drift": speed_change, "samples": gauge.samples},
                                                        "hook": hook}, indent=1, default=str), encoding="utf-8")  # fmt: skip
    return values, rows


def target_verdict(key: str, op: str, target: float, value: float | None, speed_change: float | None) -> str:
    """PASS or FAIL with the value; a rate ratio across a change in the machine's speed says so."""
    ok = value is not None and (value >= target if op == ">=" else value <= target)
    verdict = f"{'PASS' if ok else 'FAIL'} ({value})"
    if key in SPEED_SENSITIVE and not ratios_comparable(speed_change):
        verdict += f", not comparable: the same work took {speed_change:+.0%} CPU during the baselines"
    return verdict


def bench_line(values: dict[str, Any]) -> str:
    """``BENCH key=value …`` in ``BENCH_KEYS`` order (``na`` for what could not be measured)."""
    return "BENCH " + " ".join(f"{k}={'na' if values.get(k) is None else values[k]}" for k in BENCH_KEYS)


def print_table(rows: list[tuple[str, str, str]], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for col in ("area", "measure", "value"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=160).print(table)


def bench_command(
    sites: Annotated[int, typer.Option("--sites", help="Labelled domains in the generated corpus.")] = 10000,
    seed: Annotated[int, typer.Option("--seed", help="Generator seed (same seed and size: same corpus).")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Working folder: corpora, runs, baselines, bench-N.json.")] = Path(
        "bench-out"
    ),
    compare_sites: Annotated[int | None, typer.Option("--compare-sites", help="Also run this smaller size first and "
                                                      "report how peak memory grew (flat-memory check).")] = None,
    profile: Annotated[bool, typer.Option("--profile", help="Record the pipeline with py-spy (speedscope JSON).")] = False,
    scrapy_set: Annotated[list[str] | None, typer.Option("--scrapy-set", help="Experiment: NAME=VALUE added to the "
                                                         "run's Scrapy settings (repeatable; JSON values).")] = None,
    pipeline_timeout: Annotated[float | None, typer.Option("--pipeline-timeout", help="Interrupt the pipeline after "
                                                           "this many seconds and report partial figures.")] = None,
    static_baseline_pages: Annotated[int, typer.Option(help="Most static pages the bare spider fetches (evenly "
                                                       "sampled from the probe's).")] = STATIC_BASELINE_CAP,
    render_baseline_pages: Annotated[int, typer.Option(help="Most JS-only pages the bare browser loop renders.")] = BROWSER_BASELINE_CAP,
    reuse_run: Annotated[bool, typer.Option("--reuse-run", help="Do not run the pipeline: report on the finished "
                                            "run in OUT/run-N (baselines are measured again).")] = False,
) -> None:
    """Benchmark the pipeline against bare Scrapy, bare Playwright and simweb on one generated corpus.

    Prints a table and, last, one `BENCH key=value …` line. Run offline: `scripts/offline exscout bench`.

    Example: exscout bench --sites 2000 --out /tmp/bench
    """
    settings: dict[str, Any] = {}
    for item in scrapy_set or []:
        name, _, raw = item.partition("=")
        try:
            settings[name.strip()] = json.loads(raw)
        except ValueError:
            settings[name.strip()] = raw
    if compare_sites and not 0 < compare_sites < sites:
        raise typer.BadParameter(f"must be smaller than --sites ({sites}); 0 turns the comparison off",
                                 param_hint="--compare-sites")  # fmt: skip
    # Both sizes like for like: same seed, settings, caps, profiling and topology, and the same source
    # of figures (both fresh runs, or both --reuse-run). The small one runs first; its own table and
    # BENCH line come first, the MEMORY line after the big table, and the big run's BENCH line last.
    once = dict(seed=seed, out=out, profile=profile, scrapy_settings=settings, timeout_s=pipeline_timeout,
                static_cap=static_baseline_pages, browser_cap=render_baseline_pages, reuse_run=reuse_run)  # fmt: skip
    compare: dict[str, Any] | None = None
    if compare_sites:
        compare, rows = bench_once(compare_sites, **once)  # type: ignore[arg-type]
        print_table(rows, f"exscout bench: {compare_sites} sites")
        print(bench_line(compare), flush=True)
    values, rows = bench_once(sites, **once)  # type: ignore[arg-type]
    print_table(rows, f"exscout bench: {sites} sites")
    if compare is not None:
        values["memory_vs_small"], line = memory_check(compare, values)
        report = out / f"bench-{sites}.json"
        data = json.loads(report.read_text(encoding="utf-8"))
        data["values"]["memory_vs_small"] = values["memory_vs_small"]
        data["memory_compare"] = {"sites": compare["sites"], "peak_rss_mb": compare["peak_rss_mb"], "line": line}
        report.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
        print(line, flush=True)
    print(bench_line(values), flush=True)


def memory_check(small: dict[str, Any], big: dict[str, Any]) -> tuple[float | None, str]:
    """(big peak RSS / small peak RSS, the ``MEMORY …`` line) for two runs' BENCH values."""
    a, b = small.get("peak_rss_mb"), big.get("peak_rss_mb")
    ratio = round(b / a, 3) if a and b else None
    if ratio is None:
        verdict = "FAIL (not measured)"
    else:
        verdict = f"{'PASS' if ratio <= MEMORY_GROWTH_MAX else 'FAIL'} (target <= +{MEMORY_GROWTH_MAX - 1:.0%})"
    if small.get("partial") or big.get("partial"):
        verdict += " (a run was interrupted: partial peaks)"
    growth = "na" if ratio is None else f"{ratio - 1:+.1%}"
    return ratio, (f"MEMORY sites={small.get('sites')} peak_rss_mb={'na' if a is None else a} sites={big.get('sites')} "
                   f"peak_rss_mb={'na' if b is None else b} growth={growth} {verdict}")  # fmt: skip


def main() -> None:
    """``python -m exscout.bench --sites 30`` until the lead registers ``exscout bench``."""
    typer.run(bench_command)


if __name__ == "__main__":
    main()
