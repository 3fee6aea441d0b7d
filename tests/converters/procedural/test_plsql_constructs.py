"""PL/SQL constructs with no one-to-one PL/pgSQL statement, converted exactly and run on the real PostgreSQL: each
case is a small routine with what Oracle returns for it (Oracle Database PL/SQL Language Reference, 19c).

Functions with OUT parameters and a RETURN value (plsql_outfn), UPDATING('col') (plsql_updating), compound triggers
(plsql_compound), FORALL INDICES OF / VALUES OF / SAVE EXCEPTIONS and RETURNING BULK COLLECT (plsql_forall,
plsql_bulk), package initialisation (plsql_init), type bodies (plsql_typebody), handlers narrowed to the statements
that can raise what they catch (plsql_handlers). The one-line conversion cases are in test_plsql_construct_lines.py."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.errors import QueryError
from migrate.model import DeployStatus, ObjectStatus
from tests.conftest import need_part
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.split_name(p_full IN VARCHAR2, p_first OUT VARCHAR2, p_rest IN OUT VARCHAR2)
RETURN NUMBER IS
BEGIN
    p_first := SUBSTR(p_full, 1, INSTR(p_full, ' ') - 1);
    p_rest := p_rest || SUBSTR(p_full, INSTR(p_full, ' ') + 1);
    RETURN LENGTH(p_full);
END;
/
CREATE OR REPLACE FUNCTION hr.no_return(p OUT NUMBER) RETURN NUMBER IS
BEGIN
    p := 1;
END;
/
CREATE OR REPLACE FUNCTION hr.fails(p OUT NUMBER) RETURN NUMBER IS
BEGIN
    p := 1;
    RAISE_APPLICATION_ERROR(-20005, 'no');
    RETURN 2;
END;
/
CREATE OR REPLACE PACKAGE hr.name_pkg AS
    FUNCTION parts(p_full VARCHAR2, p_n OUT NUMBER, p_sep VARCHAR2 DEFAULT ' ') RETURN VARCHAR2;
    FUNCTION describe(p_full VARCHAR2) RETURN VARCHAR2;
END name_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.name_pkg AS
    FUNCTION parts(p_full VARCHAR2, p_n OUT NUMBER, p_sep VARCHAR2 DEFAULT ' ') RETURN VARCHAR2 IS
    BEGIN
        p_n := LENGTH(p_full) - LENGTH(REPLACE(p_full, p_sep)) + 1;
        IF p_n > 2 THEN
            RETURN 'many';
        END IF;
        RETURN 'few';
    END parts;
    FUNCTION describe(p_full VARCHAR2) RETURN VARCHAR2 IS
        v_n NUMBER;
        v_kind VARCHAR2(10);
        v_other VARCHAR2(10);
    BEGIN
        v_kind := parts(p_full, v_n);
        v_other := name_pkg.parts(p_sep => '-', p_n => v_n, p_full => p_full);
        RETURN v_kind || '/' || v_other || ':' || v_n;
    END describe;
END name_pkg;
/
CREATE OR REPLACE FUNCTION hr.use_split(p VARCHAR2) RETURN VARCHAR2 IS
    v_first VARCHAR2(30);
    v_rest VARCHAR2(30) := '>';
    v_len NUMBER;
BEGIN
    v_len := hr.split_name(p, v_first, v_rest);
    RETURN v_first || '|' || v_rest || '|' || v_len;
END;
/
CREATE OR REPLACE FUNCTION hr.len_of(p VARCHAR2) RETURN NUMBER IS
    v_first VARCHAR2(30);
    v_rest VARCHAR2(30);
BEGIN
    RETURN split_name(p, v_first, v_rest);
END;
/
CREATE OR REPLACE FUNCTION hr.valid_name(p VARCHAR2, p_msg OUT VARCHAR2) RETURN BOOLEAN IS
BEGIN
    IF p IS NULL THEN
        p_msg := 'empty';
        RETURN FALSE;
    END IF;
    p_msg := 'ok';
    RETURN TRUE;
END;
/
CREATE OR REPLACE FUNCTION hr.check_name(p VARCHAR2) RETURN VARCHAR2 IS
    v_msg VARCHAR2(30);
BEGIN
    IF NOT valid_name(p, v_msg) THEN
        RETURN 'bad: ' || v_msg;
    END IF;
    RETURN 'good: ' || v_msg;
END;
/
CREATE OR REPLACE FUNCTION hr.keep_on_error RETURN VARCHAR2 IS
    v NUMBER := 7;
    r NUMBER := 8;
BEGIN
    r := fails(v);
    RETURN 'unreached';
EXCEPTION
    WHEN OTHERS THEN RETURN v || ',' || r || ',' || SQLCODE;
END;
/
CREATE TABLE hr.upd_t (id NUMBER PRIMARY KEY, a NUMBER, b NUMBER, log VARCHAR2(100));
CREATE OR REPLACE TRIGGER hr.upd_t_bu BEFORE INSERT OR UPDATE ON hr.upd_t FOR EACH ROW
BEGIN
    :NEW.log := NULL;
    IF UPDATING('A') THEN
        :NEW.log := :NEW.log || 'a';
    END IF;
    IF UPDATING('b') THEN
        :NEW.log := :NEW.log || 'b';
    END IF;
    IF UPDATING('NO_SUCH') THEN
        :NEW.log := :NEW.log || '?';
    END IF;
END;
/
CREATE TABLE hr.upd_log (id NUMBER, what VARCHAR2(20));
CREATE OR REPLACE TRIGGER hr.upd_t_au AFTER UPDATE OF a, b ON hr.upd_t FOR EACH ROW
BEGIN
    INSERT INTO hr.upd_log VALUES (:NEW.id, CASE WHEN UPDATING('B') THEN 'b' ELSE 'not b' END);
END;
/
CREATE OR REPLACE TRIGGER hr.upd_t_as AFTER UPDATE ON hr.upd_t
BEGIN
    IF UPDATING('B') THEN
        INSERT INTO hr.upd_log VALUES (0, 'statement b');
    END IF;
END;
/
CREATE OR REPLACE TRIGGER hr.upd_t_only_a AFTER UPDATE OF a ON hr.upd_t FOR EACH ROW
BEGIN
    IF UPDATING('A') THEN
        INSERT INTO hr.upd_log VALUES (:NEW.id, 'only a');
    END IF;
END;
/
CREATE OR REPLACE FUNCTION hr.bump_b(p NUMBER) RETURN NUMBER IS
BEGIN
    UPDATE hr.upd_t SET b = b + 1 WHERE id = p;
    RETURN 1;
END;
/
CREATE TABLE hr.ct_t (id NUMBER PRIMARY KEY, name VARCHAR2(30));
CREATE TABLE hr.ct_log (seq NUMBER, note VARCHAR2(60));
CREATE SEQUENCE hr.ct_seq;
CREATE OR REPLACE TRIGGER hr.ct_t_trg
FOR INSERT OR UPDATE ON hr.ct_t
COMPOUND TRIGGER
    c_tag CONSTANT VARCHAR2(5) := 'ct:';
    v_count NUMBER;
    BEFORE STATEMENT IS
    BEGIN
        INSERT INTO hr.ct_log VALUES (hr.ct_seq.NEXTVAL, c_tag || 'before ' || CASE WHEN INSERTING THEN 'insert'
                                                                               ELSE 'update' END);
    END BEFORE STATEMENT;
    BEFORE EACH ROW IS
    BEGIN
        :NEW.name := UPPER(:NEW.name);
    END BEFORE EACH ROW;
    AFTER EACH ROW IS
    BEGIN
        INSERT INTO hr.ct_log VALUES (hr.ct_seq.NEXTVAL, c_tag || 'row ' || :NEW.id || ' ' || :NEW.name);
    END AFTER EACH ROW;
    AFTER STATEMENT IS
    BEGIN
        SELECT COUNT(*) INTO v_count FROM hr.ct_t;
        INSERT INTO hr.ct_log VALUES (hr.ct_seq.NEXTVAL, c_tag || 'after, ' || v_count || ' rows');
    END AFTER STATEMENT;
END ct_t_trg;
/
CREATE TABLE hr.bulk_t (id NUMBER PRIMARY KEY, v NUMBER NOT NULL);
CREATE OR REPLACE FUNCTION hr.bulk_save RETURN VARCHAR2 IS
    TYPE t_n IS TABLE OF NUMBER;
    v_ids t_n := t_n(1, 2, 2, 3, 4);
    v_vals t_n := t_n(10, 20, 30, NULL, 40);
    v_out VARCHAR2(200);
    e_bulk EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_bulk, -24381);
BEGIN
    BEGIN
        FORALL i IN 1 .. v_ids.COUNT SAVE EXCEPTIONS
            INSERT INTO hr.bulk_t (id, v) VALUES (v_ids(i), v_vals(i));
    EXCEPTION
        WHEN e_bulk THEN
            v_out := SQL%BULK_EXCEPTIONS.COUNT || ' failed (' || SQLCODE || '):';
            FOR j IN 1 .. SQL%BULK_EXCEPTIONS.COUNT LOOP
                v_out := v_out || ' ' || SQL%BULK_EXCEPTIONS(j).ERROR_INDEX || '/'
                         || SQL%BULK_EXCEPTIONS(j).ERROR_CODE;
            END LOOP;
    END;
    SELECT v_out || ' kept ' || COUNT(*) INTO v_out FROM hr.bulk_t;
    RETURN v_out;
END;
/
CREATE OR REPLACE PROCEDURE hr.bulk_propagate IS
    TYPE t_n IS TABLE OF NUMBER;
    v_ids t_n := t_n(7, 7);
BEGIN
    FORALL i IN INDICES OF v_ids SAVE EXCEPTIONS
        INSERT INTO hr.bulk_t (id, v) VALUES (v_ids(i), 1);
END;
/
CREATE OR REPLACE FUNCTION hr.bulk_counts RETURN VARCHAR2 IS
    TYPE t_n IS TABLE OF NUMBER;
    v_depts t_n := t_n(10, 20, 30, 10);
    v_pick t_n := t_n(4, 2);
    v_out VARCHAR2(200);
BEGIN
    FORALL i IN INDICES OF v_depts BETWEEN 2 AND 4
        UPDATE hr.emp SET salary = salary WHERE dept = v_depts(i);
    v_out := SQL%ROWCOUNT || ':' || SQL%BULK_ROWCOUNT(2) || ',' || SQL%BULK_ROWCOUNT(3) || ','
             || SQL%BULK_ROWCOUNT(4);
    FORALL i IN VALUES OF v_pick
        DELETE FROM hr.emp_copy WHERE id = v_depts(i);
    FORALL i IN VALUES OF v_pick
        UPDATE hr.emp SET salary = salary WHERE dept = v_depts(i);
    RETURN v_out || ' ' || SQL%ROWCOUNT;
END;
/
CREATE OR REPLACE FUNCTION hr.bump_dept(p_dept NUMBER) RETURN VARCHAR2 IS
    TYPE t_n IS TABLE OF NUMBER;
    v_ids t_n;
    v_sal t_n;
    v_sum NUMBER := 0;
BEGIN
    UPDATE hr.emp SET salary = NVL(salary, 0) + 1 WHERE dept = p_dept
    RETURNING id, salary BULK COLLECT INTO v_ids, v_sal;
    FOR i IN 1 .. v_ids.COUNT LOOP
        v_sum := v_sum + v_ids(i) * 10 + CASE WHEN v_sal(i) > 0 THEN 1 ELSE 0 END;
    END LOOP;
    RETURN v_ids.COUNT || ':' || SQL%ROWCOUNT || ':' || v_sum;
END;
/
CREATE OR REPLACE PACKAGE hr.cfg AS
    g_rate NUMBER := 1;
    c_name CONSTANT VARCHAR2(10) := 'cfg';
    FUNCTION rate RETURN NUMBER;
END cfg;
/
CREATE OR REPLACE PACKAGE BODY hr.cfg AS
    g_loads NUMBER := 0;
    FUNCTION rate RETURN NUMBER IS
    BEGIN
        RETURN g_rate * 10 + g_loads;
    EXCEPTION
        WHEN OTHERS THEN RETURN -1;
    END rate;
BEGIN
    g_loads := g_loads + 1;
    g_rate := g_rate + 1;
    DBMS_OUTPUT.PUT_LINE('cfg loaded');
END cfg;
/

CREATE OR REPLACE TYPE hr.money_t AS OBJECT (
    amount NUMBER,
    currency VARCHAR2(3),
    MEMBER FUNCTION show(p_sep VARCHAR2 DEFAULT ' ') RETURN VARCHAR2,
    MEMBER PROCEDURE add_to(p NUMBER),
    STATIC FUNCTION zero(p_cur VARCHAR2) RETURN money_t,
    CONSTRUCTOR FUNCTION money_t(p_amount NUMBER) RETURN SELF AS RESULT
);
/
CREATE OR REPLACE TYPE BODY hr.money_t AS
    MEMBER FUNCTION show(p_sep VARCHAR2 DEFAULT ' ') RETURN VARCHAR2 IS
    BEGIN
        RETURN amount || p_sep || SELF.currency;
    END show;
    MEMBER PROCEDURE add_to(p NUMBER) IS
    BEGIN
        amount := amount + p;
    END add_to;
    STATIC FUNCTION zero(p_cur VARCHAR2) RETURN money_t IS
    BEGIN
        RETURN money_t(0, p_cur);
    END zero;
    CONSTRUCTOR FUNCTION money_t(p_amount NUMBER) RETURN SELF AS RESULT IS
    BEGIN
        SELF.amount := p_amount;
        currency := 'EUR';
        RETURN;
    END;
END;
/
CREATE OR REPLACE FUNCTION hr.use_money RETURN VARCHAR2 IS
    m hr.money_t := money_t(5);
    z money_t;
BEGIN
    m.add_to(2);
    z := money_t.zero('USD');
    RETURN m.show('-') || '/' || z.show || '/' || m.amount;
END;
/
CREATE OR REPLACE PACKAGE hr.cnt AS
    g_calls NUMBER := 0;
    FUNCTION name_of(p NUMBER) RETURN VARCHAR2;
END cnt;
/
CREATE OR REPLACE PACKAGE BODY hr.cnt AS
    FUNCTION name_of(p NUMBER) RETURN VARCHAR2 IS
        v VARCHAR2(30);
    BEGIN
        g_calls := g_calls + 1;
        SELECT name INTO v FROM hr.emp WHERE id = p;
        RETURN v;
    EXCEPTION
        WHEN NO_DATA_FOUND THEN
            RETURN 'none ' || g_calls;
    END name_of;
END cnt;
/
CREATE OR REPLACE PACKAGE hr.st AS
    g_n NUMBER := -1;
    g_name VARCHAR2(30);
    FUNCTION load(p NUMBER) RETURN VARCHAR2;
END st;
/
CREATE OR REPLACE PACKAGE BODY hr.st AS
    CURSOR c IS SELECT name FROM hr.emp WHERE dept = 99;
    FUNCTION load(p NUMBER) RETURN VARCHAR2 IS
    BEGIN
        SELECT COUNT(*), MAX(name) INTO g_n, g_name FROM hr.emp WHERE dept = p;
        OPEN c;
        FETCH c INTO st.g_name;
        CLOSE c;
        RETURN g_n || ' ' || g_name;
    END load;
END st;
/
CREATE TABLE hr.ct2_t (id NUMBER PRIMARY KEY, amount NUMBER);
CREATE OR REPLACE TRIGGER hr.ct2_trg
FOR INSERT OR UPDATE OF amount ON hr.ct2_t
COMPOUND TRIGGER
    TYPE t_ids IS TABLE OF NUMBER;
    g_ids t_ids := t_ids();
    g_total NUMBER := 0;
    BEFORE EACH ROW IS
    BEGIN
        g_total := g_total + NVL(:NEW.amount, 0);
    END BEFORE EACH ROW;
    AFTER EACH ROW IS
    BEGIN
        g_ids.EXTEND;
        g_ids(g_ids.LAST) := :NEW.id;
    END AFTER EACH ROW;
    AFTER STATEMENT IS
        v_list VARCHAR2(100);
    BEGIN
        FOR i IN 1 .. g_ids.COUNT LOOP
            v_list := v_list || g_ids(i) || ';';
        END LOOP;
        INSERT INTO hr.ct_log VALUES (hr.ct_seq.NEXTVAL, g_ids.COUNT || ' rows, total ' || g_total || ': ' || v_list);
    END AFTER STATEMENT;
END ct2_trg;
/
CREATE OR REPLACE TYPE hr.pt AS OBJECT (x NUMBER, MAP MEMBER FUNCTION m RETURN NUMBER);
/
CREATE OR REPLACE TYPE BODY hr.pt AS
    MAP MEMBER FUNCTION m RETURN NUMBER IS BEGIN RETURN x; END;
END;
/
"""

