"""The effort model: what moving each object costs, summed per schema and database, with a range.

    object hours   = base(kind) + per_unit(kind) x units + sum(effort of each finding on it)
    database hours = sum(object hours) + sum(learning hours of each distinct rule that fired)

`units` are columns for a table and source lines for code. The range widens each finding's effort
by its severity (a blocker's estimate is the least certain). Every weight is a row with its reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from migrate.model import Finding, Severity

# kind: (hours per object, hours per unit, unit, reason)
BASE_EFFORT: dict[str, tuple[float, float, str, str]] = {
    "table": (0.05, 0.005, "column", "DDL is generated; an engineer reviews each column's type choice"),
    "view": (0.25, 0.01, "line", "the query is converted automatically but must be run and compared"),
    "materialized_view": (0.5, 0.01, "line", "as a view, plus a refresh schedule to set up"),
    "sequence": (0.02, 0.0, "", "generated; only the restart value needs setting at cutover"),
    "index": (0.02, 0.0, "", "generated with the table"),
    "synonym": (0.05, 0.0, "", "resolved to a qualified name or a view"),
    "procedure": (0.5, 0.01, "line", "converted code must be read, compiled and unit-tested"),
    "function": (0.5, 0.01, "line", "as a procedure"),
    "package": (0.5, 0.01, "line", "the spec becomes the public surface of a schema"),
    "package_body": (1.0, 0.012, "line", "bodies carry most of the logic; tested member by member"),
    "type": (0.5, 0.01, "line", "object types become composite types plus functions"),
    "type_body": (1.0, 0.012, "line", "member methods become functions"),
    "aggregate": (1.0, 0.01, "line", "user aggregates need state and final functions"),
    "trigger": (0.25, 0.01, "line", "split into a trigger function and a CREATE TRIGGER"),
    "job": (0.25, 0.0, "", "re-created in pg_cron or EventBridge"),
    "db_link": (0.0, 0.0, "", "all of its cost is in its findings"),
}
DEFAULT_BASE = (0.1, 0.0, "", "an object kind without its own row: a quick review")

# severity: (low factor, high factor, reason) applied to a finding's per-occurrence effort
RANGE: dict[Severity, tuple[float, float, str]] = {
    Severity.INFO: (1.0, 1.0, "nothing to do beyond reading it"),
    Severity.LOW: (0.8, 1.5, "a known mechanical rewrite"),
    Severity.MEDIUM: (0.75, 2.0, "a known rewrite that needs testing of edge cases"),
    Severity.HIGH: (0.5, 3.0, "a redesign of the piece; scope depends on what the code does"),
    Severity.BLOCKER: (0.5, 4.0, "needs a decision outside the database (a service, a redesign)"),
}
LEARNING_RANGE = (0.5, 1.5, "a team that has met the pattern before learns faster; a new one slower")

# (class, up to hours, worst severity allowed, reason); first row that fits wins
CLASSES: tuple[tuple[str, float, Severity, str], ...] = (
    ("auto", 0.5, Severity.INFO, "the converter handles it; review only"),
    ("simple", 2.0, Severity.MEDIUM, "mechanical fixes an engineer does in an afternoon"),
    ("medium", 8.0, Severity.HIGH, "a day of work, including a redesign of one piece"),
    ("complex", float("inf"), Severity.BLOCKER, "several days, or something that needs a decision first"),
)
DATABASE_CLASSES: tuple[tuple[str, float, Severity, str], ...] = (
    ("auto", 8.0, Severity.INFO, "the converter handles it; a day of review"),
    ("simple", 80.0, Severity.MEDIUM, "up to two person-weeks, nothing needing redesign"),
    ("medium", 400.0, Severity.HIGH, "up to ten person-weeks; some redesign"),
    ("complex", float("inf"), Severity.BLOCKER, "a project of its own, or blockers needing decisions"),
)


@dataclass(frozen=True)
class Effort:
    hours: float
    low: float
    high: float

    def __add__(self, other: Effort) -> Effort:
        return Effort(self.hours + other.hours, self.low + other.low, self.high + other.high)


ZERO = Effort(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class ObjectScore:
    kind: str
    name: str  # SCHEMA.NAME
    schema: str
    units: int
    base_hours: float
    finding_hours: float
    findings: int
    worst: Severity
    effort: Effort
    complexity: str
    formula: str


def base_effort(kind: str, units: int) -> tuple[float, str]:
    fixed, per_unit, unit, _reason = BASE_EFFORT.get(kind, DEFAULT_BASE)
    hours = fixed + per_unit * units
    text = f"{fixed:g} h" + (f" + {per_unit:g} h x {units} {unit}s" if per_unit and unit else "")
    return hours, text


def findings_effort(findings: Iterable[Finding]) -> Effort:
    total = ZERO
    for finding in findings:
        low, high, _ = RANGE[finding.severity]
        total += Effort(finding.effort_hours, finding.effort_hours * low, finding.effort_hours * high)
    return total


def learning_effort(rule_ids: Iterable[str], learning: Mapping[str, float]) -> Effort:
    # summed in a fixed order: floating-point sums over a set differ by 0.1 h between runs (hash seeds)
    hours = sum(learning.get(rule_id, 0.0) for rule_id in sorted(set(rule_ids)))
    return Effort(hours, hours * LEARNING_RANGE[0], hours * LEARNING_RANGE[1])


def classify(hours: float, worst: Severity, table: tuple[tuple[str, float, Severity, str], ...] = CLASSES) -> str:
    return next(name for name, limit, allowed, _ in table if hours <= limit and worst <= allowed)


def score_object(kind: str, name: str, schema: str, units: int, findings: list[Finding]) -> ObjectScore:
    base, base_text = base_effort(kind, units)
    found = findings_effort(findings)
    effort = Effort(base, base, base * 1.25) + found
    worst = max((f.severity for f in findings), default=Severity.INFO)
    formula = f"{base_text} + {found.hours:g} h for {len(findings)} finding(s) = {effort.hours:.2f} h"
    return ObjectScore(
        kind,
        name,
        schema,
        units,
        base,
        found.hours,
        len(findings),
        worst,
        effort,
        classify(effort.hours, worst),
        formula,
    )


@dataclass(frozen=True)
class Total:
    """Effort of a schema or the whole database: objects + learning curve of the rules that fired there."""

    name: str
    objects: int
    object_effort: Effort
    learning: Effort
    effort: Effort
    complexity: str
    rules: int
    formula: str


def total(name: str, scores: list[ObjectScore], findings: list[Finding], learning: Mapping[str, float]) -> Total:
    objects = sum((s.effort for s in scores), ZERO)
    rules = {f.rule_id for f in findings}
    learned = learning_effort(rules, learning)
    effort = objects + learned
    worst = max((f.severity for f in findings), default=Severity.INFO)
    formula = (
        f"{objects.hours:.1f} h over {len(scores)} objects + {learned.hours:.1f} h learning curve for "
        f"{len(rules)} distinct rules = {effort.hours:.1f} h (range {effort.low:.0f}-{effort.high:.0f} h)"
    )
    return Total(
        name,
        len(scores),
        objects,
        learned,
        effort,
        classify(effort.hours, worst, DATABASE_CLASSES),
        len(rules),
        formula,
    )


def totals_by_schema(
    scores: list[ObjectScore], findings: list[Finding], learning: Mapping[str, float]
) -> tuple[Total, ...]:
    """Per schema; findings on things outside any schema (the database, a file) go to "(database)"."""
    by_schema: dict[str, list[ObjectScore]] = defaultdict(list)
    schema_of: dict[tuple[str, str], str] = {}
    for score in scores:
        by_schema[score.schema].append(score)
        schema_of[(score.kind, score.name)] = score.schema
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        found[schema_of.get((finding.object_kind, finding.object_name), "")].append(finding)
    return tuple(
        total(schema or "(database)", by_schema[schema], found[schema], learning) for schema in sorted(by_schema)
    )
