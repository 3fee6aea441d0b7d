"""Column types and identities: the type a column gets (override, alias, type rule, or a computed column's
expression type), identity clauses, and the post-load reset that moves identities past the loaded rows."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from converters.ddl_computed import computed_type, function_result_type, source_result_type
from converters.ddl_context import DdlContext, finding, make_object, qname
from converters.ddl_objtypes import column_user_type, load_finding, ref_column
from converters.dialects import SOURCE_DIALECTS
from converters.names import qualified, quote
from converters.types import UNKNOWN_TYPE, Note, TypeChoice, map_type, note_finding
from converters.types.profiled import NARROWINGS, expression_users, kept_for_expressions
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    ConvertedObject,
    Severity,
    Table,
    TypeFamily,
    parse_column_type,
)

INTEGER_TYPES = ("smallint", "integer", "bigint")


def column_type(table: Table, column: Column, declared: dict[str, str], ctx: DdlContext, depth: int = 0) -> TypeChoice:
    """The override, else the type rule, else (a T-SQL computed column declares no type) the expression's type."""
    override = _override(ctx, table, column)
    if override is None and column.generated and not column.type.name:
        rewritten = ctx.expression(column.generated, "generated_column", column.name, table.location)
        sql, reason = computed_type(rewritten.sql, declared)
        if sql is not None:
            return TypeChoice(sql, reason)
        fixed = source_result_type(column.generated, SOURCE_DIALECTS.get(ctx.source))
        if fixed is not None:
            return TypeChoice(fixed[0], f"computed column: {fixed[1]}")
        declared_by = function_result_type(rewritten.sql, ctx.functions)
        choice = (
            map_type(parse_column_type(declared_by[0], ctx.source), ctx.source, ctx.target_version)
            if declared_by
            else None
        )
        if choice is not None and choice.sql is not None and declared_by is not None:
            return TypeChoice(choice.sql, declared_by[1], choice.findings)
        if override is None:  # the source declares no type and the expression's is not certain: never guessed
            return _uncertain_computed_type(table, column, reason)
    ref = ref_column(table, column) if override is None else None
    if ref is not None:
        return ref
    user_type = column_user_type(column, ctx) if override is None else None
    if user_type is not None:
        kind = "collection (an array)" if user_type.collection else "object type (a composite type)"
        return TypeChoice(
            user_type.target, f"Oracle {kind} {column.type.raw}", (load_finding(table, column, user_type),)
        )
    alias = ctx.aliases.get(column.type.raw.replace("[", "").replace("]", "").replace('"', "").upper())
    if override is None and alias is not None:
        choice = map_type(alias, ctx.source, ctx.target_version)
        return TypeChoice(choice.sql, f"alias type {column.type.raw} is {alias.raw}: {choice.reason}", choice.findings)
    if override is not None:
        return map_type(column.type, ctx.source, ctx.target_version, override)
    if not column.type.raw.strip() and not column.generated:
        inherited = _inherited_from_key(table, column, ctx, depth)
        if inherited is not None:
            return inherited
    choice = _declared_or_profiled(table, column, ctx)
    if column.identity is not None and _whole_numeric(choice.sql):
        # PostgreSQL identity needs an integer type; Oracle identities are often bare NUMBER, SQL Server
        # allows DECIMAL(p,0). Counters beyond bigint (9.2e18) do not happen in practice.
        return TypeChoice("bigint", f"identity column declared {column.type.raw}: bigint holds any counter",
                          choice.findings)  # fmt: skip
    if column.name.upper() in json_checked(table, ctx.source) and column.type.family in TEXT_FAMILIES:
        return TypeChoice("jsonb", "holds JSON (CHECK ... IS JSON): jsonb validates it and can be indexed")
    return _like_referenced_key(table, column, choice, ctx, depth)


def _uncertain_computed_type(table: Table, column: Column, reason: str) -> TypeChoice:
    note = Note(
        UNKNOWN_TYPE,
        Severity.HIGH,
        f"computed column {column.name} declares no type and its expression's type is not certain ({reason}); "
        "the table is left for a person to finish",
        f'add conversion.type_overrides = {{ "{table.schema}.{table.name}.{column.name}" = "<postgresql type>" }} '
        "to migration.toml",
    )
    return TypeChoice(None, reason, (note_finding(note, column.type),))


