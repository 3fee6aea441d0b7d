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


@pytest.mark.parametrize(
    "query",
    [
        "SELECT id FROM t WHERE status IN ('a','b') AND x IS NOT NULL",
        "SELECT t.id FROM t WHERE (t.status)::text = ANY ((ARRAY['a'::character varying])::text[])",
        "SELECT a,\n       b -- the source's own layout and comments\nFROM t",
    ],
)
def test_a_postgresql_source_reads_as_written_when_no_rewrite_applies(query: str) -> None:
    assert convert_query(query, "postgresql").sql == query


def test_deploy_script_sets_search_path_once_per_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from converters.output import write_output
    from migrate.model import ConversionResult, ConvertedObject, Ledger, ObjectStatus

    objects = tuple(
        ConvertedObject("table", schema, "t", f"CREATE TABLE {schema}.t (id int);\n", ObjectStatus.CONVERTED, "T", None)
        for schema in ("public", "app")
    )
    write_output(ConversionResult("postgresql", 16, objects, Ledger(0, ())), tmp_path)
    script = (tmp_path / "deploy.sql").read_text()
    assert "SET search_path TO public;" in script and "SET search_path TO app, public;" in script
    assert "public, public" not in script
