"""Score a run's verdicts against a corpus's ``labels.json`` (ground truth, never read by the pipeline).

A label of ``null`` means unknown or meaningless and is not scored. Our own
``None`` (could not tell) against a boolean label counts as a disagreement:
an investigator gets no answer there, which is a miss either way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exscout.errors import UsageError

LABELS = ("exchange", "chinese_ui", "cny_onramp", "overseas", "geoblocks_cn", "blocked_in_cn", "candidate")


@dataclass
class Evaluation:
    per_label: dict[str, dict[str, int]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_labels(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read labels: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("domains"), dict):
        raise UsageError(f"{path}: expected {{'format': 'simweb-labels/1', 'domains': {{...}}}}")
    return {d.lower(): v for d, v in data["domains"].items() if isinstance(v, dict)}


def evaluate_rows(rows: dict[str, dict[str, Any]], labels: dict[str, dict[str, Any]]) -> Evaluation:
    """Compare decision rows (domain → row with the label columns) with labels."""
    result = Evaluation(per_label={name: {"agree": 0, "disagree": 0, "missing": 0} for name in LABELS})
    for domain, truth in sorted(labels.items()):
        row = rows.get(domain)
        for name in LABELS:
            expected = truth.get(name)
            if expected is None:
                continue
            if row is None:
                result.per_label[name]["missing"] += 1
                if name == "candidate":
                    result.mismatches.append(f"{domain}: not probed (label candidate={expected})")
                    result.fn += int(bool(expected))
                continue
            got = row.get(name)
            if got == expected:
                result.per_label[name]["agree"] += 1
            else:
                result.per_label[name]["disagree"] += 1
                result.mismatches.append(f"{domain}: {name} = {got} (label {expected}) — {truth.get('why', '')}")
        if row is not None and truth.get("candidate") is not None:
            got, expected = bool(row.get("candidate")), bool(truth["candidate"])
            result.tp += got and expected
            result.fp += got and not expected
            result.fn += expected and not got
    return result


def evaluate(store: Any, labels_path: Path, run_id: int | None = None) -> Evaluation:
    rows = {r["domain"]: r for r in store.export_rows(run_id)}
    return evaluate_rows(rows, load_labels(labels_path))
