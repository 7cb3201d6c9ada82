"""seeds: the investigator's own seed lists, from files and/or a simweb corpus.

Arguments (``scrapy crawl seeds -a files=a.txt,b.csv -a corpus=path``):

* ``files``: comma-separated paths; without it, the ``EXSCOUT_SEEDS_FILES`` setting.
  - text: one URL or bare domain per line; blank lines and ``#`` comment lines
    are skipped, and so is an inline comment (``example.com  # why``: a ``#``
    after whitespace; a ``#`` inside a URL is a fragment, never a comment);
  - CSV (extension ``.csv``, or a first line that is a header with a ``url``,
    ``domain``, ``website`` or ``host`` column): that column (first found in
    that order); a ``name`` column becomes ``listed_name``, other columns go to
    ``extra.columns``.
* ``corpus``: a simweb corpus directory (or its ``corpus.json``): its ``seeds``.

Every usable line is a ``listing`` (source ``seeds``, ``extra.where`` =
``file:line``); a line that is not one URL/domain is ``rejected`` with
``where="file:line"`` and the reason; a file that is missing, unreadable or
has no usable column is a ``source_error`` naming it. No requests are made:
``start()`` yields the items (Scrapy >= 2.13).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from crawler.spiders.listing_base import ListingSpider

#: CSV columns that hold the seed, in order of preference.
CSV_COLUMNS = ("url", "domain", "website", "host")
_INLINE_COMMENT = re.compile(r"\s+#.*$")


def _split_arg(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value if v and v.strip()]


class SeedsSpider(ListingSpider):
    """Seed URLs/domains from text or CSV files and simweb corpora."""

    name = "seeds"
    source = "seeds"

    def __init__(
        self, *args: Any, files: str | None = None, corpus: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.files_arg = _split_arg(files)
        self.corpora = _split_arg(corpus)

    async def start(self) -> AsyncIterator[Any]:
        files = self.files_arg or _split_arg(self.settings.get("EXSCOUT_SEEDS_FILES"))
        if not files and not self.corpora:
            yield self.source_error(
                "arguments",
                "no seed files: pass -a files=a.txt,b.csv and/or -a corpus=DIR, or set EXSCOUT_SEEDS_FILES",
            )
        for path in files:
            for item in self.read_file(path):
                yield item
        for path in self.corpora:
            for item in self.read_corpus(path):
                yield item

    # --- files ----------------------------------------------------------------------------------

    def read_file(self, path: str) -> Iterator[dict[str, Any]]:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            yield self.source_error(path, f"cannot read seed file: {exc.strerror or type(exc).__name__}")
            return
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if is_csv(path, data):
            yield from self.read_csv(path, data)
        else:
            yield from self.read_text(path, data)

    def read_text(self, path: str, data: bytes) -> Iterator[dict[str, Any]]:
        for lineno, raw_line in enumerate(data.splitlines(), start=1):
            where = f"{path}:{lineno}"
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError:
                yield self.rejected(where, raw_line.decode("utf-8", "replace"), "line is not UTF-8 text")
                continue
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            text = _INLINE_COMMENT.sub("", text).strip()
            fields = text.split()
            if len(fields) != 1:
                yield self.rejected(
                    where, line.strip(), f"expected one URL or domain per line, found {len(fields)} fields"
                )
                continue
            item = self.listing_item(fields[0], where, extra={"where": where})
            if item is not None:
                yield item

    def read_csv(self, path: str, data: bytes) -> Iterator[dict[str, Any]]:
        text = data.decode("utf-8", "replace")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            yield self.source_error(path, "CSV file is empty or unreadable")
            return
        names = [h.strip().lower() for h in header]
        column = next((c for c in CSV_COLUMNS if c in names), None)
        if column is None:
            yield self.source_error(
                path, f"CSV has no {'/'.join(CSV_COLUMNS)} column (header: {', '.join(names)})"
            )
            return
        index = names.index(column)
        name_index = names.index("name") if "name" in names else None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield self.rejected(f"{path}:{reader.line_num}", "", f"malformed CSV: {exc}")
                continue
            where = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if index >= len(row) or not row[index].strip():
                yield self.rejected(where, ",".join(row), f"empty {column} cell")
                continue
            value = row[index].strip()
            columns = {
                names[i]: cell
                for i, cell in enumerate(row)
                if i < len(names) and i not in (index, name_index) and cell
            }
            item = self.listing_item(
                value,
                where,
                listed_name=row[name_index].strip() or None
                if name_index is not None and name_index < len(row)
                else None,
                extra={"where": where, "columns": columns} if columns else {"where": where},
            )
            if item is not None:
                yield item

    # --- simweb corpora -------------------------------------------------------------------------

    def read_corpus(self, path: str) -> Iterator[dict[str, Any]]:
        corpus_json = Path(path)
        if corpus_json.is_dir():
            corpus_json = corpus_json / "corpus.json"
        try:
            corpus = json.loads(corpus_json.read_bytes())
        except OSError as exc:
            yield self.source_error(
                str(corpus_json), f"cannot read corpus: {exc.strerror or type(exc).__name__}"
            )
            return
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield self.source_error(str(corpus_json), f"corpus.json is not JSON: {exc}")
            return
        seeds = corpus.get("seeds", []) if isinstance(corpus, dict) else None
        if not isinstance(seeds, list):
            yield self.source_error(str(corpus_json), "corpus.json has no `seeds` list")
            return
        name = corpus.get("name")
        for i, seed in enumerate(seeds):
            where = f"{corpus_json}:seeds[{i}]"
            if not isinstance(seed, str):
                yield self.rejected(
                    where, json.dumps(seed)[:200], f"seed is {type(seed).__name__}, not a string"
                )
                continue
            item = self.listing_item(seed, where, extra={"where": where, "corpus": name})
            if item is not None:
                yield item


def is_csv(path: str, data: bytes) -> bool:
    """CSV by extension, or by a first content line that is a header naming a seed column."""
    if path.lower().endswith((".csv", ".tsv")):
        return True
    for raw in data.splitlines()[:20]:
        line = raw.decode("utf-8", "replace").strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip().strip('"').lower() for c in line.split(",")]
        return len(cells) > 1 and any(c in CSV_COLUMNS for c in cells)
    return False
