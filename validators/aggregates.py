"""Column aggregates on both sides: count, nulls, min, max, sum (numbers), sum of lengths (strings).

Numbers are compared by value (min, max and sum of the raw column: numeric order has no collation);
everything else by min/max of its canonical text under a binary collation (code-point order on every
engine), so collations never make a phantom difference. Float sums depend on the order rows are added
in, so they compare with a relative tolerance of 1e-9.
"""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from validators.checksum import side_sql
from validators.normalize.base import ColumnSpec, Normaliser, Policy
from validators.result import CheckResult
from validators.side import SidePair
from validators.tables import TablePair

NUMERIC = frozenset({"integer", "decimal", "float"})
STRINGS = frozenset({"string", "fixed_string"})
UNORDERED = frozenset({"lob_text", "lob_binary", "json", "other"})  # count and nulls only
FLOAT_SUM_TOLERANCE = 1e-9
MEASURES = ("count", "nulls", "min", "max", "sum")


def column_aggregates(norm: Normaliser, spec: ColumnSpec) -> list[str]:
    """count, nulls, min, max, sum for one column, in this engine's SQL."""
    raw = norm.quote(spec.name)
    text = norm.value(spec)
    if spec.kind in NUMERIC:
        low, high, total = f"MIN({raw})", f"MAX({raw})", f"SUM({raw})"
    elif spec.kind in UNORDERED:
        low = high = total = "NULL"
    else:
        ordered = norm.binary_order.format(v=text)
        low, high = f"MIN({ordered})", f"MAX({ordered})"
        total = f"SUM({norm.length(text)})" if spec.kind in STRINGS else "NULL"
    return [f"COUNT({text})", f"COUNT(*) - COUNT({text})", low, high, total]


def aggregate_sql(norm: Normaliser, table: str, specs: list[ColumnSpec], where: str, group: ColumnSpec | None) -> str:
    parts = [a for spec in specs for a in column_aggregates(norm, spec)]
    where_sql = f" WHERE {where}" if where else ""
    if group is None:
        return f"SELECT 'all', {', '.join(parts)} FROM {table}{where_sql}"
    g = norm.value(group)
    return f"SELECT {g}, {', '.join(parts)} FROM {table}{where_sql} GROUP BY {g}"


def comparable(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)


def same(kind: str, measure: str, a: Any, b: Any) -> bool:
    a, b = comparable(a), comparable(b)
    if kind == "float" and measure == "sum" and isinstance(a, Decimal) and isinstance(b, Decimal):
        return abs(a - b) <= Decimal(FLOAT_SUM_TOLERANCE) * max(abs(a), abs(b), Decimal(1))
    return bool(a == b)


def aggregate_table(
    pair: TablePair, sides: SidePair, policy: Policy, where: tuple[str, str], group_by: str
) -> CheckResult:
    started = time.monotonic()
    source, target = side_sql(pair, (sides.source.normaliser, sides.target.normaliser), policy, where)
    group = next(
        (i for i, c in enumerate(pair.columns) if group_by and c.source.casefold() == group_by.casefold()), None
    )
    if group_by and group is None:
        return CheckResult(
            "aggregates", pair.name, "error", summary=f"--group-by column {group_by} is not in {pair.name}"
        )
    queries = [
        aggregate_sql(s.norm, s.table, list(s.specs), s.where, s.specs[group] if group is not None else None)
        for s in (source, target)
    ]
    found = sides.both(*queries)
    by_group = [{str(r[0]): r[1:] for r in rows} for rows in found]
    result = CheckResult("aggregates", pair.name, "match", method=", ".join(MEASURES) + " per column")
    for g in sorted(by_group[0].keys() | by_group[1].keys()):
        s_row, t_row = by_group[0].get(g), by_group[1].get(g)
        if s_row is None or t_row is None:
            side = "target" if t_row is None else "source"
            result.differences.append({"kind": f"group_missing_in_{side}", "key": {group_by or "group": g}, "count": 1})
            continue
        result.differences += _compare_group(pair, g, group_by, s_row, t_row)
    result.difference_count = len(result.differences)
    result.status = "differ" if result.differences else "match"
    result.summary = f"{len(pair.columns)} columns" + (
        f" by {group_by} ({len(by_group[0])} groups)" if group_by else ""
    )
    result.elapsed = time.monotonic() - started
    return result


def _compare_group(pair: TablePair, group: str, group_by: str, s_row: Any, t_row: Any) -> list[dict[str, Any]]:
    found = []
    for i, column in enumerate(pair.columns):
        measures = []
        for j, measure in enumerate(MEASURES):
            a, b = s_row[i * len(MEASURES) + j], t_row[i * len(MEASURES) + j]
            if not same(column.kind, measure, a, b):
                measures.append({"column": measure, "source": str(a), "target": str(b)})
        if measures:
            key = {"column": column.target, **({group_by: group} if group_by else {})}
            found.append({"kind": "aggregate_differs", "key": key, "count": 1, "columns": measures})
    return found
