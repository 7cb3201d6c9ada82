"""simweb's forward proxy: one per vantage, the only way clients reach corpus sites.

Clients talk to it exactly as to a real forward proxy (Scrapy ``meta["proxy"]``, Chromium
``--proxy-server``, urllib ``ProxyHandler``, curl ``-x``):

- ``GET http://host/path HTTP/1.1`` (absolute form), keep-alive;
- ``CONNECT host:443`` → ``200``, then TLS terminated here with a leaf from
  :mod:`simweb.ca`, then HTTP/1.1 (keep-alive) inside the tunnel; ``CONNECT host:80``
  tunnels plain HTTP;
- origin-form requests use the tunnel's host, or the ``Host`` header outside a tunnel.

The target is resolved with ``corpus.reach(host, vantage)`` as a client at that vantage
would; failures are answered per RFC 9209 (docs/architecture.md): NXDOMAIN/SERVFAIL →
``502`` + ``Proxy-Status: simweb; error=dns_error; rcode=…``, DNS timeout → wait
``dns_timeout_s`` then ``504`` + ``error=dns_timeout``, refused → ``502`` +
``error=connection_refused``. For CONNECT that status is the CONNECT reply.
The response itself is planned by :mod:`simweb.routes`; route faults act on the socket.

Speed matters (benchmarks crawl thousands of pages through it), hence asyncio streams
with a hand-rolled HTTP/1.1 parser, per-host caches, and no per-request logging unless
an access log is asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import struct
from collections.abc import Callable
from typing import Any, Protocol

from simweb.ca import CertificateAuthority
from simweb.http11 import REASONS, BadRequest, DateCache, Request, is_ip, parse_head, split_authority
from simweb.routes import Plan, Router

log = logging.getLogger(__name__)
RDAP_HOSTS = frozenset({"rdap.arin.net", "rdap.apnic.net", "rdap.db.ripe.net", "rdap.lacnic.net",
                        "rdap.afrinic.net"})
HEAD_LIMIT = 64 * 1024
CHUNK = 256 * 1024


class ReachLike(Protocol):
    outcome: str
    addresses: list[str]


class CorpusLike(Protocol):
    """The slice of :class:`simweb.corpus.Corpus` the proxy uses."""

    def reach(self, host: str, vantage: str) -> ReachLike: ...
    def site_dir(self, host: str) -> Any: ...


def _preflight(plan: Plan, req: Request) -> Plan:
    """A CORS preflight answered as a CORS-enabled server would, *if* the route allows origins.

    The route's ``Access-Control-Allow-Origin`` decides (no header: the browser blocks, as it
    would live); methods and requested headers are then allowed, so pages fetching a corpus API
    with custom headers work. The route's faults and delay still apply.
    """
    allow = [(k, v) for k, v in plan.headers if k.lower().startswith("access-control-")]
    if any(k.lower() == "access-control-allow-origin" for k, _ in allow):
        names = {k.lower() for k, _ in allow}
        if "access-control-allow-methods" not in names:
            allow.append(("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"))
        wanted = req.headers.get("access-control-request-headers")
        if wanted and "access-control-allow-headers" not in names:
            allow.append(("Access-Control-Allow-Headers", wanted))
        allow.append(("Access-Control-Max-Age", "600"))
    return Plan(status=204, headers=allow, body=b"", size=0, delay_ms=plan.delay_ms, fault=plan.fault)


class Proxy:
    """A forward proxy for one vantage. ``await start()`` binds; ``.port`` is then known."""

    def __init__(self, corpus: CorpusLike, vantage: str, ca: CertificateAuthority, *,
                 router: Router | None = None, dns_timeout_s: float = 5.0,
                 rdap_handler: Callable[[str, str, Any], tuple[int, Any, bytes]] | None = None,
                 access_log: Callable[[str], None] | None = None, idle_timeout_s: float = 30.0) -> None:
        self.corpus = corpus
        self.vantage = vantage
        self.ca = ca
        self.router = router or Router()
        self.dns_timeout_s = dns_timeout_s
        self.access_log = access_log
        self.idle_timeout_s = idle_timeout_s
        """A keep-alive connection idle this long between requests is closed, as real servers do
        (crawlers keep one tunnel per host: thousands of hosts would otherwise exhaust descriptors)."""
        self._rdap = rdap_handler
        self._reach: dict[str, tuple[str, str | None]] = {}
        self._ip_sites: dict[str, str] | None = None
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._date = DateCache()
        self.host = ""
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = await asyncio.start_server(self._on_client, host, port, limit=HEAD_LIMIT,
                                                  backlog=1024, reuse_address=True)
        self.host, self.port = self._server.sockets[0].getsockname()[:2]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    # -- target resolution ------------------------------------------------------------------

    def _target(self, host: str) -> tuple[str, str | None]:
        """(outcome, site_dir) for a host at this vantage, cached (a corpus never changes)."""
        cached = self._reach.get(host)
        if cached is None and is_ip(host):
            cached = self._ip_target(host)
            self._reach[host] = cached
        if cached is None:
            try:
                outcome = self.corpus.reach(host, self.vantage).outcome
            except Exception:  # a name the corpus cannot even parse does not resolve
                outcome = "nxdomain"
            site = self.corpus.site_dir(host) if outcome == "ok" else None
            if outcome == "ok" and site is None:
                # Registry services are simweb's own unless the corpus gives them a folder.
                is_registry = getattr(self.corpus, "is_registry_host", lambda h: h in RDAP_HOSTS)(host)
                outcome = "rdap" if is_registry and self._rdap is not None else "refused"
            cached = (outcome, str(site) if site is not None else None)
            self._reach[host] = cached
        return cached

    def _ip_target(self, ip: str) -> tuple[str, str | None]:
        """An address literal reaches the site whose (intl or this vantage's) addresses include it.

        No DNS is involved, so no dns_error: an address no corpus site answers on is refused.
        Several sites on one address (virtual hosts) → the first by name, as a default vhost.
        """
        if self._ip_sites is None:
            table: dict[str, str] = {}
            sites = getattr(self.corpus, "sites", {})
            for name in sorted(sites):
                for vantage in dict.fromkeys((self.vantage, "intl")):
                    try:
                        reach = self.corpus.reach(name, vantage)
                    except Exception:
                        continue
                    if reach.outcome == "ok":
                        for addr in reach.addresses:
                            table.setdefault(ipaddress.ip_address(addr).compressed, str(sites[name]))
            self._ip_sites = table
        site = self._ip_sites.get(ipaddress.ip_address(ip).compressed)
        return ("ok", site) if site is not None else ("refused", None)

    async def _failure(self, outcome: str) -> tuple[int, str] | None:
        """``(status, Proxy-Status)`` for a failed reach, after the DNS wait; None if reachable."""
        if outcome in ("ok", "rdap"):
            return None
        if outcome in ("nxdomain", "servfail"):
            return 502, f"simweb; error=dns_error; rcode={outcome.upper()}"
        if outcome == "no_address":  # NOERROR but no A/AAAA: getaddrinfo fails all the same
            return 502, "simweb; error=dns_error; rcode=NOERROR"
        if outcome in ("dns_timeout", "timeout"):
            await asyncio.sleep(self.dns_timeout_s)
            return 504, "simweb; error=dns_timeout"
        return 502, "simweb; error=connection_refused"

    # -- connection handling ----------------------------------------------------------------

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        sock = writer.get_extra_info("socket")
        try:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            await self._serve(reader, writer, sock, tunnel=None)
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError, OSError):
            pass
        except asyncio.CancelledError:
            # Shutdown ends the connection here, and the task ends normally: asyncio's stream
            # server (Python 3.11) calls exception() on a cancelled connection task and prints
            # the CancelledError as an unhandled traceback at every stop with a held connection.
            writer.transport.abort()
        except Exception:  # a bug must cost one connection, never the proxy; but say so
            log.exception("simweb proxy (%s): connection failed", self.vantage)
            writer.transport.abort()
        finally:
            self._writers.discard(writer)
            if not writer.transport.is_closing():
                writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sock: Any,
                     tunnel: tuple[str, int, str] | None) -> None:
        """Answer requests on one connection until it closes; ``tunnel`` = (host, port, scheme)."""
        loop = asyncio.get_running_loop()
        while True:
            idle = loop.call_later(self.idle_timeout_s, writer.transport.close)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                return
            except asyncio.LimitOverrunError:
                self._simple(writer, 431, "request header too large", close=True)
                return
            finally:
                idle.cancel()
            head = head.lstrip(b"\r\n")  # tolerate stray CRLFs between requests
            try:
                req = parse_head(head)
                await self._discard_body(reader, writer, req)
                if req.method == "CONNECT" and tunnel is None:
                    await self._connect(reader, writer, sock, req)
                    return
                host, port, scheme, target = self._locate(req, tunnel)
            except BadRequest as exc:
                self._simple(writer, exc.status, exc.reason, close=True)
                return
            close = req.wants_close()
            keep = await self._respond(reader, writer, sock, req, (host, port, scheme, target), close)
            if not keep:
                return

    async def _discard_body(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                            req: Request) -> None:
        te = req.headers.get("transfer-encoding", "").lower()
        cl = req.headers.get("content-length")
        if not te and not cl:
            return
        if req.headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if te:
            if te != "chunked":
                raise BadRequest(501, "unsupported transfer-encoding")
            while True:
                line = await reader.readuntil(b"\r\n")
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError as exc:
                    raise BadRequest() from exc
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":
                        pass
                    return
                await self._skip(reader, size + 2)
        assert cl is not None
        if not cl.isdigit():
            raise BadRequest()
        await self._skip(reader, int(cl))

    @staticmethod
    async def _skip(reader: asyncio.StreamReader, remaining: int) -> None:
        """Read and drop ``remaining`` bytes without ever holding more than a chunk."""
        while remaining > 0:
            chunk = await reader.read(min(remaining, CHUNK))
            if not chunk:
                raise asyncio.IncompleteReadError(b"", remaining)
            remaining -= len(chunk)

    def _locate(self, req: Request, tunnel: tuple[str, int, str] | None) -> tuple[str, int, str, str]:
        """(host, port, scheme, origin-form target) for a non-CONNECT request."""
        target = req.target
        if target.startswith("/"):
            if tunnel is not None:
                return tunnel[0], tunnel[1], tunnel[2], target
            authority = req.headers.get("host")
            if not authority:
                raise BadRequest(400, "origin-form request without Host")
            host, port = split_authority(authority, 80)
            return host, port, "http", target
        if target == "*":
            raise BadRequest(400, "asterisk-form not supported")
        scheme, sep, rest = target.partition("://")
        scheme = scheme.lower()
        if not sep or scheme not in ("http", "https"):
            raise BadRequest(400, "absolute-form http(s) URL expected")
        slash = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
        authority, path = rest[:slash], rest[slash:]
        if path.startswith("?"):
            path = "/" + path
        host, port = split_authority(authority, 443 if scheme == "https" else 80)
        return host, port, scheme, path or "/"

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sock: Any,
                       req: Request) -> None:
        host, port = split_authority(req.target, 443)
        outcome = "refused" if port not in (80, 443) else self._target(host)[0]
        failure = await self._failure(outcome)
        self._log(f"CONNECT {host}:{port} {failure[0] if failure else 200}")
        if failure is not None:
            self._simple(writer, failure[0], failure[1], proxy_status=failure[1], close=True)
            await writer.drain()
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        if port == 80:
            await self._serve(reader, writer, sock, tunnel=(host, port, "http"))
            return
        try:
            await writer.start_tls(self.ca.context_for(host), ssl_handshake_timeout=30)
        except Exception:  # the client refused our certificate, or went away
            writer.transport.abort()
            return
        await self._serve(reader, writer, sock, tunnel=(host, port, "https"))

    async def _respond(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sock: Any,
                       req: Request, where: tuple[str, int, str, str], close: bool) -> bool:
        """Answer one request at ``where`` = (host, port, scheme, target); return whether to keep going."""
        host, port, scheme, target = where
        outcome, site = ("refused", None) if port not in (80, 443) else self._target(host)
        failure = await self._failure(outcome)
        if failure is not None:
            self._log(f"{req.method} {scheme}://{host}{target} {failure[0]}")
            self._simple(writer, failure[0], failure[1], proxy_status=failure[1], close=close,
                         head_only=req.method == "HEAD")
            return not close
        if outcome == "rdap":
            assert self._rdap is not None
            status, headers, body = self._rdap(host, target, self.corpus)
            if isinstance(body, str):
                body = body.encode("utf-8")
            items = list(headers.items()) if isinstance(headers, dict) else list(headers or [])
            plan = Plan(status=status, body=body, size=len(body),
                        headers=[(str(k), str(v)) for k, v in items
                                 if str(k).lower() not in ("content-length", "connection", "transfer-encoding")])
        else:
            assert site is not None
            plan = self.router.plan(site, target, req.headers.get("accept-language"), self.vantage)
            if req.method == "OPTIONS" and "access-control-request-method" in req.headers:
                plan = _preflight(plan, req)
        self._log(f"{req.method} {scheme}://{host}{target} {plan.status}{' ' + plan.fault if plan.fault else ''}")
        if plan.delay_ms > 0:
            await asyncio.sleep(plan.delay_ms / 1000)
        if plan.fault == "reset":
            self._reset(writer, sock)
            return False
        if plan.fault == "timeout":
            await self._hold(reader)
            return False
        # A truncation looks like a transfer cut short, so the head promises nothing unusual.
        head = self._head(plan.status, plan.headers, plan.size, close, keep_alive=req.version == "HTTP/1.0")
        if plan.fault == "truncate" and req.method == "HEAD":
            writer.write(head)
            await writer.drain()
            return False
        if req.method == "HEAD":
            writer.write(head)
        elif plan.fault == "truncate":
            half = plan.size // 2
            writer.write(head)
            await self._write_body(writer, plan, limit=half)
            await writer.drain()
            return False
        elif plan.body is not None:
            writer.write(head + plan.body)
        else:
            writer.write(head)
            await self._write_body(writer, plan, limit=plan.size)
        if writer.transport.get_write_buffer_size() > CHUNK:
            await writer.drain()
        if close:
            await writer.drain()
        return not close

    async def _write_body(self, writer: asyncio.StreamWriter, plan: Plan, limit: int) -> None:
        if plan.body is not None:
            writer.write(plan.body[:limit])
            return
        assert plan.file is not None
        with open(plan.file, "rb") as fh:
            remaining = limit
            while remaining > 0:
                chunk = fh.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                writer.write(chunk)
                await writer.drain()

    # -- faults -----------------------------------------------------------------------------

    @staticmethod
    def _reset(writer: asyncio.StreamWriter, sock: Any) -> None:
        """Close with an RST (SO_LINGER 0) and no answer."""
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    @staticmethod
    async def _hold(reader: asyncio.StreamReader) -> None:
        """Never answer: keep the connection until the client gives up (or the proxy stops)."""
        while True:
            data = await reader.read(CHUNK)
            if not data:
                return

    # -- writing ----------------------------------------------------------------------------

    def _head(self, status: int, headers: list[tuple[str, str]], size: int, close: bool,
              keep_alive: bool = False) -> bytes:
        """Status line and headers; ``keep_alive`` announces persistence to an HTTP/1.0 client."""
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Unknown')}\r\n"]
        have_date = False
        for name, value in headers:
            if name.lower() == "date":
                have_date = True
            lines.append(f"{name}: {value}\r\n")
        if not have_date:
            lines.append(f"Date: {self._date.get()}\r\n")
        lines.append(f"Content-Length: {size}\r\n")
        if close:
            lines.append("Connection: close\r\n")
        elif keep_alive:
            lines.append("Connection: keep-alive\r\n")
        lines.append("\r\n")
        return "".join(lines).encode("latin-1", "replace")

    def _simple(self, writer: asyncio.StreamWriter, status: int, text: str, *, proxy_status: str | None = None,
                close: bool, head_only: bool = False) -> None:
        body = f"{status} {REASONS.get(status, '')}: {text}\n".encode()
        headers = [("Content-Type", "text/plain; charset=utf-8")]
        if proxy_status:
            headers.append(("Proxy-Status", proxy_status))
        writer.write(self._head(status, headers, len(body), close) + (b"" if head_only else body))

    def _log(self, line: str) -> None:
        if self.access_log is not None:
            self.access_log(f"[{self.vantage}] {line}")


def main(argv: list[str] | None = None) -> None:
    """``python -m simweb.proxy CORPUS [--vantage cn] [--port N]``: one proxy alone, for debugging.

    Prints ``proxy_url ca_cert`` on one line, then serves until interrupted. The whole
    simulated internet (both vantages, DNS) is ``exscout simweb serve``.
    """
    import argparse
    import tempfile
    from pathlib import Path

    from simweb.corpus import Corpus

    parser = argparse.ArgumentParser(prog="python -m simweb.proxy", description=main.__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--vantage", choices=("intl", "cn"), default="intl")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dns-timeout", type=float, default=5.0)
    parser.add_argument("--access-log", action="store_true")
    args = parser.parse_args(argv)

    async def run(state: str) -> None:
        try:
            from simweb.rdap import handle as rdap_handle
        except ImportError:  # pragma: no cover
            rdap_handle = None
        ca = CertificateAuthority(Path(state))
        proxy = Proxy(Corpus.load(args.corpus), args.vantage, ca, dns_timeout_s=args.dns_timeout,
                      rdap_handler=rdap_handle, access_log=print if args.access_log else None)
        await proxy.start(args.host, args.port)
        print(proxy.url, ca.ca_cert_path, flush=True)
        await asyncio.Event().wait()

    with tempfile.TemporaryDirectory(prefix="simweb-proxy-") as state, contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(state))


if __name__ == "__main__":
    main()
