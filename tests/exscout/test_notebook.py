"""The weekly notebook runs headless (nbclient) against a real store built through the Store API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakestore import build_fake_store

from exscout.store import Store

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "weekly_discovery.ipynb"


@pytest.mark.slow
def test_notebook_reproduces_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    db = tmp_path / "exscout.sqlite"
    run1, run2 = build_fake_store(f"sqlite:///{db}")
    with Store(f"sqlite:///{db}") as store:
        expected = store.diff_runs(run1, run2)
        cands = [r["domain"] for r in store.candidates(run2)]
    monkeypatch.setenv("EXSCOUT_STORE", str(db))
    monkeypatch.delenv("EXSCOUT_RUN", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert "parameters" in nb.cells[1].metadata.get("tags", [])
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    last = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    summary = json.loads(last.strip().splitlines()[-1])
    assert summary["run_id"] == run2 and summary["baseline"] == run1
    assert sorted(summary["candidates"]) == sorted(cands)
    assert summary["new"] == [d["domain"] for d in expected["new"]]
    assert summary["dropped"] == [d["domain"] for d in expected["dropped"]]
    assert summary["changed"] == [d["domain"] for d in expected["changed"]]
    assert summary["countries"] == {"SG": 2, "US": 2}
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the charts were drawn


def test_committed_notebook_has_no_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert 'os.environ.get("EXSCOUT_STORE", "output/exscout.sqlite")' in nb.cells[1].source
