"""Helpers for tests anywhere in the project: serve a corpus, and point real clients at it.

Clients are *pointed*, never patched (STYLE.md "For exscout" 9): the helpers below build
the same objects the pipeline builds live, only with simweb's addresses.

    with serve("tests/corpora/mini", dns_timeout_s=0.5) as ep:
        opener = urllib_opener(ep, "cn")
        resolver = dns_resolver(ep.intl)
"""

from __future__ import annotations

import ssl
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dns.resolver

from simweb.server import Endpoints, SimWeb, VantageEndpoints

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_BASE_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@contextmanager
def serve(corpus_path: str | Path, **kw: Any) -> Iterator[Endpoints]:
    """Serve ``corpus_path`` for the duration of the block; yields its :class:`Endpoints`.

    Keyword arguments go to :class:`simweb.server.SimWeb` (``dns_timeout_s``, ``port_base``…).
    """
    with SimWeb(corpus_path, **kw) as web:
        yield web.endpoints


def dns_resolver(vantage: VantageEndpoints, *, lifetime: float = 5.0) -> dns.resolver.Resolver:
    """A dnspython resolver asking only simweb's DNS server for that vantage."""
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [vantage.dns_host]
    resolver.port = vantage.dns_port
    resolver.lifetime = lifetime
    resolver.timeout = lifetime
    return resolver


def ssl_context(endpoints: Endpoints) -> ssl.SSLContext:
    """A client context that trusts simweb's CA (and nothing else)."""
    return ssl.create_default_context(cafile=str(endpoints.ca_cert))


def urllib_opener(endpoints: Endpoints, vantage: str = "intl") -> urllib.request.OpenerDirector:
    """A urllib opener through the vantage's proxy, trusting simweb's CA (what ipwhois is given)."""
    proxy = endpoints.vantage(vantage).proxy_url
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy}),
        urllib.request.HTTPSHandler(context=ssl_context(endpoints)),
    )


def chromium_args(endpoints: Endpoints) -> list[str]:
    """Chromium flags: the sandbox-free basics, trust simweb's leaves by SPKI, resolve nothing itself.

    The proxy is given separately (Playwright ``proxy={"server": proxy_url}``) so a browser
    can pick its vantage per context.
    """
    proxy_hosts = [urllib.parse.urlsplit(v.proxy_url).hostname or "127.0.0.1" for v in (endpoints.intl, endpoints.cn)]
    excludes = " , ".join(f"EXCLUDE {h}" for h in dict.fromkeys(["127.0.0.1", *proxy_hosts]))
    return [
        *CHROMIUM_BASE_ARGS,
        f"--ignore-certificate-errors-spki-list={endpoints.spki_sha256}",
        f"--host-resolver-rules=MAP * ~NOTFOUND , {excludes}",
    ]


@dataclass(frozen=True)
class CurlResult:
    """What curl saw: its exit code, the final (or CONNECT) status, headers (lower-case), body."""

    rc: int
    status: int
    connect_status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    stderr: str

    @property
    def proxy_status(self) -> str | None:
        return self.headers.get("proxy-status")


def curl(endpoints: Endpoints, vantage: str, url: str, *args: str, timeout: float = 20.0) -> CurlResult:
    """Fetch ``url`` with the real curl through the vantage's proxy (HTTPS trusts ``ca.pem`` only).

    Extra ``args`` go to curl (``-I``, ``-H``, ``--max-time``…). A failed CONNECT shows as
    ``status == connect_status`` (the CONNECT reply), with its ``Proxy-Status``.
    """
    with tempfile.TemporaryDirectory(prefix="simweb-curl-") as tmp:
        head, body = Path(tmp) / "head", Path(tmp) / "body"
        cmd = ["curl", "-s", "-S", "--noproxy", "", "-x", endpoints.vantage(vantage).proxy_url,
               "--cacert", str(endpoints.ca_cert), "-D", str(head), "-o", str(body),
               "-w", "%{http_code} %{http_connect}", *args, url]
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        seconds = time.monotonic() - started
        codes = [*proc.stdout.split(), "0", "0"][:2]
        blocks = [b for b in head.read_text("latin-1").replace("\r\n", "\n").split("\n\n")
                  if b.startswith("HTTP/")] if head.exists() else []
        headers: dict[str, str] = {}
        status = int(codes[0]) if codes[0].isdigit() else 0
        if blocks:
            last = blocks[-1].split("\n")
            if not status:
                status = int(last[0].split()[1])
            for line in last[1:]:
                name, sep, value = line.partition(":")
                if sep:
                    headers[name.strip().lower()] = value.strip()
        connect = int(codes[1]) if codes[1].isdigit() else 0
        if not status and connect:
            status = connect
        return CurlResult(proc.returncode, status, connect, headers,
                          body.read_bytes() if body.exists() else b"", seconds, proc.stderr)
