"""The assessment: rules + effort + target fit + sizing over one Inventory, as one frozen value.

    assessment = analyze(inventory, profile="aurora-postgresql")

Findings come from three places and are all kept: the scanner's own (what it could not read), the
source dialect's rule table, and the target profile's fit checks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from assessments.outcome import CONVERTED_FORMULA, TEST_CATEGORIES, Outcome, outcomes, score_converted
from assessments.profiles import SizingHint, fit_findings
from assessments.profiles import profile as get_profile
from assessments.rules import Dependency, all_rules, detect
from assessments.scoring import ObjectScore, Total, score_object, total, totals_by_schema
from migrate.model import ConversionResult, Finding, Inventory, Severity, SourceInfo

# rule id: (what could not be scanned, whether it makes the scan incomplete). Incomplete = a part of
# the source is missing from the inventory; the others are objects kept for review, read in part.
NOT_SCANNED: dict[str, tuple[str, bool]] = {
    "SCAN-FILE-001": ("a file could not be read", True),
    "SCAN-ENCODING-002": ("a file could not be decoded", True),
    "SCAN-EMPTY-002": ("no SQL statement was read from the files given", True),
    "SCAN-QUERY-001": ("a catalog query failed: a kind of object is missing", True),
    "SCAN-SCHEMA-002": ("a requested schema does not exist", True),
    "SCAN-UNPARSED-001": ("a statement could not be read (kept as text for review)", False),
    "SCAN-PRIVILEGE-001": ("only the objects this login can see were read (ALL_* views)", False),
    "ORA-TOKEN-001": ("an object's text could not be tokenized; its rules were not checked", False),
    "TSQL-TOKEN-001": ("an object's text could not be tokenized; its rules were not checked", False),
    "PG-TOKEN-001": ("an object's text could not be tokenized; its rules were not checked", False),
}


CODE_KINDS = frozenset(
    {"procedure", "function", "package", "package_body", "type", "type_body", "aggregate", "trigger"}
)


@dataclass(frozen=True)
class RuleSummary:
    """One rule that fired: how often, where, and what it costs in total."""

    rule_id: str
    title: str
    severity: Severity
    category: str
    remedy: str
    occurrences: int
    objects: int
    effort_hours: float  # sum of the occurrences left for people
    learning_hours: float  # once, when an occurrence is left for people
    converted: int = 0  # occurrences on objects the converter handles (priced as a review of its output)

    @property
    def left(self) -> int:
        """Occurrences a person still has to deal with after `convert`."""
        return self.occurrences - self.converted


@dataclass(frozen=True)
class Assessment:
    source: SourceInfo
    profile: str
    profile_title: str
    profile_sources: str
    complete: bool  # False: part of the source was not read; no figure here is final
    not_scanned: tuple[str, ...]  # what could not be scanned, one line each with its location
    counts: dict[str, int]  # objects by kind
    findings: tuple[Finding, ...]  # scanner + rules + target fit, worst first
    rules: tuple[RuleSummary, ...]
    objects: tuple[ObjectScore, ...]
    schemas: tuple[Total, ...]
    database: Total
    outlook: dict[str, int]  # inventory objects per complexity class (auto/simple/medium/complex)
    sizing: tuple[SizingHint, ...]
    dependencies: tuple[Dependency, ...]
    target_version: int = 16  # the target's PostgreSQL major version (settings: target.version)
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def fit(self) -> tuple[Finding, ...]:
        """Objects that would not fit the target profile."""
        return tuple(f for f in self.findings if f.category == "target")

    @property
    def code_lines(self) -> int:
        """Lines of stored code (routines, packages, types, triggers): what the conversion reads by hand."""
        return sum(o.units for o in self.objects if o.kind in CODE_KINDS)

    def behaviour_changes(self) -> tuple[RuleSummary, ...]:
        """Rules for code that converts but behaves differently: what the tests must cover."""
        return tuple(r for r in self.rules if r.category in ("semantics", "transaction"))

    def blockers(self, limit: int = 10) -> tuple[RuleSummary, ...]:
        """The rules that stop the migration or cost most, worst first."""
        ranked = sorted(self.rules, key=lambda r: (-r.severity.rank, -(r.effort_hours + r.learning_hours)))
        return tuple(r for r in ranked if r.severity >= Severity.HIGH and r.left)[:limit]


def inventory_objects(inventory: Inventory) -> Iterator[tuple[str, str, str, int]]:
    """(kind, SCHEMA.NAME, schema, units) of every object; units are columns or source lines."""
    for schema in inventory.schemas:
        s = schema.name
        for table in schema.tables:
            yield "table", table.qualified_name, s, len(table.columns)
            for index in table.indexes:
                yield "index", f"{s}.{index.name}", s, 0
        for view in schema.views:
            yield ("materialized_view" if view.materialized else "view"), view.qualified_name, s, _lines(view.query)
        for sequence in schema.sequences:
            yield "sequence", sequence.qualified_name, s, 0
        for routine in schema.routines:
            yield routine.kind.value, routine.qualified_name, s, routine.line_count
        for trigger in schema.triggers:
            yield "trigger", trigger.qualified_name, s, _lines(trigger.source)
        for synonym in schema.synonyms:
            yield "synonym", synonym.qualified_name, s, 0
    for link in inventory.db_links:
        yield "db_link", f"{link.owner}.{link.name}", link.owner, 0
    for job in inventory.jobs:
        yield "job", f"{job.owner}.{job.name}", job.owner, 0


def _lines(text: str) -> int:
    return text.count("\n") + 1 if text else 0


def _score_objects(
    inventory: Inventory, findings: tuple[Finding, ...], converted: dict[str, Outcome] | None = None
) -> list[ObjectScore]:
    by_object: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        by_object[(finding.object_kind, finding.object_name)].append(finding)
    scores = []
    for kind, name, schema, units in inventory_objects(inventory):
        found = by_object.pop((kind, name), [])
        outcome = (converted or {}).get(name.upper())
        score = score_converted(kind, name, schema, units, found, outcome) if outcome is not None else None
        scores.append(score or score_object(kind, name, schema, units, found))
    # findings on things that are not inventory objects (the database, a feature, a file)
    for (kind, name), found in sorted(by_object.items()):
        scores.append(score_object(kind or "file", name or "(source)", "", 0, found))
    return scores


def _charged(findings: tuple[Finding, ...], scores: list[ObjectScore]) -> list[Finding]:
    """The findings whose rules cost learning time: all of them, except the ones on objects the converter
    handled (priced from its outcome), where only the behaviour notes to test remain."""
    converted = {(s.kind, s.name) for s in scores if s.formula.startswith(CONVERTED_FORMULA)}
    return [f for f in findings if (f.object_kind, f.object_name) not in converted or f.category in TEST_CATEGORIES]


def _summaries(
    findings: tuple[Finding, ...], charged: list[Finding], learning: dict[str, float]
) -> tuple[RuleSummary, ...]:
    """One summary per rule; occurrences on objects the converter handles count as converted, and only the
    others cost effort and learning time (the same split the totals make)."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.rule_id].append(finding)
    left_ids = {id(f) for f in charged}
    rules = all_rules()
    out = []
    for rule_id, found in grouped.items():
        first = found[0]
        rule = rules.get(rule_id)
        left = [f for f in found if id(f) in left_ids]
        out.append(
            RuleSummary(
                rule_id,
                rule.title if rule else first.message,
                first.severity,
                first.category or (rule.category if rule else ""),
                first.remedy,
                len(found),
                len({(f.object_kind, f.object_name) for f in found}),
                round(sum(f.effort_hours for f in left), 2),
                learning.get(rule_id, 0.0) if left else 0.0,
                len(found) - len(left),
            )
        )
    return tuple(sorted(out, key=lambda r: (-r.severity.rank, -r.occurrences, r.rule_id)))