ROWS = (
    "INSERT INTO hr.emp (id, name, salary, dept) VALUES (1, 'ann', 500, 10), (2, 'bob', NULL, 10);"
    "INSERT INTO hr.upd_t (id, a, b) VALUES (1, 1, 1), (2, 2, 2)"
)


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory, tables):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("plsql_constructs"), tables + CODE, ROWS)
    yield result, report, url
    _dropper.names.put(url.database)


def test_every_unit_converts_deploys_and_passes_plpgsql_check(target) -> None:
    result, report, _ = target
    kinds = ("function", "procedure", "trigger", "package", "package_body", "type_body")
    code = [o for o in result.objects if o.kind in kinds and o.name != "pt_body"]  # MAP: below
    assert [(o.qualified_name, [f.rule_id for f in o.findings]) for o in code if o.status is ObjectStatus.MANUAL] == []
    failed = {f"{o.schema}.{o.name}": o.error for o in report.outcomes if o.status is not DeployStatus.OK}
    assert failed == {"hr.pt_body": "manual object: finish it by hand (see its action item)"}
    need_part("plpgsql_check", report.routine_check.startswith("plpgsql_check"))
    assert [n.message for o in report.outcomes for n in o.notes if n.severity.value != "info"] == []


CALLS = [
    # (what Oracle does, SQL, rows Oracle gives)
    ("OUT, IN OUT and the RETURN value all come back to a PL/SQL caller", "SELECT hr.use_split('ann lee')",
     [("ann|>lee|7",)]),
    ("application code reads the OUT parameters and the result as one row",
     "SELECT p_first, p_rest, result FROM hr.split_name('bo may', '<')", [("bo", "<may", 6)]),
    ("a package function with OUT, positional and named notation, DEFAULT", "SELECT name_pkg.describe('a-b c-d')",
     [("few/many:3",)]),
    ("RETURN of a call to it", "SELECT hr.len_of('ab cd')", [(5,)]),
    ("IF NOT f(a, msg) THEN: the call runs first, its OUT argument is set", "SELECT hr.check_name(NULL), "
     "hr.check_name('x')", [("bad: empty", "good: ok")]),
    ("an error in the function leaves the caller's OUT variable and target unchanged",
     "SELECT hr.keep_on_error()", [("7,8,-20005",)]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), CALLS, ids=[c[0] for c in CALLS])
