"""SQL Server -> PostgreSQL type rules. First match wins; every row says why.

References: SQL Server "Data types (Transact-SQL)"; AWS SQL Server-to-Aurora PostgreSQL migration
playbook, "Data Types". Every type without an exact PostgreSQL twin carries a finding with the options.
"""

from __future__ import annotations

from converters.types import Note, TypeRule, exact_numeric, fraction, more_than_micro, sized
from converters.types.profiled import ProfiledRule, keep_only_dates, nothing_seen
from migrate.model import ColumnType, Severity

S = Severity


def _is_max(t: ColumnType) -> bool:
    return t.length == -1


def _single_float(t: ColumnType) -> bool:
    return t.precision is not None and t.precision <= 24


DATETIME2_100NS = Note(
    "MSS-TYPE-001",
    S.LOW,
    "DATETIME2(7)/TIME(7) keep 100-nanosecond ticks; PostgreSQL keeps microseconds, the last digit is rounded",
    "accept microsecond precision (the usual choice), or keep the ticks in a separate column",
    0.1,
)
ROWVERSION = Note(
    "MSS-TYPE-002",
    S.INFO,
    "ROWVERSION/TIMESTAMP: bytea set from a per-schema sequence on insert (DEFAULT) and on update (a trigger), "
    "8 bytes big-endian like SQL Server's; after the load the sequence moves past the copied values",
    "nothing to do; code reading @@DBTS should read the schema's rowversion_seq instead",
)
SQL_VARIANT = Note(
    "MSS-TYPE-003",
    S.HIGH,
    "SQL_VARIANT holds values of different types; kept as text, so the base type of each value is lost",
    'options: text (default); jsonb with {"type":..., "value":...}; or split into typed columns',
    2.0,
)
HIERARCHYID = Note(
    "MSS-TYPE-004",
    S.HIGH,
    "HIERARCHYID has no PostgreSQL type; kept as text (its ToString() path form such as /1/3/)",
    'options: text path; CREATE EXTENSION ltree and override to "ltree"; or a parent-id column',
    2.0,
)
SPATIAL = Note(
    "MSS-TYPE-005",
    S.HIGH,
    "GEOGRAPHY/GEOMETRY need PostGIS; kept as bytea (WKB) so the table deploys",
    'CREATE EXTENSION postgis, then set type_overrides "SCHEMA.TABLE.COLUMN" = "geography" (or "geometry")',
    2.0,
)
TYPED_XML = Note(
    "MSS-TYPE-007",
    S.INFO,
    "typed XML (an XML schema collection): PostgreSQL's xml checks that values are well-formed, not that they "
    "follow the schema",
    "validate against the XSD in the application, or with a CHECK calling a validating function, if it matters",
)
MONEY_ROUNDING = Note(
    "MSS-TYPE-006",
    S.INFO,
    "MONEY is a fixed 4-decimal amount; numeric keeps the same digits (PostgreSQL money is locale dependent)",
)

RULES: tuple[TypeRule, ...] = (
    TypeRule(("BIGINT",), "bigint", "same range"),
    TypeRule(("INT", "INTEGER"), "integer", "same range"),
    TypeRule(("SMALLINT",), "smallint", "same range"),
    TypeRule(("TINYINT",), "smallint", "TINYINT is 0..255; PostgreSQL has no 1-byte integer"),
    TypeRule(("BIT",), "boolean", "BIT holds 0/1/NULL, a truth value"),
    TypeRule(
        ("DECIMAL", "NUMERIC"),
        exact_numeric,
        "exact decimal with the same precision and scale",
        lambda t: t.precision is not None,
    ),
    TypeRule(("DECIMAL", "NUMERIC"), "numeric(18,0)", "T-SQL DECIMAL without precision is DECIMAL(18,0)"),
    TypeRule(("MONEY",), "numeric(19,4)", "MONEY is an exact 19-digit amount with 4 decimals", note=MONEY_ROUNDING),
    TypeRule(("SMALLMONEY",), "numeric(10,4)", "SMALLMONEY is an exact 10-digit amount with 4 decimals"),
    TypeRule(("FLOAT",), "real", "FLOAT(1..24) is single precision", _single_float),
    TypeRule(("FLOAT", "DOUBLE PRECISION"), "double precision", "FLOAT(25..53) / FLOAT is double precision"),
    TypeRule(("REAL",), "real", "single precision"),
    TypeRule(("VARCHAR", "NVARCHAR"), "text", "(N)VARCHAR(MAX) holds up to 2 GB; text is unbounded", _is_max),
    TypeRule(
        ("VARCHAR", "NVARCHAR", "CHARACTER VARYING"),
        sized("varchar", default=1),
        "varchar(n) counts characters; n bytes or n byte-pairs always fit",
    ),
    TypeRule(("SYSNAME",), "varchar(128)", "SYSNAME is NVARCHAR(128) NOT NULL"),
    TypeRule(("CHAR", "NCHAR", "CHARACTER"), sized("char", default=1), "blank-padded fixed length"),
    TypeRule(("TEXT", "NTEXT"), "text", "deprecated character LOB"),
    TypeRule(("VARBINARY", "BINARY", "IMAGE"), "bytea", "binary data of any length"),
    TypeRule(("DATE",), "date", "a calendar date, no time"),
    TypeRule(("DATETIME",), "timestamp(3)", "DATETIME is accurate to 1/300 s; 3 fractional digits hold it"),
    TypeRule(("SMALLDATETIME",), "timestamp(0)", "SMALLDATETIME is accurate to the minute"),
    TypeRule(("DATETIME2",), fraction("timestamp", default=7), "DATETIME2(p > 6)", more_than_micro(7), DATETIME2_100NS),
    TypeRule(("DATETIME2",), fraction("timestamp", default=7), "same fractional digits"),
    TypeRule(("DATETIMEOFFSET",), fraction("timestamptz", default=7), "an instant with an offset; stored in UTC"),
    TypeRule(("TIME",), fraction("time", default=7), "TIME(7)", more_than_micro(7), DATETIME2_100NS),
    TypeRule(("TIME",), fraction("time", default=7), "time of day, same fractional digits"),
    TypeRule(("UNIQUEIDENTIFIER",), "uuid", "16-byte GUID"),
    TypeRule(("XML",), "xml", "XML document of a schema collection", lambda t: "(" in t.raw, TYPED_XML),
    TypeRule(("XML",), "xml", "XML document"),
    TypeRule(
        ("ROWVERSION", "TIMESTAMP"), "bytea", "T-SQL TIMESTAMP is ROWVERSION, not a point in time", note=ROWVERSION
    ),
    TypeRule(("SQL_VARIANT",), "text", "values of mixed types", note=SQL_VARIANT),
    TypeRule(("HIERARCHYID",), "text", "tree path", note=HIERARCHYID),
    TypeRule(("GEOGRAPHY", "GEOMETRY"), "bytea", "spatial value as WKB until PostGIS is chosen", note=SPATIAL),
)

# With --profile-data (converters.types.profiled): a date-time holding only midnights is reported, not
# narrowed. T-SQL code compares these columns with GETDATE() and adds hours to them (DATEADD(hour, ...)),
# which a PostgreSQL date would silently change; the user decides per column with a type override.
PROFILED_RULES: tuple[ProfiledRule, ...] = (
    keep_only_dates(("DATETIME", "DATETIME2", "SMALLDATETIME")),
    nothing_seen(("DATETIME", "DATETIME2", "SMALLDATETIME")),
)
