"""DBMS_UTILITY.FORMAT_ERROR_BACKTRACE read in an exception handler becomes PostgreSQL's error context (kept by the
handler's first statement); code that searches the text, or reads it outside a handler, stays manual."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.err_log (step VARCHAR2(10), msg VARCHAR2(400), bt VARCHAR2(4000));
CREATE OR REPLACE PROCEDURE hr.divide(p_n NUMBER) IS
    v NUMBER;
BEGIN
    v := 1 / p_n;
EXCEPTION
    WHEN OTHERS THEN
        INSERT INTO hr.err_log VALUES ('outer', SQLERRM, SUBSTR(DBMS_UTILITY.FORMAT_ERROR_BACKTRACE, 1, 4000));
        BEGIN
            v := TO_NUMBER(TO_CHAR(p_n) || 'x');
        EXCEPTION
            WHEN OTHERS THEN
                INSERT INTO hr.err_log VALUES ('inner', SQLERRM, DBMS_UTILITY.FORMAT_ERROR_BACKTRACE());
        END;
        INSERT INTO hr.err_log VALUES ('after', SQLERRM, sys.dbms_utility.format_error_backtrace);
END;
/
CREATE OR REPLACE FUNCTION hr.failing_line RETURN NUMBER IS
    v_bt VARCHAR2(4000);
    v NUMBER;
BEGIN
    v := 1 / 0;
    RETURN v;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        v_bt := DBMS_UTILITY.FORMAT_ERROR_BACKTRACE;
        RETURN TO_NUMBER(SUBSTR(v_bt, INSTR(v_bt, 'line ') + 5));
END;
/
CREATE OR REPLACE PROCEDURE hr.log_backtrace IS
BEGIN
    INSERT INTO hr.err_log VALUES ('called', NULL, DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
END;
/
CREATE OR REPLACE PROCEDURE hr.calls_logger(p_n NUMBER) IS
    v NUMBER;
BEGIN
    v := 1 / p_n;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        hr.log_backtrace;
END;
/
CREATE OR REPLACE FUNCTION hr.backtrace_line RETURN NUMBER IS
BEGIN
    RETURN INSTR(DBMS_UTILITY.FORMAT_ERROR_BACKTRACE, 'line');
END;
/
"""


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("backtrace"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_a_handler_logs_postgresql_error_context_for_its_own_error(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, url = deployed
    divide = objects["divide"]
    assert divide.status is not ObjectStatus.MANUAL, divide.findings
    assert "AM-PLSQL-123" in {f.rule_id for f in divide.findings}
    assert "GET STACKED DIAGNOSTICS ora_error_backtrace = PG_EXCEPTION_CONTEXT" in divide.sql
    assert_clean(report, {"divide"})
    with connect(url) as conn:
        conn.execute("CALL hr.divide(0)")
        rows = dict((step, (msg, bt)) for step, msg, bt in conn.rows("SELECT step, msg, bt FROM hr.err_log"))
    assert set(rows) == {"outer", "inner", "after"}
    # each handler reads the error it handles: the division for the outer one, before and after the inner one
    assert rows["outer"][0] == rows["after"][0] == "division by zero"
    assert rows["outer"][1] == rows["after"][1] and "function divide(numeric)" in rows["outer"][1]
    assert "numeric" in rows["inner"][1] and rows["inner"][1] != rows["outer"][1]


def test_searching_the_backtrace_text_stays_manual(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, _report, _url = deployed
    routine = objects["failing_line"]
    assert routine.status is ObjectStatus.MANUAL
    assert "AM-PLSQL-009" in {f.rule_id for f in routine.findings}


def test_the_backtrace_outside_a_handler_reads_the_calling_handlers(deployed) -> None:  # type: ignore[no-untyped-def]
    # Oracle: a routine a handler calls reads the backtrace of the error being handled; with none, NULL
    objects, report, url = deployed
    assert objects["log_backtrace"].status is not ObjectStatus.MANUAL, objects["log_backtrace"].findings
    assert {"AM-PLSQL-123", "AM-PLSQL-125"} <= {f.rule_id for f in objects["log_backtrace"].findings}
    assert_clean(report, {"log_backtrace", "calls_logger"})
    with connect(url) as conn:
        conn.execute("TRUNCATE hr.err_log")
        conn.execute("CALL hr.calls_logger(0)")
        conn.execute("CALL hr.log_backtrace()")
        rows = [bt for (bt,) in conn.rows("SELECT bt FROM hr.err_log WHERE step = 'called'")]
    assert len(rows) == 2 and rows.count(None) == 1
    assert "function calls_logger(numeric)" in next(bt for bt in rows if bt is not None)
    # searching its text reads Oracle's layout, outside a handler too
    assert objects["backtrace_line"].status is ObjectStatus.MANUAL
    assert "AM-PLSQL-009" in {f.rule_id for f in objects["backtrace_line"].findings}
