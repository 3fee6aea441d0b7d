"""Function mapping tables: source function -> PostgreSQL, native SQL vs orafce, with the reason on each row.

Keys are the sqlglot node class for functions sqlglot recognises, or the upper-case name of an exp.Anonymous call.
A row's `native` builds the PostgreSQL expression from the source node; `orafce` names the orafce function with
Oracle's exact semantics (used when RewriteOptions.use_orafce is set); a row with neither is flagged with `rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlglot import exp

from converters.rewrites.common import Context

Builder = Callable[[exp.Expression, Context], exp.Expression]


@dataclass(frozen=True)
class FunctionMapping:
    native: Builder | None  # None: no native equivalent with the same semantics
    orafce: str | None  # orafce function with Oracle's semantics and the same arguments
    reason: str
    rule: str = ""  # finding raised when neither native nor orafce applies


def call(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=[a.copy() for a in args])


def args_of(node: exp.Expression) -> list[exp.Expression]:
    """The call's arguments in source order, for both typed and anonymous calls."""
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    return [v for k in node.arg_types for v in _as_list(node.args.get(k)) if isinstance(v, exp.Expression)]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def key_of(node: exp.Expression) -> object:
    return node.name.upper() if isinstance(node, exp.Anonymous) else type(node)


def apply_mapping(node: exp.Expression, table: Mapping[object, FunctionMapping], ctx: Context) -> exp.Expression:
    mapping = table.get(key_of(node))
    if mapping is None:
        return node
    if ctx.options.use_orafce and mapping.orafce:
        return exp.Anonymous(this=mapping.orafce, expressions=[a.copy() for a in args_of(node)])
    if mapping.native is not None:
        return mapping.native(node, ctx)
    ctx.flag(mapping.rule or "CONV-ORA-FUNC-001", node, f"{_name(node)}: {mapping.reason}")
    return node


def _name(node: exp.Expression) -> str:
    return node.name.upper() if isinstance(node, exp.Anonymous) else node.sql_name()


ORACLE_FUNCTIONS: dict[object, FunctionMapping] = {
    "SYS_GUID": FunctionMapping(
        lambda n, c: call("gen_random_uuid"),
        None,
        "a random 16-byte id; gen_random_uuid() is built in from PostgreSQL 13 (returns uuid)",
    ),
}
