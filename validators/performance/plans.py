"""PostgreSQL plans, summarised: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) read into a few facts per node, what
those facts say (a large sequential scan, a row estimate far off, a nested loop over a misestimate, a function or
a cast on an indexed column in a filter), and which of them explain a regression against the source's plan.

Pure: the runner hands in the plan JSON and the target's indexed columns; nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from validators.performance.result import Cause

# A scan reading at least this many rows is a "large table" scan: below it a sequential scan is often the best plan.
LARGE_SCAN_ROWS = 10_000
# An estimate off by this factor (and by MISESTIMATE_ROWS rows) misleads the planner's join and scan choices.
MISESTIMATE_FACTOR = 10
MISESTIMATE_ROWS = 100
# A filter that keeps less than this share of the rows it reads is a candidate for an index.
INDEX_SELECTIVITY = 0.10
# Casts PostgreSQL shows on a varchar/char column that an index on that column still serves (binary-compatible).
HARMLESS_CASTS = {exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR, exp.DataType.Type.BPCHAR, exp.DataType.Type.NAME}
INDEX_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
MAX_NODES = 200

# rule id -> (message, suggestion, why the rule exists). {placeholders} are filled from the plan node.
RULES: dict[str, tuple[str, str, str]] = {
    "PERF-SEQSCAN-001": (
        "sequential scan of {relation} ({read:,} rows read, {kept:,} kept) where the source used index {index}",
        "the target lacks an index the source has: CREATE INDEX ON {relation} ({columns}); then ANALYZE {relation}",
        "the commonest post-migration regression: an index not converted, not deployed, or created invalid",
    ),
    "PERF-SEQSCAN-002": (
        "sequential scan of a large table {relation}: {read:,} rows read, {kept:,} kept ({share})",
        "{advice}",
        "reading a whole large table for a few rows costs time proportional to the table, not to the answer",
    ),
    "PERF-ESTIMATE-001": (
        "{node} on {relation}: the planner expected {estimated:,} rows, got {actual:,} ({factor}x off)",
        "ANALYZE {relation} (statistics are missing or stale after a load); if it stays off, raise the "
        "column's statistics target or CREATE STATISTICS on correlated columns",
        "row estimates drive join order, join method and index choice; a fresh load has no statistics until ANALYZE",
    ),
    "PERF-NESTLOOP-001": (
        "nested loop driven by {relation}: {actual:,} outer rows where {estimated:,} were estimated, so the inner "
        "side ran {actual:,} times",
        "ANALYZE the joined tables; if the estimate stays wrong, CREATE STATISTICS on the correlated columns or "
        "rewrite the join so the planner can pick a hash or merge join",
        "a nested loop is chosen for few outer rows; under an underestimate it repeats the inner scan per row",
    ),
    "PERF-FUNCTION-001": (
        "{function}() applied to indexed column {relation}.{column} in WHERE: its index cannot be used",
        "compare the bare column (move the function to the other side of the comparison), or "
        "CREATE INDEX ON {relation} (({function}({column})))",
        "a B-tree index serves the column's own values; an expression over the column needs an expression index",
    ),
    "PERF-CAST-001": (
        "indexed column {relation}.{column} is cast to {type} in WHERE: its index cannot be used",
        "compare it with a value of the column's own type (cast the parameter, not the column); if the converted "
        "column type differs from the source's, fix the type mapping",
        "an implicit cast of the column (say integer vs numeric after a type mapping) hides it from its index",
    ),
    "PERF-SLOWER-001": (
        "slower on the target with no plan fact to explain it ({detail})",
        "compare the two plans below; check the instance class, shared_buffers/work_mem, and that the first "
        "run did not read a cold cache (raise --warmup)",
        "not every regression shows in a plan: capacity, caching and settings do not",
    ),
}


def cause(rule_id: str, relation: str = "", **fields: Any) -> Cause:
    message, suggestion, _why = RULES[rule_id]
    values = {"relation": relation, **fields}
    return Cause(rule_id, message.format(**values), suggestion.format(**values), relation)


def summarise(explain: Any) -> dict[str, Any]:
    """The facts of an EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) result, one row per plan node (depth first)."""
    top = explain[0] if isinstance(explain, list) else explain
    plan = top.get("Plan", {})
    nodes = [_node(node, depth) for node, depth in _walk(plan, 0)][:MAX_NODES]
    return {
        "planning_ms": top.get("Planning Time"),
        "execution_ms": top.get("Execution Time"),
        "shared_hit_blocks": plan.get("Shared Hit Blocks"),
        "shared_read_blocks": plan.get("Shared Read Blocks"),
        "nodes": nodes,
    }


def _walk(node: dict[str, Any], depth: int) -> Iterator[tuple[dict[str, Any], int]]:
    yield node, depth
    for child in node.get("Plans", []):
        yield from _walk(child, depth + 1)


def _node(node: dict[str, Any], depth: int) -> dict[str, Any]:
    loops = int(node.get("Actual Loops", 1) or 0)
    return {
        "depth": depth,
        "node": node.get("Node Type", ""),
        "relation": node.get("Relation Name", ""),
        "index": node.get("Index Name", ""),
        "estimated": int(node.get("Plan Rows", 0)),
        "actual": int(node.get("Actual Rows", 0)),
        "loops": loops,
        "removed": int(node.get("Rows Removed by Filter", 0)),
        "filter": node.get("Filter", ""),
        "index_cond": node.get("Index Cond", "") or node.get("Recheck Cond", ""),
        "join": node.get("Join Type", ""),
        "outer_estimated": int(node["Plans"][0].get("Plan Rows", 0)) if node.get("Plans") else 0,
        "outer_actual": _total(node["Plans"][0]) if node.get("Plans") else 0,
        "outer_relation": _first_relation(node["Plans"][0]) if node.get("Plans") else "",
    }


def _total(node: dict[str, Any]) -> int:
    return int(node.get("Actual Rows", 0)) * max(1, int(node.get("Actual Loops", 1) or 1))


def _first_relation(node: dict[str, Any]) -> str:
    return next((n.get("Relation Name", "") for n, _ in _walk(node, 0) if n.get("Relation Name")), "")


def index_users(summary: dict[str, Any]) -> dict[str, str]:
    """relation -> the index a plan used to read it (Bitmap Heap Scans name theirs on the child node)."""
    used: dict[str, str] = {}
    nodes = summary.get("nodes", [])
    for i, node in enumerate(nodes):
        if node["node"] in INDEX_SCANS and node["relation"]:
            index = node["index"] or next((n["index"] for n in nodes[i + 1 :] if n["index"]), "an index")
            used.setdefault(node["relation"], index)
    return used


def observe(summary: dict[str, Any], indexed: Mapping[str, set[str]] | None = None) -> list[Cause]:
    """What one plan shows, worth knowing whether or not the query regressed."""
    found: list[Cause] = []
    for node in summary.get("nodes", []):
        found += _scan_facts(node, indexed or {})
        found += _estimate_facts(node)
    return found


def _scan_facts(node: dict[str, Any], indexed: Mapping[str, set[str]]) -> list[Cause]:
    if node["node"] != "Seq Scan" or not node["relation"]:
        return []
    loops = max(1, node["loops"])
    read, kept = (node["actual"] + node["removed"]) * loops, node["actual"] * loops
    relation = node["relation"]
    facts = [cause(rule, relation, **values) for rule, values in _filter_facts(node["filter"], indexed.get(relation))]
    if read >= LARGE_SCAN_ROWS:
        share = kept / read if read else 1.0
        columns = filter_columns(node["filter"])
        if share < INDEX_SELECTIVITY and columns and not facts:
            advice = f"CREATE INDEX ON {relation} ({', '.join(columns)}): the filter keeps few rows"
        elif share < INDEX_SELECTIVITY:
            advice = "an index fits a filter this selective: see the function/cast notes on this scan"
        else:
            advice = "the query reads most of the table: an index will not help; check that it needs every row"
        facts.append(cause("PERF-SEQSCAN-002", relation, read=read, kept=kept, share=f"{share:.2%}", advice=advice))
    return facts


def _estimate_facts(node: dict[str, Any]) -> list[Cause]:
    facts = []
    estimated, actual = node["estimated"], node["actual"]
    if node["loops"] and _off(estimated, actual):
        factor = max(estimated, actual) // max(1, min(estimated, actual))
        facts.append(
            cause(
                "PERF-ESTIMATE-001",
                node["relation"] or node["outer_relation"] or "the joined tables",
                node=node["node"],
                estimated=estimated,
                actual=actual,
                factor=factor,
            )
        )
    if (
        node["node"] == "Nested Loop"
        and node["outer_actual"] > node["outer_estimated"]
        and _off(node["outer_estimated"], node["outer_actual"])
    ):
        facts.append(
            cause(
                "PERF-NESTLOOP-001",
                node["outer_relation"] or "its outer input",
                estimated=node["outer_estimated"],
                actual=node["outer_actual"],
            )
        )
    return facts


def _off(estimated: int, actual: int) -> bool:
    low, high = sorted((max(estimated, 0), max(actual, 0)))
    return high - low >= MISESTIMATE_ROWS and high >= MISESTIMATE_FACTOR * max(1, low)


def _parse(condition: str) -> exp.Expr | None:
    if not condition:
        return None
    try:
        return sqlglot.parse_one(condition, read="postgres")
    except SqlglotError:
        return None


def _filter_facts(condition: str, indexed: set[str] | None) -> list[tuple[str, dict[str, Any]]]:
    """(rule, fields) for each function or cast over an indexed column in a scan's filter."""
    tree = _parse(condition)
    if tree is None or not indexed:
        return []
    facts: list[tuple[str, dict[str, Any]]] = []
    covered: set[int] = set()
    for func in tree.find_all(exp.Func):
        if isinstance(func, (exp.Cast, exp.Paren, exp.Binary, exp.Not)) or id(func) in covered:
            continue
        column = _column_under(func, indexed)
        if column:
            facts.append(("PERF-FUNCTION-001", {"function": _function_name(func), "column": column}))
            covered.update(id(n) for n in func.walk())
    for cast in tree.find_all(exp.Cast):
        if id(cast) in covered or cast.to.this in HARMLESS_CASTS:
            continue
        inner = cast.this.unnest() if isinstance(cast.this, exp.Paren) else cast.this
        if isinstance(inner, exp.Column) and inner.name in indexed:
            facts.append(("PERF-CAST-001", {"column": inner.name, "type": cast.to.sql(dialect="postgres")}))
    return facts


