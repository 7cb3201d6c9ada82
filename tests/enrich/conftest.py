"""Make ``import enrich`` find the package, not this test folder.

pytest puts ``tests/`` on ``sys.path`` for the top-level conftest, and there ``enrich``
(this folder, no ``__init__.py``) is a namespace package that shadows the real one, which
the editable install only offers through a meta-path finder consulted later. Putting the
repository root first restores the real package. (A project-wide ``pythonpath = ["."]`` in
pyproject's pytest options would make this unnecessary.)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if sys.path[:1] != [ROOT]:
    sys.path.insert(0, ROOT)
for _name in ("enrich", "simweb"):
    _mod = sys.modules.get(_name)
    if _mod is not None and getattr(_mod, "__file__", None) is None:
        del sys.modules[_name]
