"""T-SQL statement forms PostgreSQL spells differently: UPDATE/DELETE with a join on the target, OUTPUT,
query OPTION hints."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def _inner_only(joins: list[exp.Join]) -> bool:
    return all(not j.side and (j.kind or "INNER").upper() in ("INNER", "CROSS") for j in joins)


def _names(table: exp.Table) -> set[str]:
    return {table.name.lower(), table.alias_or_name.lower()}


def _moved_joins(node: exp.Expression, first: exp.Table, joins: list[exp.Join]) -> tuple[exp.Table, list, object]:
    """The target without its joins, the joined tables, and WHERE = the join conditions AND the old WHERE."""
    target = first.copy()
    target.set("joins", None)
    where = node.args.get("where")
    conditions = [j.args["on"].copy() for j in joins if j.args.get("on")] + ([where.this.copy()] if where else [])
    tables = [j.this.copy() for j in joins]
    return target, tables, exp.Where(this=exp.and_(*conditions)) if conditions else None


def update_with_join(node: exp.Expression, ctx: Context) -> exp.Expression:
    """UPDATE x SET ... FROM t AS x JOIN u ON c WHERE w names the target twice; in PostgreSQL that would join t
    with itself (every row updated from a cross product). -> UPDATE t AS x SET ... FROM u WHERE c AND w."""
    if not isinstance(node, exp.Update):
        return node
    _unqualified_set(node)
    source = node.args.get("from_")
    first = source.this if source else None
    if not isinstance(first, exp.Table) or not (_names(node.this) & _names(first)):
        return node
    joins = list(first.args.get("joins") or [])
    if not _inner_only(joins):
        ctx.flag("CONV-TSQL-UPDATEJOIN-001", node)
        return node
    target, tables, where = _moved_joins(node, first, joins)
    node.set("this", target)
    node.set("from_", _from(tables))
    node.set("where", where)
    return node


def delete_with_join(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DELETE t FROM t JOIN u ON c WHERE w -> DELETE FROM t USING u WHERE c AND w."""
    if not isinstance(node, exp.Delete) or not isinstance(node.this, exp.Table) or not node.this.args.get("joins"):
        return node
    joins = list(node.this.args["joins"])
    if not _inner_only(joins):
        ctx.flag("CONV-TSQL-UPDATEJOIN-001", node)
        return node
    target, tables, where = _moved_joins(node, node.this, joins)
    node.set("this", target)
    node.set("tables", None)
    node.set("using", tables)
    node.set("where", where)
    return node


def _from(tables: list[exp.Expression]) -> exp.From | None:
    """FROM u CROSS JOIN v: an UPDATE's from-list joins hang off its first table (as sqlglot reads them)."""
    if not tables:
        return None
    first = tables[0]
    if len(tables) > 1:
        first.set("joins", [exp.Join(this=t, kind="CROSS") for t in tables[1:]])
    return exp.From(this=first)


def _unqualified_set(node: exp.Update) -> None:
    """SET x.a = 1: PostgreSQL reads x.a as a field of column x; the target's columns are written bare."""
    for assignment in node.expressions:
        if isinstance(assignment, exp.EQ) and isinstance(assignment.this, exp.Column):
            assignment.this.set("table", None)


def output_columns(node: exp.Expression, ctx: Context) -> exp.Expression:
    """OUTPUT inserted.x / deleted.x -> RETURNING x. After an UPDATE, RETURNING gives the new values only:
    deleted.x (the old value) has no spelling before PostgreSQL 18 (OLD.x) and is flagged."""
    if not isinstance(node, exp.Returning):
        return node
    statement = node.parent
    for column in node.find_all(exp.Column):
        pseudo = column.table.lower()
        if pseudo == "deleted" and isinstance(statement, exp.Update):
            ctx.flag("CONV-TSQL-OUTPUT-001", column, column.sql(dialect="tsql"))
        elif pseudo in ("inserted", "deleted"):
            column.set("table", None)
    return node


# OPTION (...) hints with no effect on results: dropped with a finding. Others (FOR XML ...) stay unsupported.
HARMLESS_OPTIONS = frozenset(
    {
        "RECOMPILE",
        "MAXDOP",
        "OPTIMIZE",
        "FAST",
        "HASH",
        "MERGE",
        "LOOP",
        "FORCE",
        "KEEPFIXED",
        "KEEP",
        "MAXRECURSION",
        "ROBUST",
        "EXPAND",
        "NO_PERFORMANCE_SPOOL",
    }
)


def query_options_removed(node: exp.Expression, ctx: Context) -> exp.Expression:
    options = node.args.get("options") if isinstance(node, (exp.Select, exp.Update, exp.Delete)) else None
    if not options:
        return node
    harmless = [
        o for o in options if isinstance(o, exp.QueryOption) and o.this.name.split()[0].upper() in HARMLESS_OPTIONS
    ]
    for option in harmless:
        ctx.flag("CONV-TSQL-OPTION-001", option, f"OPTION ({option.sql(dialect='tsql')})")
    node.set("options", [o for o in options if o not in harmless] or None)
    return node
