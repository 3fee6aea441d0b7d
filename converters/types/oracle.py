"""Oracle -> PostgreSQL type rules. First match wins; every row says why. Lossless by default:
where PostgreSQL cannot hold every Oracle value exactly, the row carries a finding that says so.

References: Oracle Database SQL Language Reference, "Data Types"; AWS Oracle-to-Aurora PostgreSQL
migration playbook, "Data Types".
"""

from __future__ import annotations

from converters.types import (
    Note,
    TypeRule,
    exact_numeric,
    fraction,
    integer_by_precision,
    more_than_micro,
    sized,
)
from converters.types.profiled import ProfiledRule, narrow_integers, narrow_to_date, nothing_seen
from migrate.model import ColumnType, Severity
from migrate.model.engines import DEFAULT_TARGET_VERSION

S = Severity


def _whole(t: ColumnType) -> bool:
    return t.precision is not None and t.scale in (None, 0)


def _interval_seconds(t: ColumnType, _version: int = DEFAULT_TARGET_VERSION) -> str:
    """INTERVAL DAY(d) TO SECOND(f): the model keeps no field precisions, so read f from the type as written."""
    _, _, tail = t.raw.upper().partition("SECOND")
    digits = tail.strip().removeprefix("(").partition(")")[0].strip()
    return f"interval day to second({min(int(digits), 6) if digits.isdigit() else 6})"


def _negative_scale(t: ColumnType) -> bool:
    return t.scale is not None and t.scale < 0


def _star_precision(t: ColumnType) -> bool:
    return t.precision is None and t.scale is not None


NINE_DIGIT_FRACTION = Note(
    "ORA-TYPE-001",
    S.LOW,
    "Oracle keeps up to 9 fractional-second digits; PostgreSQL keeps 6 (microseconds), nanoseconds are rounded",
    "accept microsecond precision, or keep the nanoseconds in a separate integer column",
    0.1,
)
ZONE_NAME_LOST = Note(
    "ORA-TYPE-002",
    S.LOW,
    "timestamptz stores the instant in UTC; the original time-zone region/offset of each value is not kept",
    "if the original zone matters, add a text column holding it (for example from TZR/TZH:TZM)",
    0.25,
)
NINE_DIGITS_AND_ZONE = Note(
    "ORA-TYPE-001",
    S.LOW,
    "timestamptz keeps 6 fractional-second digits (Oracle up to 9: nanoseconds are rounded) and stores the instant "
    "in UTC without the original time-zone region/offset",
    "accept microseconds; if the original zone matters, add a text column holding it",
    0.1,
)
NEGATIVE_SCALE = Note(
    "ORA-TYPE-003",
    S.INFO,
    "NUMBER with a negative scale rounds to tens/hundreds; kept as numeric with the same scale (PostgreSQL 15+)",
)
ROWID_MEANINGLESS = Note(
    "ORA-TYPE-004",
    S.MEDIUM,
    "ROWID/UROWID values are Oracle physical addresses and mean nothing on PostgreSQL; kept as text",
    "drop the column, or replace its use with the primary key",
    1.0,
)
BFILE_POINTER = Note(
    "ORA-TYPE-005",
    S.HIGH,
    "BFILE points at a file on the Oracle server; the file contents are not in the database and do not move",
    "copy the files to S3 and keep their key in this text column, or load them into bytea",
    4.0,
)
SPATIAL = Note(
    "ORA-TYPE-006",
    S.HIGH,
    "SDO_GEOMETRY needs PostGIS; kept as bytea (WKB) so the table deploys",
    'CREATE EXTENSION postgis, then set type_overrides "SCHEMA.TABLE.COLUMN" = "geometry"',
    2.0,
)
FLOAT_BINARY_PRECISION = Note(
    "ORA-TYPE-007",
    S.LOW,
    "Oracle FLOAT(b) is a decimal number with up to 38 digits; double precision keeps about 15",
    'if values need more than 15 significant digits, override the column to "numeric"',
    0.25,
)

