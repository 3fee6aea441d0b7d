"""Autonomous DML triggers (plsql_autotrigger): the body runs as an autonomous procedure through dblink, so what it
commits stays when the triggering statement rolls back, and its error fails that statement, as in Oracle."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.output import write_output
from converters.procedural.plsql_facts import user_sqlstate
from migrate.deploy import deploy
from migrate.engines.postgres import PostgresConnection
from migrate.errors import QueryError
from migrate.model import ConversionResult, ConvertedObject, DeployStatus
from tests.converters.procedural.conftest import Convert

REFUSE = """
CREATE OR REPLACE TRIGGER hr.emp_copy_locked
BEFORE INSERT OR UPDATE OR DELETE ON hr.emp_copy
DECLARE
    PRAGMA AUTONOMOUS_TRANSACTION;
    v_what VARCHAR2(10);
BEGIN
    IF INSERTING THEN v_what := 'insert'; ELSIF UPDATING THEN v_what := 'update'; ELSE v_what := 'delete'; END IF;
    INSERT INTO hr.audit_t (id, note, created) VALUES (8, 'refused ' || v_what, SYSDATE);
    COMMIT;
    RAISE_APPLICATION_ERROR(-20008, 'emp_copy is read-only');
END;
/
"""


def _deployed(result: ConversionResult, tmp_path: Path, pg: PostgresConnection) -> None:
    """Deploy the conversion (deploy creates the loopback dblink server from its connection)."""
    write_output(result, tmp_path)
    outcomes = {o.name: o for o in deploy(tmp_path, pg).outcomes}
    assert all(o.status is DeployStatus.OK for o in outcomes.values()), outcomes


def _objects(result: ConversionResult) -> dict[str, ConvertedObject]:
    return {o.name: o for o in result.objects if o.schema == "hr" and o.kind in ("procedure", "trigger")}


def test_log_then_refuse_fails_the_statement_and_keeps_the_log(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection
) -> None:
    """Oracle: the statement trigger logs the attempt, commits it in its own transaction, then raises: the DML
    fails with ORA-20008 and its message, and the logged row stays."""
    result = convert_plsql(REFUSE)
    made = _objects(result)
    assert made["emp_copy_locked_aurora"].status.value == "converted", made["emp_copy_locked_aurora"].findings
    assert made["emp_copy_locked"].status.value == "converted", made["emp_copy_locked"].findings
    assert "hr.emp_copy_locked_aurora" in made["emp_copy_locked"].depends_on
    assert "CALL hr.emp_copy_locked_aurora((TG_OP = 'INSERT'), (TG_OP = 'UPDATE'))" in made["emp_copy_locked"].sql
    _deployed(result, tmp_path, pg)
    for n, (dml, what) in enumerate((("INSERT INTO hr.emp_copy VALUES (1, 'a')", "insert"),
                                     ("UPDATE hr.emp_copy SET name = 'b'", "update")), 1):  # fmt: skip
        with pytest.raises(QueryError, match="emp_copy is read-only") as raised:
            pg.execute(dml)
        assert getattr(raised.value.__cause__, "sqlstate", "") == user_sqlstate(-20008)  # ORA-20008's
        assert pg.rows("SELECT count(*) FROM hr.audit_t WHERE note = %s", (f"refused {what}",)) == [(1,)], n
    assert pg.rows("SELECT count(*) FROM hr.emp_copy") == [(0,)]


AUDIT = """
CREATE OR REPLACE TRIGGER hr.emp_salary_audit
AFTER UPDATE ON hr.emp
REFERENCING OLD AS o NEW AS n
FOR EACH ROW
DECLARE
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    INSERT INTO hr.audit_t (id, note, created)
    VALUES (:n.id, :o.name || ': ' || :o.salary || ' -> ' || :n.salary
                   || CASE WHEN UPDATING('SALARY') THEN ' (salary)' END, SYSDATE);
    COMMIT;
END;
/
"""


def test_audit_row_stays_when_the_update_rolls_back(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection
) -> None:
    """Oracle: the row trigger's audit row, committed in its own transaction, stays when the UPDATE that fired it
    is rolled back; :OLD and :NEW (REFERENCING aliases) are the row's values before and after."""
    result = convert_plsql(AUDIT)
    made = _objects(result)
    assert {made[n].status.value for n in ("emp_salary_audit", "emp_salary_audit_aurora")} == {"converted"}
    assert "aurora_old_salary hr.emp.salary%TYPE" in made["emp_salary_audit_aurora"].sql
    _deployed(result, tmp_path, pg)
    pg.execute("INSERT INTO hr.emp (id, name, salary) VALUES (1, 'Ann', 100)")
    with pytest.raises(CallerFails), pg.transaction():
        pg.execute("UPDATE hr.emp SET salary = 150 WHERE id = 1")
        raise CallerFails
    assert pg.rows("SELECT salary FROM hr.emp") == [(100,)]  # the update is undone...
    assert pg.rows("SELECT id, note FROM hr.audit_t") == [(1, "Ann: 100 -> 150 (salary)")]  # ...its audit stays
    pg.execute("UPDATE hr.emp SET name = 'Bo' WHERE id = 1")
    assert pg.rows("SELECT note FROM hr.audit_t WHERE note LIKE 'Ann: 100 -> 100%'") == [("Ann: 100 -> 100",)]


class CallerFails(Exception):
    """Ends the caller's transaction with a rollback."""


