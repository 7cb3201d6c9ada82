"""The `exscout` command line: one Typer app, each command thin over one library call.

Every command takes ``--db URL`` (default ``sqlite:///<out>/exscout.sqlite``) and
exits 0 on success, 1 when the job ran but something failed (a listing source
unreachable, a site that could not be recorded), and 2 on bad input (an option,
a seed file, a corpus, a database URL), with a message naming what and where.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from exscout.errors import ExscoutError, UsageError
from simweb.cli import app as simweb_app

app = typer.Typer(
    name="exscout",
    help="Find overseas cryptocurrency exchanges serving mainland China, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(simweb_app, name="simweb")
console = Console()
err = Console(stderr=True)

# -- shared options ---------------------------------------------------------------------------------

OutOpt = Annotated[Path, typer.Option("--out", help="Output folder (store, tables, report, exports).")]
DbOpt = Annotated[str | None, typer.Option("--db", help="Store URL (sqlite:///path or postgresql://…); "
                                           "default sqlite:///<out>/exscout.sqlite.")]  # fmt: skip
SimwebOpt = Annotated[Path | None, typer.Option("--simweb", help="Run on this simweb corpus (offline internet).",
                                                exists=True, file_okay=False)]  # fmt: skip
ProxyOpt = Annotated[str | None, typer.Option("--proxy", help="Live: HTTP(S) proxy URL for the intl vantage.")]
CnProxyOpt = Annotated[str | None, typer.Option("--cn-proxy", help="Live: a proxy inside mainland China (cn vantage).")]
ResolverOpt = Annotated[list[str] | None, typer.Option("--resolver", help="Live: intl DNS resolver IP[:PORT] (repeatable).")]
CnResolverOpt = Annotated[list[str] | None, typer.Option("--cn-resolver", help="Live: a resolver inside China (repeatable).")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Show the crawler's log (warnings and up).")]


def _db_url(db: str | None, out: Path) -> str:
    return db or f"sqlite:///{out / 'exscout.sqlite'}"


def _sqlite_file(url: str) -> Path | None:
    """The database file of a ``sqlite:///`` URL; None for other databases."""
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _shown(url: str) -> str:
    """A store URL fit for a message: never the password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextmanager
def _store(db: str | None, out: Path, *, must_exist: bool = False) -> Iterator[Any]:
    from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

    from exscout.store import Store, StoreError

    url = _db_url(db, out)
    path = _sqlite_file(url)
    if must_exist and path is not None and not path.is_file():
        raise UsageError(f"--db {_shown(url)}: no store there yet (run `exscout run` first)")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = Store(url)
    except StoreError as exc:
        raise UsageError(f"--db {_shown(url)}: {exc}") from exc
    except (ArgumentError, DatabaseError, NoSuchModuleError, ValueError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise UsageError(f"--db {_shown(url)}: not a usable store: {detail}") from exc
    try:
        yield store
    finally:
        store.close()


def _fail(exc: BaseException) -> None:
    code = getattr(exc, "exit_code", 1)
    err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
    raise typer.Exit(code)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn exscout, store and corpus errors into one-line messages with the right exit code."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from exscout.store import StoreError
        from simweb.corpus import CorpusError

        try:
            return func(*args, **kwargs)
        except ExscoutError as exc:
            _fail(exc)
        except CorpusError as exc:
            for problem in exc.problems:
                err.print(str(problem), markup=False, highlight=False)
            _fail(UsageError("the corpus is not valid (problems above)"))
        except StoreError as exc:
            exc.exit_code = 2  # type: ignore[attr-defined]
            _fail(exc)
        except KeyboardInterrupt:
            err.print("interrupted: the run is saved; `exscout run --resume` finishes it")
            raise typer.Exit(130) from None

    return wrapper


def _network(simweb: Path | None, proxy: str | None, cn_proxy: str | None,
             resolvers: list[str] | None, cn_resolvers: list[str] | None) -> Any:  # fmt: skip
    from exscout.network import NetworkOptions

    return NetworkOptions(simweb=simweb, proxy=proxy, cn_proxy=cn_proxy,
                          resolvers=list(resolvers or []), cn_resolvers=list(cn_resolvers or []))  # fmt: skip


def _preflight(options: Any, db: str | None, out: Path) -> None:
    """Check every input before anything is written: a bad option must not leave a half-made store."""
    from simweb.corpus import Corpus

    options.chosen_sources()
    options.network.validate()
    if options.network.simweb is not None:
        Corpus.load(options.network.simweb)  # CorpusError names every problem
    for path in options.seeds:
        _check_seed_file(path)
    if options.resume:
        with _store(db, out, must_exist=True) as store:
            if not any(r["status"] != "finished" for r in store.runs()):
                raise UsageError("--resume: no interrupted run in this store")


def _check_seed_file(path: Path) -> None:
    from crawler.spiders.seeds import CSV_COLUMNS, is_csv

    if not path.is_file():
        raise UsageError(f"--seeds {path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--seeds {path}: cannot read: {exc.strerror}") from exc
    if is_csv(str(path), data):
        header = data.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:1]
        cells = [c.strip().strip('"').lower() for c in (header[0] if header else "").split(",")]
        if not any(c in CSV_COLUMNS for c in cells):
            raise UsageError(f"--seeds {path}:1: a CSV seed file needs a column named {' or '.join(CSV_COLUMNS)}")


def _run_job(options: Any, db: str | None, out: Path, verbose: bool) -> Any:
    from exscout.progress import StageProgress
    from exscout.runner import Job

    _preflight(options, db, out)
    logging.basicConfig(level=logging.WARNING if verbose else logging.ERROR, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip
    options.log_level = "WARNING" if verbose else "ERROR"
    with _store(db, out) as store, StageProgress() as progress:
        summary = Job(store, options, progress).run()
        _print_summary(summary, store)
    return summary


def _print_summary(summary: Any, store: Any) -> None:
    from exscout.runner import tally_rows

    rows = tally_rows(summary)
    if rows:
        table = Table(title=f"discover (run {summary.run_id})")
        for col in ("source", "fetched", "new", "merged", "rejected", "errors", "reasons"):
            table.add_column(col, justify="right" if col not in ("source", "reasons") else "left")
        for row in rows:
            table.add_row(*(str(row[c]) for c in ("source", "fetched", "new", "merged", "rejected", "errors", "reasons")))
        console.print(table)
    counts = store.run_counts(summary.run_id)
    table = Table(title=f"run {summary.run_id}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("sites probed (this invocation)", summary.probed), ("pages fetched", summary.pages),
        ("pages rendered", summary.rendered),
        *((f"  rendered because: {r}", n) for r, n in summary.render_reasons.most_common()),
        *((f"  outcome: {o}", n) for o, n in summary.outcomes.most_common()),
        ("domains enriched", summary.enriched), ("domains decided", summary.decided),
        ("domains in run", counts.get("domains", 0)), ("candidates", counts.get("candidates", 0)),
        ("rejected inputs", counts.get("rejections", 0)), ("source errors", counts.get("source_errors", 0)),
    ):  # fmt: skip
        table.add_row(label, str(value))
    console.print(table)
    for line in summary.errors:
        err.print(f"[red]error:[/] {line}", highlight=False)


def _exit_for(summary: Any) -> None:
    if summary.failed:
        raise typer.Exit(1)


# -- commands -----------------------------------------------------------------------------------------


@app.command()
@guarded
def run(
    simweb: SimwebOpt = None,
    proxy: ProxyOpt = None,
    cn_proxy: CnProxyOpt = None,
    resolver: ResolverOpt = None,
    cn_resolver: CnResolverOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Listing sources (repeatable or comma list): "
                                                     "coingecko, coinpaprika, ccxt, seeds.")] = None,
    seeds: Annotated[list[Path] | None, typer.Option("--seeds", help="Seed file (text or CSV; repeatable).")] = None,
    render: Annotated[str, typer.Option(help="auto: render only app shells/undecided pages; never; always.")] = "auto",
    resume: Annotated[bool, typer.Option("--resume", help="Finish the latest interrupted run instead of starting one.")] = False,
    out: OutOpt = Path("output"),
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Run the whole job: discover → probe → enrich → decide, then write the candidate tables.

    Interrupted (Ctrl-C, kill), `exscout run --resume` finishes the same run without
    redoing finished sites.

    Example: exscout run --simweb simweb/corpora/demo --out output
    """
    from exscout.outputs.tables import write_tables
    from exscout.runner import RunOptions

    options = RunOptions(network=_network(simweb, proxy, cn_proxy, resolver, cn_resolver),
                         sources=_split(source) or None, seeds=tuple(seeds or ()),
                         render=_render(render), resume=resume)  # fmt: skip
    summary = _run_job(options, db, out, verbose)
    with _store(db, out) as store:
        csv_path, jsonl_path = write_tables(store, out, summary.run_id)
    console.print(f"wrote {csv_path} and {jsonl_path}")
    _exit_for(summary)


