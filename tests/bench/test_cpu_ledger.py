"""exscout.bench.CpuLedger against a fake process table that keeps CPU the way Linux does.

The fake kernel: a process accrues ``own`` CPU while it runs; when it exits it stays a zombie
(still listed, counters frozen) until its parent reaps it, which adds the child's
``own + children`` to the parent's ``children`` (``cutime + cstime``). The monitor only sees the
table at sample times, as psutil would.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exscout.bench import CpuLedger, ProcSample

# CPU in integer milliseconds, so "exact" can be checked with ==.


@dataclass
class FakeProc:
    pid: int
    ppid: int
    start: int
    kind: str
    own: int = 0
    children: int = 0
    zombie: bool = False


@dataclass
class FakeKernel:
    """A process table with Linux's CPU bookkeeping; pids are handed out cyclically (and reused)."""

    pid_max: int = 1_000
    procs: dict[int, FakeProc] = field(default_factory=dict)
    spent: Counter[str] = field(default_factory=Counter)  # ground truth: every ms any process ran, by kind
    clock: int = 0
    _next_pid: int = 2

    def spawn(self, ppid: int, kind: str, pid: int | None = None) -> int:
        if pid is None:
            while self._next_pid in self.procs:
                self._next_pid = self._next_pid % self.pid_max + 1
            pid = self._next_pid
            self._next_pid = self._next_pid % self.pid_max + 1
        assert pid not in self.procs
        self.clock += 1
        self.procs[pid] = FakeProc(pid, ppid, self.clock, kind)
        return pid

    def run(self, pid: int, ms: int) -> None:
        proc = self.procs[pid]
        assert not proc.zombie
        proc.own += ms
        self.spent[proc.kind] += ms

    def exit(self, pid: int) -> None:
        self.procs[pid].zombie = True

    def reap(self, pid: int) -> None:
        child = self.procs.pop(pid)
        assert child.zombie
        parent = self.procs.get(child.ppid)
        if parent is not None:
            parent.children += child.own + child.children

    def orphan(self, pid: int) -> None:
        """Its parent is gone: re-parented to init (outside the monitored tree)."""
        self.procs[pid].ppid = 1

    def table(self, root: int, hide: frozenset[int] = frozenset()) -> list[ProcSample]:
        """The tree under ``root`` as a monitor reads it (``hide``: pids that fail to read this time)."""
        kids: dict[int, list[int]] = {}
        for p in self.procs.values():
            kids.setdefault(p.ppid, []).append(p.pid)
        out, todo = [], [root] if root in self.procs else []
        while todo:
            pid = todo.pop()
            p = self.procs[pid]
            if pid not in hide:
                out.append(ProcSample(pid, p.ppid, p.start, p.kind, p.own / 1000, p.children / 1000))
            todo.extend(kids.get(pid, []))
        return out

    def parent_of(self, pid: int, start: float) -> int | None:
        p = self.procs.get(pid)
        return p.ppid if p is not None and p.start == start else None


def _ms(counter: Counter[str]) -> dict[str, int]:
    return {k: round(v * 1000) for k, v in counter.items() if round(v * 1000)}


def _browser(k: FakeKernel) -> tuple[int, int, int, int]:
    root = k.spawn(0, "python", pid=10)
    node = k.spawn(root, "node", pid=11)
    browser = k.spawn(node, "chromium", pid=12)
    zygote = k.spawn(browser, "chromium", pid=13)
    return root, node, browser, zygote


def test_renderer_born_and_reaped_between_samples_is_counted() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    k.run(zygote, 50)
    ledger.update(k.table(root))
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 700)
    k.exit(renderer)
    k.reap(renderer)
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 750} == dict(k.spent)
    assert _ms(ledger.unsampled) == {"chromium": 700}


def test_sampled_renderer_is_not_counted_twice_and_its_tail_is_kept() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 400)
    ledger.update(k.table(root))  # seen with 400 ms
    k.run(renderer, 300)  # ran on after the sample
    k.exit(renderer)
    k.reap(renderer)  # the zygote's children counter grows by 700
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 700}  # not 400 + 700
    assert _ms(ledger.unsampled) == {"chromium": 300}  # the tail no sample saw


