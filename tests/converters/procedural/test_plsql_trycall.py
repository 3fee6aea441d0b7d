"""Calls of procedures that change rows inside a block whose handlers complete (plsql_twin, plsql_trycall).

Oracle (PL/SQL Language Reference, "Unhandled Exceptions" / "Statement-Level Atomicity"): "If a stored subprogram
exits with an unhandled exception, PL/SQL does not roll back database changes made by the subprogram": the
statements it ran before the failing one keep their changes, the failing statement alone is undone, and the
caller's handler runs. OUT and IN OUT actual parameters keep the caller's values when the subprogram raises (they
are copied back only when it completes). Each routine below runs on the real PostgreSQL and the rows it leaves are
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
CREATE TABLE hr.ledger (id NUMBER, amount NUMBER CONSTRAINT ledger_positive CHECK (amount > 0));
CREATE TABLE hr.cards (id NUMBER PRIMARY KEY, status VARCHAR2(20));
CREATE TABLE hr.owners (card_id NUMBER, tier NUMBER, name VARCHAR2(20));

CREATE OR REPLACE PACKAGE hr.fees IS
    PROCEDURE post_fee(p_id NUMBER, p_amount NUMBER);
    PROCEDURE post_two(p_id NUMBER, p_amount NUMBER, p_note IN OUT VARCHAR2, p_count OUT NUMBER);
    PROCEDURE post_logged(p_id NUMBER, p_amount NUMBER);
    PROCEDURE sweep(p_amount NUMBER);
END fees;
/
CREATE OR REPLACE PACKAGE BODY hr.fees IS
    c_min CONSTANT NUMBER := 1;
    -- two changes: the first stays in Oracle when the second fails
    PROCEDURE post_fee(p_id NUMBER, p_amount NUMBER) IS
    BEGIN
        INSERT INTO hr.ledger VALUES (p_id, 1);
        INSERT INTO hr.ledger VALUES (p_id, p_amount);
    END post_fee;
    -- sets its IN OUT / OUT parameters, changes a row, then calls post_fee (two levels)
    PROCEDURE post_two(p_id NUMBER, p_amount NUMBER, p_note IN OUT VARCHAR2, p_count OUT NUMBER) IS
    BEGIN
        p_note := p_note || ' seen';
        p_count := 1;
        INSERT INTO hr.log_t VALUES (p_id, 'two');
        post_fee(p_id, p_amount);
        p_count := 2;
    END post_two;
    -- its own handler logs a failed fee and completes: nothing to return to the caller
    PROCEDURE post_logged(p_id NUMBER, p_amount NUMBER) IS
    BEGIN
        INSERT INTO hr.log_t VALUES (p_id, 'logged fee');
        post_fee(p_id, p_amount);
    EXCEPTION
        WHEN OTHERS THEN
            INSERT INTO hr.log_t VALUES (SQLCODE, 'fee failed');
    END post_logged;
    -- a FOR over a join whose query cannot fail (columns compared with columns and a literal constant of their
    -- kind): it runs as written in the twin, its body protected statement by statement
    PROCEDURE sweep(p_amount NUMBER) IS
    BEGIN
        FOR r IN (SELECT c.id FROM hr.cards c JOIN hr.owners o ON o.card_id = c.id WHERE o.tier > c_min
                  ORDER BY c.id) LOOP
            UPDATE hr.cards SET status = 'SWEPT' WHERE id = r.id;
            post_fee(r.id, p_amount);
        END LOOP;
    END sweep;
END fees;
/
-- the batch job: each card expires, then its fee posts; a fee that fails is logged and the loop goes on
CREATE OR REPLACE PROCEDURE hr.expire_cards IS
    v_count NUMBER := 0;
BEGIN
    FOR r IN (SELECT id FROM hr.cards ORDER BY id) LOOP
        BEGIN
            UPDATE hr.cards SET status = 'EXPIRED' WHERE id = r.id;
            hr.fees.post_fee(r.id, 10 - 5 * r.id);
            v_count := v_count + 1;
        EXCEPTION
            WHEN OTHERS THEN
                INSERT INTO hr.log_t VALUES (SQLCODE, 'failed ' || r.id);
        END;
    END LOOP;
    INSERT INTO hr.log_t VALUES (v_count, 'count');
END;
/
CREATE OR REPLACE PROCEDURE hr.outs(p_amount NUMBER) IS
    v_note VARCHAR2(100) := 'start';
    v_count NUMBER := 7;
BEGIN
    INSERT INTO hr.log_t VALUES (0, 'outs');
    hr.fees.post_two(5, p_amount, v_note, v_count);
    INSERT INTO hr.log_t VALUES (v_count, v_note);
EXCEPTION
    WHEN OTHERS THEN
        INSERT INTO hr.log_t VALUES (v_count, v_note);
END;
/
-- the handler catches NO_DATA_FOUND only: the fee's CHECK violation leaves the procedure
CREATE OR REPLACE PROCEDURE hr.only_ndf(p_amount NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (0, 'ndf');
    hr.fees.post_fee(9, p_amount);
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        INSERT INTO hr.log_t VALUES (100, 'nope');
END;
/
CREATE OR REPLACE PROCEDURE hr.sweep_all(p_amount NUMBER) IS
BEGIN
    INSERT INTO hr.log_t VALUES (0, 'sweep');
    hr.fees.sweep(p_amount);
EXCEPTION
    WHEN OTHERS THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'sweep failed');
END;
/
CREATE OR REPLACE PROCEDURE hr.logged_twice(p_amount NUMBER) IS
    v NUMBER;
BEGIN
    hr.fees.post_logged(3, p_amount);
    INSERT INTO hr.log_t VALUES (p_amount, 'after');
    SELECT 1 / (p_amount - 1) INTO v FROM dual;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        INSERT INTO hr.log_t VALUES (SQLCODE, 'zero');
END;
/
"""

