"""The optional data profile (`--profile-data`): what the live source's values say about its types.

Declared types are often wider than the data: Oracle's bare NUMBER holds any number, yet many such
columns hold only whole numbers; Oracle DATE always carries a time of day, yet many hold only dates.
This pass reads the values of only the columns a converter could narrow, with one query per table
(never one per column), and records what it saw on each column as a `ColumnProfile`. The converter's
type tables decide what to do with it, and say why.

A sample (`sample_rows`) reads only the first N rows the server returns: cheap on large tables, but it
can miss the one value with a fraction or a time of day, so the converter says a narrowing came from a
sample. The default is a full scan.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from migrate.errors import ConfigError, QueryError
from migrate.model import Column, ColumnProfile, ColumnType, Finding, Inventory, Location, Severity, Table

Progress = Callable[..., None]

# engine -> module holding its ENGINE (a ProfileSql): which columns to profile and how to ask
PROFILE_QUERIES: dict[str, str] = {
    "oracle": "assessments.oracle.profile_queries",
    "sqlserver": "assessments.sqlserver.profile_queries",
    "postgresql": "assessments.postgres.profile_queries",
}

NUMBER = "number"  # does any value have a fractional part; how many integer digits
DATETIME = "datetime"  # does any value have a time of day

PROFILE_FAILED = "AM-PROFILE-010"


@dataclass(frozen=True)
class Profiled:
    """One row of an engine's table: columns of these types are profiled as `kind`, because `reason`."""

    names: tuple[str, ...]  # type names as parse_column_type spells them
    kind: str  # NUMBER | DATETIME
    reason: str
    when: Callable[[ColumnType], bool] = lambda _t: True


@dataclass(frozen=True)
class ProfileSql:
    """How one engine asks a table about its values. Templates take {c} (a quoted column), {table}, {rows}."""

    columns: tuple[Profiled, ...]
    wide: dict[str, str]  # kind -> expression true for a value that rules out narrowing (a fraction, a time)
    sample: str  # a derived table holding the first {rows} rows of {table}
    quote: Callable[[str], str]


def profile_sql(
    engine: ProfileSql, table: Table, sample_rows: int | None
) -> tuple[str, list[tuple[Column, str]]] | None:
    """One SELECT returning a single row: COUNT(*), then per profiled column its non-null count, whether
    any value is "wide" (1/0), MIN and MAX. None when the table has no column worth profiling."""
    chosen = [(c, kind) for c in table.columns if (kind := _kind(engine, c)) is not None]
    if not chosen:
        return None
    cells = ["COUNT(*)"]
    for column, kind in chosen:
        c = engine.quote(column.name)
        wide = engine.wide[kind].format(c=c)
        cells += [f"COUNT({c})", f"MAX(CASE WHEN {wide} THEN 1 ELSE 0 END)", f"MIN({c})", f"MAX({c})"]
    source = f"{engine.quote(table.schema)}.{engine.quote(table.name)}"
    if sample_rows is not None:
        source = engine.sample.format(table=source, rows=int(sample_rows))
    return f"SELECT {', '.join(cells)} FROM {source}", chosen


def _kind(engine: ProfileSql, column: Column) -> str | None:
    if column.generated or column.identity is not None:  # computed, or a counter that keeps growing
        return None
    t = column.type
    return next((p.kind for p in engine.columns if t.name in p.names and p.when(t)), None)


def profiles_from_row(row: Sequence[Any], columns: list[tuple[Column, str]], sampled: bool) -> dict[str, ColumnProfile]:
    """The row `profile_sql` returns, as one ColumnProfile per column (keyed by column name).

    Drivers return counts as int (or Decimal/float from Oracle), flags as 0/1, MIN/MAX as int, float,
    Decimal, datetime or date: all are read without trusting a float's text for digit counts."""
    rows = int(row[0] or 0)
    out = {}
    for i, (column, kind) in enumerate(columns):
        non_null, wide, low, high = row[1 + 4 * i : 5 + 4 * i]
        seen = int(non_null or 0) > 0
        is_number = kind == NUMBER
        out[column.name] = ColumnProfile(
            rows_profiled=rows,
            sampled=sampled,
            non_null=int(non_null or 0),
            all_integers=(not int(wide or 0)) if seen and is_number else None,
            max_integer_digits=max(_digits(low), _digits(high)) if seen and is_number else None,
            has_time_part=bool(int(wide or 0)) if seen and not is_number else None,
            min_value=None if low is None else str(low),
            max_value=None if high is None else str(high),
        )
    return out


def _digits(value: Any) -> int:
    """Digits of the whole part of |value| (0 has one digit)."""
    if value is None:
        return 0
    try:
        whole = int(abs(Decimal(str(value))))
    except (InvalidOperation, ValueError, OverflowError):  # NaN, Infinity: the wide flag already says no
        return 0
    return len(str(whole))


def profile_inventory(
    conn: Any, inventory: Inventory, sample_rows: int | None = None, progress: Progress | None = None
) -> Inventory:
    """A copy of `inventory` with `Column.profile` filled from `conn`'s data (a migrate.engines Connection).

    A table whose query fails (no SELECT grant, dropped since the scan) keeps its columns unprofiled
    and the inventory gets a finding naming it; the other tables go on."""
    module = PROFILE_QUERIES.get(conn.engine)
    if module is None:
        raise ConfigError(
            f"no data profile for {conn.engine!r}", f"--profile-data supports {', '.join(PROFILE_QUERIES)}"
        )
    engine: ProfileSql = importlib.import_module(module).ENGINE
    report = progress or (lambda *a, **k: None)
    tables = inventory.tables()
    findings: list[Finding] = []
    profiled: dict[tuple[str, str], Table] = {}
    for done, table in enumerate(tables, 1):
        report(done, len(tables), table.qualified_name)
        query = profile_sql(engine, table, sample_rows)
        if query is None:
            continue
        sql, columns = query
        try:
            rows = conn.rows(sql)
        except QueryError as exc:
            findings.append(_failed(table, exc))
            continue
        # fewer rows than the sample asked for: every row was read, a full scan (exactly N rows stays "sampled")
        sampled = sample_rows is not None and int(rows[0][0] or 0) >= sample_rows
        found = profiles_from_row(rows[0], columns, sampled=sampled)
        profiled[(table.schema, table.name)] = _with_profiles(table, found)
    return _rebuilt(inventory, profiled, findings)


def _with_profiles(table: Table, found: dict[str, ColumnProfile]) -> Table:
    columns = tuple(replace(c, profile=found[c.name]) if c.name in found else c for c in table.columns)
    return replace(table, columns=columns)


def _rebuilt(inventory: Inventory, profiled: dict[tuple[str, str], Table], findings: list[Finding]) -> Inventory:
    schemas = tuple(
        replace(s, tables=tuple(profiled.get((t.schema, t.name), t) for t in s.tables)) for s in inventory.schemas
    )
    return replace(inventory, schemas=schemas, findings=(*inventory.findings, *findings))


def _failed(table: Table, exc: QueryError) -> Finding:
    return Finding(
        rule_id=PROFILE_FAILED,
        severity=Severity.MEDIUM,
        message=f"could not profile {table.qualified_name}: {exc.message}; its column types are not narrowed",
        object_kind="table",
        object_name=table.qualified_name,
        location=table.location or Location(),
        remedy="grant SELECT on the table to the scanning user, then run --profile-data again",
        category="profile",
    )
