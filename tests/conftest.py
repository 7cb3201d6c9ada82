"""Test-wide fixtures: the loopback-only network guard, on for every test."""

from __future__ import annotations

import pytest

from exscout import netguard


@pytest.fixture(autouse=True, scope="session")
def _loopback_only():
    netguard.install()
    yield
    netguard.uninstall()
