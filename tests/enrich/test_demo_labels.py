"""Evaluation: enrich's overseas and blocked_in_cn against the demo corpus's ground truth.

The probe would pass the hosts it used; here every first-party name the corpus knows
stands in for them (the labels count "the subdomains its pages use").
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from enrich import EnrichConfig, RdapCache, enrich_many
from enrich.overseas import is_first_party

simweb_testing = pytest.importorskip("simweb.testing")

DEMO = Path(__file__).resolve().parents[2] / "simweb" / "corpora" / "demo"


@pytest.mark.skipif(not (DEMO / "labels.json").exists(), reason="demo corpus not built")
def test_demo_overseas_and_blocked_match_labels():
    labels = json.loads((DEMO / "labels.json").read_text())["domains"]
    hosts = json.loads((DEMO / "corpus.json").read_text())["hosts"]
    items = [(d, [h for h in hosts if is_first_party(h, d)]) for d in labels]
    with simweb_testing.serve(DEMO, dns_timeout_s=0.5) as ep:
        cfg = EnrichConfig.for_endpoints(
            ep, rdap_opener=simweb_testing.urllib_opener(ep, "intl"), dns_timeout=0.5, dns_lifetime=1.0
        )
        rdap = RdapCache(cfg)
        out = asyncio.run(enrich_many(items, cfg, rdap=rdap))
    mismatches = [
        (d, k, lab[k], getattr(out[d], k).value, getattr(out[d], k).reasons[:2])
        for d, lab in labels.items()
        for k in ("overseas", "blocked_in_cn")
        if getattr(out[d], k).value != lab[k]
    ]
    assert mismatches == []
    no_network = rdap.stats["rdap_no_network"]
    assert rdap.stats["rdap_queries"] <= len(rdap.networks) + no_network
