"""Type rule tables: one line per source type, and the lossless promises checked on a real PostgreSQL."""

from __future__ import annotations

import datetime
import decimal

import pytest

from converters.types import map_type
from migrate.model import parse_column_type

# (source, type as written, PostgreSQL type, finding rule id or None)
CASES = [
    ("oracle", "DATE", "timestamp(0)", None),
    ("oracle", "NUMBER(4)", "smallint", None),
    ("oracle", "NUMBER(5)", "integer", None),
    ("oracle", "NUMBER(9,0)", "integer", None),
    ("oracle", "NUMBER(10)", "bigint", None),
    ("oracle", "NUMBER(18)", "bigint", None),
    ("oracle", "NUMBER(19)", "numeric(19)", None),
    ("oracle", "NUMBER(12,2)", "numeric(12,2)", None),
    ("oracle", "NUMBER(2,2)", "numeric(2,2)", None),
    ("oracle", "NUMBER", "numeric", None),
    ("oracle", "NUMBER(*,0)", "numeric(38,0)", None),
    ("oracle", "NUMBER(5,-2)", "numeric(5,-2)", "ORA-TYPE-003"),
    ("oracle", "INTEGER", "numeric(38,0)", None),
    ("oracle", "FLOAT", "double precision", "ORA-TYPE-007"),
    ("oracle", "FLOAT(63)", "double precision", "ORA-TYPE-007"),
    ("oracle", "BINARY_DOUBLE", "double precision", None),
    ("oracle", "BINARY_FLOAT", "real", None),
    ("oracle", "VARCHAR2(30 BYTE)", "varchar(30)", None),
    ("oracle", "VARCHAR2(30 CHAR)", "varchar(30)", None),
    ("oracle", "NVARCHAR2(100)", "varchar(100)", None),
    ("oracle", "CHAR(2 BYTE)", "char(2)", None),
    ("oracle", "CLOB", "text", None),
    ("oracle", "NCLOB", "text", None),
    ("oracle", "LONG", "text", None),
    ("oracle", "BLOB", "bytea", None),
    ("oracle", "RAW(16)", "bytea", None),
    ("oracle", "LONG RAW", "bytea", None),
    ("oracle", "TIMESTAMP(6)", "timestamp(6)", None),
    ("oracle", "TIMESTAMP(9)", "timestamp(6)", "ORA-TYPE-001"),
    ("oracle", "TIMESTAMP(6) WITH TIME ZONE", "timestamptz(6)", "ORA-TYPE-002"),
    ("oracle", "TIMESTAMP WITH LOCAL TIME ZONE", "timestamptz(6)", "ORA-TYPE-002"),
    ("oracle", "TIMESTAMP(9) WITH TIME ZONE", "timestamptz(6)", "ORA-TYPE-001"),
    ("oracle", "INTERVAL YEAR(3) TO MONTH", "interval year to month", None),
    ("oracle", "INTERVAL DAY(3) TO SECOND(0)", "interval day to second(0)", None),
    ("oracle", "INTERVAL DAY (2) TO SECOND (3)", "interval day to second(3)", None),
    ("oracle", "XMLTYPE", "xml", None),
    ("oracle", "ROWID", "text", "ORA-TYPE-004"),
    ("oracle", "SDO_GEOMETRY", "bytea", "ORA-TYPE-006"),
    ("oracle", "MY_OBJECT_T", None, "AM-TYPE-001"),
    ("sqlserver", "tinyint", "smallint", None),
    ("sqlserver", "int", "integer", None),
    ("sqlserver", "bit", "boolean", None),
    ("sqlserver", "money", "numeric(19,4)", "MSS-TYPE-006"),
    ("sqlserver", "smallmoney", "numeric(10,4)", None),
    ("sqlserver", "decimal(18,4)", "numeric(18,4)", None),
    ("sqlserver", "float", "double precision", None),
    ("sqlserver", "float(24)", "real", None),
    ("sqlserver", "datetime", "timestamp(3)", None),
    ("sqlserver", "smalldatetime", "timestamp(0)", None),
    ("sqlserver", "datetime2", "timestamp(6)", "MSS-TYPE-001"),
    ("sqlserver", "datetime2(7)", "timestamp(6)", "MSS-TYPE-001"),
    ("sqlserver", "datetime2(3)", "timestamp(3)", None),
    ("sqlserver", "datetimeoffset", "timestamptz(6)", None),
    ("sqlserver", "uniqueidentifier", "uuid", None),
    ("sqlserver", "nvarchar(max)", "text", None),
    ("sqlserver", "varchar(max)", "text", None),
    ("sqlserver", "nvarchar(50)", "varchar(50)", None),
    ("sqlserver", "[nvarchar](50)", "varchar(50)", None),
    ("sqlserver", '"int"', "integer", None),
    ("sqlserver", '"money"', "numeric(19,4)", "MSS-TYPE-006"),
    ("sqlserver", "ntext", "text", None),
    ("sqlserver", "varbinary(max)", "bytea", None),
    ("sqlserver", "image", "bytea", None),
    ("sqlserver", "rowversion", "bytea", "MSS-TYPE-002"),
    ("sqlserver", "timestamp", "bytea", "MSS-TYPE-002"),
    ("sqlserver", "sql_variant", "text", "MSS-TYPE-003"),
    ("sqlserver", "hierarchyid", "text", "MSS-TYPE-004"),
    ("sqlserver", "geography", "bytea", "MSS-TYPE-005"),
    ("sqlserver", "dbo.PhoneNumber", None, "AM-TYPE-001"),
    ("postgresql", "numeric(12,2)", "numeric(12,2)", None),
    ("postgresql", "timestamp with time zone", "timestamp with time zone", None),
    ("postgresql", "bigserial", "bigserial", "PG-TYPE-001"),
    ("postgresql", "mood", "mood", "PG-TYPE-002"),
]


