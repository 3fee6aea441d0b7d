"""Converted PL/SQL run on the real PostgreSQL: each case is a small routine with what Oracle returns for it.

The routines are converted from one Oracle export file, deployed with the compile gate (check_function_bodies,
plpgsql_check), and called; every one must be converted (not manual), deploy, and pass plpgsql_check."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import DeployStatus, ObjectStatus
from tests.conftest import need_part
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.name_of(p_id IN NUMBER) RETURN VARCHAR2 IS
    v hr.emp.name%TYPE;
BEGIN
    SELECT name INTO v FROM hr.emp WHERE id = p_id;
    RETURN v;
EXCEPTION
    WHEN NO_DATA_FOUND THEN RETURN 'none';
    WHEN TOO_MANY_ROWS THEN RETURN 'many';
END;
/
CREATE OR REPLACE FUNCTION hr.check_salary(p NUMBER) RETURN VARCHAR2 IS
BEGIN
    IF p > 1000 THEN
        RAISE_APPLICATION_ERROR(-20001, 'too much: ' || p);
    END IF;
    RETURN 'ok';
EXCEPTION
    WHEN OTHERS THEN RETURN SQLCODE || '|' || SQLERRM;
END;
/
CREATE OR REPLACE PROCEDURE hr.stats(p_dept IN NUMBER, p_count OUT NUMBER, p_total IN OUT NUMBER) IS
BEGIN
    SELECT COUNT(*), NVL(SUM(salary), 0) + p_total INTO p_count, p_total FROM hr.emp WHERE dept = p_dept;
END;
/
CREATE OR REPLACE PACKAGE hr.counter_pkg AS
    g_count NUMBER := 0;
    c_step CONSTANT NUMBER := 1;
    TYPE t_hist IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
    g_hist t_hist;
    g_last hr.emp%ROWTYPE;
    CURSOR c_dept (p_d NUMBER) IS SELECT id FROM hr.emp WHERE dept = p_d ORDER BY id;
    FUNCTION next_value RETURN NUMBER;
    FUNCTION dept_ids (p NUMBER) RETURN VARCHAR2;
END counter_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.counter_pkg AS
    FUNCTION next_value RETURN NUMBER IS
    BEGIN
        g_count := g_count + c_step;
        g_hist(g_hist.COUNT + 1) := g_count;
        g_last.name := 'call ' || g_count;
        RETURN g_count;
    END next_value;
    FUNCTION dept_ids (p NUMBER) RETURN VARCHAR2 IS
        v VARCHAR2(100);
    BEGIN
        FOR r IN c_dept(p) LOOP
            v := v || r.id;
        END LOOP;
        RETURN v;
    END dept_ids;
END counter_pkg;
/
CREATE OR REPLACE TRIGGER hr.emp_bi BEFORE INSERT OR UPDATE ON hr.emp FOR EACH ROW
BEGIN
    :NEW.name := UPPER(:NEW.name);
    IF INSERTING AND :NEW.salary IS NULL THEN
        :NEW.salary := 100;
    END IF;
END;
/
CREATE OR REPLACE PROCEDURE hr.copy_emps(p_dept NUMBER) IS
    TYPE t_ids IS TABLE OF hr.emp.id%TYPE;
    TYPE t_names IS TABLE OF hr.emp.name%TYPE;
    v_ids t_ids;
    v_names t_names;
BEGIN
    SELECT id, name BULK COLLECT INTO v_ids, v_names FROM hr.emp WHERE dept = p_dept ORDER BY id;
    FORALL i IN 1 .. v_ids.COUNT
        INSERT INTO hr.emp_copy (id, name) VALUES (v_ids(i), v_names(i));
END;
/
CREATE OR REPLACE FUNCTION hr.names_csv(p_dept NUMBER) RETURN VARCHAR2 IS
    CURSOR c (p NUMBER) IS SELECT name FROM hr.emp WHERE dept = p ORDER BY id;
    v VARCHAR2(4000);
BEGIN
    FOR r IN c(p_dept) LOOP
        v := v || CASE WHEN v IS NOT NULL THEN ',' END || r.name;
    END LOOP;
    RETURN v;
END;
/
CREATE OR REPLACE PROCEDURE hr.say(p VARCHAR2) IS
BEGIN
    DBMS_OUTPUT.PUT_LINE('hello ' || p);
    DBMS_OUTPUT.PUT_LINE(NULL);
END;
/
CREATE OR REPLACE FUNCTION hr.count_fetch(p_dept NUMBER) RETURN NUMBER IS
    CURSOR c IS SELECT id FROM hr.emp WHERE dept = p_dept;
    v NUMBER;
BEGIN
    OPEN c;
    LOOP
        FETCH c INTO v;
        EXIT WHEN c%NOTFOUND;
    END LOOP;
    v := c%ROWCOUNT;
    CLOSE c;
    RETURN v;
END;
/
CREATE OR REPLACE FUNCTION hr.fetch_batches(p_batch NUMBER) RETURN VARCHAR2 IS
    CURSOR c IS SELECT id FROM hr.emp ORDER BY id;
    TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
    v_ids t_ids;
    v_out VARCHAR2(200);
BEGIN
    OPEN c;
    LOOP
        FETCH c BULK COLLECT INTO v_ids LIMIT p_batch;
        EXIT WHEN v_ids.COUNT = 0;
        v_out := v_out || '[' || v_ids.COUNT || ']';
    END LOOP;
    CLOSE c;
    RETURN v_out;
END;
/
CREATE OR REPLACE FUNCTION hr.raise_dept(p_dept NUMBER, p_by NUMBER) RETURN NUMBER IS
BEGIN
    UPDATE hr.emp SET salary = salary + p_by WHERE dept = p_dept;
    RETURN SQL%ROWCOUNT;
END;
/
CREATE OR REPLACE FUNCTION hr.count_dyn(p_dept NUMBER) RETURN NUMBER IS
    v NUMBER;
BEGIN
    EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM hr.emp WHERE dept = :d' INTO v USING p_dept;
    RETURN v;
END;
/
CREATE OR REPLACE FUNCTION hr.user_exc(p NUMBER) RETURN VARCHAR2 IS
    e_bad EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_bad, -20099);
    e_plain EXCEPTION;
BEGIN
    IF p < 0 THEN
        RAISE e_bad;
    ELSIF p = 0 THEN
        RAISE e_plain;
    END IF;
    RETURN 'fine';
EXCEPTION
    WHEN e_bad THEN RETURN 'bad ' || SQLCODE;
    WHEN e_plain THEN RETURN 'plain';
END;
/
CREATE OR REPLACE FUNCTION hr.countdown(n PLS_INTEGER) RETURN VARCHAR2 IS
    v VARCHAR2(100);
    i PLS_INTEGER := 0;
BEGIN
    FOR k IN REVERSE 1..n LOOP
        v := v || k;
    END LOOP;
    WHILE i < 2 LOOP
        i := i + 1;
        CASE i
            WHEN 1 THEN v := v || 'a';
            ELSE v := v || 'b';
        END CASE;
    END LOOP;
    RETURN v;
END;
/
CREATE OR REPLACE PACKAGE hr.rec_pkg AS
    TYPE t_emp IS RECORD (id NUMBER, name VARCHAR2(30));
    TYPE t_emps IS TABLE OF t_emp;
    FUNCTION first_two RETURN VARCHAR2;
END rec_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.rec_pkg AS
    FUNCTION first_two RETURN VARCHAR2 IS
        v t_emps := t_emps();
        r t_emp;
    BEGIN
        SELECT id, name BULK COLLECT INTO v FROM hr.emp ORDER BY id;
        r := v(2);
        r.name := LOWER(r.name);
        RETURN v(1).name || ',' || r.name || ',' || v.COUNT;
    END first_two;
END rec_pkg;
/
CREATE OR REPLACE FUNCTION hr.with_helper(p NUMBER) RETURN NUMBER IS
    FUNCTION twice(n NUMBER) RETURN NUMBER IS
    BEGIN
        RETURN n * 2;
    END twice;
BEGIN
    RETURN twice(p) + 1;
END;
/
CREATE OR REPLACE FUNCTION hr.count_unqualified RETURN NUMBER IS
    v NUMBER;
BEGIN
    SELECT COUNT(*) INTO v FROM emp;
    RETURN v;
END;
/
CREATE OR REPLACE FUNCTION hr.norm(p VARCHAR2) RETURN VARCHAR2 DETERMINISTIC IS
BEGIN
    RETURN UPPER(TRIM(p));
END;
/
CREATE INDEX hr.emp_norm_ix ON hr.emp (hr.norm(name));
CREATE OR REPLACE VIEW hr.dept_ids_v AS SELECT DISTINCT dept, counter_pkg.dept_ids(dept) AS ids FROM hr.emp;
CREATE OR REPLACE PROCEDURE hr.batch_note(p VARCHAR2) IS
BEGIN
    INSERT INTO hr.audit_t (id, note, created) VALUES (2, p, SYSDATE);
    COMMIT;
EXCEPTION
    WHEN OTHERS THEN
        ROLLBACK;
        RAISE;
END;
/
CREATE OR REPLACE PROCEDURE hr.copy_row(p_id NUMBER) IS
    r hr.emp%ROWTYPE;
    CURSOR c IS SELECT * FROM hr.emp WHERE id = p_id FOR UPDATE;
BEGIN
    SELECT * INTO r FROM hr.emp WHERE id = p_id;
    r.id := r.id + 100;
    INSERT INTO hr.emp VALUES r;
    OPEN c;
    FETCH c INTO r;
    UPDATE hr.emp SET name = name || '!' WHERE CURRENT OF c;
    CLOSE c;
    r.id := p_id + 100;
    r.salary := 701;
    UPDATE hr.emp SET ROW = r WHERE id = p_id + 100;
END;
/
CREATE OR REPLACE PROCEDURE hr.log_commit(p VARCHAR2) IS
BEGIN
    INSERT INTO hr.audit_t (id, note, created) VALUES (1, p, SYSDATE);
    COMMIT;
END;
/
"""

