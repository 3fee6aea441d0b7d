"""SQL Server (T-SQL) -> PostgreSQL query rewrites: ordered pipelines of small functions on sqlglot nodes."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context, Step, derived_table_alias, merge_needs_15


def table_hints_removed(node: exp.Expression, ctx: Context) -> exp.Expression:
    """WITH (NOLOCK) and friends: PostgreSQL has no table hints and readers never block writers under MVCC."""
    if isinstance(node, exp.Table) and node.args.get("hints"):
        hints = ", ".join(h.sql(dialect="tsql") for h in node.args["hints"])
        ctx.flag("CONV-TSQL-HINT-001", node, hints)
        node.set("hints", None)
    return node


STATEMENT_STEPS: tuple = ()

NODE_STEPS = (
    Step(exp.Table, table_hints_removed),
    Step(exp.Merge, merge_needs_15),
    Step(exp.Subquery, derived_table_alias),
)
