"""Oracle's statement-level rollback in a block whose handler completes after the block changed rows (plsql_atomic).

Oracle (PL/SQL Language Reference, "Exception Propagation" / "Statement-Level Atomicity"): when a statement raises,
the database rolls back that statement's own changes only; the changes of the statements that ran before it in
the block stay, and the handler runs. Each routine below runs on the real PostgreSQL and the rows it leaves are
compared with that documented result.
"""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.errors import QueryError
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.log_t (id NUMBER, note VARCHAR2(400));
CREATE TABLE hr.acct (id NUMBER PRIMARY KEY, balance NUMBER);

-- insert-then-select: the SELECT finds nothing; Oracle keeps the log row, the handler logs the error
CREATE OR REPLACE PROCEDURE hr.log_then_lookup(p_id NUMBER) IS
    v NUMBER;
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'looking');
    SELECT balance INTO v FROM hr.acct WHERE id = p_id;
    UPDATE hr.acct SET balance = balance + 1 WHERE id = p_id;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, SQLERRM);
    WHEN OTHERS THEN
        INSERT INTO hr.log_t VALUES (-1, 'others: ' || SQLERRM);
END;
/
-- the failing UPDATE changes two rows before the duplicate: its own changes go, the first INSERT stays
CREATE OR REPLACE PROCEDURE hr.dup_update(p_id NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'before');
    UPDATE hr.acct SET id = p_id WHERE id IN (1, 2);
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'dup');
END;
/
-- an application error raised in an IF after a change; OTHERS sees -20001 and Oracle's message
CREATE OR REPLACE PROCEDURE hr.app_error(p_amount NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (p_amount, 'asked');
    IF p_amount > 100 THEN
        INSERT INTO hr.log_t VALUES (p_amount, 'large');
        RAISE_APPLICATION_ERROR(-20001, 'too much: ' || p_amount);
    END IF;
    INSERT INTO hr.log_t VALUES (p_amount, 'done');
EXCEPTION
    WHEN OTHERS THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, SQLERRM);
END;
/
-- in a loop: each turn's first change stays when its second statement fails
CREATE OR REPLACE PROCEDURE hr.each_turn(p_n NUMBER) IS
BEGIN
    FOR i IN 1 .. p_n LOOP
        BEGIN
            INSERT INTO hr.log_t VALUES (i, 'turn');
            INSERT INTO hr.acct VALUES (MOD(i, 2), i);
        EXCEPTION
            WHEN DUP_VAL_ON_INDEX THEN
                INSERT INTO hr.log_t VALUES (i, 'dup ' || SQLCODE);
        END;
    END LOOP;
END;
/
-- RETURN inside the protected part returns; a WHILE loop and EXIT inside it
CREATE OR REPLACE FUNCTION hr.count_up(p_limit NUMBER) RETURN NUMBER IS
    v_n NUMBER := 0;
BEGIN
    WHILE v_n < 10 LOOP
        v_n := v_n + 1;
        INSERT INTO hr.log_t VALUES (v_n, 'up');
        EXIT WHEN v_n >= p_limit;
        IF v_n = 3 THEN
            RETURN 100 / (v_n - 3);
        END IF;
    END LOOP;
    RETURN v_n;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'zero');
        RETURN -v_n;
END;
/
-- a handler that logs and re-raises (another one completes): the log row and the first change stay until the
-- caller decides
CREATE OR REPLACE PROCEDURE hr.log_and_reraise(p_id NUMBER) IS
    v NUMBER;
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'first');
    SELECT balance INTO v FROM hr.acct WHERE id = p_id;
EXCEPTION
    WHEN TOO_MANY_ROWS THEN
        NULL;
    WHEN NO_DATA_FOUND THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'logged');
        RAISE;
END;
/
-- CASE with no ELSE: CASE_NOT_FOUND after the change
CREATE OR REPLACE PROCEDURE hr.pick(p_kind VARCHAR2) IS
BEGIN
    INSERT INTO hr.log_t VALUES (0, 'pick ' || p_kind);
    CASE p_kind
        WHEN 'a' THEN INSERT INTO hr.log_t VALUES (1, 'a');
        WHEN 'b' THEN INSERT INTO hr.log_t VALUES (2, 'b');
    END CASE;
