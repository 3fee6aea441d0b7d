"""The ledger: every statement read is converted, flagged or ignored with a reason; bad input becomes findings
with file:line while the rest of the run continues."""

from __future__ import annotations

import pytest

from converters.convert import convert_inventory
from migrate.errors import ConversionError
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    Inventory,
    LedgerStatus,
    Location,
    Schema,
    SourceInfo,
    StatementRecord,
    Table,
    parse_column_type,
)


def at(line: int) -> Location:
    return Location("export.sql", line)


def table(name: str, line: int, raw: str = "NUMBER(9)", constraints=()) -> Table:
    return Table("HR", name, (Column("ID", parse_column_type(raw, "oracle")),), constraints, location=at(line))


DANGLING = Constraint("T_FK", ConstraintKind.FOREIGN_KEY, ("ID",), "HR", "MISSING", ("ID",))
TABLES = (
    table("GOOD", 1),
    table("ODD", 5, "MY_OBJECT_T"),
    table("CHILD", 9, constraints=(DANGLING,)),
    table("GOOD", 14),  # defined twice
)
STATEMENTS = (
    StatementRecord(1, at(1), "table", "HR.GOOD"),
    StatementRecord(2, at(5), "table", "HR.ODD"),
    StatementRecord(3, at(9), "table", "HR.CHILD"),
    StatementRecord(4, at(12), "set", disposition="ignored", reason="SQL*Plus setting, no meaning on PostgreSQL"),
    StatementRecord(5, at(13), "set", disposition="ignored"),
    StatementRecord(6, at(14), "table", "HR.GOOD"),
    StatementRecord(7, at(20), "table", "HR.BROKEN", "unparsed", "syntax error near 'TABLESPOON'", "CREATE TABLE x ("),
    StatementRecord(8, at(22), "audit", "", "unsupported", "AUDIT has no model", "AUDIT SELECT ON hr.good;"),
    StatementRecord(9, at(23), "grant", "HR.GOOD"),
)
INVENTORY = Inventory(SourceInfo("oracle", mode="files"), (Schema("HR", TABLES),), statements=STATEMENTS)


@pytest.fixture(scope="module")
def result():
    return convert_inventory(INVENTORY)


# (ordinal, ledger status)
ENTRIES = [
    (1, "flagged"),  # HR.GOOD: converted, but a second definition lands on it (duplicate finding)
    (2, "flagged"),  # unknown type: manual
    (3, "flagged"),  # its FK is dangling
    (4, "ignored"),
    (5, "flagged"),  # ignored without a reason is never silent
    (6, "flagged"),
    (7, "flagged"),
    (8, "flagged"),
    (9, "flagged"),  # grants are not converted by convert
]


@pytest.mark.parametrize(("ordinal", "status"), ENTRIES)
def test_every_statement_has_an_entry(result, ordinal: int, status: str) -> None:
    assert result.ledger.entries[ordinal - 1].status.value == status


def test_ledger_reconciles(result) -> None:
    ledger = result.ledger
    assert ledger.reconciles
    converted, flagged, ignored = (ledger.count(s) for s in LedgerStatus)
    assert (ledger.statements_in, converted + flagged + ignored) == (9, 9)


# (rule id, where it must be reported)
FINDINGS = [
    ("AM-TYPE-001", "export.sql:5"),  # unknown type
    ("AM-DDL-010", "export.sql:9"),  # dangling FK
    ("AM-NAME-002", "export.sql:14"),  # duplicate name
    ("AM-DDL-020", "export.sql:20"),  # unparsed statement kept as a manual object
    ("AM-DDL-020", "export.sql:22"),  # unsupported statement kept as a manual object
    ("AM-DDL-020", "export.sql:13"),  # ignored without a reason
    ("AM-DDL-022", "export.sql:23"),  # statement that produced no object
]


@pytest.mark.parametrize(("rule", "where"), FINDINGS)
def test_bad_input_is_a_finding_with_file_and_line(result, rule: str, where: str) -> None:
    everything = [*result.findings, *(f for o in result.objects for f in o.findings)]
    assert (rule, where) in [(f.rule_id, str(f.location)) for f in everything]


def test_unparsed_text_is_kept_in_the_output(result) -> None:
    held = next(o for o in result.objects if o.name == "statement_7")
    assert held.status.value == "manual" and "CREATE TABLE x (" in held.sql


def test_unknown_source_engine_is_refused() -> None:
    with pytest.raises(ConversionError, match="not one convert knows"):
        convert_inventory(Inventory(SourceInfo("db2")))


def test_live_inventory_has_one_entry_per_object() -> None:
    live = Inventory(SourceInfo("oracle", mode="live"), (Schema("HR", (table("A", 1), table("B", 2, "MY_T"))),))
    result = convert_inventory(live)
    assert [(e.name, e.status.value) for e in result.ledger.entries] == [("HR.A", "converted"), ("HR.B", "flagged")]
    assert result.ledger.reconciles