def test_routine_behaves_as_oracle(target, what: str, sql: str, expected: list[tuple]) -> None:
    with connect(target[2]) as conn:
        assert [tuple(r) for r in conn.rows(sql)] == expected


UPDATES = [
    # (what Oracle does, UPDATE, the log the BEFORE trigger writes on row 1, what the AFTER UPDATE OF a, b logs)
    ("UPDATING('A') when the SET list names a, though its value does not change", "SET a = a", "a",
     [(1, "not b"), (1, "only a")]),
    ("UPDATING('b') only", "SET b = 5", "b", [(1, "b"), (0, "statement b")]),
    ("both columns", "SET b = 1, a = 2", "ab", [(1, "b"), (1, "only a"), (0, "statement b")]),
    ("neither column", "SET log = 'x'", None, []),
]  # fmt: skip


@pytest.mark.parametrize(("what", "update", "log", "logged"), UPDATES, ids=[c[0] for c in UPDATES])
def test_updating_column_is_true_when_the_update_names_it(target, what: str, update: str, log, logged) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        conn.execute(f"UPDATE hr.upd_t {update} WHERE id = 1")
        assert conn.scalar("SELECT log FROM hr.upd_t WHERE id = 1") == log
        assert conn.rows("SELECT id, what FROM hr.upd_log ORDER BY what") == logged
        raise Undo


