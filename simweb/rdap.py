"""RDAP answers (RFC 9082 URLs, RFC 9083 JSON) for the five RIRs, built from a corpus's ``networks``.

ipwhois's ``lookup_rdap`` fetches ``<rir base>/ip/<address>`` (URL forms in
``shared/reference/rdap/FORMAT-ipwhois-lookups.md``) and needs ``handle``, ``ipVersion``,
``startAddress`` and ``endAddress`` (network cidr), optionally ``country``, ``name`` and
entities. Every root entity here carries a ``vcardArray``, so ipwhois makes no follow-up entity
requests (they are served anyway, at ``/entity/<handle>``). The org name is the ``fn`` of the
``registrant`` entity.

Shapes follow the real 2024/2025 answers in ``shared/reference/rdap/``, per registry: ARIN has
``arin_originas0_originautnums`` and **no top-level country** (the country is only in the
registrant's address, as at the real ARIN, so clients must not rely on ``network.country``);
APNIC/RIPE/LACNIC/AFRINIC put ``country`` at the top. Every answer has ``cidr0_cidrs``.

Decisions:

* An address, network or AS number of another RIR's corpus network gets a ``301`` to that RIR's
  URL, as real RIRs redirect; urllib (hence ipwhois) follows it through the same proxy.
* An address in no corpus network: ``404`` with an RFC 9083 error body (as for reserved space).
* Malformed input (bad address, prefix, AS number, unknown path): ``400``.
* ``rdap-bootstrap.arin.net/bootstrap/...`` redirects (302) to the RIR holding the object, and
  ``data.iana.org/rdap/{ipv4,ipv6,asn}.json`` are IANA bootstrap files generated from the corpus.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from simweb.corpus import Corpus, Network

RDAP_CONTENT_TYPE = "application/rdap+json"
Response = tuple[int, dict[str, str], bytes]


@dataclass(frozen=True)
class Rir:
    """How one registry spells its service: host, path prefix, handles, conformance, vocabulary."""

    key: str
    host: str
    prefix: str
    port43: str
    conformance: tuple[str, ...]
    net_type: str
    org_handle: str  # format with {slug} and {n}
    copyright: str

    @property
    def base(self) -> str:
        return f"https://{self.host}{self.prefix}"


RIRS: dict[str, Rir] = {r.key: r for r in (
    Rir("arin", "rdap.arin.net", "/registry", "whois.arin.net",
        ("nro_rdap_profile_0", "rdap_level_0", "cidr0", "arin_originas0"), "DIRECT ALLOCATION",
        "{slug}{n}", "Copyright 1997-2026, American Registry for Internet Numbers, Ltd."),
    Rir("apnic", "rdap.apnic.net", "", "whois.apnic.net",
        ("history_version_0", "nro_rdap_profile_0", "cidr0", "rdap_level_0"), "ALLOCATED PORTABLE",
        "ORG-{slug}{n}-AP", "This is the APNIC WHOIS Database query service. The objects are in RDAP format."),
    Rir("ripencc", "rdap.db.ripe.net", "", "whois.ripe.net",
        ("cidr0", "rdap_level_0", "nro_rdap_profile_0", "redacted"), "ALLOCATED PA",
        "ORG-{slug}{n}-RIPE", "This is the RIPE Database query service. The objects are in RDAP format."),
    Rir("lacnic", "rdap.lacnic.net", "/rdap", "whois.lacnic.net",
        ("rdap_level_0", "cidr0", "nro_rdap_profile_0"), "ALLOCATED",
        "{slug}{n}-LACNIC", "LACNIC RDAP service. Terms of use: https://www.lacnic.net/"),
    Rir("afrinic", "rdap.afrinic.net", "/rdap", "whois.afrinic.net",
        ("rdap_level_0", "cidr0", "nro_rdap_profile_0"), "ALLOCATED PA",
        "ORG-{slug}{n}-AFRINIC", "AFRINIC RDAP service. Terms of use: https://afrinic.net/whois/terms"),
)}
RIR_BY_HOST = {r.host: r for r in RIRS.values()}
BOOTSTRAP_HOST = "rdap-bootstrap.arin.net"
IANA_HOSTS = ("data.iana.org", "rdap.iana.org")
SIMWEB_NOTICE = {"title": "Source", "description": ["Answer synthesised by simweb from an offline corpus."]}


def rdap_hosts() -> list[str]:
    """Every host name this module answers for (the proxy routes them here)."""
    return [*RIR_BY_HOST, BOOTSTRAP_HOST, *IANA_HOSTS]


# ---------------------------------------------------------------- entry point


def handle(host: str, path: str, corpus: Corpus) -> Response:
    """Answer one GET ``https://<host><path>`` (query string ignored) from the corpus."""
    host = host.lower().split(":")[0]
    path = unquote(urlsplit(path).path)
    url = f"https://{host}{path}"
    if host in RIR_BY_HOST:
        return _rir(RIR_BY_HOST[host], path, url, corpus)
    if host == BOOTSTRAP_HOST:
        return _bootstrap(path, corpus)
    if host in IANA_HOSTS:
        return _iana(path, corpus)
    return error(404, "Not Found", f"{host} is not an RDAP service simweb knows")


