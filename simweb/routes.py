"""Turn one request for one corpus host into a response plan (no sockets here).

The rules are the corpus contract's (``/work/shared/simweb-corpus.md``, "sites/<host>/"
and "_routes.json"); keeping them in one socket-free module lets tests pin every rule
without a proxy, and lets the proxy stay a thin byte pump.

Lookup: ``path?query`` keys (same parameters in any order, after percent-decoding), then
``path``, then ``*``; the first that matches is the route. Inside it ``accept_language``
(first request tag, case-insensitive prefix, longest wins) then ``vantage`` override the
fields they set; ``headers`` merge by name; ``file`` clears ``body`` and the reverse.
Without ``file``/``body`` the path maps to ``a/b``, then ``a/b/index.html``, then 404.
A file never escapes its host folder (``..``, encoded or not, and symlinks are refused).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

ROUTES_FILE = "_routes.json"
INLINE_LIMIT = 1 << 20
"""Files up to this size are read into memory; larger ones are streamed by the proxy."""

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".json": "application/json",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".csv": "text/csv",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".bmp": "image/bmp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".map": "application/json",
}
DEFAULT_TYPE = "application/octet-stream"
NOT_FOUND_BODY = b"<!doctype html><title>404 Not Found</title><h1>Not Found</h1>\n"
FAULTS = ("reset", "timeout", "truncate")


@dataclass(slots=True)
class Plan:
    """What to answer. ``headers`` exclude Content-Length/Connection (the proxy owns those).

    Exactly one of ``body`` and ``file`` is set; ``file`` (streamed) only above
    :data:`INLINE_LIMIT`. ``size`` is the body length either way.
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes | None = None
    file: str | None = None
    size: int = 0
    delay_ms: float = 0.0
    fault: str | None = None


@dataclass(slots=True)
class _HostRoutes:
    """A parsed ``_routes.json``: query keys grouped by path, plain path keys, and ``*``."""

    with_query: dict[str, list[tuple[list[tuple[str, str]], dict[str, Any]]]] = field(default_factory=dict)
    by_path: dict[str, dict[str, Any]] = field(default_factory=dict)
    star: dict[str, Any] | None = None


def _params(query: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(query, keep_blank_values=True))


def _parse_routes(raw: Any) -> _HostRoutes:
    table = _HostRoutes()
    if not isinstance(raw, dict):
        return table
    for key, route in raw.items():
        if not isinstance(route, dict) or not isinstance(key, str):
            continue
        if key == "*":
            table.star = route
        elif "?" in key:
            path, _, query = key.partition("?")
            table.with_query.setdefault(unquote(path), []).append((_params(query), route))
        else:
            table.by_path[unquote(key)] = route
    return table


def _first_tag(accept_language: str | None) -> str:
    if not accept_language:
        return ""
    return accept_language.split(",", 1)[0].split(";", 1)[0].strip().lower()


def _header_items(value: Any) -> dict[str, tuple[str, str]]:
    if not isinstance(value, dict):
        return {}
    return {str(k).lower(): (str(k), str(v)) for k, v in value.items()}


def _override(base: dict[str, Any], over: Any) -> dict[str, Any]:
    """Apply an override route: fields replace, headers merge by name, file/body exclude each other."""
    if not isinstance(over, dict):
        return base
    out = dict(base)
    for key, value in over.items():
        if key in ("accept_language", "vantage"):
            continue
        if key == "headers":
            merged = dict(out.get("_headers", {}))
            merged.update(_header_items(value))
            out["_headers"] = merged
        else:
            out[key] = value
    if "file" in over:
        out.pop("body", None)
    if "body" in over:
        out.pop("file", None)
    return out


def effective_route(route: dict[str, Any], accept_language: str | None, vantage: str) -> dict[str, Any]:
    """The route's fields after its ``accept_language`` then ``vantage`` overrides (headers in ``_headers``)."""
    out = {k: v for k, v in route.items() if k not in ("headers", "accept_language", "vantage")}
    out["_headers"] = _header_items(route.get("headers"))
    langs = route.get("accept_language")
    tag = _first_tag(accept_language)
    if isinstance(langs, dict) and tag:
        best: str | None = None
        for prefix in langs:
            if tag.startswith(str(prefix).lower()) and (best is None or len(prefix) > len(best)):
                best = prefix
        if best is not None:
            out = _override(out, langs[best])
    vantages = route.get("vantage")
    if isinstance(vantages, dict) and vantage in vantages:
        out = _override(out, vantages[vantage])
    return out


def content_type_for(name: str) -> str:
    """Content type by extension, per the contract (unknown → application/octet-stream)."""
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), DEFAULT_TYPE)


def _body_type(body: str) -> str:
    """A ``body`` string without a Content-Type header: JSON if it parses as an object/array, else HTML."""
    stripped = body.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
            return "application/json"
        except ValueError:
            pass
    return "text/html; charset=utf-8"