def test_zombie_is_read_with_its_final_counters_then_credited_once() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 200)
    k.exit(renderer)
    ledger.update(k.table(root))  # a zombie: listed, final counters
    k.reap(renderer)
    ledger.update(k.table(root))
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 200}
    assert not ledger.unsampled


def test_parent_and_child_gone_in_one_interval_credit_the_nearest_live_ancestor() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 100)
    k.run(zygote, 10)
    ledger.update(k.table(root))
    k.run(renderer, 20)
    k.exit(renderer)
    k.reap(renderer)
    k.run(zygote, 5)
    k.exit(zygote)
    k.reap(zygote)  # the browser's counter now holds zygote + renderer
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 135} == dict(k.spent)
    assert _ms(ledger.unsampled) == {"chromium": 25}


def test_tail_of_a_process_reaped_by_another_kind_keeps_its_kind() -> None:
    k = FakeKernel()
    root, node, browser, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    k.run(browser, 100)
    k.run(node, 10)
    ledger.update(k.table(root))
    k.run(browser, 40)  # shutting down after the last sample
    k.exit(zygote)
    k.reap(zygote)
    k.exit(browser)
    k.reap(browser)  # node reaps Chromium
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 140, "node": 10} == dict(k.spent)


def test_reused_pid_is_a_new_process() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    first = k.spawn(zygote, "chromium", pid=500)
    k.run(first, 300)
    ledger.update(k.table(root))
    k.exit(first)
    k.reap(first)
    second = k.spawn(zygote, "chromium", pid=500)  # same pid, another process
    k.run(second, 50)
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 350}


def test_process_that_left_the_tree_alive_keeps_its_sampled_cpu_and_credits_no_one() -> None:
    k = FakeKernel()
    root, _node, browser, _zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    helper = k.spawn(browser, "other")
    k.run(helper, 80)
    ledger.update(k.table(root))
    k.orphan(helper)  # re-parented outside the tree, still running
    k.run(helper, 1000)  # not the tree's any more
    other = k.spawn(browser, "chromium")  # meanwhile the browser reaps an unseen child
    k.run(other, 30)
    k.exit(other)
    k.reap(other)
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"other": 80, "chromium": 30}


def test_unreadable_process_is_kept_and_its_credit_waits_for_its_next_reading() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 100)
    k.run(zygote, 10)
    ledger.update(k.table(root))
    k.exit(renderer)
    k.reap(renderer)
    ledger.update(k.table(root, hide=frozenset({zygote})))  # zygote unreadable this once
    assert _ms(ledger.totals()) == {"chromium": 110}
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 110}


def test_parent_that_does_not_wait_loses_nothing_sampled() -> None:
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    child = k.spawn(zygote, "chromium")
    k.run(child, 100)
    ledger.update(k.table(root))
    del k.procs[child]  # auto-reaped (SIGCHLD ignored): its CPU reaches no parent counter
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 100}


def test_child_reaped_between_its_parents_read_and_its_own_is_not_counted_twice() -> None:
    """A sample reads parents before children; if the zygote reaps a renderer in between, the
    renderer is missing from this sample while the zygote's counter does not show it yet."""
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 3_000)
    ledger.update(k.table(root))
    k.run(renderer, 100)
    k.exit(renderer)
    racy = [p for p in k.table(root) if p.pid != renderer]  # zygote read, then the renderer reaped
    k.reap(renderer)
    ledger.update(racy)
    ledger.update(k.table(root))
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 3_100} == dict(k.spent)


def test_debt_passes_to_the_next_reaper_when_the_owing_one_goes() -> None:
    k = FakeKernel()
    root, node, browser, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    renderer = k.spawn(zygote, "chromium")
    k.run(renderer, 500)
    k.run(zygote, 20)
    ledger.update(k.table(root))
    k.exit(renderer)
    racy = [p for p in k.table(root) if p.pid != renderer]
    k.reap(renderer)
    ledger.update(racy)  # the zygote owes 500
    k.exit(zygote)
    k.reap(zygote)  # ... and goes, its counter (with the renderer) into the browser's
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {"chromium": 520} == dict(k.spent)
    assert node and browser


