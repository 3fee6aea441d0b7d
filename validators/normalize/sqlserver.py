"""SQL Server (2019+): the canonical form in T-SQL, and its catalog queries.

Strings are hashed as UTF-8 (a `_UTF8` collation turns NVARCHAR into UTF-8 VARCHAR), so HASHBYTES sees
the same bytes PostgreSQL's md5 does; DATETIME2(7) is CAST to DATETIME2(6), which rounds half up;
decimals lose their trailing zeros with the classic RTRIM trick (CONVERT keeps the declared scale).
SQL Server compares 'a ' = 'a', so the trailing-space policy is on by default when it is a side.
"""

from __future__ import annotations

from typing import ClassVar

from migrate.model import TypeFamily
from migrate.model.engines import SQLSERVER
from validators.normalize.base import Normaliser

F = TypeFamily
UTF8 = "Latin1_General_100_BIN2_UTF8"
DEC = "CONVERT(VARCHAR(66), {x})"
# '10.500' -> '10.5', '7.000' -> '7', '0.00' -> '0' (zeros -> spaces, RTRIM, back; then the same for '.')
DECIMAL_TEXT = (
    "CASE WHEN {x} = 0 THEN '0' WHEN CHARINDEX('.', " + DEC + ") = 0 THEN " + DEC + " ELSE "
    "REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(" + DEC + ", '0', ' ')), ' ', '0'), '.', ' ')), ' ', '.') END"
)
# the fraction's trailing zeros, then a bare '.', dropped with the same trick (the date/time space is
# parked as 'T' meanwhile): '2020-01-01 00:00:10.500000' -> '2020-01-01 00:00:10.5'
STRIP = (
    "REPLACE(REPLACE(RTRIM(REPLACE(REPLACE(RTRIM(REPLACE(REPLACE({s}, ' ', 'T'), '0', ' ')), ' ', '0'),"
    " '.', ' ')), ' ', '.'), 'T', ' ')"
)
STAMP = STRIP.format(s="CONVERT(VARCHAR(26), CAST({v} AS DATETIME2(6)), 121)")
UTC_STAMP = STRIP.format(s="CONVERT(VARCHAR(26), CAST(SWITCHOFFSET({v}, '+00:00') AS DATETIME2(6)), 121)")
MD5_HEX = "LOWER(CONVERT(VARCHAR(32), HASHBYTES('MD5', {v}), 2))"


