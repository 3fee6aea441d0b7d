"""Round 11 general rules (second part: error loggers, transaction control, overloads, handlers, nested functions,
literals), each run on the real PostgreSQL against Oracle's documented behaviour."""

from __future__ import annotations

from migrate.engines import connect
from migrate.model import DeployStatus
from tests.converters.procedural.conftest import assert_clean, deployed

ENTRY_READER = """
CREATE TABLE app.errs (msg VARCHAR2(400));
CREATE OR REPLACE PACKAGE app.err AS
  PROCEDURE log(p_msg IN VARCHAR2 DEFAULT DBMS_UTILITY.FORMAT_ERROR_STACK, p_rollback IN BOOLEAN DEFAULT FALSE);
END;
/
CREATE OR REPLACE PACKAGE BODY app.err AS
  PROCEDURE log(p_msg IN VARCHAR2 DEFAULT DBMS_UTILITY.FORMAT_ERROR_STACK, p_rollback IN BOOLEAN DEFAULT FALSE) IS
  BEGIN
    IF p_rollback THEN
      ROLLBACK;
    END IF;
    INSERT INTO errs VALUES (SUBSTRB(p_msg, 1, 30));
  END log;
END err;
/
CREATE OR REPLACE PROCEDURE app.divide(p IN NUMBER) IS
  r NUMBER;
BEGIN
  r := 1 / p;
EXCEPTION
  WHEN ZERO_DIVIDE THEN
    err.log;
END;
/
"""


