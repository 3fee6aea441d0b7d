"""Oracle row-shaping pseudo-columns: ROWNUM (-> LIMIT / row_number()) and CONNECT BY (-> WITH RECURSIVE)."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def is_rownum(node: exp.Expression) -> bool:
    return isinstance(node, exp.Column) and not node.table and node.name.upper() == "ROWNUM"


# ROWNUM comparison -> how many rows it keeps: (operator, ROWNUM on the left?) -> rows from the bound n.
# Oracle numbers rows as they are produced, so `ROWNUM <= n` keeps the first n and stops.
_BOUNDS = {
    (exp.LTE, True): lambda n: n,  # ROWNUM <= n
    (exp.LT, True): lambda n: _minus_one(n),  # ROWNUM < n
    (exp.GTE, False): lambda n: n,  # n >= ROWNUM
    (exp.GT, False): lambda n: _minus_one(n),  # n > ROWNUM
    (exp.EQ, True): lambda n: n if _is_one(n) else None,  # ROWNUM = 1 (ROWNUM = 2 is never true in Oracle)
    (exp.EQ, False): lambda n: n if _is_one(n) else None,
}


def _is_one(n: exp.Expression) -> bool:
    return isinstance(n, exp.Literal) and not n.is_string and n.name == "1"


def _minus_one(n: exp.Expression) -> exp.Expression:
    if isinstance(n, exp.Literal) and n.is_int:
        return exp.Literal.number(int(n.name) - 1)
    return exp.Paren(this=exp.Sub(this=n.copy(), expression=exp.Literal.number(1)))


def _rownum_bound(condition: exp.Expression) -> exp.Expression | None:
    """The row count a WHERE conjunct on ROWNUM keeps, or None if it is not a simple bound."""
    if not isinstance(condition, exp.Binary):
        return None
    left, right = condition.this, condition.expression
    if is_rownum(left) and not right.find(exp.Column):
        bound = _BOUNDS.get((type(condition), True))
        return bound(right) if bound else None
    if is_rownum(right) and not left.find(exp.Column):
        bound = _BOUNDS.get((type(condition), False))
        return bound(left) if bound else None
    return None


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
            bound = _rownum_bound(condition)
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
