"""SQL Server ROWVERSION (alias TIMESTAMP): an 8-byte value the server sets on every insert and every update,
unique and increasing across the database (@@DBTS). Applications use it for optimistic locking (UPDATE ... WHERE
rv = @old_rv) and for change tracking (WHERE rv > @last_seen), and never write it.

PostgreSQL has no such type; the same behaviour is built from one sequence per schema: the column is bytea with
DEFAULT int8send(nextval(...)) (8 bytes, big-endian, so byte order is numeric order, as in SQL Server), a BEFORE
UPDATE trigger gives every updated row a new value, and after the data load the sequence moves past the highest
copied value so new values sort after the migrated ones.
"""

from __future__ import annotations

from converters.ddl_context import DdlContext, make_object, qname
from converters.names import qualified, quote
from migrate.model import Column, ConvertedObject, Table
from migrate.model.engines import engine

SEQUENCE = "rowversion_seq"  # one per schema: values increase across the schema's tables, like @@DBTS


def is_rowversion(column: Column, source: str) -> bool:
    return column.type.name in engine(source).rowversion_types


def sequence_ddl(schema: str) -> str:
    return f"CREATE SEQUENCE IF NOT EXISTS {qualified(schema, SEQUENCE)} AS bigint;\n"


def rowversion_default(schema: str) -> str:
    return f" DEFAULT int8send(nextval('{qualified(schema, SEQUENCE)}'::regclass))"


def rowversion_objects(table: Table, schema: str, name: str, ctx: DdlContext) -> list[ConvertedObject]:
    """The update trigger (schema phase) and the post-load sequence move, for a table with ROWVERSION columns."""
    columns = [quote(ctx.names.name(c.name)) for c in table.columns if is_rowversion(c, ctx.source)]
    if not columns:
        return []
    sequence = qualified(schema, SEQUENCE)
    function = qualified(schema, f"{name}_rowversion")
    assignments = "".join(f"    NEW.{c} := int8send(nextval('{sequence}'::regclass));\n" for c in columns)
    trigger_sql = (
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $rowversion$\n"
        f"BEGIN\n{assignments}    RETURN NEW;\nEND\n$rowversion$;\n"
        f"DROP TRIGGER IF EXISTS {quote(name + '_rowversion')} ON {qualified(schema, name)};\n"
        f"CREATE TRIGGER {quote(name + '_rowversion')} BEFORE UPDATE ON {qualified(schema, name)} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}();\n"
    )
    as_number = " ".join(f"max(('x' || encode({c}, 'hex'))::bit(64)::bigint)," for c in columns).rstrip(",")
    reset_sql = (
        f"SELECT setval('{sequence}'::regclass, greatest({as_number}, (SELECT last_value FROM {sequence}))) "
        f"FROM {qualified(schema, name)} HAVING count(*) > 0;\n"
    )
    table_key = qname(schema, name)
    return [
        make_object("rowversion", schema, f"{name}_rowversion", trigger_sql, source_name=table.qualified_name,
                    location=table.location, depends_on=[table_key]),
        make_object("rowversion_reset", schema, f"{name}_rowversion_reset", reset_sql,
                    source_name=table.qualified_name, location=table.location, depends_on=[table_key],
                    phase="post_load"),
    ]  # fmt: skip
