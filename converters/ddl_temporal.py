"""SQL Server system-versioned (temporal) tables: PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo) with
SYSTEM_VERSIONING = ON (HISTORY_TABLE = ...).

SQL Server fills the period columns itself ("Temporal tables", "How does temporal work?"): on INSERT the row's
start is the begin time of the transaction in UTC and its end is the type's maximum (9999-12-31 23:59:59.9999999
for datetime2(7)); on UPDATE the old row goes to the history table with its end set to the transaction's begin
time and the new row starts at that time; on DELETE the old row goes to the history table the same way. A
modification whose transaction began before the row's start fails (error 13535). Applications never write the
period columns (SQL Server refuses them).

PostgreSQL forms, exact for every statement an application can run on SQL Server: the start column defaults to
now() AT TIME ZONE 'UTC' (now() is the transaction's start), the end column to the maximum, and one row trigger
(BEFORE UPDATE: history row, new period; AFTER DELETE: history row) keeps the history. Defaults rather than an
INSERT trigger let the data load write the source's period values. A history table SQL Server named itself (no
HISTORY_TABLE) is created as <table>_history with the table's columns.
"""

from __future__ import annotations

from converters.ddl_context import DdlContext, finding, make_object, qname
from converters.names import qualified, quote
from migrate.model import Column, ConvertedObject, Finding, Severity, Table

START = "(now() AT TIME ZONE 'UTC')"  # the transaction's begin time in UTC, as SQL Server's period start
# the end of an open period: the type's maximum, converted by the target as it converts the loaded values
END = "('9999-12-31 23:59:59.9999999'::{type})"
CONFLICT = (
    "Data modification failed on system-versioned table % because transaction time was earlier than period "
    "start time for affected records."
)


def period_default(table: Table, column: Column, pg_type: str) -> str:
    """The DEFAULT of a period column ("" for other columns): what SQL Server writes on INSERT."""
    if table.period is None:
        return ""
    start, end = (c.upper() for c in table.period)
    if column.name.upper() == start:
        return f" DEFAULT {START}"
    return f" DEFAULT {END.format(type=pg_type)}" if column.name.upper() == end else ""


def temporal_objects(
    table: Table, schema: str, name: str, types: dict[str, str], ctx: DdlContext
) -> list[ConvertedObject]:
    """The history table SQL Server named itself, and the trigger that keeps the history (system-versioned only)."""
    if table.period is None or table.history_table is None:
        return []
    history_schema, history_name, made = _history(table, schema, name, ctx)
    history = qualified(history_schema, history_name)
    start, end = (quote(ctx.names.name(c)) for c in table.period)
    columns = [quote(ctx.names.name(c.name)) for c in table.columns]
    values = ", ".join("moment" if c == end else f"OLD.{c}" for c in columns)
    function = qualified(schema, f"{name}_versioning")
    trigger = quote(f"{name}_versioning")
    sql = (
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $versioning$\n"
        f"DECLARE\n    moment {types[end]} := {START};\nBEGIN\n"
        f"    IF OLD.{start} > moment THEN\n"
        f"        RAISE EXCEPTION '{CONFLICT}', TG_TABLE_NAME USING ERRCODE = 'data_exception';\n    END IF;\n"
        f"    INSERT INTO {history} ({', '.join(columns)}) VALUES ({values});\n"
        f"    IF TG_OP = 'UPDATE' THEN\n        NEW.{start} := moment;\n"
        f"        NEW.{end} := {END.format(type=types[end])};\n        RETURN NEW;\n    END IF;\n"
        f"    RETURN OLD;\nEND\n$versioning$;\n"
        f"DROP TRIGGER IF EXISTS {trigger} ON {qualified(schema, name)};\n"
        f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {qualified(schema, name)} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}();\n"
        f"DROP TRIGGER IF EXISTS {quote(name + '_versioning_delete')} ON {qualified(schema, name)};\n"
        f"CREATE TRIGGER {quote(name + '_versioning_delete')} AFTER DELETE ON {qualified(schema, name)} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}();\n"
    )
    note = finding(
        "temporal", Severity.INFO,
        f"system-versioned table {table.qualified_name}: the period columns default as SQL Server fills them and "
        f"a trigger keeps the history in {history}",
    )  # fmt: skip
    keys = [qname(schema, name), qname(history_schema, history_name)]
    if made:
        sql = f"CREATE TABLE IF NOT EXISTS {history} (LIKE {qualified(schema, name)});\n" + sql
        keys = keys[:1]
    return [
        make_object("temporal", schema, f"{name}_versioning", sql, source_name=table.qualified_name,
                    location=table.location, findings=[note], depends_on=keys)
    ]  # fmt: skip


def hidden_period(table: Table) -> Finding:
    """HIDDEN period columns: SELECT * leaves them out on SQL Server; PostgreSQL has no hidden columns."""
    start, end = table.period or ("", "")
    return finding(
        "temporal_hidden", Severity.HIGH,
        f"{table.qualified_name}: the period columns {start}, {end} are HIDDEN (SELECT * leaves them out); every "
        "PostgreSQL column is visible, so SELECT * would return two more columns",
    )  # fmt: skip


def _history(table: Table, schema: str, name: str, ctx: DdlContext) -> tuple[str, str, bool]:
    """The history table's target schema and name, and whether it is made here (SQL Server named it)."""
    written = table.history_table or ""
    if not written:
        return schema, f"{name}_history", True
    parts = written.split(".")
    source_schema = parts[0] if len(parts) > 1 else table.schema
    found = (source_schema.upper(), parts[-1].upper()) in ctx.tables
    target = ctx.names.schema(source_schema), ctx.names.name(parts[-1])
    return target[0], target[1], not found
