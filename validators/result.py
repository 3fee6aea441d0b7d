"""What a validation run produces: one CheckResult per table per check, and the report around them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REPORT_VERSION = 1
STATUSES = ("match", "differ", "error")


@dataclass
class CheckResult:
    check: str  # counts | checksums | aggregates | schema
    table: str
    status: str  # match | differ | error
    summary: str = ""
    method: str = ""  # how it was compared (hash, segmentation, estimate...)
    key: str = ""  # which key identified rows
    source_rows: int | None = None
    target_rows: int | None = None
    difference_count: int = 0
    differences: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    retries: list[str] = field(default_factory=list)  # dropped connections recovered while this check ran
    elapsed: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(**data)


@dataclass
class ValidationReport:
    source: str  # password-masked URLs
    target: str
    checks: list[CheckResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # run-level: could not run at all
    retries: list[str] = field(default_factory=list)  # run-level (catalogs, schema): dropped links recovered
    started: str = ""
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 everything matches; 1 differences found; 2 something could not be validated."""
        if self.problems or any(c.status == "error" for c in self.checks):
            return 2
        return 1 if any(c.status == "differ" for c in self.checks) else 0

    def count(self, status: str) -> int:
        return sum(1 for c in self.checks if c.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "aurora-migrate-validation",
            "version": REPORT_VERSION,
            "source": self.source,
            "target": self.target,
            "started": self.started,
            "elapsed": round(self.elapsed, 3),
            "exit_code": self.exit_code,
            "summary": {s: self.count(s) for s in STATUSES},
            "problems": self.problems,
            "retries": self.retries,
            "checks": [c.as_dict() for c in self.checks],
        }

    def dataframe(self) -> Any:
        """One row per table per check (pandas)."""
        import pandas as pd

        columns = ["check", "table", "status", "source_rows", "target_rows", "difference_count", "method", "elapsed"]
        return pd.DataFrame([{k: getattr(c, k) for k in columns} for c in self.checks], columns=columns)
