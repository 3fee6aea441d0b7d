"""Oracle row-shaping pseudo-columns: ROWNUM (-> LIMIT / row_number()) and CONNECT BY (-> WITH RECURSIVE)."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def is_rownum(node: exp.Expression) -> bool:
    return isinstance(node, exp.Column) and not node.table and node.name.upper() == "ROWNUM"


# ROWNUM comparison -> how many rows it keeps: (operator, ROWNUM on the left?) -> the bound's kind.
# Oracle numbers rows as they are produced, so `ROWNUM <= n` keeps the first n and stops.
_BOUNDS = {
    (exp.LTE, True): "at most",  # ROWNUM <= n
    (exp.LT, True): "below",  # ROWNUM < n
    (exp.GTE, False): "at most",  # n >= ROWNUM
    (exp.GT, False): "below",  # n > ROWNUM
    (exp.EQ, True): "one",  # ROWNUM = 1 (ROWNUM = 2 is never true in Oracle)
    (exp.EQ, False): "one",
}


def _rownum_bound(condition: exp.Expression, ctx: Context) -> exp.Expression | None:
    """The row count a WHERE conjunct on ROWNUM keeps, or None if it is not a simple bound."""
    if not isinstance(condition, exp.Binary):
        return None
    left, right = condition.this, condition.expression
    for rownum, value, on_left in ((left, right, True), (right, left, False)):
        if is_rownum(rownum) and _fixed(value, ctx):
            return _row_count(value, _BOUNDS.get((type(condition), on_left), ""))
    return None


def _fixed(value: exp.Expression, ctx: Context) -> bool:
    """The same for every row: no column, or only the routine's own variables (RewriteOptions.variables), which a
    column of the query's tables would hide (a SQL name wins over a PL/SQL one)."""
    return all(_variable(c, ctx) for c in value.find_all(exp.Column))


def _variable(column: exp.Column, ctx: Context) -> bool:
    name = column.name.lower()
    return (
        not column.table
        and name in ctx.options.variables
        and not any(c == name for _, c, _ in ctx.options.table_columns)
    )


def _row_count(value: exp.Expression, kind: str) -> exp.Expression | None:
    """How many rows the bound keeps: an integer literal as written; another value as Oracle's comparison counts
    them (ROWNUM <= 2.5 keeps 2 rows, ROWNUM < 2.5 keeps 2, a NULL or negative bound none), where LIMIT would
    round 2.5 up and take NULL as no limit."""
    if kind == "one":
        return value if isinstance(value, exp.Literal) and not value.is_string and value.name == "1" else None
    if not kind:
        return None
    if isinstance(value, exp.Literal) and value.is_int:
        return value if kind == "at most" else exp.Literal.number(max(int(value.name) - 1, 0))
    one = exp.Literal.number(1)
    if kind == "at most":  # CASE WHEN n >= 1 THEN floor(n) ELSE 0 END
        enough: exp.Expression = exp.GTE(this=value.copy(), expression=one)
        count: exp.Expression = exp.Anonymous(this="floor", expressions=[value.copy()])
    else:  # CASE WHEN n > 1 THEN ceil(n) - 1 ELSE 0 END
        enough = exp.GT(this=value.copy(), expression=one.copy())
        count = exp.Sub(this=exp.Anonymous(this="ceil", expressions=[value.copy()]), expression=one.copy())
    return exp.Case(ifs=[exp.If(this=enough, true=count)], default=exp.Literal.number(0))


def _conjuncts(where: exp.Expression) -> list[exp.Expression]:
    return list(where.flatten()) if isinstance(where, exp.And) else [where]


def rownum_to_limit(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """WHERE ROWNUM <= n [AND ...] -> LIMIT n. The ORDER-BY-in-a-subquery idiom keeps its order:
    SELECT * FROM (SELECT ... ORDER BY x) WHERE ROWNUM <= 3 -> ... ORDER BY x) LIMIT 3."""
    if not ctx.has("ROWNUM"):
        return tree
    for select in list(tree.find_all(exp.Select)):
        where = select.args.get("where")
        if where is None or not any(is_rownum(c) for c in where.find_all(exp.Column)):
            continue
        kept, limits = [], []
        for condition in _conjuncts(where.this):
            bound = _rownum_bound(condition, ctx)
            (kept if bound is None else limits).append(condition if bound is None else bound)
        if not limits:
            continue
        if select.args.get("order"):
            ctx.flag(
                "CONV-ORA-ROWNUM-001",
                where,
                "ROWNUM and ORDER BY in the same SELECT: Oracle numbers the rows before sorting; the rewrite "
                "sorts first (LIMIT after ORDER BY), which is usually what was meant",
            )
        elif not _orders_rows(select):
            ctx.flag("CONV-ORA-ROWNUM-002", where)
        select.set("where", exp.Where(this=exp.and_(*kept)) if kept else None)
        select.set("limit", exp.Limit(expression=_smallest(limits, select)))
    return tree


def _orders_rows(select: exp.Select) -> bool:
    source = select.args.get("from_")
    inner = source.this if source else None
    return isinstance(inner, exp.Subquery) and isinstance(inner.this, exp.Query) and bool(inner.this.args.get("order"))


def _smallest(limits: list[exp.Expression], select: exp.Select) -> exp.Expression:
    existing = select.args.get("limit")
    candidates = [*limits, existing.expression] if existing is not None else limits
    numbers = [c for c in candidates if isinstance(c, exp.Literal) and c.is_int]
    if len(numbers) == len(candidates):
        return min(numbers, key=lambda c: int(c.name))
    return candidates[0] if len(candidates) == 1 else exp.Least(this=candidates[0], expressions=candidates[1:])


def rownum_in_projection(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """ROWNUM anywhere but a WHERE bound -> row_number() OVER () (numbered in the order rows are produced).
    A ROWNUM left in a WHERE or HAVING (ROWNUM > 5, OR ...) has no PostgreSQL meaning: flagged."""
    if not ctx.has("ROWNUM"):
        return tree
    for column in list(tree.find_all(exp.Column)):
        if not is_rownum(column):
            continue
        if column.find_ancestor(exp.Where, exp.Having, exp.Join) is not None:
            ctx.flag("CONV-ORA-ROWNUM-001", column, "ROWNUM in a condition that is not a simple upper bound")
            continue
        numbered = exp.Window(this=exp.RowNumber())
        column.replace(numbered)
    return tree


def connect_by_to_recursive_cte(tree: exp.Expression, ctx: Context) -> exp.Expression:
    from converters.rewrites.oracle_connect_by import rewrite_connect_by

    if not ctx.has("Connect"):
        return tree
    for select in list(tree.find_all(exp.Select))[::-1]:
        if select.args.get("connect") is None:
            continue
        rewritten = rewrite_connect_by(select, ctx)
        if rewritten is None:
            ctx.flag("CONV-ORA-CONNECTBY-001", select.args["connect"])
        elif select is tree:
            tree = rewritten
        else:
            select.replace(rewritten)
    return tree