def _declared_or_profiled(table: Table, column: Column, ctx: DdlContext) -> TypeChoice:
    """The type the data profile narrows to (--profile-data), unless expressions converted for the declared
    type read the column (converters.types.profiled.expression_users)."""
    choice = map_type(column.type, ctx.source, ctx.target_version, profile=column.profile)
    if column.profile is None or not any(f.rule_id in NARROWINGS for f in choice.findings):
        return choice
    users = expression_users(table, column, SOURCE_DIALECTS[ctx.source])
    if not users:
        return choice
    kept = map_type(column.type, ctx.source, ctx.target_version)
    return TypeChoice(kept.sql, kept.reason, (*kept.findings, kept_for_expressions(column, users)))


# column families whose JSON (CHECK col IS JSON) becomes jsonb; JSON kept in a BLOB stays bytea (see ddl_table)
TEXT_FAMILIES = frozenset({TypeFamily.TEXT, TypeFamily.STRING})
NUMERIC_TYPES = ("smallint", "integer", "bigint", "numeric")


def json_document_columns(tables: list[Table], source: str) -> tuple[tuple[str, str], ...]:
    """Column names (lower case) under an IS JSON check in every table that has them, with the type they get:
    'jsonb' (character data) or 'bytea' (a BLOB, read as UTF-8). For RewriteOptions.json_columns."""
    kinds: dict[str, set[str]] = {}
    for table in tables:
        checked = json_checked(table, source)
        for column in table.columns:
            binary = column.type.family in (TypeFamily.BLOB, TypeFamily.BINARY)
            kind = (
                ("bytea" if binary else "jsonb" if column.type.family in TEXT_FAMILIES else "")
                if column.name.upper() in checked
                else ""
            )
            kinds.setdefault(column.name.lower(), set()).add(kind)
    return tuple(sorted((n, next(iter(k))) for n, k in kinds.items() if len(k) == 1 and "" not in k))


def json_checked(table: Table, source: str) -> set[str]:
    """Columns a CHECK (col IS JSON) constrains, upper case."""
    return {name.upper() for c in table.constraints if (name := is_json_check(c, source))}


def is_json_check(constraint: Constraint, source: str) -> str | None:
    """The column of a `CHECK (col IS JSON)` constraint (Oracle's JSON-in-a-LOB idiom), else None."""
    if constraint.kind is not ConstraintKind.CHECK or "JSON" not in (constraint.check_expression or "").upper():
        return None
    try:
        tree = sqlglot.parse_one(constraint.check_expression or "", read=SOURCE_DIALECTS[source]).unnest()
    except sqlglot.errors.SqlglotError:
        return None
    if isinstance(tree, exp.Is) and isinstance(tree.expression, exp.JSON) and isinstance(tree.this, exp.Column):
        return tree.this.name
    return None


def _like_referenced_key(table: Table, column: Column, choice: TypeChoice, ctx: DdlContext, depth: int) -> TypeChoice:
    """A foreign-key column takes the referenced key's type (Oracle INTEGER -> numeric(38,0) referencing an
    identity made bigint): every value it holds is one of the key's values, and PostgreSQL refuses keys of
    incomparable types."""
    found = _referenced(table, column, ctx)
    if found is None or depth > 3 or not _is_numeric(choice.sql):
        return choice
    ref_table, ref_column, fk = found
    ref_type = column_type(ref_table, ref_column, {}, ctx, depth + 1).sql
    if ref_type is None or ref_type == choice.sql or not _is_numeric(ref_type):
        return choice
    reason = f"same type as the key it references ({ref_table.qualified_name}.{ref_column.name}, foreign key {fk})"
    # a data-profile narrowing of this column no longer applies: the key's type (and its findings) decide
    return TypeChoice(ref_type, reason, tuple(f for f in choice.findings if not f.rule_id.startswith("AM-PROFILE")))


