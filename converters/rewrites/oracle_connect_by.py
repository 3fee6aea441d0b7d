"""CONNECT BY -> WITH RECURSIVE, keeping Oracle's rows, LEVEL, paths and depth-first order.

    SELECT proj FROM t [WHERE w] START WITH s CONNECT BY [NOCYCLE] PRIOR id = parent [ORDER SIBLINGS BY o]
becomes
    WITH RECURSIVE hierarchy AS (
      SELECT t.*, 1 AS hier_level, ARRAY[row_number() OVER (ORDER BY o)] AS hier_order, ... FROM t WHERE s
      UNION ALL
      SELECT t.*, hierarchy.hier_level + 1, hierarchy.hier_order || row_number() OVER (ORDER BY o), ...
      FROM t JOIN hierarchy ON hierarchy.id = t.parent AND NOT <t's key> = ANY (hierarchy.hier_keys))
    SELECT proj' FROM hierarchy AS t [WHERE w] ORDER BY hier_order
Oracle applies WHERE after building the tree, so w moves to the outer query. Oracle returns the rows depth first;
hier_order (an integer array, compared element by element) reproduces that order. The key guard stops a cycle:
Oracle raises ORA-01436 without NOCYCLE where PostgreSQL would recurse forever, so the guard is always present.
Only a single table or subquery in FROM is rewritten (joins with CONNECT BY are flagged by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from converters.rewrites.common import Context, pg_type

CTE = "hierarchy"
PARENT = "hierarchy"
DUAL_ALIAS = "dual_row"  # DUAL as a one-row subquery (a table named dual would read as Oracle syntax)


@dataclass
class Extras:
    """Columns the CTE carries for the outer query: (name, anchor expression, recursive expression)."""

    columns: list[tuple[str, exp.Expression, exp.Expression]] = field(default_factory=list)

    def add(self, name: str, anchor: exp.Expression, recursive: exp.Expression) -> exp.Column:
        self.columns.append((name, anchor, recursive))
        return exp.column(name)


def rewrite_connect_by(select: exp.Select, ctx: Context) -> exp.Expression | None:
    """The recursive form of one CONNECT BY query, or None when its shape is not one we rewrite with certainty."""
    connect = select.args["connect"]
    source = select.args["from_"].this if select.args.get("from_") else None
    if select.args.get("joins") or not isinstance(source, (exp.Table, exp.Subquery)):
        return None
    if _has_word(select, "CONNECT_BY_ISCYCLE") or _names_taken(select):
        return None
    # DUAL becomes a one-row subquery named dual_row (a table named dual would read as Oracle syntax)
    alias = DUAL_ALIAS if _is_dual(source) else source.alias_or_name
    child = _dual_as_row(source) if _is_dual(source) else source.copy()
    condition = connect.args["connect"]
    keys = [p.this for p in condition.find_all(exp.Prior)]
    extras = Extras()
    outer = select.copy()
    outer.set("connect", None)
    order = outer.args.get("order")
    siblings = order.expressions if order is not None and order.args.get("siblings") else []
    level = extras.add("hier_level", exp.Literal.number(1), _parent_col("hier_level") + 1)
    _sibling_order(extras, siblings, alias)
    if keys:
        extras.add(
            "hier_keys",
            _key_array(keys, alias),
            exp.DPipe(this=_parent_col("hier_keys"), expression=_key_array(keys, alias)),
        )
    _replace_pseudo_columns(outer, extras, alias, level)
    _replace_is_leaf(outer, child, alias, condition)
    anchor = _anchor(child, alias, connect.args.get("start"), extras)
    recursive = _recursive(child, alias, condition, keys, extras)
    cte_query = exp.Union(this=anchor, expression=recursive, distinct=False)
    outer.set(
        "from_",
        exp.From(this=exp.Table(this=exp.to_identifier(CTE), alias=exp.TableAlias(this=exp.to_identifier(alias)))),
    )
    if order is None or siblings:
        outer.set("order", exp.Order(expressions=[exp.Ordered(this=exp.column("hier_order", table=alias))]))
    if outer.find(exp.Star) and not isinstance(outer.find(exp.Star).parent, exp.Count):
        ctx.flag("CONV-ORA-CONNECTBY-002", select, "SELECT * also returns the hier_* helper columns")
    with_ = outer.args.get("with_")
    cte = exp.CTE(this=cte_query, alias=exp.TableAlias(this=exp.to_identifier(CTE)))
    outer.set("with_", exp.With(expressions=[*(with_.expressions if with_ else []), cte], recursive=True))
    if connect.args.get("nocycle") is None:
        ctx.flag("CONV-ORA-CONNECTBY-002", select, "a cycle in the data stops the recursion (Oracle: ORA-01436)")
    return outer


def _names_taken(select: exp.Select) -> bool:
    """The statement already uses the name the rewrite gives its CTE: rather flag than shadow it."""
    root = select.root()
    names = {t.name.lower() for t in root.find_all(exp.Table)} | {
        c.alias_or_name.lower() for c in root.find_all(exp.CTE)
    }
    return CTE in names


def _is_dual(source: exp.Expression) -> bool:
    return isinstance(source, exp.Table) and source.name.upper() == "DUAL"


def _dual_as_row(source: exp.Expression) -> exp.Expression:
    row = exp.select(exp.alias_(exp.Literal.string("X"), "dummy"))
    return exp.Subquery(this=row, alias=exp.TableAlias(this=exp.to_identifier(DUAL_ALIAS)))


def _parent_col(name: str) -> exp.Column:
    return exp.column(name, table=PARENT)


def _has_word(select: exp.Select, word: str) -> bool:
    return any(c.name.upper() == word for c in select.find_all(exp.Column, exp.Anonymous))


def _key_array(keys: list[exp.Expression], alias: str) -> exp.Expression:
    """The row's CONNECT BY key as text (one array element per ancestor) so any key type compares."""
    text = pg_type("text")
    parts = [exp.cast(_qualified(k, alias), text) for k in keys]
    key = parts[0] if len(parts) == 1 else exp.Concat(expressions=parts, safe=True, coalesce=True)
    return exp.Array(expressions=[key])


