"""Oracle: the canonical form in Oracle SQL (12c+), and its catalog queries.

Numbers go through TO_CHAR(x, 'TM9') (text-minimum: no padding, no exponent below 64 characters)
with the leading-zero Oracle omits ('.5') put back; timestamps are CAST to TIMESTAMP(6), which rounds
half up, so TIMESTAMP(9) compares with a PostgreSQL timestamp(6) the way the load stored it; LOBs are
hashed with DBMS_CRYPTO (EXECUTE on DBMS_CRYPTO is needed for tables with LOB columns); rows are hashed
with STANDARD_HASH (row text up to 4000 bytes, 32767 with MAX_STRING_SIZE=EXTENDED).
"""

from __future__ import annotations

from typing import ClassVar

from migrate.model import TypeFamily
from migrate.model.engines import ORACLE
from validators.normalize.base import STRING_KINDS, ColumnSpec, Normaliser

F = TypeFamily
NUMBER_TEXT = "REGEXP_REPLACE(TO_CHAR({x}, 'TM9'), '^(-?)[.]', '\\10.')"
# the fraction's trailing zeros and then a bare '.' dropped: '...:10.500000' -> '...:10.5', '.000000' -> ''
STRIP = "RTRIM(RTRIM({s}, '0'), '.')"
STAMP = STRIP.format(s="TO_CHAR(CAST({v} AS TIMESTAMP(6)), 'YYYY-MM-DD HH24:MI:SS.FF6')")
UTC_STAMP = STRIP.format(s="TO_CHAR(CAST(SYS_EXTRACT_UTC({v}) AS TIMESTAMP(6)), 'YYYY-MM-DD HH24:MI:SS.FF6')")
MD5_HEX = "LOWER(RAWTOHEX(DBMS_CRYPTO.HASH({v}, 2)))"  # 2 = DBMS_CRYPTO.HASH_MD5


