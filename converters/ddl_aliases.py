"""SQL Server alias types (CREATE TYPE dbo.Phone FROM varchar(20) NOT NULL): columns declared with them get
the base type's PostgreSQL type, and the alias itself becomes a DOMAIN for code that names it. Table types
and CLR types (CREATE TYPE ... AS TABLE / EXTERNAL NAME) are not aliases and stay manual routines."""

from __future__ import annotations

from sqlglot.tokens import TokenType

from converters.ddl_context import DdlContext, make_object
from converters.dialects import SOURCE_DIALECTS
from converters.names import qualified
from converters.types import map_type
from migrate.model import ColumnType, ConvertedObject, Inventory, Routine, RoutineKind, parse_column_type

# source engines whose CREATE TYPE name FROM base_type declares an alias of a built-in type
ALIAS_SOURCES = frozenset({"sqlserver"})
# the words that end the base type in CREATE TYPE ... FROM <base type> [NOT] NULL
_AFTER_TYPE = frozenset({TokenType.NOT, TokenType.NULL})


def alias_base(routine: Routine, source: str) -> ColumnType | None:
    """The base type of an alias type, read from its tokens (None when it is not CREATE TYPE ... FROM)."""
    if routine.kind is not RoutineKind.TYPE or source not in ALIAS_SOURCES:
        return None
    tokens = SOURCE_DIALECTS[source]().tokenize(routine.source)
    start = next((i for i, t in enumerate(tokens) if t.token_type is TokenType.FROM), None)
    if start is None or start + 1 >= len(tokens):
        return None
    rest = tokens[start + 1 :]
    end = next((i for i, t in enumerate(rest) if t.token_type in _AFTER_TYPE or t.text == ";"), len(rest))
    if end == 0:
        return None
    text = routine.source[rest[0].start : rest[end - 1].end + 1]
    return parse_column_type(text, source)


def alias_types(inventory: Inventory) -> dict[str, ColumnType]:
    """Alias name (SCHEMA.NAME and bare NAME, upper case) -> base type."""
    found: dict[str, ColumnType] = {}
    for schema in inventory.schemas:
        for routine in schema.routines:
            base = alias_base(routine, inventory.source.engine)
            if base is not None:
                found[f"{routine.schema}.{routine.name}".upper()] = base
                found.setdefault(routine.name.upper(), base)
    return found


def domain_object(routine: Routine, base: ColumnType, ctx: DdlContext) -> ConvertedObject:
    schema = ctx.names.schema(routine.schema)
    name = ctx.names.name(routine.name, routine.location, "domain")
    choice = map_type(base, ctx.source, ctx.target_version)
    sql = f"CREATE DOMAIN {qualified(schema, name)} AS {choice.sql or base.raw};\n"
    return make_object("domain", schema, name, sql, source_name=routine.qualified_name, location=routine.location,
                       findings=choice.findings, depends_on=[schema], manual=choice.sql is None,
                       source_text=routine.source)  # fmt: skip
