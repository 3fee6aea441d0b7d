"""INSERT ALL / INSERT FIRST inside PL/SQL routines: the embedded statement goes through the same rewrite as a
query (converters/rewrites/oracle_insert_all.py), with the routine's cursor record fields, parameters and variables
in VALUES and WHEN. Deployed, run on the real PostgreSQL, and the rows compared with Oracle's semantics."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2), dept NUMBER(4));
CREATE TABLE hr.high_paid (id NUMBER(6), name VARCHAR2(30));
CREATE TABLE hr.emp_notes (id NUMBER(6), note VARCHAR2(60));
CREATE OR REPLACE PROCEDURE hr.split_emps(p_dept NUMBER, p_min NUMBER) IS
    CURSOR c_emps IS SELECT id, name, salary FROM hr.emp WHERE dept = p_dept ORDER BY id;
    v_tag VARCHAR2(10) := 'seen';
BEGIN
    FOR r IN c_emps LOOP
        INSERT ALL
            WHEN r.salary >= p_min THEN INTO hr.high_paid (id, name) VALUES (r.id, r.name)
            WHEN 1 = 1 THEN INTO hr.emp_notes (id, note) VALUES (r.id, v_tag || ' ' || r.name)
        SELECT * FROM dual;
    END LOOP;
END;
/
CREATE OR REPLACE PROCEDURE hr.route_emps(p_min NUMBER) IS
BEGIN
    INSERT FIRST
        WHEN salary >= p_min THEN INTO hr.high_paid VALUES (id, name)
        WHEN dept = 20 THEN INTO hr.emp_notes (id, note) VALUES (id, 'dept ' || dept)
        ELSE INTO hr.emp_notes (id, note) VALUES (id, name)
    SELECT id, name, salary, dept FROM hr.emp;
END;
/
CREATE OR REPLACE PROCEDURE hr.count_emps(p_count OUT NUMBER) IS
BEGIN
    INSERT ALL INTO hr.high_paid (id) VALUES (id) INTO hr.emp_notes (id) VALUES (id) SELECT id FROM hr.emp;
    p_count := SQL%ROWCOUNT;
END;
/
"""
ROUTINES = {"split_emps", "route_emps"}
EMPLOYEES = (
    "(1, 'Ann', 5000, 10), (2, 'Bob', 1000, 10), (3, 'Cid', 3000, 20), (4, 'Dee', NULL, 20), (5, 'Eve', 800, 30)"
)


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("insert_all"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


@pytest.fixture
def conn(deployed):  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as c:
        c.execute("DELETE FROM hr.high_paid; DELETE FROM hr.emp_notes; DELETE FROM hr.emp")
        c.execute(f"INSERT INTO hr.emp VALUES {EMPLOYEES}")
        yield c


def _rows(conn):  # type: ignore[no-untyped-def]
    return (
        conn.rows("SELECT id, name FROM hr.high_paid ORDER BY id"),
        conn.rows("SELECT id, note FROM hr.emp_notes ORDER BY id"),
    )


def test_the_routines_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in ROUTINES:
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
    assert_clean(report, ROUTINES)


def test_insert_all_per_cursor_row_with_record_fields(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: for each employee of dept 10, the high-paid INTO when the salary reaches p_min, the note always."""
    conn.execute("CALL hr.split_emps(10, 2000)")
    assert _rows(conn) == ([(1, "Ann")], [(1, "seen Ann"), (2, "seen Bob")])


def test_insert_first_with_a_parameter_in_a_when(conn) -> None:  # type: ignore[no-untyped-def]
    """Oracle: 1 and 3 reach p_min (first WHEN only); 4's salary is NULL (not true) and its dept 20; 2 and 5 ELSE."""
    conn.execute("CALL hr.route_emps(2000)")
    assert _rows(conn) == ([(1, "Ann"), (3, "Cid")], [(2, "Bob"), (4, "dept 20"), (5, "Eve")])


def test_a_row_count_read_after_it_stays_manual(deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL%ROWCOUNT after INSERT ALL is every INTO's rows in Oracle; PostgreSQL would report the last INTO's."""
    objects = deployed[0]
    assert objects["count_emps"].status is ObjectStatus.MANUAL
    assert "AM-PLSQL-161" in {f.rule_id for f in objects["count_emps"].findings}
