"""Which SQL dialect a script reads as: a file exported from SQL Server and scanned with --dialect oracle is read
statement by statement into nonsense (every batch unparsed, every type unknown) without saying why. The words
below belong to one dialect only; a file showing several of another dialect's words and few of its own gets a
finding naming the dialect it reads as.

Only the first part of a file is read (export headers and the first tables are plenty), through the SQL text
layer's lexer, so a word in a string or a comment does not count.
"""

from __future__ import annotations

from migrate.sqltext.lexer import QUOTING, tokenize

SAMPLE = 200_000  # characters read from the start of a file

# dialect -> {word or operator: why it is that dialect's alone}
MARKERS: dict[str, dict[str, str]] = {
    "oracle": {
        "VARCHAR2": "Oracle's string type",
        "NVARCHAR2": "Oracle's national string type",
        "NUMBER": "Oracle's numeric type",
        "SYSDATE": "Oracle's clock",
        "NVL": "Oracle's null function",
        "ROWNUM": "Oracle's row counter",
        "DUAL": "Oracle's one-row table",
        "PCTFREE": "Oracle storage clause",
        "NOCOMPRESS": "Oracle storage clause",
        "NOLOGGING": "Oracle storage clause",
        "PLS_INTEGER": "PL/SQL type",
    },
    "sqlserver": {
        "NVARCHAR": "SQL Server's national string type (Oracle's is NVARCHAR2)",
        "GETDATE": "SQL Server's clock",
        "ISNULL": "SQL Server's null function",
        "DATETIME2": "SQL Server date type",
        "UNIQUEIDENTIFIER": "SQL Server GUID type",
        "NONCLUSTERED": "SQL Server index clause",
        "CLUSTERED": "SQL Server index clause",
        "GO": "SQL Server batch separator",
        "NOCOUNT": "SET NOCOUNT",
        "SYSNAME": "SQL Server name type",
        "TINYINT": "SQL Server integer type",
        "DBO": "SQL Server's default schema",
    },
    "postgresql": {
        "SERIAL": "PostgreSQL auto-increment type",
        "BIGSERIAL": "PostgreSQL auto-increment type",
        "BYTEA": "PostgreSQL binary type",
        "TIMESTAMPTZ": "PostgreSQL timestamp type",
        "JSONB": "PostgreSQL JSON type",
        "PLPGSQL": "PostgreSQL's procedural language",
        "SEARCH_PATH": "pg_dump's session setting",
        "STDIN": "pg_dump's COPY ... FROM stdin",
        "::": "PostgreSQL's cast operator",
    },
}


def reads_as(text: str, dialect: str) -> tuple[str, list[str]] | None:
    """(the other dialect, the words seen) when `text` reads as another dialect than `dialect`, else None."""
    sample = text[:SAMPLE]
    seen = {t.upper or t.text for t in tokenize(sample, QUOTING[dialect])}
    found = {name: sorted(seen & words.keys()) for name, words in MARKERS.items()}
    own = len(found[dialect])
    other, words = max(((n, w) for n, w in found.items() if n != dialect), key=lambda item: len(item[1]))
    if len(words) >= 2 and len(words) > 2 * own:
        return other, words
    return None


__all__ = ["MARKERS", "reads_as"]