def test_updating_column_is_false_when_inserting(target) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        conn.execute("INSERT INTO hr.upd_t (id, a, b) VALUES (3, 3, 3)")
        assert conn.scalar("SELECT log FROM hr.upd_t WHERE id = 3") is None
        raise Undo


def test_an_update_run_inside_the_statement_has_a_frame_of_its_own(target) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        conn.execute("UPDATE hr.upd_t SET a = hr.bump_b(2) WHERE id = 1")  # row 2 updated by b, row 1 by a
        assert conn.rows("SELECT id, log FROM hr.upd_t ORDER BY id") == [(1, "a"), (2, "b")]
        conn.execute("UPDATE hr.upd_t SET log = 'x'")
        assert conn.rows("SELECT id, log FROM hr.upd_t ORDER BY id") == [(1, None), (2, None)]
        raise Undo


def test_a_compound_trigger_fires_each_timing_point_in_order(target) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        conn.execute("INSERT INTO hr.ct_t (id, name) SELECT n, 'n' || n FROM generate_series(1, 2) n")
        conn.execute("UPDATE hr.ct_t SET name = 'x' WHERE id = 2")
        assert [r[0] for r in conn.rows("SELECT note FROM hr.ct_log ORDER BY seq")] == [
            "ct:before insert", "ct:row 1 N1", "ct:row 2 N2", "ct:after, 2 rows",
            "ct:before update", "ct:row 2 X", "ct:after, 2 rows"]  # fmt: skip
        raise Undo