RULES: tuple[TypeRule, ...] = (
    TypeRule(("DATE",), "timestamp(0)", "Oracle DATE holds a time of day to the second; PostgreSQL date would drop it"),
    TypeRule(("NUMBER",), exact_numeric, "NUMBER(p,s) with negative scale", _negative_scale, NEGATIVE_SCALE),
    TypeRule(("NUMBER",), "numeric(38,0)", "NUMBER(*,0): whole numbers of up to 38 digits", _star_precision),
    TypeRule(
        ("NUMBER", "DECIMAL", "NUMERIC"),
        integer_by_precision,
        "NUMBER(p,0): smallest integer type for p digits",
        _whole,
    ),
    TypeRule(
        ("NUMBER", "DECIMAL", "NUMERIC"),
        exact_numeric,
        "NUMBER(p,s): exact decimal, same precision and scale",
        lambda t: t.precision is not None,
    ),
    TypeRule(("NUMBER",), "numeric", "bare NUMBER: any precision and scale, so unconstrained numeric"),
    TypeRule(("DECIMAL", "NUMERIC"), "numeric(38,0)", "Oracle DECIMAL/NUMERIC without precision is NUMBER(38)"),
    TypeRule(
        ("INTEGER", "INT", "SMALLINT"),
        "numeric(38,0)",
        "Oracle INTEGER/SMALLINT are NUMBER(38); bigint would overflow above 9.2e18",
    ),
    TypeRule(("FLOAT",), "double precision", "Oracle FLOAT: binary-precision float", note=FLOAT_BINARY_PRECISION),
    TypeRule(("BINARY_DOUBLE", "DOUBLE PRECISION"), "double precision", "IEEE 754 double, same as PostgreSQL"),
    TypeRule(("BINARY_FLOAT", "REAL"), "real", "IEEE 754 single precision, same as PostgreSQL real"),
    TypeRule(
        ("VARCHAR2", "NVARCHAR2", "VARCHAR", "CHARACTER VARYING"),
        sized("varchar"),
        "varchar(n) counts characters, so n BYTE or n CHAR both fit",
    ),
    TypeRule(("CHAR", "NCHAR", "CHARACTER"), sized("char", default=1), "blank-padded fixed length, like Oracle CHAR"),
    TypeRule(("CLOB", "NCLOB", "LONG"), "text", "character LOB: text holds up to 1 GB"),
    TypeRule(("BLOB", "RAW", "LONG RAW"), "bytea", "binary data: bytea holds up to 1 GB"),
    TypeRule(("TIMESTAMP",), fraction("timestamp"), "TIMESTAMP(p) with p > 6", more_than_micro(6), NINE_DIGIT_FRACTION),
    TypeRule(("TIMESTAMP",), fraction("timestamp"), "timestamp with the same fractional digits"),
    TypeRule(
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH LOCAL TIME ZONE"),
        fraction("timestamptz"),
        "an absolute instant with more than 6 fractional digits",
        more_than_micro(6),
        NINE_DIGITS_AND_ZONE,
    ),
    TypeRule(
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH LOCAL TIME ZONE"),
        fraction("timestamptz"),
        "an absolute instant; PostgreSQL converts to the session zone on output",
        note=ZONE_NAME_LOST,
    ),
    TypeRule(("INTERVAL YEAR TO MONTH",), "interval year to month", "same interval fields"),
    TypeRule(("INTERVAL DAY TO SECOND",), _interval_seconds, "same interval fields and fractional digits"),
    TypeRule(("XMLTYPE", "SYS.XMLTYPE"), "xml", "XML document"),
    TypeRule(("JSON",), "jsonb", "Oracle 21c JSON: binary JSON like jsonb"),
    TypeRule(("BOOLEAN",), "boolean", "Oracle 23ai BOOLEAN"),
    TypeRule(("ROWID", "UROWID"), "text", "physical row address, kept as text", note=ROWID_MEANINGLESS),
    TypeRule(("BFILE",), "text", "locator of an external file, kept as its path", note=BFILE_POINTER),
    TypeRule(
        ("SDO_GEOMETRY", "MDSYS.SDO_GEOMETRY"), "bytea", "spatial value as WKB until PostGIS is chosen", note=SPATIAL
    ),
)

# With --profile-data: what the data showed can narrow the lossless defaults above (converters.types.profiled).
# Only the columns assessments.oracle.profile_queries profiles carry a profile.
PROFILED_NUMBERS = ("NUMBER", "INTEGER", "INT", "SMALLINT", "DECIMAL", "NUMERIC")
PROFILED_RULES: tuple[ProfiledRule, ...] = (
    narrow_integers(PROFILED_NUMBERS),  # bare NUMBER holding only whole numbers
    # FLOAT holding only whole numbers: numeric(p) is exact where double precision keeps ~15 digits. Not an
    # integer type: FLOAT values stay floats in checksums (validators compare float with float or numeric)
    narrow_integers(("FLOAT",), widths=()),
    narrow_to_date(("DATE",)),  # Oracle DATE never used for a time of day
    nothing_seen((*PROFILED_NUMBERS, "FLOAT", "DATE")),  # empty table or all nulls: nothing to narrow from
)
