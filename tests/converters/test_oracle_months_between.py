"""MONTHS_BETWEEN on the real PostgreSQL, against Oracle's documented rule and its examples (SQL Reference:
same day of the month or both last days -> a whole number; otherwise the days and times of day over a 31-day
month)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from converters.rewrite import RewriteOptions, convert_query

DATES = RewriteOptions(date_columns=frozenset({"d1", "d2"}))
QUERY = "SELECT MONTHS_BETWEEN(d1, d2) FROM t"

CASES = [
    ("1995-02-02 00:00:00", "1995-01-01 00:00:00", Decimal(1) + Decimal(1) / 31),  # Oracle's own example
    ("2024-05-07 10:00:00", "2024-04-07 23:00:00", Decimal(1)),  # same day: times ignored
    ("2023-02-28 00:00:00", "2023-01-31 00:00:00", Decimal(1)),  # both last days of their months
    ("2024-03-31 00:00:00", "2024-02-29 13:00:00", Decimal(1)),  # both last days (leap year), times ignored
    ("2024-03-15 12:00:00", "2024-03-14 00:00:00", (Decimal(86400) + 43200) / 2678400),  # time of day counts
    ("2024-01-01 00:00:00", "2024-02-08 00:00:00", Decimal(-1) - Decimal(7) / 31),  # earlier first: negative
    ("2024-12-20 00:00:00", "2024-01-01 00:00:00", Decimal(11) + Decimal(19) / 31),  # 20 days after the 1st: 19/31
]


@pytest.mark.parametrize(("d1", "d2", "expected"), CASES)
def test_months_between_follows_oracle(pg, d1: str, d2: str, expected: Decimal) -> None:  # type: ignore[no-untyped-def]
    converted = convert_query(QUERY, "oracle", DATES)
    assert not converted.findings, converted.findings
    sql = converted.sql.replace(" FROM t", f" FROM (VALUES (TIMESTAMP(0) '{d1}', TIMESTAMP(0) '{d2}')) AS t(d1, d2)")
    ((value,),) = pg.rows(sql)
    assert abs(value - expected) < Decimal("1e-15"), (value, expected)
    if expected == expected.to_integral_value():
        assert value == expected  # a whole number, as Oracle returns


def test_arguments_read_once_and_timestamps_flagged() -> None:
    once = convert_query("SELECT MONTHS_BETWEEN(d1, f(d2)) FROM t", "oracle",
                         RewriteOptions(date_columns=frozenset({"d1"}), date_functions=frozenset({"f"})))  # fmt: skip
    assert (
        "CONV-ORA-FUNC-001" not in {f.rule_id for f in once.findings}
        and "AS aurora_d2" in once.sql
        and once.sql.count("f(d2)") == 1
    ), once.sql
    stamp = convert_query("SELECT MONTHS_BETWEEN(SYSTIMESTAMP, d1) FROM t", "oracle", DATES)
    assert [f.rule_id for f in stamp.findings][:1] == ["CONV-ORA-FUNC-001"]
