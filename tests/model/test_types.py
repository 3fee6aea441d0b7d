"""Source type text taken apart the same way for catalogs and export files."""

from __future__ import annotations

import pytest

from migrate.model import TypeFamily, parse_column_type

F = TypeFamily


@pytest.mark.parametrize(
    ("dialect", "raw", "name", "family", "length", "precision", "scale", "semantics"),
    [
        ("oracle", "NUMBER(10,2)", "NUMBER", F.DECIMAL, None, 10, 2, None),
        ("oracle", "NUMBER(10)", "NUMBER", F.INTEGER, None, 10, None, None),
        ("oracle", "NUMBER", "NUMBER", F.DECIMAL, None, None, None, None),
        ("oracle", "VARCHAR2(30 CHAR)", "VARCHAR2", F.STRING, 30, None, None, "CHAR"),
        ("oracle", "varchar2(30 byte)", "VARCHAR2", F.STRING, 30, None, None, "BYTE"),
        ("oracle", "DATE", "DATE", F.DATETIME, None, None, None, None),
        (
            "oracle",
            "TIMESTAMP(6) WITH LOCAL TIME ZONE",
            "TIMESTAMP WITH LOCAL TIME ZONE",
            F.DATETIME_TZ,
            None,
            6,
            None,
            None,
        ),
        ("oracle", "TIMESTAMP(9)", "TIMESTAMP", F.DATETIME, None, 9, None, None),
        ("oracle", "INTERVAL DAY(2) TO SECOND(6)", "INTERVAL DAY TO SECOND", F.INTERVAL, None, None, None, None),
        # spaces before the field precisions (a hand-written export): the same type
        ("oracle", "INTERVAL DAY (2) TO SECOND (6)", "INTERVAL DAY TO SECOND", F.INTERVAL, None, None, None, None),
        ("oracle", "LONG RAW", "LONG RAW", F.BLOB, None, None, None, None),
        ("oracle", "CLOB", "CLOB", F.TEXT, None, None, None, None),
        ("oracle", "XMLTYPE", "XMLTYPE", F.XML, None, None, None, None),
        ("sqlserver", "nvarchar(max)", "NVARCHAR", F.TEXT, -1, None, None, None),
        ("sqlserver", "[varbinary](max)", "VARBINARY", F.BLOB, -1, None, None, None),
        ("sqlserver", "decimal(19,4)", "DECIMAL", F.DECIMAL, None, 19, 4, None),
        ("sqlserver", "datetime2(7)", "DATETIME2", F.DATETIME, None, 7, None, None),
        ("sqlserver", "bit", "BIT", F.BOOLEAN, None, None, None, None),
        ("sqlserver", "timestamp", "TIMESTAMP", F.BINARY, None, None, None, None),
        ("postgresql", "character varying(20)", "CHARACTER VARYING", F.STRING, 20, None, None, None),
        ("postgresql", "timestamp with time zone", "TIMESTAMP WITH TIME ZONE", F.DATETIME_TZ, None, None, None, None),
        ("postgresql", "numeric(12,2)", "NUMERIC", F.DECIMAL, None, 12, 2, None),
        ("oracle", "SOMETHING_ODD", "SOMETHING_ODD", F.OTHER, None, None, None, None),
    ],
)
def test_parse_column_type(dialect, raw, name, family, length, precision, scale, semantics) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_column_type(raw, dialect)
    assert (parsed.raw, parsed.name, parsed.family) == (raw, name, family)
    assert (parsed.length, parsed.precision, parsed.scale, parsed.char_semantics) == (
        length,
        precision,
        scale,
        semantics,
    )
