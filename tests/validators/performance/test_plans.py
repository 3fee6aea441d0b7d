"""The plan summary and its rules: each rule fires on a plan shaped as PostgreSQL's EXPLAIN (ANALYZE, BUFFERS,
FORMAT JSON) writes it, and on real plans from the shop database."""

from __future__ import annotations

from typing import Any

import pytest

from validators.performance import plans
from validators.performance.runner import Conversion, RunOptions, run_workload
from validators.performance.workload import Workload, parse_workload


def node(kind: str, relation: str = "", plan_rows: int = 1, rows: int = 1, loops: int = 1, **extra: Any) -> dict:
    return {"Node Type": kind, "Relation Name": relation, "Plan Rows": plan_rows, "Actual Rows": rows,
            "Actual Loops": loops, **extra}  # fmt: skip


def explain(plan: dict) -> list[dict]:
    return [
        {
            "Plan": {**plan, "Shared Hit Blocks": 10, "Shared Read Blocks": 2},
            "Planning Time": 0.1,
            "Execution Time": 25.0,
        }
    ]


def seq(filter_: str, rows: int = 10, removed: int = 199_990, relation: str = "orders") -> dict:
    return node("Seq Scan", relation, 10, rows, **{"Filter": filter_, "Rows Removed by Filter": removed})


INDEXED = {"orders": {"customer_id", "code", "placed"}, "customers": {"email"}}
OBSERVED = [
    # (plan, rule ids the plan shows)
    (seq("(customer_id = 42)"), ["PERF-SEQSCAN-002"]),
    (seq("(customer_id = 42)", removed=500), []),  # a small table: a sequential scan is the right plan
    (seq("(amount > 1)", rows=150_000, removed=50_000), ["PERF-ESTIMATE-001", "PERF-SEQSCAN-002"]),
    (seq("(lower((email)::text) = 'x'::text)", relation="customers"), ["PERF-FUNCTION-001", "PERF-SEQSCAN-002"]),
    (seq("((code)::numeric = '42'::numeric)"), ["PERF-CAST-001", "PERF-SEQSCAN-002"]),
    (seq("((code)::text = '42'::text)"), ["PERF-SEQSCAN-002"]),  # varchar -> text: the index still serves it
    (seq("(upper(note) = 'X'::text)"), ["PERF-SEQSCAN-002"]),  # a function on a column with no index
    (node("Nested Loop", "", 5, 40_000, Plans=[node("Seq Scan", "customers", 2, 4000), node("Index Scan", "orders")]),
     ["PERF-ESTIMATE-001", "PERF-NESTLOOP-001", "PERF-ESTIMATE-001"]),
]  # fmt: skip


@pytest.mark.parametrize(("plan", "rules"), OBSERVED)
def test_observe(plan: dict, rules: list[str]) -> None:
    assert sorted(c.rule_id for c in plans.observe(plans.summarise(explain(plan)), INDEXED)) == sorted(rules)


FILTER_COLUMNS = [
    ("(customer_id = 42)", ["customer_id"]),
    ("((placed >= '2024-01-01'::date) AND (customer_id = 42))", ["customer_id", "placed"]),
    ("(status = ANY ('{a,b}'::text[]))", ["status"]),  # = ANY(array) is served by an index too
    ("", []),
]


@pytest.mark.parametrize(("condition", "columns"), FILTER_COLUMNS)
def test_filter_columns(condition: str, columns: list[str]) -> None:
    assert plans.filter_columns(condition) == columns


def test_a_seq_scan_where_the_source_used_an_index_is_the_cause() -> None:
    source = plans.summarise(
        explain(
            node("Bitmap Heap Scan", "orders", Plans=[node("Bitmap Index Scan", **{"Index Name": "orders_customer"})])
        )
    )
    target = plans.summarise(explain(seq("(customer_id = 42)")))
    causes = plans.regression_causes(source, target, plans.observe(target, INDEXED), plans.observe(source, INDEXED))
    assert [c.rule_id for c in causes] == ["PERF-SEQSCAN-001"]  # the generic large-scan note is folded into it
    assert (
        causes[0].message
        == "sequential scan of orders (200,000 rows read, 10 kept) where the source used index orders_customer"
    )
    assert causes[0].suggestion.startswith(
        "the target lacks an index the source has: CREATE INDEX ON orders (customer_id)"
    )


def test_facts_the_source_shares_are_not_causes() -> None:
    both = plans.summarise(explain(seq("(amount > 1)", rows=150_000, removed=50_000)))
    assert plans.regression_causes(both, both, plans.observe(both), plans.observe(both)) == []


def test_every_rule_has_a_test_line() -> None:
    tested = {r for _, rules in OBSERVED for r in rules} | {"PERF-SEQSCAN-001", "PERF-SLOWER-001"}
    assert set(plans.RULES) == tested
    assert plans.cause("PERF-SLOWER-001", detail="same plan shape on both sides").message.endswith(
        "(same plan shape on both sides)"
    )


REAL = """
-- name: email_lower
SELECT id FROM customers WHERE lower(email) = 'user5@example.org';
-- name: code_numeric
SELECT count(*) FROM orders WHERE code::numeric = 42;
"""


def test_real_plans_show_the_function_and_the_cast_on_indexed_columns(shop) -> None:
    workload = parse_workload(REAL, "real.sql")
    report = run_workload(*shop, Workload(tuple(workload)), Conversion, RunOptions(iterations=1, warmup=0))
    for side in ("source", "target"):  # the same setup on both sides: the same facts on both
        found = {q.name: {c.rule_id for c in getattr(q, side).observations} for q in report.queries}
        assert "PERF-FUNCTION-001" in found["email_lower"] and "PERF-CAST-001" in found["code_numeric"]
    causes = {q.name: q.causes for q in report.queries}
    assert causes == {"email_lower": [], "code_numeric": []} or all(
        c.rule_id == "PERF-SLOWER-001" for cs in causes.values() for c in cs
    )  # facts both plans share are never a regression's cause (only the clock could flag these, on a busy machine)
