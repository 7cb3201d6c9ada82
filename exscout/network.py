"""Where a run's traffic goes: simweb's offline internet, or the live network through given settings.

Both modes produce the same things, so the crawler and the enricher run the
same code paths either way: Scrapy settings (a proxy per vantage, Chromium
flags) and an :class:`enrich.config.EnrichConfig` (resolvers per vantage and
the RDAP opener).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from enrich.config import EnrichConfig
from exscout import netguard
from exscout.errors import UsageError


@dataclass
class NetworkOptions:
    """What the user chose: ``simweb`` (a corpus folder) or live proxies and resolvers."""

    simweb: Path | None = None
    proxy: str | None = None
    cn_proxy: str | None = None
    resolvers: list[str] = field(default_factory=list)
    cn_resolvers: list[str] = field(default_factory=list)
    dns_timeout_s: float = 5.0

    def validate(self) -> None:
        if self.simweb is not None and (self.proxy or self.cn_proxy or self.resolvers or self.cn_resolvers):
            raise UsageError("--simweb runs on the offline internet; it cannot be combined with --proxy/--resolver")
        for opt, value in (("--proxy", self.proxy), ("--cn-proxy", self.cn_proxy)):
            if value and not value.startswith(("http://", "https://")):
                raise UsageError(f"{opt} {value!r}: expected a proxy URL such as http://127.0.0.1:8080")
        for opt, values in (("--resolver", self.resolvers), ("--cn-resolver", self.cn_resolvers)):
            for value in values:
                _nameserver(opt, value)


def _nameserver(option: str, value: str) -> tuple[str, int]:
    """``IP`` or ``IP:PORT`` (``[v6]:PORT``) as given to --resolver."""
    host, port = value, 53
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else 53
    elif value.count(":") == 1:
        host, _, p = value.partition(":")
        if not p.isdigit():
            raise UsageError(f"{option} {value!r}: the port must be a number")
        port = int(p)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise UsageError(f"{option} {value!r}: expected an IP address (optionally :PORT)") from None
    return host, port


class Network:
    """A context manager: starts simweb when asked, and tells each stage how to reach the net."""

    def __init__(self, options: NetworkOptions) -> None:
        options.validate()
        self.options = options
        self.web: Any = None
        self.endpoints: Any = None

    def __enter__(self) -> Network:
        if self.options.simweb is not None:
            from simweb.server import SimWeb

            # Offline mode talks to loopback only; make any other connection an error, not a leak.
            netguard.install()
            # A child process: the proxies then never wait on the GIL behind Scrapy and the detectors.
            self.web = SimWeb(self.options.simweb, dns_timeout_s=self.options.dns_timeout_s, process=True)
            self.endpoints = self.web.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self.web is not None:
            self.web.stop()

    @property
    def mode(self) -> str:
        return "corpus" if self.options.simweb is not None else "live"

    def scrapy_settings(self) -> dict[str, Any]:
        """Proxy per vantage and Chromium flags, as the crawler's EXSCOUT_* settings."""
        if self.endpoints is not None:
            from simweb.testing import chromium_args

            ep = self.endpoints
            return {
                "EXSCOUT_PROXY": ep.intl.proxy_url,
                "EXSCOUT_CN_PROXY": ep.cn.proxy_url,
                "EXSCOUT_CHROMIUM_ARGS": chromium_args(ep),
                "EXSCOUT_CHROMIUM_SPKI": ep.spki_sha256,
                # The SSRF guard judges the corpus's answers as the intl proxy will see them.
                "EXSCOUT_SSRF_RESOLVERS": [f"{ep.intl.dns_host}:{ep.intl.dns_port}"],
            }
        # Behind a proxy, the guard asks the resolver the operator named (empty: the system's).
        resolvers = [f"[{h}]:{p}" if ":" in h else f"{h}:{p}"
                     for h, p in (_nameserver("--resolver", v) for v in self.options.resolvers)]  # fmt: skip
        return {"EXSCOUT_PROXY": self.options.proxy or "", "EXSCOUT_CN_PROXY": self.options.cn_proxy or "",
                "EXSCOUT_SSRF_RESOLVERS": resolvers}  # fmt: skip

    def enrich_config(self, **overrides: Any) -> EnrichConfig:
        """Resolvers per vantage and the RDAP opener; the system resolver when live and none is given."""
        if self.endpoints is not None:
            from simweb.testing import urllib_opener

            ep = self.endpoints
            return EnrichConfig(
                intl_nameservers=(ep.intl.dns_host,), intl_port=ep.intl.dns_port,
                cn_nameservers=(ep.cn.dns_host,), cn_port=ep.cn.dns_port,
                rdap_opener=urllib_opener(ep, "intl"), **overrides,
            )  # fmt: skip
        intl = [_nameserver("--resolver", v) for v in self.options.resolvers]
        cn = [_nameserver("--cn-resolver", v) for v in self.options.cn_resolvers]
        return EnrichConfig(
            intl_nameservers=tuple(h for h, _ in intl) or None, intl_port=intl[0][1] if intl else 53,
            cn_nameservers=tuple(h for h, _ in cn) or None, cn_port=cn[0][1] if cn else 53, **overrides,
        )  # fmt: skip
