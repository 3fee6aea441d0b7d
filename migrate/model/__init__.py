"""The one data model every stage shares. Imports nothing of aurora-migrate's outside this package."""

from pathlib import Path

from migrate.model.conversion import (
    ColumnMapping,
    ConversionResult,
    ConvertedObject,
    DeployOutcome,
    DeployReport,
    DeployStatus,
    Ledger,
    LedgerEntry,
    LedgerStatus,
    ObjectStatus,
)
from migrate.model.findings import Finding, Location, Severity
from migrate.model.inventory import (
    Column,
    ColumnProfile,
    ColumnType,
    Constraint,
    ConstraintKind,
    Identity,
    Index,
    IndexColumn,
    Inventory,
    Partition,
    Partitioning,
    Routine,
    RoutineKind,
    Schema,
    Sequence,
    SourceInfo,
    Synonym,
    Table,
    Trigger,
    TypeFamily,
    View,
)
from migrate.model.serialize import SCHEMA_VERSION, ModelFormatError, dumps, from_data, loads, read, to_data, write
from migrate.model.surroundings import CONTEXT_ACCESS, DbLink, Feature, Grant, Job, StatementRecord, context_access
from migrate.model.types import parse_column_type

__all__ = [
    "CONTEXT_ACCESS",
    "SCHEMA_VERSION",
    "Column",
    "ColumnMapping",
    "ColumnProfile",
    "ColumnType",
    "Constraint",
    "ConstraintKind",
    "ConversionResult",
    "ConvertedObject",
    "DbLink",
    "DeployOutcome",
    "DeployReport",
    "DeployStatus",
    "Feature",
    "Finding",
    "Grant",
    "Identity",
    "Index",
    "IndexColumn",
    "Inventory",
    "Job",
    "Ledger",
    "LedgerEntry",
    "LedgerStatus",
    "Location",
    "ModelFormatError",
    "ObjectStatus",
    "Partition",
    "Partitioning",
    "Routine",
    "RoutineKind",
    "Schema",
    "Sequence",
    "Severity",
    "SourceInfo",
    "StatementRecord",
    "Synonym",
    "Table",
    "Trigger",
    "TypeFamily",
    "View",
    "context_access",
    "dumps",
    "from_data",
    "load_conversion",
    "load_inventory",
    "loads",
    "parse_column_type",
    "read",
    "save_conversion",
    "save_inventory",
    "to_data",
    "write",
]


def save_inventory(path: Path, inventory: Inventory) -> Path:
    return write(path, inventory, "inventory")


def load_inventory(path: Path) -> Inventory:
    return read(Inventory, path, "inventory")


def save_conversion(path: Path, result: ConversionResult) -> Path:
    return write(path, result, "conversion")


def load_conversion(path: Path) -> ConversionResult:
    return read(ConversionResult, path, "conversion")
