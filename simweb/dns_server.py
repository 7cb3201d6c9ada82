"""simweb's DNS server: one per vantage, answering like a recursive resolver at that vantage.

Clients (dnspython, ipwhois, ``dig``) talk to it exactly as to a real resolver: UDP and TCP on
the same port, CNAME chains spelled out in the answer section, a synthesised SOA in the
authority section of negative answers so negative caching works, the TC bit when a UDP answer
does not fit. All facts come from :class:`simweb.corpus.Corpus` (hosts, ``cn`` overrides) and
:mod:`simweb.cymru` (Team Cymru origin/ASN TXT names); ``TIMEOUT`` names are never answered.

Answers depend only on (name, type, vantage) and the corpus is immutable, so the record sections
are memoised: a hot server spends its time in dnspython's wire parsing and rendering.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from dns.rdtypes.ANY.CNAME import CNAME
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.NS import NS
from dns.rdtypes.ANY.SOA import SOA
from dns.rdtypes.ANY.TXT import TXT
from dns.rdtypes.IN.A import A
from dns.rdtypes.IN.AAAA import AAAA

from simweb import cymru
from simweb.corpus import REGISTRY_HOSTS, Corpus, norm_name

log = logging.getLogger(__name__)

TTL = 300
NEGATIVE_TTL = 60
IN = dns.rdataclass.IN
SUPPORTED = {dns.rdatatype.A: "A", dns.rdatatype.AAAA: "AAAA", dns.rdatatype.CNAME: "CNAME",
             dns.rdatatype.NS: "NS", dns.rdatatype.MX: "MX", dns.rdatatype.TXT: "TXT"}
ANY_TYPES = ("A", "AAAA", "NS", "MX", "TXT")
CACHE_SIZE = 65536
_RCODES = {"NOERROR": dns.rcode.NOERROR, "NXDOMAIN": dns.rcode.NXDOMAIN, "SERVFAIL": dns.rcode.SERVFAIL}


@dataclass(frozen=True)
class Sections:
    """The variable part of a response: rcode (None = never answer), answer and authority rrsets."""

    rcode: int | None
    answer: tuple[dns.rrset.RRset, ...] = ()
    authority: tuple[dns.rrset.RRset, ...] = ()


# ---------------------------------------------------------------- record construction


def _name(text: str) -> dns.name.Name:
    return dns.name.from_text(text)


def _txt_chunks(value: str) -> list[bytes]:
    """A TXT string longer than 255 bytes becomes several character-strings (RFC 1035 3.3.14)."""
    raw = value.encode("utf-8")
    return [raw[i:i + 255] for i in range(0, len(raw), 255)] or [b""]


def _rdata(rtype: str, value: str):
    """One rdata object from a corpus value (built directly: ``from_text`` is slow and quote-fussy)."""
    if rtype == "A":
        return A(IN, dns.rdatatype.A, value)
    if rtype == "AAAA":
        return AAAA(IN, dns.rdatatype.AAAA, value)
    if rtype == "CNAME":
        return CNAME(IN, dns.rdatatype.CNAME, _name(value))
    if rtype == "NS":
        return NS(IN, dns.rdatatype.NS, _name(value))
    if rtype == "MX":
        pref, host = value.split()
        return MX(IN, dns.rdatatype.MX, int(pref), _name(host))
    return TXT(IN, dns.rdatatype.TXT, _txt_chunks(value))


def _rrset(owner: str, rtype: str, values: list[str]) -> dns.rrset.RRset:
    rrset = dns.rrset.RRset(_name(owner), IN, dns.rdatatype.from_text(rtype))
    for value in values:
        rrset.add(_rdata(rtype, value), TTL)
    return rrset


def _soa(name: str) -> dns.rrset.RRset:
    """A synthesised SOA for the zone of ``name`` (its last two labels), for negative answers."""
    zone = ".".join(name.split(".")[-2:]) or "."
    rrset = dns.rrset.RRset(_name(zone), IN, dns.rdatatype.SOA)
    rrset.add(SOA(IN, dns.rdatatype.SOA, _name("ns.simweb.invalid"), _name("hostmaster.simweb.invalid"),
                  1, 3600, 600, 86400, NEGATIVE_TTL), NEGATIVE_TTL)
    return rrset


# ---------------------------------------------------------------- resolution


class Responder:
    """Turns (name, type) into response sections for one corpus and vantage; memoised."""

    def __init__(self, corpus: Corpus, vantage: str) -> None:
        self.corpus = corpus
        self.vantage = vantage
        self._cache: OrderedDict[tuple[str, int], Sections] = OrderedDict()
        self.wire_cache: dict[tuple[bool, bytes], bytes | None] = {}

    def sections(self, qname: str, rdtype: int) -> Sections:
        key = (qname, rdtype)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        result = self._compute(qname, rdtype)
        self._cache[key] = result
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def _known(self, name: str) -> bool:
        return name in self.corpus.hosts or name in REGISTRY_HOSTS

    def _compute(self, qname: str, rdtype: int) -> Sections:
        if not self._known(qname) and cymru.is_cymru_name(qname):
            return self._cymru(qname, rdtype)
        if rdtype == dns.rdatatype.ANY:
            return self._any(qname)
        rtype = SUPPORTED.get(rdtype)
        ans = self.corpus.resolve(qname, rtype or "A", self.vantage)
        if ans.rcode == "TIMEOUT":
            return Sections(None)
        answer = [_rrset(ans.chain[i], "CNAME", [ans.chain[i + 1]]) for i in range(len(ans.chain) - 1)]
        if rtype == "CNAME":
            answer = [_rrset(qname, "CNAME", ans.records)] if ans.records else []
        elif rtype is not None and ans.records:
            answer.append(_rrset(ans.chain[-1], rtype, ans.records))
        rcode = _RCODES[ans.rcode]
        positive = rtype is not None and bool(ans.records)
        authority = () if positive or rcode == dns.rcode.SERVFAIL else (_soa(ans.chain[-1]),)
        return Sections(rcode, tuple(answer), authority)

    def _any(self, qname: str) -> Sections:
        """ANY: every record type at the name itself (no chain following, as RFC 8482 allows)."""
        cname = self.corpus.resolve(qname, "CNAME", self.vantage)
        if cname.rcode != "NOERROR":
            return self._compute(qname, dns.rdatatype.A)
        if cname.records:
            return Sections(dns.rcode.NOERROR, (_rrset(qname, "CNAME", cname.records),))
        answer = []
        for rtype in ANY_TYPES:
            records = self.corpus.resolve(qname, rtype, self.vantage).records
            if records:
                answer.append(_rrset(qname, rtype, records))
        return Sections(dns.rcode.NOERROR, tuple(answer), () if answer else (_soa(qname),))

    def _cymru(self, qname: str, rdtype: int) -> Sections:
        lines = cymru.answer(qname, self.corpus) or []
        if not lines:
            return Sections(dns.rcode.NXDOMAIN, (), (_soa(cymru.ZONE),))
        if rdtype not in (dns.rdatatype.TXT, dns.rdatatype.ANY):
            return Sections(dns.rcode.NOERROR, (), (_soa(cymru.ZONE),))
        return Sections(dns.rcode.NOERROR, (_rrset(qname, "TXT", lines),))


def respond(responder: Responder, wire: bytes, udp: bool = True) -> bytes | None:
    """Answer one DNS message; None means send nothing (malformed input, a response, or TIMEOUT).

    Over UDP the limit is the client's EDNS payload size (512 without EDNS): an answer that does
    not fit is sent with the TC bit and empty sections so the client retries over TCP.

    A response depends only on the query bytes after the 2-byte ID (the corpus never changes),
    so whole responses are cached by those bytes and only the ID is patched in: repeated
    queries skip dnspython's parsing and rendering entirely.
    """
    if len(wire) < 12:
        return None
    key = (udp, wire[2:])
    cache = responder.wire_cache
    if key in cache:
        cached = cache[key]
        return None if cached is None else wire[:2] + cached
    out = _respond(responder, wire, udp)
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = None if out is None else out[2:]
    return out


def _respond(responder: Responder, wire: bytes, udp: bool) -> bytes | None:
    try:
        query = dns.message.from_wire(wire)
    except Exception:  # any malformed packet: ignore it, as resolvers do
        return None
    if query.flags & dns.flags.QR:
        return None
    response = dns.message.make_response(query, our_payload=1232)
    response.flags |= dns.flags.RA
    if query.opcode() != dns.opcode.QUERY:
        response.set_rcode(dns.rcode.NOTIMP)
        return response.to_wire()
    if len(query.question) != 1:
        response.set_rcode(dns.rcode.FORMERR)
        return response.to_wire()
    question = query.question[0]
    if question.rdclass != IN:
        response.set_rcode(dns.rcode.REFUSED)
        return response.to_wire()
    qname = norm_name(question.name.to_text())
    sections = responder.sections(qname, question.rdtype)
    if sections.rcode is None:
        return None
    response.set_rcode(sections.rcode)
    response.answer = list(sections.answer)
    response.authority = list(sections.authority)
    return _render(response, _udp_limit(query) if udp else None)


def _render(response: dns.message.Message, max_size: int | None) -> bytes:
    if max_size is None:
        return response.to_wire(max_size=65535)
    try:
        return response.to_wire(max_size=max_size)
    except dns.exception.TooBig:
        response.answer = []
        response.authority = []
        response.additional = []
        response.flags |= dns.flags.TC
        return response.to_wire(max_size=max_size)


def _udp_limit(query: dns.message.Message) -> int:
    """The client's advertised EDNS payload size (512 without EDNS, capped at 4096)."""
    return max(512, min(query.payload, 4096)) if query.edns >= 0 else 512


