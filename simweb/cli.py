"""`exscout simweb …`: serve and check corpora (owned by the simweb modules)."""

from __future__ import annotations

import typer

app = typer.Typer(help="The offline internet: serve a corpus, check one.", no_args_is_help=True)
