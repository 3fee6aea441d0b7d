"""Defaults whose converted expression has another type than the column: the source engine converts
implicitly, PostgreSQL refuses ("column is of type bytea but default expression is of type uuid"). Each row
says which column type, which expression, and the PostgreSQL spelling with the source's meaning."""

from __future__ import annotations

from collections.abc import Callable

import sqlglot
from sqlglot import exp

from migrate.sqltext.lexer import POSTGRES, tokenize

Fix = Callable[[exp.Expression], str | None]


def _number_as_truth(tree: exp.Expression) -> str | None:
    """SQL Server BIT DEFAULT ((0)) / ((1)) on a boolean column."""
    if isinstance(tree, exp.Literal) and not tree.is_string:
        return {"0": "false", "1": "true"}.get(tree.this)
    return None


def _is_uuid_call(tree: exp.Expression) -> bool:
    """gen_random_uuid() / NEWID(), or uuid_send(gen_random_uuid()): SYS_GUID's 16 bytes."""
    if isinstance(tree, exp.Anonymous) and tree.name.lower() == "uuid_send" and len(tree.expressions) == 1:
        return _is_uuid_call(tree.expressions[0])
    name = tree.name if isinstance(tree, exp.Anonymous) else tree.sql_name() if isinstance(tree, exp.Func) else ""
    return isinstance(tree, (exp.Uuid, exp.Func)) and (isinstance(tree, exp.Uuid) or name.lower() == "gen_random_uuid")


def _guid_as_bytes(tree: exp.Expression) -> str | None:
    """Oracle RAW(16) DEFAULT SYS_GUID(): 16 raw bytes, which uuid_send gives from a random uuid."""
    return "uuid_send(gen_random_uuid())" if _is_uuid_call(tree) else None


def _guid_as_hex(tree: exp.Expression) -> str | None:
    """Oracle VARCHAR2(32) DEFAULT SYS_GUID(): 32 upper-case hex digits, no dashes, as SYS_GUID prints."""
    return "upper(replace(gen_random_uuid()::text, '-', ''))" if _is_uuid_call(tree) else None


# PostgreSQL column type (its name before any "(") -> fix applied to the converted default
TYPED_DEFAULTS: dict[str, Fix] = {
    "boolean": _number_as_truth,
    "bytea": _guid_as_bytes,
    "varchar": _guid_as_hex,
    "char": _guid_as_hex,
    "text": _guid_as_hex,
}


def typed_default(sql: str, pg_type: str) -> str:
    fix = TYPED_DEFAULTS.get(pg_type.split("(")[0].strip())
    if fix is None:
        return sql
    try:
        tree = sqlglot.parse_one(sql, read="postgres").unnest()
    except sqlglot.errors.SqlglotError:
        return sql
    return fix(tree) or sql


# words PostgreSQL's DEFAULT clause (a b_expr) does not take outside parentheses: `DEFAULT now() AT TIME ZONE 'UTC'`
_A_EXPR_WORDS = frozenset({"AT", "IS", "LIKE", "ILIKE", "SIMILAR", "BETWEEN", "IN", "AND", "OR", "NOT", "COLLATE",
                           "ISNULL", "NOTNULL"})  # fmt: skip


def default_clause(sql: str) -> str:
    """A DEFAULT expression as PostgreSQL's column grammar takes it: in parentheses when it uses an operator only a
    full expression may (AT TIME ZONE, IS, LIKE, BETWEEN, IN, AND, OR, NOT ...)."""
    depth = 0
    for token in tokenize(sql, POSTGRES):
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if depth == 0 and token.kind == "word" and token.upper in _A_EXPR_WORDS:
            return f"({sql})"
    return sql