BULK = [
    # (what Oracle does, SQL, rows Oracle gives)
    ("SAVE EXCEPTIONS: failed executions are listed by iteration and Oracle code, the others are kept",
     "SELECT hr.bulk_save()", [("2 failed (-24381): 3/1 4/1400 kept 3",)]),
    ("INDICES OF ... BETWEEN, VALUES OF, SQL%ROWCOUNT totals, SQL%BULK_ROWCOUNT per index",
     "SELECT hr.bulk_counts()", [("2:0,0,2 2",)]),
    ("UPDATE ... RETURNING BULK COLLECT INTO", "SELECT hr.bump_dept(10)", [("2:2:32",)]),
    ("RETURNING BULK COLLECT of no row: empty collections", "SELECT hr.bump_dept(99)", [("0:0:0",)]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), BULK, ids=[c[0] for c in BULK])
def test_bulk_dml_behaves_as_oracle(target, what: str, sql: str, expected: list[tuple]) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        assert [tuple(r) for r in conn.rows(sql)] == expected
        raise Undo


def test_save_exceptions_without_a_handler_raises_ora_24381(target) -> None:
    with connect(target[2]) as conn, pytest.raises(QueryError, match="ORA-24381"):
        conn.execute("CALL hr.bulk_propagate()")


INIT = [
    # (what Oracle does, the first use of the package in a session, what it gives)
    ("calling a routine runs the section first, once", "SELECT cfg.rate(), cfg.rate()", (21, 21)),
    ("reading a variable runs it first", "SELECT cfg.g_rate()", (2,)),
    ("reading a constant runs it first", "SELECT cfg.c_name(), cfg.g_rate()", ("cfg", 2)),
    ("a write after it wins", "SELECT cfg.set_g_rate(5), cfg.rate()", (5, 51)),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), INIT, ids=[c[0] for c in INIT])
