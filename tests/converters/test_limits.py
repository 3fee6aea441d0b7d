"""PostgreSQL's hard limits are checked at conversion time: one line per limit, at it (converted, and PostgreSQL
takes it) and one past it (a finding, and the object left for a person)."""

from __future__ import annotations

import pytest

from converters.convert import convert_inventory
from converters.output import deploy_order
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    ConversionResult,
    Index,
    IndexColumn,
    Inventory,
    ObjectStatus,
    Routine,
    RoutineKind,
    Schema,
    SourceInfo,
    Table,
    parse_column_type,
)


def columns(n: int) -> tuple[Column, ...]:
    return tuple(Column(f"C{i}", parse_column_type("NUMBER(5)", "oracle")) for i in range(n))


def convert(table: Table, routines: tuple[Routine, ...] = ()) -> ConversionResult:
    return convert_inventory(Inventory(SourceInfo("oracle"), (Schema("HR", (table,), routines=routines),)), jobs=1)


def wide(n: int) -> Table:
    return Table("HR", "WIDE", columns(n))


def indexed(n: int, include: int = 0) -> Table:
    cols = columns(n + include)
    index = Index("IX", tuple(IndexColumn(c.name) for c in cols[:n]), include=tuple(c.name for c in cols[n:]))
    return Table("HR", "T", cols, indexes=(index,))


def keyed(kind: ConstraintKind, n: int) -> Table:
    cols = columns(n)
    names = tuple(c.name for c in cols)
    key = Constraint("K", kind, names, ref_schema="HR", ref_table="T", ref_columns=names)
    unique = Constraint("U", ConstraintKind.UNIQUE, names) if kind is ConstraintKind.FOREIGN_KEY else None
    return Table("HR", "T", cols, constraints=(key, *([unique] if unique else [])))


def routine(n: int) -> Routine:
    arguments = "(" + ", ".join(f"p{i} IN NUMBER DEFAULT TO_NUMBER('1,2', '9,9')" for i in range(n)) + ")"
    return Routine("HR", "F", RoutineKind.FUNCTION, f"CREATE FUNCTION f{arguments} RETURN NUMBER IS ...", "plsql",
                   arguments=arguments)  # fmt: skip


# (what, table, the object's kind, its rule when past the limit or None)
CASES = [
    ("1600 columns", wide(1600), "table", None),
    ("1601 columns", wide(1601), "table", "AM-DDL-033"),
    ("32 index columns", indexed(32), "index", None),
    ("33 index columns", indexed(33), "index", "AM-DDL-034"),
    ("30 key + 3 INCLUDE columns", indexed(30, include=3), "index", "AM-DDL-034"),
    ("32-column primary key", keyed(ConstraintKind.PRIMARY_KEY, 32), "table", None),
    ("33-column primary key", keyed(ConstraintKind.PRIMARY_KEY, 33), "table", "AM-DDL-034"),
    ("33-column unique key", keyed(ConstraintKind.UNIQUE, 33), "table", "AM-DDL-034"),
    ("33-column foreign key", keyed(ConstraintKind.FOREIGN_KEY, 33), "table", "AM-DDL-034"),
]


@pytest.mark.parametrize(("what", "table", "kind", "rule"), CASES, ids=[c[0] for c in CASES])
def test_limits(what: str, table: Table, kind: str, rule: str | None, pg) -> None:
    result = convert(table)
    (obj,) = [o for o in result.objects if o.kind == kind]
    rules = [f.rule_id for f in obj.findings if f.rule_id.startswith("AM-DDL-03")]
    assert set(rules) == ({rule} if rule else set()), what
    assert (obj.status is ObjectStatus.MANUAL) == (rule is not None), what
    if rule is None:  # at the limit: PostgreSQL takes it
        for o in deploy_order([o for o in result.objects if o.status is not ObjectStatus.MANUAL]):
            pg.execute(f"SET search_path TO {o.schema or 'public'}, public")
            pg.execute(o.sql)


@pytest.mark.parametrize(("n", "flagged"), [(100, False), (101, True)])
def test_function_arguments(n: int, flagged: bool) -> None:
    result = convert(Table("HR", "T", columns(1)), routines=(routine(n),))
    (obj,) = [o for o in result.objects if o.kind == "function"]
    assert ("AM-DDL-035" in {f.rule_id for f in obj.findings}) == flagged
    assert obj.status is ObjectStatus.MANUAL  # procedural code is manual either way


def test_past_the_limits_postgresql_refuses(pg) -> None:
    """The limits are PostgreSQL's, not ours: one past each fails on the server."""
    cols = ", ".join(f"c{i} int" for i in range(1601))
    with pytest.raises(Exception, match="at most 1600 columns"):
        pg.execute(f"CREATE TABLE wide ({cols})")
    pg.execute("CREATE TABLE t (" + ", ".join(f"c{i} int" for i in range(33)) + ")")
    with pytest.raises(Exception, match="more than 32 columns"):
        pg.execute("CREATE INDEX ix ON t (" + ", ".join(f"c{i}" for i in range(33)) + ")")
    with pytest.raises(Exception, match="more than 100 arguments"):
        pg.execute(
            "CREATE FUNCTION f("
            + ", ".join(f"a{i} int" for i in range(101))
            + ") RETURNS int AS 'SELECT 1' LANGUAGE sql"
        )


def test_long_names_are_shortened_without_collisions() -> None:
    """Identifiers over 63 bytes: PostgreSQL would cut them, so two names alike in their first 63 bytes would
    clash; names.py shortens each with a hash of the whole name, with a finding."""
    prefix = "É" * 40  # 80 bytes in UTF-8
    tables = tuple(Table("HR", f"{prefix}{tail}", columns(1)) for tail in ("_A", "_B"))
    result = convert_inventory(Inventory(SourceInfo("oracle"), (Schema("HR", tables),)), jobs=1)
    names = [o.name for o in result.objects if o.kind == "table"]
    assert len(set(names)) == 2 and all(len(n.encode()) <= 63 for n in names)
    assert all("AM-NAME-001" in {f.rule_id for f in o.findings} for o in result.objects if o.kind == "table")
