"""The discover spiders against the project's demo corpus: every listed domain is one the corpus labels.

labels.json names domains "by the Public Suffix List, private suffixes included", so this
checks that normalise() agrees with the corpus contract on real corpus data, not only that
the spiders run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "simweb" / "corpora" / "demo"


@pytest.mark.parametrize(
    ("spider", "args"), [("coingecko", {}), ("coinpaprika", {}), ("seeds", {"corpus": str(DEMO)})]
)
def test_demo_listings_are_labelled_domains(crawl, simweb_demo, spider: str, args: dict[str, str]) -> None:
    labels = json.loads((DEMO / "labels.json").read_text(encoding="utf-8"))["domains"]
    result = crawl(spider, settings={"EXSCOUT_PROXY": simweb_demo.intl.proxy_url}, args=args)
    assert result.kind("source_error") == []
    domains = {i["domain"] for i in result.kind("listing")}
    assert domains, "nothing listed"
    assert domains <= set(labels), sorted(domains - set(labels))
