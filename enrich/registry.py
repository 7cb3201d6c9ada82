"""Registry country per address: offline (iptocc) always, RDAP when available, both kept.

Two sources, two different facts:

- ``offline_country`` — iptocc, built from the RIRs' delegated-extended
  statistics: the country of the *allocation* the address is in. Offline,
  free, available for every routed address.
- ``rdap_country`` — the RDAP network object (or the registrant's vCard,
  or Cymru's origin country): the country of the most specific registered
  *sub-allocation*. A Tencent or Alibaba Hong Kong range inside a CN-registered
  allocation says HK here and CN in the delegated stats.

Neither says where a packet is served from (anchors §11): a registry country
is the registrant's. Where they disagree both are kept, ``country`` takes the
RDAP value (more specific: the sub-allocation), and the disagreement is
reported in words; ``mainland_disputed`` flags the case that matters for a
blocklist (one source says CN, the other does not), which ``overseas`` refuses
to resolve in favour of "overseas".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import iptocc

from enrich.rdap import BOGON, RdapFacts, is_bogon

__all__ = ["MAINLAND", "AddressFacts", "merge_facts", "offline_country"]

MAINLAND = "CN"
"""ISO code of mainland China; HK, MO and TW are separate codes and count as outside."""


def offline_country(ip: str) -> str | None:
    """iptocc's country for ``ip`` (None for bogons and unallocated space)."""
    if is_bogon(ip):
        return None
    try:
        cc = iptocc.country_code(ip)
    except Exception:  # malformed input must not stop enrichment
        return None
    return cc.upper() if cc else None


@dataclass
class AddressFacts:
    """Merged facts for one address; ``sources`` say which source gave which field."""

    ip: str
    asn: int | None = None
    as_name: str | None = None
    network: list[str] = field(default_factory=list)
    org: str | None = None
    rdap_country: str | None = None
    offline_country: str | None = None
    country: str | None = None
    sources: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    bogon: bool = False
    rdap_status: str = "disabled"
    mainland_disputed: bool = False

    @property
    def known_network(self) -> bool:
        """The registry knows a routed network for it (RDAP/Cymru answered)."""
        return self.rdap_status == "ok" and (self.asn is not None or bool(self.network))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AddressFacts:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def merge_facts(ip: str, rdap: RdapFacts | None) -> AddressFacts:
    """Merge RDAP facts (may be None) with iptocc; choose a country and explain any conflict."""
    bogon = is_bogon(ip) or (rdap is not None and rdap.status == BOGON)
    off = offline_country(ip)
    facts = AddressFacts(ip=ip, offline_country=off, bogon=bogon)
    if bogon:
        facts.rdap_status = BOGON
        facts.sources = ["bogon"]
        return facts
    if rdap is not None:
        facts.rdap_status = rdap.status
        if rdap.status == "ok":
            facts.asn = rdap.asn
            facts.as_name = rdap.as_name
            facts.network = list(rdap.network)
            facts.org = rdap.org
            facts.rdap_country = rdap.country
    rc = facts.rdap_country
    rdap_src = (rdap.country_source if rdap else None) or "rdap"
    if rc and off:
        facts.country = rc
        facts.sources = [f"country:{rdap_src}+iptocc"] if rc == off else [f"country:{rdap_src}"]
        if rc != off:
            facts.disagreements.append(
                f"{ip}: RDAP ({rdap_src}) says {rc}, offline registry (iptocc) says {off}; "
                f"using RDAP {rc} (it names the sub-allocation, iptocc the whole allocation)"
            )
            facts.mainland_disputed = MAINLAND in (rc, off)
    elif rc:
        facts.country, facts.sources = rc, [f"country:{rdap_src}"]
    elif off:
        facts.country, facts.sources = off, ["country:iptocc"]
    if facts.asn is not None:
        facts.sources.append("asn:cymru")
    if facts.network:
        facts.sources.append("network:rdap")
    return facts
