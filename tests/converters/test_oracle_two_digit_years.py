"""Two-digit years read by TO_DATE as Oracle documents them (Format Models, the RR element): YY in the current
century, RR / RRRR by the 50-year window around the current year; four digits as they are. On the real
PostgreSQL, whose own YY reads to the year nearest 2020, in UTC and in a zone with a local mean time offset."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from converters.rewrite import RewriteOptions, convert_expression, convert_query

CENTURY = date.today().year // 100 * 100


def rr(yy: int) -> int:
    """Oracle's RR: 0-49 in this century when the current year ends in 0-49, else the next; 50-99 in the previous
    century when the current year ends in 0-49, else this one."""
    late = date.today().year % 100 >= 50
    return CENTURY + yy + (100 if late and yy < 50 else -100 if not late and yy >= 50 else 0)


CASES = [
    ("TO_DATE('01-JAN-95', 'DD-MON-YY')", datetime(CENTURY + 95, 1, 1)),
    ("TO_DATE('01-JAN-25', 'DD-MON-YY')", datetime(CENTURY + 25, 1, 1)),
    ("TO_DATE('01-JAN-95', 'DD-MON-RR')", datetime(rr(95), 1, 1)),
    ("TO_DATE('01-JAN-49', 'DD-MON-RR')", datetime(rr(49), 1, 1)),
    ("TO_DATE('01-JAN-50', 'DD-MON-RR')", datetime(rr(50), 1, 1)),
    ("TO_DATE('15.03.95 10:30', 'DD.MM.RRRR HH24:MI')", datetime(rr(95), 3, 15, 10, 30)),
    ("TO_DATE('01-JAN-1995', 'DD-MON-RR')", datetime(1995, 1, 1)),
    ("TO_DATE('2024-02-29', 'YYYY-MM-DD')", datetime(2024, 2, 29)),
    # no model: the sessions' NLS_DATE_FORMAT (DD-MON-RR, the conversion.nls_date_format default), written out
    ("TO_DATE('15-JAN-60')", datetime(rr(60), 1, 15)),
    ("TO_DATE('15-JAN-24')", datetime(rr(24), 1, 15)),
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris"])
@pytest.mark.parametrize(("oracle", "expected"), CASES)
def test_two_digit_years_as_oracle_reads_them(pg, zone: str, oracle: str, expected: datetime) -> None:  # type: ignore[no-untyped-def]
    converted = convert_query(f"SELECT {oracle} FROM dual", "oracle")
    assert not converted.findings, converted.findings
    pg.execute(f"SET TimeZone = '{zone}'")
    assert pg.rows(converted.sql) == [(expected,)]


def test_where_no_subquery_is_allowed_the_reading_stays_a_finding() -> None:
    """A CHECK constraint (or an index, a default) cannot hold the scalar subquery that puts the century back."""
    checked = convert_expression("d > TO_DATE('01-JAN-95', 'DD-MON-RR')", "oracle", RewriteOptions(object_kind="check"))
    assert "CONV-ORA-FORMAT-001" in {f.rule_id for f in checked.findings}