def _script(draw: st.DrawFn) -> list[tuple[str, int]]:
    return draw(st.lists(st.tuples(st.sampled_from(["spawn", "run", "exit", "reap", "sample", "shrub", "race"]),
                                   st.integers(0, 10_000)), min_size=1, max_size=250))  # fmt: skip


@settings(max_examples=300)
@given(st.data())
def test_any_history_is_counted_exactly(data: st.DataObject) -> None:
    """Random renderer churn (spawns, exits, reaping, pid reuse, nested helpers) under a sampled tree.

    At every sample the ledger's total per kind equals what the processes of the tree have really
    run, whatever happened between samples; summing sampled CPU alone would fall short.
    """
    k = FakeKernel(pid_max=40)  # small: pids get reused
    root, node, browser, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    ledger.update(k.table(root))  # the long-lived spine is seen (an unseen process's kind is its reaper's)
    for op, n in _script(data.draw):
        running = [p for p in k.procs.values() if not p.zombie]
        if op == "spawn":
            parent = [zygote, zygote, browser][n % 3]
            if len(k.procs) < 35:
                k.spawn(parent, "chromium")
        elif op == "shrub":  # a helper that itself spawns a child (a subtree below the zygote)
            helpers = [p.pid for p in running if p.ppid == zygote]
            if helpers and len(k.procs) < 35:
                k.spawn(helpers[n % len(helpers)], "chromium")
        elif op == "run":
            p = running[n % len(running)]
            k.run(p.pid, 1 + n % 97)
        elif op == "exit":
            # leaves (no live children) below the zygote or the browser; the tree's spine stays up
            leaves = [p.pid for p in running if p.pid not in (root, node, browser, zygote)
                      and not any(c.ppid == p.pid for c in k.procs.values())]  # fmt: skip
            if leaves:
                k.exit(leaves[n % len(leaves)])
        elif op == "reap":
            zombies = [p.pid for p in k.procs.values() if p.zombie]
            if zombies:
                k.reap(zombies[n % len(zombies)])
        elif op == "race":  # a zombie reaped while the sample is being read: after its parent, before itself
            table = k.table(root)
            zombies = [p.pid for p in k.procs.values() if p.zombie]
            if zombies:
                gone = zombies[n % len(zombies)]
                k.reap(gone)
                table = [p for p in table if p.pid != gone]
            ledger.update(table)
        else:
            ledger.update(k.table(root))
            assert _ms(ledger.totals()) == {kd: v for kd, v in k.spent.items() if v}
    # the browser shuts down: everything exits and is reaped bottom-up, then one last sample
    while len(k.procs) > 2:
        for p in [p for p in k.procs.values() if p.pid not in (root, node)]:
            if not any(c.ppid == p.pid for c in k.procs.values()):
                if not p.zombie:
                    k.exit(p.pid)
                k.reap(p.pid)
    ledger.update(k.table(root))
    assert _ms(ledger.totals()) == {kd: v for kd, v in k.spent.items() if v}


def test_summing_sampled_cpu_alone_would_undercount_this_history() -> None:
    """The property above is not vacuous: the old way (last sampled CPU per pid) falls short here."""
    k = FakeKernel()
    root, _node, _browser_pid, zygote = _browser(k)
    ledger = CpuLedger(k.parent_of)
    last_seen: dict[tuple[int, float], float] = {}
    for _ in range(20):
        for _ in range(3):  # three renderers live and die between two samples
            r = k.spawn(zygote, "chromium")
            k.run(r, 400)
            k.exit(r)
            k.reap(r)
        k.run(zygote, 5)
        table = k.table(root)
        ledger.update(table)
        last_seen.update({(p.pid, p.start): p.own_s for p in table})
    assert round(sum(last_seen.values()) * 1000) == 100
    assert _ms(ledger.totals()) == {"chromium": 24_100} == dict(k.spent)