ROWS = (
    "INSERT INTO hr.emp (id, name, salary, dept) VALUES (1, 'ann', 500, 10), (2, 'bob', NULL, 10), (3, 'cy', 700, 20)"
)


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory, tables):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("plsql"), tables + CODE, ROWS)
    yield result, report, url
    _dropper.names.put(url.database)


def test_every_routine_converts_deploys_and_passes_plpgsql_check(target) -> None:
    result, report, _ = target
    code = [o for o in result.objects if o.kind in ("function", "procedure", "trigger", "package", "package_body")]
    assert [o.qualified_name for o in code if o.status is ObjectStatus.MANUAL] == []
    assert {f"{o.schema}.{o.name}": o.error for o in report.outcomes if o.status is not DeployStatus.OK} == {}
    need_part("plpgsql_check", report.routine_check.startswith("plpgsql_check"))
    assert [n.message for o in report.outcomes for n in o.notes if n.severity.value != "info"] == []


CALLS = [
    # (what Oracle does, SQL, rows Oracle gives)
    ("SELECT INTO finds the row", "SELECT hr.name_of(1)", [("ANN",)]),
    ("NO_DATA_FOUND is caught", "SELECT hr.name_of(99)", [("none",)]),
    ("RAISE_APPLICATION_ERROR keeps code and message", "SELECT hr.check_salary(2000)",
     [("-20001|ORA-20001: too much: 2000",)]),
    ("OUT and IN OUT parameters come back", "CALL hr.stats(10, NULL, 5)", [(2, 605)]),
    ("the trigger set :NEW columns", "SELECT name, salary FROM hr.emp WHERE id = 2", [("BOB", 100)]),
    ("cursor FOR loop sees the rows in order", "SELECT hr.names_csv(10)", [("ANN,BOB",)]),
    ("explicit cursor %NOTFOUND / %ROWCOUNT", "SELECT hr.count_fetch(10)", [(2,)]),
    ("BULK COLLECT ... LIMIT fetches in batches", "SELECT hr.fetch_batches(2)", [("[2][1]",)]),
    ("SQL%ROWCOUNT after UPDATE", "SELECT hr.raise_dept(20, 0)", [(1,)]),
    ("EXECUTE IMMEDIATE INTO USING", "SELECT hr.count_dyn(10)", [(2,)]),
    ("user exception with EXCEPTION_INIT", "SELECT hr.user_exc(-1)", [("bad -20099",)]),
    ("user exception without EXCEPTION_INIT", "SELECT hr.user_exc(0)", [("plain",)]),
    ("RECORD types and collections of records", "SELECT rec_pkg.first_two()", [("ANN,bob,3",)]),
    ("unqualified names are the owner's, whatever the caller's search_path",
     "SELECT hr.count_unqualified() FROM (SELECT set_config('search_path', 'public', false)) s", [(3,)]),
    ("a package cursor looped over in a routine", "SELECT counter_pkg.dept_ids(10)", [("12",)]),
    ("a nested function", "SELECT hr.with_helper(5)", [(11,)]),
    ("FOR REVERSE, WHILE, CASE statement", "SELECT hr.countdown(3)", [("321ab",)]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), CALLS, ids=[c[0] for c in CALLS])
