"""Column types: one rule table per source engine, first match wins, a reason on every row.

`map_type` picks the PostgreSQL type for a source `ColumnType`. A per-column override from
`conversion.type_overrides` ("SCHEMA.TABLE.COLUMN" -> type) wins over every table. A type no row
matches is never guessed: it comes back with `sql=None` and a finding, and the table that holds it
becomes a manual object until the user adds an override.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from migrate.model import ColumnProfile, ColumnType, Finding, Severity, parse_column_type
from migrate.model.engines import DEFAULT_TARGET_VERSION

# source engine -> module holding its RULES table
RULE_MODULES: dict[str, str] = {
    "oracle": "converters.types.oracle",
    "sqlserver": "converters.types.sqlserver",
    "postgresql": "converters.types.postgres",
}


@dataclass(frozen=True)
class Note:
    """A finding a type rule always raises (precision lost, semantics that differ, options to choose)."""

    rule_id: str
    severity: Severity
    message: str
    remedy: str = ""
    effort_hours: float = 0.0  # per column, for the assessment; a note above INFO names its own (a test checks)


@dataclass(frozen=True)
class TypeRule:
    names: tuple[str, ...]  # source type names (upper case, as parse_column_type spells them); () = any
    target: str | Callable[[ColumnType, int], str]  # PostgreSQL type, or a builder given (type, target version)
    reason: str
    when: Callable[[ColumnType], bool] = lambda _t: True
    note: Note | None = None


@dataclass(frozen=True)
class TypeChoice:
    sql: str | None  # None: no rule matched; never guessed
    reason: str
    findings: tuple[Finding, ...] = ()


UNKNOWN_TYPE = "AM-TYPE-001"
OVERRIDE_EMPTY = "AM-TYPE-002"


def rules_for(source: str) -> tuple[TypeRule, ...]:
    """The engine's table, then its FALLBACK row if it has one (PostgreSQL keeps any type as written)."""
    module = importlib.import_module(RULE_MODULES[source])
    fallback = getattr(module, "FALLBACK", None)
    return (*module.RULES, *((fallback,) if fallback else ()))


def map_type(
    column_type: ColumnType,
    source: str,
    target_version: int = DEFAULT_TARGET_VERSION,
    override: str | None = None,
    profile: ColumnProfile | None = None,
) -> TypeChoice:
    """The PostgreSQL type for `column_type`, why, and what the user must know about it.

    With a data `profile` (--profile-data), the engine's PROFILED_RULES are tried first."""
    if override is not None:
        if not override.strip():
            note = Note(OVERRIDE_EMPTY, Severity.HIGH, "type override is empty", "give a PostgreSQL type", 0.1)
            return TypeChoice(None, "override is empty", (_finding(note, column_type),))
        return TypeChoice(override.strip(), f"conversion.type_overrides sets {override.strip()}")
    if '"' in column_type.raw:  # T-SQL scripts may quote type names ("int"); the model strips only [brackets]
        column_type = parse_column_type(column_type.raw.replace('"', ""), source)
    if profile is not None:
        narrowed = _profiled(column_type, source, target_version, profile)
        if narrowed is not None:
            return narrowed
    return _declared(column_type, source, target_version)


def _declared(column_type: ColumnType, source: str, target_version: int) -> TypeChoice:
    """The first row of the engine's table that matches the declared type."""
    for rule in rules_for(source):
        if (column_type.name in rule.names or not rule.names) and rule.when(column_type):
            sql = rule.target if isinstance(rule.target, str) else rule.target(column_type, target_version)
            findings = (_finding(rule.note, column_type),) if rule.note else ()
            return TypeChoice(sql, rule.reason, findings)
    unknown = Note(
        UNKNOWN_TYPE,
        Severity.HIGH,
        f"no type rule for {source} type {column_type.raw!r}; the table is left for a person to finish",
        'add conversion.type_overrides = { "SCHEMA.TABLE.COLUMN" = "<postgresql type>" } to migration.toml',
        1.0,
    )
    return TypeChoice(None, "no rule matches", (_finding(unknown, column_type),))


def _profiled(column_type: ColumnType, source: str, version: int, profile: ColumnProfile) -> TypeChoice | None:
    """The first PROFILED_RULES row (converters.types.profiled) matching the type and what the data showed.
    A row without a target keeps the declared type and adds its reason and finding to it."""
    module = importlib.import_module(RULE_MODULES[source])
    for rule in getattr(module, "PROFILED_RULES", ()):
        if column_type.name not in rule.names or not rule.when(column_type, profile):
            continue
        if rule.target is None:
            base = _declared(column_type, source, version)
            if base.sql is None:
                return base
            note = rule.finding(column_type, profile, base.sql)
            return TypeChoice(base.sql, f"{base.reason}; {rule.reason(column_type, profile)}", (*base.findings, note))
        sql = rule.target(column_type, profile)
        return TypeChoice(sql, rule.reason(column_type, profile), (rule.finding(column_type, profile, sql),))
    return None


def note_finding(note: Note, column_type: ColumnType) -> Finding:
    """The finding a type note gives on a column of `column_type`."""
    return Finding(
        rule_id=note.rule_id,
        severity=note.severity,
        message=note.message,
        remedy=note.remedy,
        effort_hours=note.effort_hours,
        snippet=column_type.raw,
        category="type",
    )


_finding = note_finding


# -- small builders the tables share -------------------------------------------------------------


def sized(name: str, default: int | None = None, cap: int | None = None) -> Callable[[ColumnType, int], str]:
    """`name(n)` from the source length (or precision), capped where PostgreSQL's limit is lower."""

    def build(t: ColumnType, _version: int = DEFAULT_TARGET_VERSION) -> str:
        n = t.length if t.length not in (None, -1) else t.precision
        n = n if n is not None else default
        if n is None:
            return name
        return f"{name}({min(n, cap) if cap is not None else n})"

    return build


def fraction(name: str, default: int = 6, suffix: str = "") -> Callable[[ColumnType, int], str]:
    """Time types: PostgreSQL keeps at most 6 fractional digits (microseconds)."""

    def build(t: ColumnType, _version: int = DEFAULT_TARGET_VERSION) -> str:
        digits = t.precision if t.precision is not None else default
        return f"{name}({min(digits, 6)}){suffix}"

    return build


def more_than_micro(default: int) -> Callable[[ColumnType], bool]:
    return lambda t: (t.precision if t.precision is not None else default) > 6


def exact_numeric(t: ColumnType, version: int) -> str:
    """numeric(p,s) as the source declares it. PostgreSQL 15 accepts a negative scale and a scale
    above the precision (Oracle's NUMBER(5,-2), NUMBER(3,5)); older targets get the widest equivalent."""
    p, s = t.precision, t.scale or 0
    if p is None:
        return "numeric" if t.scale in (None,) else f"numeric(38,{s})"
    if version >= 15 or 0 <= s <= p:
        return f"numeric({p},{s})"
    if s < 0:
        return f"numeric({p - s},0)"
    return f"numeric({s},{s})"


def integer_by_precision(t: ColumnType, _version: int = DEFAULT_TARGET_VERSION) -> str:
    """NUMBER(p[,0]): the smallest PostgreSQL integer that holds every p-digit value."""
    p = t.precision or 38
    return next((name for digits, name in INTEGER_WIDTHS if p <= digits), f"numeric({p})")


# digits that always fit -> integer type (smallint holds 4 digits: 9999 < 32767; 5 would not fit 99999)
INTEGER_WIDTHS: tuple[tuple[int, str], ...] = (
    (4, "smallint"),
    (9, "integer"),
    (18, "bigint"),
)