ROUTINES = {"expire_cards", "outs", "only_ndf", "logged_twice", "sweep_all", "post_fee_aurora_try",
            "post_two_aurora_try", "post_logged_aurora_try", "sweep_aurora_try"}  # fmt: skip


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("trycall"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


@pytest.fixture
def conn(deployed):  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as c:
        c.execute("DELETE FROM hr.log_t; DELETE FROM hr.ledger; DELETE FROM hr.cards;"
                  "INSERT INTO hr.cards VALUES (1, 'OK'), (2, 'OK'), (3, 'OK'); DELETE FROM hr.owners;"
                  "INSERT INTO hr.owners VALUES (1, 2, 'ann'), (2, 1, 'bob'), (3, 5, 'cy')")  # fmt: skip
        yield c


def _log(conn) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [(int(i), note) for i, note in conn.rows("SELECT id, note FROM hr.log_t ORDER BY ctid")]


def _ledger(conn) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(int(i), int(a)) for i, a in conn.rows("SELECT id, amount FROM hr.ledger ORDER BY ctid")]


def test_the_callers_and_twins_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in ROUTINES:
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
        assert "AM-PLSQL-027" not in {f.rule_id for f in objects[name].findings}, name
    assert "fees.post_fee_aurora_try" in objects["expire_cards"].depends_on
    assert_clean(report, ROUTINES)


