"""simweb's certificate authority: one CA minted at start, leaf certificates minted per host.

Why this shape:
- Nothing is committed: the CA key lives only in memory and ``ca.pem`` (the public
  certificate) is written to a state directory so curl, urllib and Scrapy can trust it.
- Every leaf shares ONE private key. Chromium cannot be given a CA without touching the
  system trust store, but it can be told to accept any chain whose leaf has a known public
  key (``--ignore-certificate-errors-spki-list``). One key means one SPKI hash for all
  hosts; :attr:`CertificateAuthority.spki_sha256` is that value.
- Leaves are issued lazily (the proxy learns the host from the CONNECT line) and their
  ``ssl.SSLContext`` is cached, since building a context costs more than a TLS handshake
  (1-2 ms: 10,000 hosts would cost the proxy tens of seconds). Hosts known in advance (a
  corpus's site folders) are therefore grouped: one leaf names :data:`GROUP_SIZE` of them in
  its SAN list, so one context serves the whole group.
- The cache is an LRU of at most ``max_contexts`` contexts (:data:`MAX_CONTEXTS` by default,
  ~25 KB each), so a long run over many hosts stays bounded in memory; an evicted host gets a
  freshly signed leaf on its next CONNECT, with the same key (so the same SPKI pin) and the
  same CA. ``ssl`` can only load a chain from a file, so each leaf goes through a private
  temporary file in ``leaves/`` that is deleted as soon as it is loaded: the state
  directory holds ``ca.pem`` and ``leaf-key.pem``, not one file per host.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import os
import re
import ssl
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_SAFE = re.compile(r"[^A-Za-z0-9._-]")
GROUP_SIZE = 32
"""Known hosts per leaf: 50x fewer contexts to build, at ~1 KB more certificate per handshake."""
MAX_CONTEXTS = 2048
"""Default LRU bound on cached server contexts (one per host group): ~50 MB, 65,000 grouped hosts."""


class CertificateAuthority:
    """A throwaway CA plus a shared leaf key; issues per-host server contexts, caching the most recent."""

    def __init__(self, state_dir: Path, name: str = "simweb offline CA",
                 known_hosts: Iterable[str] = (), max_contexts: int = MAX_CONTEXTS) -> None:
        if max_contexts < 1:
            raise ValueError("max_contexts must be at least 1")
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._leaves_dir = self.state_dir / "leaves"
        self._leaves_dir.mkdir(exist_ok=True)
        self.max_contexts = max_contexts
        self._lock = threading.Lock()
        # LRU keyed by the group's first host (or the host itself): least recently used first.
        self._contexts: OrderedDict[str, ssl.SSLContext] = OrderedDict()
        self._groups: dict[str, tuple[str, ...]] = {}
        hosts = sorted({h.lower().rstrip(".") for h in known_hosts})
        for i in range(0, len(hosts), GROUP_SIZE):
            group = tuple(hosts[i:i + GROUP_SIZE])
            for host in group:
                self._groups[host] = group
        now = dt.datetime.now(dt.UTC)
        self._not_before = now - dt.timedelta(days=1)
        self._not_after = now + dt.timedelta(days=365)

        self._ca_key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "simweb"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        ca_ski = x509.SubjectKeyIdentifier.from_public_key(self._ca_key.public_key())
        self._ca_cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self._ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self._not_before)
            .not_valid_after(self._not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                              data_encipherment=False, key_agreement=False, key_cert_sign=True,
                              crl_sign=True, encipher_only=False, decipher_only=False),
                critical=True)
            .add_extension(ca_ski, critical=False)
            .sign(self._ca_key, hashes.SHA256())
        )
        self._ca_aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski)
        self._ca_pem = self._ca_cert.public_bytes(serialization.Encoding.PEM)
        self.ca_cert_path = self.state_dir / "ca.pem"
        self.ca_cert_path.write_bytes(self._ca_pem)

        self._leaf_key = ec.generate_private_key(ec.SECP256R1())
        self.leaf_key_path = self.state_dir / "leaf-key.pem"
        self.leaf_key_path.write_bytes(self._leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        spki = self._leaf_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.spki_sha256: str = base64.b64encode(hashlib.sha256(spki).digest()).decode()
        """Base64 SHA-256 of the leaf SubjectPublicKeyInfo, as Chromium's SPKI flag wants it."""

    def _issue(self, host: str, group: tuple[str, ...] = ()) -> bytes:
        """A signed leaf for ``host`` (SANs ``host`` + ``group``) followed by the CA, as PEM."""
        sans: list[x509.GeneralName] = []
        for name in dict.fromkeys((host, *group)):
            try:
                sans.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                sans.append(x509.DNSName(name))
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, (group or (host,))[0][:64] or "simweb")]))
            .issuer_name(self._ca_cert.subject)
            .public_key(self._leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self._not_before)
            .not_valid_after(self._not_after)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(self._ca_aki, critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self._leaf_key.public_key()),
                           critical=False)
            .sign(self._ca_key, hashes.SHA256())
        )
        return cert.public_bytes(serialization.Encoding.PEM) + self._ca_pem

    def _build(self, host: str, group: tuple[str, ...]) -> ssl.SSLContext:
        """A fresh server context for ``host``/``group``; its chain passes through a private temp file."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        fd, tmp = tempfile.mkstemp(prefix=f"{_SAFE.sub('_', host)[:64]}.", suffix=".pem", dir=self._leaves_dir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(self._issue(host, group))
            ctx.load_cert_chain(tmp, self.leaf_key_path)
        finally:
            os.unlink(tmp)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    @property
    def cached_contexts(self) -> int:
        """How many server contexts the LRU holds now (never more than ``max_contexts``)."""
        return len(self._contexts)

    def context_for(self, host: str) -> ssl.SSLContext:
        """A server-side context presenting a leaf for ``host`` (HTTP/1.1 only via ALPN).

        Thread-safe. Cached per host group in an LRU of ``max_contexts``; a miss (first use,
        or the group was evicted) signs a new leaf with the shared key, about 1-2 ms.
        """
        host = host.lower().rstrip(".")
        group = self._groups.get(host, ())
        key = group[0] if group else host
        with self._lock:
            ctx = self._contexts.get(key)
            if ctx is not None:
                self._contexts.move_to_end(key)
                return ctx
            # Built under the lock: concurrent misses for one group must not sign twice, and the
            # proxy calls this from its single event-loop thread anyway.
            ctx = self._build(host, group)
            self._contexts[key] = ctx
            while len(self._contexts) > self.max_contexts:
                self._contexts.popitem(last=False)
        return ctx
