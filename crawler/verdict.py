"""Verdicts and their evidence: the small values every detector and enricher returns.

A verdict is three-valued: ``True`` (the phenomenon is there), ``False`` (looked,
and it is not there) or ``None`` (could not tell: nothing fetched, nothing
resolved). It is falsy unless its value is ``True`` so that ``if verdict:``
reads naturally, and it always carries the reasons a person can read and the
evidence (URL plus snippet) an investigator can show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SNIPPET_CHARS = 160  # long enough to show context, short enough for a report cell


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing seen: where (URL), what (a short snippet) and which signal it supports."""

    url: str
    snippet: str
    signal: str = ""

    def __post_init__(self) -> None:
        if len(self.snippet) > SNIPPET_CHARS:
            object.__setattr__(self, "snippet", self.snippet[: SNIPPET_CHARS - 1] + "…")

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(url=data.get("url", ""), snippet=data.get("snippet", ""), signal=data.get("signal", ""))


@dataclass(frozen=True, slots=True)
class Verdict:
    """A detector's or enricher's answer for one question about one site."""

    name: str
    value: bool | None
    confidence: float = 0.0
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __bool__(self) -> bool:
        return self.value is True

    @classmethod
    def unknown(cls, name: str, reason: str) -> Verdict:
        return cls(name=name, value=None, confidence=0.0, reasons=(reason,))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in self.evidence],
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            name=data["name"],
            value=data.get("value"),
            confidence=float(data.get("confidence", 0.0)),
            reasons=tuple(data.get("reasons", ())),
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence", ())),
            details=dict(data.get("details", {})),
        )
