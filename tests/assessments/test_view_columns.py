"""A view's column names: the token fast path and sqlglot always agree where the fast path answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.files.view_columns import parsed_names, plain_names, view_columns

NAMES = {
    "oracle": ["id", "Name", "amount", '"Mixed Case"', '"x""y"', "level", "sysdate", "date", "rownum", "user", "e"],
    "sqlserver": ["id", "Name", "[order id]", "[x]]y]", '"q"', "date", "user", "getdate", "@v", "#t"],
    "postgresql": ["id", "Name", '"Mixed"', "date", "user", "current_date", "e", "value"],
}
EXPRESSIONS = ["f(a, b)", "a + 1", "CASE WHEN a = 1 THEN b END", "CAST(a AS INT)", "'lit'", "42", "NULL", "(a)"]
# items whose own level holds words a clause could start with (GROUP, ORDER, WITHIN, KEEP, OVER, FILTER)
AGGREGATES = {
    "oracle": [
        "LISTAGG(a, ',') WITHIN GROUP (ORDER BY b)",
        "MAX(a) KEEP (DENSE_RANK FIRST ORDER BY b)",
        "MIN(a) KEEP (DENSE_RANK LAST ORDER BY b DESC) OVER (PARTITION BY c)",
        "ROW_NUMBER() OVER (PARTITION BY a ORDER BY b)",
        "CASE WHEN a IS NULL THEN 'from' ELSE f(g(a), h(b, c)) END",
        "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a)",
    ],
    "sqlserver": [
        "STRING_AGG(a, ',') WITHIN GROUP (ORDER BY b)",
        "ROW_NUMBER() OVER (ORDER BY a)",
        "CASE WHEN a = 1 THEN 'group' END",
    ],
    "postgresql": [
        "string_agg(a, ',' ORDER BY b)",
        "count(*) FILTER (WHERE a > 1)",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY a)",
        "rank() OVER (PARTITION BY a ORDER BY b)",
    ],
}
TAILS = ["", " FROM t", " FROM t GROUP BY a ORDER BY a", " FROM t WHERE a > 1 ORDER BY 1"]


def _items(dialect: str) -> st.SearchStrategy[str]:
    name = st.sampled_from(NAMES[dialect])
    column = st.lists(name, min_size=1, max_size=3).map(".".join)
    expression = st.one_of(column, st.sampled_from(EXPRESSIONS))
    aliased = st.tuples(expression, st.sampled_from([" AS ", " "]), name).map("".join)
    return st.one_of(column, aliased, st.sampled_from(["*", "t.*"]))


@pytest.mark.parametrize("dialect", sorted(NAMES))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_path_agrees_with_sqlglot(dialect: str, data: st.DataObject) -> None:
    items = data.draw(st.lists(_items(dialect), min_size=1, max_size=5))
    prefix = data.draw(st.sampled_from(["", "DISTINCT "]))
    listed = "SELECT " + prefix + ", ".join(items)
    quick = plain_names(listed, dialect)
    if quick is not None:
        assert quick == parsed_names(listed, dialect), listed


@pytest.mark.parametrize("dialect", sorted(NAMES))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_view_columns_agree_with_parsing_the_whole_query(dialect: str, data: st.DataObject) -> None:
    """The fast paths (cutting the select list from the tokens, reading plain names) against sqlglot parsing the
    whole query: wherever sqlglot reads every name, the answer must be the same (a view column is never renamed)."""
    name = st.sampled_from(NAMES[dialect])
    aggregate = st.sampled_from(AGGREGATES[dialect])
    aliased = st.tuples(st.one_of(aggregate, st.sampled_from(EXPRESSIONS)), st.sampled_from([" AS ", " "]), name)
    items = data.draw(st.lists(st.one_of(_items(dialect), aliased.map("".join)), min_size=1, max_size=5))
    query = "SELECT " + ", ".join(items) + data.draw(st.sampled_from(TAILS))
    whole = parsed_names(query, dialect)
    if whole:
        assert view_columns(query, dialect) == whole, query


@pytest.mark.parametrize(
    ("query", "dialect", "names"),
    [
        (
            "SELECT t.id, NVL(t.amount, 0) AS amount, p.code AS parent_code FROM t, p",
            "oracle",
            ("ID", "AMOUNT", "PARENT_CODE"),
        ),
        ('SELECT "Mixed".x AS "Keep Me" FROM t', "oracle", ("Keep Me",)),
        ("SELECT [order id], x AS [y]]z] FROM t", "sqlserver", ("order id", "y]z")),
        ("SELECT a.B, c AS D FROM t", "postgresql", ("b", "d")),
        ("SELECT SYSDATE AS now, LEVEL AS depth FROM dual", "oracle", ("NOW", "DEPTH")),
        ("SELECT a, b FROM t UNION SELECT c, d FROM u", "oracle", ("A", "B")),
        ("SELECT t.* FROM t", "oracle", ()),
        ("SELECT a b, f(x) c FROM t", "oracle", ("B", "C")),  # bare aliases: sqlglot's path
        # HR.DEPT_ROSTER_V: the column was named WITHIN when the list was cut at WITHIN GROUP's GROUP
        (
            "SELECT d.id, LISTAGG(e.name, ',') WITHIN GROUP (ORDER BY e.name) AS members FROM d GROUP BY d.id",
            "oracle",
            ("ID", "MEMBERS"),
        ),
        ("SELECT MAX(a) KEEP (DENSE_RANK FIRST ORDER BY b) best FROM t", "oracle", ("BEST",)),
    ],
)
def test_view_columns(query: str, dialect: str, names: tuple[str, ...]) -> None:
    assert view_columns(query, dialect) == names
