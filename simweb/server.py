"""Run a whole simulated internet for one corpus: per vantage a forward proxy and a DNS server.

:class:`SimWeb` owns one asyncio loop in a background thread, so tests and the CLI can use
it from ordinary synchronous code (``with SimWeb(path) as web: web.endpoints``). Sockets are
bound in :meth:`SimWeb.start` before it returns: the endpoints it reports are ready to use.

``port_base=N`` fixes the ports (intl proxy N, intl DNS N+1, cn proxy N+2, cn DNS N+3) for
people who want stable addresses; the default 0 takes ephemeral ports (tests run in parallel).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from simweb.ca import CertificateAuthority
from simweb.proxy import Proxy
from simweb.routes import Router

VANTAGES = ("intl", "cn")


@dataclass(frozen=True)
class VantageEndpoints:
    """Where a client at one vantage finds the internet: a proxy URL and a DNS server."""

    proxy_url: str
    dns_host: str
    dns_port: int

    def to_dict(self) -> dict[str, Any]:
        return {"proxy_url": self.proxy_url, "dns_host": self.dns_host, "dns_port": self.dns_port}


@dataclass(frozen=True)
class Endpoints:
    """Both vantages plus what a client needs to trust simweb's TLS (CA file, leaf SPKI hash)."""

    intl: VantageEndpoints
    cn: VantageEndpoints
    ca_cert: Path
    spki_sha256: str

    def vantage(self, name: str) -> VantageEndpoints:
        """The endpoints of ``"intl"`` or ``"cn"``."""
        if name not in VANTAGES:
            raise ValueError(f"unknown vantage {name!r} (expected one of {', '.join(VANTAGES)})")
        return self.intl if name == "intl" else self.cn

    def to_dict(self) -> dict[str, Any]:
        return {"intl": self.intl.to_dict(), "cn": self.cn.to_dict(), "ca_cert": str(self.ca_cert),
                "spki_sha256": self.spki_sha256}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Endpoints:
        """Rebuild from :meth:`to_dict` output (e.g. the JSON ``exscout simweb serve`` prints)."""
        return cls(intl=VantageEndpoints(**data["intl"]), cn=VantageEndpoints(**data["cn"]),
                   ca_cert=Path(data["ca_cert"]), spki_sha256=data["spki_sha256"])

    @classmethod
    def from_json(cls, text: str) -> Endpoints:
        return cls.from_dict(json.loads(text))


