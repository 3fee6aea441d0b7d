"""Type rules that read a column's data profile (`--profile-data`). Each engine's module lists the rows
it wants in PROFILED_RULES; `map_type` tries them before the declared-type table, first match wins.

A narrowing is only as good as the data it saw, so every row that narrows raises a finding naming the
observation (rows read, full scan or sample, largest value) and what changes on the target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot import exp

from migrate.model import Column, ColumnProfile, ColumnType, Finding, Severity, Table, TypeFamily

# digits added above the largest value seen, so the column can still grow a hundredfold after cutover
HEADROOM_DIGITS = 2

# digits that always fit -> integer type (same widths as the declared-type tables)
INTEGER_WIDTHS: tuple[tuple[int, str], ...] = ((4, "smallint"), (9, "integer"), (18, "bigint"))

NARROWED_NUMBER = "AM-PROFILE-001"
NARROWED_DATE = "AM-PROFILE-002"
NARROWINGS = frozenset({NARROWED_NUMBER, NARROWED_DATE})  # rule ids of a type the data chose
ONLY_DATES_KEPT = "AM-PROFILE-003"
NO_VALUES = "AM-PROFILE-004"


@dataclass(frozen=True)
class ProfiledRule:
    names: tuple[str, ...]  # source type names, as parse_column_type spells them
    when: Callable[[ColumnType, ColumnProfile], bool]
    target: Callable[[ColumnType, ColumnProfile], str] | None  # None: the declared-type table's type is kept
    reason: Callable[[ColumnType, ColumnProfile], str]
    finding: Callable[[ColumnType, ColumnProfile, str], Finding]  # given the chosen type


def seen(p: ColumnProfile) -> str:
    """'profiled 1200 rows (full scan)' / '... (a sample of the first 1000 rows)'."""
    how = f"a sample of the first {p.rows_profiled} rows" if p.sampled else "full scan"
    return f"profiled {p.rows_profiled} rows ({how}), {p.non_null} not null"


def integer_type(p: ColumnProfile, widths: tuple[tuple[int, str], ...] = INTEGER_WIDTHS) -> str:
    """The smallest integer type holding the largest value seen plus HEADROOM_DIGITS digits."""
    digits = (p.max_integer_digits or 1) + HEADROOM_DIGITS
    return next((name for width, name in widths if digits <= width), f"numeric({digits})")


def only_integers(t: ColumnType, p: ColumnProfile) -> bool:
    """A declared precision already sized the column (and may reserve room the data does not show yet)."""
    undeclared = t.precision is None or t.family is TypeFamily.FLOAT
    return undeclared and p.non_null > 0 and p.all_integers is True


def only_dates(t: ColumnType, p: ColumnProfile) -> bool:
    return p.non_null > 0 and p.has_time_part is False


def no_values(t: ColumnType, p: ColumnProfile) -> bool:
    return p.non_null == 0


# per-column hours a person spends confirming a narrowed type (for the assessment); the notes cost nothing
EFFORT_HOURS: dict[str, float] = {NARROWED_NUMBER: 0.25, NARROWED_DATE: 0.25}


def _finding(raw: str, rule_id: str, severity: Severity, message: str, remedy: str = "") -> Finding:
    """A finding on a column whose type the data profile judged (its declared type as the snippet)."""
    return Finding(
        rule_id,
        severity,
        message,
        remedy=remedy,
        snippet=raw,
        category="type",
        effort_hours=EFFORT_HOURS.get(rule_id, 0.0),
    )


def _severity(p: ColumnProfile, full: Severity) -> Severity:
    """A sample may have missed the value that needs the wider type: one step more severe."""
    return Severity.MEDIUM if p.sampled and full < Severity.MEDIUM else full


# what changes for code and later inserts once a number column is narrowed to this type
INTEGER_CHANGES = "integer division truncates (7/2 = 3) and a value inserted later with a fraction is rounded"
AFTER_NARROWING: dict[str, str] = {
    **{name: f"In PostgreSQL {INTEGER_CHANGES}" for name in ("smallint", "integer", "bigint")},
    "numeric": "A value inserted later with a fraction is rounded to a whole number",
}


def _number_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return _finding(
        t.raw,
        NARROWED_NUMBER,
        _severity(p, Severity.MEDIUM),
        (
            f"{t.raw} narrowed to {chosen}: {seen(p)}, only whole numbers, largest {p.max_integer_digits} digits "
            f"(min {p.min_value}, max {p.max_value}). {AFTER_NARROWING[chosen.split('(')[0]]}"
        ),
        remedy=f'if the column can hold fractions, set type_overrides "SCHEMA.TABLE.COLUMN" = "numeric"; '
        f'to keep exact division, "numeric({(p.max_integer_digits or 1) + HEADROOM_DIGITS})"',
    )


def _date_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return _finding(
        t.raw,
        NARROWED_DATE,
        _severity(p, Severity.LOW),
        (
            f"{t.raw} narrowed to {chosen}: {seen(p)}, no time of day (min {p.min_value}, max {p.max_value}). "
            "A time of day inserted later is dropped"
        ),
        remedy='if the column will hold times, set type_overrides "SCHEMA.TABLE.COLUMN" = "timestamp(0)"',
    )


def _kept_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return _finding(
        t.raw,
        ONLY_DATES_KEPT,
        Severity.INFO,
        f"{t.raw} holds only dates ({seen(p)}, no time of day); kept as {chosen} because the source "
        "had a date type and chose this one",
        remedy='if it is a date, set type_overrides "SCHEMA.TABLE.COLUMN" = "date"',
    )


def _empty_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return _finding(
        t.raw,
        NO_VALUES,
        Severity.INFO,
        f"{t.raw} not narrowed: {seen(p)}, nothing to judge from; kept as {chosen}",
    )


def narrow_integers(names: tuple[str, ...], widths: tuple[tuple[int, str], ...] = INTEGER_WIDTHS) -> ProfiledRule:
    """Only whole numbers seen -> smallint/integer/bigint/numeric(p) by the largest value's digits + headroom.
    `widths=()` always gives numeric(p): for a source whose values are compared as floats (Oracle FLOAT)."""
    return ProfiledRule(
        names,
        only_integers,
        lambda t, p: integer_type(p, widths),
        lambda t, p: (
            f"{seen(p)}: only whole numbers of at most {p.max_integer_digits} digits; "
            f"{integer_type(p, widths)} holds them with {HEADROOM_DIGITS} digits of headroom"
        ),
        _number_finding,
    )


def narrow_to_date(names: tuple[str, ...]) -> ProfiledRule:
    """No time of day seen -> date."""
    return ProfiledRule(
        names, only_dates, lambda t, p: "date", lambda t, p: f"{seen(p)}: no time of day, so date", _date_finding
    )


def keep_only_dates(names: tuple[str, ...]) -> ProfiledRule:
    """No time of day seen, but the source chose a date-time over its own date type: say so, keep it."""
    return ProfiledRule(names, only_dates, None, lambda t, p: f"{seen(p)}: no time of day seen", _kept_finding)


def nothing_seen(names: tuple[str, ...]) -> ProfiledRule:
    """An empty table or an all-null column: the declared type stays, and the report says it was looked at."""
    return ProfiledRule(names, no_values, None, lambda t, p: f"{seen(p)}: no values", _empty_finding)


# -- when a profile must not be used -----------------------------------------------------------------

KEPT_FOR_EXPRESSIONS = "AM-PROFILE-005"


def expression_users(table: Table, column: Column, dialect: Any) -> list[str]:
    """Expression indexes and computed columns of `table` that read `column`. Their converted SQL is written
    for the declared type: date_trunc('day', x) is IMMUTABLE on a timestamp, but on a date it resolves to the
    timestamptz variant, which PostgreSQL refuses in an index. Such a column keeps its declared type."""
    wanted = column.name.upper()
    users = [
        f"index {index.name}"
        for index in table.indexes
        if any(part.is_expression and _reads(part.expression, wanted, dialect) for part in index.columns)
    ]
    users += [
        f"computed column {other.name}"
        for other in table.columns
        if other.generated and other is not column and _reads(other.generated, wanted, dialect)
    ]
    return users


def _reads(sql: str, name: str, dialect: Any) -> bool:
    try:
        tree = sqlglot.parse_one(sql, read=dialect)
    except sqlglot.errors.SqlglotError:
        return True  # unreadable: the column cannot be ruled out
    return any(c.name.upper() == name for c in tree.find_all(exp.Column))


def kept_for_expressions(column: Column, users: list[str]) -> Finding:
    return _finding(
        column.type.raw,
        KEPT_FOR_EXPRESSIONS,
        Severity.INFO,
        f"{column.type.raw} not narrowed from its data profile: {', '.join(users)} read it, and their "
        "converted expressions are written for the declared type",
        remedy="narrow it by hand with type_overrides after checking those expressions",
    )