def _rir(rir: Rir, path: str, url: str, corpus: Corpus) -> Response:
    if not path.startswith(rir.prefix + "/"):
        return error(400, "Bad Request", f"unknown path {path}", rir)
    parts = path[len(rir.prefix) + 1:].split("/")
    kind, args = parts[0], parts[1:]
    if kind == "ip" and 1 <= len(args) <= 2:
        return _ip(rir, "/".join(args), url, corpus)
    if kind == "autnum" and len(args) == 1:
        return _autnum(rir, args[0], url, corpus)
    if kind == "entity" and len(args) == 1:
        return _entity(rir, args[0], url, corpus)
    if kind == "help" and not args:
        return ok({"rdapConformance": list(rir.conformance), "notices": _notices(rir, url),
                   "port43": rir.port43})
    return error(400, "Bad Request", f"unsupported query {path}", rir)


# ---------------------------------------------------------------- ip networks


def parse_ip_query(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """``1.2.3.4``, ``2001:db8::1``, ``1.2.3.0/24``: the queried range (a host is a /32 or /128)."""
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def find_network(corpus: Corpus, query: ipaddress.IPv4Network | ipaddress.IPv6Network) -> Network | None:
    """The most specific corpus network containing the whole queried range."""
    for net in corpus.networks_covering(query.network_address):
        if net.cidr.prefixlen <= query.prefixlen:
            return net
    return None


def _ip(rir: Rir, text: str, url: str, corpus: Corpus) -> Response:
    query = parse_ip_query(text)
    if query is None:
        return error(400, "Bad Request", f"not an IP address or CIDR: {text}", rir)
    net = find_network(corpus, query)
    if net is None:
        return error(404, "Not Found", f"no network contains {text}", rir)
    if net.rir != rir.key:
        return redirect(301, f"{RIRS[net.rir].base}/ip/{text}")
    return ok(network_object(rir, net, url, corpus))


def network_handle(rir: Rir, net: Network) -> str:
    """The corpus's ``handle``, else the registry's style: ARIN ``NET-1-2-3-0-1``, others the range."""
    if net.raw.get("handle"):
        return str(net.raw["handle"])
    start = net.cidr.network_address
    if rir.key == "arin":
        if net.cidr.version == 4:
            return f"NET-{str(start).replace('.', '-')}-1"
        return "NET6-" + "-".join(start.exploded.split(":")[: max(1, net.cidr.prefixlen // 16)]).upper() + "-1"
    if rir.key == "lacnic":
        return str(net.cidr)
    return f"{start} - {net.cidr.broadcast_address}"


def _cidr0(net: Network) -> list[dict[str, Any]]:
    key = "v4prefix" if net.cidr.version == 4 else "v6prefix"
    return [{key: str(net.cidr.network_address), "length": net.cidr.prefixlen}]


def _events(date: str) -> list[dict[str, str]]:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return [{"eventAction": "last changed", "eventDate": "2024-01-01T00:00:00Z"}]
    return [{"eventAction": "registration", "eventDate": f"{date}T00:00:00Z"},
            {"eventAction": "last changed", "eventDate": f"{date}T00:00:00Z"}]


def network_object(rir: Rir, net: Network, url: str, corpus: Corpus) -> dict[str, Any]:
    """An RFC 9083 ``ip network`` object shaped like ``rir``'s real answers."""
    self_href = f"{rir.base}/ip/{net.cidr.network_address if rir.key == 'arin' else net.cidr}"
    obj: dict[str, Any] = {
        "rdapConformance": list(rir.conformance),
        "notices": _notices(rir, url),
        "objectClassName": "ip network",
        "handle": network_handle(rir, net),
        "startAddress": str(net.cidr.network_address),
        "endAddress": str(net.cidr.broadcast_address),
        "ipVersion": f"v{net.cidr.version}",
        "name": net.net_name,
        "type": rir.net_type,
        "status": ["active"],
        "events": _events(net.allocated),
        "links": [{"value": url, "rel": "self", "type": RDAP_CONTENT_TYPE, "href": self_href}],
        "entities": _entities(rir, net, url, corpus),
        "cidr0_cidrs": _cidr0(net),
        "port43": rir.port43,
    }
    if rir.key != "arin":
        obj["country"] = net.country
    else:
        obj["arin_originas0_originautnums"] = [net.asn]
    parent = _parent(net, corpus)
    if parent is not None:
        obj["parentHandle"] = network_handle(RIRS[parent.rir], parent)
    return obj


def _parent(net: Network, corpus: Corpus) -> Network | None:
    for other in corpus.networks_covering(net.cidr.network_address):
        if other.cidr.prefixlen < net.cidr.prefixlen:
            return other
    return None


# ---------------------------------------------------------------- entities


@dataclass(frozen=True)
class Org:
    """A registrant organisation as one registry knows it (one per (rir, org name))."""

    handle: str
    rir: str
    name: str
    country: str
    asns: tuple[int, ...]

    @property
    def abuse_handle(self) -> str:
        return f"ABUSE-{self.handle}"


_ORGS: weakref.WeakKeyDictionary[Corpus, dict[str, Any]] = weakref.WeakKeyDictionary()


def _org_index(corpus: Corpus) -> dict[str, Any]:
    """``{"by_key": {(rir, org): Org}, "by_handle": {HANDLE: Org}}``, built once per corpus."""
    index = _ORGS.get(corpus)
    if index is not None:
        return index
    members: dict[tuple[str, str], list[Network]] = {}
    for net in corpus.networks:
        members.setdefault((net.rir, net.org), []).append(net)
    by_key: dict[tuple[str, str], Org] = {}
    by_handle: dict[str, Org] = {}
    for (rir, name), nets in sorted(members.items()):
        handle = _unique_handle(RIRS[rir], name, by_handle)
        org = Org(handle, rir, name, nets[0].country, tuple(sorted({n.asn for n in nets})))
        by_key[(rir, name)] = org
        by_handle[handle.upper()] = org
        by_handle[org.abuse_handle.upper()] = org
    index = {"by_key": by_key, "by_handle": by_handle}
    _ORGS[corpus] = index
    return index


def _unique_handle(rir: Rir, name: str, taken: dict[str, Org]) -> str:
    """A stable registry-style handle from the org name: initials plus a number from its hash."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    slug = "".join(w[0] for w in words[:4]).upper() or "ORG"
    n = int(hashlib.sha1(name.encode()).hexdigest(), 16) % 97 + 1
    while True:
        handle = rir.org_handle.format(slug=slug, n=n)
        if handle.upper() not in taken:
            return handle
        n += 97


def _vcard(fn: str, kind: str, country: str, email: str | None = None) -> list[Any]:
    props: list[Any] = [["version", {}, "text", "4.0"], ["fn", {}, "text", fn], ["kind", {}, "text", kind],
                        ["adr", {"cc": country, "label": f"{fn}\n{country}"}, "text",
                         ["", "", "", "", "", "", country]]]
    if email:
        props.append(["email", {"type": "abuse"} if kind == "group" else {}, "text", email])
    return ["vcard", props]


def entity_object(rir: Rir, org: Org, role: str, url: str, top: bool = False) -> dict[str, Any]:
    """The registrant org entity (``role='registrant'``) or its abuse contact (``'abuse'``)."""
    if role == "abuse":
        handle, email = org.abuse_handle, f"abuse@{org.handle.lower()}.invalid"
        vcard = _vcard("Abuse contact", "group", org.country, email)
    else:
        handle, vcard = org.handle, _vcard(org.name, "org", org.country)
    obj: dict[str, Any] = {
        "objectClassName": "entity",
        "handle": handle,
        "vcardArray": vcard,
        "roles": [role],
        "links": [{"value": url, "rel": "self", "type": RDAP_CONTENT_TYPE, "href": f"{rir.base}/entity/{handle}"}],
        "events": [{"eventAction": "last changed", "eventDate": "2024-01-01T00:00:00Z"}],
        "port43": rir.port43,
    }
    if top:
        obj = {"rdapConformance": list(rir.conformance), "notices": _notices(rir, url), **obj}
    return obj


def _entities(rir: Rir, net: Network, url: str, corpus: Corpus) -> list[dict[str, Any]]:
    """ARIN nests the abuse contact under the registrant; the others list both at the root."""
    org = _org_index(corpus)["by_key"][(net.rir, net.org)]
    registrant = entity_object(rir, org, "registrant", url)
    abuse = entity_object(rir, org, "abuse", url)
    if rir.key == "arin":
        registrant["entities"] = [abuse]
        return [registrant]
    return [registrant, abuse]


def _entity(rir: Rir, handle: str, url: str, corpus: Corpus) -> Response:
    org = _org_index(corpus)["by_handle"].get(handle.upper())
    if org is None or org.rir != rir.key:
        return error(404, "Not Found", f"no entity {handle}", rir)
    role = "abuse" if handle.upper() == org.abuse_handle.upper() else "registrant"
    return ok(entity_object(rir, org, role, url, top=True))


# ---------------------------------------------------------------- autnums


def _parse_asn(text: str) -> int | None:
    digits = text[2:] if text.upper().startswith("AS") else text
    if not digits.isdigit() or not 0 < int(digits) < 2**32:
        return None
    return int(digits)


def _autnum(rir: Rir, text: str, url: str, corpus: Corpus) -> Response:
    asn = _parse_asn(text)
    if asn is None:
        return error(400, "Bad Request", f"not an AS number: {text}", rir)
    nets = corpus.networks_for_asn(asn)
    if not nets:
        return error(404, "Not Found", f"no autnum {text}", rir)
    net = nets[0]
    if net.rir != rir.key:
        return redirect(301, f"{RIRS[net.rir].base}/autnum/{asn}")
    obj: dict[str, Any] = {
        "rdapConformance": list(rir.conformance),
        "notices": _notices(rir, url),
        "objectClassName": "autnum",
        "handle": f"AS{asn}",
        "startAutnum": asn,
        "endAutnum": asn,
        "name": net.as_name,
        "type": rir.net_type if rir.key == "arin" else "active",
        "status": ["active"],
        "events": _events(net.allocated),
        "links": [{"value": url, "rel": "self", "type": RDAP_CONTENT_TYPE, "href": f"{rir.base}/autnum/{asn}"}],
        "entities": _entities(rir, net, url, corpus),
        "port43": rir.port43,
    }
    if rir.key != "arin":
        obj["country"] = net.country
    return ok(obj)


# ---------------------------------------------------------------- bootstrap services


def _bootstrap(path: str, corpus: Corpus) -> Response:
    """ARIN's bootstrap redirector: 302 to the registry that holds the object."""
    parts = path.strip("/").split("/")
    if len(parts) < 3 or parts[0] != "bootstrap":
        return error(400, "Bad Request", f"unknown path {path}")
    kind, arg = parts[1], "/".join(parts[2:])
    rir_key: str | None = None
    if kind == "ip":
        query = parse_ip_query(arg)
        if query is None:
            return error(400, "Bad Request", f"not an IP address or CIDR: {arg}")
        net = find_network(corpus, query)
        rir_key = net.rir if net else None
    elif kind == "autnum":
        asn = _parse_asn(arg)
        if asn is None:
            return error(400, "Bad Request", f"not an AS number: {arg}")
        nets = corpus.networks_for_asn(asn)
        rir_key = nets[0].rir if nets else None
    elif kind == "entity":
        org = _org_index(corpus)["by_handle"].get(arg.upper())
        rir_key = org.rir if org else None
    else:
        return error(400, "Bad Request", f"unsupported query {path}")
    if rir_key is None:
        return error(404, "Not Found", f"no registry holds {arg}")
    return redirect(302, f"{RIRS[rir_key].base}/{kind}/{arg}")


def _iana(path: str, corpus: Corpus) -> Response:
    """IANA bootstrap registry files (RFC 9224) covering exactly the corpus's networks and ASNs."""
    files = {"/rdap/ipv4.json": 4, "/rdap/ipv6.json": 6, "/rdap/asn.json": 0}
    if path not in files:
        return error(404, "Not Found", f"no file {path}")
    version = files[path]
    entries: dict[str, list[str]] = {key: [] for key in RIRS}
    for net in corpus.networks:
        if version == 0:
            entries[net.rir].append(f"{net.asn}-{net.asn}")
        elif net.cidr.version == version:
            entries[net.rir].append(str(net.cidr))
    services = [[sorted(set(v)), [RIRS[k].base + "/"]] for k, v in entries.items() if v]
    body = {"description": f"RDAP bootstrap file for {'ASN' if version == 0 else f'IPv{version}'} (simweb)",
            "publication": "2024-01-01T00:00:00Z", "services": services, "version": "1.0"}
    return 200, {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}, _dump(body)


# ---------------------------------------------------------------- responses


def _notices(rir: Rir, url: str) -> list[dict[str, Any]]:
    return [{"title": "Terms of Service", "description": [rir.copyright],
             "links": [{"value": url, "rel": "terms-of-service", "type": "text/html",
                        "href": f"https://{rir.host}/"}]},
            SIMWEB_NOTICE]


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _headers() -> dict[str, str]:
    return {"Content-Type": RDAP_CONTENT_TYPE, "Access-Control-Allow-Origin": "*"}


def ok(obj: dict[str, Any]) -> Response:
    return 200, _headers(), _dump(obj)


def redirect(status: int, location: str) -> Response:
    headers = {**_headers(), "Location": location}
    return status, headers, b""


def error(status: int, title: str, description: str, rir: Rir | None = None) -> Response:
    """An RFC 9083 section 6 error body."""
    body: dict[str, Any] = {"errorCode": status, "title": title, "description": [description],
                            "rdapConformance": list(rir.conformance) if rir else ["rdap_level_0"]}
    return status, _headers(), _dump(body)
