"""The weekly report: contents, escaping of hostile scraped text, self-containment, Markdown."""

from __future__ import annotations

import re

import pytest
from fakestore import HOSTILE_TITLE, build_fake_store

from exscout.outputs.report import build_report, parse_since, render_html, render_markdown, write_report
from exscout.outputs.safe import md_escape
from exscout.store import Store


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    run1, run2 = build_fake_store(url)
    with Store(url) as store:
        paths = write_report(store, tmp / "out", run2)
        again = build_report(store, run2, charts=False)
    return {
        "html": paths["html"].read_text(encoding="utf-8"),
        "md": paths["md"].read_text(encoding="utf-8"),
        "again": again,
        "runs": (run1, run2),
    }


def test_report_says_what_is_new_dropped_changed(report) -> None:
    html = report["html"]
    assert "Baseline: since the previous run (run 1)" in html
    new = html.split("<h2>New candidates")[1].split("<h2>")[0]
    dropped = html.split("<h2>Dropped candidates")[1].split("<h2>")[0]
    changed = html.split("<h2>Changed verdicts")[1].split("<h2>")[0]
    assert "newcoin-ex.com" in new and "okpay-ex.io" not in new
    assert "okpay-ex.io" in dropped and "geoblocks China" in dropped
    assert "geoblock-ex.com" in changed and "blocked_in_cn" in changed


def test_every_candidate_has_its_evidence(report) -> None:
    html = report["html"]
    for domain in ("hbx-global.com", "hbx-mirror.net", "hostile-ex.com", "newcoin-ex.com"):
        card = html.split(f'id="c-{domain}"')[1].split('<div class="card')[0]
        assert "score 0." in card and "Why" in card and "Addresses" in card
        assert 'src="data:image/png;base64,' in card  # its screenshot, embedded
    hbx = html.split('id="c-hbx-global.com"')[1].split('<div class="card')[0]
    assert "CNY payment rails: Alipay, WeChat Pay — https://www.hbx-global.com/p2p" in hbx
    assert "43.128.10.7" in hbx and "AS132203" in hbx and "coingecko" in hbx
    assert "okpay-ex.io" not in html.split("Candidates and their evidence")[1]


def test_totals_by_country_asn_cdn(report) -> None:
    data = report["again"]
    countries = {t["value"]: t["candidates"] for t in data["totals"]["countries"]}
    assert countries["SG"] == 2 and countries["US"] == 2 and countries["CN"] == 0
    assert {t["value"]: t["candidates"] for t in data["totals"]["cdn"]}["Cloudflare"] == 2
    assert data["funnel"][-1] == ("candidates", 4)


def test_hostile_text_is_escaped_in_html(report) -> None:
    html = report["html"]
    assert HOSTILE_TITLE not in html
    assert "<script" not in html.lower()
    assert not re.search(r"<img[^>]*onerror", html, re.I)
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    )


def test_html_is_self_contained(report) -> None:
    html = report["html"]
    assert html.lstrip().startswith("<!DOCTYPE html>")
    # no asset from anywhere: every src is a data: URI, no stylesheet links, no CSS url(), no scripts
    for src in re.findall(r'\bsrc="([^"]*)"', html):
        assert src.startswith("data:image/"), src[:60]
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"url\(", html, re.I)
    assert not re.search(r'href="(?!#)', html)  # only in-page anchors
    assert "default-src 'none'" in html
    assert len(re.findall(r'src="data:image/png;base64,', html)) >= 4 + 2  # screenshots + charts


def test_markdown(report) -> None:
    md = report["md"]
    assert md.startswith("# exscout weekly discovery report — run 2")
    assert "- **newcoin-ex.com** (score 0.91)" in md
    assert "- **okpay-ex.io**" in md.split("## Dropped candidates")[1].split("##")[0]
    assert "| SG | 2 | 2 |" in md
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;" in md
    assert "![" not in md and "](" not in md  # no images, no links built from scraped text


def test_md_escape_neutralises_links_and_html() -> None:
    assert md_escape("[x](javascript:alert(1))") == r"\[x\]\(javascript:alert\(1\)\)"
    assert md_escape("<b>") == "&lt;b&gt;"
    assert md_escape(None) == ""


def test_since_and_last_report(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    run1, run2 = build_fake_store(url)
    with Store(url) as store:
        write_report(store, tmp_path / "r1", run1)
        data = build_report(store, run2, charts=False)
        assert data["baseline"] == run1 and data["baseline_label"].startswith("since the last report")
        data = build_report(store, run2, since="7d", charts=False)
        assert data["baseline"] is None or data["baseline"] < run2
        first = build_report(store, run1, charts=False)
        assert first["baseline"] is None and len(first["diff"]["new"]) == len(first["candidates"])
    assert parse_since("2026-01-02").year == 2026
    with pytest.raises(ValueError, match="--since"):
        parse_since("last tuesday")


def test_render_functions_are_pure(report) -> None:
    data = report["again"]
    assert render_html(data) == render_html(data)
    assert "## Candidates and their evidence (4)" in render_markdown(data)


def test_since_picks_the_run_before_that_instant(tmp_path) -> None:
    from exscout import schema

    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    run1, run2 = build_fake_store(url)
    with Store(url) as store:
        with store.engine.begin() as conn:  # run 1 happened ten days ago, run 2 now
            conn.execute(
                schema.runs.update()
                .where(schema.runs.c.id == run1)
                .values(started_at="2000-01-01T00:00:00.000000Z")
            )
        assert build_report(store, run2, since="7d", charts=False)["baseline"] == run1
        data = build_report(store, run2, since="1999-12-01", charts=False)
        assert data["baseline"] is None and data["baseline_label"] == "since 1999-12-01 (no earlier run)"
        assert {d["domain"] for d in data["diff"]["new"]} == {c["domain"] for c in data["candidates"]}
