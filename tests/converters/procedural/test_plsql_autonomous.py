"""PRAGMA AUTONOMOUS_TRANSACTION through dblink (conversion.autonomous_server): the logged row stays when the
caller rolls back, as in Oracle."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.output import write_output
from migrate.deploy import deploy
from migrate.engines.postgres import PostgresConnection
from migrate.engines.url import DatabaseUrl
from migrate.model import DeployStatus
from tests.converters.procedural.conftest import Convert

CODE = """
CREATE OR REPLACE PROCEDURE hr.log_note(p_id NUMBER, p_note VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    INSERT INTO hr.audit_t (id, note, created) VALUES (p_id, p_note, SYSDATE);
    COMMIT;
END;
/
"""


def test_autonomous_procedure_commits_on_its_own(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection, pg_url: DatabaseUrl
) -> None:
    result = convert_plsql(CODE, autonomous_server="loopback")
    obj = next(o for o in result.objects if o.name == "log_note")
    assert obj.status.value == "converted", obj.sql
    assert "PERFORM dblink_exec('loopback', format('CALL hr.log_note_autonomous(%L, %L)', p_id, p_note));" in obj.sql
    write_output(result, tmp_path)
    assert all(o.status is DeployStatus.OK for o in deploy(tmp_path, pg).outcomes)
    _loopback(pg, pg_url)
    with pytest.raises(CallerFails), pg.transaction():  # the caller's transaction rolls back...
        pg.execute("INSERT INTO hr.audit_t (id, note) VALUES (1, 'caller')")
        pg.execute("CALL hr.log_note(2, 'autonomous')")
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t") == [(2, "autonomous")]  # ...the autonomous row stays


def _loopback(pg: PostgresConnection, pg_url: DatabaseUrl) -> None:
    """The dblink server `loopback` back to the test database (the embedded server listens on a socket folder)."""
    host = pg_url.host or pg_url.query.get("host", "")
    pg.execute(f"CREATE SERVER loopback FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host '{host}', "
               f"port '{pg_url.port or 5432}', dbname '{pg_url.database}')")  # fmt: skip
    pg.execute(f"CREATE USER MAPPING FOR CURRENT_USER SERVER loopback OPTIONS (user '{pg_url.username or 'postgres'}')")


class CallerFails(Exception):
    """Ends the caller's transaction with a rollback."""


def test_without_a_server_it_stays_manual(convert_plsql: Convert) -> None:
    obj = next(o for o in convert_plsql(CODE, autonomous_server="").objects if o.name == "log_note")
    assert [f.rule_id for f in obj.findings] == ["AM-PLSQL-007"]


def test_by_default_deploy_creates_the_loopback_server(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection
) -> None:
    """conversion.autonomous_server left as is: deploy creates the dblink server back to the database it deploys
    to (from its own connection), checks it answers, and the routine runs in a transaction of its own."""
    result = convert_plsql(CODE)
    server = result.objects[[o.kind for o in result.objects].index("loopback_server")]
    obj = next(o for o in result.objects if o.name == "log_note")
    assert server.name in obj.depends_on and "dblink_exec('aurora_migrate_loopback'" in obj.sql
    write_output(result, tmp_path)
    outcomes = {o.name: o for o in deploy(tmp_path, pg).outcomes}
    assert all(o.status is DeployStatus.OK for o in outcomes.values()), outcomes
    assert pg.rows("SELECT srvname FROM pg_foreign_server") == [("aurora_migrate_loopback",)]
    with pytest.raises(CallerFails), pg.transaction():
        pg.execute("CALL hr.log_note(3, 'autonomous')")
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t") == [(3, "autonomous")]
    assert deploy(tmp_path, pg).outcomes[0].status is DeployStatus.OK  # again: the server is there, still answers


def test_a_loopback_server_that_does_not_answer_holds_its_routines(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection, pg_url: DatabaseUrl
) -> None:
    """A server of that name that cannot connect (here: a port nothing listens on) fails with the fix, and the
    autonomous routine waits for it instead of deploying code that fails when called."""
    pg.execute("CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public")
    pg.execute("CREATE SERVER aurora_migrate_loopback FOREIGN DATA WRAPPER dblink_fdw "
               f"OPTIONS (host '127.0.0.1', port '9', dbname '{pg_url.database}')")  # fmt: skip
    write_output(convert_plsql(CODE), tmp_path)
    outcomes = {o.name: o for o in deploy(tmp_path, pg).outcomes}
    server = outcomes["aurora_migrate_loopback"]
    assert server.status is DeployStatus.ERROR and server.finding is not None
    assert "does not answer" in server.error and "autonomous_server" in server.finding.remedy
    assert outcomes["log_note"].status is DeployStatus.SKIPPED_DEPENDENCY


PACKAGE = """
CREATE OR REPLACE PACKAGE hr.audit_pkg IS
    PROCEDURE note(p_id NUMBER, p_note VARCHAR2);
END audit_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.audit_pkg IS
    PROCEDURE note(p_id NUMBER, p_note VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        INSERT INTO hr.audit_t (id, note, created) VALUES (p_id, p_note, SYSDATE);
        COMMIT;
    EXCEPTION
        WHEN OTHERS THEN NULL;  -- an audit failure never breaks the caller
    END note;
END audit_pkg;
/
"""


def test_a_package_procedure_ending_with_commit_under_a_handler(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection, pg_url: DatabaseUrl
) -> None:
    """The final COMMIT is the dblink call's own commit (PostgreSQL refuses COMMIT inside a block with a handler);
    the row stays when the caller rolls back, and a failing insert is swallowed as in Oracle."""
    result = convert_plsql(PACKAGE, autonomous_server="loopback")
    obj = next(o for o in result.objects if o.name == "note")
    assert obj.status.value != "manual", obj.findings
    assert "-- COMMIT: the autonomous transaction commits when the dblink call returns" in obj.sql
    write_output(result, tmp_path)
    assert all(o.status is DeployStatus.OK for o in deploy(tmp_path, pg).outcomes)
    _loopback(pg, pg_url)
    with pytest.raises(CallerFails), pg.transaction():
        pg.execute("CALL audit_pkg.note(3, 'kept')")
        pg.execute("CALL audit_pkg.note(NULL, repeat('x', 500))")  # too long for note: swallowed
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t") == [(3, "kept")]


ERROR_LOG = """
CREATE OR REPLACE PACKAGE hr.errlog IS
    c_source CONSTANT VARCHAR2(10) := 'app';
    PROCEDURE log(p_where VARCHAR2);
END errlog;
/
CREATE OR REPLACE PACKAGE BODY hr.errlog IS
    FUNCTION describe(p_where VARCHAR2) RETURN VARCHAR2 IS
    BEGIN
        RETURN c_source || ' ' || p_where || ' ' || SQLERRM;
    END describe;
    PROCEDURE log(p_where VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
        c_code CONSTANT INTEGER := SQLCODE;
    BEGIN
        INSERT INTO hr.audit_t (id, note) VALUES (c_code, describe(p_where));
        COMMIT;
    END log;
END errlog;
/
CREATE OR REPLACE PACKAGE hr.app IS
    PROCEDURE work(p_id NUMBER);
END app;
/
CREATE OR REPLACE PACKAGE BODY hr.app IS
    PROCEDURE work(p_id NUMBER) IS
    BEGIN
        INSERT INTO hr.emp_copy (id, name) VALUES (p_id, 'work');
        RAISE_APPLICATION_ERROR(-20001, 'x');
    EXCEPTION
        WHEN OTHERS THEN
            errlog.log('work');
            RAISE;
    END work;
END app;
/
"""


def test_a_package_error_log_keeps_the_handlers_error(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection, pg_url: DatabaseUrl
) -> None:
    """Oracle: the autonomous log's COMMIT keeps its row when the caller's re-raised error rolls the caller back,
    and SQLCODE / SQLERRM inside it (and in the function it calls) are the error the calling handler handles
    (-20001, 'ORA-20001: x'); the package constant with a literal value reads the same in the dblink session, and
    the function touches no package state, so it runs the same there."""
    result = convert_plsql(ERROR_LOG, autonomous_server="loopback")
    log = next(o for o in result.objects if o.name == "log")
    assert log.status.value != "manual", log.findings
    assert "AM-PLSQL-122" not in {f.rule_id for f in log.findings}
    write_output(result, tmp_path)
    assert all(o.status is DeployStatus.OK for o in deploy(tmp_path, pg).outcomes)
    _loopback(pg, pg_url)
    with pytest.raises(Exception, match="x"):
        pg.execute("CALL app.work(7)")
    assert pg.rows("SELECT id FROM hr.emp_copy") == []  # the caller's change is undone...
    assert pg.rows("SELECT id, note FROM hr.audit_t") == [(-20001, "app work ORA-20001: x")]  # ...the log stays
    pg.execute("CALL errlog.log('none')")  # outside any handler: Oracle's 0 and its "no error" text
    assert pg.rows("SELECT id, note FROM hr.audit_t WHERE id = 0") == [
        (0, "app none ORA-0000: normal, successful completion")
    ]


FUNCTION = """
CREATE OR REPLACE FUNCTION hr.next_note(p_note VARCHAR2) RETURN NUMBER IS
    PRAGMA AUTONOMOUS_TRANSACTION;
    v_id NUMBER;
BEGIN
    SELECT COUNT(*) + 1 INTO v_id FROM hr.audit_t;
    INSERT INTO hr.audit_t (id, note) VALUES (v_id, p_note);
    COMMIT;
    RETURN v_id;
END;
/
"""


def test_an_autonomous_function_returns_its_value(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection, pg_url: DatabaseUrl
) -> None:
    """Oracle: the function's rows are committed on their own (the caller's rollback keeps them) and the caller
    gets the value it returns; the second call sees the first one's committed row."""
    result = convert_plsql(FUNCTION, autonomous_server="loopback")
    obj = next(o for o in result.objects if o.name == "next_note")
    assert obj.status.value != "manual", obj.findings
    write_output(result, tmp_path)
    assert all(o.status is DeployStatus.OK for o in deploy(tmp_path, pg).outcomes)
    _loopback(pg, pg_url)
    with pytest.raises(CallerFails), pg.transaction():
        assert pg.rows("SELECT hr.next_note('a'), hr.next_note('b')") == [(1, 2)]
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t ORDER BY id") == [(1, "a"), (2, "b")]


STATEFUL = """
CREATE OR REPLACE PACKAGE hr.counter IS
    g_count NUMBER := 0;
    c_limit CONSTANT NUMBER := 10;
    PROCEDURE bump;
    PROCEDURE note(p_note VARCHAR2);
    PROCEDURE relay(p_note VARCHAR2);
    PROCEDURE reset(p_note VARCHAR2);
END counter;
/
CREATE OR REPLACE PACKAGE BODY hr.counter IS
    PROCEDURE bump IS
    BEGIN
        g_count := g_count + 1;
    END bump;
    PROCEDURE note(p_note VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        INSERT INTO hr.audit_t (id, note) VALUES (g_count, p_note);
        COMMIT;
    END note;
    PROCEDURE relay(p_note VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        bump;
        INSERT INTO hr.audit_t (id, note) VALUES (c_limit, p_note);
        COMMIT;
    END relay;
    PROCEDURE reset(p_note VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        INSERT INTO hr.audit_t (id, note) VALUES (g_count, p_note);
        g_count := 0;
        COMMIT;
    END reset;
END counter;
/
CREATE OR REPLACE PACKAGE hr.started IS
    PROCEDURE note(p_note VARCHAR2);
END started;
/
CREATE OR REPLACE PACKAGE BODY hr.started IS
    PROCEDURE note(p_note VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        INSERT INTO hr.audit_t (id, note) VALUES (1, p_note);
        COMMIT;
    END note;
BEGIN
    INSERT INTO hr.audit_t (id, note) VALUES (0, 'package started');
END started;
/
"""


def test_package_state_set_or_initialised_keeps_the_finding(convert_plsql: Convert) -> None:
    """The dblink session has its own package state: a body setting a package variable (it would set that
    session's copy), or calling a routine of the run that touches package state, or in a package with an
    initialisation section (it would run again there), stays AM-PLSQL-007."""
    objects = {
        o.name: o for o in convert_plsql(STATEFUL, autonomous_server="loopback").objects if o.schema == "counter"
    }
    for name, why in (("reset", "sets package state (g_count)"), ("relay", "calls bump")):
        assert objects[name].status.value == "manual", name
        assert any(f.rule_id == "AM-PLSQL-007" and why in f.message for f in objects[name].findings), name
    assert objects["bump"].status.value == "converted"
    started = next(o for o in convert_plsql(STATEFUL, autonomous_server="loopback").objects
                   if o.name == "note" and o.schema == "started")  # fmt: skip
    assert started.status.value == "manual"  # Oracle runs the initialisation once per session, not per call
    assert any("initialisation section" in f.message for f in started.findings if f.rule_id == "AM-PLSQL-007")


def test_package_state_read_is_the_callers(convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection) -> None:
    """Oracle: the autonomous body runs in its caller's session and reads the caller's g_count (2 after two bumps,
    0 before any: the default on first use), while its row stays when the caller rolls back."""
    result = convert_plsql(STATEFUL)
    note = next(o for o in result.objects if o.schema == "counter" and o.name == "note")
    assert note.status.value == "converted", note.sql
    write_output(result, tmp_path)
    deploy(tmp_path, pg)
    pg.execute("CALL counter.note('first')")
    with pytest.raises(CallerFails), pg.transaction():
        pg.execute("CALL counter.bump()")
        pg.execute("CALL counter.bump()")
        pg.execute("CALL counter.note('after two')")
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t ORDER BY note") == [(2, "after two"), (0, "first")]


OUT_PARAMETERS = """
CREATE OR REPLACE PROCEDURE hr.next_id(p_note IN VARCHAR2, p_id OUT NUMBER, p_count IN OUT NUMBER) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    SELECT COUNT(*) + 1 INTO p_id FROM hr.audit_t;
    INSERT INTO hr.audit_t (id, note) VALUES (p_id, p_note);
    p_count := p_count + 1;
    COMMIT;
END;
/
"""


def test_out_parameters_come_back_from_the_autonomous_call(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection, pg_url: DatabaseUrl
) -> None:
    """Oracle: the caller's OUT and IN OUT variables get the values the autonomous procedure set (p_id the row's
    number, p_count one more), and its committed row stays when the caller rolls back."""
    result = convert_plsql(OUT_PARAMETERS, autonomous_server="loopback")
    obj = next(o for o in result.objects if o.name == "next_id")
    assert obj.status.value != "manual", obj.findings
    write_output(result, tmp_path)
    assert all(o.status is DeployStatus.OK for o in deploy(tmp_path, pg).outcomes)
    _loopback(pg, pg_url)
    with pytest.raises(CallerFails), pg.transaction():
        assert pg.rows("CALL hr.next_id('a', NULL, 5)") == [(1, 6)]
        assert pg.rows("CALL hr.next_id('b', NULL, NULL)") == [(2, None)]  # NULL + 1 is NULL in Oracle too
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t ORDER BY id") == [(1, "a"), (2, "b")]


ANCHORED = """
CREATE OR REPLACE PROCEDURE hr.add_note(p_note IN hr.audit_t.note%TYPE, p_id OUT hr.audit_t.id%TYPE) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    SELECT COUNT(*) + 1 INTO p_id FROM hr.audit_t;
    INSERT INTO hr.audit_t (id, note, created) VALUES (p_id, p_note, DATE '2024-02-29');
    COMMIT;
END;
/
CREATE OR REPLACE FUNCTION hr.last_created RETURN hr.audit_t.created%TYPE IS
    PRAGMA AUTONOMOUS_TRANSACTION;
    v hr.audit_t.created%TYPE;
BEGIN
    SELECT MAX(created) INTO v FROM hr.audit_t;
    COMMIT;
    RETURN v;
END;
/
"""


def test_anchored_out_parameters_and_results_come_back(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection
) -> None:
    """Oracle: an OUT parameter or a result typed `t.col%TYPE` comes back with its value (dblink's column list
    cannot name the anchored type: it carries the text, read back with the type's input function)."""
    result = convert_plsql(ANCHORED)
    for name in ("add_note", "last_created"):
        obj = next(o for o in result.objects if o.name == name)
        assert obj.status.value != "manual", obj.findings
    write_output(result, tmp_path)
    assert all(o.status is DeployStatus.OK for o in deploy(tmp_path, pg).outcomes)
    assert pg.rows("CALL hr.add_note('first', NULL)") == [(1,)]
    assert pg.rows("CALL hr.add_note('second', NULL)") == [(2,)]
    assert [str(r[0]) for r in pg.rows("SELECT hr.last_created()")] == ["2024-02-29 00:00:00"]


STATE_THEN_COMMITS = """
CREATE OR REPLACE PACKAGE hr.batches IS
    PROCEDURE start_batch(p_id NUMBER);
    PROCEDURE log_steps(p_note VARCHAR2);
END batches;
/
CREATE OR REPLACE PACKAGE BODY hr.batches IS
    g_batch NUMBER := 0;
    PROCEDURE start_batch(p_id NUMBER) IS
    BEGIN
        g_batch := p_id;
    END start_batch;
    PROCEDURE log_steps(p_note VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        INSERT INTO hr.audit_t (id, note) VALUES (g_batch, p_note || ' 1');
        COMMIT;
        INSERT INTO hr.audit_t (id, note) VALUES (g_batch, p_note || ' 2');
        COMMIT;
    END log_steps;
END batches;
/
"""


def test_package_state_read_by_a_body_committing_midway(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection
) -> None:
    """An autonomous body reading the caller's package state and committing before its end: the state is set in
    the remote session by a statement of its own, then the call runs there (in one statement with the state,
    PostgreSQL would refuse its COMMITs). Its rows stay when the caller rolls back, and the connection closes."""
    result = convert_plsql(STATE_THEN_COMMITS)
    objects = {o.name: o for o in result.objects if o.schema == "batches"}
    assert objects["log_steps"].status.value == "converted", objects["log_steps"].findings
    write_output(result, tmp_path)
    deploy(tmp_path, pg)
    with pytest.raises(CallerFails), pg.transaction():
        pg.execute("CALL batches.start_batch(7)")
        pg.execute("CALL batches.log_steps('step')")
        raise CallerFails
    assert pg.rows("SELECT id, note FROM hr.audit_t ORDER BY note") == [(7, "step 1"), (7, "step 2")]
    assert pg.rows("SELECT dblink_get_connections()") == [(None,)]
