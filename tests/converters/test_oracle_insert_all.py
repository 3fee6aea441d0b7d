"""Oracle multi-table INSERT (INSERT ALL / INSERT FIRST) -> data-modifying CTEs, on the real PostgreSQL: the tables
are converted and deployed with the CLI, the statement converted and run, and the rows compared with what Oracle's
documented semantics give (SQL Language Reference, INSERT, multi_table_insert): the subquery runs once; ALL inserts
into every INTO, or into those of each true WHEN (ELSE when none is); FIRST into those of the first true WHEN only;
a NULL condition is not true; NEXTVAL is drawn once per row of the subquery."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from converters.rewrite import convert_query
from tests.converters.conftest import convert_and_deploy

TABLES = """
CREATE TABLE shop.orders (id NUMBER(6) PRIMARY KEY, amount NUMBER(8,2), region VARCHAR2(10), note VARCHAR2(30));
CREATE TABLE shop.big_orders (id NUMBER(6), amount NUMBER(8,2));
CREATE TABLE shop.east_orders (id NUMBER(6), amount NUMBER(8,2), region VARCHAR2(10), note VARCHAR2(30));
CREATE TABLE shop.other_orders (id NUMBER(6), label VARCHAR2(60));
CREATE TABLE shop.pairs (a NUMBER(6), b VARCHAR2(10));
CREATE TABLE shop.keyed (k NUMBER(6), id NUMBER(6));
CREATE SEQUENCE shop.order_seq START WITH 100;
"""

# id, amount, region, note: 1 is big and east, 2 east only, 3 big only, 4 all NULL but its note, 5 neither
ORDERS = (
    "(1, 500, 'EAST', 'a'), (2, 50, 'EAST', NULL), (3, 700, 'WEST', 'c'), (4, NULL, NULL, 'd'), (5, 20, 'WEST', 'e')"
)
D = Decimal
READ = {
    "big_orders": "SELECT id, amount FROM shop.big_orders ORDER BY id",
    "east_orders": "SELECT id, amount, region, note FROM shop.east_orders ORDER BY id",
    "other_orders": "SELECT id, label FROM shop.other_orders ORDER BY id, label",
    "pairs": "SELECT a, b FROM shop.pairs ORDER BY a",
    "keyed": "SELECT k, id FROM shop.keyed ORDER BY k, id",
}

# (Oracle statement, the rows each table holds after it -- written by hand from Oracle's semantics)
CASES = {
    "unconditional ALL into two tables": (
        """INSERT ALL
             INTO shop.big_orders (id, amount) VALUES (id, amount)
             INTO shop.other_orders VALUES (id, region || '/' || note)
           SELECT id, amount, region, note FROM shop.orders WHERE id <= 3""",
        {"big_orders": [(1, D("500.00")), (2, D("50.00")), (3, D("700.00"))],
         "other_orders": [(1, "EAST/a"), (2, "EAST/"), (3, "WEST/c")]},  # '' || NULL is '' in Oracle
    ),
    "conditional ALL: two WHENs true for 1, none for 4 and 5 (ELSE)": (
        """INSERT ALL
             WHEN amount > 100 THEN INTO shop.big_orders (id, amount) VALUES (id, amount)
             WHEN region = 'EAST' THEN INTO shop.east_orders
             ELSE INTO shop.other_orders (id, label) VALUES (id, 'none: ' || note)
           SELECT id, amount, region, note FROM shop.orders""",
        {"big_orders": [(1, D("500.00")), (3, D("700.00"))],
         "east_orders": [(1, D("500.00"), "EAST", "a"), (2, D("50.00"), "EAST", None)],
         "other_orders": [(4, "none: d"), (5, "none: e")]},
    ),
    "FIRST: 1 matches both WHENs and goes to the first only; a WHEN's two INTOs": (
        """INSERT FIRST
             WHEN amount > 100 THEN INTO shop.big_orders (id, amount) VALUES (id, amount)
             WHEN region = 'EAST' THEN INTO shop.east_orders (id, amount, region, note) VALUES (id, amount, region, note)
                                       INTO shop.other_orders (id, label) VALUES (id, 'east')
             ELSE INTO shop.other_orders (id, label) VALUES (id, 'else')
           SELECT id, amount, region, note FROM shop.orders""",
        {"big_orders": [(1, D("500.00")), (3, D("700.00"))],
         "east_orders": [(2, D("50.00"), "EAST", None)],
         "other_orders": [(2, "east"), (4, "else"), (5, "else")]},
    ),
    "NULL conditions are not true: neither a WHEN nor its negation holds, ELSE does": (
        """INSERT ALL
             WHEN amount > 100 THEN INTO shop.big_orders (id, amount) VALUES (id, amount)
             WHEN NOT (amount > 100) THEN INTO shop.other_orders (id, label) VALUES (id, 'small')
             ELSE INTO shop.other_orders (id, label) VALUES (id, 'unknown')
           SELECT id, amount FROM shop.orders""",
        {"big_orders": [(1, D("500.00")), (3, D("700.00"))],
         "other_orders": [(2, "small"), (4, "unknown"), (5, "small")]},
    ),
    "NULL conditions in FIRST: 4's first WHEN is NULL, its second true; 2 matches none and there is no ELSE": (
        """INSERT FIRST
             WHEN amount > 100 THEN INTO shop.big_orders (id, amount) VALUES (id, amount)
             WHEN note IS NOT NULL THEN INTO shop.other_orders (id, label) VALUES (id, note)
           SELECT id, amount, note FROM shop.orders""",
        {"big_orders": [(1, D("500.00")), (3, D("700.00"))], "other_orders": [(4, "d"), (5, "e")]},
    ),
    "the multi-row idiom: INTO ... VALUES rows from DUAL": (
        """INSERT ALL
             INTO shop.pairs (a, b) VALUES (1, 'one')
             INTO shop.pairs (a, b) VALUES (2, 'two')
             INTO shop.pairs VALUES (3, NULL)
           SELECT * FROM dual""",
        {"pairs": [(1, "one"), (2, "two"), (3, None)]},
    ),
    "column lists in another order, expressions in VALUES, a column alias and a qualified column": (
        """INSERT ALL
             INTO shop.other_orders (label, id) VALUES (UPPER(region) || '-' || id, id * 10)
             INTO shop.big_orders (amount, id) VALUES (NVL(amount, 0) + 1, id)
           SELECT o.id, o.amount, LOWER(o.region) region FROM shop.orders o WHERE o.id IN (1, 4)""",
        {"other_orders": [(10, "EAST-1"), (40, "-4")], "big_orders": [(1, D("501.00")), (4, D("1.00"))]},
    ),
    "SELECT * with INTOs without VALUES: the subquery's row goes in as it is": (
        """INSERT FIRST
             WHEN region = 'EAST' THEN INTO shop.east_orders
             WHEN amount IS NULL THEN INTO shop.other_orders (id, label) VALUES (id, note)
           SELECT * FROM shop.orders""",
        {"east_orders": [(1, D("500.00"), "EAST", "a"), (2, D("50.00"), "EAST", None)],
         "other_orders": [(4, "d")]},
    ),
    "NEXTVAL is drawn once per subquery row: the same value in both INTOs of row 1, 103 and 104 unused": (
        """INSERT ALL
             WHEN amount > 100 THEN INTO shop.keyed (k, id) VALUES (shop.order_seq.NEXTVAL, id)
             WHEN region = 'EAST' THEN INTO shop.keyed (k, id) VALUES (shop.order_seq.NEXTVAL, id)
           SELECT id, amount, region FROM shop.orders ORDER BY id""",
        {"keyed": [(100, 1), (100, 1), (101, 2), (102, 3)]},
    ),
}  # fmt: skip


@pytest.fixture
def shop(cli, tmp_path: Path, pg_url, pg):  # type: ignore[no-untyped-def]
    convert_and_deploy(cli, tmp_path, TABLES, "oracle", pg_url)
    pg.execute(f"INSERT INTO shop.orders VALUES {ORDERS}")
    return pg


@pytest.mark.parametrize("case", list(CASES))
def test_rows_are_oracles(shop, case: str) -> None:  # type: ignore[no-untyped-def]
    oracle, expected = CASES[case]
    converted = convert_query(oracle, "oracle")
    assert [f.rule_id for f in converted.findings] == []
    assert converted.sql.startswith("WITH aurora_src AS MATERIALIZED (")
    shop.execute(converted.sql)
    assert {name: shop.rows(sql) for name, sql in READ.items()} == {name: expected.get(name, []) for name in READ}


def test_the_sequence_moved_once_per_subquery_row(shop) -> None:  # type: ignore[no-untyped-def]
    shop.execute(convert_query(CASES[next(c for c in CASES if "NEXTVAL" in c)][0], "oracle").sql)
    assert shop.rows("SELECT nextval('shop.order_seq')") == [(105,)]  # five rows drew 100 .. 104


# (Oracle, PostgreSQL): the forms as written
LINES = [
    (
        "INSERT ALL INTO a VALUES (1) INTO b VALUES (2) SELECT * FROM dual",
        "WITH aurora_src AS MATERIALIZED (SELECT 'X' AS dummy), aurora_into_1 AS (INSERT INTO a SELECT 1 FROM "
        "aurora_src) INSERT INTO b SELECT 2 FROM aurora_src",
    ),
    (
        "INSERT ALL WHEN x > 1 THEN INTO a VALUES (x) ELSE INTO b SELECT x FROM t",
        "WITH aurora_src AS MATERIALIZED (SELECT aurora_q.*, aurora_q AS aurora_row, (x > 1) IS TRUE AS "
        "aurora_when_1 FROM (SELECT x FROM t) AS aurora_q), aurora_into_1 AS (INSERT INTO a SELECT x FROM aurora_src "
        "WHERE aurora_src.aurora_when_1) INSERT INTO b SELECT (aurora_src.aurora_row).* FROM aurora_src "
        "WHERE NOT (aurora_src.aurora_when_1)",
    ),
    (
        "INSERT FIRST WHEN x > 1 THEN INTO a WHEN x > 0 THEN INTO b SELECT x FROM t",
        "WITH aurora_src AS MATERIALIZED (SELECT aurora_q.*, aurora_q AS aurora_row, CASE WHEN x > 1 THEN 1 WHEN "
        "x > 0 THEN 2 ELSE 0 END AS aurora_branch FROM (SELECT x FROM t) AS aurora_q), aurora_into_1 AS (INSERT "
        "INTO a SELECT (aurora_src.aurora_row).* FROM aurora_src WHERE aurora_src.aurora_branch = 1) INSERT INTO b "
        "SELECT (aurora_src.aurora_row).* FROM aurora_src WHERE aurora_src.aurora_branch = 2",
    ),
    # the expressions inside still convert: NVL, '' || NULL, the sequence (once per row, CURRVAL reading it)
    (
        "INSERT ALL INTO a VALUES (s.NEXTVAL, NVL(x, 0)) INTO b VALUES (s.CURRVAL, x || 'y') SELECT x FROM t",
        "WITH aurora_src AS MATERIALIZED (SELECT aurora_q.*, nextval('s') AS aurora_nextval_1 FROM (SELECT x FROM t)"
        " AS aurora_q), aurora_into_1 AS (INSERT INTO a SELECT aurora_src.aurora_nextval_1, coalesce(x, 0) FROM "
        "aurora_src) INSERT INTO b SELECT aurora_src.aurora_nextval_1, concat(x, 'y') FROM aurora_src",
    ),
]


@pytest.mark.parametrize(("oracle", "postgres"), LINES)
def test_lines(oracle: str, postgres: str) -> None:
    converted = convert_query(oracle, "oracle")
    assert (converted.sql, converted.findings) == (postgres, ())


# (Oracle, why it stays manual): CONV-ORA-INSERTALL-001 with the reason, the text kept for the person
MANUAL = [
    ("INSERT ALL INTO a VALUES (x, DEFAULT) SELECT x FROM t", "DEFAULT"),
    ("INSERT ALL INTO a VALUES (x, ROWNUM) SELECT x FROM t", "ROWNUM in VALUES"),
    ("INSERT ALL WHEN LEVEL > 1 THEN INTO a VALUES (x) SELECT x FROM t", "LEVEL in a WHEN condition"),
    ("INSERT ALL WHEN s.NEXTVAL > 1 THEN INTO a VALUES (x) SELECT x FROM t", "a sequence in a WHEN condition"),
    ("INSERT ALL INTO a VALUES (s.NEXTVAL) INTO b VALUES (hr.s.NEXTVAL) SELECT x FROM t", "named in two ways"),
    ("INSERT ALL INTO a VALUES (x) WHEN x > 1 THEN INTO b VALUES (x) SELECT x FROM t", "mixed"),
]


@pytest.mark.parametrize(("oracle", "reason"), MANUAL)
def test_forms_that_stay_manual(oracle: str, reason: str) -> None:
    converted = convert_query(oracle, "oracle")
    assert [f.rule_id for f in converted.findings] == ["CONV-ORA-INSERTALL-001"]
    assert reason in converted.findings[0].message
    assert converted.sql.startswith("INSERT ALL")
