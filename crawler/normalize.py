"""URL and domain normalisation: anything a listing or a seed file says → host → registrable domain.

Every discover source funnels its raw URLs through :func:`normalise`, so that
``https://WWW.Example.COM:443/?utm_source=cg``, ``example.com.`` and
``http://例子.com`` each end up as one canonical domain the rest of the
pipeline (probe, enrich, store) can key on.

Decisions, and why:

* **Registrable domain** = the Public Suffix List's "top domain under public
  suffix", *private suffixes included* (the simweb corpus contract labels
  domains "by the Public Suffix List, private suffixes included"): so
  ``foo.github.io`` and ``bar.pages.dev`` are domains of their own, the way
  browsers treat them as separate sites. tldextract calls this
  ``include_psl_private_domains=True``.
* **The suffix list is tldextract's bundled snapshot only**
  (``suffix_list_urls=()``, ``cache_dir=None``): the crawler runs in offline
  namespaces and must be reproducible, so it never downloads or caches a list.
* **Hosts are stored as lower-case ASCII (punycode A-labels)**: ``例子.com``,
  ``XN--FSQU00A.com`` and ``ｅｘａｍｐｌｅ.com`` (full-width) all become
  ``xn--fsqu00a.com`` / ``example.com``. Non-ASCII input is mapped with UTS #46
  (non-transitional, as browsers do today, so ``ß`` stays ``ß``) and encoded
  per label with IDNA 2008 (the ``idna`` package); existing ``xn--`` labels
  must decode. ASCII labels may contain ``_`` (it occurs in real host names).
* **``www.``** stays in ``host`` (it is the host that serves the page) and
  never in ``domain`` (the PSL puts it below the registrable label), unless
  ``www`` is itself the registrable label (``www.ck``).
* **Kept URL** (``Normalised.url``): scheme and host lower-cased, default port
  dropped, userinfo and fragment dropped, path ``/`` when empty, and the query
  stripped of tracking/referral parameters (:data:`TRACKING_PARAMS`,
  :data:`TRACKING_PREFIXES`): a referral code identifies the lister, not the
  site, and must not reach the probe. A bare domain becomes ``https://host/``.
* **Rejected, with a reason** (:class:`Rejected`): non-http(s) schemes
  (``mailto:``, ``javascript:``, ``ftp:``), IP literals in any form
  (dotted, IPv6, and the WHATWG numeric forms ``2130706433``, ``0x7f.1``,
  ``0177.0.0.1``; the reason says whether the address is private, loopback,
  link-local or reserved), names with no public suffix (``localhost``,
  ``intranet``, ``printer.local``), special-use names (:data:`SPECIAL_USE_TLDS`,
  ``.onion`` among them although the PSL lists it), names that are themselves
  a public suffix (``co.uk``, ``github.io``), and malformed input.

:func:`normalise` never raises on a ``str``; it is cached by host, so tens of
thousands of URLs cost little.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

import idna
import tldextract

__all__ = [
    "SPECIAL_USE_TLDS",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "Normalised",
    "Rejected",
    "normalise",
    "registrable_domain",
]

#: Query parameters dropped from kept URLs (compared case-insensitively): referral,
#: invitation and affiliate codes that exchanges and listing sites append, and the
#: common ad-click identifiers. ``r`` and ``code`` are included because exchange
#: landing links use them for referral codes (``?r=AB12``, ``/join?code=X``); a
#: site whose home page needs one of them is not something a listing points at.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "ref", "refid", "ref_id", "refcode", "ref_code", "referral", "referralcode", "referral_code",
        "referrer", "referer", "ref_src", "invite", "invitecode", "invite_code", "invitationcode",
        "invitation_code", "inviter", "inviteid", "invite_id", "affiliate", "affiliateid", "affiliate_id",
        "aff", "affid", "aff_id", "aff_sub", "partner", "partner_id", "promo", "promocode", "promo_code",
        "r", "code", "channel", "channelid", "channel_id", "source", "src", "campaign", "clickid", "click_id",
        "gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "yclid", "ttclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "spm", "vero_id",
    }
)  # fmt: skip

#: Query parameter prefixes dropped from kept URLs (``utm_source``, ``utm_medium``…; ``pk_`` Piwik/Matomo).
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hsa_")

#: Top-level (or last two) labels reserved for special use (RFC 6761, 6762, 7686, 8375,
#: 9476; ICANN's ``.internal``) or commonly used on private networks: never a public site,
#: even where the PSL lists them (``onion``).
SPECIAL_USE_TLDS: frozenset[str] = frozenset(
    {
        "localhost", "local", "test", "example", "invalid", "onion", "alt", "internal", "arpa",
        "home.arpa", "lan", "home", "corp", "intranet", "localdomain", "domain", "i2p",
    }
)  # fmt: skip

_SCHEMES_DEFAULT_PORT = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST_PORT_RE = re.compile(r"^[^/?#@:]+:(?:\d+(?:[/?#]|$)|$)")  # "example.com:8080/x": not a scheme
_ASCII_HOST_RE = re.compile(r"^[a-z0-9_\-]+(?:\.[a-z0-9_\-]+)*$")
_WS_OR_CTRL_RE = re.compile(r"[\x00-\x20\x7f\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]")
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_MAX_RAW_CHARS = 8192  # longer "URLs" are data blobs, not links; refuse before any parsing work

_EXTRACT = tldextract.TLDExtract(
    cache_dir=None,  # no disk cache: nothing to read or write outside the package
    suffix_list_urls=(),  # never fetch the live list
    fallback_to_snapshot=True,  # the snapshot bundled with the installed tldextract
    include_psl_private_domains=True,
)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A usable URL: its registrable ``domain``, canonical ``host`` and cleaned ``url``."""

    domain: str
    host: str
    url: str

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that names no public web site, with the reason a person can read. Falsy."""

    raw: str
    reason: str

    def __bool__(self) -> bool:
        return False


class _Reject(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalise(raw: str) -> Normalised | Rejected:
    """Turn a URL or bare domain into :class:`Normalised`, or say why not (:class:`Rejected`).

    Never raises for a ``str`` (nor for other types: they are rejected).
    """
    if not isinstance(raw, str):
        return Rejected(repr(raw), f"not a string ({type(raw).__name__})")
    try:
        return _normalise(raw)
    except _Reject as exc:
        return Rejected(raw, exc.reason)
    except (ValueError, UnicodeError, IndexError) as exc:  # defensive: any parser corner we did not foresee
        return Rejected(raw, f"malformed: {exc}")


#: The name the architecture contract uses; the same function.
registrable_domain = normalise


def _normalise(raw: str) -> Normalised:
    text = raw.strip().strip("\ufeff\u200b")
    if not text:
        raise _Reject("empty")
    if len(text) > _MAX_RAW_CHARS:
        raise _Reject(f"too long ({len(text)} characters)")
    if _WS_OR_CTRL_RE.search(text):
        raise _Reject("contains whitespace or control characters")

    m = _SCHEME_RE.match(text)
    if text.startswith("//"):
        text = "https:" + text  # scheme-relative: assume https, as a page served over https would
    elif m and not _HOST_PORT_RE.match(text):
        scheme = m.group(1).lower()
        if scheme not in _SCHEMES_DEFAULT_PORT:
            raise _Reject(f"not an http(s) URL (scheme {scheme}:)")
        if not text[m.end() :].startswith("//"):
            raise _Reject(f"malformed {scheme} URL (no // after the scheme)")
    else:
        text = "https://" + text  # a bare domain: the probe tries https first

    # Backslashes are path separators to browsers ("https://a.com\\@b.com" goes to a.com).
    text = text.replace("\\", "/")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    netloc = parts.netloc
    if not netloc:
        raise _Reject("no host")

    hostport = netloc.rpartition("@")[2]  # drop userinfo: it is never part of the site's identity
    if hostport.startswith("["):
        close = hostport.find("]")
        literal = hostport[1:close] if close > 0 else hostport[1:]
        raise _Reject(_ip_reason(literal.split("%")[0], "IPv6"))
    host, sep, port_text = hostport.partition(":")
    port: int | None = None
    if sep:
        if port_text and not port_text.isdigit():
            raise _Reject(f"bad port {port_text!r}")
        if port_text:
            port = int(port_text)
            if port > 65535:
                raise _Reject(f"port out of range ({port})")

    host_ascii = _canonical_host(host)

    default_port = _SCHEMES_DEFAULT_PORT[scheme]
    authority = host_ascii if port in (None, default_port) else f"{host_ascii}:{port}"
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~") or "/"
    query = _strip_tracking(parts.query)
    url = f"{scheme}://{authority}{path}" + (f"?{query}" if query else "")
    return Normalised(domain=_registrable(host_ascii), host=host_ascii, url=url)


def _canonical_host(host: str) -> str:
    """Lower-case ASCII host, or :class:`_Reject` for IPs and malformed names."""
    if "%" in host:
        host = unquote(host)  # browsers percent-decode hosts before IDNA processing
        if _WS_OR_CTRL_RE.search(host) or any(c in host for c in "/?#@[]<>^|\"'`{}"):
            raise _Reject("host contains characters not allowed in a host name")
    if not host.isascii():
        host = host.translate(_DOTS)  # ideographic and full-width full stops are dots (UTS #46)
    if host.endswith("."):
        host = host[:-1]  # the root label: "example.com." is "example.com"
    if not host:
        raise _Reject("no host")
    return _host_checks(host)


@lru_cache(maxsize=65536)
def _host_checks(host: str) -> str:
    lowered = host.lower() if host.isascii() else _to_ascii(host)
    _reject_ip(lowered)
    if len(lowered) > 253:
        raise _Reject("host name longer than 253 characters")
    if not _ASCII_HOST_RE.match(lowered):
        if "" in lowered.split("."):
            raise _Reject("empty label in host name")
        raise _Reject("host contains characters not allowed in a host name")
    for label in lowered.split("."):
        if len(label) > 63:
            raise _Reject("host label longer than 63 characters")
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except (idna.IDNAError, UnicodeError, IndexError) as exc:
                raise _Reject(f"invalid punycode label {label!r}: {exc}") from None
    return lowered


def _to_ascii(host: str) -> str:
    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, IndexError) as exc:
        raise _Reject(f"invalid internationalised host name: {exc}") from None
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label.lower())
            continue
        try:
            labels.append(idna.alabel(label).decode("ascii"))
        except (idna.IDNAError, UnicodeError, IndexError) as exc:
            raise _Reject(f"invalid internationalised host name: {exc}") from None
    return ".".join(labels)


def _reject_ip(host: str) -> None:
    """Reject dotted IPv4, bare IPv6 and the WHATWG numeric IPv4 forms (decimal, hex, octal parts)."""
    if ":" in host:
        raise _Reject(_ip_reason(host, "IPv6"))
    last = host.rsplit(".", 1)[-1]
    # WHATWG URL: a host whose last label is a number is parsed as IPv4, never looked up as a name.
    if last.isdigit() or (last.startswith("0x") and all(c in "0123456789abcdef" for c in last[2:])):
        addr = _whatwg_ipv4(host)
        if addr is None:
            raise _Reject(f"numeric host {host!r} is neither a name nor a valid IPv4 address")
        raise _Reject(_ip_reason(str(addr), "IPv4", shown=host))


def _whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None:
    parts = host.split(".")
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if not part:
            return None
        try:
            if part.startswith("0x"):
                n = int(part[2:] or "0", 16)
            elif len(part) > 1 and part.startswith("0"):
                n = int(part[1:], 8)
            else:
                n = int(part, 10)
        except ValueError:
            return None
        numbers.append(n)
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n * 256 ** (3 - i)
    return ipaddress.IPv4Address(value)


def _ip_reason(literal: str, family: str, shown: str | None = None) -> str:
    shown = shown or literal
    try:
        addr = ipaddress.ip_address(literal)
    except ValueError:
        return f"malformed {family} literal {shown!r}"
    kinds = [
        name
        for name, flag in (
            ("loopback", addr.is_loopback),
            ("private", addr.is_private),
            ("link-local", addr.is_link_local),
            ("multicast", addr.is_multicast),
            ("reserved", addr.is_reserved),
            ("unspecified", addr.is_unspecified),
        )
        if flag
    ]
    what = ", ".join(kinds) if kinds else "public"
    spelled = "" if shown == str(addr) else f" (= {addr})"
    return f"IP address literal {shown}{spelled}, {what}: listings must name a domain"


@lru_cache(maxsize=65536)
def _registrable(host: str) -> str:
    labels = host.split(".")
    if labels[-1] in SPECIAL_USE_TLDS or ".".join(labels[-2:]) in SPECIAL_USE_TLDS:
        raise _Reject(f"special-use name .{labels[-1]}, not on the public internet")
    result = _EXTRACT(host)
    if not result.suffix:
        raise _Reject(f"no public suffix in {host!r} (internal or unknown name)")
    if not result.domain:
        raise _Reject(f"{host!r} is itself a public suffix, not a registrable domain")
    return f"{result.domain}.{result.suffix}"


def _strip_tracking(query: str) -> str:
    if not query:
        return ""
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        key = unquote(piece.partition("=")[0].replace("+", " ")).strip().lower()
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
            continue
        kept.append(quote(piece, safe="=&%:@!$'()*+,;/?-._~"))
    return "&".join(kept)