def _inherited_from_key(table: Table, column: Column, ctx: DdlContext, depth: int) -> TypeChoice | None:
    """A column declared without a type (`customer_id ,` or `customer_id REFERENCES customers`): Oracle allows it
    only in a foreign key and gives it the referenced key's data type (SQL Language Reference, CREATE TABLE,
    column_definition: "you can omit the datatype ... Oracle automatically assigns to the column the datatype of
    the corresponding column of the referenced key")."""
    found = _referenced(table, column, ctx)
    if found is None or depth > 3:
        return None
    ref_table, ref_column, fk = found
    ref_type = column_type(ref_table, ref_column, {}, ctx, depth + 1)
    if ref_type.sql is None:
        return None
    reason = f"no type declared: the type of the key it references ({ref_table.qualified_name}.{ref_column.name}, foreign key {fk})"
    return TypeChoice(ref_type.sql, reason, ref_type.findings)


def _referenced(table: Table, column: Column, ctx: DdlContext) -> tuple[Table, Column, str] | None:
    for fk in (c for c in table.constraints if c.kind is ConstraintKind.FOREIGN_KEY):
        names = [n.upper() for n in fk.columns]
        if column.name.upper() not in names:
            continue
        ref_table = ctx.tables.get(((fk.ref_schema or table.schema).upper(), (fk.ref_table or "").upper()))
        if ref_table is None:
            continue
        ref_columns = fk.ref_columns or (ref_table.primary_key.columns if ref_table.primary_key else ())
        position = names.index(column.name.upper())
        ref_column = ref_table.column(ref_columns[position]) if position < len(ref_columns) else None
        if ref_column is not None:
            return ref_table, ref_column, fk.name
    return None


def _is_numeric(pg_type: str | None) -> bool:
    return bool(pg_type) and pg_type.split("(")[0] in NUMERIC_TYPES


def _whole_numeric(pg_type: str | None) -> bool:
    """numeric, numeric(p) or numeric(p,0): a column that holds whole numbers only as an identity."""
    if not pg_type or not pg_type.startswith("numeric"):
        return False
    inside = pg_type.removeprefix("numeric").strip("()")
    return not inside or inside.split(",")[-1].strip() == "0" or "," not in inside


def _override(ctx: DdlContext, table: Table, column: Column) -> str | None:
    """type_overrides keys compare case-insensitively ("hr.employees.salary" = "HR.EMPLOYEES.SALARY")."""
    key = f"{table.schema}.{table.name}.{column.name}".upper()
    return next((v for k, v in ctx.settings.type_overrides.items() if k.upper() == key), None)


def identity_clause(column: Column, pg_type: str, findings: list) -> str:
    """Always BY DEFAULT: the data load must insert the source's existing values (GENERATED ALWAYS would reject
    them); the post-load phase then moves the sequence past the highest value (identity_reset objects)."""
    identity = column.identity
    assert identity is not None
    if pg_type.split("(")[0] not in INTEGER_TYPES:
        findings.append(
            finding("identity_type", Severity.HIGH,
                    f"identity column {column.name} has type {pg_type}; PostgreSQL identity needs an integer type",
                    'override the column type to "bigint" in conversion.type_overrides')
        )  # fmt: skip
    if identity.always:
        findings.append(
            finding("identity_always", Severity.INFO,
                    f"identity column {column.name} is created GENERATED BY DEFAULT so the load can keep its values",
                    "after cutover: ALTER TABLE ... ALTER COLUMN ... SET GENERATED ALWAYS, if wanted")
        )  # fmt: skip
    return f" GENERATED BY DEFAULT AS IDENTITY (START WITH {identity.start} INCREMENT BY {identity.increment})"


def identity_resets(table: Table, schema: str, name: str, ctx: DdlContext) -> list[ConvertedObject]:
    """After the load, each identity continues above the highest loaded value (the load inserted explicit ones)."""
    resets = []
    for column in (c for c in table.columns if c.identity is not None):
        target = quote(ctx.names.name(column.name))
        step = column.identity.increment if column.identity else 1
        sql = (f"SELECT setval(pg_get_serial_sequence('{qualified(schema, name)}', '{ctx.names.name(column.name)}'), "
               f"max({target})) FROM {qualified(schema, name)} HAVING max({target}) IS NOT NULL;\n")  # fmt: skip
        if step < 0:
            sql = sql.replace("max(", "min(")
        resets.append(make_object("identity_reset", schema, f"{name}_{ctx.names.name(column.name)}_identity", sql,
                                  source_name=table.qualified_name, location=table.location,
                                  depends_on=[qname(schema, name)], phase="post_load"))  # fmt: skip
    return resets
