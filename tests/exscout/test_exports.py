"""Exports: domains, RPZ (parsed by dnspython), test-lists CSV, STIX 2.1 (parsed by stix2), JSON, --new-only."""

from __future__ import annotations

import csv
import io
import json

import dns.rdatatype
import dns.zone
import pytest
import stix2
from fakestore import build_fake_store

from exscout.outputs import exports
from exscout.outputs.exports import FORMATS, RPZ_ORIGIN, TESTLISTS_HEADER, dns_name, export, rpz_zone
from exscout.store import Store

CANDIDATES_RUN2 = ["hbx-global.com", "hbx-mirror.net", "hostile-ex.com", "newcoin-ex.com"]


@pytest.fixture()
def store(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    run1, run2 = build_fake_store(url)
    with Store(url) as s:
        s.runs_made = (run1, run2)  # type: ignore[attr-defined]
        yield s


def test_domains(store) -> None:
    result = export(store, "domains")
    assert result.text.splitlines() == CANDIDATES_RUN2 and result.count == 4


def test_rpz_parses_with_dnspython(store) -> None:
    text = export(store, "rpz").text
    zone = dns.zone.from_text(text, origin=RPZ_ORIGIN, relativize=False)
    origin = dns.name.from_text(RPZ_ORIGIN)
    assert zone.get_rdataset(origin, dns.rdatatype.SOA) is not None
    assert zone.get_rdataset(origin, dns.rdatatype.NS) is not None
    for domain in CANDIDATES_RUN2:
        for owner in (domain, f"*.{domain}"):
            rrset = zone.get_rdataset(dns.name.from_text(owner, origin), dns.rdatatype.CNAME)
            assert rrset is not None, owner
            assert [r.target.to_text() for r in rrset] == ["."]
    cnames = [n for n, rds in zone.nodes.items() if rds.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)]
    assert len(cnames) == 2 * len(CANDIDATES_RUN2)


def test_rpz_refuses_names_that_would_inject_records() -> None:
    rows = [
        {"domain": "evil.com. IN A 1.2.3.4\nx"},
        {"domain": "ok.com"},
        {"domain": "bad;.com"},
        {"domain": "例子.公司"},
    ]
    text, skipped = rpz_zone(rows, serial=1)
    assert skipped == ["evil.com. IN A 1.2.3.4\nx", "bad;.com"]
    zone = dns.zone.from_text(text, origin=RPZ_ORIGIN, relativize=False)
    names = {n.to_text() for n in zone.nodes}
    assert names == {RPZ_ORIGIN, f"ok.com.{RPZ_ORIGIN}", f"*.ok.com.{RPZ_ORIGIN}",
                     f"xn--fsqu00a.xn--55qx5d.{RPZ_ORIGIN}", f"*.xn--fsqu00a.xn--55qx5d.{RPZ_ORIGIN}"}  # fmt: skip
    assert dns_name("-bad.com") is None and dns_name("com") is None


def test_testlists_csv(store) -> None:
    text = export(store, "testlists").text
    rows = list(csv.reader(io.StringIO(text)))
    assert (
        tuple(rows[0])
        == TESTLISTS_HEADER
        == ("url", "category_code", "category_description", "date_added", "source", "notes")
    )
    body = rows[1:]
    assert [r[0] for r in body] == [f"https://{d}/" for d in CANDIDATES_RUN2]
    assert {(r[1], r[2], r[4]) for r in body} == {("COMM", "E-commerce", "exscout")}
    assert all(r[5].startswith("Cryptocurrency exchange") for r in body)
    assert all(len(r[3]) == 10 and r[3][4] == "-" for r in body)


def test_testlists_cells_are_neutralised() -> None:
    text = exports.testlists_csv(
        [{"domain": "x.com", "first_seen": "=cmd|' /C calc'!A0", "score": 0.7, "platform": "=1"}]
    )
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[3].startswith("'=") and not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_stix_bundle_validates(store) -> None:
    text = export(store, "stix").text
    bundle = stix2.parse(text, allow_custom=False)
    indicators = [o for o in bundle.objects if o.type == "indicator"]
    identities = [o for o in bundle.objects if o.type == "identity"]
    assert len(identities) == 1 and len(indicators) == 4
    by = {i.pattern: i for i in indicators}
    assert set(by) == {f"[domain-name:value = '{d}']" for d in CANDIDATES_RUN2}
    hbx = by["[domain-name:value = 'hbx-global.com']"]
    assert hbx.spec_version == "2.1" and hbx.pattern_type == "stix" and 50 <= hbx.confidence <= 100
    assert hbx.created_by_ref == identities[0].id
    assert "CNY payment rails: Alipay, WeChat Pay" in hbx.description
    assert any(getattr(r, "url", "") == "https://www.hbx-global.com/p2p" for r in hbx.external_references)
    assert json.loads(text)["type"] == "bundle"


def test_json_carries_evidence(store) -> None:
    doc = json.loads(export(store, "json").text)
    assert doc["format"] == "exscout-candidates/1"
    assert [c["domain"] for c in doc["candidates"]] == [
        "hbx-global.com",
        "hbx-mirror.net",
        "newcoin-ex.com",
        "hostile-ex.com",
    ]
    hbx = doc["candidates"][0]
    assert hbx["reasons"] and any(
        e["verdict"] == "cny_onramp" and e["url"].endswith("/p2p") for e in hbx["evidence"]
    )


def test_new_only(store, tmp_path) -> None:
    run1, run2 = store.runs_made
    first = export(store, "domains", run1, new_only=True)  # no earlier run: everything is new
    assert first.baseline_run_id is None and first.count == len(store.candidates(run1))
    result = export(store, "domains", run2, new_only=True, out=tmp_path)
    assert result.text == "newcoin-ex.com\n" and result.baseline_run_id == run1
    assert result.path == tmp_path / "candidates.domains.new.txt" and result.path.read_text() == result.text
    assert store.last_export("domains")["count"] == 1
    for fmt in FORMATS:  # every format honours it
        assert "newcoin-ex.com" in export(store, fmt, run2, new_only=True).text
        assert "hbx-global.com" not in export(store, fmt, run2, new_only=True).text


def test_unknown_format(store) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "misp")


def test_every_format_writes_its_file(store, tmp_path) -> None:
    names = {fmt: export(store, fmt, out=tmp_path).path.name for fmt in FORMATS}
    assert names == {
        "domains": "candidates.domains.txt",
        "rpz": "candidates.rpz",
        "testlists": "candidates.testlists.csv",
        "stix": "candidates.stix.json",
        "json": "candidates.json",
    }
    serial_a = dns.zone.from_text((tmp_path / "candidates.rpz").read_text(), origin=RPZ_ORIGIN).get_soa().serial
    assert serial_a > 1_700_000_000  # Unix seconds: a later export always has a larger serial
