"""The ``simweb_demo`` session fixture, and the proxy agreeing with ``Corpus.reach`` on every demo host."""

from __future__ import annotations

import json
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from simweb.corpus import Corpus
from simweb.server import Endpoints, SimWeb
from simweb.testing import urllib_opener

DEMO = Path(__file__).resolve().parents[2] / "simweb" / "corpora" / "demo"
EXPECTED = {"nxdomain": (502, "dns_error"), "servfail": (502, "dns_error"), "no_address": (502, "dns_error"),
            "dns_timeout": (504, "dns_timeout"), "refused": (502, "connection_refused")}


def _fetch(ep: Endpoints, vantage: str, url: str) -> tuple[int, str, bytes]:
    try:
        with urllib_opener(ep, vantage).open(url, timeout=3) as resp:
            return resp.status, resp.headers.get("Proxy-Status", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Proxy-Status", ""), err.read()
    except urllib.error.URLError as err:  # a failed CONNECT: urllib keeps only the reason text
        return -1, str(err.reason), b""
    except OSError as err:  # a route fault (reset, timeout, truncate) on the site itself
        return -2, type(err).__name__, b""


def test_every_demo_host_as_corpus_reach_says() -> None:
    """Own server, so the corpus compared with is the one served (the demo may be edited meanwhile)."""
    if not (DEMO / "corpus.json").exists():
        pytest.skip("simweb/corpora/demo is not there yet")
    with SimWeb(DEMO, dns_timeout_s=0.5) as web:
        corpus: Corpus = web.corpus
        jobs = [(vantage, host) for host in sorted(corpus.hosts) for vantage in ("intl", "cn")]
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda job: _fetch(web.endpoints, job[0], f"http://{job[1]}/"), jobs))
    checked = 0
    for (vantage, host), (status, proxy_status, _) in zip(jobs, results, strict=True):
        outcome = corpus.reach(host, vantage).outcome
        if outcome == "ok":
            assert "error=" not in proxy_status, (vantage, host, status, proxy_status)
        else:
            want_status, want_error = EXPECTED[outcome]
            assert (status, f"error={want_error}" in proxy_status) == (want_status, True), (vantage, host)
        checked += 1
    assert checked == 2 * len(corpus.hosts)


def test_demo_listing_api_over_https(simweb_demo: Endpoints) -> None:
    if not (DEMO / "sites" / "api.coingecko.com").exists():
        pytest.skip("demo corpus has no CoinGecko host")
    status, _, body = _fetch(simweb_demo, "intl", "https://api.coingecko.com/api/v3/exchanges?per_page=250&page=1")
    assert status == 200
    assert isinstance(json.loads(body), list)