class SqlServerNormaliser(Normaliser):
    engine = SQLSERVER.name
    dialect = SQLSERVER.sqlglot
    render: ClassVar[dict[str, str]] = {
        "integer": "CONVERT(VARCHAR(40), {v})",
        "decimal": DECIMAL_TEXT.format(x="{v}"),
        # float: round to the policy's significant digits, as DECIMAL(38,18) (|x| < 1e20), then as a decimal
        "float": DECIMAL_TEXT.format(
            x="CONVERT(DECIMAL(38, 18), ROUND({v}, {digits} - 1 - FLOOR(LOG10(ABS(COALESCE(NULLIF({v}, 0), 1))))))"
        ),
        "string": "{v}",
        "fixed_string": "{v}",
        "lob_text": MD5_HEX.format(v=f"CAST({{v}} COLLATE {UTF8} AS VARCHAR(MAX))"),
        "binary": "LOWER(CONVERT(VARCHAR(MAX), {v}, 2))",
        "lob_binary": MD5_HEX,
        "date": "CONVERT(CHAR(10), {v}, 23)",
        "datetime": STAMP,
        "datetime_tz": UTC_STAMP,
        "time": STRIP.format(s="CONVERT(VARCHAR(15), CAST({v} AS TIME(6)))"),
        "boolean": "CONVERT(VARCHAR(1), {v})",
        "uuid": "LOWER(CONVERT(CHAR(36), {v}))",
        "json": "{v}",
        "other": "CONVERT(NVARCHAR(MAX), {v})",
    }
    render_from: ClassVar[dict[tuple[str, TypeFamily], str]] = {
        ("datetime", F.DATETIME_TZ): UTC_STAMP,
        ("binary", F.UUID): "LOWER(REPLACE(CONVERT(CHAR(36), {v}), '-', ''))",
    }

    binary_order = "{v} COLLATE Latin1_General_100_BIN2"

    @staticmethod
    def quote(name: str) -> str:
        return "[" + name.replace("]", "]]") + "]"

    def concat(self, parts: list[str]) -> str:
        # `+` propagates NULL (CONCAT would not); NVARCHAR(MAX) first so long rows are not cut at 4000
        return " + ".join([f"CAST({parts[0]} AS NVARCHAR(MAX))", *parts[1:]])

    def length(self, text: str) -> str:
        # the UTF-8 bytes HASHBYTES sees (LEN would ignore trailing spaces, and NVARCHAR's DATALENGTH / 2
        # counts a character outside the BMP, an emoji, as two)
        return f"CONVERT(VARCHAR(12), DATALENGTH({self._utf8(text)}))"

    @staticmethod
    def _utf8(text: str) -> str:
        return f"CAST(CAST({text} AS NVARCHAR(MAX)) COLLATE {UTF8} AS VARCHAR(MAX))"

    def _md5(self, text: str) -> str:
        return f"HASHBYTES('MD5', {self._utf8(text)})"

    def row_hash(self, text: str) -> str:
        return f"CONVERT(BIGINT, SUBSTRING({self._md5(text)}, 1, 7))"

    def bucket(self, text: str) -> str:
        return f"CONVERT(BIGINT, SUBSTRING({self._md5(text)}, 1, 4))"

    def hash_sum(self, row_hash: str) -> str:
        return f"SUM(CONVERT(DECIMAL(38, 0), {row_hash}))"  # a BIGINT sum would overflow

    def segment_id(self, value: str, low: int, width: int) -> str:
        return f"((CONVERT(BIGINT, {value}) - {low}) / {width})"

    def limit(self, sql: str, n: int) -> str:
        return sql.replace("SELECT ", f"SELECT TOP {n} ", 1)

    # -- catalog ------------------------------------------------------------------------------
    columns_query = """
        SELECT s.name, t.name, c.name,
               ty.name + CASE
                 WHEN ty.name IN ('decimal', 'numeric') THEN '(' + CONVERT(VARCHAR, c.precision) + ','
                      + CONVERT(VARCHAR, c.scale) + ')'
                 WHEN ty.name IN ('varchar', 'char', 'varbinary', 'binary')
                   THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CONVERT(VARCHAR, c.max_length) END + ')'
                 WHEN ty.name IN ('nvarchar', 'nchar')
                   THEN '(' + CASE WHEN c.max_length = -1 THEN 'max' ELSE CONVERT(VARCHAR, c.max_length / 2) END + ')'
                 WHEN ty.name IN ('datetime2', 'datetimeoffset', 'time') THEN '(' + CONVERT(VARCHAR, c.scale) + ')'
                 ELSE '' END,
               CASE WHEN c.is_nullable = 0 THEN 1 ELSE 0 END
        FROM sys.columns c JOIN sys.tables t ON t.object_id = c.object_id
        JOIN sys.schemas s ON s.schema_id = t.schema_id JOIN sys.types ty ON ty.user_type_id = c.user_type_id
        WHERE t.is_ms_shipped = 0
        ORDER BY s.name, t.name, c.column_id"""
    keys_query = """
        SELECT s.name, t.name, CASE WHEN i.is_primary_key = 1 THEN 'P' ELSE 'U' END, i.name, c.name
        FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE i.is_unique = 1 AND i.has_filter = 0 AND ic.is_included_column = 0
        ORDER BY 1, 2, 3, 4, ic.key_ordinal"""
    estimate_query = """
        SELECT s.name, t.name, SUM(p.rows)
        FROM sys.partitions p JOIN sys.tables t ON t.object_id = p.object_id
        JOIN sys.schemas s ON s.schema_id = t.schema_id
        WHERE p.index_id IN (0, 1)
        GROUP BY s.name, t.name"""
    objects_query = """
    SELECT s.name, CASE o.type WHEN 'SO' THEN 'sequence' WHEN 'V' THEN 'view' WHEN 'P' THEN 'procedure'
           WHEN 'TR' THEN 'trigger' ELSE 'function' END, o.name
    FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
    WHERE o.is_ms_shipped = 0 AND o.type IN ('SO', 'V', 'P', 'TR', 'FN', 'IF', 'TF')
    UNION ALL
    SELECT s.name, 'index', i.name FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id
    JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE i.name IS NOT NULL AND t.is_ms_shipped = 0"""
    constraints_query = """
    SELECT s.name, t.name, 'foreign key', COUNT(*) FROM sys.foreign_keys k
    JOIN sys.tables t ON t.object_id = k.parent_object_id JOIN sys.schemas s ON s.schema_id = t.schema_id
    GROUP BY s.name, t.name
    UNION ALL
    SELECT s.name, t.name, 'check', COUNT(*) FROM sys.check_constraints k
    JOIN sys.tables t ON t.object_id = k.parent_object_id JOIN sys.schemas s ON s.schema_id = t.schema_id
    GROUP BY s.name, t.name"""