def _children_rusage_s() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def test_tree_monitor_counts_short_lived_children_of_a_real_process(tmp_path: Path) -> None:
    """A real tree: a process runs CPU-burning children one after another, each living less than a
    sample interval, then idles so that a sample sees its final children counters. Here every
    process is reaped inside the tree, so the kernel's total for it is the truth."""
    from exscout.bench import TreeMonitor

    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.03: pass"
    script = tmp_path / "spawner.py"
    script.write_text("import subprocess, sys, time\n"
                      f"for _ in range(12): subprocess.run([sys.executable, '-c', {burn!r}])\n"
                      "time.sleep(1.0)\n", encoding="utf-8")  # fmt: skip
    before = _children_rusage_s()
    proc = subprocess.Popen([sys.executable, str(script)])
    monitor = TreeMonitor(proc.pid, interval=0.3)
    monitor.start()
    proc.wait()
    kernel = _children_rusage_s() - before
    report = monitor.stop()
    total = sum(report.cpu_s.values())
    assert kernel >= 0.36  # 12 × 30 ms burnt, at least
    # the kernel's figure, less what the idle root did after the last sample (rounding: 0.1 s)
    assert total == pytest.approx(kernel, abs=0.15)
    assert report.cpu_unsampled_s.get("python", 0) >= 0.2  # most of it only the root's cutime showed


def test_kind_is_read_again_until_the_process_has_exec_ed_into_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    """Between fork and exec a child shows its parent's name and command line (same pid, same start
    time after exec): a monitor that classified it once would count Chromium's browser as node."""
    from exscout import bench

    node_cmd = ["/venv/playwright/driver/node", "cli.js", "run-driver"]
    chrome_cmd = ["/usr/lib/chromium/chromium", "--headless"]
    simweb_cmd = ["/venv/bin/python", "-m", "simweb", "serve", "corpus"]
    pipeline_cmd = ["/venv/bin/python", "-m", "exscout.bench_baselines", "pipeline"]
    tables = [
        [(10, 1, 1.0, "python3.11", pipeline_cmd, 100_000, 1.0, 0.0),
         (11, 10, 2.0, "python3.11", pipeline_cmd, 100_000, 0.0, 0.0),  # forked, not yet exec'd
         (12, 10, 2.5, "node", node_cmd, 50_000, 0.5, 0.0),
         (13, 12, 3.0, "node", node_cmd, 50_000, 0.0, 0.0)],  # forked, not yet exec'd
        [(10, 1, 1.0, "python3.11", pipeline_cmd, 100_000, 1.5, 0.0),
         (11, 10, 2.0, "python3.11", simweb_cmd, 300_000, 0.4, 0.0),
         (12, 10, 2.5, "node", node_cmd, 50_000, 0.6, 0.0),
         (13, 12, 3.0, "chromium", chrome_cmd, 200_000, 2.0, 0.0)],
        [(10, 1, 1.0, "python3.11", pipeline_cmd, 100_000, 1.5, 0.0),
         (11, 10, 2.0, "python3.11", simweb_cmd, 300_000, 0.4, 0.0),
         (12, 10, 2.5, "node", node_cmd, 50_000, 0.6, 0.0),
         (13, 12, 3.0, "", [], 200_000, 3.0, 0.0),  # a settled Chromium process: not read again
         (14, 13, 4.0, "exe", ["/proc/self/exe", "--type=utility"], 10_000, 0.1, 0.0)],  # Chromium re-executing
        [(10, 1, 1.0, "python3.11", pipeline_cmd, 100_000, 1.5, 0.0),
         (11, 10, 2.0, "python3.11", [], 0, 0.5, 0.0),  # exiting: the command line reads empty
         (12, 10, 2.5, "node-MainThread", [], 0, 0.7, 0.0),
         (13, 12, 3.0, "", [], 200_000, 3.0, 0.0),
         (14, 13, 4.0, "chromium", ["/usr/lib/chromium/chromium", "--type=utility"], 10_000, 0.2, 0.0)],
    ]  # fmt: skip
    monitor = bench.TreeMonitor(10)
    monitor._psutil = None
    monkeypatch.setattr(bench, "_pss_kb", lambda pid: 1024)
    for table in tables:
        monkeypatch.setattr(monitor, "_tree", lambda table=table: table)
        monitor.sample()
    assert not monitor._settled_kind(11, 2.0) and monitor._settled_kind(13, 3.0)
    report = monitor.stop()
    assert report.cpu_s == {"chromium": 3.2, "node": 0.7, "python": 1.5, "simweb": 0.5}
    assert report.peak_python_rss_mb == pytest.approx(200_000 / 1024)  # the first sample: before exec
    assert report.peak_simweb_rss_mb == pytest.approx(300_000 / 1024)
