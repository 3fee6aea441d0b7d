"""SQLCODE / SQLERRM / FORMAT_ERROR_STACK read outside a handler (an error package a handler calls) read the error
the calling handler published; run on PostgreSQL and compared with Oracle's documented results.

Oracle (PL/SQL Language Reference, SQLCODE and SQLERRM functions): they return the exception being handled, also
in subprograms a handler calls; with none being handled SQLCODE is 0 and SQLERRM 'ORA-0000: normal, successful
completion'. RAISE_APPLICATION_ERROR(-20001, 'x') gives -20001 / 'ORA-20001: x', NO_DATA_FOUND 100, ZERO_DIVIDE
-1476.
"""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import Convert, assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.err_log (seq NUMBER, step VARCHAR2(20), code NUMBER, msg VARCHAR2(400), stack VARCHAR2(400));
CREATE TABLE hr.handled (step VARCHAR2(20), code NUMBER, msg VARCHAR2(400));
CREATE SEQUENCE hr.err_seq;
CREATE OR REPLACE PACKAGE hr.error_pkg IS
    PROCEDURE log_error(p_step VARCHAR2);
    PROCEDURE print_error(p_info VARCHAR2);
    FUNCTION describe RETURN VARCHAR2;
    PROCEDURE fail_with_error;
END error_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.error_pkg IS
    PROCEDURE log_error(p_step VARCHAR2) IS
    BEGIN
        INSERT INTO hr.err_log VALUES (hr.err_seq.NEXTVAL, p_step, SQLCODE, SQLERRM,
                                       DBMS_UTILITY.FORMAT_ERROR_STACK);
    END log_error;
    PROCEDURE print_error(p_info VARCHAR2) IS
    BEGIN
        DBMS_OUTPUT.PUT_LINE(p_info || ' ' || SQLCODE || ':' || SQLERRM);
    END print_error;
    FUNCTION describe RETURN VARCHAR2 IS
    BEGIN
        RETURN SQLCODE || ':' || SQLERRM;
    END describe;
    PROCEDURE fail_with_error IS
    BEGIN
        RAISE_APPLICATION_ERROR(-20002, 'after ' || SQLERRM);
    END fail_with_error;
END error_pkg;
/
CREATE OR REPLACE PROCEDURE hr.via_helper(p_step VARCHAR2) IS
BEGIN
    hr.error_pkg.log_error(p_step);
END;
/
CREATE OR REPLACE PROCEDURE hr.load(p_case NUMBER) IS
    v NUMBER;
    v_text VARCHAR2(400);
BEGIN
    IF p_case = 1 THEN
        SELECT seq INTO v FROM hr.err_log WHERE 1 = 0;
    ELSIF p_case = 2 THEN
        RAISE_APPLICATION_ERROR(-20001, 'x');
    ELSE
        v := 1 / (p_case - 3);
    END IF;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        INSERT INTO hr.handled VALUES ('direct', SQLCODE, SQLERRM);
        error_pkg.log_error('no data');
    WHEN OTHERS THEN
        error_pkg.print_error('load');
        v_text := hr.error_pkg.describe;
        INSERT INTO hr.handled VALUES ('described', NULL, v_text);
        hr.via_helper('other');
END;
/
CREATE OR REPLACE PROCEDURE hr.reraise_then_later(p_zero NUMBER) IS
    v NUMBER;
    v_inner VARCHAR2(400);
BEGIN
    BEGIN
        BEGIN
            v := 1 / p_zero;
        EXCEPTION
            WHEN ZERO_DIVIDE THEN
                v_inner := hr.error_pkg.describe;
                RAISE;
        END;
    EXCEPTION
        WHEN OTHERS THEN
            INSERT INTO hr.handled VALUES ('inner', NULL, v_inner);
            hr.error_pkg.log_error('outer');
    END;
    hr.error_pkg.log_error('later');
END;
/
CREATE OR REPLACE PROCEDURE hr.failing_logger(p_zero NUMBER) IS
    v NUMBER;
