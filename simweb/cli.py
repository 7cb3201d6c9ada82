"""`exscout simweb …`: serve and check corpora (owned by the simweb modules).

Each command is thin: ``serve`` wraps :class:`simweb.server.SimWeb`, ``check`` wraps
:func:`simweb.check.check`. More commands (``generate``) are added to the same ``app``.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="The offline internet: serve a corpus, check one.", no_args_is_help=True)

CorpusArg = Annotated[Path, typer.Argument(help="Corpus directory (contains corpus.json and sites/).",
                                           exists=True, file_okay=False, dir_okay=True)]


@app.command()
def serve(
    corpus: CorpusArg,
    host: Annotated[str, typer.Option(help="Address to bind every server to.")] = "127.0.0.1",
    port_base: Annotated[int, typer.Option(
        help="0: ephemeral ports. N: intl proxy N, intl DNS N+1, cn proxy N+2, cn DNS N+3.")] = 0,
    dns_timeout: Annotated[float, typer.Option(
        help="Seconds the proxy waits before answering 504 for a name whose rcode is TIMEOUT.")] = 5.0,
    state_dir: Annotated[Path | None, typer.Option(
        help="Where ca.pem and leaf certificates go (default: a temporary directory).")] = None,
    access_log: Annotated[bool, typer.Option(help="Print one line per proxied request to stderr.")] = False,
) -> None:
    """Serve CORPUS from both vantages (intl, cn): a forward proxy and a DNS server each.

    Prints the endpoints as JSON (proxy URLs, DNS addresses, CA certificate, leaf SPKI hash)
    on stdout, then serves until Ctrl-C or SIGTERM.

    Example: exscout simweb serve simweb/corpora/demo --port-base 8080
    """
    from simweb.corpus import CorpusError
    from simweb.server import SimWeb

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        web = SimWeb(corpus, host=host, port_base=port_base, dns_timeout_s=dns_timeout,
                     state_dir=state_dir, access_log=log if access_log else None)
    except CorpusError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from exc
    try:
        endpoints = web.start()
    except OSError as exc:
        raise typer.BadParameter(f"cannot bind: {exc}", param_hint="--host/--port-base") from exc
    done = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: done.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        typer.echo(endpoints.to_json())
        sys.stdout.flush()
        while not done.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        web.stop()


@app.command()
def check(corpus: CorpusArg) -> None:
    """Validate CORPUS against the corpus contract (shared/simweb-corpus.md).

    Prints every problem as "file: key: message" and exits 2, or a one-line summary and
    exits 0.

    Example: exscout simweb check tests/corpora/mini
    """
    from simweb.check import check as check_corpus
    from simweb.check import summary
    from simweb.corpus import Corpus

    problems = check_corpus(corpus)
    if problems:
        for p in problems:
            typer.echo(f"{p.file}: {p.key}: {p.message}")
        raise typer.Exit(2)
    typer.echo(str(summary(Corpus.load(corpus))))


def main() -> None:
    """Entry point for ``python -m simweb``."""
    app(prog_name="simweb")


def _register_generate() -> None:
    # The generator lives in its own module; registered here so it sits beside serve and check.
    from simweb.generate import generate_command

    app.command("generate")(generate_command)


_register_generate()
