"""Oracle statement forms PostgreSQL spells differently or lacks: optimizer hints, DELETE without FROM, INSERT ALL,
flashback (AS OF), partition-extended names, database links."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def hints_removed(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """/*+ INDEX(e emp_ix) */: PostgreSQL's planner takes no hints (pg_hint_plan aside); the hint is dropped."""
    if not ctx.has("Hint"):
        return tree
    for hint in list(tree.find_all(exp.Hint)):
        ctx.flag("CONV-ORA-HINT-001", hint, hint.sql(dialect="oracle"))
        hint.pop()
    return tree


def delete_from(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DELETE emp WHERE ... (FROM is optional in Oracle) -> DELETE FROM emp WHERE ..."""
    tables = node.args.get("tables") if isinstance(node, exp.Delete) else None
    if tables and len(tables) == 1 and not node.this:
        node.set("this", tables[0])
        node.set("tables", None)
    return node


def unsupported_forms(node: exp.Expression, ctx: Context) -> exp.Expression:
    """Forms with no PostgreSQL equivalent: flagged where they occur (the text is kept for the person)."""
    if isinstance(node, exp.MultitableInserts):
        ctx.flag("CONV-ORA-INSERTALL-001", node)
    elif isinstance(node, exp.Table):
        if node.args.get("version") is not None:
            ctx.flag("CONV-ORA-FLASHBACK-001", node)
        if node.args.get("partition") is not None:
            ctx.flag("CONV-ORA-PARTNAME-001", node)
        if "@" in node.name:
            ctx.flag("CONV-ORA-DBLINK-001", node, node.name)
    return node
