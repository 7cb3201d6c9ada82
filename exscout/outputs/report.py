"""The weekly discovery report: one self-contained HTML page and the same in Markdown.

What an investigator reads on Monday: which candidates are new since the last
report (or ``--since 7d``), which dropped out and why, whose verdicts changed,
where candidates are hosted (country, ASN, CDN), and for each candidate the
evidence behind it — snippets with their URLs, a screenshot, its addresses, the
listings that named it, its score and reasons.

Self-contained on purpose: the page is mailed and archived, and must never
fetch anything when opened (no tracking, nothing changes after the fact). CSS
is inline, charts are matplotlib PNGs and screenshots are embedded as
``data:`` URIs, and evidence URLs are shown as text, never as links or sources.
Everything scraped is escaped: HTML by Jinja2 autoescape, Markdown by
``safe.md_escape`` (as the Markdown environment's ``finalize``).
"""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from exscout.outputs.safe import exscout_version, html_env, image_data_uri, markdown_env
from exscout.schema import VERDICT_FIELDS

EVIDENCE_VERDICTS = ("exchange", "chinese_ui", "cny_onramp", "icp", "geoblocks_cn")
FACT_VERDICTS = ("overseas", "blocked_in_cn")
_SINCE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.I)


def parse_since(since: str, now: datetime | None = None) -> datetime:
    """``"7d"``, ``"24h"``, ``"2w"`` or an ISO date/time → the UTC instant it means."""
    now = now or datetime.now(UTC)
    m = _SINCE.match(since)
    if m:
        n, unit = int(m.group(1)), m.group(2).lower()
        return now - {"h": timedelta(hours=n), "d": timedelta(days=n), "w": timedelta(weeks=n)}[unit]
    try:
        when = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"--since wants 7d, 24h, 2w or an ISO date, not {since!r}") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def choose_baseline(store: Any, run_id: int, since: str | None = None) -> tuple[int | None, str]:
    """The run to compare with, and how it was chosen (shown in the report).

    ``since`` → the newest finished run started before that instant; otherwise the
    run the last report was made from; otherwise the previous finished run.
    """
    if since:
        when = parse_since(since).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        base = store.run_before(when)
        if base is not None and base >= run_id:
            base = store.previous_run(run_id)
        return base, f"since {since} (run {base})" if base else f"since {since} (no earlier run)"
    last = store.last_report(before_run=run_id)
    if last and last.get("run_id"):
        return int(
            last["run_id"]
        ), f"since the last report ({last['made_at'][:16].replace('T', ' ')} UTC, run {last['run_id']})"
    base = store.previous_run(run_id)
    return base, f"since the previous run (run {base})" if base else "first report: every candidate is new"


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _bar_chart(title: str, counts: list[tuple[str, int]], color: str = "#b22222") -> str | None:
    """A horizontal bar chart as a PNG data URI (labels are drawn into pixels: nothing to inject)."""
    if not counts:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = [label[:40] for label, _ in counts][::-1]
    values = [v for _, v in counts][::-1]
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(counts) + 1.0))
    try:
        ax.barh(labels, values, color=color)
        ax.set_title(title, fontsize=11)
        ax.xaxis.get_major_locator().set_params(integer=True)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        return _png(fig)
    finally:
        plt.close(fig)


def _tally(rows: list[Mapping[str, Any]], key: str) -> Counter[str]:
    c: Counter[str] = Counter()
    empty = "(none)" if key == "cdn" else "(unknown)"
    for r in rows:
        for v in set(r.get(key) or []) or {empty}:
            c[str(v)] += 1
    return c


def headline(reasons: list[str], limit: int = 2) -> str:
    """The most telling reasons in one line: the Chinese-UI, CNY and hosting ones before "Exchange: …"."""
    telling = [r for r in reasons if not r.startswith("Exchange:")] or list(reasons)
    return " · ".join(telling[:limit])


def totals(rows: list[Mapping[str, Any]], key: str, top: int = 15) -> list[dict[str, Any]]:
    """Per-value counts of candidates and of all decided domains for a list column (countries, asns, cdn)."""
    cands = _tally([r for r in rows if r.get("candidate")], key)
    every = _tally([r for r in rows if r.get("candidate") is not None], key)
    keys = sorted(every, key=lambda k: (-cands.get(k, 0), -every[k], k))[:top]
    return [{"value": k, "candidates": cands.get(k, 0), "all": every[k]} for k in keys]


