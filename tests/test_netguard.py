import socket

import pytest

from exscout.netguard import OutsideLoopbackError


def test_connection_outside_loopback_is_refused():
    with socket.socket() as s, pytest.raises(OutsideLoopbackError):
        s.connect(("192.0.2.1", 80))


def test_udp_outside_loopback_is_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(OutsideLoopbackError):
        s.sendto(b"x", ("8.8.8.8", 53))


def test_loopback_is_allowed():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
