"""A character value compared with a DATE or TIMESTAMP: Oracle reads the text with NLS_DATE_FORMAT (DD-MON-RR by
default) or NLS_TIMESTAMP_FORMAT ("Implicit Data Conversion"). PostgreSQL's own parser reads '01-JAN-60' as 2060
and refuses text compared with a timestamp. On the real PostgreSQL, converted and deployed as a user does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from converters.rewrite import RewriteOptions, convert_expression
from tests.converters.conftest import convert_and_deploy

LATE = date.today().year % 100 >= 50  # RR: 60 is in the previous century while the current year ends in 00-49
SIXTY = (date.today().year // 100 * 100) + 60 - (0 if LATE else 100)

SCRIPT = """
CREATE TABLE hr.staff (id NUMBER(6) PRIMARY KEY, hired DATE, seen TIMESTAMP, label VARCHAR2(20));
CREATE VIEW hr.after_sixty AS SELECT id FROM hr.staff WHERE hired >= '01-JAN-60';
CREATE VIEW hr.in_range AS SELECT id FROM hr.staff WHERE hired BETWEEN '01-JAN-60' AND '31-DEC-60';
CREATE VIEW hr.by_label AS SELECT id FROM hr.staff WHERE label = hired;
CREATE VIEW hr.seen_after AS SELECT id FROM hr.staff WHERE seen > '01-JAN-60 10.00.00.000000 AM';
CREATE OR REPLACE FUNCTION hr.hired_since(p_date DATE) RETURN NUMBER IS
    n NUMBER := 0;
BEGIN
    FOR r IN (SELECT hired FROM hr.staff) LOOP
        IF TO_CHAR(r.hired, 'DD-MON-YY') >= p_date THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END;
/
"""


def test_text_compared_with_a_date_is_read_with_nls_date_format(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    convert_and_deploy(cli, tmp_path, SCRIPT, "oracle", pg_url)
    pg.execute(
        f"INSERT INTO hr.staff VALUES (1, '{SIXTY}-06-01', '{SIXTY}-01-01 11:00', '01-JUN-{SIXTY % 100:02d}'), "
        f"(2, '{SIXTY - 1}-12-31', '{SIXTY}-01-01 09:00', 'x'), (3, '{SIXTY + 1}-01-02', NULL, NULL)"
    )
    assert pg.rows("SELECT id FROM hr.after_sixty ORDER BY id") == [(1,), (3,)]
    assert pg.rows("SELECT id FROM hr.in_range ORDER BY id") == [(1,)]
    assert pg.rows("SELECT id FROM hr.seen_after ORDER BY id") == [(1,)]
    pg.execute("DELETE FROM hr.staff WHERE id = 2")
    assert pg.rows("SELECT id FROM hr.by_label ORDER BY id") == [(1,)]
    # TO_CHAR(hired, 'DD-MON-YY') read back with DD-MON-RR: 01-JUN-60 and 02-JAN-61, both on or after 1 June 1960
    assert pg.rows(f"SELECT hr.hired_since(DATE '{SIXTY}-06-01')") == [(2,)]
    assert pg.rows(f"SELECT hr.hired_since(DATE '{SIXTY}-06-02')") == [(1,)]


CHECKED = """
CREATE TABLE hr.contracts (id NUMBER(6) PRIMARY KEY, signed DATE CONSTRAINT signed_after CHECK (signed > '31-DEC-1999'));
"""


def test_a_four_digit_literal_is_a_fixed_date_a_check_can_hold(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """'31-DEC-1999' under DD-MON-RR is the same date whenever it runs: read at conversion time, so the CHECK
    (which cannot hold the run-time reading) keeps it."""
    convert_and_deploy(cli, tmp_path, CHECKED, "oracle", pg_url)
    pg.execute("INSERT INTO hr.contracts VALUES (1, '2000-01-01')")
    with pytest.raises(Exception, match="signed_after"):
        pg.execute("INSERT INTO hr.contracts VALUES (2, '1999-12-31')")


def test_a_two_digit_year_in_a_check_stays_a_finding() -> None:
    """'31-DEC-60' depends on the current year under RR (Oracle reads it at run time): no fixed date to write."""
    checked = convert_expression("signed > '31-DEC-60'", "oracle", RewriteOptions(object_kind="check",
                                                                                  oracle_date_columns=frozenset({"signed"})))  # fmt: skip
    assert "CONV-ORA-FORMAT-001" in {f.rule_id for f in checked.findings}
