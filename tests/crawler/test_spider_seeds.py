"""seeds spider: text and CSV seed files and simweb corpora, with file:line reasons."""

from __future__ import annotations

from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

TEXT = """\
# exchanges to look at
https://www.example-exchange.com/?ref=abc   # from a Telegram ad
other-exchange.io

例子.com
mailto:ops@example.com
https://two.com three.com
10.0.0.1
https://fragment.com/#/trade
    localhost
"""

CSV = """\
name,url,notes
Example,https://www.example-exchange.com/,spot
Bad,javascript:alert(1),
Empty,,x
Quoted,"https://quoted.io/?utm_source=x",ok
"""


def test_text_and_csv_files(crawl, tmp_path: Path) -> None:
    text = tmp_path / "seeds.txt"
    text.write_text(TEXT, encoding="utf-8")
    table = tmp_path / "seeds.csv"
    table.write_text(CSV, encoding="utf-8")
    result = crawl("seeds", args={"files": f"{text},{table}"})

    listings = {(i["extra"]["where"], i["url"]) for i in result.kind("listing")}
    assert listings == {
        (f"{text}:2", "https://www.example-exchange.com/"),
        (f"{text}:3", "https://other-exchange.io/"),
        (f"{text}:5", "https://xn--fsqu00a.com/"),
        (f"{text}:9", "https://fragment.com/"),
        (f"{table}:2", "https://www.example-exchange.com/"),
        (f"{table}:5", "https://quoted.io/"),
    }
    rejected = {r["where"]: r["reason"] for r in result.kind("rejected")}
    assert set(rejected) == {f"{text}:6", f"{text}:7", f"{text}:8", f"{text}:10", f"{table}:3", f"{table}:4"}
    assert "mailto" in rejected[f"{text}:6"]
    assert "one URL or domain per line" in rejected[f"{text}:7"]
    assert "IP address" in rejected[f"{text}:8"]
    assert "special-use" in rejected[f"{text}:10"]
    assert "javascript" in rejected[f"{table}:3"]
    assert "empty url cell" in rejected[f"{table}:4"]
    example = next(i for i in result.kind("listing") if i["extra"]["where"] == f"{table}:2")
    assert example["listed_name"] == "Example" and example["extra"]["columns"] == {"notes": "spot"}
    assert example["source"] == "seeds"


def test_csv_sniffed_without_extension_and_domain_column(crawl, tmp_path: Path) -> None:
    path = tmp_path / "seeds.list"
    path.write_text("domain,comment\nexample-exchange.com,a\nwww.other.io,b\n", encoding="utf-8")
    result = crawl("seeds", args={"files": str(path)})
    assert sorted(i["domain"] for i in result.kind("listing")) == ["example-exchange.com", "other.io"]


def test_bad_and_missing_files_are_source_errors(crawl, tmp_path: Path) -> None:
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("name,notes\nx,y\n", encoding="utf-8")
    not_utf8 = tmp_path / "gbk.txt"
    not_utf8.write_bytes(b"good.com\n" + "交易所.com\n".encode("gbk") + b"fine.io\n")
    missing = tmp_path / "nope.txt"
    result = crawl("seeds", args={"files": f"{missing},{bad_csv},{not_utf8},{tmp_path}"})
    errors = {e["where"]: e["reason"] for e in result.kind("source_error")}
    assert set(errors) == {str(missing), str(bad_csv), str(tmp_path)}
    assert "cannot read" in errors[str(missing)]
    assert "no url/domain/website/host column" in errors[str(bad_csv)]
    assert [r["where"] for r in result.kind("rejected")] == [f"{not_utf8}:2"]
    assert "not UTF-8" in result.kind("rejected")[0]["reason"]
    assert sorted(i["domain"] for i in result.kind("listing")) == ["fine.io", "good.com"]


def test_corpus_seeds(crawl) -> None:
    corpus = CORPORA / "listings"
    result = crawl("seeds", args={"corpus": str(corpus)})
    listings = result.kind("listing")
    assert [i["domain"] for i in listings] == [
        "mini-listed.com",
        "xn--bcher-exchange-gsb.com",
        "xn--bcher-exchange-gsb.com",
    ]
    assert listings[0]["url"] == "https://www.mini-listed.com/"
    assert listings[0]["extra"]["where"] == f"{corpus / 'corpus.json'}:seeds[0]"
    assert listings[0]["extra"]["corpus"] == "listings"
    assert {r["where"].rsplit(":", 1)[1] for r in result.kind("rejected")} == {"seeds[2]", "seeds[3]"}


def test_no_arguments_is_a_source_error(crawl) -> None:
    result = crawl("seeds")
    [error] = result.kind("source_error")
    assert error["where"] == "arguments"


def test_seed_files_setting(crawl, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("example-exchange.com\n", encoding="utf-8")
    result = crawl("seeds", settings={"EXSCOUT_SEEDS_FILES": str(path)})
    assert [i["domain"] for i in result.kind("listing")] == ["example-exchange.com"]
