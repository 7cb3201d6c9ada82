"""Output hygiene: everything scraped is hostile until proven otherwise.

- CSV / spreadsheet cells: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return is read as a formula by Excel, LibreOffice and Google Sheets
  (OWASP "CSV injection"); such cells get a leading ``'``. A page title is
  attacker-controlled, so this applies to every text cell.
- File names derived from URLs or domains are reduced to ``[A-Za-z0-9._-]``, never
  start with a dot, and are resolved and checked to stay inside the output folder.
- HTML: Jinja2 with ``autoescape=True`` always (``html_env``); no template uses ``|safe``
  on scraped text. Images are embedded only as ``data:`` URIs built here.
- Markdown: ``md_escape`` escapes HTML and Markdown syntax so a hostile title
  cannot become a link, an image or raw HTML when the Markdown is rendered.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""exscout/templates: found by file location, which works for editable and wheel installs alike."""
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def exscout_version() -> str:
    """The installed exscout version, for report footers and export headers.

    Read from package metadata rather than ``exscout.__version__``: under pytest's
    default import mode the ``tests/exscout`` folder can shadow the package's
    ``__init__`` (see the report to the lead), and a footer must not break a run.
    """
    try:
        from importlib.metadata import version

        return version("exscout")
    except Exception:
        return "unknown"


def neutralise_cell(value: Any) -> Any:
    """Prefix ``'`` to a text cell a spreadsheet would evaluate; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_filename(name: str, *, default: str = "file", max_len: int = 120) -> str:
    """A file name from a URL, domain or title: safe characters only, no leading dot, bounded length."""
    name = re.sub(r"^[a-z][a-z0-9+.-]*://", "", name.strip(), flags=re.I)
    cleaned = _UNSAFE_NAME.sub("_", name).strip("._-")
    cleaned = cleaned.replace("..", "_")
    return (cleaned or default)[:max_len]


def safe_path(base: str | Path, name: str) -> Path:
    """``base / safe_filename(name)``, resolved, and refused (``ValueError``) if it left ``base``."""
    root = Path(base).resolve()
    target = (root / safe_filename(name)).resolve()
    if target != root and root not in target.parents:
        raise ValueError(f"refusing to write outside {root}: {target}")
    return target


def md_escape(value: Any) -> str:
    """Escape text for Markdown: HTML metacharacters as entities, Markdown syntax with backslashes."""
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)


def image_data_uri(data: bytes | None) -> str | None:
    """A ``data:`` URI for PNG/JPEG/GIF/WebP bytes (recognised by magic number), else None.

    Why check: an arbitrary blob labelled as an image must not become, say, SVG with script.
    """
    if not data:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        mime = "image/gif"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        mime = "image/webp"
    else:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def html_env() -> Environment:
    """The Jinja2 environment for HTML: autoescape on for every template, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # always: every template, every string
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def markdown_env() -> Environment:
    """The Jinja2 environment for Markdown: every ``{{ }}`` output goes through ``md_escape``."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=md_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
