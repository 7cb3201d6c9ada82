"""Errors raised inside enrich, and the one place foreign exceptions become ours.

Tree::

    EnrichError                   anything enrich raises on purpose
    ├── DnsError                  a DNS query gave no usable answer; ``.outcome`` says which
    │   ├── DnsNxdomain           NXDOMAIN: the name does not exist (outcome "NXDOMAIN")
    │   ├── DnsServfail           every nameserver failed / SERVFAIL (dnspython NoNameservers)
    │   ├── DnsTimeout            no answer in the lifetime (dnspython LifetimeTimeout)
    │   ├── DnsNoAnswer           NOERROR but no record of that type (dnspython NoAnswer, "NODATA")
    │   └── DnsOtherError         anything else (YXDOMAIN, bad name, socket errors, no resolv.conf)
    └── RdapError                 a registry lookup for one address failed; ``.ip`` names it
        ├── RdapBogon             ipwhois refuses the address (private, reserved, 240/4, ...)
        ├── RdapNoAsn             Team Cymru knows no origin for it (no routed network)
        ├── RdapRateLimited       HTTP 429 / "Rate Limit Notice" (retryable)
        ├── RdapHttpError         other HTTP status; ``.status``; 5xx retryable, 404 = not found
        └── RdapTransportError    socket/URL errors, timeouts, unparsable answers (retryable)

Why one boundary: dnspython and ipwhois each have their own exception zoo, and
the verdicts must record *what happened* (an NXDOMAIN is evidence of blocking,
a timeout is weaker evidence, "no address" is neither). Translating them in
``map_dns_exceptions`` / ``map_rdap_exceptions`` (the way httpx's
``map_httpcore_exceptions`` does) keeps that mapping in one reviewed place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.error import URLError

import dns.exception
import dns.resolver
from ipwhois import exceptions as ipw

__all__ = [
    "DnsError",
    "DnsNoAnswer",
    "DnsNxdomain",
    "DnsOtherError",
    "DnsServfail",
    "DnsTimeout",
    "EnrichError",
    "RdapBogon",
    "RdapError",
    "RdapHttpError",
    "RdapNoAsn",
    "RdapRateLimited",
    "RdapTransportError",
    "map_dns_exceptions",
    "map_rdap_exceptions",
]


class EnrichError(Exception):
    """Base of every error enrich raises on purpose."""


class DnsError(EnrichError):
    """A DNS query produced no usable answer; ``outcome`` is the recorded rcode-level result."""

    outcome = "ERROR"

    def __init__(self, message: str, *, qname: str = "", rtype: str = "", chain: list[str] | None = None):
        super().__init__(message)
        self.qname = qname
        self.rtype = rtype
        self.chain = chain or ([qname] if qname else [])


class DnsNxdomain(DnsError):
    """The name (or the end of its CNAME chain) does not exist."""

    outcome = "NXDOMAIN"


class DnsServfail(DnsError):
    """Every nameserver answered SERVFAIL or refused (dnspython ``NoNameservers``)."""

    outcome = "SERVFAIL"


class DnsTimeout(DnsError):
    """No answer within the resolver lifetime (dnspython ``LifetimeTimeout``)."""

    outcome = "TIMEOUT"


class DnsNoAnswer(DnsError):
    """NOERROR with no record of the asked type ("NODATA")."""

    outcome = "NODATA"


class DnsOtherError(DnsError):
    """Anything else dnspython raised."""

    outcome = "ERROR"


class RdapError(EnrichError):
    """A registry lookup for one address failed."""

    retryable = False

    def __init__(self, message: str, *, ip: str = ""):
        super().__init__(message)
        self.ip = ip


class RdapBogon(RdapError):
    """ipwhois refuses the address before any traffic (private, reserved, 240/4, loopback...)."""


class RdapNoAsn(RdapError):
    """No origin AS for the address (Cymru NXDOMAIN / no answer): it is in no routed network."""


class RdapRateLimited(RdapError):
    """The RDAP server said 429 or sent a rate-limit notice."""

    retryable = True


class RdapHttpError(RdapError):
    """The RDAP server answered an HTTP error status other than 429."""

    def __init__(self, message: str, *, ip: str = "", status: int | None = None):
        super().__init__(message, ip=ip)
        self.status = status

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.status is None or self.status >= 500


class RdapTransportError(RdapError):
    """Connection, timeout or parse failure talking to RDAP (retryable)."""

    retryable = True


def _dns_chain(exc: dns.exception.DNSException, qname: str) -> list[str]:
    """Best-effort CNAME chain from the response(s) a dnspython exception carries."""
    responses = []
    kwargs = getattr(exc, "kwargs", None) or {}
    if "response" in kwargs:
        responses.append(kwargs["response"])
    responses.extend((kwargs.get("responses") or {}).values())
    for response in responses:
        try:
            result = response.resolve_chaining()
        except Exception:
            continue
        chain = [qname]
        for rrset in result.cnames:
            for rdata in rrset:
                chain.append(rdata.target.to_text().rstrip("."))
        if len(chain) > 1:
            return chain
    return [qname]


@contextmanager
def map_dns_exceptions(qname: str, rtype: str) -> Iterator[None]:
    """Translate dnspython exceptions raised inside the block into ``DnsError`` subclasses."""
    try:
        yield
    except dns.resolver.NXDOMAIN as exc:
        raise DnsNxdomain(
            f"{qname} {rtype}: NXDOMAIN", qname=qname, rtype=rtype, chain=_dns_chain(exc, qname)
        ) from exc
    except dns.resolver.NoAnswer as exc:
        raise DnsNoAnswer(
            f"{qname} {rtype}: no answer", qname=qname, rtype=rtype, chain=_dns_chain(exc, qname)
        ) from exc
    except dns.resolver.NoNameservers as exc:
        raise DnsServfail(f"{qname} {rtype}: {exc}", qname=qname, rtype=rtype) from exc
    except dns.exception.Timeout as exc:  # LifetimeTimeout is a subclass
        raise DnsTimeout(f"{qname} {rtype}: timeout", qname=qname, rtype=rtype) from exc
    except dns.exception.DNSException as exc:
        raise DnsOtherError(
            f"{qname} {rtype}: {type(exc).__name__}: {exc}", qname=qname, rtype=rtype
        ) from exc
    except OSError as exc:  # socket refused/unreachable (e.g. the loopback guard): not an rcode
        raise DnsOtherError(
            f"{qname} {rtype}: {type(exc).__name__}: {exc}", qname=qname, rtype=rtype
        ) from exc


_CODE = re.compile(r"error code (\d{3})")


@contextmanager
def map_rdap_exceptions(ip: str) -> Iterator[None]:
    """Translate ipwhois (and urllib/socket) exceptions raised inside the block into ``RdapError``."""
    try:
        yield
    except ipw.IPDefinedError as exc:
        raise RdapBogon(f"{ip}: {exc}", ip=ip) from exc
    except ipw.HTTPRateLimitError as exc:
        raise RdapRateLimited(f"{ip}: {exc}", ip=ip) from exc
    except ipw.HTTPLookupError as exc:
        match = _CODE.search(str(exc))
        status = int(match.group(1)) if match else None
        raise RdapHttpError(f"{ip}: {exc}", ip=ip, status=status) from exc
    except (ipw.ASNRegistryError, ipw.ASNLookupError) as exc:
        raise RdapNoAsn(f"{ip}: {exc}", ip=ip) from exc
    except (OSError, URLError, ValueError, KeyError, ipw.BaseIpwhoisException) as exc:
        raise RdapTransportError(f"{ip}: {type(exc).__name__}: {exc}", ip=ip) from exc
