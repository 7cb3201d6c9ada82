"""The fetched page every detector reads: bytes in, decoded text and parsed tree out.

One `Page` is built per HTTP response (static or rendered). Everything a
detector needs (decoded text, visible text, links, scripts, meta tags) is a
cached property, computed once on first use, so that five detectors reading the
same page pay for decoding and parsing once. Decoding and parsing never raise:
a crawler that meets 10,000 strangers' servers sees every kind of garbage, and
one bad page must not lose a site's verdict.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

import charset_normalizer
import lxml.html
from lxml import etree

from crawler.detectors.textstats import ScriptStats, script_stats

#: Bytes of body decoded and parsed at most. Real pages that matter are far
#: smaller; a 50 MB "page" is a download or an attack, and its head says enough.
MAX_BODY_BYTES = 2_000_000
#: Characters of visible text kept (same reasoning as MAX_BODY_BYTES).
MAX_TEXT_CHARS = 2_000_000
#: Characters of JSON string values kept in ``Page.json_text``.
JSON_TEXT_CHARS = 100_000
#: Bytes looked at for a `<meta charset>`; browsers use 1024, real pages put it later.
META_SNIFF_BYTES = 8192
#: Bytes given to charset-normalizer when nothing is declared (it is the slow step).
SNIFF_BYTES = 65536

#: Elements whose text a visitor never sees.
INVISIBLE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
)

#: Declared charsets replaced by the superset browsers actually use (WHATWG Encoding
#: Standard): a page labelled GB2312 routinely contains GBK/GB18030 characters, one
#: labelled Big5 contains HKSCS or Microsoft CP950 characters, "iso-8859-1" means cp1252.
CHARSET_ALIASES: Mapping[str, str] = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "cp950": "cp950",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf8": "utf-8",
    "unicode": "utf-8",
}
#: For Big5 pages, the alternatives tried in order when the first fails strictly.
BIG5_FAMILY = ("big5hkscs", "cp950")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CT_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET_RE = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I
)  # covers <meta charset=x> and http-equiv content="text/html; charset=x"
_WS_RE = re.compile(r"\s+")
_ORIGIN_RE = re.compile(r"https?://[^/?#\s]+", re.I)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def normalize_charset(name: str | None) -> str | None:
    """Map a declared charset label to a Python codec we trust, or None if unknown.

    Why: servers and pages declare labels (GB2312, Big5, ISO-8859-1) that mean a
    larger encoding in practice; decoding with the narrow one turns real
    characters into replacement marks.
    """
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    return (
        CHARSET_ALIASES.get(codec, codec)
        if codec in ("gbk", "gb2312", "big5", "latin-1", "iso8859-1")
        else codec
    )


def _header_charset(headers: Mapping[str, str]) -> str | None:
    m = _CT_CHARSET_RE.search(headers.get("content-type", ""))
    return normalize_charset(m.group(1)) if m else None


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET_RE.search(body[:META_SNIFF_BYTES])
    if not m:
        return None
    cs = normalize_charset(m.group(1).decode("ascii", "ignore"))
    # A page transcoded to UTF-16 cannot contain an ASCII meta tag; a page that
    # says so is lying (WHATWG treats it as UTF-8).
    return "utf-8" if cs and cs.startswith("utf-16") else cs


def _bom(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def _sniff(body: bytes) -> str:
    """Guess an undeclared encoding: valid UTF-8 first (cheap, and nearly always right), then charset-normalizer."""
    sample = body[:SNIFF_BYTES]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a multibyte character cut by the sample boundary
            return "utf-8"
    try:
        best = charset_normalizer.from_bytes(sample).best()
    except Exception:  # charset-normalizer must never take a page down
        best = None
    if best is None or not best.encoding:
        return "utf-8"
    return normalize_charset(best.encoding) or "utf-8"


def _decode(body: bytes, codec: str) -> tuple[str, int]:
    """Decode with replacement; return the text and the number of replacement marks added."""
    if codec in BIG5_FAMILY:
        for alt in BIG5_FAMILY:
            try:
                return body.decode(alt), 0
            except UnicodeDecodeError:
                continue
    try:
        return body.decode(codec), 0
    except UnicodeDecodeError:
        text = body.decode(codec, "replace")
        return text, text.count("\ufffd")
    except LookupError:
        text = body.decode("utf-8", "replace")
        return text, text.count("\ufffd")


def decode_body(body: bytes, headers: Mapping[str, str]) -> tuple[str, str]:
    """Return ``(text, encoding)``; never raises.

    Order: byte-order mark (WHATWG: a BOM beats every declaration, because
    whoever saved the file knew), Content-Type charset, ``<meta charset>`` /
    ``http-equiv``, then sniffing. A declaration that leaves many replacement
    marks loses to the next one, then to the sniffed encoding (misconfigured
    servers that send ``charset=utf-8`` for GBK files are common on Chinese
    hosting; the page's own ``<meta charset=gbk>`` is then right).
    """
    body = body[:MAX_BODY_BYTES]
    if not body:
        return "", "utf-8"
    bom = _bom(body)
    if bom:
        text, _ = _decode(body, bom)
        return text.lstrip("\ufeff"), bom
    header_cs = _header_charset(headers)
    meta_cs = _meta_charset(body)
    candidates = [c for c in dict.fromkeys((header_cs, meta_cs)) if c]
    best: tuple[int, str, str] | None = None
    for cs in candidates:  # header first, then meta: the first that decodes cleanly wins
        text, bad = _decode(body, cs)
        if bad == 0 or bad * 200 < len(text):
            return text, cs
        if best is None or bad < best[0]:
            best = (bad, text, cs)
    sniffed = _sniff(body)
    text, bad = _decode(body, sniffed)
    if best is not None and best[0] <= bad:
        return best[1], best[2]
    return text, sniffed


def _lower_headers(headers: Any) -> dict[str, str]:
    """Headers as a plain dict with lower-case str keys and str values (Scrapy gives bytes and lists)."""
    out: dict[str, str] = {}
    if not headers:
        return out
    try:
        items = headers.items()
    except AttributeError:
        return out
    for k, v in items:
        if isinstance(k, bytes):
            k = k.decode("latin-1")
        if isinstance(v, list | tuple):
            v = v[0] if v else ""
        if isinstance(v, bytes):
            v = v.decode("latin-1")
        out[str(k).lower()] = str(v)
    return out


def _normalize_payloads(payloads: Any) -> tuple[tuple[str, Any], ...]:
    """``(url, parsed)`` pairs; a bare parsed value (no URL) gets an empty URL, so detectors can always unpack."""
    out: list[tuple[str, Any]] = []
    for item in payloads or ():
        if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str):
            out.append((item[0], item[1]))
        else:
            out.append(("", item))
    return tuple(out)


def _empty_tree() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring("<html><body></body></html>")


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, recover=True)


@dataclass(frozen=True)
class Page:
    """One fetched response, with lazily computed views for the detectors.

    ``headers`` keys are lower-cased on construction. ``json_payloads`` are the
    JSON bodies a rendering browser saw the page load (``(url, parsed)``), where
    single-page apps keep their fiat lists and P2P ads.
    """

    url: str
    final_url: str = ""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = field(default=b"", repr=False)
    vantage: str = "intl"
    rendered: bool = False
    json_payloads: tuple[tuple[str, Any], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _lower_headers(self.headers))
        if not self.final_url:
            object.__setattr__(self, "final_url", self.url)
        if not isinstance(self.body, bytes):
            object.__setattr__(self, "body", bytes(self.body or b""))
        object.__setattr__(self, "json_payloads", _normalize_payloads(self.json_payloads))

    @classmethod
    def from_html(cls, url: str, html: str, **kw: Any) -> Page:
        """A page from a str (tests, rendered DOM snapshots): stored as UTF-8 and declared so."""
        headers = dict(kw.pop("headers", None) or {})
        headers.setdefault("content-type", "text/html; charset=utf-8")
        return cls(url=url, body=html.encode("utf-8"), headers=headers, **kw)

    # -- decoding -----------------------------------------------------------
    @cached_property
    def _decoded(self) -> tuple[str, str]:
        return decode_body(self.body, self.headers)

    @cached_property
    def text(self) -> str:
        """The body decoded (see :func:`decode_body`), at most MAX_BODY_BYTES of it."""
        return self._decoded[0]

    @cached_property
    def encoding(self) -> str:
        """The Python codec used to decode the body."""
        return self._decoded[1]

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def is_html(self) -> bool:
        """False for JSON, images and the like, so detectors do not read them as pages."""
        ct = self.content_type
        return bool(not ct or "html" in ct or ct in ("text/plain", "application/octet-stream"))

    # -- parsing ------------------------------------------------------------
    @cached_property
    def tree(self) -> lxml.html.HtmlElement:
        """The parsed document (lxml, recovering parser); an empty document on garbage."""
        text = self.text
        if not text.strip():
            return _empty_tree()
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError):
            return _empty_tree()
        return root if root is not None else _empty_tree()

    @cached_property
    def visible_text(self) -> str:
        """Text a visitor sees: no script/style/noscript/template/head; image alt text kept.

        Whitespace inside text is collapsed to single spaces; block boundaries
        (paragraphs, cells, list items, headings) become ``\n``, so that a
        sentence-level rule (a negation's scope) does not leak from one table
        cell into the next. Links, spans and buttons are separated by a space
        (menu entries must not glue together); bold/italic are not (Chinese
        words split by ``<b>`` stay whole). At most MAX_TEXT_CHARS. Image alt
        text is included because payment rails and language flags are often icons.
        """
        parts: list[str] = []
        total = 0
        root = self.tree
        stack: list[tuple[Any, bool]] = [(root, False)]
        # Iterative walk (deep garbage must not hit the recursion limit); a
        # (node, True) entry means "emit this node's tail".
        append = parts.append
        push = stack.append
        pop = stack.pop
        block, separator, invisible = _BLOCK_TAGS, _SEPARATOR_TAGS, INVISIBLE_TAGS
        while stack and total < MAX_TEXT_CHARS:
            node, tail_only = pop()
            tag = node.tag
            if tail_only:
                if tag in block:
                    append(_BREAK)
                elif tag in separator:
                    append(" ")
                tail = node.tail
                if tail:
                    append(tail)
                    total += len(tail)
                continue
            if not isinstance(tag, str) or tag in invisible:
                continue
            if tag in block:
                append(_BREAK)
            elif tag in separator:
                append(" ")
                if tag == "img":
                    alt = node.get("alt")
                    if alt:
                        append(" " + alt.replace(_BREAK, "") + " ")
            text = node.text
            if text:
                append(text)
                total += len(text)
            for child in reversed(node):
                push((child, True))
                push((child, False))
        flat = _WS_RE.sub(" ", "".join(parts).replace(_BREAK + _BREAK, _BREAK))
        return _BREAK_RE.sub("\n", flat)[:MAX_TEXT_CHARS].strip()

    @cached_property
    def lower_text(self) -> str:
        """``visible_text.lower()``: what keyword detectors scan (see ``crawler.detectors._fast``).

        Same length and offsets as ``visible_text`` for all but a few exotic
        characters (Turkish İ); snippets are cut from ``visible_text`` when they align.
        """
        return self.visible_text.lower()

    def snippet(self, start: int, end: int) -> str:
        """Text between offsets of ``lower_text``, from ``visible_text`` when offsets align."""
        src = self.visible_text if len(self.visible_text) == len(self.lower_text) else self.lower_text
        return src[max(0, start) : max(0, end)].strip().replace("\n", " | ")

    @cached_property
    def title(self) -> str:
        el = self.tree.find(".//title")
        return _WS_RE.sub(" ", el.text_content()).strip() if el is not None else ""

    @cached_property
    def lang(self) -> str:
        """``<html lang>`` (or ``xml:lang``), lower-cased, ``_`` as ``-``; else Content-Language; else ''."""
        root = self.tree
        val = root.get("lang") or root.get("xml:lang") or root.get(_XML_LANG) or ""
        if not val:
            val = self.headers.get("content-language", "").split(",")[0]
        return val.strip().lower().replace("_", "-")

    @cached_property
    def base_url(self) -> str:
        base = self.final_url or self.url
        el = self.tree.find(".//base[@href]")
        if el is not None:
            with contextlib.suppress(ValueError):
                base = urljoin(base, el.get("href", "").strip())
        return base

    def absolute(self, href: str) -> str | None:
        """Resolve an href against the page; None for javascript:, mailto:, fragments, garbage."""
        href = (href or "").strip()
        if not href or href.startswith("#"):
            return None
        low = href[:12].lower()
        if low.startswith(("javascript:", "mailto:", "tel:", "data:", "about:", "sms:")):
            return None
        if low.startswith(("https://", "http://")) and " " not in href:
            return href  # the common case; urljoin is slow and would return it unchanged
        if href[0] == "/" and href[1:2] != "/" and "/./" not in href and "/../" not in href:
            origin = self._origin
            if origin:
                return origin + href
        try:
            return urljoin(self.base_url, href)
        except ValueError:
            return None

    @cached_property
    def _origin(self) -> str:
        """``scheme://host[:port]`` of the base URL, for resolving root-relative hrefs fast."""
        m = _ORIGIN_RE.match(self.base_url)
        return m.group(0) if m else ""

    @cached_property
    def links(self) -> tuple[tuple[str, str], ...]:
        """``(absolute href, link text)`` for every ``<a href>`` / ``<area href>``, document order."""
        out: list[tuple[str, str]] = []
        for el in self.tree.iter("a", "area"):
            url = self.absolute(el.get("href", ""))
            if not url:
                continue
            try:
                text = el.text_content()
            except ValueError:
                text = ""
            text = _WS_RE.sub(" ", text).strip() or (el.get("title") or el.get("aria-label") or "").strip()
            out.append((url, text[:200]))
        return tuple(out)

    @cached_property
    def hreflangs(self) -> tuple[tuple[str, str], ...]:
        """``(hreflang lower-cased, absolute href)`` from ``<link>`` and ``<a>`` alternates."""
        out: list[tuple[str, str]] = []
        for el in self.tree.iter("link", "a"):
            hl = el.get("hreflang")
            if not hl:
                continue
            url = self.absolute(el.get("href", "")) or ""
            out.append((hl.strip().lower().replace("_", "-"), url))
        return tuple(out)

    @cached_property
    def scripts(self) -> tuple[str, ...]:
        """Absolute ``src`` of every external script."""
        out = []
        for el in self.tree.iter("script"):
            src = el.get("src")
            if src:
                url = self.absolute(src)
                if url:
                    out.append(url)
        return tuple(out)

    @cached_property
    def inline_scripts(self) -> tuple[str, ...]:
        """Text of inline scripts (analytics snippets and redirects live there)."""
        return tuple(el.text for el in self.tree.iter("script") if el.text and not el.get("src"))

    @cached_property
    def meta(self) -> dict[str, tuple[str, ...]]:
        """``<meta>`` content by lower-cased name/property/http-equiv (repeats kept in order)."""
        out: dict[str, list[str]] = {}
        for el in self.tree.iter("meta"):
            key = el.get("property") or el.get("name") or el.get("http-equiv") or el.get("itemprop")
            if not key:
                continue
            out.setdefault(key.strip().lower(), []).append((el.get("content") or "").strip())
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def payloads(self) -> tuple[tuple[str, Any], ...]:
        """``json_payloads`` plus the body itself when the response is JSON (an API URL fetched directly)."""
        ct = self.content_type
        if self.body and ("json" in ct or (not ct and self.body.lstrip()[:1] in (b"{", b"["))):
            try:
                parsed = json.loads(self.text)
            except (ValueError, RecursionError):
                return self.json_payloads
            return ((self.final_url or self.url, parsed), *self.json_payloads)
        return self.json_payloads

    @cached_property
    def json_text(self) -> str:
        """String values of the JSON payloads (i18n bundles, API data), newline-joined, at most JSON_TEXT_CHARS.

        A page whose text comes from JSON (an app shell the renderer did not
        fill, or i18n bundles for other locales) still shows its vocabulary here.
        """
        out: list[str] = []
        budget = JSON_TEXT_CHARS
        stack: list[Any] = [p for _, p in self.payloads]
        seen = 0
        while stack and budget > 0 and seen < 200_000:
            cur = stack.pop()
            seen += 1
            if isinstance(cur, str):
                out.append(cur)
                budget -= len(cur)
            elif isinstance(cur, dict):
                stack.extend(reversed(list(cur.values())))
            elif isinstance(cur, list):
                stack.extend(reversed(cur[:5000]))
        return "\n".join(out)[:JSON_TEXT_CHARS]

    @cached_property
    def script_stats(self) -> ScriptStats:
        """Han/kana/Hangul/Latin and Simplified/Traditional counts of the visible text (and title)."""
        return script_stats(self.title + " " + self.visible_text)

    def meta_first(self, name: str) -> str:
        vals = self.meta.get(name.lower())
        return vals[0] if vals else ""


_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "option", "select", "body",
     "section", "article", "header", "footer", "nav", "ul", "ol", "table", "dd", "dt", "dl", "main", "aside",
     "form", "fieldset", "blockquote", "pre", "hr", "figure", "figcaption", "address", "center", "caption"}
)  # fmt: skip
_SEPARATOR_TAGS = frozenset({"a", "span", "button", "label", "img", "input", "time", "area", "textarea"})
#: Marks a block boundary while text is assembled (lxml never yields NUL in text).
_BREAK = "\x00"
_BREAK_RE = re.compile(r" ?\x00[\x00 ]*")