EXCEPTION
    WHEN CASE_NOT_FOUND THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'no case');
END;
/
-- log-then-fail through a logging procedure whose only change is its INSERT: when it fails it changed nothing
CREATE OR REPLACE PACKAGE hr.log_pkg IS
    PROCEDURE say(p_id NUMBER, p_note VARCHAR2);
END log_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.log_pkg IS
    PROCEDURE say(p_id NUMBER, p_note VARCHAR2) IS
        v_note VARCHAR2(400) := 'said: ' || p_note;
    BEGIN
        DBMS_OUTPUT.PUT_LINE(v_note);
        INSERT INTO hr.log_t VALUES (p_id, v_note);
    END say;
END log_pkg;
/
CREATE OR REPLACE FUNCTION hr.balance_of(p_id NUMBER) RETURN NUMBER IS
    v NUMBER;
BEGIN
    hr.log_pkg.say(p_id, 'asked');
    SELECT balance INTO v FROM hr.acct WHERE id = p_id;
    RETURN v;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        hr.log_pkg.say(SQLCODE, SQLERRM);
        RETURN NULL;
END;
/
-- a WHILE condition that fails after two turns; a FOR whose bound is NULL
CREATE OR REPLACE PROCEDURE hr.shrink(p_to NUMBER) IS
    v_n NUMBER := 0;
BEGIN
    WHILE 10 / (2 - v_n) > 1 LOOP
        v_n := v_n + 1;
        INSERT INTO hr.log_t VALUES (v_n, 'shrink');
    END LOOP;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        FOR i IN 1 .. p_to LOOP
            INSERT INTO hr.log_t VALUES (i, 'handler');
        END LOOP;
END;
/
-- the handler logs the backtrace: the failing statement's own context, not the re-raise's
CREATE OR REPLACE PROCEDURE hr.log_trace(p_n NUMBER) IS
    v NUMBER;
BEGIN
    INSERT INTO hr.log_t VALUES (p_n, 'start');
    v := 1 / p_n;
EXCEPTION
    WHEN OTHERS THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
