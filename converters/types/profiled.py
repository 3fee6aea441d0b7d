"""Type rules that read a column's data profile (`--profile-data`). Each engine's module lists the rows
it wants in PROFILED_RULES; `map_type` tries them before the declared-type table, first match wins.

A narrowing is only as good as the data it saw, so every row that narrows raises a finding naming the
observation (rows read, full scan or sample, largest value) and what changes on the target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from migrate.model import ColumnProfile, ColumnType, Finding, Severity, TypeFamily

# digits added above the largest value seen, so the column can still grow a hundredfold after cutover
HEADROOM_DIGITS = 2

# digits that always fit -> integer type (same widths as the declared-type tables)
INTEGER_WIDTHS: tuple[tuple[int, str], ...] = ((4, "smallint"), (9, "integer"), (18, "bigint"))

NARROWED_NUMBER = "AM-PROFILE-001"
NARROWED_DATE = "AM-PROFILE-002"
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
    return Finding(
        rule_id=NARROWED_NUMBER,
        severity=_severity(p, Severity.MEDIUM),
        message=(
            f"{t.raw} narrowed to {chosen}: {seen(p)}, only whole numbers, largest {p.max_integer_digits} digits "
            f"(min {p.min_value}, max {p.max_value}). {AFTER_NARROWING[chosen.split('(')[0]]}"
        ),
        remedy=f'if the column can hold fractions, set type_overrides "SCHEMA.TABLE.COLUMN" = "numeric"; '
        f'to keep exact division, "numeric({(p.max_integer_digits or 1) + HEADROOM_DIGITS})"',
        snippet=t.raw,
        category="type",
    )


def _date_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return Finding(
        rule_id=NARROWED_DATE,
        severity=_severity(p, Severity.LOW),
        message=(
            f"{t.raw} narrowed to {chosen}: {seen(p)}, no time of day (min {p.min_value}, max {p.max_value}). "
            "A time of day inserted later is dropped"
        ),
        remedy='if the column will hold times, set type_overrides "SCHEMA.TABLE.COLUMN" = "timestamp(0)"',
        snippet=t.raw,
        category="type",
    )


def _kept_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return Finding(
        rule_id=ONLY_DATES_KEPT,
        severity=Severity.INFO,
        message=f"{t.raw} holds only dates ({seen(p)}, no time of day); kept as {chosen} because the source "
        "had a date type and chose this one",
        remedy='if it is a date, set type_overrides "SCHEMA.TABLE.COLUMN" = "date"',
        snippet=t.raw,
        category="type",
    )


def _empty_finding(t: ColumnType, p: ColumnProfile, chosen: str) -> Finding:
    return Finding(
        rule_id=NO_VALUES,
        severity=Severity.INFO,
        message=f"{t.raw} not narrowed: {seen(p)}, nothing to judge from; kept as {chosen}",
        snippet=t.raw,
        category="type",
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
