"""--profile-data: one query per table (parses in each engine's dialect), rows mapped to ColumnProfiles,
and a real PostgreSQL source profiled end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlglot

from assessments.oracle.profile_queries import ENGINE as ORACLE
from assessments.postgres.profile_queries import ENGINE as POSTGRES
from assessments.profile import DATETIME, NUMBER, PROFILE_FAILED, profile_inventory, profile_sql, profiles_from_row
from assessments.scan import scan_live
from assessments.sqlserver.profile_queries import ENGINE as SQLSERVER
from migrate.engines import connect
from migrate.model import Column, ColumnProfile, Identity, Table, parse_column_type


def table(dialect: str, *columns: tuple[str, str]) -> Table:
    return Table("HR", "EMP", tuple(Column(name, parse_column_type(raw, dialect)) for name, raw in columns))


ORACLE_EMP = table("oracle", ("ID", "NUMBER"), ("SAL", "NUMBER(8,2)"), ("HIRED", "DATE"), ("NAME", "VARCHAR2(30)"))
TSQL_EMP = table("sqlserver", ("id", "int"), ("hired", "datetime"), ("seen", "datetime2(7)"))

# (engine, table, sample rows, sqlglot dialect, profiled column names)
QUERIES = [
    (ORACLE, ORACLE_EMP, None, "oracle", ["ID", "HIRED"]),
    (ORACLE, ORACLE_EMP, 1000, "oracle", ["ID", "HIRED"]),
    (SQLSERVER, TSQL_EMP, None, "tsql", ["hired", "seen"]),
    (SQLSERVER, TSQL_EMP, 500, "tsql", ["hired", "seen"]),
    (
        POSTGRES,
        table("postgresql", ("n", "numeric"), ("p", "numeric(5,2)"), ("t", "timestamp")),
        10,
        "postgres",
        ["n", "t"],
    ),
]


@pytest.mark.parametrize(("engine", "source", "sample", "dialect", "profiled"), QUERIES)
def test_one_query_per_table_parses(engine, source, sample, dialect, profiled) -> None:
    sql, columns = profile_sql(engine, source, sample)
    assert [c.name for c, _ in columns] == profiled
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert len(parsed.expressions) == 1 + 4 * len(profiled)


def test_sample_reads_only_the_first_rows() -> None:
    assert "WHERE ROWNUM <= 1000)" in profile_sql(ORACLE, ORACLE_EMP, 1000)[0]
    assert "SELECT TOP (500) *" in profile_sql(SQLSERVER, TSQL_EMP, 500)[0]


def test_nothing_to_profile_is_no_query() -> None:
    assert profile_sql(ORACLE, table("oracle", ("NAME", "VARCHAR2(10)"), ("N", "NUMBER(5)")), None) is None


def test_identity_and_computed_columns_are_not_profiled() -> None:
    counter = Column("ID", parse_column_type("NUMBER", "oracle"), identity=Identity())
    computed = Column("X", parse_column_type("NUMBER", "oracle"), generated="ID * 2")
    assert profile_sql(ORACLE, Table("HR", "T", (counter, computed)), None) is None


NUM = Column("N", parse_column_type("NUMBER", "oracle"))
DAY = Column("D", parse_column_type("DATE", "oracle"))
# rows as the drivers return them: oracledb gives int/float/Decimal and datetime; pyodbc ints and datetime
ROWS = [
    ((10, 10, 0, -42, 12345), [(NUM, NUMBER)], ColumnProfile(10, False, 10, True, 5, None, "-42", "12345")),
    ((3, 3, 1, 0.5, 7.25), [(NUM, NUMBER)], ColumnProfile(3, False, 3, False, 1, None, "0.5", "7.25")),
    ((5, Decimal(0), 0, None, None), [(NUM, NUMBER)], ColumnProfile(5, False, 0)),
    ((2, 2, 0, 1e20, 3), [(NUM, NUMBER)], ColumnProfile(2, False, 2, True, 21, None, "1e+20", "3")),
    (
        (4, 4, 0, dt.datetime(2020, 1, 1), dt.datetime(2024, 5, 6)),
        [(DAY, DATETIME)],
        ColumnProfile(4, True, 4, None, None, False, "2020-01-01 00:00:00", "2024-05-06 00:00:00"),
    ),
]


@pytest.mark.parametrize(("row", "columns", "expected"), ROWS)
def test_row_to_profile(row, columns, expected) -> None:
    assert profiles_from_row(row, columns, sampled=expected.sampled)[columns[0][0].name] == expected


def test_profiles_a_real_postgresql_source(pg_url) -> None:
    with connect(pg_url) as conn:
        conn.execute("CREATE SCHEMA shop")
        conn.execute("CREATE TABLE shop.orders (qty numeric, price numeric, placed timestamp, note text)")
        conn.execute(
            "INSERT INTO shop.orders VALUES (1, 2.5, '2024-01-01', 'a'), (-40000, 3, '2024-01-02 10:00', NULL)"
        )
        conn.execute("INSERT INTO shop.orders (note) VALUES ('b')")
        conn.execute("CREATE TABLE shop.odd (n numeric, i numeric)")
        conn.execute("INSERT INTO shop.odd VALUES ('NaN', 'Infinity'), (1, 2)")
        profiled = profile_inventory(conn, scan_live(conn, ["shop"]))
    columns = {c.name: c.profile for c in profiled.find_table("shop", "orders").columns}
    odd = {c.name: c.profile for c in profiled.find_table("shop", "odd").columns}
    assert (odd["n"].all_integers, odd["i"].all_integers) == (False, False)  # NaN, Infinity fit no integer
    assert columns["qty"] == ColumnProfile(3, False, 2, True, 5, None, "-40000", "1")
    assert columns["price"].all_integers is False
    assert columns["placed"].has_time_part is True
    assert columns["note"] is None
    with connect(pg_url) as conn:
        inventory = scan_live(conn, ["shop"])
        sampled = profile_inventory(conn, inventory, sample_rows=2).find_table("shop", "orders").columns[0].profile
        whole = profile_inventory(conn, inventory, sample_rows=4).find_table("shop", "orders").columns[0].profile
    assert (sampled.rows_profiled, sampled.sampled, whole.rows_profiled, whole.sampled) == (2, True, 3, False)


def test_a_table_that_cannot_be_read_is_a_finding(pg_url) -> None:
    with connect(pg_url) as conn:
        conn.execute("CREATE SCHEMA s")
        conn.execute("CREATE TABLE s.t (n numeric)")
        inventory = scan_live(conn, ["s"])
        conn.execute("DROP TABLE s.t")  # gone since the scan
        profiled = profile_inventory(conn, inventory)
    assert [f.rule_id for f in profiled.findings if f.object_name == "s.t"] == [PROFILE_FAILED]
    assert profiled.find_table("s", "t").columns[0].profile is None
