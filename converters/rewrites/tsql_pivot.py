"""T-SQL PIVOT and UNPIVOT, rewritten to the exact PostgreSQL forms (PostgreSQL has neither operator).

PIVOT (AGG(v) FOR c IN ([x], [y])) over a source groups the source by every other column it returns and makes one
column per listed value: that is `AGG(v) FILTER (WHERE c = 'x') AS "x"` grouped by the rest. The rest is known only
when the source is a derived table with a plain select list; over a bare table (whose columns the query does not
name) the statement is left for sqlglot's generator, which reports it.

UNPIVOT (v FOR n IN (a, b)) turns columns into rows and drops the NULL values: a lateral VALUES list
(`CROSS JOIN LATERAL (VALUES ('a', t.a), ('b', t.b)) AS u(n, v) WHERE u.v IS NOT NULL`). The source's own a and b
stay visible after the rewrite, so a `SELECT *` over it is left alone.
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def pivots_rewritten(tree: exp.Expression, ctx: Context) -> exp.Expression:
    for pivot in list(tree.find_all(exp.Pivot)):
        source = pivot.parent
        if not isinstance(source, (exp.Subquery, exp.Table)) or len(source.args.get("pivots") or []) != 1:
            continue
        if pivot.args.get("unpivot"):
            _unpivot(source, pivot)
        else:
            _pivot(source, pivot)
    return tree


def _output_names(select: exp.Expression) -> list[str] | None:
    if not isinstance(select, exp.Select):
        return None
    names = [p.alias_or_name for p in select.expressions]
    if any(isinstance(p, exp.Star) or (isinstance(p, exp.Column) and p.is_star) for p in select.expressions):
        return None
    return names if all(names) else None


def _pivot(source: exp.Expression, pivot: exp.Pivot) -> None:
    aggregates, fields = pivot.expressions, pivot.args.get("fields") or []
    if not isinstance(source, exp.Subquery) or len(aggregates) != 1 or len(fields) != 1:
        return
    field = fields[0]
    names = _output_names(source.this)
    if not isinstance(field, exp.In) or names is None or not isinstance(field.this, exp.Column):
        return
    aggregate = aggregates[0]
    used = {c.name.lower() for c in aggregate.find_all(exp.Column)} | {field.this.name.lower()}
    groups = [exp.column(name, quoted=True) for name in names if name.lower() not in used]
    inner_alias = source.alias or "pivot_source"
    columns: list[exp.Expression] = list(groups)
    for value in field.expressions:
        label = value.name if isinstance(value, (exp.Column, exp.Identifier, exp.Literal)) else value.sql()
        condition = exp.EQ(this=field.this.copy(), expression=exp.Literal.string(label))
        filtered = exp.Filter(this=aggregate.copy(), expression=exp.Where(this=condition))
        columns.append(exp.alias_(filtered, exp.to_identifier(label, quoted=True)))
    base = source.copy()
    base.set("pivots", None)
    base.set("alias", exp.TableAlias(this=exp.to_identifier(inner_alias)))
    grouped = exp.select(*columns).from_(base)
    if groups:
        grouped = grouped.group_by(*[g.copy() for g in groups])
    alias = pivot.args.get("alias") or exp.TableAlias(this=exp.to_identifier("pivoted"))
    source.replace(exp.Subquery(this=grouped, alias=alias.copy()))


def _unpivot(source: exp.Expression, pivot: exp.Pivot) -> None:
    fields = pivot.args.get("fields") or []
    select = source.find_ancestor(exp.Select)
    if len(pivot.expressions) != 1 or len(fields) != 1 or select is None or not isinstance(fields[0], exp.In):
        return
    if source.parent is not select.args.get("from_") or _output_names(select) is None:
        return  # only `FROM t UNPIVOT (...)` with a named select list
    value, name = pivot.expressions[0].name, fields[0].this.name
    owner = source.alias_or_name
    rows = [
        exp.Tuple(expressions=[exp.Literal.string(c.name), exp.column(c.name, table=owner)])
        for c in fields[0].expressions
    ]
    alias = pivot.args.get("alias")
    label = alias.name if alias is not None and alias.name else "unpivoted"
    lateral = exp.Lateral(
        this=exp.Subquery(this=exp.Values(expressions=rows)),
        alias=exp.TableAlias(
            this=exp.to_identifier(label), columns=[exp.to_identifier(name), exp.to_identifier(value)]
        ),
    )
    for column in select.find_all(exp.Column):  # u.id: the source's columns were reachable through UNPIVOT's alias
        if column.table == label and column.name.lower() not in (name.lower(), value.lower()):
            column.set("table", exp.to_identifier(owner))
    source.set("pivots", None)
    select.append("joins", exp.Join(this=lateral, kind="CROSS"))
    select.where(exp.Not(this=exp.Is(this=exp.column(value, table=label), expression=exp.Null())), copy=False)
