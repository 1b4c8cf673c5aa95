"""Plain records the core returns: findings, key-point results, the essay result."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]


@dataclass(frozen=True)
class Evidence:
    file: str
    line: int
    text: str

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "text": self.text}


@dataclass(frozen=True)
class Finding:
    """One thing the checker says about the essay, and what it rests on."""

    check: str
    severity: Severity
    message: str
    start: int
    end: int
    suggestion: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def span_dict(self, text: str) -> dict:
        line, col = line_col(text, self.start)
        return {"start": self.start, "end": self.end, "line": line, "column": col, "text": text[self.start:self.end]}

    def to_dict(self, text: str) -> dict:
        return {
            "check": self.check,
            "severity": self.severity.label,
            "message": self.message,
            "span": self.span_dict(text),
            "suggestion": self.suggestion,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


@dataclass(frozen=True)
class KeyPointResult:
    id: str
    text: str
    weight: float
    status: str  # covered | partial | missing
    score: float
    evidence: str | None = None
    evidence_span: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "weight": self.weight, "status": self.status,
                "score": round(self.score, 3), "evidence": self.evidence,
                "evidence_span": ({"start": self.evidence_span[0], "end": self.evidence_span[1]}
                                  if self.evidence_span else None)}


@dataclass
class EssayResult:
    text: str
    findings: list[Finding]
    key_points: list[KeyPointResult]
    score: int
    words: int
    suppressed: int = 0
    meta: dict = field(default_factory=dict)
    dates: list = field(default_factory=list)  # the essay's DateMentions, as the checks saw them

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def summary(self) -> dict:
        return {
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "key_points_covered": sum(1 for k in self.key_points if k.status == "covered"),
            "key_points_partial": sum(1 for k in self.key_points if k.status == "partial"),
            "key_points_total": len(self.key_points),
            "score": self.score,
        }


def coverage_percent(key_points) -> float:
    """Rubric coverage out of 100: a covered point counts its full weight, a partial one half (100 if none)."""
    total = sum(k.weight for k in key_points)
    got = sum(k.weight * (1.0 if k.status == "covered" else 0.5 if k.status == "partial" else 0.0)
              for k in key_points)
    return 100.0 * got / total if total else 100.0


def exit_code(results: list[EssayResult], fail_on: str, failed_inputs: int = 0) -> int:
    """The one rule for exit codes: 2 if an input failed, 1 if a finding reaches ``fail_on``, else 0."""
    if failed_inputs:
        return 2
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    return 1 if any(r.worst() is not None and r.worst() >= threshold for r in results) else 0
