"""A simweb corpus in memory: DNS facts, registry facts and site folders, with resolution semantics.

The corpus format is the contract in ``shared/simweb-corpus.md``. Every part of simweb that
answers a question about the simulated internet (the DNS servers, the proxies, RDAP, Team
Cymru) asks this module, so that the semantics (CNAME chains, ``cn`` overrides, poisoning)
live in exactly one place.

Loading validates ``corpus.json`` (the same rules ``simweb.check`` reports) and raises
:class:`CorpusError` listing every problem that makes serving ill-defined (unknown fields and a
cname beside other records are only reported by ``check``: the corpus still serves); site folders and ``_routes.json`` are only
validated by ``simweb.check`` so that loading a 10,000-host corpus stays one ``listdir``.
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "simweb-corpus/1"
LABELS_FORMAT = "simweb-labels/1"
RTYPES = ("A", "AAAA", "CNAME", "NS", "MX", "TXT")
RCODES = ("NOERROR", "NXDOMAIN", "SERVFAIL", "TIMEOUT")
VANTAGES = ("intl", "cn")
MAX_CHAIN = 16
"""CNAME hops a resolver follows before giving up with SERVFAIL (real resolvers stop at 8-16)."""

HOST_FIELDS = frozenset({"a", "aaaa", "cname", "ns", "mx", "txt", "rcode", "cn"})
CN_FIELDS = frozenset({"a", "aaaa", "cname", "ns", "mx", "txt", "rcode", "serves"})
NETWORK_FIELDS = frozenset({"cidr", "asn", "as_name", "org", "country", "rir"})
NETWORK_OPTIONAL_FIELDS = frozenset({"allocated", "handle", "name"})
"""Optional network fields simweb understands beyond the contract: a Cymru allocation date,
an RDAP handle and an RDAP network name. Accepted so richer corpora need not be rewritten."""
TOP_FIELDS = frozenset({"format", "name", "seeds", "hosts", "networks"})
RIRS = {"arin": "arin", "apnic": "apnic", "ripe": "ripencc", "ripencc": "ripencc",
        "lacnic": "lacnic", "afrinic": "afrinic"}
"""Accepted ``rir`` spellings mapped to the canonical (Team Cymru) spelling."""

_ISO_ALPHA2_TEXT = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_ALPHA2 = frozenset(_ISO_ALPHA2_TEXT.split())
"""ISO 3166-1 alpha-2 officially assigned codes (embedded: no country package is a dependency)."""

REGISTRY_HOSTS: dict[str, list[str]] = {
    "rdap.arin.net": ["199.5.26.46"],
    "rdap-bootstrap.arin.net": ["199.71.0.46"],
    "rdap.apnic.net": ["203.119.101.61"],
    "rdap.db.ripe.net": ["193.0.6.142"],
    "rdap.lacnic.net": ["200.3.14.10"],
    "rdap.afrinic.net": ["196.216.2.20"],
    "rdap.iana.org": ["192.0.46.8"],
    "data.iana.org": ["192.0.46.8"],
}
"""Registry services are part of the simulated internet: these names resolve (to addresses in
the registries' real networks) and are served by simweb itself unless the corpus defines them."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus: the file, the JSON key path inside it, and what is wrong."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}" if self.key else f"{self.file}: {self.message}"


class CorpusError(Exception):
    """Raised by :meth:`Corpus.load` when a corpus is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"invalid corpus: {shown}{more}")


@dataclass(frozen=True)
class View:
    """What one vantage's resolver knows about one name (after ``cn`` substitution)."""

    rcode: str = "NOERROR"
    a: tuple[str, ...] = ()
    aaaa: tuple[str, ...] = ()
    cname: str | None = None
    ns: tuple[str, ...] = ()
    mx: tuple[str, ...] = ()
    txt: tuple[str, ...] = ()

    def records(self, rtype: str) -> list[str]:
        """Values of one record type at this name (CNAME as a one-element list)."""
        if rtype == "CNAME":
            return [self.cname] if self.cname else []
        return list(getattr(self, rtype.lower()))


@dataclass(frozen=True)
class HostRecord:
    """One ``hosts`` entry: the intl view, the cn view (same object when no ``cn``), raw JSON."""

    name: str
    intl: View
    cn: View
    has_cn: bool
    serves: bool
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def view(self, vantage: str) -> View:
        return self.cn if vantage == "cn" else self.intl


@dataclass(frozen=True)
class Network:
    """One ``networks`` entry (registry facts), ``rir`` canonicalised to Cymru spelling."""

    cidr: ipaddress.IPv4Network | ipaddress.IPv6Network
    asn: int
    as_name: str
    org: str
    country: str
    rir: str
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def allocated(self) -> str:
        """Allocation date for Cymru answers (optional corpus field; empty as Cymru sometimes is)."""
        return str(self.raw.get("allocated", ""))

    @property
    def handle(self) -> str:
        """RDAP handle: the corpus's, else the range in APNIC style (unique per network)."""
        return str(self.raw.get("handle") or f"{self.cidr.network_address} - {self.cidr.broadcast_address}")

    @property
    def net_name(self) -> str:
        """RDAP network name: the corpus's ``name``, else derived from the AS name."""
        return str(self.raw.get("name") or f"{self.as_name}-{self.cidr.network_address}".upper())


@dataclass(frozen=True)
class Answer:
    """A resolver's answer: rcode, CNAME chain followed (first = qname), records of the type asked."""

    rcode: str
    chain: list[str]
    records: list[str]


@dataclass(frozen=True)
class Reach:
    """What a proxy at a vantage gets when connecting to a host.

    ``outcome``: ``ok``, ``nxdomain``, ``servfail``, ``dns_timeout``, ``refused``, or
    ``no_address`` (the name exists, NOERROR, but has no A/AAAA after its chain: a client's
    ``getaddrinfo`` fails as for a DNS error, so a proxy should treat it as ``dns_error``).
    """

    outcome: str
    addresses: list[str]


def norm_name(name: str) -> str:
    """Canonical DNS name: lower case, no trailing dot (how every lookup key is stored)."""
    return name.strip().rstrip(".").lower()


# ---------------------------------------------------------------- corpus.json parsing


class _Parser:
    """Parses ``corpus.json`` data into records while collecting every problem with its key."""

    def __init__(self, file: str = "corpus.json") -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.blocking: list[Problem] = []

    def bad(self, key: str, message: str, blocking: bool = True) -> None:
        """Record a problem. Non-blocking ones (serving is still well defined: unknown fields are
        ignored, a cname wins over other records) are reported by ``check`` but let ``load`` work,
        so corpora written elsewhere with extra annotations still serve."""
        problem = Problem(self.file, key, message)
        self.problems.append(problem)
        if blocking:
            self.blocking.append(problem)

    def parse(self, data: Any) -> tuple[str, list[str], dict[str, HostRecord], list[Network]]:
        if not isinstance(data, dict):
            self.bad("", "top level must be a JSON object")
            return "", [], {}, []
        for key in sorted(set(data) - TOP_FIELDS):
            self.bad(key, "unknown field", blocking=False)
        if "format" not in data:
            self.bad("format", f"missing (expected {FORMAT!r})")
        elif data["format"] != FORMAT:
            self.bad("format", f"unsupported format {data['format']!r} (expected {FORMAT!r})")
        name = data.get("name", "")
        if not isinstance(name, str):
            self.bad("name", "must be a string")
            name = ""
        seeds = self._strings(data.get("seeds", []), "seeds")
        hosts = self._hosts(data.get("hosts"))
        networks = self._networks(data.get("networks", []))
        return name, seeds, hosts, networks

    # -- helpers

    def _strings(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list):
            self.bad(key, "must be a list of strings")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                self.bad(f"{key}[{i}]", "must be a non-empty string")
        return out

    def _addresses(self, value: Any, key: str, version: int) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self._strings(value, key) if value is not None else []):
            parsed = _parse_address(item)
            if parsed is None:
                self.bad(f"{key}[{i}]", f"not an IP address: {item!r}")
                continue
            if parsed[0] != version:
                self.bad(f"{key}[{i}]", f"not an IPv{version} address: {item!r}")
                continue
            out.append(parsed[1])
        return tuple(out)

    def _hostname(self, value: Any, key: str) -> str | None:
        if not isinstance(value, str) or not _is_hostname(norm_name(value)):
            self.bad(key, f"not a host name: {value!r}")
            return None
        return norm_name(value)

    def _mx(self, value: Any, key: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self._strings(value, key)):
            parts = item.split()
            if len(parts) != 2 or not parts[0].isdigit() or int(parts[0]) > 65535 or not _is_hostname(
                    norm_name(parts[1])):
                self.bad(f"{key}[{i}]", f"not \"PREF HOST\": {item!r}")
                continue
            out.append(f"{int(parts[0])} {norm_name(parts[1])}")
        return tuple(out)

    def _names(self, value: Any, key: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self._strings(value, key)):
            if _is_hostname(norm_name(item)):
                out.append(norm_name(item))
            else:
                self.bad(f"{key}[{i}]", f"not a host name: {item!r}")
        return tuple(out)

    def _txt(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.bad(key, "must be a list of strings")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            else:
                self.bad(f"{key}[{i}]", "must be a string")
        return tuple(out)

    def _rcode(self, value: Any, key: str) -> str:
        if value is None:
            return "NOERROR"
        if not isinstance(value, str) or value.upper() not in RCODES:
            self.bad(key, f"unknown rcode {value!r} (expected one of {', '.join(RCODES)})")
            return "NOERROR"
        return value.upper()

    def _view(self, raw: dict[str, Any], key: str, fields: frozenset[str],
              inherit: View | None) -> View:
        """One view; with ``inherit`` (the intl view) ns/mx/txt default to the inherited ones."""
        for k in sorted(set(raw) - fields):
            self.bad(f"{key}.{k}", "unknown field", blocking=False)
        cname = self._hostname(raw["cname"], f"{key}.cname") if raw.get("cname") is not None else None
        view = View(
            rcode=self._rcode(raw.get("rcode"), f"{key}.rcode"),
            a=self._addresses(raw.get("a"), f"{key}.a", 4),
            aaaa=self._addresses(raw.get("aaaa"), f"{key}.aaaa", 6),
            cname=cname,
            ns=self._names(raw["ns"], f"{key}.ns") if "ns" in raw else (inherit.ns if inherit else ()),
            mx=self._mx(raw["mx"], f"{key}.mx") if "mx" in raw else (inherit.mx if inherit else ()),
            txt=self._txt(raw["txt"], f"{key}.txt") if "txt" in raw else (inherit.txt if inherit else ()),
        )
        if cname and any(raw.get(k) for k in ("a", "aaaa", "ns", "mx", "txt")):
            self.bad(f"{key}.cname", "a name with a cname can have no other records (RFC 1034 3.6.2)",
                     blocking=False)
        return view

    def _host(self, name: str, raw: Any, key: str) -> HostRecord | None:
        if not isinstance(raw, dict):
            self.bad(key, "must be an object")
            return None
        intl = self._view(raw, key, HOST_FIELDS, None)
        cn_raw = raw.get("cn")
        if cn_raw is None:
            return HostRecord(name, intl, intl, False, False, raw)
        if not isinstance(cn_raw, dict):
            self.bad(f"{key}.cn", "must be an object")
            return HostRecord(name, intl, intl, False, False, raw)
        serves = cn_raw.get("serves", False)
        if not isinstance(serves, bool):
            self.bad(f"{key}.cn.serves", "must be true or false")
            serves = False
        cn = self._view(cn_raw, f"{key}.cn", CN_FIELDS, intl)
        if serves and not (cn.a or cn.aaaa or cn.cname):
            self.bad(f"{key}.cn.serves", "serves is true but cn gives no address or cname", blocking=False)
        return HostRecord(name, intl, cn, True, serves, raw)

    def _hosts(self, value: Any) -> dict[str, HostRecord]:
        if value is None:
            self.bad("hosts", "missing")
            return {}
        if not isinstance(value, dict):
            self.bad("hosts", "must be an object mapping host names to records")
            return {}
        hosts: dict[str, HostRecord] = {}
        keys: dict[str, str] = {}
        for raw_name, raw in value.items():
            key = f"hosts.{raw_name}"
            name = norm_name(raw_name)
            if not _is_hostname(name):
                self.bad(key, f"not a host name: {raw_name!r}")
                continue
            if name in hosts:
                self.bad(key, f"duplicate host: same name as {keys[name]!r} ignoring case and trailing dot")
                continue
            rec = self._host(name, raw, key)
            if rec is not None:
                hosts[name] = rec
                keys[name] = raw_name
        return hosts

    def _network(self, raw: Any, key: str) -> Network | None:
        if not isinstance(raw, dict):
            self.bad(key, "must be an object")
            return None
        before = len(self.blocking)
        for k in sorted(set(raw) - NETWORK_FIELDS - NETWORK_OPTIONAL_FIELDS):
            self.bad(f"{key}.{k}", "unknown field", blocking=False)
        for k in sorted(NETWORK_FIELDS - set(raw)):
            self.bad(f"{key}.{k}", "missing")
        cidr = None
        if "cidr" in raw:
            try:
                cidr = ipaddress.ip_network(str(raw["cidr"]), strict=True)
            except ValueError as exc:
                self.bad(f"{key}.cidr", f"not a CIDR network: {raw['cidr']!r} ({exc})")
        asn = raw.get("asn")
        if "asn" in raw and (isinstance(asn, bool) or not isinstance(asn, int) or not 0 < asn < 2**32):
            self.bad(f"{key}.asn", f"not an AS number: {asn!r}")
        for k in ("as_name", "org"):
            if k in raw and (not isinstance(raw[k], str) or not raw[k].strip()):
                self.bad(f"{key}.{k}", "must be a non-empty string")
            elif k in raw and "|" in raw[k]:
                self.bad(f"{key}.{k}", "must not contain '|' (it would break Team Cymru answers)")
        country = raw.get("country")
        if "country" in raw and (not isinstance(country, str) or country not in ISO_ALPHA2):
            self.bad(f"{key}.country", f"not an ISO 3166-1 alpha-2 code (upper case): {country!r}")
        rir = raw.get("rir")
        if "rir" in raw and (not isinstance(rir, str) or rir.lower() not in RIRS):
            self.bad(f"{key}.rir", f"unknown RIR {rir!r} (expected one of arin, apnic, ripe/ripencc, lacnic, afrinic)")
        for k in ("allocated", "handle", "name"):
            if k in raw and not isinstance(raw[k], str):
                self.bad(f"{key}.{k}", "must be a string")
        if isinstance(raw.get("allocated"), str) and not _is_date(raw["allocated"]):
            self.bad(f"{key}.allocated", f"not a YYYY-MM-DD date: {raw['allocated']!r}", blocking=False)
        if len(self.blocking) != before or cidr is None:
            return None
        return Network(cidr, int(asn), raw["as_name"], raw["org"], country, RIRS[rir.lower()], raw)

    def _networks(self, value: Any) -> list[Network]:
        if not isinstance(value, list):
            self.bad("networks", "must be a list")
            return []
        networks = []
        seen: dict[Any, int] = {}
        for i, raw in enumerate(value):
            net = self._network(raw, f"networks[{i}]")
            if net is None:
                continue
            if net.cidr in seen:
                self.bad(f"networks[{i}].cidr", f"same network as networks[{seen[net.cidr]}]")
                continue
            seen[net.cidr] = i
            networks.append(net)
        return networks


def _is_date(text: str) -> bool:
    """Cymru and RDAP show allocation dates as ISO days; anything else would read as garbage."""
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


@functools.lru_cache(maxsize=1 << 16)
def _parse_address(text: str) -> tuple[int, str] | None:
    """(IP version, canonical text) or None; cached because big corpora repeat addresses a lot."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return ip.version, str(ip)


@functools.lru_cache(maxsize=1 << 16)
def _is_hostname(name: str) -> bool:
    """Loose DNS-name check: 1-253 chars, labels 1-63 of letters, digits, '-', '_' (SRV/DMARC style)."""
    if not name or len(name) > 253:
        return False
    for label in name.split("."):
        if not label or len(label) > 63:
            return False
        if not all(c.isalnum() or c in "-_" for c in label) or not label.isascii():
            return False
    return True


def parse_corpus_data(data: Any, file: str = "corpus.json", blocking_only: bool = False) -> tuple[
        list[Problem], tuple[str, list[str], dict[str, HostRecord], list[Network]]]:
    """Parse decoded ``corpus.json`` data; returns (problems, (name, seeds, hosts, networks)).

    ``blocking_only`` leaves out the problems that do not stop a corpus from being served.
    """
    parser = _Parser(file)
    parsed = parser.parse(data)
    return (parser.blocking if blocking_only else parser.problems), parsed


def read_json(path: Path, file: str) -> tuple[Any, list[Problem]]:
    """Read a JSON file, turning every failure into a Problem (with line and column for syntax)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, [Problem(file, "", "missing")]
    except UnicodeDecodeError as exc:
        return None, [Problem(file, "", f"not UTF-8: {exc}")]
    except OSError as exc:
        return None, [Problem(file, "", f"cannot read: {exc}")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [Problem(file, "", f"bad JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")]


# ---------------------------------------------------------------- network index


class NetworkIndex:
    """Longest-prefix match: one dict per (IP version, prefix length), probed longest first.

    At most 33 (IPv4) or 129 (IPv6) dict probes per lookup, independent of the number of
    networks, which keeps tens of thousands of lookups over thousands of networks cheap.
    """

    def __init__(self, networks: Iterable[Network]) -> None:
        self._tables: dict[int, dict[int, dict[int, Network]]] = {4: {}, 6: {}}
        for net in networks:
            table = self._tables[net.cidr.version].setdefault(net.cidr.prefixlen, {})
            table[int(net.cidr.network_address)] = net
        self._order = {v: sorted(t, reverse=True) for v, t in self._tables.items()}

    def lookup(self, ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> Network | None:
        """The most specific network containing ``ip``."""
        for net in self.covering(ip):
            return net
        return None

    def covering(self, ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> Iterable[Network]:
        """Every network containing ``ip``, most specific first (lazily: lookup stops at the first)."""
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return
        bits = 32 if addr.version == 4 else 128
        value = int(addr)
        tables = self._tables[addr.version]
        for plen in self._order[addr.version]:
            mask = ((1 << plen) - 1) << (bits - plen) if plen else 0
            net = tables[plen].get(value & mask)
            if net is not None:
                yield net


# ---------------------------------------------------------------- the corpus


_RCODE_OUTCOME = {"NXDOMAIN": "nxdomain", "SERVFAIL": "servfail", "TIMEOUT": "dns_timeout"}


class Corpus:
    """A loaded corpus. Build it with :meth:`Corpus.load`; all lookups are in memory."""

    def __init__(self, root: Path, name: str, seeds: list[str], hosts: dict[str, HostRecord],
                 networks: list[Network], sites: dict[str, Path]) -> None:
        self.root = root
        self.name = name
        self.seeds = seeds
        self.hosts = hosts
        self.networks = networks
        self.sites = sites
        self._index = NetworkIndex(networks)
        self._by_asn: dict[int, list[Network]] | None = None

    # -- loading

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Corpus:
        """Load and validate ``corpus.json``; raise :class:`CorpusError` with every problem."""
        root = Path(path)
        if not root.is_dir():
            raise CorpusError([Problem(str(root), "", "not a directory")])
        data, problems = read_json(root / "corpus.json", "corpus.json")
        if problems:
            raise CorpusError(problems)
        problems, (name, seeds, hosts, networks) = parse_corpus_data(data, blocking_only=True)
        if problems:
            raise CorpusError(problems)
        return cls(root, name or root.name, seeds, hosts, networks, list_sites(root))

    # -- DNS

    def host(self, name: str) -> HostRecord | None:
        return self.hosts.get(norm_name(name))

    def _view(self, name: str, vantage: str) -> View | None:
        rec = self.hosts.get(name)
        if rec is not None:
            return rec.view(vantage)
        builtin = REGISTRY_HOSTS.get(name)
        return View(a=tuple(builtin)) if builtin else None

    def resolve(self, name: str, rtype: str, vantage: str = "intl") -> Answer:
        """Answer a query as a recursive resolver at ``vantage`` would (follows CNAMEs, loop-safe).

        A loop or a chain longer than :data:`MAX_CHAIN` is SERVFAIL, as in real resolvers.
        """
        rtype = rtype.upper()
        if rtype not in RTYPES:
            raise ValueError(f"unsupported rtype {rtype!r}")
        qname = norm_name(name)
        chain = [qname]
        while True:
            view = self._view(chain[-1], vantage)
            if view is None:
                return Answer("NXDOMAIN", chain, [])
            if view.rcode != "NOERROR":
                return Answer(view.rcode, chain, [])
            if rtype == "CNAME" or not view.cname:
                return Answer("NOERROR", chain, view.records(rtype))
            if view.cname in chain or len(chain) > MAX_CHAIN:
                return Answer("SERVFAIL", chain, [])
            chain.append(view.cname)

    def addresses(self, name: str, vantage: str = "intl") -> Answer:
        """A and AAAA records at the end of the CNAME chain, as ``getaddrinfo`` would see them."""
        a = self.resolve(name, "A", vantage)
        if a.rcode != "NOERROR":
            return a
        aaaa = self.resolve(name, "AAAA", vantage)
        return Answer("NOERROR", a.chain, a.records + aaaa.records)

    def is_registry_host(self, host: str) -> bool:
        """True for the RDAP/IANA names simweb serves itself (see :data:`REGISTRY_HOSTS`)."""
        return norm_name(host) in REGISTRY_HOSTS

    def is_cn_serving(self, host: str) -> bool:
        """True when a ``cn`` override on the host's cn chain says its addresses really serve the site."""
        chain = self.resolve(host, "A", "cn").chain
        return any(self.hosts[n].serves for n in chain if n in self.hosts)

    def is_poisoned(self, host: str) -> bool:
        """True when the cn answer shares no address with the intl answer and does not serve."""
        cn = self.addresses(host, "cn")
        if cn.rcode != "NOERROR" or not cn.records:
            return False
        intl = self.addresses(host, "intl")
        shared = intl.rcode == "NOERROR" and bool(set(cn.records) & set(intl.records))
        return not shared and not self.is_cn_serving(host)

    def reach(self, host: str, vantage: str = "intl") -> Reach:
        """What a proxy at ``vantage`` gets when it connects to ``host`` (see :class:`Reach`).

        Order: DNS failure, then no address, then no site folder (refused; registry hosts are
        served by simweb), then poisoning at ``cn`` (refused).
        """
        ans = self.addresses(host, vantage)
        if ans.rcode != "NOERROR":
            return Reach(_RCODE_OUTCOME[ans.rcode], [])
        if not ans.records:
            return Reach("no_address", [])
        if self.site_dir(host) is None and not self.is_registry_host(host):
            return Reach("refused", ans.records)
        if vantage == "cn" and self.is_poisoned(host):
            return Reach("refused", ans.records)
        return Reach("ok", ans.records)

    # -- registry and content

    def network_for(self, ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> Network | None:
        """The most specific network containing ``ip`` (None for an invalid or unknown address)."""
        return self._index.lookup(ip)

    def networks_covering(self, ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[Network]:
        """Every network containing ``ip``, most specific first (Team Cymru lists each announcement)."""
        return list(self._index.covering(ip))

    def networks_for_asn(self, asn: int) -> list[Network]:
        """Networks originated by ``asn`` in corpus order (index built on first use)."""
        if self._by_asn is None:
            by_asn: dict[int, list[Network]] = {}
            for net in self.networks:
                by_asn.setdefault(net.asn, []).append(net)
            self._by_asn = by_asn
        return self._by_asn.get(asn, [])

    def site_dir(self, host: str) -> Path | None:
        """The folder ``sites/<host>/`` if it exists (found by the one listdir done at load)."""
        return self.sites.get(norm_name(host))

    @property
    def labels_path(self) -> Path:
        return self.root / "labels.json"

    def load_labels(self) -> dict[str, Any] | None:
        """The ground truth ``domains`` map, or None without ``labels.json`` (evaluation only)."""
        if not self.labels_path.exists():
            return None
        data = json.loads(self.labels_path.read_text(encoding="utf-8"))
        return data.get("domains", {})


def list_sites(root: Path) -> dict[str, Path]:
    """Map lower-cased host name -> ``sites/<host>`` folder with a single ``scandir``."""
    sites_root = root / "sites"
    try:
        entries = list(os.scandir(sites_root))
    except (FileNotFoundError, NotADirectoryError):
        return {}
    return {norm_name(e.name): Path(e.path) for e in entries if e.is_dir()}
