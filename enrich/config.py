"""Enrichment settings: where DNS and RDAP go, how long to wait, how much at once.

Every endpoint is explicit so that simweb and the tests *point* enrich at their
servers instead of patching it (dnspython's own tests do the same). Defaults:

- ``intl_nameservers=None``: the system resolver (``/etc/resolv.conf``) is the
  outside-China vantage; port 53.
- ``cn_nameservers=None``: no inside-China vantage, so ``blocked_in_cn`` is
  unknown (``None``). A resolver that claims to be in China must be configured
  on purpose: answers from inside the GFW are exactly the ones that lie.
- DNS: ``dns_timeout=2.0`` s per try, ``dns_lifetime=5.0`` s per query (a
  TIMEOUT outcome is only recorded after the whole lifetime), at most
  ``dns_concurrency=64`` queries in flight (simweb answers ~6,000/s; enrich waits, it does not compute).
- RDAP: enabled, ``rdap_timeout=5`` s per HTTP request (ipwhois' own default),
  ``rdap_concurrency=4`` blocking lookups in the thread pool (RIRs rate-limit
  hard: ARIN and RIPE answer 429), ``rdap_retries=4`` retries on 429/5xx/socket
  errors with exponential backoff ``rdap_backoff_base * 2**n`` capped at
  ``rdap_backoff_max`` (1 s, 2 s, 4 s, 8 s by default). ``rdap_opener`` is the
  urllib ``OpenerDirector`` ipwhois uses (a ProxyHandler to simweb plus an
  HTTPS handler trusting its CA); ``None`` = urllib's default opener.
- Team Cymru ASN lookups (``origin.asn.cymru.com`` TXT) go to the *intl*
  resolver: they describe the global routing table, never a censored view.
- ``domain_concurrency=32`` domains enriched at once: each is ~10 mostly sequential queries, so
  fewer left enrich latency-bound (docs/performance.md, F10).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.request import OpenerDirector

__all__ = ["EnrichConfig"]


@dataclass(frozen=True)
class EnrichConfig:
    """All knobs of the enrich stage; see the module docstring for the defaults and why."""

    intl_nameservers: tuple[str, ...] | None = None
    intl_port: int = 53
    cn_nameservers: tuple[str, ...] | None = None
    cn_port: int = 53
    dns_timeout: float = 2.0
    dns_lifetime: float = 5.0
    dns_concurrency: int = 64
    domain_concurrency: int = 32
    rdap_enabled: bool = True
    rdap_opener: OpenerDirector | None = field(default=None, compare=False, repr=False)
    rdap_timeout: int = 5
    rdap_concurrency: int = 4
    rdap_retries: int = 4
    rdap_backoff_base: float = 1.0
    rdap_backoff_max: float = 30.0
    rdap_depth: int = 0

    def __post_init__(self) -> None:
        # Accept lists from callers and keep the dataclass hashable/frozen.
        for name in ("intl_nameservers", "cn_nameservers"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    @property
    def vantages(self) -> tuple[str, ...]:
        """The vantages this config can resolve from: always intl, cn only when configured."""
        return ("intl", "cn") if self.cn_nameservers else ("intl",)

    @property
    def cymru_nameservers(self) -> tuple[str, ...] | None:
        """Team Cymru lookups use the intl resolver (None = system resolver)."""
        return self.intl_nameservers

    @property
    def cymru_port(self) -> int:
        return self.intl_port

    def with_(self, **changes: Any) -> EnrichConfig:
        """A copy with some fields changed (tests use it to shorten backoff)."""
        return replace(self, **changes)

    @classmethod
    def for_endpoints(
        cls, endpoints: Any, rdap_opener: OpenerDirector | None = None, **kwargs: Any
    ) -> EnrichConfig:
        """Config pointing at a simweb ``Endpoints`` (duck-typed: ``.intl``/``.cn`` with dns_host/dns_port).

        Kept duck-typed so enrich does not depend on simweb; the same shape
        could describe real resolvers.
        """
        return cls(
            intl_nameservers=(endpoints.intl.dns_host,),
            intl_port=int(endpoints.intl.dns_port),
            cn_nameservers=(endpoints.cn.dns_host,) if getattr(endpoints, "cn", None) else None,
            cn_port=int(endpoints.cn.dns_port) if getattr(endpoints, "cn", None) else 53,
            rdap_opener=rdap_opener,
            **kwargs,
        )
