"""Exports of a run's candidates for the blocklist registry and other tools.

``export(store, fmt, run_id=None, new_only=False, out=None)`` with ``fmt`` one of
``FORMATS``:

- ``domains``: one registrable domain per line, sorted (the plainest interchange);
- ``rpz``: a DNS Response Policy Zone (draft-vixie-dnsop-dns-rpz): SOA and NS
  header, then ``domain CNAME .`` and ``*.domain CNAME .`` (NXDOMAIN for the
  domain and every subdomain), loadable by BIND, Unbound, PowerDNS and Knot;
- ``testlists``: the Citizen Lab test-lists CSV columns
  (``url,category_code,category_description,date_added,source,notes``). The
  legend has no cryptocurrency category; the lists file exchanges as ``COMM``
  (E-commerce) with a note "Cryptocurrency exchange" (btcchina.com in cn.csv,
  binance/kraken in global.csv), and so do we;
- ``stix``: a STIX 2.1 bundle (built with ``stix2``) of one ``indicator`` per
  domain, pattern ``[domain-name:value = '…']``, ``confidence`` = score × 100,
  the reasons as description and the evidence URLs as external references,
  created by an ``identity`` for exscout;
- ``json``: candidates with their evidence, for anything else.

``new_only``: only candidates that were not candidates in the baseline: the run
of the last export of the same format (made from an earlier run), else the
previous finished run, else none (all are new). Each export is recorded in the
store so the next ``--new-only`` knows where it left off.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exscout.outputs.safe import exscout_version, neutralise_cell

FORMATS = ("domains", "rpz", "testlists", "stix", "json")
FILENAMES = {
    "domains": ("candidates.domains", ".txt"),
    "rpz": ("candidates", ".rpz"),
    "testlists": ("candidates.testlists", ".csv"),
    "stix": ("candidates.stix", ".json"),
    "json": ("candidates", ".json"),
}
"""File name (stem, suffix) per format when ``out`` is a folder; ``--new-only`` adds ``.new`` before the suffix."""
TESTLISTS_HEADER = ("url", "category_code", "category_description", "date_added", "source", "notes")
TESTLISTS_CATEGORY = ("COMM", "E-commerce")
RPZ_ORIGIN = "rpz.exscout.invalid."
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_URL = re.compile(r"https?://[^\s—]+")


@dataclass(frozen=True)
class ExportResult:
    """What an export produced: the text, how many domains, the baseline used, where it was written."""

    format: str
    text: str
    count: int
    baseline_run_id: int | None
    path: Path | None = None
    skipped: tuple[str, ...] = ()


def dns_name(domain: str) -> str | None:
    """The domain as an ASCII DNS name (IDNA), or None if it is not a valid host name.

    Why strict: a zone file line is built from it, and a hostile "domain" with a
    space, semicolon or newline must never become extra zone records.
    """
    try:
        ascii_name = domain.strip().rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        return None
    return ascii_name


def rpz_zone(rows: Sequence[Mapping[str, Any]], *, origin: str = RPZ_ORIGIN, serial: int | None = None,
             run_id: int | None = None) -> tuple[str, list[str]]:  # fmt: skip
    """An RPZ zone text for the rows' domains; returns (text, domains skipped as invalid)."""
    # Unix seconds: grows with every export, so secondaries always see a newer zone (RFC 1982 arithmetic).
    serial = serial or int(time.time())
    origin = origin if origin.endswith(".") else origin + "."
    lines = [
        f"; exscout {exscout_version()} RPZ: candidates of run {run_id}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "; action NXDOMAIN (CNAME .) for each domain and all its subdomains",
        "$TTL 300",
        f"$ORIGIN {origin}",
        f"@ IN SOA localhost. hostmaster.localhost. ( {serial} 3600 600 604800 300 )",
        "@ IN NS localhost.",
    ]
    skipped: list[str] = []
    seen: set[str] = set()
    for row in rows:
        name = dns_name(str(row["domain"]))
        if name is None:
            skipped.append(str(row["domain"]))
            continue
        if name in seen:
            continue
        seen.add(name)
        lines.append(f"{name} CNAME .")
        lines.append(f"*.{name} CNAME .")
    return "\n".join(lines) + "\n", skipped


def domains_list(rows: Sequence[Mapping[str, Any]]) -> str:
    """One domain per line, sorted, deduplicated."""
    names = sorted({str(r["domain"]) for r in rows})
    return "".join(f"{n}\n" for n in names)


def _first_reason(row: Mapping[str, Any]) -> str:
    reasons = row.get("reasons") or []
    return str(reasons[0]) if reasons else ""


