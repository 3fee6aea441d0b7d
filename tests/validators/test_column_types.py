"""A column's declared type on both sides: every facet that changes the values is named (pure, no database)."""

from __future__ import annotations

import pytest

from validators.column_types import type_differences

PG = ("postgresql", "postgresql")
ORA = ("oracle", "postgresql")
MSS = ("sqlserver", "postgresql")

# (source type, target type, engines, the difference or None)
LINES = [
    (
        "numeric(14,4)",
        "numeric(10,2)",
        PG,
        "type differs (numeric(14,4) -> numeric(10,2): precision 14 -> 10, scale 4 -> 2)",
    ),
    ("numeric(14,4)", "numeric(14,4)", PG, None),
    ("numeric", "numeric(38,0)", PG, "precision unlimited -> 38, scale unlimited -> 0"),
    ("timestamp(6) without time zone", "timestamp(0) without time zone", PG, "fractional seconds 6 -> 0"),
    ("timestamp without time zone", "timestamp(6) without time zone", PG, None),  # 6 is the default
    ("time with time zone", "time(3) with time zone", PG, "fractional seconds 6 -> 3"),
    ("character varying(50)", "character varying(5)", PG, "length 50 -> 5"),
    ("character varying", "character varying(5)", PG, "length unlimited -> 5"),
    ("character(1)", "char", PG, None),
    ("character(1)", "bpchar", PG, "character -> bpchar"),  # a bare bpchar is unlimited
    ("bigint", "integer", PG, "integer width 64 -> 32 bits"),
    ("int4", "integer", PG, None),
    ("serial", "integer", PG, None),
    ("real", "double precision", PG, "real -> double precision"),
    ("timestamp without time zone", "timestamp with time zone", PG, "type family differs"),
    ("numeric", "text", PG, "type family differs (numeric -> text)"),
    ("numeric(10,2)[]", "numeric(10,2)[]", PG, None),
    ("numeric(10,2)[]", "numeric(10,2)", PG, "type family differs"),  # an array is not its element type
    ("integer[]", "bigint[]", PG, "integer[] -> bigint[]"),
    # across engines the target must hold what the source declares
    ("NUMBER(10)", "integer", ORA, "type is narrower (NUMBER(10) -> integer: integer digits 10 -> 9)"),
    ("NUMBER(9)", "integer", ORA, None),
    ("NUMBER(10)", "bigint", ORA, None),
    ("NUMBER", "numeric", ORA, None),
    ("INTEGER", "integer", ORA, None),  # Oracle INTEGER is NUMBER(38): no precision declared to hold
    ("NUMBER(14,4)", "numeric(14,2)", ORA, "scale 4 -> 2: values are rounded"),
    ("NUMBER(14,4)", "numeric(12,4)", ORA, "integer digits 10 -> 8"),
    ("NUMBER(14,4)", "numeric(20,6)", ORA, None),
    ("VARCHAR2(50 BYTE)", "character varying(40)", ORA, "length 50 -> 40: longer values do not fit"),
    ("VARCHAR2(50 CHAR)", "character varying(50)", ORA, None),
    ("TIMESTAMP(9)", "timestamp(6) without time zone", ORA, None),  # PostgreSQL keeps microseconds, by design
    ("TIMESTAMP", "timestamp(3) without time zone", ORA, "fractional seconds 6 -> 3: values are rounded"),
    ("DATE", "timestamp(0) without time zone", ORA, None),
    ("datetime2", "timestamp(3) without time zone", MSS, "fractional seconds 7 -> 3"),
    ("int", "smallint", MSS, "integer width 32 -> 16 bits"),
    ("tinyint", "smallint", MSS, None),
    ("nvarchar(max)", "text", MSS, None),
    ("nvarchar(max)", "character varying(100)", MSS, "type family differs"),
]


@pytest.mark.parametrize(("source", "target", "engines", "expected"), LINES)
def test_type_differences(source, target, engines, expected):
    found = type_differences(source, target, engines)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found
