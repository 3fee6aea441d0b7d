"""Tables: columns (types, defaults, identity, generated), PK / UNIQUE / CHECK inline, comments, partitions;
foreign keys as their own objects (so tables can be created in any order and FKs can wait for the data load).

A piece PostgreSQL would reject (a default, CHECK or generated expression the rewriter could not convert with
certainty) is split off as its own manual object, so the table itself still deploys and the piece is not lost.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import sqlglot
from sqlglot import exp

from converters.collation import collated_column
from converters.ddl_columns import TEXT_FAMILIES, column_type, identity_clause, identity_resets, is_json_check
from converters.ddl_comments import string_literal, table_comments
from converters.ddl_computed import immutable_concat, not_immutable
from converters.ddl_context import (
    DdlContext,
    blocking,
    finding,
    make_object,
    nulls_not_distinct,
    qname,
    routines_called,
)
from converters.ddl_defaults import default_clause, typed_default
from converters.ddl_limits import table_limits
from converters.ddl_objtypes import limit_check, object_table_findings, type_dependency
from converters.ddl_partition import partition_clause, partition_objects
from converters.ddl_rowversion import is_rowversion, rowversion_default, rowversion_objects, sequence_ddl
from converters.ddl_temporal import hidden_period, period_default, temporal_objects
from converters.names import qualified, quote
from converters.types import map_type
from migrate.model import (
    Column,
    ColumnMapping,
    Constraint,
    ConstraintKind,
    ConvertedObject,
    Finding,
    Severity,
    Table,
)
from migrate.sqltext.comments import block_comment, line_comment

# Oracle GTT / SQL Server #temp: PostgreSQL has no permanent definition of a temporary table.
TEMPORARY_EMULATION = (
    "PostgreSQL has no global temporary tables; created as an UNLOGGED permanent table with the same columns, "
    "so rows are shared between sessions and not cleared at commit"
)
TEMPORARY_REMEDY = (
    "have each session run CREATE TEMP TABLE <name> (LIKE <schema>.<table> INCLUDING ALL) ON COMMIT {scope} "
    "before use (search_path puts pg_temp first), or use the pgtt extension where available"
)
TABLE_KIND_NOTES: dict[str, tuple[Severity, str]] = {
    "iot": (
        Severity.INFO,
        "index-organized table created as a heap table with its primary key; run CLUSTER to "
        "order it once if range scans on the key matter",
    ),
    "memory_optimized": (Severity.LOW, "memory-optimized table created as a regular table"),
    "external": (Severity.HIGH, "external table: the data lives in files; use file_fdw, aws_s3 import, or a load job"),
}
FK_RULES: dict[str, str] = {  # source rule -> PostgreSQL clause (same meaning in all three engines)
    "CASCADE": "CASCADE",
    "SET NULL": "SET NULL",
    "SET DEFAULT": "SET DEFAULT",
    "NO ACTION": "NO ACTION",
    "RESTRICT": "RESTRICT",
}


def table_objects(table: Table, ctx: DdlContext) -> list[ConvertedObject]:
    """The table, then its foreign keys and any piece split off for a person to finish."""
    table = _named_constraints(table)
    schema = ctx.names.schema(table.schema)
    name, duplicate = ctx.names.relation(schema, table.name, "table", table.location)
    findings: list[Finding] = [*table_limits(table), *object_table_findings(table)]
    extra: list[ConvertedObject] = []
    lines, mappings, sequences, unknown = _columns(table, schema, name, ctx, findings, extra)
    lines += _inline_constraints(table, schema, name, ctx, findings, extra)
    sql = _create_table(table, schema, name, lines, ctx, findings)
    if table.period_hidden:
        findings.append(hidden_period(table))
    if any(is_rowversion(c, ctx.source) for c in table.columns):
        sql = sequence_ddl(schema) + sql
    sql += table_comments(table, schema, name, ctx, sql)
    sql += partition_objects(table, schema, name, ctx, findings)
    main = make_object(
        "table", schema, name, sql,
        source_name=table.qualified_name, location=table.location, findings=findings,
        depends_on=[schema, *sequences], columns=tuple(mappings),
        manual=duplicate or unknown, source_text=table.source_text,
    )  # fmt: skip
    fks = [_foreign_key(table, schema, name, c, ctx) for c in table.constraints if c.kind is ConstraintKind.FOREIGN_KEY]
    rowversions = rowversion_objects(table, schema, name, ctx)
    types = {quote(m.target_name): m.target_type for m in mappings}
    temporal = temporal_objects(table, schema, name, types, ctx)
    return [main, *fks, *extra, *identity_resets(table, schema, name, ctx), *rowversions, *temporal]


# constraint kind -> PostgreSQL's own naming for an unnamed constraint (table_pkey, table_cols_key, ...)
UNNAMED: dict[ConstraintKind, str] = {
    ConstraintKind.PRIMARY_KEY: "{table}_pkey",
    ConstraintKind.UNIQUE: "{table}_{columns}_key",
    ConstraintKind.FOREIGN_KEY: "{table}_{columns}_fkey",
    ConstraintKind.CHECK: "{table}_check{n}",
}


def _named_constraints(table: Table) -> Table:
    """SQL Server allows inline PRIMARY KEY / UNIQUE / CHECK without a name: name them as PostgreSQL would."""
    if all(c.name for c in table.constraints):
        return table
    # built in the source's spelling so it folds like the table's own name (Oracle EMP -> EMP_PKEY -> emp_pkey)
    upper = table.name.isupper()
    named = tuple(
        c
        if c.name
        else replace(c, name=_case(UNNAMED[c.kind].format(table=table.name, columns="_".join(c.columns), n=n), upper))
        for n, c in enumerate(table.constraints, 1)
    )
    return replace(table, constraints=named)


def _case(name: str, upper: bool) -> str:
    return name.upper() if upper else name


def _create_table(table: Table, schema: str, name: str, lines: list[str], ctx: DdlContext, findings: list) -> str:
    prefix = "CREATE TABLE IF NOT EXISTS"
    if table.kind in ("global_temporary", "temporary"):
        prefix = "CREATE UNLOGGED TABLE IF NOT EXISTS"
        scope = "PRESERVE ROWS" if table.temporary_scope == "session" else "DELETE ROWS"
        findings.append(
            finding("temporary", Severity.MEDIUM, TEMPORARY_EMULATION, TEMPORARY_REMEDY.format(scope=scope))
        )
    elif table.kind in TABLE_KIND_NOTES:
        severity, message = TABLE_KIND_NOTES[table.kind]
        findings.append(finding("table_kind", severity, message))
    body = ",\n".join(f"    {line}" for line in lines)
    return f"{prefix} {qualified(schema, name)} (\n{body}\n){partition_clause(table, ctx, findings)};\n"


def _columns(table: Table, schema: str, name: str, ctx: DdlContext, findings: list, extra: list):
    lines, mappings, sequences, unknown = [], [], [], False
    declared = {
        ctx.names.name(c.name): map_type(c.type, ctx.source, ctx.target_version).sql or "" for c in table.columns
    }
    for column in table.columns:
        target = ctx.names.name(column.name, table.location, "column")
        choice = column_type(table, column, declared, ctx)
        findings.extend(f.on("column", f"{table.qualified_name}.{column.name}") for f in choice.findings)
        if column.masked:
            findings.append(_masked(table, column))
        unknown = unknown or choice.sql is None
        pg_type = choice.sql or f"/* unknown: {block_comment(column.type.raw)} */ text"
        sequences.extend(ctx.user_types.get(key, "") for key in _type_keys(column, table))
        sequences.extend(type_dependency(column, ctx))
        pg_type, collate, check = collated_column(table, column, schema, target, pg_type, ctx, findings)
        line = f"{quote(target)} {pg_type}{collate}"
        line += _column_extras(table, column, schema, name, target, pg_type, ctx, findings, extra, sequences)
        line += limit_check(column, ctx, choice.sql, target)
        lines.append(f"{line} {check}" if check else line)
        mappings.append(ColumnMapping(column.name, target, pg_type, choice.reason))
    return lines, mappings, sequences, unknown


def _masked(table: Table, column: Column) -> Finding:
    return finding(
        "masked", Severity.MEDIUM,
        f"column {table.qualified_name}.{column.name} is MASKED WITH (FUNCTION = '{column.masked}'): PostgreSQL has "
        "no dynamic data masking, so every role that may read the table sees the real values",
    ).on("column", f"{table.qualified_name}.{column.name}")  # fmt: skip


def _type_keys(column: Column, table: Table) -> tuple[str, ...]:
    """How a column may name a user type: schema.type, or type in the table's own schema (arrays too)."""
    raw = column.type.raw.strip().removesuffix("[]").replace('"', "").lower()
    return (raw, f"{table.schema.lower()}.{raw}")


