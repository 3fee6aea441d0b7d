"""SQL Server data profile: DATETIME, DATETIME2 and SMALLDATETIME columns.

They are profiled so the report can say a column holds only dates (common in schemas older than
SQL Server 2008, which had no DATE type). The type tables keep them as timestamps: application code
compares them with GETDATE() and adds hours to them, which a PostgreSQL date would change. DECIMAL and
NUMERIC always carry a precision in SQL Server (default 18,0), so numbers are not profiled."""

from __future__ import annotations

from assessments.profile import DATETIME, Profiled, ProfileSql


def _quote(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"


ENGINE = ProfileSql(
    columns=(Profiled(("DATETIME", "DATETIME2", "SMALLDATETIME"), DATETIME, "a date-time may hold only dates"),),
    wide={DATETIME: "CAST({c} AS TIME) <> '00:00:00'"},
    sample="(SELECT TOP ({rows}) * FROM {table}) AS sampled",
    quote=_quote,
)
