"""The `exscout` command line: one Typer app, each command thin over one library call."""

from __future__ import annotations

import typer

from simweb.cli import app as simweb_app

app = typer.Typer(
    name="exscout",
    help="Find overseas cryptocurrency exchanges serving mainland China, with evidence.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(simweb_app, name="simweb")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
