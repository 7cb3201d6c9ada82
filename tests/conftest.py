"""Test-wide fixtures: the loopback-only network guard, on for every test."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from exscout import netguard

# CI must not fail on a draw nobody can reproduce: by default every property test
# walks the same derandomized examples. HYPOTHESIS_PROFILE=explore searches afresh
# (and remembers failures in .hypothesis/) when hunting for new counterexamples.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True, scope="session")
def _loopback_only():
    netguard.install()
    yield
    netguard.uninstall()


# -- simweb: serve corpora for any test (owned by the simweb proxy/server engineer) ----------------

SIMWEB_TEST_DNS_TIMEOUT_S = 1.0
"""Tests wait this long (not the live-like 5 s) before a TIMEOUT name's proxy answers 504."""


@pytest.fixture(scope="session")
def simweb_serve():
    """A function ``serve(corpus_path, **kw) -> Endpoints``: one SimWeb per (path, kw) per session.

    Keyword arguments go to ``simweb.server.SimWeb``; ``dns_timeout_s`` defaults to
    ``SIMWEB_TEST_DNS_TIMEOUT_S``. Servers are shared (read-only corpora) and stopped at the end.
    """
    from pathlib import Path

    from simweb.server import SimWeb

    running: dict[tuple, SimWeb] = {}

    def serve(corpus_path, **kw):
        kw.setdefault("dns_timeout_s", SIMWEB_TEST_DNS_TIMEOUT_S)
        key = (str(Path(corpus_path).resolve()), tuple(sorted(kw.items())))
        if key not in running:
            web = SimWeb(corpus_path, **kw)
            web.start()
            running[key] = web
        return running[key].endpoints

    yield serve
    for web in running.values():
        web.stop()


@pytest.fixture(scope="session")
def simweb_demo(simweb_serve):
    """Endpoints of simweb/corpora/demo, served for the whole session (skips if the corpus is absent)."""
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "simweb" / "corpora" / "demo"
    if not (demo / "corpus.json").exists():
        pytest.skip("simweb/corpora/demo is not there yet")
    return simweb_serve(demo)
