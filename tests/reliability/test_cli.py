"""Bad input to every command: exit status 2, a message naming the option, file or line, nothing half-written.

Most cases run in-process through Typer's CliRunner (they fail before any network or
reactor starts); the few that would start a crawl if the check were missing run as
subprocesses (a Twisted reactor cannot restart inside pytest). A store "written by another schema version" is a real store whose
``meta.schema_version`` says 99; every command must refuse it and leave it unchanged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exscout.cli import app
from tests.reliability.conftest import MINI, ROOT, Finished, exscout

BROKEN_JSON = ROOT / "tests" / "corpora" / "broken-json"


def invoke(*args: str) -> Any:
    """Run the CLI in-process (wide terminal: Rich must not wrap the names we look for)."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exscout {' '.join(args)} raised {result.exception!r}") from result.exception
    return result


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "notcorpus").mkdir()
    (tmp_path / "afile.txt").write_text("hello\n")
    (tmp_path / "nocol.csv").write_text("name,notes\nSome Exchange,x\n")
    (tmp_path / "seeds.txt").write_text("calm-exchange.com\n")
    (tmp_path / "badlabels").mkdir()
    (tmp_path / "badlabels" / "labels.json").write_text("{not json")
    return {p.name: p for p in tmp_path.iterdir()}


# -- option and input errors -------------------------------------------------