def _column_extras(table, column, schema, name, target, pg_type, ctx, findings, extra, sequences) -> str:
    text = ""
    if column.generated:
        text += _generated(table, column, schema, name, ctx, findings, extra)
    elif column.identity is not None:
        text += identity_clause(column, pg_type, findings)
    elif is_rowversion(column, ctx.source):
        text += rowversion_default(schema)  # set on insert; a trigger sets it on update (ddl_rowversion)
    elif column.default is not None and column.default.strip():
        text += _default(table, column, schema, name, target, pg_type, ctx, findings, extra, sequences)
    else:
        text += period_default(table, column, pg_type)  # a system-time period column (ddl_temporal)
    if not column.nullable:
        text += " NOT NULL"
    return text


def _generated(table, column, schema, name, ctx, findings, extra) -> str:
    where = f"{table.qualified_name}.{column.name}"
    rewritten = ctx.expression(column.generated, "generated_column", where, table.location)
    if blocking(rewritten.findings):
        extra.append(_split_off("generated_column", schema, f"{name}_{column.name.lower()}_gen", name, table,
                                rewritten.findings, "-- " + line_comment(f"column {quote(ctx.names.name(column.name))} of "
                                f"{qualified(schema, name)}: GENERATED ALWAYS AS ({rewritten.sql}) STORED")))  # fmt: skip
        findings.append(
            finding("generated_not_immutable", Severity.MEDIUM,
                    f"generated column {column.name}: the expression could not be converted with certainty; "
                    "created as a regular column (values copied from the source)",
                    "finish the split-off generated_column object, or maintain the value with a trigger",
                    column.generated)
        )  # fmt: skip
        return ""
    declared = {
        ctx.names.name(c.name): map_type(c.type, ctx.source, ctx.target_version).sql or "" for c in table.columns
    }
    rewritten = replace(rewritten, sql=immutable_concat(rewritten.sql, declared))
    volatile = not_immutable(rewritten.sql)
    if volatile:
        findings.append(
            finding("generated_not_immutable", Severity.MEDIUM,
                    f"computed column {column.name} is evaluated on read in the source, from {', '.join(volatile)}; "
                    "PostgreSQL generated columns must be immutable, so it is created as a regular column",
                    f"compute it in a view or at query time: {rewritten.sql}", column.generated)
        )  # fmt: skip
        return ""
    findings.extend(rewritten.findings)
    if not column.generated_stored:
        findings.append(
            finding("virtual_stored", Severity.INFO,
                    f"virtual column {column.name} becomes a STORED generated column (computed on write, "
                    "takes space); PostgreSQL 18 also offers VIRTUAL")
        )  # fmt: skip
    return f" GENERATED ALWAYS AS ({rewritten.sql}) STORED"