class Router:
    """Plans responses for corpus hosts; caches each host's parsed ``_routes.json``.

    Thread-safe enough for simweb's use (one event loop; caches only ever grow).
    """

    def __init__(self) -> None:
        self._tables: dict[str, _HostRoutes] = {}
        self._real: dict[str, str] = {}
        self._files: dict[tuple[str, str, bool], str | None] = {}
        self._lock = threading.Lock()

    def _table(self, site_dir: str) -> _HostRoutes:
        table = self._tables.get(site_dir)
        if table is None:
            try:
                with open(os.path.join(site_dir, ROUTES_FILE), "rb") as fh:
                    raw = json.loads(fh.read())
            except (OSError, ValueError):
                raw = {}
            table = _parse_routes(raw)
            with self._lock:
                self._tables[site_dir] = table
        return table

    def _root(self, site_dir: str) -> str:
        real = self._real.get(site_dir)
        if real is None:
            real = os.path.realpath(site_dir)
            self._real[site_dir] = real
        return real

    def find_file(self, site_dir: str, rel: str, *, index: bool = True) -> str | None:
        """``rel`` (decoded, '/'-separated) as a regular file inside the host folder, else None.

        With ``index``, a missing file falls back to ``rel/index.html``; an empty ``rel`` is
        ``index.html``. Refuses ``..`` segments, NULs, backslashes, ``_routes.json`` at the
        root, and anything whose real path leaves the host folder (symlinks).

        Answers are cached (a corpus does not change while served): ``realpath`` costs a
        ``lstat`` per path component, a fifth of the proxy's time per request otherwise.
        """
        key = (site_dir, rel, index)
        if key in self._files:
            return self._files[key]
        found = self._find_file(site_dir, rel, index)
        if len(self._files) > 200_000:
            self._files.clear()
        self._files[key] = found
        return found

    def _find_file(self, site_dir: str, rel: str, index: bool) -> str | None:
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if any(p == ".." or "\x00" in p or "\\" in p for p in parts):
            return None
        if parts == [ROUTES_FILE]:
            return None
        root = self._root(site_dir)
        candidates = [parts] if parts else []
        if index:
            candidates.append([*parts, "index.html"])
        for cand in candidates:
            real = os.path.realpath(os.path.join(root, *cand))
            if not real.startswith(root + os.sep):
                continue
            if os.path.isfile(real):
                return real
        return None

    def match(self, site_dir: str, path: str, query: str) -> dict[str, Any] | None:
        """The route for a decoded path and raw query: ``path?query`` keys, then ``path``, then ``*``."""
        table = self._table(site_dir)
        candidates = table.with_query.get(path)
        if candidates:
            params = _params(query)
            for wanted, route in candidates:
                if wanted == params:
                    return route
        route = table.by_path.get(path)
        if route is not None:
            return route
        return table.star

    def plan(self, site_dir: str | Path, target: str, accept_language: str | None = None,
             vantage: str = "intl") -> Plan:
        """Plan the answer to ``target`` (origin-form ``/path?query``, still percent-encoded)."""
        site_dir = str(site_dir)
        raw_path, _, query = target.partition("?")
        raw_path = raw_path.split("#", 1)[0]
        path = unquote(raw_path) or "/"
        if not path.startswith("/"):
            path = "/" + path
        route = self.match(site_dir, path, query)
        fields = effective_route(route, accept_language, vantage) if route is not None else {"_headers": {}}

        headers: dict[str, tuple[str, str]] = {}
        status = fields.get("status")
        status = int(status) if isinstance(status, int | float | str) and str(status).isdigit() else None
        body: bytes | None = None
        file: str | None = None
        if isinstance(fields.get("body"), str):
            body = fields["body"].encode("utf-8")
            headers["content-type"] = ("Content-Type", _body_type(fields["body"]))
        elif isinstance(fields.get("file"), str):
            file = self.find_file(site_dir, fields["file"], index=False)
        else:
            file = self.find_file(site_dir, path)
        if body is None and file is None:
            if status is None:
                status = 404
                body = NOT_FOUND_BODY
                headers["content-type"] = ("Content-Type", "text/html; charset=utf-8")
            else:
                body = b""
        size = len(body) if body is not None else 0
        if file is not None:
            headers["content-type"] = ("Content-Type", content_type_for(file))
            try:
                with open(file, "rb") as fh:
                    size = os.fstat(fh.fileno()).st_size
                    if size <= INLINE_LIMIT:
                        body = fh.read()
                        size = len(body)
                        file = None
            except OSError:  # removed since it was found: nothing to serve after all
                file = None
                body = b""
                status = status or 404
        headers.update(fields["_headers"])
        for name in ("content-length", "transfer-encoding", "connection"):
            headers.pop(name, None)
        fault = fields.get("fault")
        delay = fields.get("delay_ms") or 0
        return Plan(
            status=status if status is not None else 200,
            headers=list(headers.values()),
            body=body,
            file=file,
            size=size,
            delay_ms=float(delay) if isinstance(delay, int | float) else 0.0,
            fault=fault if fault in FAULTS else None,
        )
