"""Case-insensitive source collations on PostgreSQL, chosen per column (`conversion.case_insensitive`).

SQL Server's default collations are case-insensitive (`SQL_Latin1_General_CP1_CI_AS`): `WHERE name = @n`
matches 'ABC' for 'abc', and a UNIQUE key rejects 'abc' after 'ABC'. PostgreSQL's collations compare exactly. A
character column whose collation (its own COLLATE, else the database's, else `conversion.source_collation`, else
the engine's default) is case- or accent-insensitive is converted one of three ways:

- `icu` (the default): the column gets a nondeterministic ICU collation created in its schema
  (`CREATE COLLATION ci_as (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`). `=`, `<>`,
  `IN`, ORDER BY, GROUP BY, DISTINCT, UNIQUE and foreign keys then compare as SQL Server does, also against
  variables and parameters (a column's collation wins over the default one). Before PostgreSQL 18, LIKE and
  ILIKE on such a column raise an error: LIKE is rewritten `col COLLATE "und-x-icu" ILIKE pattern` (ILIKE
  under a deterministic ICU collation folds case as the column does; accents still count, as in `_AS`), and
  substring searches (replace, strpos) on it are findings.
- `citext`: the column becomes `citext` (the extension is created), a `varchar(n)` keeps its length as a CHECK;
  `citext = text` is a text comparison, so the other side of a comparison that is not a literal is cast to
  citext.
- `case_sensitive`: the column keeps its type and compares exactly; every comparison, LIKE, ORDER BY, GROUP BY,
  DISTINCT and UNIQUE key on it is a finding, since results change when values differ only in case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from converters.ddl_context import DdlContext, finding
from converters.names import quote
from converters.rewrites.common import RewriteOptions
from migrate.config import ConversionSettings
from migrate.errors import ConversionError
from migrate.model import Column, ColumnType, ConstraintKind, Finding, Inventory, Severity, Table, TypeFamily
from migrate.model.engines import ENGINES

MODES = ("icu", "citext", "case_sensitive")

# What a source collation name says -> the ICU locale that compares the same way and the collation's name on the
# target. First match wins. SQL Server: _CI_ / _AI_ in the name ("Collation and Unicode support"); _KS and _WS
# absent mean kana- and width-insensitive, which ICU's secondary strength also ignores. Oracle: BINARY_CI, _AI.
# A binary or case- and accent-sensitive collation needs nothing.
INSENSITIVE: tuple[tuple[str, str, str], ...] = (
    (r"_CS_AI", "und-u-ks-level1-kc-true", "cs_ai"),  # case counts, accents do not
    (r"_CI_AI|BINARY_AI", "und-u-ks-level1", "ci_ai"),  # neither case nor accents count
    (r"_CI(_|$)|BINARY_CI", "und-u-ks-level2", "ci_as"),  # case does not count, accents do
)

# A deterministic ICU collation PostgreSQL creates with ICU support: LIKE / ILIKE work under it before 18
DETERMINISTIC_ICU = "und-x-icu"
LIKE_ON_NONDETERMINISTIC = 18  # PostgreSQL 18 release notes: LIKE supports nondeterministic collations

_KEYS = (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE)
CHARACTER = frozenset({TypeFamily.STRING, TypeFamily.FIXED_STRING, TypeFamily.TEXT})
_CHARACTER_TYPE = re.compile(r"^\s*(character varying|varchar|character|char|bpchar|text)\b(\s*\((\d+)\))?", re.I)


@dataclass(frozen=True)
class Insensitive:
    """How one case-insensitive column is converted."""

    mode: str  # icu | citext | case_sensitive
    source_collation: str  # as the source names it
    locale: str  # the ICU locale (icu mode)
    collation: str  # the target collation's name, created in the column's schema (icu mode)


def column_collation(column: Column, inventory_collation: str, settings: ConversionSettings, source: str) -> str:
    """The collation a source column compares with: its own, else the database's, else the setting's, else the
    engine's default."""
    return (column.collation or inventory_collation or settings.source_collation or
            ENGINES[source].default_collation)  # fmt: skip


def insensitive(
    table: Table,
    column: Column,
    pg_type: str,
    inventory_collation: str,
    settings: ConversionSettings,
    source: str,
    source_type: ColumnType | None = None,
) -> Insensitive | None:
    """How `column` is converted when it is character data (on the source: `source_type`, its alias type's base,
    else its own type; hierarchyid or sql_variant kept as text have no collation) under a case- or
    accent-insensitive collation."""
    if (source_type or column.type).family not in CHARACTER or not _CHARACTER_TYPE.match(pg_type):
        return None
    collation = column_collation(column, inventory_collation, settings, source)
    match = _insensitive_kind(collation)
    if match is None:
        return None
    locale, name = match
    return Insensitive(column_mode(table, column, settings), collation, locale, name)


def column_mode(table: Table, column: Column, settings: ConversionSettings) -> str:
    key = f"{table.schema}.{table.name}.{column.name}".upper()
    overrides = {k.upper(): v for k, v in settings.case_insensitive_columns.items()}
    mode = overrides.get(key, settings.case_insensitive)
    if mode not in MODES:
        raise ConversionError(
            f"conversion.case_insensitive{'_columns' if key in overrides else ''}: {mode!r} is not a mode",
            f"use one of: {', '.join(MODES)}",
        )
    return mode