def _default(table, column, schema, name, target, pg_type, ctx, findings, extra, sequences) -> str:
    rewritten = ctx.expression(column.default, "default", f"{table.qualified_name}.{column.name}", table.location)
    calls = routines_called(rewritten.sql, schema, ctx.routines)
    if blocking(rewritten.findings) or calls:
        alter = f"ALTER TABLE {qualified(schema, name)} ALTER COLUMN {quote(target)} SET DEFAULT {rewritten.sql};\n"
        notes = [*rewritten.findings, *([_waits_for(calls, f"default of {column.name}")] if calls else [])]
        extra.append(_split_off("default", schema, f"{name}_{target}_default", name, table, notes, alter, calls))
        return ""
    findings.extend(rewritten.findings)
    sequences.extend(sequences_called(rewritten.sql))
    return f" DEFAULT {default_clause(typed_default(rewritten.sql, pg_type))}"


def _split_off(kind, schema, name, owner: str, table: Table, findings, sql: str, calls=()) -> ConvertedObject:
    """A piece of table `owner` kept apart: manual when PostgreSQL would reject it; when it only waits for
    routines converted by hand (`calls`), a normal object that deploy applies once they exist."""
    return make_object(
        kind, schema, name, sql,
        source_name=table.qualified_name, location=table.location, findings=findings,
        depends_on=[qname(schema, owner), *calls], manual=not calls, source_text="",
    )  # fmt: skip


