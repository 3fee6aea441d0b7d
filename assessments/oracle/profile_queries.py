"""Oracle data profile: which columns are worth reading and how to ask (see assessments.profile).

Bare NUMBER, FLOAT and the ANSI aliases that mean NUMBER(38) declare no useful width, and Oracle DATE
always stores a time of day whether or not the application uses it; these are the columns whose data
can justify a narrower PostgreSQL type."""

from __future__ import annotations

from assessments.profile import DATETIME, NUMBER, Profiled, ProfileSql
from migrate.model import ColumnType


def _no_precision(t: ColumnType) -> bool:
    return t.precision is None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


ENGINE = ProfileSql(
    columns=(
        Profiled(("NUMBER",), NUMBER, "bare NUMBER (or NUMBER(*,s)) declares no precision", _no_precision),
        Profiled(("FLOAT",), NUMBER, "Oracle FLOAT is a decimal number that often holds whole numbers"),
        Profiled(
            ("INTEGER", "INT", "SMALLINT", "DECIMAL", "NUMERIC"), NUMBER, "ANSI aliases of NUMBER(38)", _no_precision
        ),
        Profiled(("DATE",), DATETIME, "Oracle DATE always carries a time of day, used or not"),
    ),
    wide={
        NUMBER: "{c} <> TRUNC({c})",  # a fractional part
        DATETIME: "{c} <> TRUNC({c})",  # TRUNC(date) is midnight of the same day
    },
    # ROWNUM rather than FETCH FIRST: the sample must also run on 11g
    sample="(SELECT * FROM {table} WHERE ROWNUM <= {rows})",
    quote=_quote,
)
