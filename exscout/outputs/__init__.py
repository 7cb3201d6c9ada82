"""Outputs made from the store: tables (CSV/JSONL), the weekly report, registry exports.

Every output treats scraped text as hostile: CSV cells are neutralised
(``safe.neutralise_cell``), HTML goes through Jinja2 with autoescape always on,
Markdown through ``safe.md_escape``, and file names through ``safe.safe_path``.
"""

from exscout.outputs.exports import FORMATS, export
from exscout.outputs.report import build_report, render_html, render_markdown, write_report
from exscout.outputs.tables import COLUMNS, write_tables

__all__ = [
    "COLUMNS",
    "FORMATS",
    "build_report",
    "export",
    "render_html",
    "render_markdown",
    "write_report",
    "write_tables",
]
