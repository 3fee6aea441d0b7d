"""Ordered rewrite pipelines per source engine: (statement steps, node steps)."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites import oracle, tsql
from converters.rewrites.common import Step, json_table_needs_17, merge_needs_15

PIPELINES = {
    "oracle": (oracle.STATEMENT_STEPS, oracle.NODE_STEPS),
    "sqlserver": (tsql.STATEMENT_STEPS, tsql.NODE_STEPS),
    # Self-managed PostgreSQL: already the target dialect; only version checks apply (no cast mapping: types are
    # already PostgreSQL's).
    "postgresql": ((), (Step(exp.Merge, merge_needs_15), Step(exp.JSONTable, json_table_needs_17))),
}
