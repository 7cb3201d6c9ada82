"""The discover test corpora are valid simweb corpora (simweb.check finds no problem)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.mark.parametrize("name", ["listings", "listings-broken"])
def test_corpus_is_valid(name: str) -> None:
    check = pytest.importorskip("simweb.check").check
    assert check(CORPORA / name) == []
