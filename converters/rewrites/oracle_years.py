"""Two-digit years read by TO_DATE / TO_TIMESTAMP as Oracle documents them (SQL Language Reference, Format Models,
"The RR Datetime Format Element"):

- YY: the year has the same first two digits as the current year (95 read in 2026 is 2095);
- RR (and RRRR given two digits): 0-49 in the current century when the current year ends in 0-49, in the next one
  otherwise; 50-99 in the previous century when the current year ends in 0-49, in the current one otherwise.

PostgreSQL reads a two-digit year to the one nearest 2020 (95 is 1995). So the model is read with YYYY (a
two-digit input gives the year 95 AD) and the century is added to a year below 100, in a scalar subquery that reads
the parsed value once. Where PostgreSQL allows no subquery (CHECK, index, default, generated column) and for Y,
YYY or several year elements, the reading stays CONV-ORA-FORMAT-001.
"""

from __future__ import annotations

from sqlglot import exp, parse_one

from converters.rewrites.common import NO_SUBQUERY_KINDS, Context, read_once
from converters.rewrites.oracle_formats import FULL_YEARS, translate_format, year_elements

_NOW = "extract(year FROM statement_timestamp())::int"  # SYSDATE's year: the statement's, as Oracle reads it
_CENTURY = f"({_NOW} / 100 * 100)"
_YEAR = "extract(year FROM aurora_year.aurora_read)"
_RR = (
    f"CASE WHEN {_YEAR} < 50 THEN CASE WHEN {_NOW} % 100 < 50 THEN {_CENTURY} ELSE {_CENTURY} + 100 END "
    f"ELSE CASE WHEN {_NOW} % 100 < 50 THEN {_CENTURY} - 100 ELSE {_CENTURY} END END"
)
_ADJUST = (
    "CASE WHEN {year} < 100 THEN aurora_year.aurora_read + make_interval(years => {century}) "
    "ELSE aurora_year.aurora_read END"
)


def two_digit_template(model: str, ctx: Context, radix: str) -> tuple[str, str, list[str]] | None:
    """(the template reading the year as YYYY, 'RR' or 'YY', the model's other elements PostgreSQL lacks) for a model
    with one two-digit year element, or None. `radix`: the decimal character X stands for (translate_format)."""
    years = year_elements(model)
    if len(years) != 1 or years[0] not in FULL_YEARS or ctx.options.object_kind in NO_SUBQUERY_KINDS:
        return None
    template, missing = translate_format(model, printing=False, radix=radix, full_years=True)
    return template, "YY" if years[0] == "YY" else "RR", missing


def with_century(parsed: exp.Expression, kind: str) -> exp.Expression:
    """The parsed timestamp with Oracle's century given to a year below 100 (the value read once)."""
    century = _CENTURY if kind == "YY" else f"({_RR})"
    body = parse_one(_ADJUST.format(year=_YEAR, century=century), dialect="postgres")
    return read_once({"aurora_read": parsed}, "aurora_year", body)