def _qualified(node: exp.Expression, alias: str) -> exp.Expression:
    """Unqualified columns point at the child row: the CTE has the same columns, so a bare name is ambiguous.
    DUAL's one column is DUMMY: any other name there is no column of the row (a PL/SQL variable, a parameter)."""
    node = node.copy()
    for col in [node, *node.find_all(exp.Column)]:
        if alias == DUAL_ALIAS and col.name.upper() != "DUMMY":
            continue
        if isinstance(col, exp.Column) and not col.table and col.name.upper() not in ("LEVEL",):
            col.set("table", exp.to_identifier(alias))
    return node


def _sibling_order(extras: Extras, siblings: list[exp.Expression], alias: str) -> None:
    order = exp.Order(expressions=[_qualified(o, alias) for o in siblings]) if siblings else None
    number = exp.Window(this=exp.RowNumber(), order=order)
    extras.add(
        "hier_order",
        exp.Array(expressions=[number]),
        exp.DPipe(this=_parent_col("hier_order"), expression=number.copy()),
    )


def _replace_pseudo_columns(outer: exp.Select, extras: Extras, alias: str, level: exp.Column) -> None:
    """LEVEL, SYS_CONNECT_BY_PATH, CONNECT_BY_ROOT and PRIOR in the projection read CTE columns instead."""
    for node in list(outer.walk()):
        if isinstance(node, exp.Column) and not node.table and node.name.upper() == "LEVEL":
            node.replace(exp.column("hier_level", table=alias))
        elif isinstance(node, exp.Anonymous) and node.name.upper() == "SYS_CONNECT_BY_PATH":
            node.replace(_path_column(node, extras, alias))
        elif isinstance(node, exp.ConnectByRoot):
            name = f"hier_root_{len(extras.columns)}"
            extras.add(name, _qualified(node.this, alias), _parent_col(name))
            node.replace(exp.column(name, table=alias))
        elif isinstance(node, exp.Prior) and node.find_ancestor(exp.Connect) is None:
            name = f"hier_prior_{len(extras.columns)}"
            extras.add(name, exp.Null(), _qualified(node.this, PARENT))
            node.replace(exp.column(name, table=alias))