def _not_scanned(inventory: Inventory, findings: tuple[Finding, ...]) -> tuple[str, ...]:
    lines = [
        f"{NOT_SCANNED[f.rule_id][0]}: {f.object_name or f.message} ({f.location or 'catalog'})"
        for f in findings
        if f.rule_id in NOT_SCANNED
    ]
    if not inventory.complete and not lines:
        lines.append("the scanner reported the scan as incomplete")
    return tuple(lines)


def analyze(
    inventory: Inventory,
    profile: str = "aurora-postgresql",
    progress: Callable[..., None] | None = None,
    target_version: int = 16,
    conversion: ConversionResult | None = None,
) -> Assessment:
    """`conversion`: what `convert` made of this inventory; objects are then priced from its outcome
    (assessments/outcome.py) instead of from the rules alone."""
    target = get_profile(profile)
    found, dependencies = detect(inventory, progress)
    findings = tuple(
        sorted(
            (*inventory.findings, *found, *fit_findings(target, inventory, found)),
            key=lambda f: (
                -f.severity.rank,
                f.rule_id,
                f.object_name,
                f.location.line if f.location and f.location.line else 0,
            ),
        )
    )
    learning = {rule_id: rule.learning for rule_id, rule in all_rules().items()}
    scores = _score_objects(inventory, findings, outcomes(conversion) if conversion is not None else None)
    charged = _charged(findings, scores)
    not_scanned = _not_scanned(inventory, findings)
    counts = dict(Counter(kind for kind, *_ in inventory_objects(inventory)))
    return Assessment(
        source=inventory.source,
        profile=target.name,
        profile_title=target.title,
        profile_sources=target.sources,
        complete=inventory.complete and not any(NOT_SCANNED.get(f.rule_id, ("", False))[1] for f in findings),
        not_scanned=not_scanned,
        counts=counts,
        findings=findings,
        rules=_summaries(findings, charged, learning),
        objects=tuple(sorted(scores, key=lambda s: (-s.effort.hours, s.name))),
        schemas=totals_by_schema(scores, charged, learning),
        database=total(inventory.source.database or "database", scores, charged, learning),
        outlook=dict(Counter(s.complexity for s in scores[: sum(counts.values())])),
        sizing=target.sizing(inventory),
        dependencies=dependencies,
        target_version=target_version,
    )
