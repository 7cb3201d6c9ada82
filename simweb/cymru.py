"""Team Cymru IP-to-ASN DNS answers, synthesised from a corpus's ``networks``.

ipwhois's ASN step (``IPASN.lookup`` with the ``dns`` method) asks
``<reversed octets>.origin.asn.cymru.com`` / ``<reversed nibbles>.origin6.asn.cymru.com`` and then
``AS<n>.asn.cymru.com`` for TXT records; answering them from the corpus lets ipwhois run unchanged
offline. Formats follow real answers (``shared/reference/rdap/cymru-asn-answers.samples.txt``):

* origin:  ``ASN | CIDR | CC | REGISTRY | ALLOCATED`` (one per covering network, most specific first)
* AS name: ``ASN | CC | REGISTRY | ALLOCATED | AS-NAME, CC``

Registries use Cymru's spelling (``ripencc``). ``ALLOCATED`` is the network's optional
``allocated`` field, else empty, which real Cymru answers also are sometimes.
"""

from __future__ import annotations

import ipaddress

from simweb.corpus import Corpus, Network, norm_name

ZONE = "asn.cymru.com"
ORIGIN4 = "origin.asn.cymru.com"
ORIGIN6 = "origin6.asn.cymru.com"


def is_cymru_name(qname: str) -> bool:
    """True for ``asn.cymru.com`` and every name under it (the zone simweb answers for Cymru)."""
    name = norm_name(qname)
    return name == ZONE or name.endswith("." + ZONE)


def answer(qname: str, corpus: Corpus) -> list[str] | None:
    """TXT strings for a Cymru name; ``None`` when the name is not under ``asn.cymru.com``.

    An empty list means the name is in the Cymru zone but has no data: the DNS server answers
    NXDOMAIN then, as Team Cymru does for unannounced space and unknown AS numbers.
    """
    name = norm_name(qname)
    if not is_cymru_name(name):
        return None
    if name.endswith("." + ORIGIN4):
        ip = _origin4_address(name[: -len(ORIGIN4) - 1])
    elif name.endswith("." + ORIGIN6):
        ip = _origin6_address(name[: -len(ORIGIN6) - 1])
    else:
        return _as_answer(name[: -len(ZONE) - 1], corpus)
    if ip is None:
        return []
    return [origin_line(net) for net in corpus.networks_covering(ip)]


def origin_line(net: Network) -> str:
    """``ASN | CIDR | CC | REGISTRY | ALLOCATED`` for one network."""
    return f"{net.asn} | {net.cidr} | {net.country} | {net.rir} | {net.allocated}"


def as_line(net: Network) -> str:
    """``ASN | CC | REGISTRY | ALLOCATED | AS-NAME, CC`` (the current AS-name style)."""
    name = net.as_name if net.as_name.endswith(f", {net.country}") else f"{net.as_name}, {net.country}"
    return f"{net.asn} | {net.country} | {net.rir} | {net.allocated} | {name}"


def _origin4_address(labels: str) -> ipaddress.IPv4Address | None:
    """Reversed dotted octets (1 to 4 of them; missing trailing octets count as 0)."""
    parts = labels.split(".")
    if not 1 <= len(parts) <= 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        return None
    octets = list(reversed(parts)) + ["0"] * (4 - len(parts))
    return ipaddress.IPv4Address(".".join(str(int(o)) for o in octets))


def _origin6_address(labels: str) -> ipaddress.IPv6Address | None:
    """Reversed nibbles; fewer than 32 mean the rest are zero (ipwhois drops trailing 0000 groups)."""
    nibbles = labels.split(".")
    if not 1 <= len(nibbles) <= 32 or not all(len(n) == 1 and n in "0123456789abcdef" for n in nibbles):
        return None
    digits = "".join(reversed(nibbles)).ljust(32, "0")
    return ipaddress.IPv6Address(int(digits, 16))


def _as_answer(label: str, corpus: Corpus) -> list[str]:
    """``AS<n>``: the AS's facts from the first corpus network it originates."""
    if "." in label or not label.startswith("as") or not label[2:].isdigit():
        return []
    nets = corpus.networks_for_asn(int(label[2:]))
    return [as_line(nets[0])] if nets else []
