"""The type of a SQL Server computed column, which the source never declares (the expression's type is the
column's). sqlglot infers it from the converted expression and the table's PostgreSQL column types; the table
below then widens the answer so that nothing is rounded: SQL Server's decimal arithmetic grows precision and
scale (decimal(12,2) - decimal(10,4) is decimal(13,4)), which sqlglot does not model, so decimals become
unconstrained numeric."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

from migrate.model import Routine

T = exp.DataType.Type

# inferred type -> (PostgreSQL type, why); first the exact families, then the ones that must widen
INFERRED: dict[exp.DataType.Type, tuple[str, str]] = {
    T.DECIMAL: ("numeric", "decimal arithmetic: unconstrained numeric keeps every digit SQL Server keeps"),
    T.DOUBLE: ("numeric", "a decimal literal in T-SQL is numeric, not float: unconstrained numeric"),
    T.FLOAT: ("double precision", "float arithmetic"),
    T.MONEY: ("numeric(19,4)", "money arithmetic"),
    T.TINYINT: ("smallint", "integer arithmetic"),
    T.SMALLINT: ("integer", "smallint arithmetic is int in T-SQL"),
    T.INT: ("integer", "int arithmetic stays int in T-SQL (and overflows the same way)"),
    T.BIGINT: ("bigint", "bigint arithmetic"),
    T.VARCHAR: ("text", "string expression"),
    T.NVARCHAR: ("text", "string expression"),
    T.CHAR: ("text", "string expression"),
    T.NCHAR: ("text", "string expression"),
    T.TEXT: ("text", "string expression"),
    T.BOOLEAN: ("boolean", "condition"),
    T.DATE: ("date", "date expression"),
    T.TIMESTAMP: ("timestamp(6)", "date-time expression"),
    T.TIMESTAMPTZ: ("timestamptz(6)", "date-time expression with offset"),
    T.UUID: ("uuid", "uuid expression"),
}


FLOATS = ("double precision", "real")


def computed_type(expression: str, columns: dict[str, str]) -> tuple[str | None, str]:
    """(PostgreSQL type, reason) for a computed column over `columns` (target name -> PostgreSQL type);
    (None, why) when the type cannot be known for certain."""
    try:
        select = sqlglot.parse_one(f"SELECT {expression} AS v FROM t", read="postgres")
        schema = {"t": {name: pg_type for name, pg_type in columns.items()}}
        select = annotate_types(qualify(select, schema=schema, dialect="postgres"), schema=schema, dialect="postgres")
    except (sqlglot.errors.SqlglotError, KeyError, ValueError) as error:
        return None, f"cannot infer the expression's type ({str(error).splitlines()[0][:120]})"
    inferred = select.selects[0].type
    found = INFERRED.get(inferred.this) if inferred is not None else None
    reads_float = any(columns.get(c.name) in FLOATS for c in select.selects[0].find_all(exp.Column))
    if found is not None and inferred.this is T.DOUBLE and reads_float:
        found = ("double precision", "arithmetic on a float column")
    if found is None:
        return None, f"the expression's type ({inferred.sql('postgres') if inferred else 'unknown'}) is not certain"
    return found[0], f"computed column: {found[1]}"


TEXT_TYPES = ("text", "varchar", "character", "char", "bpchar")


def immutable_concat(sql: str, columns: dict[str, str]) -> str:
    """concat(a, b, ...) over text only, as `COALESCE(a, '') || b || ...`: PostgreSQL's concat() is STABLE (an
    argument of another type is formatted by session settings), so a generated column cannot call it; over text the
    operator chain gives the same value, NULLs read as '' as T-SQL CONCAT reads them, and is immutable."""
    if "concat" not in sql.lower():
        return sql
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.SqlglotError:
        return sql

    def text(arg: exp.Expression) -> bool:
        if isinstance(arg, exp.Literal):
            return arg.is_string
        return isinstance(arg, exp.Column) and columns.get(arg.name, "").startswith(TEXT_TYPES)

    def chain(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Concat) or not node.expressions or not all(text(a) for a in node.expressions):
            return node
        parts = [a.copy() if isinstance(a, exp.Literal) else exp.func("COALESCE", a.copy(), exp.Literal.string(""))
                 for a in node.expressions]  # fmt: skip
        joined = parts[0]
        for part in parts[1:]:
            joined = exp.DPipe(this=joined, expression=part)
        return exp.Paren(this=joined)

    return tree.transform(chain).sql(dialect="postgres")


# SQL Server functions whose result type the documentation fixes, whatever their arguments: a computed column over
# one of them has that type even when its expression cannot be converted (the column then keeps copied values).
FIXED_RESULTS: dict[type[exp.Expression], tuple[str, str]] = {
    exp.JSONExtractScalar: ("varchar(4000)", "JSON_VALUE returns nvarchar(4000)"),
    exp.JSONExtract: ("text", "JSON_QUERY returns nvarchar(max)"),
}


def source_result_type(expression: str, dialect: type | None) -> tuple[str, str] | None:
    """(PostgreSQL type, reason) when the source expression is one call whose result type is documented."""
    if dialect is None:
        return None
    try:
        node = sqlglot.parse_one(expression, read=dialect)
    except sqlglot.errors.SqlglotError:
        return None
    while isinstance(node, exp.Paren):
        node = node.this
    return FIXED_RESULTS.get(type(node))


# CREATE FUNCTION ... RETURNS <scalar type> [WITH ...] AS|BEGIN: the type a call of it has (not RETURNS TABLE/@t)
_RETURNS = re.compile(r"\bRETURNS\s+(?!@|TABLE\b)(.+?)\s*(?:\bWITH\b|\bAS\b|\bBEGIN\b)", re.I | re.S)


def function_result_type(sql: str, functions: dict[str, Routine]) -> tuple[str, str] | None:
    """(PostgreSQL type text of the source type, reason) when `sql` (converted) is one call of a user scalar
    function whose CREATE FUNCTION declares its result type."""
    try:
        node = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.SqlglotError:
        return None
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
        name = f"{node.this.name}.{node.expression.name}".lower()
    elif isinstance(node, exp.Anonymous):
        name = node.name.lower()
    else:
        return None
    routine = functions.get(name)
    declared = returns_type(routine) if routine is not None else None
    if routine is None or declared is None:
        return None
    return declared, f"computed column: {routine.qualified_name} returns {declared}"


def returns_type(routine: Routine) -> str | None:
    """The scalar type a T-SQL CREATE FUNCTION declares it returns, as written (None for a table function)."""
    match = _RETURNS.search(routine.source)
    return match.group(1).strip() if match else None


# Functions PostgreSQL does not allow in a generated column (not IMMUTABLE): the time, the user, randomness,
# sequences. SQL Server computes a non-persisted column on read, so GETDATE() there is legal and common.
NOT_IMMUTABLE: dict[str, str] = {
    "now": "the current time",
    "statement_timestamp": "the current time",
    "clock_timestamp": "the current time",
    "transaction_timestamp": "the current time",
    "current_timestamp": "the current time",
    "currenttimestamp": "the current time",
    "current_date": "the current date",
    "currentdate": "the current date",
    "current_time": "the current time",
    "currenttime": "the current time",
    "localtimestamp": "the current time",
    "random": "a random value",
    "gen_random_uuid": "a random value",
    "uuid": "a random value",
    "nextval": "a sequence",
    "current_user": "the current user",
    "currentuser": "the current user",
    "session_user": "the current user",
}


def not_immutable(sql: str) -> list[str]:
    """What in a converted expression makes it unusable in a generated column (empty when nothing does)."""
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.SqlglotError:
        return []
    found = []
    for node in tree.find_all(exp.Func):
        name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
        if name in NOT_IMMUTABLE:
            found.append(f"{name}() reads {NOT_IMMUTABLE[name]}")
    return list(dict.fromkeys(found))
