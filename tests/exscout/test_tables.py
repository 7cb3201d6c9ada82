"""candidates.csv / .jsonl: the column contract, booleans, empties, lists, formula neutralisation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fakestore import HOSTILE_FORMULA, build_fake_store

from exscout.outputs.safe import neutralise_cell, safe_filename, safe_path
from exscout.outputs.tables import COLUMNS, FIELDNAMES, columns_markdown, write_tables
from exscout.store import Store

REQUIRED = ["domain", "platform", "candidate", "score", "exchange", "chinese_ui", "cny_onramp", "overseas",
            "geoblocks_cn", "blocked_in_cn", "reachable", "countries", "asns", "ips", "first_seen", "last_seen",
            "reasons"]  # fmt: skip


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tables")
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    run1, _run2 = build_fake_store(url)
    with Store(url) as store:
        csv_path, jsonl_path = write_tables(store, tmp / "out", run1)
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        rows = {r["domain"]: r for r in reader}
    lines = jsonl_path.read_text(encoding="utf-8").splitlines()
    return header, rows, [json.loads(x) for x in lines]


def test_header_is_the_contract(tables) -> None:
    header, _, _ = tables
    assert header == FIELDNAMES == [c[0] for c in COLUMNS]
    assert all(col in header for col in REQUIRED)
    assert header[: len(REQUIRED) - 3] == REQUIRED[: len(REQUIRED) - 3]  # the stable prefix, in order
    assert "| `domain` | text |" in columns_markdown()


def test_one_row_per_probed_domain(tables) -> None:
    _, rows, objs = tables
    assert len(rows) == 8 == len(objs)
    assert "dead-ex.net" in rows and "newcoin-ex.com" not in rows  # run 1 only


def test_booleans_and_empties(tables) -> None:
    _, rows, objs = tables
    hbx, dead = rows["hbx-global.com"], rows["dead-ex.net"]
    assert (hbx["candidate"], hbx["exchange"], hbx["geoblocks_cn"]) == ("true", "true", "false")
    assert dead["exchange"] == "" and dead["overseas"] == "" and dead["reachable"] == "false"
    assert dead["candidate"] == "false"  # decided: unknowns count as false
    for value in rows["us-exchange.com"].values():
        assert value not in ("True", "False", "None")
    by = {o["domain"]: o for o in objs}
    assert by["dead-ex.net"]["exchange"] is None and by["hbx-global.com"]["candidate"] is True


def test_lists_joined_in_csv_arrays_in_jsonl(tables) -> None:
    _, rows, objs = tables
    assert rows["hbx-global.com"]["ips"] == "43.128.10.7;43.128.10.8;2406:da18::7"
    assert rows["hbx-global.com"]["asns"] == "AS132203"
    by = {o["domain"]: o for o in objs}
    assert by["hbx-global.com"]["ips"] == ["43.128.10.7", "43.128.10.8", "2406:da18::7"]
    assert by["dead-ex.net"]["ips"] == []
    assert float(rows["hbx-global.com"]["score"]) == pytest.approx(by["hbx-global.com"]["score"], abs=1e-4)


def test_formula_cells_are_neutralised_in_csv_only(tables) -> None:
    _, rows, objs = tables
    assert rows["hostile-ex.com"]["platform"] == "'" + HOSTILE_FORMULA
    by = {o["domain"]: o for o in objs}
    assert by["hostile-ex.com"]["platform"] == HOSTILE_FORMULA


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_cell(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell
    assert neutralise_cell("a" + cell) == "a" + cell
    assert neutralise_cell(3) == 3


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "https://x.com/../../a", "..", "/abs/path", "a\x00b", "…"]
)
def test_safe_path_stays_inside(tmp_path: Path, name: str) -> None:
    target = safe_path(tmp_path, name)
    assert tmp_path.resolve() in target.parents
    assert not safe_filename(name).startswith(".")


def test_rows_stream_in_chunks_in_score_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store hands rows over a chunk of domains at a time (memory flat with the run's size),
    in the contract's order: score descending, undecided last, then domain; the files written from
    the stream are the rows of ``export_rows``, in that order."""
    import exscout.store as store_module

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    run1, _run2 = build_fake_store(url)
    monkeypatch.setattr(store_module, "IN_CHUNK", 3)
    with Store(url) as store:
        stream = store.iter_export_rows(run1)
        first = next(stream)  # a generator: nothing beyond the first chunk has been built yet
        rows = [first, *stream]
        assert rows == store.export_rows(run1) and len(rows) == 8
        csv_path, jsonl_path = write_tables(store, tmp_path / "out", run1)
    keys = [(-(r["score"] if r["score"] is not None else -1.0), r["domain"]) for r in rows]
    assert keys == sorted(keys) and len({r["score"] for r in rows}) > 2  # an order that says something
    with csv_path.open(newline="", encoding="utf-8") as fh:
        assert [r["domain"] for r in csv.DictReader(fh)] == [r["domain"] for r in rows]
    assert [json.loads(x)["domain"] for x in jsonl_path.read_text(encoding="utf-8").splitlines()] == [
        r["domain"] for r in rows
    ]