BEGIN
    BEGIN
        BEGIN
            v := 1 / p_zero;
        EXCEPTION
            WHEN ZERO_DIVIDE THEN
                hr.error_pkg.fail_with_error;
        END;
    EXCEPTION
        WHEN OTHERS THEN
            INSERT INTO hr.handled VALUES ('caught', SQLCODE, SQLERRM);
    END;
    hr.error_pkg.log_error('after fail');
END;
/
CREATE OR REPLACE PROCEDURE hr.nested_handlers(p_zero NUMBER) IS
    v NUMBER;
BEGIN
    RAISE_APPLICATION_ERROR(-20005, 'outer error');
EXCEPTION
    WHEN OTHERS THEN
        BEGIN
            v := 1 / p_zero;
        EXCEPTION
            WHEN ZERO_DIVIDE THEN
                hr.error_pkg.log_error('inner handler');
        END;
        hr.error_pkg.log_error('outer handler');
END;
/
CREATE OR REPLACE PROCEDURE hr.raise_described(p_zero NUMBER) IS
    v NUMBER;
BEGIN
    v := 1 / p_zero;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        RAISE_APPLICATION_ERROR(-20009, 'was ' || hr.error_pkg.describe);
END;
/
CREATE OR REPLACE FUNCTION hr.status_text RETURN VARCHAR2 IS
BEGIN
    RETURN hr.error_pkg.describe;
EXCEPTION
    WHEN OTHERS THEN
        RETURN hr.error_pkg.describe;
