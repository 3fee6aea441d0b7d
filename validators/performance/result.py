"""What a performance run produces: one QueryResult per workload query (both sides), and the report around them."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

REPORT_VERSION = 1
# status -> what it means; the order is the report's order of attention
STATUSES: dict[str, str] = {
    "error": "could not be measured (did not convert, failed, timed out, or refused as a write)",
    "mismatch": "the two sides returned different rows",
    "regression": "slower on the target beyond the threshold",
    "ok": "within the threshold",
}


@dataclass
class Cause:
    """A likely reason for a query's time on one side, read from its plan, with what to do about it."""

    rule_id: str
    message: str
    suggestion: str
    relation: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SideRun:
    """One side's measurements of one query."""

    latencies_ms: list[float] = field(default_factory=list)
    rows: int | None = None
    result_hash: str = ""
    set_hash: str = ""  # the rows as a multiset, whatever the order (tells "same rows, other order" apart)
    ordered: bool = False  # the hash keeps row order (the query has an ORDER BY)
    plan: dict[str, Any] | None = None  # the plan summary (PostgreSQL EXPLAIN ANALYZE, summarised)
    plan_text: str = ""  # Oracle / SQL Server plan text where it could be read
    observations: list[Cause] = field(default_factory=list)  # what the plan shows, regression or not
    error: str = ""
    timed_out: bool = False
    # the first SAMPLE_ROWS rows in canonical text, to show which rows differ (kept in memory, not in the report)
    sample: list[tuple[str, ...]] = field(default_factory=list, repr=False)

    def percentile(self, p: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        if len(ordered) == 1:
            return ordered[0]
        return statistics.quantiles(ordered, n=100, method="inclusive")[int(p) - 1] if p < 100 else ordered[-1]

    @property
    def p50(self) -> float | None:
        return statistics.median(self.latencies_ms) if self.latencies_ms else None

    @property
    def p95(self) -> float | None:
        return self.percentile(95)

    @property
    def max(self) -> float | None:
        return max(self.latencies_ms) if self.latencies_ms else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("sample")
        data["latencies_ms"] = [round(x, 3) for x in self.latencies_ms]
        data.update({k: _round(getattr(self, k)) for k in ("p50", "p95", "max")})
        return data


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass
class QueryResult:
    name: str
    source_sql: str  # as written in the workload
    source_run_sql: str = ""  # with the parameter values in place, as sent to the source
    target_sql: str = ""  # converted to PostgreSQL, as sent to the target
    where: str = ""  # workload file:line
    note: str = ""
    conversion_notes: list[str] = field(default_factory=list)
    status: str = "ok"
    summary: str = ""
    ratio: float | None = None  # target p50 / source p50
    source: SideRun = field(default_factory=SideRun)
    target: SideRun = field(default_factory=SideRun)
    causes: list[Cause] = field(default_factory=list)  # the likely causes of a regression
    confirmed: bool = False  # measured a second round because the first looked slower
    differences: list[str] = field(default_factory=list)  # rows one side returned and the other did not (a sample)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["source"] = self.source.as_dict()
        data["target"] = self.target.as_dict()
        data["causes"] = [c.as_dict() for c in self.causes]
        return data


@dataclass
class PerformanceReport:
    source: str  # password-masked URLs
    target: str
    settings: dict[str, Any] = field(default_factory=dict)
    queries: list[QueryResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # run-level: an empty workload, a side that cannot connect
    started: str = ""
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 nothing flagged; 1 regressions or result mismatches; 2 something could not be measured."""
        if self.problems or not self.queries or self.count("error"):
            return 2
        return 1 if self.count("regression") or self.count("mismatch") else 0

    def count(self, status: str) -> int:
        return sum(1 for q in self.queries if q.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "aurora-migrate-performance",
            "version": REPORT_VERSION,
            "source": self.source,
            "target": self.target,
            "started": self.started,
            "elapsed": round(self.elapsed, 3),
            "settings": self.settings,
            "exit_code": self.exit_code,
            "summary": {s: self.count(s) for s in STATUSES},
            "problems": self.problems,
            "queries": [q.as_dict() for q in self.queries],
        }
