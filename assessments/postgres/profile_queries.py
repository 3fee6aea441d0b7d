"""PostgreSQL data profile: numeric without a precision (any scale, so the data decides) and timestamps.

Timestamps are profiled so the report can say a column holds only dates; the type tables keep them as
written, because a PostgreSQL source had `date` available and chose `timestamp`."""

from __future__ import annotations

from assessments.profile import DATETIME, NUMBER, Profiled, ProfileSql


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


ENGINE = ProfileSql(
    columns=(
        Profiled(
            ("NUMERIC", "DECIMAL"),
            NUMBER,
            "numeric without a precision holds any number",
            lambda t: t.precision is None,
        ),
        Profiled(("TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE"), DATETIME, "a timestamp may hold only dates"),
    ),
    wide={
        # NaN (and Infinity, PostgreSQL 14+) equal their own trunc() but fit no integer type; compared as text
        # because the 'Infinity' numeric literal is an error before 14
        NUMBER: "({c} <> trunc({c}) OR {c}::text IN ('NaN', 'Infinity', '-Infinity'))",
        DATETIME: "{c} <> date_trunc('day', {c})",
    },
    sample="(SELECT * FROM {table} LIMIT {rows}) AS sampled",
    quote=_quote,
)