def testlists_csv(rows: Sequence[Mapping[str, Any]], *, source: str = "exscout") -> str:
    """Citizen Lab test-lists CSV (COMM / E-commerce, with a note), cells neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(TESTLISTS_HEADER)
    for row in sorted(rows, key=lambda r: str(r["domain"])):
        date_added = str(row.get("first_seen") or datetime.now(UTC).isoformat())[:10]
        note = f"Cryptocurrency exchange serving mainland China (exscout score {float(row.get('score') or 0):.2f})"
        if row.get("platform"):
            note += f"; platform {row['platform']}"
        cells = [f"https://{row['domain']}/", *TESTLISTS_CATEGORY, date_added, source, note]
        writer.writerow([neutralise_cell(c) for c in cells])
    return buf.getvalue()


def _evidence_urls(row: Mapping[str, Any]) -> list[str]:
    urls: list[str] = []
    for reason in row.get("reasons") or []:
        for u in _URL.findall(str(reason)):
            if u not in urls:
                urls.append(u)
    return urls[:10]


def stix_bundle(rows: Sequence[Mapping[str, Any]], *, run_id: int | None = None) -> str:
    """A STIX 2.1 bundle of domain-name indicators (validated by the ``stix2`` library as it builds)."""
    import stix2

    now = datetime.now(UTC)
    identity = stix2.Identity(name="exscout", identity_class="system",
                              description="exscout: finds overseas crypto exchanges serving mainland China")  # fmt: skip
    objects: list[Any] = [identity]
    for row in rows:
        name = dns_name(str(row["domain"]))
        if name is None:
            continue
        refs = [{"source_name": "exscout", "external_id": name,
                 "description": f"run {run_id}; score {float(row.get('score') or 0):.2f}"}]  # fmt: skip
        refs += [{"source_name": "evidence", "url": u} for u in _evidence_urls(row)]
        first_seen = row.get("first_seen")
        try:
            valid_from = datetime.fromisoformat(str(first_seen).replace("Z", "+00:00")) if first_seen else now
        except ValueError:
            valid_from = now
        objects.append(
            stix2.Indicator(
                name=f"Crypto exchange serving mainland China: {name}",
                description="\n".join(str(r) for r in row.get("reasons") or []) or None,
                pattern=f"[domain-name:value = '{name}']",
                pattern_type="stix",
                valid_from=valid_from,
                confidence=max(0, min(100, round(float(row.get("score") or 0) * 100))),
                labels=["crypto-exchange", "serves-mainland-china"],
                created_by_ref=identity.id,
                external_references=refs,
            )
        )
    return stix2.Bundle(objects=objects).serialize(pretty=True)


def json_export(rows: Sequence[Mapping[str, Any]], *, run_id: int | None, baseline: int | None, new_only: bool,
                evidence: Mapping[str, Any] | None = None) -> str:  # fmt: skip
    """Candidates with evidence as one JSON document."""
    doc = {
        "format": "exscout-candidates/1",
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run_id": run_id,
        "new_only": new_only,
        "baseline_run_id": baseline,
        "candidates": [{**dict(r), "evidence": (evidence or {}).get(r["domain"], [])} for r in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"


def _evidence_for(store: Any, run_id: int, domain: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    site = store.site(run_id, domain) or {}
    facts = store.facts(run_id, domain) or {}
    for source in (site.get("verdicts") or {}, facts):
        for name, v in source.items():
            if isinstance(v, Mapping) and "evidence" in v and "value" in v:
                for e in v.get("evidence") or []:
                    out.append({"verdict": name, "value": v.get("value"), **e})
    return out


def new_only_baseline(store: Any, fmt: str, run_id: int) -> int | None:
    """The run ``--new-only`` compares with (see the module docstring)."""
    last = store.last_export(fmt, before_run=run_id)
    if last and last.get("run_id"):
        return int(last["run_id"])
    return store.previous_run(run_id)


def export(store: Any, fmt: str, run_id: int | None = None, *, new_only: bool = False,
           out: str | Path | None = None) -> ExportResult:  # fmt: skip
    """Export a run's candidates (latest run by default) in ``fmt``; write to ``out`` if given; record it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    run_id = run_id if run_id is not None else store.latest_run_id()
    if run_id is None:
        raise ValueError("the store has no runs: nothing to export")
    rows = store.candidates(run_id)
    baseline = None
    if new_only:
        baseline = new_only_baseline(store, fmt, run_id)
        new = {d["domain"] for d in store.diff_runs(baseline, run_id)["new"]}
        rows = [r for r in rows if r["domain"] in new]
    skipped: list[str] = []
    if fmt == "domains":
        text = domains_list(rows)
    elif fmt == "rpz":
        text, skipped = rpz_zone(rows, run_id=run_id)
    elif fmt == "testlists":
        text = testlists_csv(rows)
    elif fmt == "stix":
        text = stix_bundle(rows, run_id=run_id)
    else:
        evidence = {r["domain"]: _evidence_for(store, run_id, r["domain"]) for r in rows}
        text = json_export(rows, run_id=run_id, baseline=baseline, new_only=new_only, evidence=evidence)
    path: Path | None = None
    if out is not None:
        path = Path(out)
        if path.is_dir():
            stem, suffix = FILENAMES[fmt]
            path = path / f"{stem}{'.new' if new_only else ''}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    store.record_export(run_id, fmt, new_only=new_only, count=len(rows), path=str(path) if path else None)
    return ExportResult(fmt, text, len(rows), baseline, path, tuple(skipped))