CASES: dict[str, tuple[list[str], str | tuple[str, ...]]] = {
    "unknown source": (["run", "--source", "nope"], "--source"),
    "missing seed file": (["run", "--seeds", "{tmp}/missing.txt"], "missing.txt"),
    "seed file is a folder": (["discover", "--source", "seeds", "--seeds", "{tmp}/notcorpus"], "notcorpus"),
    "bad render mode": (["run", "--render", "sometimes"], "--render"),
    "proxy not a URL": (["run", "--proxy", "ftp://x"], "--proxy"),
    "resolver not an IP": (["run", "--resolver", "dns.google"], "--resolver"),
    "resolver bad port": (["run", "--resolver", "9.9.9.9:fifty"], "--resolver"),
    "simweb and proxy": (["run", "--simweb", str(MINI), "--proxy", "http://127.0.0.1:1"], "--simweb"),
    "folder without corpus.json": (["run", "--simweb", "{tmp}/notcorpus"], "corpus.json"),
    "corpus with bad JSON": (["run", "--simweb", str(BROKEN_JSON)], "corpus.json"),
    "simweb is a file": (["run", "--simweb", "{tmp}/afile.txt"], "--simweb"),
    "unknown database backend": (["run", "--db", "nosuch://x"], "--db"),
    "resume with nothing to resume": (["run", "--resume"], ("--resume", "no unfinished run", "no store")),
    "unknown option": (["run", "--bogus"], "--bogus"),
    "discover unknown source": (["discover", "--source", "zzz"], "--source"),
    "report on an empty store": (["report"], ("no runs", "no store")),
    "export unknown format": (["export", "--format", "xml"], "--format"),
    "export run not a number": (["export", "--run", "abc"], "--run"),
    "enrich without an open run": (["enrich"], "no open run"),
    "simweb check not a corpus": (["simweb", "check", "{tmp}/notcorpus"], "corpus.json"),
    "simweb check broken corpus": (["simweb", "check", str(BROKEN_JSON)], "corpus.json"),
    "simweb serve not a corpus": (["simweb", "serve", "{tmp}/notcorpus"], "corpus.json"),
}
NO_OUT = {
    "simweb check not a corpus",
    "simweb check broken corpus",
    "simweb serve not a corpus",
    "unknown option",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_2_naming_it(case: str, files: dict[str, Path], tmp_path: Path) -> None:
    args, named = CASES[case]
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if case not in NO_OUT:
        args += ["--out", str(tmp_path / "out")]
    result = invoke(*args)
    assert result.exit_code == 2, (case, result.exit_code, result.output)
    alternatives = (named,) if isinstance(named, str) else named
    assert any(n in result.output for n in alternatives), (case, result.output)
    assert "Traceback" not in result.output


# -- a store written by another (newer) schema version ----------------------------------------------------


@pytest.fixture
def newer_store(tmp_path: Path) -> Path:
    from exscout.store import Store

    out = tmp_path / "newer"
    with Store(f"sqlite:///{out / 'exscout.sqlite'}"):
        pass
    con = sqlite3.connect(out / "exscout.sqlite")
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    return out


def store_state(db: Path) -> list[Any]:
    con = sqlite3.connect(db)
    try:
        tables = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return [tables, *(con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables)]
    finally:
        con.close()


@pytest.mark.parametrize("command", [["run", "--simweb", str(MINI)], ["discover", "--source", "seeds"], ["probe"],
                                     ["enrich"], ["report"], ["export"], ["evaluate", "--corpus", str(MINI)]])  # fmt: skip
def test_newer_schema_store_is_refused_untouched(command: list[str], newer_store: Path) -> None:
    db = newer_store / "exscout.sqlite"
    before = store_state(db)
    result = invoke(*command, "--out", str(newer_store))
    assert result.exit_code == 2, result.output
    assert "schema version 99" in result.output and ("--db" in result.output or str(db) in result.output)
    assert store_state(db) == before
    assert sorted(p.name for p in newer_store.iterdir() if not p.name.startswith("exscout.sqlite")) == []


# -- more bad input: databases, runs, seed files, domains ---------------------------------


def test_db_that_is_not_a_database(files: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--db", f"sqlite:///{files['afile.txt']}", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "--db" in result.output


def test_db_password_is_not_printed(tmp_path: Path) -> None:
    result = invoke(
        "report", "--db", "postgresql://scout:s3cr3t-pw@127.0.0.1:1/exscout", "--out", str(tmp_path)
    )
    assert result.exit_code == 2
    assert "s3cr3t-pw" not in result.output


@pytest.fixture(scope="module")
def finished_store(baseline: Finished) -> Path:
    """The output folder of the session's finished fault-corpus run (commands here must not write to it)."""
    return Path(baseline.args[baseline.args.index("--out") + 1])


@pytest.mark.parametrize(("corpus", "named"), [("notcorpus", "labels.json"), ("badlabels", "labels.json")])
def test_evaluate_bad_labels(finished_store: Path, files: dict[str, Path], corpus: str, named: str) -> None:
    result = invoke("evaluate", "--corpus", str(files[corpus]), "--out", str(finished_store))
    assert result.exit_code == 2 and named in result.output, result.output


def test_report_unknown_run(finished_store: Path) -> None:
    result = CliRunner().invoke(
        app, env={"COLUMNS": "400"}, args=["report", "--run", "999", "--out", str(finished_store)]
    )
    assert result.exit_code == 2 and "--run" in result.output


def test_export_unknown_run_writes_nothing(finished_store: Path) -> None:
    before = sorted((finished_store / "exports").glob("*")) if (finished_store / "exports").exists() else []
    result = CliRunner().invoke(
        app, env={"COLUMNS": "400"}, args=["export", "--run", "999", "--out", str(finished_store)]
    )
    assert result.exit_code == 2 and "--run" in result.output
    after = sorted((finished_store / "exports").glob("*")) if (finished_store / "exports").exists() else []
    assert after == before


HALF_WRITTEN = ["unknown source", "proxy not a URL", "resolver not an IP", "simweb and proxy",
                "folder without corpus.json", "corpus with bad JSON", "resume with nothing to resume"]  # fmt: skip


@pytest.mark.parametrize("case", HALF_WRITTEN)
def test_bad_input_leaves_a_fresh_out_folder_empty(case: str, files: dict[str, Path], tmp_path: Path) -> None:
    args, _named = CASES[case]
    out = tmp_path / "fresh-out"
    result = invoke(*[a.replace("{tmp}", str(tmp_path)) for a in args], "--out", str(out))
    assert result.exit_code == 2
    assert not out.exists() or not any(out.iterdir()), sorted(p.name for p in out.iterdir())


def test_seed_csv_without_a_url_column(files: dict[str, Path], tmp_path: Path) -> None:
    done = exscout(
        "discover", "--source", "seeds", "--seeds", str(files["nocol.csv"]), "--out", str(tmp_path / "o")
    )
    assert done.rc == 2, done.output
    assert "nocol.csv" in done.output and "column" in done.output


def test_probe_rejects_a_bad_domain_before_running(tmp_path: Path) -> None:
    done = exscout("probe", "--domains", "not a domain!!", "--render", "never", "--out", str(tmp_path / "o"))
    assert done.rc == 2, done.output
    assert "--domains" in done.output


def test_commands_work_from_any_folder(files: dict[str, Path], tmp_path: Path) -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    done = exscout("discover", "--source", "seeds", "--seeds", str(files["seeds.txt"]), "--out", str(tmp_path / "o"),
                   cwd=tmp_path, env=env)  # fmt: skip
    assert done.rc == 0, done.output
    assert "Spider not found" not in done.output