@pytest.mark.parametrize(("source", "raw", "expected", "rule"), CASES)
def test_type_rule(source: str, raw: str, expected: str | None, rule: str | None) -> None:
    choice = map_type(parse_column_type(raw, source), source)
    assert (choice.sql, [f.rule_id for f in choice.findings][:1]) == (expected, [rule] if rule else [])
    assert choice.reason


def test_override_wins_over_the_table() -> None:
    choice = map_type(parse_column_type("NUMBER", "oracle"), "oracle", override="bigint")
    assert (choice.sql, choice.findings) == ("bigint", ())
    assert "type_overrides" in choice.reason


def test_negative_scale_widens_before_postgresql_15() -> None:
    assert map_type(parse_column_type("NUMBER(5,-2)", "oracle"), "oracle", target_version=14).sql == "numeric(7,0)"


# (source type, value written, value read back): the promises the defaults make, on a real PostgreSQL
ROUND_TRIPS = [
    ("DATE", datetime.datetime(2024, 5, 6, 13, 45, 59), datetime.datetime(2024, 5, 6, 13, 45, 59)),
    ("NUMBER(12,2)", decimal.Decimal("9999999999.99"), decimal.Decimal("9999999999.99")),
    ("NUMBER(12,2)", decimal.Decimal("0.01"), decimal.Decimal("0.01")),
    ("NUMBER(18)", 999999999999999999, 999999999999999999),
    ("NUMBER(4)", 9999, 9999),
    ("NUMBER", decimal.Decimal("12345678901234567890.123456789"), decimal.Decimal("12345678901234567890.123456789")),
    ("NUMBER(5,-2)", 12345, 12300),  # Oracle rounds to hundreds; numeric(5,-2) does the same
]


@pytest.mark.parametrize(("raw", "written", "read"), ROUND_TRIPS)
def test_value_survives_on_postgresql(pg, raw: str, written: object, read: object) -> None:
    pg_type = map_type(parse_column_type(raw, "oracle"), "oracle").sql
    pg.execute(f"CREATE TABLE t (v {pg_type})")
    pg.execute("INSERT INTO t VALUES (%s)", (written,))
    assert pg.scalar("SELECT v FROM t") == read