def _insensitive_kind(collation: str) -> tuple[str, str] | None:
    upper = collation.upper()
    if "_BIN" in upper and "BINARY_" not in upper:  # SQL Server Latin1_General_BIN / BIN2: byte order, exact
        return None
    for pattern, locale, name in INSENSITIVE:
        if re.search(pattern, upper):
            return locale, name
    return None


def column_sql(choice: Insensitive, schema: str, pg_type: str, quoted_column: str) -> tuple[str, str, str]:
    """(the column's type, the clause after it, a CHECK keeping its length) for its mode."""
    if choice.mode == "icu":
        return pg_type, f' COLLATE "{schema}".{choice.collation}', ""
    if choice.mode == "citext":
        length = _CHARACTER_TYPE.match(pg_type)
        limit = length.group(3) if length else None
        check = f"CHECK (char_length({quoted_column}) <= {limit})" if limit else ""
        return "citext", "", check
    return pg_type, "", ""


def schema_ddl(choices: Iterable[Insensitive], schema: str) -> str:
    """What a schema needs before its tables: the ICU collations its columns use, and citext."""
    text = ""
    made: set[str] = set()
    for choice in choices:
        if choice.mode == "icu" and choice.collation not in made:
            made.add(choice.collation)
            text += (f'CREATE COLLATION IF NOT EXISTS "{schema}".{choice.collation} '
                     f"(provider = icu, locale = '{choice.locale}', deterministic = false);\n")  # fmt: skip
        elif choice.mode == "citext" and "citext" not in made:
            made.add("citext")
            text += "CREATE EXTENSION IF NOT EXISTS citext SCHEMA public;\n"
    return text


def insensitive_columns(
    inventory: Inventory, settings: ConversionSettings, type_of: Callable[[Column], tuple[ColumnType, str]]
) -> dict[str, frozenset[str]]:
    """Mode -> lower-case column names that are case-insensitive under that mode in every table that has them,
    for the query rewrites (which see names, not tables). A name that is case-insensitive in one table and
    exact in another is in no set: queries on it are left as they are (each table's own rule applies there)."""
    seen: dict[str, set[str | None]] = {}
    source = inventory.source.engine
    for table in inventory.tables():
        for column in table.columns:
            source_type, pg_type = type_of(column)
            choice = insensitive(table, column, pg_type, inventory.source.collation, settings, source, source_type)
            seen.setdefault(column.name.lower(), set()).add(choice.mode if choice else None)
    by_mode: dict[str, set[str]] = {mode: set() for mode in MODES}
    for name, modes in seen.items():
        if len(modes) == 1 and None not in modes:
            by_mode[next(iter(modes))].add(name)  # type: ignore[index]
    return {mode: frozenset(names) for mode, names in by_mode.items()}


def collated_column(table: Table, column: Column, schema: str, target: str, pg_type: str, ctx: DdlContext,
                    findings: list[Finding]) -> tuple[str, str, str]:  # fmt: skip
    """(type, COLLATE clause, CHECK) of a table column; records the choice for its schema's DDL and raises the
    findings of the case_sensitive mode."""
    source_type = ctx.aliases.get(re.sub(r'[\[\]"\s]', "", column.type.raw).upper(), column.type)
    choice = insensitive(table, column, pg_type, ctx.collation, ctx.settings, ctx.source, source_type)
    if choice is None:
        return pg_type, "", ""
    ctx.insensitive.setdefault(schema, []).append(choice)
    where = f"{table.qualified_name}.{column.name}"
    if choice.mode == "case_sensitive":
        findings.append(finding("collation_column", Severity.LOW,
                                f"{where} ({choice.source_collation}) compares case-sensitively on PostgreSQL"))  # fmt: skip
        keys = [c for c in table.constraints if c.kind in _KEYS and column.name in c.columns]
        findings.extend(
            finding("collation_key", Severity.MEDIUM,
                    f"{c.kind.value.replace('_', ' ')} {c.name or ''} on {where}: 'abc' and 'ABC' are two keys now")
            for c in keys
        )  # fmt: skip
    return column_sql(choice, schema, pg_type, quote(target))


def variables_collation(
    options: RewriteOptions, ctx: DdlContext, schema: str, variables: frozenset[str]
) -> RewriteOptions:
    """`options` for a routine whose character variables are `variables`: T-SQL variables compare under the
    database's collation, so under a case-insensitive one `IF @mode = 'next'` ignores case. The routine's schema
    gets the collation (icu) or citext the comparisons use."""
    database = ctx.collation or ctx.settings.source_collation or ENGINES[ctx.source].default_collation
    kind = _insensitive_kind(database) if variables else None
    if kind is None:
        return options
    mode = column_mode(Table(schema="", name=""), Column("", ColumnType("", "")), ctx.settings)
    choice = Insensitive(mode, database, *kind)
    if mode != "case_sensitive":
        ctx.insensitive.setdefault(schema, []).append(choice)
    return replace(options, insensitive_variables=variables, variables_mode=mode,
                   variables_collation=f'"{schema}".{choice.collation}')  # fmt: skip