def test_a_loop_keeps_what_the_called_procedure_did_before_it_failed(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.expire_cards()")
    # card 1: fee 5 posts (two ledger rows). Cards 2 and 3: fee 0 and -5 fail post_fee's second INSERT on the CHECK
    # (ORA-02290, SQLCODE -2290): Oracle keeps the card's UPDATE and post_fee's first INSERT, the handler logs
    assert conn.rows("SELECT status FROM hr.cards ORDER BY id") == [("EXPIRED",), ("EXPIRED",), ("EXPIRED",)]
    assert _ledger(conn) == [(1, 1), (1, 5), (2, 1), (3, 1)]
    assert _log(conn) == [(-2290, "failed 2"), (-2290, "failed 3"), (1, "count")]


def test_the_procedure_called_outside_a_handler_still_fails_whole(conn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="ledger_positive"):
        conn.execute("CALL fees.post_fee(4, -1)")
    # Oracle: the unhandled error rolls back the call statement: nothing of it stays
    assert _ledger(conn) == []
    conn.execute("CALL fees.post_fee(4, 2)")
    assert _ledger(conn) == [(4, 1), (4, 2)]


def test_out_arguments_keep_the_caller_s_values_when_the_procedure_fails(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.outs(5)")
    # it completes: the IN OUT and OUT arguments get its values ('start seen', 2)
    assert _log(conn) == [(0, "outs"), (5, "two"), (2, "start seen")]
    assert _ledger(conn) == [(5, 1), (5, 5)]
    conn.execute("DELETE FROM hr.log_t; DELETE FROM hr.ledger")
    conn.execute("CALL hr.outs(-1)")
    # post_fee fails in its second INSERT (two levels down): post_two's INSERT and post_fee's first one stay; the
    # handler sees the caller's own values (7, 'start'): Oracle copies OUT / IN OUT back only on success
    assert _log(conn) == [(0, "outs"), (5, "two"), (7, "start")]
    assert _ledger(conn) == [(5, 1)]


def test_an_error_the_handlers_do_not_catch_leaves(conn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="ledger_positive"):
        conn.execute("CALL hr.only_ndf(-1)")
    assert _log(conn) == [] and _ledger(conn) == []  # the call statement is undone whole (Oracle too)
    conn.execute("""
        DO $$ BEGIN CALL hr.only_ndf(-1);
        EXCEPTION WHEN OTHERS THEN INSERT INTO hr.log_t VALUES (0, SQLSTATE); END $$""")  # fmt: skip
    # the same error (CHECK violation, SQLSTATE 23514) reaches the caller's own handler
    assert _log(conn) == [(0, "23514")]
    conn.execute("DELETE FROM hr.log_t")
    conn.execute("CALL hr.only_ndf(3)")
    assert _log(conn) == [(0, "ndf")] and _ledger(conn) == [(9, 1), (9, 3)]


def test_a_procedure_with_its_own_handler_keeps_its_form(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.logged_twice(-1)")
    # post_logged's handler catches post_fee's CHECK violation: its 'logged fee' row and post_fee's first INSERT
    # stay (Oracle), it logs and completes; then the caller divides by -2: no error
    assert _log(conn) == [(3, "logged fee"), (-2290, "fee failed"), (-1, "after")]
    assert _ledger(conn) == [(3, 1)]
    conn.execute("DELETE FROM hr.log_t; DELETE FROM hr.ledger")
    conn.execute("CALL hr.logged_twice(1)")
    # ZERO_DIVIDE (SQLCODE -1476) after the call: what post_logged did and the 'after' row stay
    assert _log(conn) == [(3, "logged fee"), (1, "after"), (-1476, "zero")]
    assert _ledger(conn) == [(3, 1), (3, 1)]


def test_a_twin_without_an_exact_form_is_manual_and_its_callers_wait(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A procedure ending with COMMIT has no twin form (a subtransaction cannot commit): its twin is manual with
    AM-PLSQL-027, and a caller that needs it waits for it."""
    code = ("CREATE OR REPLACE PROCEDURE hr.write_commit IS BEGIN DELETE FROM hr.emp_copy; "
            "INSERT INTO hr.emp_copy (id) VALUES (1); COMMIT; END;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.calls_it IS\n    v NUMBER;\nBEGIN\n    INSERT INTO hr.audit_t (id) "
            "VALUES (1);\n    write_commit;\n    SELECT id INTO v FROM hr.emp WHERE id = 0;\nEXCEPTION\n"
            "    WHEN NO_DATA_FOUND THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert objects["write_commit"].status is not ObjectStatus.MANUAL
    assert objects["write_commit_aurora_try"].status is ObjectStatus.MANUAL
    assert "AM-PLSQL-027" in {f.rule_id for f in objects["write_commit_aurora_try"].findings}
    assert "hr.write_commit_aurora_try" in objects["calls_it"].depends_on


def test_no_twin_when_no_caller_needs_one(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """A handler that always raises again (or starts with ROLLBACK) needs no statement-level rollback (the block
    converts as written): the procedure it protects gets no twin; nor does one called outside any handler."""
    code = ("CREATE OR REPLACE PROCEDURE hr.write_two IS BEGIN DELETE FROM hr.emp_copy; "
            "INSERT INTO hr.emp_copy (id) VALUES (1); END;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.reraises IS\nBEGIN\n    INSERT INTO hr.audit_t (id) VALUES (1);\n"
            "    write_two;\nEXCEPTION\n    WHEN OTHERS THEN\n        INSERT INTO hr.audit_t (id) VALUES (2);\n"
            "        RAISE;\nEND;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.rolls_back IS\nBEGIN\n    write_two;\n    write_two;\nEXCEPTION\n"
            "    WHEN OTHERS THEN\n        ROLLBACK;\n        INSERT INTO hr.audit_t (id) VALUES (2);\nEND;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.plain IS\nBEGIN\n    write_two;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert "write_two_aurora_try" not in objects
    for name in ("reraises", "rolls_back", "plain"):
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)


def test_a_twin_looping_over_a_join(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL hr.sweep_all(-1)")
    # cards 1 and 3 have a tier above 1. Card 1: swept, then post_fee fails on its second INSERT: Oracle keeps the
    # caller's INSERT, the UPDATE and post_fee's first INSERT; card 3 is never reached; the handler logs -2290
    assert _log(conn) == [(0, "sweep"), (-2290, "sweep failed")]
    assert conn.rows("SELECT id, status FROM hr.cards ORDER BY id") == [(1, "SWEPT"), (2, "OK"), (3, "OK")]
    assert _ledger(conn) == [(1, 1)]
    conn.execute("DELETE FROM hr.log_t; DELETE FROM hr.ledger")
    conn.execute("CALL hr.sweep_all(2)")
    assert _log(conn) == [(0, "sweep")] and _ledger(conn) == [(1, 1), (1, 2), (3, 1), (3, 2)]


def test_a_join_that_can_fail_keeps_the_twin_manual(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """ON comparing a number with a string converts each string at fetch time (it can fail mid-way, after turns
    Oracle and PostgreSQL count differently); JOIN ... USING is not read: the twin stays manual."""
    code = ("CREATE OR REPLACE PROCEDURE hr.each_emp IS BEGIN\n"
            "    FOR r IN (SELECT e.id FROM hr.emp e JOIN hr.emp_copy c ON c.name = e.id) LOOP\n"
            "        DELETE FROM hr.emp_copy WHERE id = r.id; INSERT INTO hr.emp_copy (id) VALUES (r.id);\n"
            "    END LOOP;\nEND;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.each_using IS BEGIN\n"
            "    FOR r IN (SELECT id FROM hr.emp JOIN hr.emp_copy USING (id)) LOOP\n"
            "        DELETE FROM hr.emp_copy WHERE id = r.id; INSERT INTO hr.emp_copy (id) VALUES (r.id);\n"
            "    END LOOP;\nEND;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.calls_them IS\nBEGIN\n    each_emp;\n    each_using;\nEXCEPTION\n"
            "    WHEN OTHERS THEN\n        NULL;\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    for name in ("each_emp_aurora_try", "each_using_aurora_try"):
        assert objects[name].status is ObjectStatus.MANUAL
        assert "AM-PLSQL-027" in {f.rule_id for f in objects[name].findings}, name


def test_a_handler_reading_the_backtrace_keeps_the_call_manual(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """DBMS_UTILITY.FORMAT_ERROR_BACKTRACE names the statement that failed inside the procedure; the error raised
    again in the caller would name the caller's RAISE: such a block stays AM-PLSQL-027."""
    code = ("CREATE OR REPLACE PROCEDURE hr.write_pair IS BEGIN DELETE FROM hr.emp_copy; "
            "INSERT INTO hr.emp_copy (id) VALUES (1); END;\n/\n"
            "CREATE OR REPLACE PROCEDURE hr.traced IS\nBEGIN\n    INSERT INTO hr.audit_t (id) VALUES (1);\n"
            "    write_pair;\nEXCEPTION\n    WHEN OTHERS THEN\n        INSERT INTO hr.audit_t (id, note) "
            "VALUES (2, DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);\nEND;\n/\n")  # fmt: skip
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert "AM-PLSQL-027" in {f.rule_id for f in objects["traced"].findings}


def test_a_long_procedure_name_gets_a_distinct_twin_within_postgresql_s_limit() -> None:
    """PostgreSQL cuts names past 63 bytes: two long procedure names sharing their first 63 bytes would meet."""
    from converters.procedural.plsql_trycall import twin_name

    first, second = "p" * 55 + "_first", "p" * 55 + "_second"
    twins = {twin_name(first), twin_name(second)}
    assert len(twins) == 2 and all(len(t.encode()) <= 63 and t.endswith("_aurora_try") for t in twins)
    assert twin_name('"pkg"."Short"') == '"pkg"."Short_aurora_try"'