def _waits_for(calls: list[str], what: str) -> Finding:
    return finding("view_calls_routine", Severity.MEDIUM, f"{what} calls {', '.join(calls)}, converted by hand: "
                   "it is created apart and deploys once that exists", "convert the routine, then deploy again")  # fmt: skip


@functools.lru_cache(maxsize=4096)
def sequences_called(sql: str) -> tuple[str, ...]:
    """Sequences a converted default calls with nextval('schema.seq'): the table must come after them."""
    if "nextval" not in sql.lower():  # most defaults (SYSDATE, 0, 'N') call no sequence: skip the parse
        return ()
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.SqlglotError:
        return ()
    names = []
    for call in tree.find_all(exp.Func):
        fn = call.sql_name().lower() if not isinstance(call, exp.Anonymous) else call.name.lower()
        literal = call.find(exp.Literal) if fn == "nextval" else None  # nextval('s.q') or nextval('s.q'::regclass)
        if literal is not None and literal.is_string:
            names.append(_regclass_key(literal.this))
    return tuple(names)


def _regclass_key(text: str) -> str:
    """'HR.AUDIT_SEQ' as PostgreSQL's regclass input reads it: unquoted parts fold to lower case."""
    parts = [p[1:-1] if p.startswith('"') and p.endswith('"') else p.lower() for p in text.split(".")]
    return ".".join(parts)


def _inline_constraints(table: Table, schema: str, name: str, ctx: DdlContext, findings: list, extra: list):
    lines = []
    for c in table.constraints:
        if c.kind is ConstraintKind.FOREIGN_KEY:
            continue
        json_column = is_json_check(c, ctx.source)
        if json_column:
            findings.append(_json_note(table, json_column, c))
            continue
        if not c.enabled:
            findings.append(finding("disabled_constraint", Severity.MEDIUM,
                                    f"constraint {c.name} is disabled in the source and is not created",
                                    "create it after cleaning the data, if it should be enforced"))  # fmt: skip
            continue
        line = _key_or_check(table, schema, name, c, ctx, findings, extra)
        if line:
            lines.append(line)
    return lines


def _json_note(table: Table, column_name: str, c: Constraint) -> Finding:
    """CHECK (col IS JSON) is not created: a text column became jsonb (which enforces it); JSON kept in a BLOB
    stays bytea, because the load copies bytes, and is turned into jsonb after the load."""
    column = table.column(column_name)
    if column is not None and column.type.family in TEXT_FAMILIES:
        return finding("json_check", Severity.INFO, f"{c.name}: {column_name} is jsonb, which enforces IS JSON")
    return finding("json_check", Severity.MEDIUM,
                   f"{c.name}: JSON held in binary column {column_name} stays bytea (the load copies bytes); "
                   "the IS JSON check is not created",
                   f"after the load: ALTER TABLE ... ALTER COLUMN {column_name.lower()} TYPE jsonb USING "
                   f"convert_from({column_name.lower()}, 'UTF8')::jsonb")  # fmt: skip


