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
            for part in ("table", "db", "catalog"):  # SET dbo.t.a = 1 too
                assignment.this.set(part, None)


def output_columns(node: exp.Expression, ctx: Context) -> exp.Expression:
    """OUTPUT inserted.x / deleted.x -> RETURNING x. After an UPDATE, RETURNING gives the new values only:
    deleted.x (the old value) has no spelling before PostgreSQL 18 (OLD.x) and is flagged."""
    if not isinstance(node, exp.Returning):
        return node
    statement = node.parent
    # UPDATE / DELETE may read other tables (FROM / USING): inserted.x is the target's x (x alone could be another
    # table's, and deleted.* the target's columns only, where * would be every table's)
    target = statement.this if isinstance(statement, (exp.Update, exp.Delete)) else None
    others = target is not None and any(statement.args.get(k) for k in ("from_", "using", "tables"))
    owner = exp.to_identifier(target.alias_or_name) if isinstance(target, exp.Table) and others else None
    for column in node.find_all(exp.Column):
        pseudo = column.table.lower()
        if pseudo == "deleted" and isinstance(statement, exp.Update):
            ctx.flag("CONV-TSQL-OUTPUT-001", column, column.sql(dialect="tsql"))
        elif pseudo in ("inserted", "deleted"):
            column.set("table", owner.copy() if owner else None)
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


def _xml_path_empty(select: exp.Select) -> bool:
    """FOR XML PATH('') with nothing else: the string-concatenation idiom."""
    clause = select.args.get("for_")
    options = clause.expressions if isinstance(clause, exp.ForClause) else []
    if not clause or str(clause.args.get("kind", "")).upper() != "XML" or len(options) != 1:
        return False
    option = options[0].this if isinstance(options[0], exp.QueryOption) else None
    return (
        isinstance(option, exp.XMLKeyValueOption)
        and option.this.name.upper() == "PATH"
        and isinstance(option.expression, exp.Literal)
        and option.expression.name == ""
    )


def xml_path_to_string_agg(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """STUFF((SELECT ', ' + x FROM ... ORDER BY y FOR XML PATH('')), 1, 2, '') -> (SELECT string_agg(x, ', '
    ORDER BY y) FROM ...). Without STUFF the leading separator stays: string_agg(', ' || x, ''). FOR XML PATH
    also escaped &, < and > as entities; string_agg does not (flagged, low: usually the intended text)."""
    if not ctx.has("ForClause"):
        return tree
    for select in [s for s in tree.find_all(exp.Select) if _xml_path_empty(s)]:
        if len(select.expressions) != 1:
            continue
        item = select.expressions[0].unalias()
        stuff = select.parent.parent if isinstance(select.parent, exp.Subquery) else None
        separator, value = exp.Literal.string(""), item
        strip = isinstance(stuff, exp.Stuff) and _strips_separator(stuff, item)
        if strip:
            separator, value = item.this, item.expression
        order = select.args.get("order")
        this = exp.Order(this=value.copy(), expressions=order.expressions) if order else value.copy()
        select.set("expressions", [exp.GroupConcat(this=this, separator=separator.copy())])
        select.set("order", None)
        select.set("for_", None)
        ctx.flag("CONV-TSQL-XMLPATH-001", select)
        if strip:
            stuff.replace(select.parent)
    return tree


def _strips_separator(stuff: exp.Stuff, item: exp.Expression) -> bool:
    """STUFF(..., 1, len(sep), '') around `sep + x`: it only removes the leading separator."""
    sep = item.this if isinstance(item, exp.Add) else None
    length, start, put = stuff.args.get("length"), stuff.args.get("start"), stuff.expression
    return (
        isinstance(sep, exp.Literal)
        and sep.is_string
        and isinstance(length, exp.Literal)
        and length.name == str(len(sep.name))
        and isinstance(start, exp.Literal)
        and start.name == "1"
        and isinstance(put, exp.Literal)
        and put.name == ""
    )


def recursive_cte(node: exp.Expression, ctx: Context) -> exp.Expression:
    """T-SQL writes a recursive CTE as a plain WITH; PostgreSQL needs WITH RECURSIVE once a CTE reads itself
    (otherwise: 'relation does not exist')."""
    if not isinstance(node, exp.With) or node.args.get("recursive"):
        return node
    for cte in node.expressions:
        name = cte.alias_or_name.lower()
        if any(t.name.lower() == name and not t.db for t in cte.this.find_all(exp.Table)):
            node.set("recursive", True)
            break
    return node


def output_into(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """INSERT / UPDATE / DELETE ... OUTPUT x INTO t (a, b) -> WITH output_rows AS (... RETURNING x) INSERT INTO
    t (a, b) SELECT * FROM output_rows: the rows go where SQL Server puts them, in the same statement. Without a
    column list SQL Server fills t's columns but its identity and computed ones: named from the inventory, else
    CONV-TSQL-OUTPUT-002. The DML's own CTEs stay in front."""
    returning = (
        tree.args.get("returning") if isinstance(tree, (exp.Insert, exp.Update, exp.Delete, exp.Merge)) else None
    )
    into = returning.args.get("into") if isinstance(returning, exp.Returning) else None
    if isinstance(tree, exp.Merge) and returning:
        _merge_output(tree, returning, ctx)
    if into is None:
        return tree
    returning.set("into", None)
    table, columns = (into.this, list(into.expressions)) if isinstance(into, exp.Schema) else (into, [])
    if not isinstance(table, exp.Table):
        ctx.flag("CONV-TSQL-OUTPUT-003", tree, f"INTO {table.sql(dialect='tsql')}")
        table = exp.to_table(table.name or "output_target")
    if not columns:
        columns = _output_target_columns(table, ctx)
    ctes = tree.args.get("with_")
    tree.set("with_", None)
    target: exp.Expression = table.copy()
    if columns:
        target = exp.Schema(this=target, expressions=[c.copy() for c in columns])
    select = exp.select("*").from_("output_rows")
    statement = exp.Insert(this=target, expression=select)
    previous = list(ctes.expressions) if ctes else []
    cte = exp.CTE(this=tree, alias=exp.TableAlias(this=exp.to_identifier("output_rows")))
    statement.set(
        "with_", exp.With(expressions=[*previous, cte], recursive=ctes.args.get("recursive") if ctes else None)
    )
    return statement


def _merge_output(tree: exp.Merge, returning: exp.Returning, ctx: Context) -> None:
    """MERGE ... OUTPUT $action, ...: RETURNING merge_action(), ... (PostgreSQL 17; older targets: a finding)."""
    for column in list(returning.find_all(exp.Column)):
        if column.name.lower() == "$action" and not column.table:
            column.replace(exp.Anonymous(this="merge_action", expressions=[]))
    if ctx.options.target_version < 17:
        ctx.flag("CONV-TSQL-OUTPUT-003", tree, f"OUTPUT in MERGE, target is PostgreSQL {ctx.options.target_version}")


def _output_target_columns(table: exp.Table, ctx: Context) -> list[exp.Expression]:
    known = dict(ctx.options.output_into_columns)
    names = [".".join(p.name for p in table.parts).lower(), table.name.lower()]
    found = next((known[n] for n in names if n in known), None)
    if found is None:
        ctx.flag("CONV-TSQL-OUTPUT-002", table, table.sql(dialect="tsql"))
        return []
    return [exp.to_identifier(name) for name in found]