END;
/
-- nested loops: a labelled EXIT and CONTINUE of the outer loop, a FOR with computed bounds, a failure deep inside
CREATE OR REPLACE PROCEDURE hr.grid(p_rows NUMBER, p_fail NUMBER) IS
BEGIN
    <<outer>>
    FOR i IN 1 .. p_rows LOOP
        FOR j IN REVERSE 1 .. p_rows - 1 LOOP
            CONTINUE outer WHEN j = 1 AND i = 1;
            INSERT INTO hr.log_t VALUES (i * 10 + j, 'cell');
            EXIT outer WHEN i * 10 + j = 32;
            IF i * 10 + j = p_fail THEN
                UPDATE hr.acct SET id = 2 WHERE id = 1;
            END IF;
        END LOOP;
    END LOOP outer;
    INSERT INTO hr.log_t VALUES (0, 'end');
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        INSERT INTO hr.log_t VALUES (-1, 'dup');
END;
/
"""

ROUTINES = {"log_then_lookup", "dup_update", "app_error", "each_turn", "count_up", "log_and_reraise", "pick",
            "log_trace", "grid", "balance_of", "shrink"}  # fmt: skip


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("atomic"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


@pytest.fixture
def conn(deployed):  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as c:
        c.execute("DELETE FROM hr.log_t; DELETE FROM hr.acct; INSERT INTO hr.acct VALUES (1, 10), (2, 20)")
        yield c


def _log(conn) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [(int(i), note) for i, note in conn.rows("SELECT id, note FROM hr.log_t ORDER BY ctid")]


def test_the_routines_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in ROUTINES:
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
        assert "AM-PLSQL-124" in {f.rule_id for f in objects[name].findings}, name
    assert_clean(report, ROUTINES)


def test_a_failed_select_keeps_the_row_inserted_before_it(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.log_then_lookup(7)")
    # Oracle: the INSERT stays; NO_DATA_FOUND (not OTHERS) handles it: SQLCODE 100, SQLERRM 'ORA-01403: ...'
    rows = _log(conn)
    assert rows[0] == (7, "looking")
    assert rows[1][0] == 100 and len(rows) == 2
    conn.execute("DELETE FROM hr.log_t")
    conn.execute("CALL hr.log_then_lookup(1)")  # found: the UPDATE runs, no handler
    assert _log(conn) == [(1, "looking")]
    assert conn.rows("SELECT balance FROM hr.acct WHERE id = 1") == [(11,)]


def test_the_failing_statement_is_undone_alone(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.dup_update(5)")
    # Oracle: the UPDATE's first row change is undone with it (ORA-00001, SQLCODE -1), the INSERT before it stays
    assert _log(conn) == [(5, "before"), (-1, "dup")]
    assert conn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,), (2,)]


def test_an_application_error_inside_an_if(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.app_error(500)")
    # Oracle: both INSERTs before RAISE_APPLICATION_ERROR stay; OTHERS sees -20001 and 'ORA-20001: too much: 500'
    assert _log(conn) == [(500, "asked"), (500, "large"), (-20001, "ORA-20001: too much: 500")]
    conn.execute("DELETE FROM hr.log_t")
    conn.execute("CALL hr.app_error(5)")
    assert _log(conn) == [(5, "asked"), (5, "done")]


def test_each_loop_turn_keeps_its_earlier_change(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("DELETE FROM hr.acct")
    conn.execute("CALL hr.each_turn(4)")
    # turns 1 and 2 insert keys 1 and 0; turns 3 and 4 hit the duplicates: their 'turn' rows stay (Oracle)
    assert _log(conn) == [(1, "turn"), (2, "turn"), (3, "turn"), (3, "dup -1"), (4, "turn"), (4, "dup -1")]
    assert conn.rows("SELECT id, balance FROM hr.acct ORDER BY id") == [(0, 2), (1, 1)]


def test_return_and_exit_inside_the_protected_part(conn) -> None:  # type: ignore[no-untyped-def]
    assert conn.rows("SELECT hr.count_up(2)") == [(2,)]  # EXIT WHEN leaves the loop, RETURN v_n
    assert _log(conn) == [(1, "up"), (2, "up")]
    conn.execute("DELETE FROM hr.log_t")
    # at 3, RETURN 100 / 0 raises ZERO_DIVIDE (SQLCODE -1476): the three rows stay, the handler returns -3
    assert conn.rows("SELECT hr.count_up(5)") == [(-3,)]
    assert _log(conn) == [(1, "up"), (2, "up"), (3, "up"), (-1476, "zero")]


def test_a_handler_that_reraises_raises_the_same_error(conn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="query returned no rows"):
        conn.execute("CALL hr.log_and_reraise(9)")
    conn.execute("""
        DO $$ BEGIN CALL hr.log_and_reraise(9);
        EXCEPTION WHEN OTHERS THEN INSERT INTO hr.log_t VALUES (0, SQLSTATE || ' ' || SQLERRM); END $$""")  # fmt: skip
    # NO_DATA_FOUND again (SQLSTATE P0002, SQLCODE 100 in the handler that logged it, then RAISE): the same error
    # a SELECT INTO STRICT raises; the caller's own handler (PostgreSQL's) undid the procedure's rows
    assert _log(conn) == [(0, "P0002 query returned no rows")]


def test_case_not_found_after_a_change(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.pick('z')")
    # Oracle: ORA-06592 CASE_NOT_FOUND (SQLCODE -6592); the first INSERT stays
    assert _log(conn) == [(0, "pick z"), (-6592, "no case")]
    conn.execute("DELETE FROM hr.log_t")
    conn.execute("CALL hr.pick('b')")
    assert _log(conn) == [(0, "pick b"), (2, "b")]


def test_what_has_no_statement_form_stays_manual(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A call of a procedure that changes rows twice and has no exact twin (it commits): Oracle keeps what it
    changed before it failed ("If a stored subprogram exits with an unhandled exception, PL/SQL does not roll back
    database changes made by the subprogram"), a sub-block around the call would undo it: the caller waits for the
    manual twin (plsql_twin). A nested block whose handler changes rows and then fails, a query FOR loop whose query
    can fail at a fetch (`name = 5` converts each name to a number) and a COMMIT inside a loop have no one-statement
    form. (A COMMIT among the block's own statements runs between the sub-blocks: test_plsql_round10.)"""
    body = "INSERT INTO hr.audit_t (id) VALUES (1);\n    {0}\n    SELECT id INTO v FROM hr.emp WHERE id = 0;"
    changes = {
        "call": "write_it;",
        "block": "BEGIN UPDATE hr.emp SET name = 'x'; EXCEPTION WHEN OTHERS THEN "
        "INSERT INTO hr.audit_t (id) VALUES (3); UPDATE hr.emp SET name = 'z'; END;",
        "query_loop": "FOR r IN (SELECT id FROM hr.emp WHERE name = 5) LOOP UPDATE hr.emp_copy SET name = 'y'; "
        "END LOOP;",
        "commit": "FOR i IN 1 .. 2 LOOP UPDATE hr.emp_copy SET name = 'w'; COMMIT; END LOOP;",
    }
    code = ("CREATE OR REPLACE PROCEDURE hr.write_it IS BEGIN DELETE FROM hr.emp_copy; "
            "INSERT INTO hr.emp_copy (id) VALUES (1); COMMIT; END;\n/\n")  # fmt: skip
    for name, change in changes.items():
        code += (f"CREATE OR REPLACE PROCEDURE hr.p_{name} IS\n    v NUMBER;\nBEGIN\n    {body.format(change)}\n"
                 "EXCEPTION\n    WHEN NO_DATA_FOUND THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    for name in changes:
        rules = {f.rule_id for f in objects[f"p_{name}"].findings}
        if name == "call":
            assert "AM-PLSQL-026" in rules and "AM-PLSQL-027" in {
                f.rule_id for f in objects["write_it_aurora_try"].findings
            }
            continue
        assert "AM-PLSQL-027" in rules and "AM-PLSQL-124" not in rules, (name, rules)


def test_the_backtrace_is_the_failing_statement_s_context(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.log_trace(0)")
    (first, _), (code, note) = _log(conn)
    trace = str(note)
    # ZERO_DIVIDE (SQLCODE -1476) at the assignment: the context names it, not the RAISE that ran the handler
    assert (first, code) == (0, -1476)
    assert "function log_trace(numeric)" in trace and "at assignment" in trace and "RAISE" not in trace


def test_labelled_exit_and_continue_in_nested_loops(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.grid(3, 99)")
    # Oracle: i = 1: j = 2 then CONTINUE outer at j = 1; i = 2: 22, 21; i = 3: 32 then EXIT outer; then 'end'
    assert _log(conn) == [(12, "cell"), (22, "cell"), (21, "cell"), (32, "cell"), (0, "end")]
    conn.execute("DELETE FROM hr.log_t")
    conn.execute("CALL hr.grid(3, 21)")
    # the UPDATE at 21 fails on the key: the cells logged before it stay, the handler logs, nothing after runs
    assert _log(conn) == [(12, "cell"), (22, "cell"), (21, "cell"), (-1, "dup")]
    assert conn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,), (2,)]


def test_a_logging_procedure_called_before_the_failure(conn) -> None:  # type: ignore[no-untyped-def]
    assert conn.rows("SELECT hr.balance_of(2), hr.balance_of(8)") == [(20, None)]
    # Oracle: the procedure's row stays when the SELECT after it finds nothing; the handler logs SQLCODE 100 (and
    # SQLERRM: PostgreSQL's text for a predefined error, AM-PLSQL-018, as in any handler)
    assert _log(conn) == [(2, "said: asked"), (8, "said: asked"), (100, "said: query returned no rows")]


def test_a_call_as_the_block_s_only_change(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """`BEGIN p; EXCEPTION WHEN OTHERS THEN ... END;`: when p fails after a first change, Oracle keeps that change
    (a subprogram's changes are not rolled back with its exception) and PostgreSQL's block would undo it, so the call
    goes through p's twin (plsql_trycall); a p whose only change is the DML it ends with changed nothing when it
    fails: the block as written."""
    code = ("CREATE OR REPLACE PROCEDURE hr.two_changes IS BEGIN DELETE FROM hr.emp_copy; "
            "INSERT INTO hr.emp_copy (id) VALUES (1); END;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.one_change(p NUMBER) IS v NUMBER := p * 2; BEGIN "
            "INSERT INTO hr.emp_copy (id) VALUES (v); END;\n/\n")  # fmt: skip
    for callee in ("two_changes", "one_change(1)"):
        code += (f"CREATE OR REPLACE PROCEDURE hr.call_{callee[:3]} IS\nBEGIN\n    {callee};\nEXCEPTION\n"
                 "    WHEN OTHERS THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert {f.rule_id for f in objects["call_two"].findings} == {"AM-PLSQL-124"}
    assert (
        "hr.two_changes_aurora_try" in objects["call_two"].sql
        and "aurora_error => aurora_error_1" in objects["call_two"].sql
    )
    assert objects["call_one"].status is ObjectStatus.CONVERTED, objects["call_one"].findings


def test_a_while_condition_that_fails(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.shrink(1)")
    # 10 / 2, 10 / 1, then 10 / 0 raises ZERO_DIVIDE in the condition: the two turns' rows stay (Oracle)
    assert _log(conn) == [(1, "shrink"), (2, "shrink"), (1, "handler")]


def test_a_function_that_writes_called_in_an_expression(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """`v := new_id;` where new_id inserts a row or sets package state: Oracle keeps what the function did when the
    SELECT after it fails (or when the function fails after its first change), a subtransaction would undo it: the
    call is a change like a procedure's, here in an assignment, an IF condition and a call's argument."""
    code = """
CREATE OR REPLACE PACKAGE hr.ids IS
    FUNCTION new_id RETURN NUMBER;
    FUNCTION peek RETURN NUMBER;
END ids;
/
CREATE OR REPLACE PACKAGE BODY hr.ids IS
    g_last NUMBER := 0;
    FUNCTION new_id RETURN NUMBER IS
    BEGIN
        g_last := g_last + 1;
        RETURN g_last;
    END new_id;
    FUNCTION peek RETURN NUMBER IS
    BEGIN
        RETURN 1;
    END peek;
END ids;
/
"""
    uses = {"assign": "v := hr.ids.new_id;", "if": "IF hr.ids.new_id > 1 THEN v := 1; END IF;",
            "argument": "DBMS_OUTPUT.PUT_LINE(hr.ids.new_id);", "quiet": "v := hr.ids.peek;"}  # fmt: skip
    for name, use in uses.items():
        code += (f"CREATE OR REPLACE PROCEDURE hr.f_{name} IS\n    v NUMBER;\nBEGIN\n    {use}\n"
                 "    SELECT id INTO v FROM hr.emp WHERE id = 0;\nEXCEPTION\n    WHEN NO_DATA_FOUND THEN\n"
                 "        NULL;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    for name in ("assign", "if", "argument"):
        assert "AM-PLSQL-027" in {f.rule_id for f in objects[f"f_{name}"].findings}, name
    assert objects["f_quiet"].status is ObjectStatus.CONVERTED, objects["f_quiet"].findings


NESTED = """
CREATE TABLE hr.log_t (id NUMBER, note VARCHAR2(400));
CREATE TABLE hr.acct (id NUMBER PRIMARY KEY, balance NUMBER);

-- a nested block without handlers (with declarations): its statements are the outer block's, one by one
CREATE OR REPLACE PROCEDURE hr.inner_plain(p_id NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'outer');
    DECLARE
        v_seen NUMBER := 0;
        v_note VARCHAR2(20);
    BEGIN
        v_note := 'inner';
        INSERT INTO hr.log_t VALUES (p_id, v_note);
        UPDATE hr.acct SET id = p_id WHERE id = 1;
        v_seen := v_seen + 1;
        INSERT INTO hr.log_t VALUES (v_seen, 'after');
    END;
    INSERT INTO hr.log_t VALUES (p_id, 'end');
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'dup');
END;
/
-- a nested block with its own handler that completes: it catches first; what it does not catch goes out
CREATE OR REPLACE PROCEDURE hr.inner_handled(p_id NUMBER, p_div NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'outer');
    BEGIN
        INSERT INTO hr.acct VALUES (p_id, 100 / p_div);
    EXCEPTION
        WHEN DUP_VAL_ON_INDEX THEN
            UPDATE hr.acct SET balance = balance + 1 WHERE id = p_id;
    END;
    INSERT INTO hr.log_t VALUES (p_id, 'end');
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'zero');
END;
/
-- EXECUTE IMMEDIATE of one DML text: undone alone like the DML
CREATE OR REPLACE PROCEDURE hr.dyn_dml(p_id NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'before');
    EXECUTE IMMEDIATE 'UPDATE hr.acct SET id = :1 WHERE id IN (1, 2)' USING p_id;
    INSERT INTO hr.log_t VALUES (p_id, 'after');
EXCEPTION
    WHEN OTHERS THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'failed');
END;
/
-- a query FOR loop whose query cannot fail: each turn's statements protected one by one
CREATE OR REPLACE PROCEDURE hr.each_row(p_min NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (0, 'start');
    FOR r IN (SELECT a.id, balance AS b FROM hr.acct a WHERE a.balance >= p_min AND id IS NOT NULL ORDER BY id DESC)
    LOOP
        INSERT INTO hr.log_t VALUES (r.id, 'row ' || r.b);
        UPDATE hr.acct SET id = r.id - 1 WHERE id = r.id;
    END LOOP;
    INSERT INTO hr.log_t VALUES (0, 'end');
EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'dup');
END;
/
-- a nested block with handlers that itself changes rows twice: its statement-level form inside the outer one
CREATE OR REPLACE PROCEDURE hr.inner_atomic(p_id NUMBER, p_div NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (p_id, 'outer');
    BEGIN
        INSERT INTO hr.log_t VALUES (p_id, 'inner');
        INSERT INTO hr.acct VALUES (p_id, 100 / p_div);
        INSERT INTO hr.log_t VALUES (p_id, 'inner done');
    EXCEPTION
        WHEN DUP_VAL_ON_INDEX THEN
            INSERT INTO hr.log_t VALUES (SQLCODE, 'inner dup');
    END;
    INSERT INTO hr.log_t VALUES (p_id, 'end');
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'zero');
END;
/
"""

NESTED_ROUTINES = {"inner_plain", "inner_handled", "dyn_dml", "each_row", "inner_atomic"}


@pytest.fixture(scope="module")
def nested(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("atomic_nested"), NESTED)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


@pytest.fixture
def nconn(nested):  # type: ignore[no-untyped-def]
    with connect(nested[2]) as c:
        c.execute("DELETE FROM hr.log_t; DELETE FROM hr.acct; INSERT INTO hr.acct VALUES (1, 10), (2, 20)")
        yield c


def test_nested_blocks_and_dynamic_dml_convert_and_deploy_clean(nested) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = nested
    for name in NESTED_ROUTINES:
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
        assert "AM-PLSQL-124" in {f.rule_id for f in objects[name].findings}, name
    assert_clean(report, NESTED_ROUTINES)


def test_a_nested_block_without_handlers_keeps_its_earlier_statements(nconn) -> None:  # type: ignore[no-untyped-def]
    nconn.execute("CALL hr.inner_plain(2)")
    # Oracle: the UPDATE to key 2 fails (ORA-00001, SQLCODE -1); the outer and inner INSERTs before it stay
    assert _log(nconn) == [(2, "outer"), (2, "inner"), (-1, "dup")]
    nconn.execute("DELETE FROM hr.log_t")
    nconn.execute("CALL hr.inner_plain(5)")  # no error: every statement runs
    assert _log(nconn) == [(5, "outer"), (5, "inner"), (1, "after"), (5, "end")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(2,), (5,)]


def test_a_nested_block_with_its_own_handler(nconn) -> None:  # type: ignore[no-untyped-def]
    nconn.execute("CALL hr.inner_handled(1, 4)")
    # the inner handler catches the duplicate and adds 1 to the balance; the outer block goes on
    assert _log(nconn) == [(1, "outer"), (1, "end")]
    assert nconn.rows("SELECT balance FROM hr.acct WHERE id = 1") == [(11,)]
    nconn.execute("DELETE FROM hr.log_t")
    nconn.execute("CALL hr.inner_handled(3, 0)")
    # ZERO_DIVIDE (SQLCODE -1476) is not the inner handler's: the outer one runs, the first INSERT stays (Oracle)
    assert _log(nconn) == [(3, "outer"), (-1476, "zero")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,), (2,)]


def test_execute_immediate_of_dml_is_undone_alone(nconn) -> None:  # type: ignore[no-untyped-def]
    nconn.execute("CALL hr.dyn_dml(7)")
    # the dynamic UPDATE gives keys 1 and 2 the same value: ORA-00001 undoes it alone, 'before' stays
    assert _log(nconn) == [(7, "before"), (-1, "failed")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,), (2,)]
    nconn.execute("DELETE FROM hr.acct WHERE id = 2; DELETE FROM hr.log_t")
    nconn.execute("CALL hr.dyn_dml(7)")
    assert _log(nconn) == [(7, "before"), (7, "after")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(7,)]


def test_nested_forms_that_stay_manual(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A nested block whose handler logs then re-raises (Oracle keeps the log row for the outer handler, one
    sub-block would undo it); one whose declaration can fail before its statements; one that commits (refused in a
    subtransaction); dynamic SQL whose text is not a DML statement written in the code. A nested block that changes rows twice has the statement-level form, but not
    under a handler that reads the backtrace (the error would reach it raised again, from another line)."""
    body = "INSERT INTO hr.audit_t (id) VALUES (1);\n    {0}\n    SELECT id INTO v FROM hr.emp WHERE id = 0;"
    changes = {
        "reraise": "BEGIN UPDATE hr.emp SET name = 'x'; EXCEPTION WHEN OTHERS THEN "
        "INSERT INTO hr.audit_t (id) VALUES (2); RAISE; END;",
        "declared": "DECLARE w NUMBER := 1 / v; BEGIN UPDATE hr.emp SET name = 'x'; END;",
        "text": "EXECUTE IMMEDIATE v_sql;",
        "block_text": "EXECUTE IMMEDIATE 'BEGIN DELETE FROM hr.emp; END;';",
        "commit_block": "BEGIN COMMIT; EXCEPTION WHEN OTHERS THEN NULL; END;",
        "twice": "BEGIN UPDATE hr.emp SET name = 'x'; DELETE FROM hr.emp_copy; EXCEPTION WHEN OTHERS THEN NULL; END;",
    }
    code = ""
    for name, change in changes.items():
        code += (f"CREATE OR REPLACE PROCEDURE hr.n_{name}(v_sql VARCHAR2) IS\n    v NUMBER;\nBEGIN\n"
                 f"    {body.format(change)}\nEXCEPTION\n    WHEN NO_DATA_FOUND THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    traced = code.replace(
        "WHEN NO_DATA_FOUND THEN\n        NULL;",
        "WHEN NO_DATA_FOUND THEN\n        DBMS_OUTPUT.PUT_LINE(DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);",
    ).replace("hr.n_", "hr.t_")
    objects = {o.name: o for o in convert_plsql(code + traced).objects}
    for name in set(changes) - {"twice"}:
        rules = {f.rule_id for f in objects[f"n_{name}"].findings}
        assert "AM-PLSQL-027" in rules and "AM-PLSQL-124" not in rules, (name, rules)
    assert "AM-PLSQL-027" in {f.rule_id for f in objects["t_twice"].findings}
    assert objects["n_twice"].status is not ObjectStatus.MANUAL, objects["n_twice"].findings


def test_a_query_loop_keeps_the_turns_before_the_failure(nconn) -> None:  # type: ignore[no-untyped-def]
    nconn.execute("CALL hr.each_row(0)")
    # rows by id descending: 2 becomes 1, which exists (ORA-00001, SQLCODE -1): its 'row' INSERT and the 'start'
    # stay, the UPDATE is undone, no later turn runs (Oracle)
    assert _log(nconn) == [(0, "start"), (2, "row 20"), (-1, "dup")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,), (2,)]
    nconn.execute("DELETE FROM hr.log_t; DELETE FROM hr.acct WHERE id = 1")
    nconn.execute("CALL hr.each_row(15)")
    # only row 2 qualifies: 2 becomes 1; the query's rows are those of its start (read consistency, both engines)
    assert _log(nconn) == [(0, "start"), (2, "row 20"), (0, "end")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,)]


def test_query_loops_whose_query_can_fail_stay_manual(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A query that can fail at a fetch (a function, a comparison that converts a column, a view, a virtual column):
    Oracle (100 rows a fetch) and PostgreSQL (10, then 50) would have run a different number of turns by then."""
    code = ("CREATE OR REPLACE VIEW hr.emp_v AS SELECT id, name FROM hr.emp;\n"
            "CREATE TABLE hr.calc (a NUMBER, b NUMBER GENERATED ALWAYS AS (100 / a) VIRTUAL);\n")  # fmt: skip
    queries = {
        "virtual": "SELECT * FROM hr.calc",
        "function": "SELECT TO_NUMBER(name) n FROM hr.emp",
        "converts": "SELECT id FROM hr.emp WHERE name > 10",
        "view": "SELECT id FROM hr.emp_v",
        "date": "SELECT id FROM hr.emp WHERE hired > SYSDATE",
        "locks": "SELECT id FROM hr.emp FOR UPDATE",
    }
    for name, query in queries.items():
        code += (f"CREATE OR REPLACE PROCEDURE hr.q_{name} IS\nBEGIN\n    INSERT INTO hr.audit_t (id) VALUES (1);\n"
                 f"    FOR r IN ({query}) LOOP\n        INSERT INTO hr.emp_copy (id) VALUES (1);\n    END LOOP;\n"
                 "EXCEPTION\n    WHEN OTHERS THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    code += ("CREATE OR REPLACE PROCEDURE hr.q_plain IS\nBEGIN\n    INSERT INTO hr.audit_t (id) VALUES (1);\n"
             "    FOR r IN (SELECT e.id, name FROM hr.emp e WHERE dept = 10 OR name LIKE 'A%') LOOP\n"
             "        INSERT INTO hr.emp_copy (id) VALUES (r.id);\n    END LOOP;\n"
             "EXCEPTION\n    WHEN OTHERS THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    for name in queries:
        rules = {f.rule_id for f in objects[f"q_{name}"].findings}
        assert "AM-PLSQL-027" in rules and "AM-PLSQL-124" not in rules, (name, rules)
    assert "AM-PLSQL-124" in {f.rule_id for f in objects["q_plain"].findings}, objects["q_plain"].findings


def test_a_nested_block_that_changes_rows_twice(nconn) -> None:  # type: ignore[no-untyped-def]
    nconn.execute("CALL hr.inner_atomic(1, 4)")
    # key 1 exists: the inner handler (DUP_VAL_ON_INDEX, SQLCODE -1) logs; the rows before stay; the outer goes on
    assert _log(nconn) == [(1, "outer"), (1, "inner"), (-1, "inner dup"), (1, "end")]
    nconn.execute("DELETE FROM hr.log_t")
    nconn.execute("CALL hr.inner_atomic(3, 0)")
    # ZERO_DIVIDE (SQLCODE -1476) is the outer handler's: both earlier INSERTs stay, the rest does not run (Oracle)
    assert _log(nconn) == [(3, "outer"), (3, "inner"), (-1476, "zero")]
    assert nconn.rows("SELECT id FROM hr.acct ORDER BY id") == [(1,), (2,)]
    nconn.execute("DELETE FROM hr.log_t")
    nconn.execute("CALL hr.inner_atomic(3, 4)")
    assert _log(nconn) == [(3, "outer"), (3, "inner"), (3, "inner done"), (3, "end")]
    assert nconn.rows("SELECT id, balance FROM hr.acct ORDER BY id") == [(1, 10), (2, 20), (3, 25)]
