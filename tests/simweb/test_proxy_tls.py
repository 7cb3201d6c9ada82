"""The proxy's TLS: leaves verify against ca.pem for the CONNECTed name, and all share the pinned key."""

from __future__ import annotations

import base64
import hashlib
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from simweb.ca import GROUP_SIZE, CertificateAuthority
from simweb.server import Endpoints
from simweb.testing import serve

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "routes"


@pytest.fixture(scope="module")
def ep() -> Iterator[Endpoints]:
    with serve(CORPUS) as endpoints:
        yield endpoints


def _leaf(ep: Endpoints, host: str, vantage: str = "intl") -> x509.Certificate:
    """CONNECT, then a verifying TLS handshake for ``host``; returns the leaf presented."""
    addr, port = ep.vantage(vantage).proxy_url.removeprefix("http://").rsplit(":", 1)
    ctx = ssl.create_default_context(cafile=str(ep.ca_cert))
    with socket.create_connection((addr, int(port)), timeout=5) as raw:
        raw.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
        assert raw.recv(4096).startswith(b"HTTP/1.1 200")
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
            assert tls.selected_alpn_protocol() in (None, "http/1.1")
    return x509.load_der_x509_certificate(der)


def _spki_b64(cert: x509.Certificate) -> str:
    spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


@pytest.mark.parametrize("vantage", ["intl", "cn"])
def test_every_leaf_verifies_and_carries_the_pinned_key(ep: Endpoints, vantage: str) -> None:
    hosts = ["www.routes-site.com", "api.routes-site.com", "cnedge.routes-site.com", "rdap.arin.net"]
    for host in hosts:
        leaf = _leaf(ep, host, vantage)
        sans = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert host in sans.get_values_for_type(x509.DNSName)
        assert _spki_b64(leaf) == ep.spki_sha256


def test_handshake_for_another_name_fails_verification(ep: Endpoints) -> None:
    """The leaf names what was CONNECTed to, not everything: a client checking names can tell."""
    with pytest.raises(ssl.SSLCertVerificationError):
        addr, port = ep.intl.proxy_url.removeprefix("http://").rsplit(":", 1)
        ctx = ssl.create_default_context(cafile=str(ep.ca_cert))
        with socket.create_connection((addr, int(port)), timeout=5) as raw:
            raw.sendall(b"CONNECT rdap.arin.net:443 HTTP/1.1\r\nHost: rdap.arin.net:443\r\n\r\n")
            raw.recv(4096)
            ctx.wrap_socket(raw, server_hostname="www.routes-site.com").close()


def test_known_hosts_share_grouped_leaves(tmp_path: Path) -> None:
    hosts = [f"h{i}.example" for i in range(GROUP_SIZE + 3)]
    ca = CertificateAuthority(tmp_path, known_hosts=hosts)
    assert ca.context_for("h0.example") is ca.context_for("h1.example")
    assert ca.context_for("unknown.example") is not ca.context_for("h0.example")
    assert ca.context_for("127.0.0.1") is ca.context_for("127.0.0.1")
    assert ca.cached_contexts == 3  # one group, the unknown host, the IP
    assert list((tmp_path / "leaves").iterdir()) == []  # leaf PEMs are loaded, then deleted
    assert (tmp_path / "ca.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
