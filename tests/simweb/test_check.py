"""simweb.check: every broken corpus reports exactly its mistakes, with file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simweb.check import candidate_rule, check, summary
from simweb.corpus import Corpus

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
CJ = "corpus.json"

EXPECTED: dict[str, set[tuple[str, str]]] = {
    "broken-missing": {(CJ, "")},
    "broken-json": {(CJ, "")},
    "broken-format": {(CJ, "extra"), (CJ, "format"), (CJ, "name"), (CJ, "seeds[2]")},
    "broken-hosts": {
        (CJ, "hosts.a.com.weight"), (CJ, "hosts.a.com.rcode"), (CJ, "hosts.a.com.a[1]"),
        (CJ, "hosts.a.com.aaaa[0]"), (CJ, "hosts.b.com.cname"), (CJ, "hosts.c.com.ns[0]"),
        (CJ, "hosts.c.com.mx[0]"), (CJ, "hosts.c.com.txt[1]"), (CJ, "hosts.d.com.cn.serves"),
        (CJ, "hosts.d.com.cn.geo"), (CJ, "hosts.d.com.cn.a[0]"), (CJ, "hosts.e.com.cn.serves"),
        (CJ, "hosts.E.com."), (CJ, "hosts.f.com.cn"), (CJ, "hosts.bad_name..com"),
    },
    "broken-networks": {
        (CJ, "networks[1].cidr"), (CJ, "networks[2].cidr"), (CJ, "networks[3].asn"),
        (CJ, "networks[3].country"), (CJ, "networks[4].country"), (CJ, "networks[4].rir"),
        (CJ, "networks[5].color"), (CJ, "networks[5].org"), (CJ, "networks[5].as_name"),
        (CJ, "networks[6].allocated"),
    },
    "broken-loop": {(CJ, "hosts.loop-a.com.cname"), (CJ, "hosts.self.com.cname"), (CJ, "hosts.cn-loop.com.cn.cname")},
    "broken-coverage": {(CJ, "hosts.a.com.a[1]"), (CJ, "hosts.a.com.aaaa[0]")},
    "broken-sites": {("sites/stray-file.txt", ""), ("sites/unknown-host.com", "")},
    "broken-routes": {
        ("sites/a.com/_routes.json", k) for k in (
            "*.vantage.us", "old", "/s.colour", "/s.status", "/s.delay_ms", "/s.fault", "/f.body", "/f.file",
            "/up.file", "/h.headers.Bad Header", "/h.headers.X-Ok", "/n.accept_language.zh.vantage",
            "/n.accept_language.")
    } | {("sites/b.com/_routes.json", "")},
    "broken-labels": {
        ("labels.json", k) for k in (
            "notes", "format", "domains.wrong-rule.com.candidate", "domains.types.com.score",
            "domains.types.com.exchange", "domains.types.com.platform", "domains.types.com.candidate",
            "domains.missing.com.chinese_ui", "domains.missing.com.cny_onramp", "domains.missing.com.overseas",
            "domains.missing.com.geoblocks_cn", "domains.missing.com.blocked_in_cn", "domains.Upper.com",
            "domains.www.subdomain.com", "domains.github.io")
    },
}


def test_mini_is_clean() -> None:
    assert check(CORPORA / "mini") == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_corpus_reports_exact_keys(name: str) -> None:
    problems = check(CORPORA / name)
    assert {(p.file, p.key) for p in problems} == EXPECTED[name]
    assert len(problems) == len(EXPECTED[name])  # each mistake reported once
    assert all(p.message for p in problems)


def test_all_broken_corpora_are_covered() -> None:
    assert {p.name for p in CORPORA.glob("broken-*")} == set(EXPECTED)


@pytest.mark.parametrize(("name", "key", "needle"), [
    ("broken-json", "", "line 4 column 32"),
    ("broken-hosts", "hosts.a.com.a[1]", "not an IP address"),
    ("broken-hosts", "hosts.a.com.aaaa[0]", "not an IPv6 address"),
    ("broken-networks", "networks[2].cidr", "host bits set"),
    ("broken-networks", "networks[4].rir", "unknown RIR 'iana'"),
    ("broken-loop", "hosts.loop-a.com.cname", "loop-a.com -> loop-b.com -> loop-a.com"),
    ("broken-loop", "hosts.cn-loop.com.cn.cname", "CNAME loop (cn)"),
    ("broken-routes", "/f.file", "no such file: 'missing.html'"),
    ("broken-labels", "domains.wrong-rule.com.candidate", "is true but the labels give false"),
    ("broken-labels", "domains.www.subdomain.com", "its registrable domain is 'subdomain.com'"),
    ("broken-labels", "domains.github.io", "it is a public suffix"),
])
def test_messages(name: str, key: str, needle: str) -> None:
    messages = [p.message for p in check(CORPORA / name) if p.key == key]
    assert len(messages) == 1 and needle in messages[0]


def test_dangling_cname_and_cn_only_addresses_are_fine(tmp_path: Path) -> None:
    (tmp_path / "corpus.json").write_text(json.dumps({
        "format": "simweb-corpus/1",
        "hosts": {"a.com": {"cname": "elsewhere.example"}, "b.com": {"a": ["10.1.2.3"], "cn": {"a": ["8.8.8.8"]}}},
        "networks": []}))
    assert check(tmp_path) == []


def test_ripe_spellings_and_registry_site_folder_are_accepted(tmp_path: Path) -> None:
    nets = [{"cidr": "193.0.0.0/21", "asn": 3333, "as_name": "RIPE-NCC-AS", "org": "RIPE NCC", "country": "NL",
             "rir": rir} for rir in ("ripe",)] + [
        {"cidr": "193.0.8.0/23", "asn": 3333, "as_name": "RIPE-NCC-AS", "org": "RIPE NCC", "country": "NL",
         "rir": "ripencc"}]
    (tmp_path / "corpus.json").write_text(json.dumps({"format": "simweb-corpus/1", "hosts": {}, "networks": nets}))
    (tmp_path / "sites" / "rdap.db.ripe.net").mkdir(parents=True)
    assert check(tmp_path) == []


def test_junk_seeds_are_the_pipeline_s_business() -> None:
    """ftp://, mailto: and IDN seeds are raw investigator input: only empty/non-string seeds are errors."""
    assert {p.key for p in check(CORPORA / "broken-format") if p.key.startswith("seeds")} == {"seeds[2]"}


def test_not_a_directory(tmp_path: Path) -> None:
    assert [p.message for p in check(tmp_path / "nope")] == ["not a directory"]


def test_summary() -> None:
    assert summary(Corpus.load(CORPORA / "mini")) == (
        "corpus mini: 16 hosts, 5 sites, 11 networks, 2 seeds, 2 labelled domains")


@pytest.mark.parametrize(("labels", "expected"), [
    ({"exchange": True, "overseas": True, "chinese_ui": True, "cny_onramp": None, "geoblocks_cn": None}, True),
    ({"exchange": True, "overseas": True, "chinese_ui": None, "cny_onramp": True, "geoblocks_cn": False}, True),
    ({"exchange": True, "overseas": True, "chinese_ui": True, "cny_onramp": True, "geoblocks_cn": True}, False),
    ({"exchange": True, "overseas": None, "chinese_ui": True, "cny_onramp": True, "geoblocks_cn": False}, False),
    ({"exchange": None, "overseas": True, "chinese_ui": True, "cny_onramp": True, "geoblocks_cn": False}, False),
])
def test_candidate_rule(labels: dict, expected: bool) -> None:
    assert candidate_rule(labels) is expected
