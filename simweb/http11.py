"""The bit of HTTP/1.1 simweb's proxy speaks: request heads, authorities, status phrases.

Hand-rolled rather than h11/httptools because the proxy only needs the request line and a
handful of headers, and parsing them with ``str`` methods is the cheapest thing per request
(the proxy's throughput target is thousands of pages a second on two cores). Anything it
cannot parse raises :class:`BadRequest`, which the proxy answers with ``400`` and a close.
"""

from __future__ import annotations

import ipaddress
import time
from email.utils import formatdate
from http import HTTPStatus

REASONS = {s.value: s.phrase for s in HTTPStatus}


class BadRequest(Exception):
    """A request the proxy cannot parse; answered with ``status`` and the connection closed."""

    def __init__(self, status: int = 400, reason: str = "malformed request") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Request:
    """One request head: method, target as sent, version, headers (lower-case names, last wins)."""

    __slots__ = ("headers", "method", "target", "version")

    def __init__(self, method: str, target: str, version: str, headers: dict[str, str]) -> None:
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers

    def wants_close(self) -> bool:
        """HTTP/1.1 persists unless ``Connection: close``; HTTP/1.0 only when keep-alive is asked."""
        conn = self.headers.get("connection", "").lower()
        if "close" in conn:
            return True
        if self.version == "HTTP/1.0":
            return "keep-alive" not in conn and "keep-alive" not in self.headers.get(
                "proxy-connection", "").lower()
        return False


def parse_head(head: bytes) -> Request:
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError as exc:  # pragma: no cover - latin-1 decodes anything
        raise BadRequest() from exc
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[0].isalpha() or not parts[2].startswith("HTTP/1."):
        raise BadRequest()
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest()
        headers[name.lower()] = value.strip()
    return Request(parts[0].upper(), parts[1], parts[2], headers)


def split_authority(authority: str, default_port: int) -> tuple[str, int]:
    """``host[:port]`` (IPv6 in brackets) → lower-case host without trailing dot, port."""
    host, port = authority, default_port
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise BadRequest()
        host, rest = authority[1:end], authority[end + 1:]
        if rest.startswith(":") and rest[1:]:
            port = _port(rest[1:])
    elif authority.count(":") == 1:
        host, _, p = authority.partition(":")
        if p:
            port = _port(p)
    host = host.strip().lower().rstrip(".")
    if not host or any(c in host for c in " /\\@?#"):
        raise BadRequest()
    return host, port


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise BadRequest()
    return int(text)


class DateCache:
    """``Date`` header value, formatted at most once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = ""

    def get(self) -> str:
        now = int(time.time())
        if now != self._second:
            self._second = now
            self._value = formatdate(now, usegmt=True)
        return self._value
