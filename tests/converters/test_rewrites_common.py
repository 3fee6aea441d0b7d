"""Query rewrites every source dialect shares (converters/rewrites/common.py), checked from each dialect."""

from __future__ import annotations

import pytest

from converters.rewrite import convert_query

# (source text, PostgreSQL text, rule ids of the findings expected): the same in Oracle and T-SQL
QUERIES = [
    # a parenthesised table is the table: PostgreSQL parses neither `(t) x` nor `(t x)`
    ("SELECT e.id FROM (emp) e", "SELECT e.id FROM emp AS e", set()),
    (
        "SELECT e.id FROM ((emp e)) JOIN (dept) d ON d.id = e.dept_id",
        "SELECT e.id FROM emp AS e JOIN dept AS d ON d.id = e.dept_id",
        set(),
    ),
    ("SELECT id FROM (emp)", "SELECT id FROM emp", set()),
    # a parenthesised join is not a subquery: no alias, which would hide b and c from the ON clause and the select list
    (
        "SELECT a.id, c.id FROM a JOIN (b JOIN c ON b.c_id = c.id) ON a.b_id = b.id",
        "SELECT a.id, c.id FROM a JOIN (b JOIN c ON b.c_id = c.id) ON a.b_id = b.id",
        set(),
    ),
    (
        "SELECT a.id FROM a LEFT JOIN ((b JOIN c ON b.c_id = c.id) JOIN d ON d.id = c.id) ON a.b_id = b.id",
        "SELECT a.id FROM a LEFT JOIN ((b JOIN c ON b.c_id = c.id) JOIN d ON d.id = c.id) ON a.b_id = b.id",
        set(),
    ),
]


@pytest.mark.parametrize("dialect", ["oracle", "sqlserver"])
@pytest.mark.parametrize(("source", "expected", "rules"), QUERIES)
def test_shared_query_rewrite(dialect: str, source: str, expected: str, rules: set[str]) -> None:
    result = convert_query(source, dialect)
    assert result.sql == expected
    assert {f.rule_id for f in result.findings} == rules