class OracleNormaliser(Normaliser):
    engine = ORACLE.name
    dialect = ORACLE.sqlglot
    render: ClassVar[dict[str, str]] = {
        "integer": NUMBER_TEXT.format(x="{v}"),
        "decimal": NUMBER_TEXT.format(x="{v}"),
        # BINARY_DOUBLE/FLOAT: round to the policy's significant digits as a NUMBER, then as a decimal
        "float": NUMBER_TEXT.format(
            x="ROUND(TO_NUMBER({v}), {digits} - 1 - FLOOR(LOG(10, ABS(COALESCE(NULLIF(TO_NUMBER({v}), 0), 1)))))"
        ),
        "string": "{v}",
        "fixed_string": "{v}",
        "lob_text": MD5_HEX,  # CLOB bytes in the database character set (AL32UTF8 = UTF-8)
        "binary": "LOWER(RAWTOHEX({v}))",
        "lob_binary": MD5_HEX,
        "date": "TO_CHAR({v}, 'YYYY-MM-DD')",
        "datetime": STAMP,
        "datetime_tz": UTC_STAMP,
        "time": STRIP.format(s="TO_CHAR({v}, 'HH24:MI:SS.FF6')"),
        "boolean": "TO_CHAR({v})",  # NUMBER(1) 1/0
        "uuid": "LOWER({v})",
        "json": "JSON_SERIALIZE({v})",
        "other": "TO_CHAR({v})",
    }
    render_from: ClassVar[dict[tuple[str, TypeFamily], str]] = {
        ("datetime", F.DATETIME_TZ): UTC_STAMP,
        ("uuid", F.BINARY): (
            "LOWER(REGEXP_REPLACE(RAWTOHEX({v}), '(.{{8}})(.{{4}})(.{{4}})(.{{4}})(.{{12}})', '\\1-\\2-\\3-\\4-\\5'))"
        ),
    }
    binary_order = "{v}"  # NLS_COMP=BINARY (the default): MIN/MAX in byte order, AL32UTF8 = code points
    # decimal point '.', whatever the client's NLS settings
    # ISO date formats: a --where filter's DATE '2024-01-01' reaches Oracle as CAST('2024-01-01' AS DATE)
    session_setup = (
        "ALTER SESSION SET NLS_NUMERIC_CHARACTERS = '.,'",
        "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'",
        "ALTER SESSION SET NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF'",
    )

    def value(self, column: ColumnSpec) -> str:
        text = super().value(column)
        # NCHAR/NVARCHAR2 text is AL16UTF16: in the database character set (AL32UTF8) it hashes as UTF-8, as
        # every other string does (in a row with an NVARCHAR2, Oracle would make the whole row text national)
        if column.kind in STRING_KINDS and column.raw_type.upper().startswith(("NCHAR", "NVARCHAR2")):
            text = f"TO_CHAR({text})"
        return text

    def length(self, text: str) -> str:
        return f"LENGTHB({text})"  # bytes in the database character set: AL32UTF8 is UTF-8

    def row_hash(self, text: str) -> str:
        return f"TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH({text}, 'MD5')), 1, 14), 'XXXXXXXXXXXXXX')"

    def bucket(self, text: str) -> str:
        return f"TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH({text}, 'MD5')), 1, 8), 'XXXXXXXX')"

    def segment_id(self, value: str, low: int, width: int) -> str:
        return f"FLOOR((({value}) - {low}) / {width})"

    def limit(self, sql: str, n: int) -> str:
        return f"{sql} FETCH FIRST {n} ROWS ONLY"

    # -- catalog ------------------------------------------------------------------------------
    columns_query = """
        SELECT c.owner, c.table_name, c.column_name,
               c.data_type || CASE
                 WHEN c.data_type IN ('NUMBER', 'FLOAT') AND c.data_precision IS NOT NULL
                   THEN '(' || c.data_precision || ',' || NVL(c.data_scale, 0) || ')'
                 WHEN c.data_type IN ('VARCHAR2', 'NVARCHAR2', 'CHAR', 'NCHAR', 'RAW')
                   THEN '(' || DECODE(c.char_used, 'C', c.char_length, c.data_length) || ')'
               END,
               CASE c.nullable WHEN 'N' THEN 1 ELSE 0 END
        FROM all_tab_columns c JOIN all_tables t ON t.owner = c.owner AND t.table_name = c.table_name
        WHERE c.owner NOT IN ('SYS', 'SYSTEM', 'XDB', 'MDSYS', 'CTXSYS', 'ORDSYS', 'OUTLN', 'DBSNMP', 'APPQOSSYS')
          AND c.owner IN (SELECT username FROM all_users WHERE oracle_maintained = 'N')
        ORDER BY c.owner, c.table_name, c.column_id"""
    keys_query = """
        SELECT i.table_owner, i.table_name, CASE WHEN k.constraint_type = 'P' THEN 'P' ELSE 'U' END,
               i.index_name, ic.column_name
        FROM all_indexes i JOIN all_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name
        LEFT JOIN all_constraints k ON k.owner = i.table_owner AND k.index_name = i.index_name
                                   AND k.constraint_type = 'P'
        WHERE i.uniqueness = 'UNIQUE' AND i.index_type = 'NORMAL'
          AND i.table_owner IN (SELECT username FROM all_users WHERE oracle_maintained = 'N')
        ORDER BY 1, 2, 3, 4, ic.column_position"""
    estimate_query = """
        SELECT owner, table_name, NVL(num_rows, 0) FROM all_tables
        WHERE owner IN (SELECT username FROM all_users WHERE oracle_maintained = 'N')"""
    objects_query = """
    SELECT owner, LOWER(object_type), object_name FROM all_objects
    WHERE object_type IN ('SEQUENCE', 'VIEW', 'MATERIALIZED VIEW', 'INDEX', 'PROCEDURE', 'FUNCTION', 'PACKAGE', 'TRIGGER')
      AND owner IN (SELECT username FROM all_users WHERE oracle_maintained = 'N')"""
    constraints_query = """
    SELECT owner, table_name, CASE constraint_type WHEN 'R' THEN 'foreign key' ELSE 'check' END, COUNT(*)
    FROM all_constraints
    WHERE constraint_type IN ('R', 'C') AND search_condition_vc NOT LIKE '% IS NOT NULL'
      AND owner IN (SELECT username FROM all_users WHERE oracle_maintained = 'N')
    GROUP BY owner, table_name, constraint_type"""
