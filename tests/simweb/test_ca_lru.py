"""The CA's context cache is a bounded LRU (performance.md F11): memory and disk stay flat over
many hosts, and a host whose context was evicted gets a fresh leaf that still verifies against
the same ``ca.pem`` and carries the same pinned key."""

from __future__ import annotations

import base64
import hashlib
import ssl
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from simweb.ca import GROUP_SIZE, MAX_CONTEXTS, CertificateAuthority


def _handshake(server_ctx: ssl.SSLContext, ca: CertificateAuthority, host: str) -> x509.Certificate:
    """A real, verifying TLS handshake (client trusts only ``ca.pem``, checks ``host``) over memory BIOs."""
    client_ctx = ssl.create_default_context(cafile=str(ca.ca_cert_path))
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client = client_ctx.wrap_bio(c_in, c_out, server_hostname=host)
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    done = {"client": False, "server": False}
    for _ in range(20):
        for name, obj in (("client", client), ("server", server)):
            if not done[name]:
                try:
                    obj.do_handshake()
                    done[name] = True
                except ssl.SSLWantReadError:
                    pass
        s_in.write(c_out.read())
        c_in.write(s_out.read())
        if all(done.values()):
            break
    assert all(done.values()), done
    client.write(b"ping")
    s_in.write(c_out.read())
    assert server.read(4) == b"ping"
    return x509.load_der_x509_certificate(client.getpeercert(binary_form=True))


def _spki_b64(cert: x509.Certificate) -> str:
    spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_cache_never_exceeds_its_bound(tmp_path: Path) -> None:
    ca = CertificateAuthority(tmp_path, max_contexts=8)
    for i in range(40):
        ca.context_for(f"host{i}.example")
        assert ca.cached_contexts <= 8
    assert ca.cached_contexts == 8
    assert MAX_CONTEXTS >= 1024  # the default bounds memory, yet covers a big run's working set


def test_lru_keeps_the_recently_used_and_evicts_the_oldest(tmp_path: Path) -> None:
    ca = CertificateAuthority(tmp_path, max_contexts=2)
    a = ca.context_for("a.example")
    b = ca.context_for("b.example")
    assert ca.context_for("A.example.") is a  # a hit (names are normalised) makes "a" most recent
    ca.context_for("c.example")  # evicts "b", the least recently used
    assert ca.context_for("a.example") is a
    assert ca.context_for("b.example") is not b  # re-issued


def test_a_group_is_one_cache_entry(tmp_path: Path) -> None:
    hosts = [f"g{i}.example" for i in range(GROUP_SIZE)]
    ca = CertificateAuthority(tmp_path, known_hosts=hosts, max_contexts=2)
    ctx = ca.context_for(hosts[0])
    assert all(ca.context_for(h) is ctx for h in hosts)
    assert ca.cached_contexts == 1


def test_evicted_host_gets_a_working_leaf_from_the_same_ca(tmp_path: Path) -> None:
    group = [f"site{i}.example" for i in range(GROUP_SIZE)]
    ca = CertificateAuthority(tmp_path, known_hosts=group, max_contexts=3)
    ca_pem = ca.ca_cert_path.read_bytes()
    first = {h: _handshake(ca.context_for(h), ca, h) for h in ("lone.example", group[5], "127.0.0.1")}
    for i in range(10):  # push all three out
        ca.context_for(f"filler{i}.example")
    for host, old_leaf in first.items():
        ctx = ca.context_for(host)
        leaf = _handshake(ctx, ca, host)  # verifies chain to ca.pem and the hostname / IP
        assert leaf.serial_number != old_leaf.serial_number  # genuinely re-issued
        assert leaf.issuer == old_leaf.issuer
        assert _spki_b64(leaf) == _spki_b64(old_leaf) == ca.spki_sha256  # Chromium's pin still holds
    assert ca.ca_cert_path.read_bytes() == ca_pem
    # a re-issued group leaf still names the whole group
    assert _handshake(ca.context_for(group[7]), ca, group[7])
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(ca.context_for("lone.example"), ca, "other.example")


def test_state_directory_stays_bounded(tmp_path: Path) -> None:
    ca = CertificateAuthority(tmp_path, max_contexts=4)
    before = _files(tmp_path)
    for i in range(60):
        ca.context_for(f"host{i}.example")
    assert _files(tmp_path) == before == [tmp_path / "ca.pem", tmp_path / "leaf-key.pem"]


def test_concurrent_callers(tmp_path: Path) -> None:
    """Several threads missing and hitting at once: no error, no leftover files, bound held,
    and every context they got serves a verifying handshake."""
    ca = CertificateAuthority(tmp_path, max_contexts=5)
    got: list[tuple[str, ssl.SSLContext]] = []
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(30):
                host = f"h{(i * 7 + t) % 12}.example"
                got.append((host, ca.context_for(host)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ca.cached_contexts <= 5
    assert not list((tmp_path / "leaves").iterdir())
    for host, ctx in got[::15]:
        _handshake(ctx, ca, host)


def test_bound_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        CertificateAuthority(tmp_path, max_contexts=0)
