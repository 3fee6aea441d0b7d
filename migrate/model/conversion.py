"""What conversion and deployment produce: per-object target SQL, findings, and the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from migrate.model.findings import Finding, Location


class ObjectStatus(str, Enum):
    CONVERTED = "converted"
    CONVERTED_WITH_FINDINGS = "converted_with_findings"
    MANUAL = "manual"  # left in the output with an action-item comment; a person must finish it
    FAILED = "failed"


@dataclass(frozen=True)
class ColumnMapping:
    """How one source column lands on the target: the DMS mappings and the validators read these."""

    source_name: str
    target_name: str
    target_type: str  # PostgreSQL type text, e.g. "numeric(12,2)", "timestamp(0)"
    reason: str = ""  # why this type (the type rule's reason, or the override that chose it)


@dataclass(frozen=True)
class ConvertedObject:
    kind: str  # schema | table | constraint | index | sequence | view | materialized_view | synonym | comment | ...
    schema: str  # target schema name (folded)
    name: str  # target object name (folded)
    sql: str  # PostgreSQL text; for MANUAL objects, the source text under an action-item comment
    status: ObjectStatus
    source_name: str = ""  # the name as the source spells it, schema-qualified
    location: Location | None = None
    findings: tuple[Finding, ...] = ()
    depends_on: tuple[str, ...] = ()  # qualified target names of objects this one needs first
    deploy_phase: str = "schema"  # schema | post_load (e.g. FKs and indexes created after the data load)
    columns: tuple[ColumnMapping, ...] = ()  # tables: every column, source name -> target name and type

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


class LedgerStatus(str, Enum):
    CONVERTED = "converted"
    FLAGGED = "flagged"  # kept in the output with findings, or manual
    IGNORED = "ignored"  # session noise with no meaning on the target (SET DEFINE OFF, GO, PROMPT); reason given


@dataclass(frozen=True)
class LedgerEntry:
    """One input statement and what became of it."""

    ordinal: int
    location: Location | None
    kind: str
    name: str
    status: LedgerStatus
    reason: str = ""
    objects: tuple[str, ...] = ()  # qualified names of the ConvertedObjects it produced


@dataclass(frozen=True)
class Ledger:
    statements_in: int
    entries: tuple[LedgerEntry, ...]

    def count(self, status: LedgerStatus) -> int:
        return sum(1 for e in self.entries if e.status is status)

    @property
    def unaccounted(self) -> int:
        """Statements read but neither converted, flagged nor ignored-with-reason: must be zero."""
        ignored_without_reason = sum(1 for e in self.entries if e.status is LedgerStatus.IGNORED and not e.reason)
        return self.statements_in - len(self.entries) + ignored_without_reason

    @property
    def reconciles(self) -> bool:
        return self.unaccounted == 0 and len(self.entries) == self.statements_in


@dataclass(frozen=True)
class ConversionResult:
    source_dialect: str
    target_version: int
    objects: tuple[ConvertedObject, ...]
    ledger: Ledger
    findings: tuple[Finding, ...] = ()  # run-level findings not tied to one object


class DeployStatus(str, Enum):
    OK = "ok"
    ERROR = "error"
    SKIPPED_DEPENDENCY = "skipped_dependency"
    SKIPPED_MANUAL = "skipped_manual"


@dataclass(frozen=True)
class DeployOutcome:
    kind: str
    schema: str
    name: str
    status: DeployStatus
    error: str = ""
    sqlstate: str = ""
    finding: Finding | None = None
    notes: tuple[Finding, ...] = ()  # what a check found that does not fail the object (plpgsql_check warnings)


@dataclass(frozen=True)
class DeployReport:
    target: str  # password-masked URL
    server_version: str
    outcomes: tuple[DeployOutcome, ...]
    dry_run: bool = False
    warnings: tuple[str, ...] = ()  # about the run as a whole (a target version other than the conversion's)
    routine_check: str = ""  # how routine bodies were checked (plpgsql_check version, or why they were not)

    def count(self, status: DeployStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)