def test_a_logger_reading_the_error_in_its_defaults_may_roll_back(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """err.log reads the handled error in its parameter's DEFAULT, evaluated at the call, before its body may
    ROLLBACK: the calling handler publishes its error for it (it stayed AM-PLSQL-122 because of the ROLLBACK). (A
    built-in error's text is PostgreSQL's, as SQLERRM's is everywhere in the converted code.)"""
    with deployed(pg_server, tmp_path, ENTRY_READER) as (result, report, url):
        assert_clean(report, {"divide"})
        assert "AM-PLSQL-122" not in {f.rule_id for o in result.objects for f in o.findings}
        with connect(url) as conn:
            conn.execute("CALL app.divide(0)")
            assert conn.rows("SELECT msg FROM app.errs") == [("division by zero",)]


NO_ROWS = """
CREATE TABLE app.teachers (id NUMBER PRIMARY KEY, max_hours NUMBER);
CREATE TABLE app.notes2 (msg VARCHAR2(60));
CREATE OR REPLACE PROCEDURE app.set_max(p_id IN NUMBER, p_max IN NUMBER) AS
  bad_hours EXCEPTION;
  no_teacher EXCEPTION;
BEGIN
  IF p_max < 0 THEN
    RAISE bad_hours;
  END IF;
  EXECUTE IMMEDIATE 'UPDATE teachers SET max_hours = :m WHERE id = :t' USING p_max, p_id;
  IF SQL%ROWCOUNT = 0 THEN
    RAISE no_teacher;
  END IF;
  INSERT INTO notes2 VALUES ('set ' || p_id);
EXCEPTION
  WHEN bad_hours THEN
    INSERT INTO notes2 VALUES ('bad hours');
  WHEN no_teacher THEN
    INSERT INTO notes2 VALUES ('no teacher ' || p_id);
  WHEN OTHERS THEN
    RAISE;
END;
/
"""


def test_an_error_raised_when_the_update_changed_no_row(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """UPDATE ...; IF SQL%ROWCOUNT = 0 THEN RAISE no_teacher: the handler runs only when the UPDATE changed no row,
    so nothing the block changed is undone by PostgreSQL's rollback of it (it was AM-PLSQL-027)."""
    rows = "INSERT INTO app.teachers VALUES (1, 10)"
    with deployed(pg_server, tmp_path, NO_ROWS, rows) as (_result, report, url):
        assert_clean(report, {"set_max"})
        with connect(url) as conn:
            conn.execute("CALL app.set_max(1, 20)")
            conn.execute("CALL app.set_max(2, 20)")
            conn.execute("CALL app.set_max(1, -1)")
            assert conn.rows("SELECT msg FROM app.notes2") == [("set 1",), ("no teacher 2",), ("bad hours",)]
            assert conn.rows("SELECT max_hours FROM app.teachers") == [(20,)]


ROLLBACK_FIRST = """
CREATE TABLE app.errs2 (msg VARCHAR2(100));
CREATE OR REPLACE PROCEDURE app.log_it(p_msg IN VARCHAR2, p_rollback IN BOOLEAN DEFAULT FALSE) IS
BEGIN
  IF p_rollback THEN
    ROLLBACK;
  END IF;
  INSERT INTO errs2 VALUES (p_msg);
EXCEPTION
  WHEN OTHERS THEN
    raise_application_error(-20002, 'log_it: ' || SQLERRM);
END;
/
CREATE OR REPLACE PROCEDURE app.work IS
BEGIN
  INSERT INTO errs2 VALUES ('pending');
  log_it('undone', TRUE);
END;
/
"""


def test_a_rollback_opening_a_block_with_handlers(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`IF p_rollback THEN ROLLBACK; END IF;` first in a block with an EXCEPTION section (an error logger): nothing
    before it can raise, so it runs before the block, where PostgreSQL allows a ROLLBACK (it was AM-PLSQL-005)."""
    with deployed(pg_server, tmp_path, ROLLBACK_FIRST) as (_result, report, url):
        assert_clean(report, {"log_it", "work"})
        with connect(url) as conn:
            conn.execute("CALL app.log_it('kept')")
            conn.execute("CALL app.work()")
            assert conn.rows("SELECT msg FROM app.errs2 ORDER BY msg") == [("kept",), ("undone",)]


OVERLOADS = """
CREATE TABLE app.logged (msg VARCHAR2(100));
CREATE OR REPLACE PACKAGE app.errlog AS
  PROCEDURE informa(p_programa IN VARCHAR2, p_mensaje IN VARCHAR2 DEFAULT 'none', p_rollback IN BOOLEAN DEFAULT FALSE,
                    p_raise IN BOOLEAN);
  PROCEDURE informa(p_programa IN VARCHAR2, p_mensaje IN VARCHAR2 DEFAULT 'none');
END;
/
CREATE OR REPLACE PACKAGE BODY app.errlog AS
  PROCEDURE informa(p_programa IN VARCHAR2, p_mensaje IN VARCHAR2 DEFAULT 'none', p_rollback IN BOOLEAN DEFAULT FALSE,
                    p_raise IN BOOLEAN) IS
  BEGIN
    INSERT INTO logged VALUES (p_programa || ': ' || p_mensaje || ' (4)');
  END informa;
  PROCEDURE informa(p_programa IN VARCHAR2, p_mensaje IN VARCHAR2 DEFAULT 'none') IS
  BEGIN
    INSERT INTO logged VALUES (p_programa || ': ' || p_mensaje || ' (2)');
  END informa;
END errlog;
/
CREATE OR REPLACE PROCEDURE app.caller IS
BEGIN
  errlog.informa(p_programa => 'caller');
END;
/
CREATE OR REPLACE PROCEDURE app.raiser IS
BEGIN
  errlog.informa('raiser', 'x', FALSE, TRUE);
END;
/
"""


def test_an_overload_that_would_take_another_ones_calls(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """informa(p_programa, p_mensaje DEFAULT, p_rollback DEFAULT, p_raise): PostgreSQL needs p_raise DEFAULT NULL
    (AM-PLSQL-126), after which a call `informa(p_programa => x)` matches both overloads and PostgreSQL refuses it;
    Oracle's required p_raise tells them apart. That overload stays manual (AM-PLSQL-129); the other deploys, and
    its callers with it (they no longer wait for the name); a caller of the manual one fails the routine check."""
    with deployed(pg_server, tmp_path, OVERLOADS) as (result, report, url):
        flagged = [o for o in result.objects if o.name == "informa" and o.status.name == "MANUAL"]
        assert [f.rule_id for o in flagged for f in o.findings if f.rule_id == "AM-PLSQL-129"] == ["AM-PLSQL-129"]
        assert_clean(report, {"caller"})
        raiser = next(o for o in report.outcomes if o.name == "raiser")
        assert raiser.status is DeployStatus.ERROR and "informa" in (raiser.error or "")
        with connect(url) as conn:
            conn.execute("CALL app.caller()")
            assert conn.rows("SELECT msg FROM app.logged") == [("caller: none (2)",)]


LOCAL_EXCEPTION = """
CREATE TABLE app.subjects (teacher NUMBER, name VARCHAR2(30));
CREATE TABLE app.msgs (msg VARCHAR2(60));
CREATE OR REPLACE PROCEDURE app.drop_subject(p_teacher IN NUMBER, p_name IN VARCHAR2) AS
  n INTEGER;
  no_data EXCEPTION;
BEGIN
  EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM subjects WHERE teacher = :t AND name = :n' INTO n USING p_teacher, p_name;
  IF n = 0 THEN
    RAISE no_data;
  END IF;
  EXECUTE IMMEDIATE 'DELETE FROM subjects WHERE teacher = ' || p_teacher || ' AND name = ''' || p_name || '''';
  INSERT INTO msgs VALUES ('deleted ' || n);
EXCEPTION
  WHEN no_data THEN
    INSERT INTO msgs VALUES ('nothing for ' || p_teacher);
  WHEN OTHERS THEN
    RAISE;
END;
/
"""


def test_a_local_exception_raised_before_any_change(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An exception the procedure declares itself (no EXCEPTION_INIT) is raised only by its own RAISE: none after
    the first change (a DELETE built at run time), so its handler never undoes anything Oracle keeps; a dynamic
    SELECT ... INTO of a literal changes nothing. The block converts as written (it was AM-PLSQL-027)."""
    rows = "INSERT INTO app.subjects VALUES (1, 'math'), (1, 'art')"
    with deployed(pg_server, tmp_path, LOCAL_EXCEPTION, rows) as (result, report, url):
        assert "AM-PLSQL-027" not in {f.rule_id for o in result.objects for f in o.findings}
        drop = next(o for o in report.outcomes if o.name == "drop_subject")
        assert drop.status is DeployStatus.OK, drop.error
        with connect(url) as conn:
            conn.execute("CALL app.drop_subject(1, 'math')")
            conn.execute("CALL app.drop_subject(2, 'math')")
            assert conn.rows("SELECT msg FROM app.msgs") == [("deleted 1",), ("nothing for 2",)]
            assert conn.rows("SELECT name FROM app.subjects") == [("art",)]


RAW_CONCAT = """
CREATE OR REPLACE FUNCTION app.cat(a IN RAW, b IN RAW) RETURN RAW IS
BEGIN
  RETURN UTL_RAW.CONCAT(a, b, UTL_RAW.CAST_TO_RAW('!'));
END;
/
CREATE OR REPLACE FUNCTION app.too_long RETURN VARCHAR2 IS
  r RAW(32767);
BEGIN
  r := UTL_RAW.CAST_TO_RAW(RPAD('a', 20000, 'a'));
  r := UTL_RAW.CONCAT(r, r);
  RETURN 'fits';
EXCEPTION
  WHEN VALUE_ERROR THEN
    RETURN 'value_error';
END;
/
"""


def test_utl_raw_concat(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """UTL_RAW.CONCAT(r1 ... r12): NULL arguments add nothing (its parameters default to NULL), no bytes at all is
    NULL, more than 32767 bytes raises VALUE_ERROR (it was AM-PLSQL-009)."""
    with deployed(pg_server, tmp_path, RAW_CONCAT) as (_result, report, url):
        assert_clean(report, {"cat", "too_long"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.cat('\\x0102', NULL), app.cat(NULL, NULL)") == [(b"\x01\x02!", b"!")]
            assert conn.rows("SELECT app.too_long()") == [("value_error",)]


BARE_PROCEDURE_FUNCTION = """
CREATE TABLE app.ids (id NUMBER);
CREATE OR REPLACE FUNCTION app.next_id RETURN NUMBER IS
  n NUMBER;
BEGIN
  SELECT COUNT(*) + 1 INTO n FROM ids;
  INSERT INTO ids VALUES (n);
  COMMIT;
  RETURN n;
END;
/
CREATE OR REPLACE PROCEDURE app.take_two(p_last OUT NUMBER) IS
  v NUMBER;
BEGIN
  v := next_id;
  p_last := next_id;
END;
/
CREATE OR REPLACE PROCEDURE app.in_expression IS
BEGIN
  IF next_id > 0 THEN
    NULL;
  END IF;
END;
/
"""


def test_a_committing_function_called_without_parentheses(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`v := next_id;` of a function that COMMITs (a procedure with OUT result, AM-PLSQL-062) is CALLed as with
    parentheses; inside an expression it cannot be (AM-PLSQL-061, the routine kept manual)."""
    with deployed(pg_server, tmp_path, BARE_PROCEDURE_FUNCTION) as (result, report, url):
        assert_clean(report, {"next_id", "take_two"})
        manual = next(o for o in result.objects if o.name == "in_expression")
        assert "AM-PLSQL-061" in {f.rule_id for f in manual.findings} and manual.status.name == "MANUAL"
        with connect(url) as conn:
            assert conn.rows("CALL app.take_two(NULL)") == [(2,)]
            assert conn.rows("SELECT id FROM app.ids ORDER BY id") == [(1,), (2,)]


NESTED_FUNCTION_WRITES = """
CREATE OR REPLACE FUNCTION app.count_words(p_text IN VARCHAR2) RETURN NUMBER IS
  pos PLS_INTEGER := 0;
  n   NUMBER(4) := 0;
  c   VARCHAR2(1);
  FUNCTION getc RETURN VARCHAR2 IS
  BEGIN
    pos := pos + 1;
    IF SUBSTR(p_text, pos, 1) = ' ' THEN
      n := n + 0.4;
    END IF;
    RETURN SUBSTR(p_text, pos, 1);
  END;
BEGIN
  LOOP
    c := getc;
    EXIT WHEN c IS NULL;
  END LOOP;
  RETURN n;
END;
/
CREATE OR REPLACE FUNCTION app.first_blank(p_text IN VARCHAR2) RETURN NUMBER IS
  pos PLS_INTEGER := 0;
  FUNCTION getc RETURN VARCHAR2 IS
  BEGIN
    pos := pos + 1;
    RETURN SUBSTR(p_text, pos, 1);
  END;
BEGIN
  WHILE getc <> ' ' LOOP
    NULL;
  END LOOP;
  RETURN pos;
END;
/
"""


def test_nested_functions_that_write_outer_variables(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A nested function assigning outer variables becomes a procedure taking them INOUT with an OUT result:
    `c := getc;` CALLs it (NUMBER(4) keeps rounding each assignment: 0.4 added per blank rounds to 0); called
    inside an expression it has no such form and the routine stays manual (AM-PLSQL-061)."""
    with deployed(pg_server, tmp_path, NESTED_FUNCTION_WRITES) as (result, report, url):
        assert_clean(report, {"count_words"})
        manual = next(o for o in result.objects if o.name == "first_blank")
        assert manual.status.name == "MANUAL" and "AM-PLSQL-061" in {f.rule_id for f in manual.findings}
        with connect(url) as conn:
            assert conn.rows("SELECT app.count_words('a b c')") == [(0,)]


COMMIT_SEQUENCE = """
CREATE SEQUENCE app.ticket_seq START WITH 10;
CREATE TABLE app.tickets (id NUMBER);
CREATE OR REPLACE PROCEDURE app.issue IS
  v NUMBER;
BEGIN
  SELECT ticket_seq.NEXTVAL INTO v FROM dual;
  INSERT INTO tickets VALUES (v);
  COMMIT;
END;
/
"""


def test_a_committing_procedure_reads_its_owners_sequence(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A procedure that ends transactions has no SET search_path (PostgreSQL refuses one there): its owner's
    sequences are named with their schema, as its tables are (nextval('ticket_seq') found none)."""
    with deployed(pg_server, tmp_path, COMMIT_SEQUENCE) as (_result, report, url):
        assert_clean(report, {"issue"})
        with connect(url) as conn:
            conn.execute("CALL app.issue()")
            assert conn.rows("SELECT id FROM app.tickets") == [(10,)]


NESTED_RECORD_FIELDS = """
CREATE TABLE app.flags (yn VARCHAR2(1), n NUMBER);
CREATE OR REPLACE PACKAGE app.lg AS
  TYPE cfg_rec IS RECORD (yn VARCHAR2(1));
  TYPE inp_rec IS RECORD (config_rec cfg_rec, n NUMBER);
  TYPE log_rec IS RECORD (inps inp_rec);
  PROCEDURE ins(p_yn IN VARCHAR2, p_n IN NUMBER);
END;
/
CREATE OR REPLACE PACKAGE BODY app.lg AS
  PROCEDURE ins(p_yn IN VARCHAR2, p_n IN NUMBER) IS
    l_log log_rec;
  BEGIN
    l_log.inps.config_rec.yn := p_yn;
    l_log.inps.n := p_n;
    IF l_log.inps.n > 0 THEN
      INSERT INTO flags VALUES (l_log.inps.config_rec.yn, l_log.inps.n);
    END IF;
  END;
END;
/
"""


def test_fields_of_record_fields(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """l_log.inps.config_rec.yn read in PL/SQL and in SQL: PostgreSQL takes three or more dotted names as a
    reference across databases or schemas; the record field is selected in parentheses, (l_log.inps).n."""
    with deployed(pg_server, tmp_path, NESTED_RECORD_FIELDS) as (_result, report, url):
        assert_clean(report, {"ins"})
        with connect(url) as conn:
            conn.execute("CALL lg.ins('Y', 2)")
            conn.execute("CALL lg.ins('N', 0)")
            assert conn.rows("SELECT yn, n FROM app.flags") == [("Y", 2)]


FLOAT_LITERALS = """
CREATE OR REPLACE FUNCTION app.two_pi RETURN BINARY_DOUBLE IS
  c CONSTANT BINARY_DOUBLE := acos(-1d);
BEGIN
  RETURN c * 2d;
END;
/
CREATE OR REPLACE FUNCTION app.tenth RETURN BINARY_DOUBLE IS
BEGIN
  RETURN 0.1f;
END;
/
"""


def test_binary_double_and_float_literals(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """1d and 0.1f are Oracle's BINARY_DOUBLE / BINARY_FLOAT literals (the package body using them did not parse):
    IEEE 754 values, 0.1f the single-precision 0.1 (0.100000001490116...)."""
    with deployed(pg_server, tmp_path, FLOAT_LITERALS) as (_result, report, url):
        assert_clean(report, {"two_pi", "tenth"})
        with connect(url) as conn:
            [(two_pi, tenth)] = conn.rows("SELECT app.two_pi(), app.tenth()")
            assert abs(two_pi - 6.283185307179586) < 1e-15
            assert tenth == 0.10000000149011612


SELECT_INTO_DATE = """
CREATE TABLE app.stamps2 (id NUMBER, ts TIMESTAMP(6));
CREATE OR REPLACE FUNCTION app.day_of(p_id IN NUMBER) RETURN VARCHAR2 IS
  v DATE;
  n NUMBER;
BEGIN
  SELECT ts, id INTO v, n FROM stamps2 WHERE id = p_id;
  RETURN TO_CHAR(v, 'YYYY-MM-DD HH24:MI:SS') || ' ' || n;
END;
/
"""


def test_a_timestamp_selected_into_a_date_variable(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SELECT ts INTO v_date: Oracle drops the TIMESTAMP's fractional seconds; PL/pgSQL's INTO rounded them
    (23:59:59.6 became the next day). The value is read into a timestamp helper and assigned truncated."""
    rows = "INSERT INTO app.stamps2 VALUES (1, '2024-12-31 23:59:59.6')"
    with deployed(pg_server, tmp_path, SELECT_INTO_DATE, rows) as (_result, report, url):
        assert_clean(report, {"day_of"})
        with connect(url) as conn:
            assert conn.rows("SELECT app.day_of(1)") == [("2024-12-31 23:59:59 1",)]