def _key_or_check(table, schema, name, c: Constraint, ctx, findings, extra) -> str:
    cname = ctx.names.name(c.name, table.location, "constraint")
    if c.kind is ConstraintKind.CHECK:
        rewritten = ctx.expression(c.check_expression or "", "check", c.name, table.location)
        clause = f"CONSTRAINT {quote(cname)} CHECK ({rewritten.sql})" + ("" if c.validated else " NOT VALID")
        calls = routines_called(rewritten.sql, schema, ctx.routines)
        if blocking(rewritten.findings) or calls:
            alter = f"ALTER TABLE {qualified(schema, name)} ADD {clause};\n"
            notes = [*rewritten.findings, *([_waits_for(calls, f"check {c.name}")] if calls else [])]
            extra.append(_split_off("constraint", schema, cname, name, table, notes, alter, calls))
            return ""
        if not c.validated:
            # NOT VALID means nothing in CREATE TABLE (PostgreSQL checks every row then, loaded ones too): a check
            # the source does not hold its existing rows to is added after the load, NOT VALID, so the load keeps
            # those rows as the source does, and new rows are checked from then on
            note = finding("unvalidated_check", Severity.LOW,
                           f"check {c.name} is not validated in the source (its rows may not satisfy it): it is "
                           "added after the load, NOT VALID",
                           f"after cleaning the data: ALTER TABLE {qualified(schema, name)} VALIDATE CONSTRAINT "
                           f"{quote(cname)}")  # fmt: skip
            extra.append(make_object(
                "constraint", schema, cname, f"ALTER TABLE {qualified(schema, name)} ADD {clause};\n",
                source_name=f"{table.qualified_name}.{c.name}", location=table.location,
                findings=[*rewritten.findings, note], depends_on=[qname(schema, name)], phase="post_load",
            ))  # fmt: skip
            return ""
        findings.extend(rewritten.findings)
        return clause
    cname, _ = ctx.names.relation(schema, c.name, "constraint", table.location)  # PK/UK own an index name
    columns = ", ".join(quote(ctx.names.name(col)) for col in c.columns)
    word = "PRIMARY KEY" if c.kind is ConstraintKind.PRIMARY_KEY else "UNIQUE"
    nullable = any(column is None or column.nullable for column in (table.column(col) for col in c.columns))
    nulls, notes = nulls_not_distinct("unique constraint", c.name, c.kind is ConstraintKind.UNIQUE,
                                      c.nulls_not_distinct, ctx, can_be_null=nullable)  # fmt: skip
    findings.extend(notes)
    return f"CONSTRAINT {quote(cname)} {word}{nulls} ({columns}){_deferrable(c)}"


def _deferrable(c: Constraint) -> str:
    if not c.deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if c.initially_deferred else " DEFERRABLE"


def _foreign_key(table: Table, schema: str, name: str, c: Constraint, ctx: DdlContext) -> ConvertedObject:
    ref_schema, ref_name = ctx.target(c.ref_schema or table.schema, c.ref_table or "")
    cname = ctx.names.name(c.name, table.location, "constraint")
    columns = ", ".join(quote(ctx.names.name(col)) for col in c.columns)
    ref_columns = ", ".join(quote(ctx.names.name(col)) for col in c.ref_columns)
    sql = (
        f"ALTER TABLE {qualified(schema, name)} ADD CONSTRAINT {quote(cname)} FOREIGN KEY ({columns})\n"
        f"    REFERENCES {qualified(ref_schema, ref_name)}" + (f" ({ref_columns})" if ref_columns else "")
    )
    sql += "".join(f" ON {verb} {FK_RULES[rule.upper()]}" for verb, rule in (("DELETE", c.on_delete), ("UPDATE", c.on_update))
                   if rule and rule.upper() in FK_RULES and rule.upper() != "NO ACTION")  # fmt: skip
    sql += _deferrable(c) + ("" if c.validated else " NOT VALID") + ";\n"
    if c.comment:
        sql += f"COMMENT ON CONSTRAINT {quote(cname)} ON {qualified(schema, name)} IS {string_literal(c.comment)};\n"
    findings = []
    if qname(ref_schema, ref_name) not in ctx.relations:
        findings.append(finding("dangling_fk", Severity.HIGH,
                                f"foreign key {c.name} references {c.ref_schema}.{c.ref_table}, which is not in "
                                "the converted scope", "add the referenced table to the scan, or drop the key"))  # fmt: skip
    if not c.enabled:
        findings.append(finding("disabled_constraint", Severity.HIGH,
                                f"foreign key {c.name} is disabled in the source; PostgreSQL cannot keep a disabled key",
                                "clean the data and create it, or leave it out"))  # fmt: skip
    return make_object(
        "constraint", schema, cname, sql,
        source_name=f"{table.qualified_name}.{c.name}", location=table.location, findings=findings,
        depends_on=[qname(schema, name), qname(ref_schema, ref_name)],
        phase="post_load" if ctx.settings.fk_after_load else "schema",
    )  # fmt: skip
