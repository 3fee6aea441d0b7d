"""Parameters and variables anchored on a column (`p tab.col%TYPE`) take the column's kind: a DATE column's anchor is
a DATE, so `p_end - p_start + 1` counts days and `'x' || p_day` prints in NLS_DATE_FORMAT, as Oracle does with
such a parameter. On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE TABLE app.stays (id NUMBER PRIMARY KEY, checkin DATE, checkout DATE, price NUMBER(10,2), paid NUMBER(1));
CREATE OR REPLACE PROCEDURE app.set_paid(p_id NUMBER, p_paid app.stays.paid%TYPE) IS
BEGIN
    UPDATE app.stays SET paid = p_paid WHERE id = p_id;
END;
/
CREATE OR REPLACE PROCEDURE app.pay(p_id NUMBER) IS
BEGIN
    app.set_paid(p_id, 1);
END;
/
CREATE OR REPLACE FUNCTION app.nights(p_start app.stays.checkin%TYPE, p_end app.stays.checkout%TYPE) RETURN NUMBER IS
BEGIN
    RETURN TRUNC(p_end - p_start + 1);
END;
/
CREATE OR REPLACE FUNCTION app.label(p_id NUMBER) RETURN VARCHAR2 IS
    v_day app.stays.checkin%TYPE;
    v_price app.stays.price%TYPE;
BEGIN
    SELECT checkin, price INTO v_day, v_price FROM app.stays WHERE id = p_id;
    RETURN 'from ' || v_day || ' at ' || v_price;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"nights", "label", "set_paid", "pay"})


def test_anchored_dates_count_days_and_print_in_nls_format(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        conn.execute("INSERT INTO app.stays VALUES (1, '2024-05-21', '2024-05-30', 70.50)")
        assert conn.rows("SELECT app.nights('2024-05-21 12:00', '2024-05-30')") == [(9,)]
        assert conn.rows("SELECT app.label(1)") == [("from 21-MAY-24 at 70.5",)]


def test_an_integer_literal_reaches_a_number_1_parameter(url) -> None:  # type: ignore[no-untyped-def]
    """p_paid is anchored on a NUMBER(1) column (smallint here): `set_paid(p_id, 1)` is a call Oracle makes, which
    PostgreSQL finds only with the argument cast."""
    with connect(url) as conn:
        conn.execute("INSERT INTO app.stays (id) VALUES (2)")
        conn.execute("CALL app.pay(2)")
        assert conn.rows("SELECT paid FROM app.stays WHERE id = 2") == [(1,)]
