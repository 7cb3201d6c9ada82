"""``candidates.csv`` and ``candidates.jsonl``: one row per registrable domain probed in a run.

The contract (``COLUMNS``) is stable: columns are only ever added at the end.
Booleans are ``true``/``false`` and empty when unknown (``null`` in JSONL); lists
are ``;``-joined in CSV and arrays in JSONL. Every CSV text cell is neutralised
against spreadsheet formula injection (a leading ``'``), JSONL is left raw.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from exscout.outputs.safe import neutralise_cell

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("domain", "text", "registrable domain (Public Suffix List, private suffixes included)"),
    ("platform", "text", "platform name from a listing or the probe; empty if unknown"),
    (
        "candidate",
        "bool",
        "exchange and overseas and (chinese_ui or cny_onramp) and not geoblocks_cn; empty if not decided",
    ),
    ("score", "float", "strength of evidence, 0–1; candidates 0.5–1, non-candidates below 0.5"),
    ("exchange", "bool", "a crypto-asset trading platform"),
    ("chinese_ui", "bool", "offers a Simplified-Chinese interface"),
    ("cny_onramp", "bool", "a visitor can pay in renminbi"),
    ("overseas", "bool", "every address the site serves from is outside mainland China"),
    ("geoblocks_cn", "bool", "the site turns mainland visitors away"),
    ("blocked_in_cn", "bool", "already blocked inside China (DNS at the cn vantage)"),
    ("reachable", "bool", "the probe got an answer from the site"),
    ("countries", "list", "hosting countries (ISO 3166-1 alpha-2) of its addresses"),
    ("asns", "list", "origin ASNs of its addresses, as AS<number>"),
    ("ips", "list", "its A/AAAA addresses after CNAMEs"),
    ("cdn", "list", "CDNs in front of it"),
    ("sources", "list", "listing sources that named it (coingecko, coinpaprika, ccxt, seeds…)"),
    ("redirect_to", "text", "the domain it only redirects to, whose verdicts it takes"),
    ("first_seen", "text", "when the store first saw the domain (UTC, ISO 8601)"),
    ("last_seen", "text", "when the store last saw the domain (UTC, ISO 8601)"),
    ("run_id", "int", "the run this row comes from"),
    ("reasons", "list", "why, readable, each with its evidence URL"),
)
"""(name, type, meaning) of every column, in file order. The README quotes ``columns_markdown()``."""

FIELDNAMES = [name for name, _, _ in COLUMNS]
_TYPES = {name: kind for name, kind, _ in COLUMNS}


def columns_markdown() -> str:
    """The column contract as a Markdown table (for the README and the report)."""
    lines = ["| column | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{n}` | {t} | {m} |" for n, t, m in COLUMNS]
    return "\n".join(lines)


def csv_cell(name: str, value: Any) -> str:
    """One CSV cell per the contract: bools true/false, None empty, lists ';'-joined, text neutralised."""
    kind = _TYPES.get(name, "text")
    if value is None:
        return ""
    if kind == "bool" or isinstance(value, bool):
        return "true" if value else "false"
    if kind == "list":
        return str(neutralise_cell(";".join(str(v).replace(";", ",") for v in value)))
    if kind == "float":
        return f"{float(value):.4f}"
    return str(neutralise_cell(str(value)))


def jsonl_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One JSONL object per the contract: exactly the columns, lists as arrays, unknowns as null."""
    out: dict[str, Any] = {}
    for name in FIELDNAMES:
        value = row.get(name)
        if _TYPES[name] == "list":
            value = list(value or [])
        out[name] = value
    return out


def write_tables(store: Any, out_dir: str | Path, run_id: int | None = None) -> tuple[Path, Path]:
    """Write ``candidates.csv`` and ``candidates.jsonl`` for a run (latest by default) into ``out_dir``.

    CSV: UTF-8, a header, neutralised cells. JSONL: one JSON object per line, UTF-8, non-ASCII
    kept. Both files are written in one pass over the store's rows as they stream in, so memory
    stays flat however large the run.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, jsonl_path = out / "candidates.csv", out / "candidates.jsonl"
    with csv_path.open("w", newline="", encoding="utf-8") as cfh, jsonl_path.open("w", encoding="utf-8") as jfh:
        writer = csv.writer(cfh)
        writer.writerow(FIELDNAMES)
        for row in store.iter_export_rows(run_id):
            writer.writerow([csv_cell(name, row.get(name)) for name in FIELDNAMES])
            jfh.write(json.dumps(jsonl_row(row), ensure_ascii=False) + "\n")
    return csv_path, jsonl_path