def _column_under(func: exp.Expr, indexed: set[str]) -> str:
    return next((c.name for c in func.find_all(exp.Column) if c.name in indexed), "")


def _function_name(func: exp.Func) -> str:
    return func.name if isinstance(func, exp.Anonymous) else func.sql_name().lower()


def filter_columns(condition: str) -> list[str]:
    """Columns a filter compares with a constant: equality first, then ranges (the order of an index's keys)."""
    tree = _parse(condition)
    if tree is None:
        return []
    equal: list[str] = []
    ranged: list[str] = []
    for node in tree.find_all(exp.EQ, exp.In, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between):
        column = node.this.unnest() if isinstance(node.this, exp.Paren) else node.this
        if isinstance(column, exp.Column):
            (equal if isinstance(node, (exp.EQ, exp.In)) else ranged).append(column.name)
    return list(dict.fromkeys(equal + ranged))


def regression_causes(
    source: dict[str, Any] | None, target: dict[str, Any] | None, observed: list[Cause], source_observed: list[Cause]
) -> list[Cause]:
    """The target's plan facts (`observed`) that the source's plan does not share: the likely causes."""
    if target is None:
        return []
    used_on_source = index_users(source) if source else {}
    causes: list[Cause] = []
    for node in target.get("nodes", []):
        relation = node["relation"]
        if node["node"] == "Seq Scan" and relation in used_on_source:
            loops = max(1, node["loops"])
            read, kept = (node["actual"] + node["removed"]) * loops, node["actual"] * loops
            columns = ", ".join(filter_columns(node["filter"])) or "the filtered columns"
            causes.append(
                cause(
                    "PERF-SEQSCAN-001",
                    relation,
                    read=read,
                    kept=kept,
                    index=used_on_source[relation],
                    columns=columns,
                )
            )
    explained = {c.relation for c in causes}
    source_facts = {(c.rule_id, c.relation) for c in source_observed}
    causes += [
        c
        for c in observed
        if (c.rule_id, c.relation) not in source_facts
        and not (c.rule_id == "PERF-SEQSCAN-002" and c.relation in explained)
    ]
    return causes
