"""Round 11 general rules, each run on the real PostgreSQL against Oracle's documented behaviour."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import DeployStatus
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


NESTED_WRITES = """
CREATE TABLE app.names (n NUMBER, names VARCHAR2(200));
CREATE OR REPLACE PROCEDURE app.collect(p_n IN NUMBER, p_total OUT NUMBER) IS
  l_count NUMBER := 0;
  l_names VARCHAR2(200);
  PROCEDURE add_one(p_name IN VARCHAR2) IS
  BEGIN
    l_count := l_count + 1;
    l_names := l_names || p_name || ',';
  END;
  PROCEDURE add_two IS
  BEGIN
    add_one('a');
    add_one('b');
  END;
BEGIN
  FOR i IN 1 .. p_n LOOP
    add_one('x' || i);
  END LOOP;
  add_two;
  p_total := l_count;
  INSERT INTO names VALUES (l_count, l_names);
END;
/
CREATE OR REPLACE PROCEDURE app.rounded(p_total OUT NUMBER) IS
  l_amt NUMBER(6,2) := 0;
  PROCEDURE bump(p IN NUMBER) IS
  BEGIN
    IF p < 0 THEN
      RETURN;
    END IF;
    l_amt := l_amt + p;
    l_amt := l_amt + p;
  END;
BEGIN
  bump(0.004);
  bump(-1);
  bump(0.5);
  p_total := l_amt;
EXCEPTION
  WHEN OTHERS THEN
    RAISE;
END;
/
CREATE OR REPLACE PROCEDURE app.caught(p_total OUT NUMBER) IS
  l_count NUMBER := 0;
  PROCEDURE add_one IS
  BEGIN
    l_count := l_count + 1;
    INSERT INTO names VALUES (1 / 0, 'x');
  END;
BEGIN
  add_one;
EXCEPTION
  WHEN ZERO_DIVIDE THEN
    p_total := l_count;
END;
/
CREATE OR REPLACE PROCEDURE app.aliased(p_total OUT NUMBER) IS
  l_count NUMBER := 0;
  PROCEDURE add(p IN NUMBER) IS
  BEGIN
    l_count := l_count + p;
  END;
BEGIN
  add(l_count);
  p_total := l_count;
END;
/
"""


def test_nested_procedures_that_write_outer_variables(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A nested procedure assigning the outer routine's variables becomes a procedure taking them INOUT (through
    another nested procedure too); one of a width or scale keeps it, rounding at each assignment as Oracle does
    (0.004 added twice to a NUMBER(6,2) stays 0). Where a caught error would show the difference (the variable read
    in a handler that does not raise) or the variable is also passed as an argument, it stays AM-PLSQL-016."""
    with deployed(pg_server, tmp_path, NESTED_WRITES) as (result, report, url):
        assert_clean(report, {"collect", "rounded"})  # the nested ones are created with them
        manual = {o.name: [f.rule_id for f in o.findings] for o in result.objects if o.status.name == "MANUAL"}
        assert "AM-PLSQL-016" in manual["caught"]
        assert "AM-PLSQL-016" in manual["aliased"]
        with connect(url) as conn:
            assert conn.rows("CALL app.collect(2, NULL)") == [(4,)]
            assert conn.rows("SELECT n, names FROM app.names") == [(4, "x1,x2,a,b,")]
            assert conn.rows("CALL app.rounded(NULL)") == [(1,)]


TRIGGER_WHEN = """
CREATE TABLE app.state (state_id NUMBER, state_name VARCHAR2(30));
CREATE TABLE app.fired (what VARCHAR2(40));
CREATE OR REPLACE TRIGGER app.state_new
BEFORE INSERT OR UPDATE OR DELETE ON app.state
FOR EACH ROW
WHEN (NEW.state_id > 0)
BEGIN
  INSERT INTO app.fired VALUES ('new ' || NVL(:NEW.state_id, -1));
END;
/
CREATE OR REPLACE TRIGGER app.state_old
AFTER INSERT OR UPDATE ON app.state REFERENCING OLD AS o NEW AS n
FOR EACH ROW
WHEN (o.state_name IS NULL OR o.state_name <> n.state_name)
BEGIN
  INSERT INTO app.fired VALUES ('old ' || :n.state_name);
END;
/
"""