SOFT_DELETE = """
CREATE TABLE hr.doc (id NUMBER PRIMARY KEY, title VARCHAR2(50), deleted CHAR(1) DEFAULT 'N');
CREATE VIEW hr.live_doc AS SELECT id, title FROM hr.doc WHERE deleted = 'N';
CREATE OR REPLACE TRIGGER hr.live_doc_delete
INSTEAD OF DELETE ON hr.live_doc
FOR EACH ROW
DECLARE
    PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
    UPDATE hr.doc SET deleted = 'Y' WHERE id = :OLD.id;
    COMMIT;
END;
/
"""


def test_instead_of_delete_soft_deletes_in_its_own_transaction(
    convert_plsql: Convert, tmp_path: Path, pg: PostgresConnection
) -> None:
    """Oracle: DELETE on the view runs the INSTEAD OF trigger, which marks the base row deleted and commits on
    its own: the mark stays when the deleting transaction rolls back."""
    result = convert_plsql(SOFT_DELETE)
    made = _objects(result)
    assert {made[n].status.value for n in ("live_doc_delete", "live_doc_delete_aurora")} == {"converted"}
    _deployed(result, tmp_path, pg)
    pg.execute("INSERT INTO hr.doc (id, title) VALUES (1, 'one'), (2, 'two')")
    with pytest.raises(CallerFails), pg.transaction():
        pg.execute("DELETE FROM hr.live_doc WHERE id = 1")
        raise CallerFails
    assert pg.rows("SELECT id FROM hr.live_doc") == [(2,)]
    assert pg.rows("SELECT id, deleted FROM hr.doc ORDER BY id") == [(1, "Y"), (2, "N")]


def test_a_trigger_of_an_export_without_schema_names(convert_plsql: Convert) -> None:
    """An export that names no schema (its objects go to the run's default schema, whose source name DEFAULT is a
    PL/SQL keyword): the parameters' anchors still name the view, quoted."""
    code = SOFT_DELETE.replace("hr.", "")
    made = {o.name: o for o in convert_plsql(code).objects if o.schema == "default"}
    assert {made[n].status.value for n in ("live_doc_delete", "live_doc_delete_aurora")} == {"converted"}
    assert '"default".live_doc.id%TYPE' in made["live_doc_delete_aurora"].sql


MANUAL = [
    (
        """CREATE OR REPLACE TRIGGER hr.emp_name_fix BEFORE INSERT ON hr.emp FOR EACH ROW
DECLARE PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN :NEW.name := UPPER(:NEW.name); INSERT INTO hr.audit_t (id) VALUES (:NEW.id); COMMIT; END;
/""",
        "sets :NEW.name",
    ),
    (
        """CREATE OR REPLACE TRIGGER hr.emp_name_into BEFORE UPDATE ON hr.emp FOR EACH ROW
DECLARE PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN SELECT MAX(note) INTO :NEW.name FROM hr.audit_t; COMMIT; END;
/""",
        "sets :NEW.name",
    ),
    (
        """CREATE OR REPLACE TRIGGER hr.emp_self BEFORE UPDATE ON hr.emp FOR EACH ROW
DECLARE PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN UPDATE hr.emp SET dept = 1 WHERE id = :OLD.id; COMMIT; END;
/""",
        "writes emp, the table it fires on",
    ),
    (  # a compound trigger's timing point: not rewritten
        """CREATE OR REPLACE TRIGGER hr.emp_points FOR UPDATE ON hr.emp COMPOUND TRIGGER
  AFTER EACH ROW IS PRAGMA AUTONOMOUS_TRANSACTION;
  BEGIN INSERT INTO hr.audit_t (id) VALUES (:NEW.id); COMMIT; END AFTER EACH ROW;
END emp_points;
/""",
        "PRAGMA AUTONOMOUS_TRANSACTION",
    ),
]


@pytest.mark.parametrize(("code", "why"), MANUAL)
def test_forms_that_stay_manual(convert_plsql: Convert, code: str, why: str) -> None:
    """A body setting :NEW (the row the statement writes: the other session cannot change it) or writing the table
    it fires on (the other session would wait for the triggering statement's row locks), and a compound trigger,
    stay AM-PLSQL-007."""
    triggers = [o for o in convert_plsql(code).objects if o.kind == "trigger"]
    assert [o.status.value for o in triggers] == ["manual"]
    assert any(f.rule_id == "AM-PLSQL-007" and why in f.message for f in triggers[0].findings), triggers[0].findings
    assert not any(o.name.endswith("_aurora") for o in convert_plsql(code).objects)


def test_an_after_trigger_passes_new_to_a_procedure(convert_plsql: Convert) -> None:
    """In an AFTER trigger :NEW cannot be set (Oracle refuses to compile it, ORA-04084): passing :NEW.id to a
    procedure converts (in a BEFORE trigger the parameter might be OUT: it stays AM-PLSQL-007)."""
    code = """CREATE OR REPLACE PROCEDURE hr.note_it(p_id NUMBER) IS BEGIN INSERT INTO hr.audit_t (id) VALUES (p_id); END;
/
CREATE OR REPLACE TRIGGER hr.emp_noted {} INSERT ON hr.emp FOR EACH ROW
DECLARE PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN hr.note_it(:NEW.id); COMMIT; END;
/"""
    after = _objects(convert_plsql(code.format("AFTER")))
    assert after["emp_noted"].status.value == "converted" and "emp_noted_aurora" in after
    before = _objects(convert_plsql(code.format("BEFORE")))
    assert before["emp_noted"].status.value == "manual" and "emp_noted_aurora" not in before


def test_without_a_server_an_autonomous_trigger_stays_manual(convert_plsql: Convert) -> None:
    objects = convert_plsql(REFUSE, autonomous_server="").objects
    trigger = next(o for o in objects if o.kind == "trigger")
    assert trigger.status.value == "manual" and "AM-PLSQL-007" in {f.rule_id for f in trigger.findings}
    assert not any(o.name.endswith("_aurora") for o in objects)