def _evidence(store: Any, run_id: int, row: Mapping[str, Any]) -> dict[str, Any]:
    domain = row["domain"]
    site = store.site(run_id, domain) or {}
    facts = store.facts(run_id, domain) or {}
    snippets = []
    for source, names in ((site.get("verdicts") or {}, EVIDENCE_VERDICTS), (facts, FACT_VERDICTS)):
        for name in names:
            v = source.get(name) if isinstance(source, Mapping) else None
            if not isinstance(v, Mapping):
                continue
            for e in (v.get("evidence") or [])[:3]:
                if isinstance(e, Mapping):
                    snippets.append({"verdict": name, "value": v.get("value"), "url": e.get("url", ""),
                                     "snippet": e.get("snippet", ""), "signal": e.get("signal", "")})  # fmt: skip
    shots = store.screenshots(run_id, domain)
    screenshot = None
    for s in shots:
        uri = image_data_uri(s["image"])
        if uri:
            screenshot = {"uri": uri, "url": s["url"], "sha256": s["sha256"]}
            break
    sources = [
        {
            "source": s["source"],
            "listed_name": s["listed_name"],
            "rank": s["rank"],
            "listed_url": s["listed_url"],
        }
        for s in store.sources_for(domain)
    ]
    pages = [
        {"url": p["url"], "status": p["status"], "vantage": p["vantage"], "rendered": p["rendered"],
         "sha256": p["sha256"], "error": p["error"]}
        for p in store.pages(run_id, domain)
    ]  # fmt: skip
    return {**row, "snippets": snippets, "screenshot": screenshot, "sources_detail": sources, "pages": pages,
            "linked": site.get("linked") or []}  # fmt: skip


def build_report(
    store: Any, run_id: int | None = None, since: str | None = None, *, charts: bool = True
) -> dict[str, Any]:
    """Everything the templates show, as plain data (tested directly, rendered twice)."""
    run_id = run_id if run_id is not None else store.latest_run_id()
    if run_id is None:
        raise ValueError("the store has no runs: nothing to report")
    run = store.get_run(run_id)
    baseline, baseline_label = choose_baseline(store, run_id, since)
    diff = store.diff_runs(baseline, run_id)
    for entry in (*diff["new"], *diff["dropped"]):
        entry["headline"] = headline(list(entry.get("reasons") or []))
    rows = store.export_rows(run_id)
    cands = [r for r in rows if r["candidate"]]
    new_set = {d["domain"] for d in diff["new"]}
    decided = [r for r in rows if r["candidate"] is not None]
    funnel = [
        ("probed", len(rows)),
        ("reachable", sum(1 for r in rows if r["reachable"])),
        ("exchange", sum(1 for r in decided if r["exchange"])),
        (
            "+ Chinese UI or CNY",
            sum(1 for r in decided if r["exchange"] and (r["chinese_ui"] or r["cny_onramp"])),
        ),
        (
            "+ overseas",
            sum(
                1 for r in decided if r["exchange"] and r["overseas"] and (r["chinese_ui"] or r["cny_onramp"])
            ),
        ),
        ("candidates", len(cands)),
    ]
    by = {key: totals(rows, key) for key in ("countries", "asns", "cdn")}
    chart_uris: dict[str, str | None] = {}
    if charts:
        chart_uris = {
            "funnel": _bar_chart("From probed site to candidate", funnel, "#444"),
            "countries": _bar_chart("Candidates by hosting country", [(t["value"], t["candidates"]) for t in by["countries"] if t["candidates"]]),
            "asns": _bar_chart("Candidates by ASN", [(t["value"], t["candidates"]) for t in by["asns"] if t["candidates"]], "#1f5fa8"),
        }  # fmt: skip
    return {
        "title": f"exscout weekly discovery report — run {run_id}",
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": exscout_version(),
        "run": run,
        "counts": run.get("counts") or store.run_counts(run_id),
        "baseline": baseline,
        "baseline_label": baseline_label,
        "since": since,
        "diff": diff,
        "candidates": [{**_evidence(store, run_id, r), "is_new": r["domain"] in new_set} for r in cands],
        "totals": by,
        "funnel": funnel,
        "charts": {k: v for k, v in chart_uris.items() if v},
        "verdict_fields": VERDICT_FIELDS,
        "source_errors": store.source_errors(run_id),
        "rejections": len(store.rejections(run_id)),
    }


def render_html(data: Mapping[str, Any]) -> str:
    """The report as one self-contained HTML page (autoescaped)."""
    return html_env().get_template("report.html").render(**data)


def render_markdown(data: Mapping[str, Any]) -> str:
    """The report as Markdown (every value through ``md_escape``; no images)."""
    return markdown_env().get_template("report.md.j2").render(**data)


def write_report(
    store: Any,
    out_dir: str | Path,
    run_id: int | None = None,
    since: str | None = None,
    formats: tuple[str, ...] = ("html", "md"),
) -> dict[str, Path]:
    """Write ``report.html`` / ``report.md`` into ``out_dir`` and record the report in the store."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = build_report(store, run_id, since, charts="html" in formats)
    paths: dict[str, Path] = {}
    if "html" in formats:
        paths["html"] = out / "report.html"
        paths["html"].write_text(render_html(data), encoding="utf-8")
    if "md" in formats:
        paths["md"] = out / "report.md"
        paths["md"].write_text(render_markdown(data), encoding="utf-8")
    for kind, path in paths.items():
        store.record_report(data["run"]["id"], kind, str(path), baseline_run_id=data["baseline"], since=since)
    return paths
