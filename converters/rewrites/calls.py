"""Small helpers every function-mapping builder uses: make a call, read a call's arguments, name it."""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from converters.rewrites.common import Context

Builder = Callable[[exp.Expression, Context], exp.Expression]


def call(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=[a.copy() for a in args])


def args_of(node: exp.Expression) -> list[exp.Expression]:
    """The call's arguments in source order, for both typed and anonymous calls."""
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    return [v for k in node.arg_types for v in _as_list(node.args.get(k)) if isinstance(v, exp.Expression)]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def call_name(node: exp.Expression) -> str:
    return node.name.upper() if isinstance(node, exp.Anonymous) else node.sql_name()