def _replace_is_leaf(outer: exp.Select, child: exp.Expression, alias: str, condition: exp.Expression) -> None:
    """CONNECT_BY_ISLEAF is 1 when no row connects below this one: NOT EXISTS a child row meeting the CONNECT BY
    condition with PRIOR reading this row (the CTE row, which has all the source columns)."""
    leaves = [c for c in outer.find_all(exp.Column) if not c.table and c.name.upper() == "CONNECT_BY_ISLEAF"]
    if not leaves:
        return
    child_alias = "hier_child"
    on = _qualified(condition, child_alias)
    for prior in list(on.find_all(exp.Prior)):
        prior.replace(_qualified(prior.this, alias).transform(lambda n: _retable(n, alias)))
    for col in list(on.find_all(exp.Column)):
        if not col.table and col.name.upper() == "LEVEL":
            col.replace(exp.column("hier_level", table=alias) + 1)
    source = child.copy()
    source.set("alias", exp.TableAlias(this=exp.to_identifier(child_alias)))
    probe = exp.Select(expressions=[exp.Literal.number(1)], from_=exp.From(this=source), where=exp.Where(this=on))
    is_leaf = exp.Case(
        ifs=[exp.If(this=exp.Exists(this=probe), true=exp.Literal.number(0))], default=exp.Literal.number(1)
    )
    for leaf in leaves:
        leaf.replace(is_leaf.copy())


def _retable(node: exp.Expression, alias: str) -> exp.Expression:
    if isinstance(node, exp.Column):
        node.set("table", exp.to_identifier(alias))
    return node


def _path_column(call: exp.Anonymous, extras: Extras, alias: str) -> exp.Column:
    """SYS_CONNECT_BY_PATH(x, '/') = '/' || x of the root || '/' || x of each level down; a NULL x adds only '/'."""
    value, separator = call.expressions
    text = exp.Coalesce(this=exp.cast(_qualified(value, alias), pg_type("text")), expressions=[exp.Literal.string("")])
    step = exp.DPipe(this=separator.copy(), expression=text)
    name = f"hier_path_{len(extras.columns)}"
    extras.add(name, step, exp.DPipe(this=_parent_col(name), expression=step.copy()))
    return exp.column(name, table=alias)


def _anchor(child: exp.Expression, alias: str, start: exp.Expression | None, extras: Extras) -> exp.Select:
    where = exp.Where(this=_level_one(start.copy())) if start is not None else None
    return _select(alias, [(name, a) for name, a, _ in extras.columns], _source(child, alias), where=where)


def _select(alias: str, extras: list[tuple[str, exp.Expression]], source: exp.Expression, **args: object) -> exp.Select:
    """SELECT alias.*, <extras> FROM source ... built as nodes (sqlglot's builders re-parse and copy)."""
    star = exp.Column(this=exp.Star(), table=exp.to_identifier(alias))
    columns = [exp.Alias(this=e.copy(), alias=exp.to_identifier(name)) for name, e in extras]
    return exp.Select(expressions=[star, *columns], from_=exp.From(this=source), **args)


def _source(child: exp.Expression, alias: str) -> exp.Expression:
    source = child.copy()
    if not source.alias:
        source.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    return source


def _level_one(node: exp.Expression) -> exp.Expression:
    for col in list(node.find_all(exp.Column)):
        if not col.table and col.name.upper() == "LEVEL":
            col.replace(exp.Literal.number(1))
    return node


def _recursive(
    child: exp.Expression, alias: str, condition: exp.Expression, keys: list[exp.Expression], extras: Extras
) -> exp.Select:
    """Children of the rows found so far: PRIOR x reads the parent (the CTE), everything else the child row."""
    on = _qualified(condition, alias)
    for prior in list(on.find_all(exp.Prior)):
        prior.replace(_to_parent(prior.this, alias))
    for col in list(on.find_all(exp.Column)):
        if not col.table and col.name.upper() == "LEVEL":
            col.replace(_parent_col("hier_level") + 1)
    if keys:
        # The child's key must not already be on the path: stops cycles (Oracle NOCYCLE; ORA-01436 otherwise).
        seen = exp.Any(this=exp.Paren(this=_parent_col("hier_keys")))
        on = exp.and_(on, exp.not_(exp.EQ(this=_key_array(keys, alias).expressions[0], expression=seen)))
    parent = exp.Table(this=exp.to_identifier(CTE), alias=exp.TableAlias(this=exp.to_identifier(PARENT)))
    join = exp.Join(this=parent, on=on, kind="INNER")
    return _select(alias, [(name, r) for name, _, r in extras.columns], _source(child, alias), joins=[join])


def _to_parent(node: exp.Expression, alias: str) -> exp.Expression:
    node = _qualified(node, alias)
    for col in [node, *node.find_all(exp.Column)]:
        if isinstance(col, exp.Column):
            col.set("table", exp.to_identifier(PARENT))
    return node
