"""Semantic traps, run on the real PostgreSQL with data: the converted query must return what the source
database returns (the expected rows are what Oracle / SQL Server give for the same data)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from converters.rewrite import RewriteOptions, convert_query
from migrate.engines import connect
from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl
from migrate.model import Severity

SCHEMA = """
CREATE TABLE dept (id int PRIMARY KEY, name text);
CREATE TABLE emp (id int PRIMARY KEY, name text, mgr int, dept_id int, hired timestamp(0), code text);
INSERT INTO dept VALUES (10, 'Sales'), (20, 'Ops'), (30, 'Empty');
INSERT INTO emp VALUES
  (1, 'King', NULL, 10, '2024-01-31 09:30:00', 'A'),
  (2, 'Jones', 1, 10, '2024-02-15 17:45:10', NULL),
  (3, 'Scott', 2, 20, '2024-12-31 23:00:00', 'B'),
  (4, 'Adams', 3, 20, '2025-01-01 01:00:00', NULL),
  (5, 'Blake', 1, NULL, '2024-03-01 00:00:00', 'A');
CREATE TABLE scores (name text, score int);
INSERT INTO scores VALUES ('a', 90), ('b', 80), ('c', 80), ('d', 70);
CREATE TABLE sales (region text, yr int, amount numeric(12,2));
INSERT INTO sales VALUES ('N', 2023, 10), ('N', 2023, 5), ('N', 2024, 7), ('S', 2024, 1), ('S', NULL, 99);
CREATE TABLE wide (id int, q1 int, q2 int);
INSERT INTO wide VALUES (1, 10, NULL), (2, NULL, NULL), (3, 30, 40);
CREATE TABLE orders (id int, emp_id int, amount numeric(12,2));
INSERT INTO orders VALUES (1, 1, 10.10), (2, 1, 20.20), (3, 2, 5.05);
"""

# (source, query, rows the source database returns)
TRAPS = [
    # (+) keeps the unmatched rows: dept 30 has nobody
    ("oracle", "SELECT d.id, e.id FROM dept d, emp e WHERE d.id = e.dept_id(+) AND d.id = 30", [(30, None)]),
    # DECODE(x, NULL, ...) matches NULL
    (
        "oracle",
        "SELECT id, DECODE(code, NULL, 'none', 'A', 'alpha', 'other') FROM emp ORDER BY id",
        [(1, "alpha"), (2, "none"), (3, "other"), (4, "none"), (5, "alpha")],
    ),
    # Oracle: 'a' || NULL is 'a'
    ("oracle", "SELECT 'a' || NULL || 'b' FROM dual", [("ab",)]),
    ("oracle", "SELECT name || code FROM emp WHERE id = 2", [("Jones",)]),
    # ROWNUM <= 3 returns 3 rows; the ORDER-BY-in-subquery idiom returns the top 3
    ("oracle", "SELECT count(*) FROM (SELECT id FROM emp WHERE ROWNUM <= 3)", [(3,)]),
    ("oracle", "SELECT id FROM (SELECT id FROM emp ORDER BY hired DESC) WHERE ROWNUM <= 2", [(4,), (3,)]),
    # CONNECT BY: the same tree, depth first, with LEVEL and SYS_CONNECT_BY_PATH
    (
        "oracle",
        "SELECT id, LEVEL, SYS_CONNECT_BY_PATH(name, '/') FROM emp START WITH mgr IS NULL "
        "CONNECT BY PRIOR id = mgr ORDER SIBLINGS BY name",
        [
            (1, 1, "/King"),
            (5, 2, "/King/Blake"),
            (2, 2, "/King/Jones"),
            (3, 3, "/King/Jones/Scott"),
            (4, 4, "/King/Jones/Scott/Adams"),
        ],
    ),
    (
        "oracle",
        "SELECT CONNECT_BY_ROOT name, name FROM emp WHERE LEVEL = 3 START WITH id = 2 "
        "CONNECT BY NOCYCLE PRIOR id = mgr",
        [("Jones", "Adams")],
    ),
    (
        "oracle",
        "SELECT id, CONNECT_BY_ISLEAF FROM emp START WITH mgr IS NULL CONNECT BY PRIOR id = mgr ORDER BY id",
        [(1, 0), (2, 0), (3, 0), (4, 1), (5, 1)],
    ),
    ("oracle", "SELECT LEVEL FROM dual CONNECT BY LEVEL <= 4", [(1,), (2,), (3,), (4,)]),
    # Oracle DATE arithmetic keeps the time of day; TO_DATE keeps it too
    (
        "oracle",
        "SELECT TO_CHAR(TO_DATE('2024-01-31 09:30:15', 'YYYY-MM-DD HH24:MI:SS'), 'YYYY-MM-DD HH24:MI:SS') FROM dual",
        [("2024-01-31 09:30:15",)],
    ),
    (
        "oracle",
        "SELECT TO_CHAR(hired + 1, 'YYYY-MM-DD HH24:MI:SS'), TO_CHAR(hired - 1/24, 'HH24:MI') FROM emp WHERE id = 2",
        [("2024-02-16 17:45:10", "16:45")],
    ),
    (
        "oracle",
        "SELECT id FROM emp WHERE hired - TO_DATE('2024-02-15', 'YYYY-MM-DD') BETWEEN 0.5 AND 1 ORDER BY id",
        [(2,)],
    ),
    (
        "oracle",
        "SELECT 7 / 2, COUNT(*) / 2 FROM emp",
        [(Decimal("3.5"), Decimal("2.5"))],
    ),
    ("oracle", "SELECT TO_CHAR(LAST_DAY(hired), 'YYYY-MM-DD HH24:MI') FROM emp WHERE id = 2", [("2024-02-29 17:45",)]),
    (
        "oracle",
        "SELECT TO_CHAR(TRUNC(hired, 'MM'), 'YYYY-MM-DD HH24:MI') FROM emp WHERE id = 2",
        [("2024-02-01 00:00",)],
    ),
    (
        "oracle",
        "SELECT SUBSTR('abcdef', -3), SUBSTR('abcdef', 0, 2), INSTR('abcabc', 'c') FROM dual",
        [("def", "ab", 3)],
    ),
    (
        "oracle",
        "SELECT LISTAGG(name, ',') WITHIN GROUP (ORDER BY name) FROM emp WHERE dept_id = 20",
        [("Adams,Scott",)],
    ),
    ("oracle", "SELECT id FROM emp MINUS SELECT emp_id FROM orders ORDER BY 1", [(3,), (4,), (5,)]),
    (
        "oracle",
        "SELECT TO_NUMBER('12345678901234567.89') FROM dual",
        [(Decimal("12345678901234567.89"),)],
    ),
    (
        "oracle",
        "SELECT d.id, o.id, e.id FROM dept d, orders o, emp e WHERE d.id = e.dept_id(+) "
        "AND o.emp_id = e.id(+) AND d.id = 30 ORDER BY o.id",
        [(30, 1, None), (30, 2, None), (30, 3, None)],
    ),
    # a parenthesised table is the table (PostgreSQL would not parse it as written)
    ("oracle", "SELECT d.id FROM (dept) d, (emp e) WHERE e.dept_id = d.id AND e.id = 1", [(10,)]),
    # a parenthesised join is joined first: depts without an employee with orders keep their row
    (
        "oracle",
        "SELECT d.id, e.id FROM dept d LEFT JOIN (emp e JOIN orders o ON o.emp_id = e.id) ON e.dept_id = d.id "
        "ORDER BY d.id, o.id",
        [(10, 1), (10, 1), (10, 2), (20, None), (30, None)],
    ),
    (
        "oracle",
        "SELECT d.id, x.n FROM dept d, (SELECT e.dept_id, COUNT(*) n FROM emp e JOIN (orders o JOIN emp m "
        "ON m.id = o.emp_id) ON o.emp_id = e.id GROUP BY e.dept_id) x WHERE d.id = x.dept_id(+) ORDER BY d.id",
        [(10, 3), (20, None), (30, None)],
    ),
    # the classic pagination: rows 2-3 of the hiring order
    (
        "oracle",
        "SELECT id FROM (SELECT a.*, ROWNUM rn FROM (SELECT id FROM emp ORDER BY hired) a WHERE ROWNUM <= 3) "
        "WHERE rn > 1",
        [(2,), (5,)],
    ),
    (
        "oracle",
        "SELECT emp_id, ROUND(RATIO_TO_REPORT(amount) OVER (PARTITION BY emp_id), 4) FROM orders ORDER BY id",
        [(1, Decimal("0.3333")), (1, Decimal("0.6667")), (2, Decimal("1.0000"))],
    ),
    ("oracle", "SELECT GREATEST(mgr, 2), LEAST(id, 3) FROM emp WHERE id IN (1, 5) ORDER BY id", [(None, 1), (2, 3)]),
    # T-SQL: 'a' + NULL is NULL (CONCAT_NULL_YIELDS_NULL)
    ("sqlserver", "SELECT 'a' + NULL", [(None,)]),
    ("sqlserver", "SELECT 'a' + name FROM emp WHERE id = 1", [("aKing",)]),
    # TOP WITH TIES keeps the tied rows
    ("sqlserver", "SELECT TOP 2 WITH TIES name FROM scores ORDER BY score DESC", [("a",), ("b",), ("c",)]),
    # DATEDIFF counts boundaries crossed, not elapsed units
    (
        "sqlserver",
        "SELECT DATEDIFF(year, '2024-12-31 23:00', '2025-01-01 01:00'), "
        "DATEDIFF(month, '2024-01-31', '2024-02-01'), DATEDIFF(day, '2024-01-01 23:59', '2024-01-02 00:01'), "
        "DATEDIFF(hour, '2024-01-01 10:59', '2024-01-01 11:01'), "
        "DATEDIFF(week, '2024-01-06', '2024-01-07')",
        [(1, 1, 1, 1, 1)],
    ),
    ("sqlserver", "SELECT DATEPART(weekday, '2024-01-07'), DATEPART(month, '2024-03-05')", [(1, 3)]),
    ("sqlserver", "SELECT LEN('ab  '), LEN('  ab')", [(2, 4)]),
    (
        "sqlserver",
        "SELECT CONVERT(varchar(10), CAST('2024-03-05' AS datetime), 103), "
        "CONVERT(varchar(23), CAST('2024-03-05 14:07:09.123' AS datetime2), 121)",
        [("05/03/2024", "2024-03-05 14:07:09.123")],
    ),
    (
        "sqlserver",
        "SELECT d.name, e.name FROM dept d LEFT JOIN (emp e JOIN orders o ON o.emp_id = e.id) "
        "ON e.dept_id = d.id AND o.amount > 15 ORDER BY d.id",
        [("Sales", "King"), ("Ops", None), ("Empty", None)],
    ),
    # CROSS APPLY keeps only outer rows with inner rows; OUTER APPLY keeps all
    (
        "sqlserver",
        "SELECT e.id, o.amount FROM emp e CROSS APPLY (SELECT TOP 1 amount FROM orders "
        "WHERE orders.emp_id = e.id ORDER BY amount DESC) o ORDER BY e.id",
        [(1, Decimal("20.20")), (2, Decimal("5.05"))],
    ),
    (
        "sqlserver",
        "SELECT count(*) FROM emp e OUTER APPLY (SELECT TOP 1 amount FROM orders WHERE orders.emp_id = e.id) o",
        [(5,)],
    ),
    (
        "sqlserver",
        "SELECT STUFF('abcdef', 2, 3, 'XY'), CHOOSE(2, 'a', 'b', 'c'), CHOOSE(5, 'a'), QUOTENAME('x]y')",
        [("aXYef", "b", None, "[x]]y]")],
    ),
    (
        "sqlserver",
        "SELECT name FROM emp WHERE name LIKE '[A-J]%' AND name NOT LIKE '[^AB]%' ORDER BY name",
        [("Adams",), ("Blake",)],
    ),
    ("sqlserver", "SELECT DATEADD(month, 1, '2024-01-31')", [(datetime(2024, 2, 29),)]),
    # the FOR XML PATH('') concatenation idiom
    (
        "sqlserver",
        "SELECT e.name, STUFF((SELECT ', ' + CAST(o.id AS varchar(10)) FROM orders o WHERE o.emp_id = e.id "
        "ORDER BY o.id FOR XML PATH('')), 1, 2, '') FROM emp e WHERE e.id IN (1, 3) ORDER BY e.id",
        [("King", "1, 2"), ("Scott", None)],
    ),
    ("sqlserver", "SELECT ISNULL(code, 'z'), IIF(id > 3, 'big', 'small') FROM emp WHERE id = 4", [("z", "big")]),
    # PIVOT: grouped by the source's other columns, one column per listed value (SUM of none is NULL, COUNT is 0)
    (
        "sqlserver",
        "SELECT region, [2023] AS y23, [2024] AS y24 FROM (SELECT region, yr, amount FROM sales) AS s "
        "PIVOT (SUM(amount) FOR yr IN ([2023], [2024])) AS p ORDER BY region",
        [("N", Decimal("15.00"), Decimal("7.00")), ("S", None, Decimal("1.00"))],
    ),
    (
        "sqlserver",
        "SELECT p.region, p.[2023] FROM (SELECT region, yr, amount FROM sales) s "
        "PIVOT (COUNT(amount) FOR yr IN ([2023])) p ORDER BY p.region",
        [("N", 2), ("S", 0)],
    ),
    # UNPIVOT: one row per (row, listed column), NULL values dropped
    (
        "sqlserver",
        "SELECT u.id, u.quarter, u.v FROM wide w UNPIVOT (v FOR quarter IN (q1, q2)) AS u ORDER BY u.id, u.quarter",
        [(1, "q1", 10), (3, "q1", 30), (3, "q2", 40)],
    ),
    # ADD_MONTHS (Oracle SQL Language Reference): from a month's last day to the target month's last day; otherwise
    # the same day, clamped to the month's end; the time of day kept; a fractional month count truncated
    (
        "oracle",
        "SELECT TO_CHAR(ADD_MONTHS(DATE '2023-02-28', 1), 'YYYY-MM-DD'), "
        "TO_CHAR(ADD_MONTHS(DATE '2024-01-31', 1), 'YYYY-MM-DD'), TO_CHAR(ADD_MONTHS(DATE '2024-02-29', 12), 'YYYY-MM-DD'), "
        "TO_CHAR(ADD_MONTHS(DATE '2024-04-30', -2), 'YYYY-MM-DD'), TO_CHAR(ADD_MONTHS(DATE '2024-03-15', 1.9), 'YYYY-MM-DD') "
        "FROM dual",
        [("2023-03-31", "2024-02-29", "2025-02-28", "2024-02-29", "2024-04-15")],
    ),
    (
        "oracle",
        "SELECT TO_CHAR(ADD_MONTHS(hired, 1), 'YYYY-MM-DD HH24:MI:SS') FROM emp WHERE id IN (1, 2) ORDER BY id",
        [("2024-02-29 09:30:00",), ("2024-03-15 17:45:10",)],
    ),
    # a DATE as text with no format model: NLS_DATE_FORMAT (the project setting, Oracle's default DD-MON-RR)
    ("oracle", "SELECT TO_CHAR(hired), 'hired ' || hired FROM emp WHERE id = 2", [("15-FEB-24", "hired 15-FEB-24")]),
    # LISTAGG as an analytic function: every row of the partition gets the whole ordered list
    (
        "oracle",
        "SELECT id, LISTAGG(name, ',') WITHIN GROUP (ORDER BY name) OVER (PARTITION BY dept_id) FROM emp "
        "WHERE dept_id IS NOT NULL ORDER BY id",
        [(1, "Jones,King"), (2, "Jones,King"), (3, "Adams,Scott"), (4, "Adams,Scott")],
    ),
    # KEEP (DENSE_RANK FIRST|LAST): min/max over every row tied at that rank, NULLs ordered as Oracle orders them
    (
        "oracle",
        "SELECT MIN(name) KEEP (DENSE_RANK LAST ORDER BY score), MAX(name) KEEP (DENSE_RANK FIRST ORDER BY score), "
        "MIN(name) KEEP (DENSE_RANK FIRST ORDER BY CASE WHEN score = 80 THEN 0 ELSE 1 END), "
        "MAX(name) KEEP (DENSE_RANK FIRST ORDER BY CASE WHEN score = 80 THEN 0 ELSE 1 END) FROM scores",
        [("a", "d", "b", "c")],
    ),
    ("oracle", "SELECT MAX(name) KEEP (DENSE_RANK LAST ORDER BY code) FROM emp", [("Jones",)]),
    (
        "oracle",
        "SELECT id, MAX(name) KEEP (DENSE_RANK FIRST ORDER BY hired) OVER (PARTITION BY dept_id) FROM emp "
        "WHERE dept_id = 10 ORDER BY id",
        [(1, "King"), (2, "King")],
    ),
    (
        "oracle",
        "SELECT dept_id, GROUPING_ID(dept_id), COUNT(*) FROM emp WHERE dept_id IS NOT NULL "
        "GROUP BY ROLLUP(dept_id) ORDER BY 2, 1",
        [(10, 0, 2), (20, 0, 2), (None, 1, 4)],
    ),
]


def load(conn: Connection) -> Connection:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    return conn


@pytest.fixture(scope="module")
def traps_db(pg_server: DatabaseUrl, _dropper) -> Iterator[Connection]:
    """One database with the trap data for every read-only query below (a fresh one per test is slow)."""
    name = f"am_test_{int(time.time())}_{uuid.uuid4().hex[:8]}"  # the conftest's naming: stale ones get dropped
    with connect(pg_server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with connect(replace(pg_server, database=name)) as conn:
            yield load(conn)
    finally:
        _dropper.names.put(name)


@pytest.mark.parametrize(("source", "query", "expected"), TRAPS)
def test_converted_query_returns_the_source_rows(traps_db: Connection, source: str, query: str, expected: list) -> None:
    pg = traps_db
    hired = frozenset({"hired"})
    options = RewriteOptions(target_version=16, date_columns=hired, oracle_date_columns=hired)
    result = convert_query(query, source, options)
    assert not [f for f in result.findings if f.severity >= Severity.HIGH], result.findings
    assert [tuple(row) for row in pg.rows(result.sql)] == expected, result.sql


def test_tsql_update_joined_to_its_target_updates_only_the_joined_rows(pg: Connection) -> None:
    load(pg)
    update = "UPDATE e SET e.code = 'Z' FROM emp AS e JOIN dept AS d ON d.id = e.dept_id WHERE d.name = 'Ops'"
    pg.execute(convert_query(update, "sqlserver").sql)
    assert pg.rows("SELECT id FROM emp WHERE code = 'Z' ORDER BY id") == [(3,), (4,)]


def test_sysdate_is_one_value_per_statement_with_whole_seconds(pg: Connection) -> None:
    sql = convert_query("SELECT SYSDATE, SYSDATE FROM dual", "oracle").sql
    ((first, second),) = pg.rows(sql)
    assert first == second and first.microsecond == 0


ROOT = Path(__file__).resolve().parents[2] / "examples"
EXAMPLES = [("oracle", "oracle/hr_sales"), ("sqlserver", "sqlserver/inventory_app")]


@pytest.mark.parametrize(("dialect", "folder"), EXAMPLES)
def test_example_views_deploy_or_say_why(cli, pg_url, tmp_path, dialect: str, folder: str) -> None:
    """Every view, materialized view and index expression of the examples, converted by these rewrites and
    deployed on PostgreSQL: each one is created, or kept as a manual object with a finding -- never an error."""
    out = tmp_path / "out"
    cli("convert", "--dialect", dialect, str(ROOT / folder), "--out", str(out))
    cli("deploy", str(out), "--target", str(pg_url))
    outcomes = json.loads((out / "deploy.json").read_text())["data"]["outcomes"]
    ours = [o for o in outcomes if o["kind"] in ("view", "materialized_view", "index")]
    assert ours and not [o for o in ours if o["status"] == "error"]
    assert sum(o["status"] == "ok" for o in ours) >= len(ours) - 1


NESTED_JOIN_VIEW = """
CREATE TABLE hr.a (id NUMBER(10) PRIMARY KEY, b_id NUMBER(10));
CREATE TABLE hr.b (id NUMBER(10) PRIMARY KEY, c_id NUMBER(10));
CREATE TABLE hr.c (id NUMBER(10) PRIMARY KEY, name VARCHAR2(10));
CREATE VIEW hr.v1 AS SELECT a.id, c.name FROM hr.a a LEFT JOIN (hr.b b JOIN hr.c c ON b.c_id = c.id) ON a.b_id = b.id;
"""


def test_view_with_a_parenthesised_join_deploys_and_reads_the_same_rows(cli, pg_url, pg, tmp_path) -> None:
    (tmp_path / "v.sql").write_text(NESTED_JOIN_VIEW)
    cli("convert", "--dialect", "oracle", str(tmp_path / "v.sql"), "--out", str(tmp_path / "out"))
    assert cli("deploy", str(tmp_path / "out"), "--target", str(pg_url)).exit_code == 0
    pg.execute("INSERT INTO hr.c VALUES (1, 'one')")
    pg.execute("INSERT INTO hr.b VALUES (1, 1), (2, NULL)")  # b 2 has no c: the inner join drops it
    pg.execute("INSERT INTO hr.a VALUES (1, 1), (2, 2), (3, NULL)")
    assert pg.rows("SELECT id, name FROM hr.v1 ORDER BY id") == [(1, "one"), (2, None), (3, None)]