def test_a_when_condition_naming_a_row_the_event_has_not(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """WHEN (NEW.x > 0) on INSERT OR UPDATE OR DELETE: Oracle reads a DELETE's NEW columns as NULL (so it does not
    fire there), PostgreSQL refuses NEW in a DELETE trigger's WHEN; likewise OLD on INSERT, under REFERENCING
    names too. Each event gets the condition it has in Oracle."""
    with deployed(pg_server, tmp_path, TRIGGER_WHEN) as (_result, report, url):
        assert_clean(report, {"state_new", "state_old"})
        with connect(url) as conn:
            conn.execute("INSERT INTO app.state VALUES (1, 'A')")
            conn.execute("UPDATE app.state SET state_name = 'B'")
            conn.execute("UPDATE app.state SET state_id = 1")
            conn.execute("DELETE FROM app.state")
            assert conn.rows("SELECT what FROM app.fired") == [
                ("new 1",),
                ("old A",),
                ("new 1",),
                ("old B",),
                ("new 1",),
            ]


BARE_CALLS = """
CREATE TABLE app.partners (partner_id NUMBER, load NUMBER);
CREATE TABLE app.picked (partner_id NUMBER);
CREATE OR REPLACE FUNCTION app.next_partner RETURN NUMBER IS
  v NUMBER;
BEGIN
  SELECT MIN(partner_id) INTO v FROM partners;
  RETURN v;
END;
/
CREATE OR REPLACE FUNCTION app.load RETURN NUMBER IS
BEGIN
  RETURN -1;
END;
/
CREATE OR REPLACE PROCEDURE app.pick(p_out OUT NUMBER) IS
  l_first NUMBER := next_partner;
BEGIN
  IF next_partner > 0 THEN
    INSERT INTO picked VALUES (next_partner);
  END IF;
  SELECT MAX(load) INTO p_out FROM partners;
  p_out := p_out + l_first;
END;
/
"""


def test_a_standalone_function_called_without_parentheses(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PL/SQL calls a schema function named without parentheses, in PL/SQL expressions and in SQL where no column
    of the statement's tables has its name (`load` in SELECT MAX(load) FROM partners stays the column)."""
    rows = "INSERT INTO app.partners VALUES (7, 10), (9, 30)"
    with deployed(pg_server, tmp_path, BARE_CALLS, rows) as (_result, report, url):
        assert_clean(report, {"next_partner", "load", "pick"})
        with connect(url) as conn:
            assert conn.rows("CALL app.pick(NULL)") == [(37,)]
            assert conn.rows("SELECT partner_id FROM app.picked") == [(7,)]


QUOTED_PACKAGE = """
CREATE OR REPLACE PACKAGE "APP"."DEFS" IS
  SUBTYPE name_t IS VARCHAR2(5);
  k_prefix CONSTANT VARCHAR2(3) := 'ab';
END;
/
CREATE OR REPLACE FUNCTION app.tagged(p IN VARCHAR2) RETURN VARCHAR2 IS
  v defs.name_t;
BEGIN
  v := defs.k_prefix || p;
  RETURN v;
END;
/
"""


def test_a_package_created_under_a_quoted_upper_case_name(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """CREATE PACKAGE "APP"."DEFS" (as tools export it) is the DEFS that code names unquoted: its subtypes and
    constants are found (they were AM-PLSQL-020), the subtype's width enforced."""
    with deployed(pg_server, tmp_path, QUOTED_PACKAGE) as (_result, report, url):
        assert_clean(report, {"tagged"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.tagged('xyz')") == [("abxyz",)]


CHECK_DIGITS = """
CREATE OR REPLACE FUNCTION app.pesel_ok(p_pesel IN VARCHAR2) RETURN NUMBER IS
  n_temp NUMBER;
BEGIN
  n_temp := MOD((1 * SUBSTR(p_pesel, 1, 1) + 3 * SUBSTR(p_pesel, 2, 1) + 7 * SUBSTR(p_pesel, 3, 1)
                 + TRIM(SUBSTR(p_pesel, 4)) * 1), 10);
  IF SUBSTR(p_pesel, 1, 1) = 4 THEN
    RETURN -n_temp;
  END IF;
  RETURN n_temp;
END;
/
CREATE OR REPLACE FUNCTION app.nip_ok(p_nip IN VARCHAR2) RETURN NUMBER IS
  TYPE t_tab IS VARRAY(3) OF INTEGER;
  t_wagi t_tab := t_tab(6, 5, 7);
  v_check VARCHAR2(2) := SUBSTR(p_nip, 4, 1);
  n_sum NUMBER := 0;
BEGIN
  FOR i IN 1 .. 3 LOOP
    n_sum := n_sum + (SUBSTR(p_nip, i, 1) * t_wagi(i));
  END LOOP;
  IF MOD(n_sum, 11) = v_check THEN
    RETURN 1;
  END IF;
  RETURN 0;
END;
/
"""


def test_character_built_ins_in_arithmetic_are_numbers(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """1 * SUBSTR(p, 1, 1), MOD(text, 10), TRIM(...) * 1, SUBSTR(p, 1, 1) = 4: Oracle converts the character result
    of a built-in to a NUMBER where arithmetic or a comparison with a number needs one (ORA-01722 on a non-number);
    PostgreSQL refused text * integer."""
    with deployed(pg_server, tmp_path, CHECK_DIGITS) as (_result, report, url):
        assert_clean(report, {"pesel_ok", "nip_ok"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.nip_ok('1234'), app.nip_ok('1238')") == [
                (1, 0)
            ]  # 6 + 10 + 21 = 37, MOD 11 = 4
            assert conn.rows("SELECT app.pesel_ok('123 4'), app.pesel_ok('4219')") == [(2, -6)]
            with pytest.raises(Exception, match="invalid input syntax for type numeric"):
                conn.rows("SELECT app.pesel_ok('1x3')")


KEYWORD_NAMES = """
CREATE TABLE app.items (id NUMBER, position NUMBER);
CREATE OR REPLACE FUNCTION app.peek(offset IN PLS_INTEGER, position IN NUMBER := 0) RETURN NUMBER IS
  limit NUMBER := 3;
  r NUMBER;
BEGIN
  limit := limit + position;
  SELECT COUNT(*) INTO r FROM items i WHERE i.id > offset AND i.id <= offset + limit;
  RETURN r;
END;
/
"""


def test_variables_named_by_postgresql_key_words(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Oracle lets a variable or parameter be named offset, limit or position; PostgreSQL reserves the first two and
    refuses the third as a parameter name: they are quoted where declared and where used (plpgsql_check warns
    that a parameter's or variable's name is a reserved key word, which is what it is in Oracle's source)."""
    rows = "INSERT INTO app.items VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)"
    with deployed(pg_server, tmp_path, KEYWORD_NAMES, rows) as (_result, report, url):
        peek = next(o for o in report.outcomes if o.name == "peek")
        assert peek.status is DeployStatus.OK, peek.error
        assert {n.message.rsplit(": ", 1)[-1] for n in peek.notes if n.severity.value != "info"} <= {
            'name of parameter "offset" is reserved keyword',
            'name of variable "limit" is reserved keyword',
        }
        with connect(url) as conn:
            assert conn.rows('SELECT app.peek(1), app.peek(1, 1), app.peek("offset" => 0)') == [(3, 4, 3)]


def test_a_bare_name_in_sql_that_is_the_statements_own_column(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A schema function `total` and, in SQL, a column a subquery in FROM computes or an alias the statement gives:
    Oracle reads those as the columns, so only the name in VALUES is the function."""
    code = """
CREATE OR REPLACE FUNCTION hr.total RETURN NUMBER IS BEGIN RETURN 1; END;
/
CREATE OR REPLACE PROCEDURE hr.sums(r OUT NUMBER) IS
BEGIN
  SELECT MAX(total) INTO r FROM (SELECT SUM(salary) total FROM hr.emp);
  SELECT SUM(salary) total INTO r FROM hr.emp ORDER BY total;
  INSERT INTO hr.audit_t (id) VALUES (total);
END;
/
"""
    sql = next(o for o in convert_plsql(code).objects if o.name == "sums").sql
    assert "max(total)" in sql and "ORDER BY total" in sql and "VALUES (hr.total())" in sql