def test_routine_behaves_as_oracle(target, what: str, sql: str, expected: list[tuple]) -> None:
    with connect(target[2]) as conn:
        assert [tuple(r) for r in conn.rows(sql)] == expected


def test_a_view_calling_a_package_function_deploys_after_it(target) -> None:
    result, _, url = target
    view = next(o for o in result.objects if o.kind == "view")
    assert "counter_pkg.dept_ids" in view.depends_on and view.status is ObjectStatus.CONVERTED
    with connect(url) as conn:
        assert conn.rows("SELECT dept, ids FROM hr.dept_ids_v ORDER BY dept") == [(10, "12"), (20, "3")]


def test_package_variable_lives_per_session(target) -> None:
    with connect(target[2]) as first:
        assert [first.scalar("SELECT counter_pkg.next_value()") for _ in range(3)] == [1, 2, 3]
        assert first.scalar("SELECT counter_pkg.g_hist()") == [1, 2, 3]
        assert first.scalar("SELECT (counter_pkg.g_last()).name") == "call 3"
    with connect(target[2]) as second:
        assert second.scalar("SELECT counter_pkg.next_value()") == 1


def test_bulk_collect_and_forall_move_the_same_rows(target) -> None:
    with connect(target[2]) as conn:
        conn.execute("CALL hr.copy_emps(10)")
        assert conn.rows("SELECT id, name FROM hr.emp_copy ORDER BY id") == conn.rows(
            "SELECT id, name FROM hr.emp WHERE dept = 10 ORDER BY id"
        )


def test_dbms_output_lines_are_notices(target) -> None:
    with connect(target[2]) as conn:
        notices: list[str] = []
        conn.raw.add_notice_handler(lambda d: notices.append(d.message_primary))
        conn.execute("CALL hr.say('x')")
        assert notices == ["hello x", ""]


def test_commit_in_a_procedure(target) -> None:
    with connect(target[2]) as conn:
        conn.execute("CALL hr.log_commit('kept')")
        conn.execute("CALL hr.batch_note('batch')")
        assert conn.rows("SELECT note FROM hr.audit_t ORDER BY id") == [("kept",), ("batch",)]


class Undo(Exception):
    """Rolls a test's changes back, so the shared rows stay as the other tests expect."""


def test_record_insert_update_set_row_and_where_current_of(target) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        conn.execute("CALL hr.copy_row(3)")
        assert conn.rows("SELECT id, name, salary FROM hr.emp WHERE id IN (3, 103) ORDER BY id") == [
            (3, "CY!", 700), (103, "CY", 701)]  # fmt: skip
        raise Undo
