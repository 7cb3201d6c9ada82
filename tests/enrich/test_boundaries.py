"""Package boundaries: enrich never imports exscout, and its public names are exported."""

from __future__ import annotations

import ast
from pathlib import Path

import enrich

PKG = Path(enrich.__file__).resolve().parent


def test_enrich_does_not_import_exscout():
    offenders = []
    for path in PKG.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("exscout", "simweb")]
    assert offenders == []


def test_public_api_exported_and_sorted():
    assert enrich.__all__ == sorted(enrich.__all__)
    assert {"DomainFacts", "EnrichConfig", "RdapCache", "enrich_domain", "enrich_many"} <= set(enrich.__all__)
    for name in enrich.__all__:
        assert getattr(enrich, name) is not None
