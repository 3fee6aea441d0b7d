"""PRAGMA AUTONOMOUS_TRANSACTION through dblink (conversion.autonomous_server): the logged row stays when the
caller rolls back, as in Oracle."""

from __future__ import annotations

import pytest

from converters.output import write_output
from migrate.deploy import deploy
from migrate.model import DeployStatus

CODE = """
CREATE OR REPLACE PROCEDURE hr.log_note(p_id NUMBER, p_note VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    INSERT INTO hr.audit_t (id, note, created) VALUES (p_id, p_note, SYSDATE);
    COMMIT;
END;
/
"""


def test_autonomous_procedure_commits_on_its_own(convert_plsql, tmp_path, pg, pg_url) -> None:
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


def _loopback(pg, pg_url) -> None:  # type: ignore[no-untyped-def]
    """The dblink server `loopback` back to the test database (the embedded server listens on a socket folder)."""
    host = pg_url.host or pg_url.query.get("host", "")
    pg.execute(f"CREATE SERVER loopback FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host '{host}', "
               f"port '{pg_url.port or 5432}', dbname '{pg_url.database}')")  # fmt: skip
    pg.execute(f"CREATE USER MAPPING FOR CURRENT_USER SERVER loopback OPTIONS (user '{pg_url.username or 'postgres'}')")


class CallerFails(Exception):
    """Ends the caller's transaction with a rollback."""


def test_without_a_server_it_stays_manual(convert_plsql) -> None:
    obj = next(o for o in convert_plsql(CODE).objects if o.name == "log_note")
    assert [f.rule_id for f in obj.findings] == ["AM-PLSQL-007"]


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


def test_a_package_procedure_ending_with_commit_under_a_handler(convert_plsql, tmp_path, pg, pg_url) -> None:
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