def _raise_fd_limit() -> None:
    """Lift the soft descriptor limit to the hard one: a crawl keeps a tunnel per host open."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else
                                                        max(soft, 65536), hard))
    except (ImportError, ValueError, OSError):
        pass


class SimWeb:
    """Serves a corpus from both vantages on one loop in a background thread.

    ``dns_timeout_s`` is how long the proxy (and the DNS servers' clients, by never being
    answered) wait for a name whose rcode is ``TIMEOUT``; tests set it short.
    ``state_dir`` receives ``ca.pem`` and the leaf certificates (a temporary directory,
    removed on stop, when not given).

    ``process=True`` runs the servers in a child process (``python -m simweb serve``) instead
    of a thread: same endpoints, but no GIL shared with the caller, which matters when the
    caller is itself busy (a Scrapy crawl and Chromium driving in the same process).
    """

    def __init__(self, corpus_path: str | Path, host: str = "127.0.0.1", port_base: int = 0,
                 dns_timeout_s: float = 5.0, state_dir: str | Path | None = None,
                 access_log: Callable[[str], None] | None = None, process: bool = False) -> None:
        from simweb.corpus import Corpus

        self.corpus_path = Path(corpus_path)
        self.corpus = Corpus.load(self.corpus_path)
        self.host = host
        self.port_base = port_base
        self.dns_timeout_s = dns_timeout_s
        self.access_log = access_log
        self.process = process
        self._child: subprocess.Popen[bytes] | None = None
        self._own_state = state_dir is None
        self.state_dir = Path(state_dir) if state_dir is not None else Path(tempfile.mkdtemp(prefix="simweb-"))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._proxies: dict[str, Proxy] = {}
        self._dns: dict[str, Any] = {}
        self._endpoints: Endpoints | None = None
        self.ca: CertificateAuthority | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Endpoints:
        """Bind every socket and start serving; returns the endpoints (idempotent)."""
        if self._endpoints is not None:
            return self._endpoints
        if self.process:
            return self._start_child()
        _raise_fd_limit()
        self.ca = CertificateAuthority(self.state_dir, known_hosts=self.corpus.sites)
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()

        self._loop = loop
        self._thread = threading.Thread(target=run, name=f"simweb-{self.corpus.name}", daemon=True)
        self._thread.start()
        ready.wait()
        try:
            asyncio.run_coroutine_threadsafe(self._start(), loop).result(timeout=60)
        except BaseException:
            self.stop()
            raise
        return self.endpoints

    async def _start(self) -> None:
        from simweb.dns_server import DnsServer

        try:
            from simweb.rdap import handle as rdap_handle
        except ImportError:  # pragma: no cover - rdap is part of simweb; tolerate a partial tree
            rdap_handle = None
        assert self.ca is not None
        router = Router()
        for i, vantage in enumerate(VANTAGES):
            base = self.port_base + 2 * i if self.port_base else 0
            proxy = Proxy(self.corpus, vantage, self.ca, router=router, dns_timeout_s=self.dns_timeout_s,
                          rdap_handler=rdap_handle, access_log=self.access_log)
            await proxy.start(self.host, base)
            self._proxies[vantage] = proxy
            dns = DnsServer(self.corpus, vantage, self.host, port=base + 1 if base else 0)
            await dns.start()
            self._dns[vantage] = dns
        self._endpoints = Endpoints(
            intl=self._vantage_endpoints("intl"), cn=self._vantage_endpoints("cn"),
            ca_cert=self.ca.ca_cert_path, spki_sha256=self.ca.spki_sha256)

    def _vantage_endpoints(self, vantage: str) -> VantageEndpoints:
        return VantageEndpoints(proxy_url=self._proxies[vantage].url, dns_host=self.host,
                                dns_port=int(self._dns[vantage].port))

    async def _stop(self) -> None:
        for dns in self._dns.values():
            with contextlib.suppress(Exception):
                await dns.stop()
        for proxy in self._proxies.values():
            with contextlib.suppress(Exception):
                await proxy.stop()
        self._dns.clear()
        self._proxies.clear()
        # Connections still open (a held "timeout" fault, an idle tunnel) end here, not at GC.
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)

    def _start_child(self) -> Endpoints:
        """Run ``python -m simweb serve`` and read the endpoints JSON it prints first."""
        cmd = [sys.executable, "-m", "simweb", "serve", str(self.corpus_path), "--host", self.host,
               "--port-base", str(self.port_base), "--dns-timeout", str(self.dns_timeout_s),
               "--state-dir", str(self.state_dir)]
        if self.access_log is not None:
            cmd.append("--access-log")  # the child's access log goes to this process's stderr
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None,
                                 env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._child = child
        assert child.stdout is not None
        fd = child.stdout.fileno()
        data, deadline = b"", time.monotonic() + 60
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:  # raw reads: a buffered reader would hide data from select()
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(timeout=left):
                    self.stop()
                    raise RuntimeError("simweb child process printed no endpoints within 60 s")
                chunk = os.read(fd, 65536)
                if not chunk:
                    code = child.wait()
                    self.stop()
                    raise RuntimeError(f"simweb child process exited ({code}) before serving")
                data += chunk
                try:
                    self._endpoints = Endpoints.from_json(data.decode())
                    return self._endpoints
                except ValueError:
                    continue

    def stop(self) -> None:
        """Close every socket, stop the loop thread (or child), remove a temporary state directory."""
        child, self._child = self._child, None
        if child is not None:
            if child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
            if child.stdout is not None:
                child.stdout.close()
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._stop(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            if not thread.is_alive():
                loop.close()
        self._loop = self._thread = None
        self._endpoints = None
        if self._own_state:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    @property
    def endpoints(self) -> Endpoints:
        if self._endpoints is None:
            raise RuntimeError("SimWeb is not started")
        return self._endpoints

    def __enter__(self) -> SimWeb:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
