"""Round 11 general rules, each run on the real PostgreSQL against Oracle's documented behaviour."""

from __future__ import annotations

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deployed

STAMP_INTO_DATE = """
CREATE TABLE app.stamps (id NUMBER, ts TIMESTAMP(6), d DATE);
CREATE OR REPLACE PROCEDURE app.keep_date(p_id IN NUMBER) IS
  l_ts   TIMESTAMP(6);
  l_day  DATE;
  l_init DATE := TO_TIMESTAMP('2024-12-31 23:59:59.6', 'YYYY-MM-DD HH24:MI:SS.FF');
BEGIN
  SELECT ts INTO l_ts FROM stamps WHERE id = p_id;
  l_day := l_ts;
  UPDATE stamps SET d = l_day WHERE id = p_id;
  INSERT INTO stamps (id, d) VALUES (p_id + 100, NVL(l_init, SYSDATE));
END;
/
CREATE OR REPLACE FUNCTION app.as_day(p_ts IN TIMESTAMP) RETURN DATE IS
BEGIN
  RETURN p_ts;
END;
/
"""


def test_a_timestamp_assigned_to_a_date_variable_drops_its_fraction(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Oracle converts a TIMESTAMP assigned to a DATE variable (or initialising one, or returned as a DATE) by
    dropping its fractional seconds; PL/pgSQL's assignment to timestamp(0) rounds them, so 23:59:59.6 became the
    next day."""
    rows = "INSERT INTO app.stamps (id, ts) VALUES (1, '2024-05-21 12:00:00.7')"
    with deployed(pg_server, tmp_path, STAMP_INTO_DATE, rows) as (_result, report, url):
        assert_clean(report, {"keep_date", "as_day"})
        with connect(url) as conn:
            conn.execute("CALL app.keep_date(1)")
            assert conn.rows("SELECT id, d::text FROM app.stamps ORDER BY id") == [
                (1, "2024-05-21 12:00:00"),
                (101, "2024-12-31 23:59:59"),
            ]
            assert conn.rows("SELECT app.as_day('2024-05-21 23:59:59.9')::text") == [("2024-05-21 23:59:59",)]


RECORD_FIELDS = """
CREATE TABLE app.sales (id NUMBER(6), amount NUMBER(8,2), qty NUMBER(4));
CREATE TABLE app.notes (id NUMBER(6), note VARCHAR2(100));
CREATE OR REPLACE PROCEDURE app.write_notes IS
  v VARCHAR2(100);
BEGIN
  FOR r IN (SELECT id, amount, qty FROM sales ORDER BY id) LOOP
    v := r.amount * r.qty;
    INSERT INTO notes VALUES (r.id, v);
  END LOOP;
  FOR r IN (SELECT SUM(amount) total, MAX(amount) top FROM sales) LOOP
    INSERT INTO notes VALUES (100, 'total ' || r.total || ' top ' || r.top);
  END LOOP;
END;
/
"""


def test_record_fields_in_text_print_oracles_number_text(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A loop record's NUMBER fields in arithmetic assigned to a VARCHAR2, and SUM / MAX fields of NUMBER columns
    in a concatenation: Oracle prints its number text (7.5, not PostgreSQL's 7.50)."""
    rows = "INSERT INTO app.sales VALUES (1, 2.50, 3), (2, 0.50, 2)"
    with deployed(pg_server, tmp_path, RECORD_FIELDS, rows) as (_result, report, url):
        assert_clean(report, {"write_notes"})
        with connect(url) as conn:
            conn.execute("CALL app.write_notes()")
            assert conn.rows("SELECT id, note FROM app.notes ORDER BY id") == [
                (1, "7.5"),
                (2, "1"),
                (100, "total 3 top 2.5"),
            ]
