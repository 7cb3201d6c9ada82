"""A real fault-injecting HTTPS forward proxy for RDAP tests (stdlib server + trustme).

ipwhois fetches ``https://rdap.<rir>/...`` through the urllib opener it is given. This proxy
accepts the opener's CONNECT, terminates TLS with a trustme certificate for the RIR names,
and answers each request either with the next planned fault status (429, 503, ...) or by
relaying it upstream (to simweb through simweb's own opener). So the retry logic is
exercised by real HTTP errors raised inside real ipwhois, not by a patched function.
"""

from __future__ import annotations

import json
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

import trustme

RIR_HOSTS = ("rdap.arin.net", "rdap.apnic.net", "rdap.db.ripe.net", "rdap.lacnic.net", "rdap.afrinic.net")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_CONNECT(self) -> None:
        self.send_response(200, "Connection established")
        self.end_headers()
        tls = self.server.tls.wrap_socket(self.connection, server_side=True)
        self.connection = tls
        self.rfile = tls.makefile("rb")
        self.wfile = tls.makefile("wb")
        self.tunnel_host = self.path.rsplit(":", 1)[0]
        self.close_connection = False

    def do_GET(self) -> None:
        host = getattr(self, "tunnel_host", None) or urlsplit(self.path).hostname or ""
        path = self.path if getattr(self, "tunnel_host", None) else urlsplit(self.path).path
        status = self.server.next_fault()
        if status is not None:
            body = json.dumps({"errorCode": status, "title": "injected fault"}).encode()
        else:
            request = urllib.request.Request(
                f"https://{host}{path}", headers={"Accept": "application/rdap+json"}
            )
            try:
                with self.server.upstream.open(request, timeout=5) as response:
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read()
        self.server.log.append((host, path, status))
        self.send_response(status)
        self.send_header("Content-Type", "application/rdap+json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        plan: list[int] | None,
        repeat: int | None,
        upstream: urllib.request.OpenerDirector,
        tls: ssl.SSLContext,
    ):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.plan = list(plan or [])
        self.repeat = repeat
        self.upstream = upstream
        self.tls = tls
        self.log: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()

    def next_fault(self) -> int | None:
        with self._lock:
            if self.plan:
                return self.plan.pop(0)
            return self.repeat


class FaultProxy:
    """``with FaultProxy(upstream, plan=[429]) as fp: fp.opener()`` — faults first, then relay.

    ``plan``: statuses answered to the first requests, in order; ``repeat``: status answered
    to every later request (None = relay upstream).
    """

    def __init__(
        self,
        upstream: urllib.request.OpenerDirector,
        plan: list[int] | None = None,
        repeat: int | None = None,
    ):
        self.ca = trustme.CA()
        cert = self.ca.issue_cert(*RIR_HOSTS)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(tls)
        self.server = _Server(plan, repeat, upstream, tls)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def log(self) -> list[tuple[str, str, int]]:
        return self.server.log

    def opener(self) -> urllib.request.OpenerDirector:
        """A urllib opener through this proxy that trusts its certificates (what ipwhois gets)."""
        ctx = ssl.create_default_context()
        self.ca.configure_trust(ctx)
        return urllib.request.build_opener(
            urllib.request.ProxyHandler({"http": self.url, "https": self.url}),
            urllib.request.HTTPSHandler(context=ctx),
        )

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


def statuses(log: list[tuple[str, str, int]]) -> Iterator[int]:
    return (s for _, _, s in log)
