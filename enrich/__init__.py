"""Where each site is served from: DNS, registry facts, CDN detection, overseas and blocked verdicts.

Public API (see docs/architecture.md, enrich section)::

    cfg = EnrichConfig.for_endpoints(endpoints, rdap_opener=opener)
    facts = await enrich_domain("example.com", ["www.example.com"], cfg, RdapCache(cfg))
    facts.overseas, facts.blocked_in_cn, facts.to_dict()
"""

from enrich.config import EnrichConfig
from enrich.pipeline import DomainFacts, enrich_domain, enrich_many
from enrich.rdap import RdapCache

__all__ = ["DomainFacts", "EnrichConfig", "RdapCache", "enrich_domain", "enrich_many"]