# ---------------------------------------------------------------- transports


class _UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:  # type: ignore[override]
        try:
            out = respond(self.responder, data, udp=True)
        except Exception:  # a server must never die on one query
            log.exception("DNS query failed")
            return
        if out is not None and self.transport is not None:
            self.transport.sendto(out, addr)

    def error_received(self, exc: Exception) -> None:
        log.debug("UDP error: %s", exc)


class DnsServer:
    """A DNS server for one corpus and vantage, on UDP and TCP sharing one port number.

    ``port=0`` picks a free port: UDP is bound first, then TCP on the same number, retrying with
    a new UDP port if TCP's is taken.
    """

    def __init__(self, corpus: Corpus, vantage: str = "intl", host: str = "127.0.0.1", port: int = 0) -> None:
        if vantage not in ("intl", "cn"):
            raise ValueError(f"unknown vantage {vantage!r}")
        self.corpus = corpus
        self.vantage = vantage
        self.host = host
        self.port = port
        self.responder = Responder(corpus, vantage)
        self._udp: asyncio.DatagramTransport | None = None
        self._tcp: asyncio.base_events.Server | None = None
        self._clients: set[asyncio.Task] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for attempt in range(50):
            udp, _ = await loop.create_datagram_endpoint(
                lambda: _UdpProtocol(self.responder), local_addr=(self.host, self.port))
            port = udp.get_extra_info("sockname")[1]
            try:
                self._tcp = await asyncio.start_server(self._serve_tcp, self.host, port, reuse_address=True)
            except OSError as exc:
                udp.close()
                if exc.errno != errno.EADDRINUSE or self.port != 0 or attempt == 49:
                    raise
                continue
            self._udp, self.port = udp, port
            return

    async def stop(self) -> None:
        if self._udp is not None:
            self._udp.close()
            self._udp = None
        if self._tcp is not None:
            self._tcp.close()
            for task in list(self._clients):
                task.cancel()
            await self._tcp.wait_closed()
            self._tcp = None

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """RFC 7766: several length-prefixed queries per connection; TIMEOUT names get no reply."""
        task = asyncio.current_task()
        if task is not None:
            self._clients.add(task)
        try:
            while True:
                length = struct.unpack("!H", await reader.readexactly(2))[0]
                out = respond(self.responder, await reader.readexactly(length), udp=False)
                if out is not None:
                    writer.write(struct.pack("!H", len(out)) + out)
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        except Exception:
            log.exception("DNS TCP connection failed")
        finally:
            if task is not None:
                self._clients.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


class DnsServerThread:
    """A :class:`DnsServer` on its own event loop in a daemon thread (for tests and scripts).

    Use as a context manager; ``.port`` is valid inside it.
    """

    def __init__(self, corpus: Corpus, vantage: str = "intl", host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = DnsServer(corpus, vantage, host, port)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"simweb-dns-{vantage}", daemon=True)

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def host(self) -> str:
        return self.server.host

    def start(self) -> DnsServerThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> DnsServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

