"""An in-process guard that refuses every socket connection outside loopback.

The test and demo runs also live in a network namespace with only loopback
(scripts/offline); this guard is the second layer, and it turns an attempt into
a clear error naming the address instead of a silent timeout.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any


class OutsideLoopbackError(ConnectionRefusedError):
    """Raised when code tries to reach an address outside loopback while the guard is on."""


_original: dict[str, Callable[..., Any]] = {}


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like never leave the machine
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name: resolving it is the caller's job, connecting to it by name is refused


def _check(address: Any) -> None:
    if not _is_loopback(address):
        raise OutsideLoopbackError(f"network guard: connection to {address!r} refused (loopback only)")


def install() -> None:
    """Patch socket connect/sendto so only loopback is reachable from this process."""
    if _original:
        return
    _original["connect"] = socket.socket.connect
    _original["connect_ex"] = socket.socket.connect_ex
    _original["sendto"] = socket.socket.sendto

    def connect(self: socket.socket, address: Any) -> Any:
        _check(address)
        return _original["connect"](self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        _check(address)
        return _original["connect_ex"](self, address)

    def sendto(self: socket.socket, data: bytes, *args: Any) -> Any:
        _check(args[-1])
        return _original["sendto"](self, data, *args)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign]


def uninstall() -> None:
    for name, func in _original.items():
        setattr(socket.socket, name, func)
    _original.clear()