def test_package_initialisation_runs_once_per_session_before_first_use(target, what, sql, expected) -> None:
    with connect(target[2]) as conn:
        notices: list[str] = []
        conn.raw.add_notice_handler(lambda d: notices.append(d.message_primary))
        assert tuple(conn.rows(sql)[0]) == expected
        conn.rows("SELECT cfg.rate()")
        assert notices == ["cfg loaded"]


def test_a_change_before_a_caught_no_data_found_is_kept(target) -> None:
    with connect(target[2]) as conn:  # Oracle keeps the count when the handler catches NO_DATA_FOUND
        assert conn.rows("SELECT cnt.name_of(99), cnt.name_of(1), cnt.name_of(98)") == [("none 1", "ann", "none 3")]


def test_select_and_fetch_into_package_variables(target) -> None:
    with connect(target[2]) as conn:  # the FETCH finds no row: the variable keeps its value
        assert conn.scalar("SELECT st.load(10)") == "2 bob"


def test_object_type_methods_are_routines(target) -> None:
    with connect(target[2]) as conn:  # member function and procedure, static function, user constructor
        assert conn.scalar("SELECT hr.use_money()") == "7-EUR/0 USD/7"


def test_a_map_method_keeps_the_type_body_manual(target) -> None:
    body = next(o for o in target[0].objects if o.name == "pt_body")
    assert (body.status.value, [f.rule_id for f in body.findings]) == ("manual", ["AM-PLSQL-021"])


def test_compound_trigger_state_is_shared_by_the_points_of_one_statement(target) -> None:
    with connect(target[2]) as conn, pytest.raises(Undo), conn.transaction():
        conn.execute("INSERT INTO hr.ct2_t (id, amount) VALUES (1, 10), (2, 20), (3, NULL)")
        conn.execute("UPDATE hr.ct2_t SET amount = amount + 1 WHERE id > 1")
        conn.execute("UPDATE hr.ct2_t SET id = id WHERE id = 1")  # amount not named: the trigger does not fire
        assert [r[0] for r in conn.rows("SELECT note FROM hr.ct_log ORDER BY seq")] == [
            "3 rows, total 30: 1;2;3;", "2 rows, total 21: 2;3;"]  # fmt: skip
        raise Undo


class Undo(Exception):
    """Rolls a test's changes back, so the shared rows stay as the other tests expect."""


def test_a_function_ending_without_return_fails_as_in_oracle(target) -> None:
    with connect(target[2]) as conn, pytest.raises(QueryError, match="without RETURN"):
        conn.rows("SELECT * FROM hr.no_return()")
