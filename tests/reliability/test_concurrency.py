"""Two runs against one store: one runs, the other refuses with a clear message; the store stays sound.

- a live process holding the run lock (this test process, through ``Store.start_run``):
  `exscout run` exits 2 naming the holder and writes nothing;
- two real `exscout run` processes started together on one store (tests/corpora/mini, no
  rendering): exactly one finishes, the other exits 2 with the lock message, and the
  store passes ``PRAGMA integrity_check`` with one run and no duplicate rows;
"""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest

from tests.reliability.conftest import MINI, exscout, kill_group, start_exscout

pytestmark = pytest.mark.slow


def rows(db: Path, query: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_a_second_run_refuses_while_the_lock_is_held(tmp_path: Path) -> None:
    from exscout.store import Store

    db = tmp_path / "exscout.sqlite"
    with Store(f"sqlite:///{db}") as holder:
        run_id = holder.start_run({"sources": []}, mode="corpus")
        done = exscout("run", "--simweb", str(MINI), "--render", "never", "--out", str(tmp_path), timeout=60)
        assert done.rc == 2, done.output
        message = " ".join(done.output.split())
        assert "locked by" in message and f"{socket.gethostname()}:{os.getpid()}" in message, message
        assert f"run {run_id}" in message
        assert rows(db, "SELECT id, status FROM runs") == [(run_id, "running")], (
            "the refused run wrote a run row"
        )
        holder.finish_run(run_id)
    assert not (tmp_path / "candidates.csv").exists()


def test_two_simultaneous_runs_one_wins_store_stays_sound(tmp_path: Path) -> None:
    args = ("run", "--simweb", str(MINI), "--render", "never", "--out", str(tmp_path))
    procs = [start_exscout(*args), start_exscout(*args)]
    outputs = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=180)
            outputs.append((proc.returncode, out + err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                kill_group(proc)
    codes = sorted(rc for rc, _ in outputs)
    loser = next(text for rc, text in outputs if rc == 2)
    assert codes[0] in (0, 1) and codes[1] == 2, outputs
    assert "locked by" in " ".join(loser.split()), loser
    db = tmp_path / "exscout.sqlite"
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT status FROM runs") == [("finished",)]
    assert rows(db, "SELECT COUNT(*) FROM locks") == [(0,)]
    assert rows(db, "SELECT run_id, domain FROM site_observations GROUP BY 1, 2 HAVING COUNT(*) > 1") == []
    assert rows(db, "SELECT run_id, domain, seq FROM pages GROUP BY 1, 2, 3 HAVING COUNT(*) > 1") == []