@app.command()
@guarded
def discover(
    source: Annotated[list[str] | None, typer.Option("--source", help="coingecko, coinpaprika, ccxt, seeds "
                                                     "(repeatable or comma list).")] = None,
    seeds: Annotated[list[Path] | None, typer.Option("--seeds", help="Seed file (text or CSV; repeatable).")] = None,
    simweb: SimwebOpt = None,
    proxy: ProxyOpt = None,
    out: OutOpt = Path("output"),
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Read exchange listings into registrable domains with provenance (opens or continues a run).

    Example: exscout discover --source coingecko,seeds --seeds my-seeds.txt --simweb simweb/corpora/demo
    """
    from exscout.runner import RunOptions

    options = RunOptions(network=_network(simweb, proxy, None, None, None), sources=_split(source) or None,
                         seeds=tuple(seeds or ()), stages=("discover",))  # fmt: skip
    options.resume = _has_open_run(db, out)
    _exit_for(_run_job(options, db, out, verbose))


@app.command()
@guarded
def probe(
    domains: Annotated[str | None, typer.Option("--domains", help="Comma list of domains to probe (default: the "
                                                "open run's pending domains).")] = None,
    simweb: SimwebOpt = None,
    proxy: ProxyOpt = None,
    cn_proxy: CnProxyOpt = None,
    render: Annotated[str, typer.Option(help="auto, never or always.")] = "auto",
    out: OutOpt = Path("output"),
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Visit each site as a mainland visitor would and record verdicts with evidence.

    Example: exscout probe --simweb simweb/corpora/demo --domains example-exchange.com
    """
    from exscout.runner import RunOptions

    _check_domains(_split(domains))
    options = RunOptions(network=_network(simweb, proxy, cn_proxy, None, None), sources=(),
                         domains=tuple(_split(domains)), stages=("discover", "probe") if domains else ("probe",),
                         render=_render(render))  # fmt: skip
    options.resume = _has_open_run(db, out)
    _exit_for(_run_job(options, db, out, verbose))


@app.command()
@guarded
def enrich(
    simweb: SimwebOpt = None,
    resolver: ResolverOpt = None,
    cn_resolver: CnResolverOpt = None,
    out: OutOpt = Path("output"),
    db: DbOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Resolve, look up registries, detect CDNs; decide overseas, blocked_in_cn and candidates; close the run.

    Example: exscout enrich --simweb simweb/corpora/demo
    """
    from exscout.outputs.tables import write_tables
    from exscout.runner import RunOptions

    if not _has_open_run(db, out):
        raise UsageError("no open run to enrich: run `exscout discover` and `exscout probe` first")
    options = RunOptions(network=_network(simweb, None, None, resolver, cn_resolver),
                         stages=("enrich", "decide"), resume=True)  # fmt: skip
    summary = _run_job(options, db, out, verbose)
    with _store(db, out) as store:
        write_tables(store, out, summary.run_id)
    _exit_for(summary)


@app.command()
@guarded
def report(
    since: Annotated[str | None, typer.Option(help="Compare with the newest run older than this (7d, 24h, "
                                              "2026-11-01); default: the last report's run.")] = None,
    run_id: Annotated[int | None, typer.Option("--run", help="Report on this run (default: the latest).")] = None,
    out: OutOpt = Path("output"),
    db: DbOpt = None,
) -> None:
    """Write the weekly discovery report: report.html (self-contained) and report.md.

    Example: exscout report --since 7d
    """
    from exscout.outputs.report import write_report

    with _store(db, out, must_exist=True) as store:
        _check_run(store, run_id)
        try:
            paths = write_report(store, out, run_id, since)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    for path in paths.values():
        console.print(f"wrote {path}")


@app.command()
@guarded
def export(
    format: Annotated[str, typer.Option("--format", help="domains, rpz, testlists, stix or json.")] = "domains",
    new_only: Annotated[bool, typer.Option("--new-only", help="Only candidates new since the last export.")] = False,
    run_id: Annotated[int | None, typer.Option("--run", help="Export this run (default: the latest).")] = None,
    out: OutOpt = Path("output"),
    db: DbOpt = None,
) -> None:
    """Export candidates for a blocklist registry, into <out>/exports/.

    Example: exscout export --format rpz --new-only
    """
    from exscout.outputs.exports import FORMATS
    from exscout.outputs.exports import export as do_export

    if format not in FORMATS:
        raise UsageError(f"--format {format!r}: choose one of {', '.join(FORMATS)}")
    with _store(db, out, must_exist=True) as store:
        _check_run(store, run_id)
        target = out / "exports"
        target.mkdir(parents=True, exist_ok=True)
        try:
            result = do_export(store, format, run_id, new_only=new_only, out=target)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    console.print(f"wrote {result.path} ({result.count} domains)")


@app.command()
@guarded
def evaluate(
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus with labels.json.", exists=True, file_okay=False)],
    out: OutOpt = Path("output"),
    db: DbOpt = None,
    run_id: Annotated[int | None, typer.Option("--run", help="Run to score (default: the latest).")] = None,
) -> None:
    """Compare a run's verdicts with a corpus's labels.json: per-label accuracy and every mismatch.

    Exits 1 when any label disagrees.

    Example: exscout evaluate --corpus simweb/corpora/demo
    """
    from exscout.evaluate import evaluate as do_evaluate

    with _store(db, out) as store:
        result = do_evaluate(store, corpus / "labels.json", run_id)
    table = Table(title="verdicts vs labels")
    for col in ("label", "agree", "disagree", "not probed"):
        table.add_column(col)
    for label, row in result.per_label.items():
        table.add_row(label, str(row["agree"]), str(row["disagree"]), str(row["missing"]))
    console.print(table)
    for line in result.mismatches:
        console.print(f"  [yellow]✗[/] {line}", highlight=False)
    console.print(f"candidate: precision {result.precision:.2f} recall {result.recall:.2f} F1 {result.f1:.2f}")
    if result.mismatches:
        raise typer.Exit(1)


@app.command()
@guarded
def demo(
    corpus: Annotated[Path, typer.Option(help="Corpus to run on.", exists=True, file_okay=False)] = Path(
        "simweb/corpora/demo"
    ),
    out: OutOpt = Path("output"),
    verbose: VerboseOpt = False,
) -> None:
    """The whole job on the bundled demo corpus: run, report, every export, and a score against its labels.

    Starts from an empty store in <out> so that the demo is repeatable.

    Example: exscout demo --out output
    """
    from exscout.evaluate import evaluate as do_evaluate
    from exscout.outputs.exports import FORMATS
    from exscout.outputs.exports import export as do_export
    from exscout.outputs.report import write_report
    from exscout.outputs.tables import write_tables
    from exscout.runner import RunOptions

    out.mkdir(parents=True, exist_ok=True)
    for stale in ("exscout.sqlite", "exscout.sqlite-wal", "exscout.sqlite-shm"):
        (out / stale).unlink(missing_ok=True)
    options = RunOptions(network=_network(corpus, None, None, None, None))
    summary = _run_job(options, None, out, verbose)
    written: list[Path] = []
    with _store(None, out) as store:
        written += write_tables(store, out, summary.run_id)
        written += write_report(store, out, summary.run_id).values()
        (out / "exports").mkdir(exist_ok=True)
        for fmt in FORMATS:
            written.append(do_export(store, fmt, summary.run_id, out=out / "exports").path)
        labels = corpus / "labels.json"
        result = do_evaluate(store, labels, summary.run_id) if labels.exists() else None
    console.print("\n[bold]demo outputs[/]")
    for path in written:
        console.print(f"  {path}")
    if result is not None:
        console.print(f"\ncandidates vs labels: precision {result.precision:.2f} recall {result.recall:.2f} "
                      f"F1 {result.f1:.2f}; {len(result.mismatches)} label mismatches")  # fmt: skip
        for line in result.mismatches:
            console.print(f"  [yellow]✗[/] {line}", highlight=False)
    _exit_for(summary)


# -- helpers --------------------------------------------------------------------------------------------


def _split(values: list[str] | str | None) -> tuple[str, ...]:
    if not values:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _check_domains(values: tuple[str, ...]) -> None:
    from crawler.normalize import Rejected, normalise

    for value in values:
        result = normalise(value)
        if isinstance(result, Rejected):
            raise UsageError(f"--domains {value!r}: {result.reason}")


def _render(value: str) -> str:
    if value not in ("auto", "never", "always"):
        raise UsageError(f"--render {value!r}: choose auto, never or always")
    return value


def _check_run(store: Any, run_id: int | None) -> None:
    if store.latest_run_id() is None:
        raise UsageError("the store has no runs yet: run `exscout run` first")
    if run_id is not None and store.get_run(run_id) is None:
        raise UsageError(f"--run {run_id}: no such run in this store")


def _has_open_run(db: str | None, out: Path) -> bool:
    path = _sqlite_file(_db_url(db, out))
    if path is not None and not path.is_file():
        return False  # and create nothing: the inputs have not been checked yet
    with _store(db, out) as store:
        return any(r["status"] != "finished" for r in store.runs())


def _register_bench() -> None:
    # The benchmark's options live beside its code (exscout/bench.py); registered as `exscout bench`.
    from exscout.bench import bench_command

    app.command("bench")(bench_command)


_register_bench()


def main() -> None:
    app()


if __name__ == "__main__":
    main()


__all__ = ["app", "main"]
