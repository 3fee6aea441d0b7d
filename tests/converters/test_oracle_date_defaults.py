"""TO_DATE / TO_TIMESTAMP with a model that lacks the year or the month: Oracle takes the current year and the
current month (SQL Language Reference, Datetime Format Models: the default date is the first day of the current
month); PostgreSQL's to_timestamp would give year 1 BC and January. On the real PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from converters.rewrite import convert_query

CASES = [
    ("TO_DATE('10:30', 'HH24:MI')", lambda now: datetime(now.year, now.month, 1, 10, 30)),
    ("TO_DATE('5', 'MM')", lambda now: datetime(now.year, 5, 1)),
    ("TO_DATE(5, 'MM')", lambda now: datetime(now.year, 5, 1)),
    ("TO_DATE('2022', 'YYYY')", lambda now: datetime(2022, now.month, 1)),
    ("TO_DATE('95', 'YY')", lambda now: datetime(now.year // 100 * 100 + 95, now.month, 1)),
    ("TO_DATE('032', 'DDD')", lambda now: datetime(now.year, 2, 1)),
    ("TO_DATE('15.03', 'DD.MM')", lambda now: datetime(now.year, 3, 15)),
    ("TO_TIMESTAMP('10:30:15.5', 'HH24:MI:SS.FF')", lambda now: datetime(now.year, now.month, 1, 10, 30, 15, 500000)),
    ("TO_DATE('2451545', 'J')", lambda now: datetime(2000, 1, 1)),
    ("TO_DATE('15.03.2024', 'DD.MM.YYYY')", lambda now: datetime(2024, 3, 15)),
]


@pytest.mark.parametrize(("oracle", "expected"), CASES, ids=[c[0] for c in CASES])
def test_missing_fields_take_the_current_year_and_month(pg, oracle: str, expected) -> None:  # type: ignore[no-untyped-def]
    converted = convert_query(f"SELECT {oracle} FROM dual", "oracle")
    assert not converted.findings, converted.findings
    now = pg.rows("SELECT LOCALTIMESTAMP")[0][0]
    assert pg.rows(converted.sql) == [(expected(now),)]


def test_an_empty_text_is_null_not_the_default_date(pg) -> None:  # type: ignore[no-untyped-def]
    """'' is NULL in Oracle, so TO_DATE('' , 'HH24:MI') is NULL: the defaults are not a date of their own."""
    converted = convert_query(
        "SELECT TO_DATE(CAST(x AS VARCHAR2(5)), 'HH24:MI') FROM (SELECT '' AS x FROM dual)", "oracle"
    )
    assert pg.rows(converted.sql) == [(None,)]