END;
/
"""

NORMAL = "ORA-0000: normal, successful completion"
ROUTINES = {"log_error", "print_error", "describe", "fail_with_error", "via_helper", "load", "reraise_then_later",
            "failing_logger", "nested_handlers", "raise_described"}  # fmt: skip


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("error_readers"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def _log(url, call: str) -> list[tuple[str, int, str, str | None]]:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        conn.execute("TRUNCATE hr.err_log, hr.handled")
        conn.execute(call)
        return [
            (s, int(c), m, st)
            for s, c, m, st in conn.rows("SELECT step, code, msg, stack FROM hr.err_log ORDER BY seq")
        ]


def _handled(url) -> list[tuple[str, int | None, str]]:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        return [
            (s, None if c is None else int(c), m) for s, c, m in conn.rows("SELECT step, code, msg FROM hr.handled")
        ]


def test_the_readers_convert_with_a_low_finding_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in ROUTINES:
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
    for name in ("log_error", "print_error", "describe", "fail_with_error"):
        assert "AM-PLSQL-125" in {f.rule_id for f in objects[name].findings}, name
    assert_clean(report, ROUTINES)


def test_a_handler_publishes_its_error_to_the_package_it_calls(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    # NO_DATA_FOUND: SQLCODE 100 and the message SQLERRM gives in the handler itself
    logged = _log(url, "CALL hr.load(1)")
    direct = _handled(url)
    assert direct[0][:2] == ("direct", 100)
    assert logged == [("no data", 100, direct[0][2], direct[0][2])]
    # RAISE_APPLICATION_ERROR(-20001, 'x') through an intermediate routine that is no handler; a function too
    assert _log(url, "CALL hr.load(2)") == [("other", -20001, "ORA-20001: x", "ORA-20001: x")]
    assert _handled(url) == [("described", None, "-20001:ORA-20001: x")]
    logged = _log(url, "CALL hr.load(3)")
    assert [row[:2] for row in logged] == [("other", -1476)]
    assert _handled(url) == [("described", None, f"-1476:{logged[0][2]}")]


def test_outside_any_handler_the_readers_see_no_error(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    assert _log(url, "CALL error_pkg.log_error('alone')") == [("alone", 0, NORMAL, None)]
    with connect(url) as conn:
        assert conn.rows("SELECT error_pkg.describe()") == [(f"0:{NORMAL}",)]


def test_after_a_reraise_caught_outside_a_later_call_reads_no_error(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    logged = _log(url, "CALL hr.reraise_then_later(0)")
    assert [row[:2] for row in logged] == [("outer", -1476), ("later", 0)]
    assert _handled(url) == [("inner", None, f"-1476:{logged[0][2]}")]
    assert logged[1] == ("later", 0, NORMAL, None)


def test_a_failing_handler_statement_leaves_nothing_published(deployed) -> None:  # type: ignore[no-untyped-def]
    # the handler's call raised after publishing (no restore ran): the catching block's rollback undoes the settings
    _objects, _report, url = deployed
    logged = _log(url, "CALL hr.failing_logger(0)")
    assert _handled(url) == [("caught", -20002, "ORA-20002: after division by zero")]
    assert logged == [("after fail", 0, NORMAL, None)]


def test_an_error_raised_with_the_handled_ones_text(deployed) -> None:  # type: ignore[no-untyped-def]
    # RAISE_APPLICATION_ERROR(-20009, 'was ' || describe) in a handler: ORA-20009 carrying the ZERO_DIVIDE
    _objects, _report, url = deployed
    with connect(url) as conn:
        conn.execute(
            "DO $$ BEGIN CALL hr.raise_described(0); EXCEPTION WHEN SQLSTATE 'U0009' THEN "
            "INSERT INTO hr.handled VALUES ('raised', NULL, SQLERRM); END $$"
        )
        conn.execute("CALL error_pkg.log_error('after')")
        rows = conn.rows("SELECT msg FROM hr.handled WHERE step = 'raised'")
        after = conn.rows("SELECT code, msg FROM hr.err_log WHERE step = 'after'")
    assert rows == [("was -1476:division by zero",)]
    assert after == [(0, NORMAL)]


def test_nested_handlers_each_publish_their_own_error(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    logged = _log(url, "CALL hr.nested_handlers(0)")
    assert [row[:3] for row in logged] == [("inner handler", -1476, logged[0][2]),
                                          ("outer handler", -20005, "ORA-20005: outer error")]  # fmt: skip
    assert logged[0][2] == "division by zero"


def test_a_return_calling_a_reader_in_a_handler_stays_manual(deployed) -> None:  # type: ignore[no-untyped-def]
    # RETURN leaves the handler before a restore could run: the published error would outlive it
    objects, _report, _url = deployed
    routine = objects["status_text"]
    assert routine.status is ObjectStatus.MANUAL
    assert "AM-PLSQL-122" in {f.rule_id for f in routine.findings}


def test_where_the_published_error_could_be_gone_or_unseen_it_stays_manual(convert_plsql: Convert) -> None:
    """A reader that commits (the transaction-local settings end with the transaction, Oracle's SQLCODE does not),
    an autonomous reader that commits before its end (dblink runs it in another session; the error is forwarded
    only into a CALL that does not commit, test_plsql_autonomous), a nested subprogram reading the error."""
    code = """
CREATE OR REPLACE PROCEDURE hr.log_commit(p_where VARCHAR2) IS
BEGIN
    INSERT INTO hr.audit_t (note) VALUES (p_where || SQLERRM);
    COMMIT;
END;
/
CREATE OR REPLACE PROCEDURE hr.uses_log_commit IS
BEGIN
    DELETE FROM hr.emp_copy;
EXCEPTION
    WHEN OTHERS THEN
        hr.log_commit('x');
END;
/
CREATE OR REPLACE PROCEDURE hr.log_autonomous(p_where VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    INSERT INTO hr.audit_t (note) VALUES (p_where || SQLERRM);
    COMMIT;
    INSERT INTO hr.audit_t (note) VALUES (p_where);
    COMMIT;
END;
/
CREATE OR REPLACE PROCEDURE hr.with_nested IS
    PROCEDURE say IS
    BEGIN
        DBMS_OUTPUT.PUT_LINE(SQLERRM);
    END;
BEGIN
    DELETE FROM hr.emp_copy;
EXCEPTION
    WHEN OTHERS THEN
        say;
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code, autonomous_server="loopback").objects}
    for name in ("uses_log_commit", "log_autonomous", "with_nested"):
        assert objects[name].status is ObjectStatus.MANUAL, (name, objects[name].findings)
        assert "AM-PLSQL-122" in {f.rule_id for f in objects[name].findings}, name
    # the committing reader itself reads before its COMMIT: it converts
    assert "AM-PLSQL-125" in {f.rule_id for f in objects["log_commit"].findings}
