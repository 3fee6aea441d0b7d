"""A call before an EXCEPTION section of a routine that changes nothing (plsql_quiet) is not a change PostgreSQL's
subtransaction would undo: the block converts exactly. A call of a routine whose only change is one INSERT (a log
row) is protected like a statement (plsql_atomic): Oracle keeps the row when the handler catches the error. One
that sets package state keeps the block manual (AM-PLSQL-027)."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.errors import QueryError
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE TABLE hr.users_t (id NUMBER PRIMARY KEY, user_name VARCHAR2(30));
CREATE TABLE hr.log_t (note VARCHAR2(200));
CREATE OR REPLACE PACKAGE hr.util_pkg IS
    PROCEDURE raise_error(p_text VARCHAR2);
    PROCEDURE check_name(p_name VARCHAR2);
    PROCEDURE log_it(p_text VARCHAR2);
    FUNCTION counted RETURN NUMBER;
    PROCEDURE bump;
END util_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.util_pkg IS
    g_count NUMBER := 0;
    PROCEDURE raise_error(p_text VARCHAR2) IS
    BEGIN
        RAISE_APPLICATION_ERROR(-20001, p_text);
    END raise_error;
    PROCEDURE check_name(p_name VARCHAR2) IS
        v_len NUMBER;
    BEGIN
        SELECT LENGTH(p_name) INTO v_len FROM dual;
        IF p_name IS NULL OR v_len > 30 THEN
            raise_error('bad user name');
        END IF;
    END check_name;
    PROCEDURE log_it(p_text VARCHAR2) IS
    BEGIN
        INSERT INTO hr.log_t (note) VALUES (p_text);
    END log_it;
    FUNCTION counted RETURN NUMBER IS
    BEGIN
        g_count := g_count + 1;
        RETURN g_count;
    END counted;
    PROCEDURE bump IS
    BEGIN
        g_count := g_count + 1;
    END bump;
END util_pkg;
/
CREATE OR REPLACE FUNCTION hr.user_id(p_name VARCHAR2) RETURN NUMBER IS
    v_id NUMBER;
BEGIN
    hr.util_pkg.check_name(p_name);
    SELECT id INTO v_id FROM hr.users_t WHERE user_name = p_name;
    RETURN v_id;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
CREATE OR REPLACE FUNCTION hr.logged_user_id(p_name VARCHAR2) RETURN NUMBER IS
    v_id NUMBER;
BEGIN
    hr.util_pkg.log_it('looking for ' || p_name);
    SELECT id INTO v_id FROM hr.users_t WHERE user_name = p_name;
    RETURN v_id;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
"""

CODE += """
CREATE OR REPLACE FUNCTION hr.bumped_user_id(p_name VARCHAR2) RETURN NUMBER IS
    v_id NUMBER;
BEGIN
    hr.util_pkg.bump;
    SELECT id INTO v_id FROM hr.users_t WHERE user_name = p_name;
    RETURN v_id;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
"""

ROWS = "INSERT INTO hr.users_t VALUES (7, 'ann')"


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("quiet"), CODE, ROWS)
    yield {o.name: o for o in result.objects}, {o.name: o for o in report.outcomes}, url
    _dropper.names.put(url.database)


def test_a_call_of_a_routine_that_changes_nothing_keeps_the_block_exact(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, outcomes, url = deployed
    assert objects["user_id"].status is not ObjectStatus.MANUAL, objects["user_id"].findings
    assert outcomes["user_id"].error == ""
    with connect(url) as conn:
        assert conn.rows("SELECT hr.user_id('ann'), hr.user_id('bob')") == [(7, None)]
        with pytest.raises(QueryError, match="bad user name"):
            conn.rows("SELECT hr.user_id(NULL)")


def test_a_call_of_a_routine_whose_only_change_is_its_insert(deployed) -> None:  # type: ignore[no-untyped-def]
    """log_it's INSERT is all it changes: when it fails it changed nothing, so its call is protected like a
    statement (plsql_atomic) and the row it wrote stays when the SELECT after it finds nothing, as in Oracle."""
    objects, outcomes, url = deployed
    logged = objects["logged_user_id"]
    assert logged.status is not ObjectStatus.MANUAL, logged.findings
    assert "AM-PLSQL-124" in {f.rule_id for f in logged.findings}
    assert outcomes["logged_user_id"].error == ""
    with connect(url) as conn:
        assert conn.rows("SELECT hr.logged_user_id('bob')") == [(None,)]
        assert conn.rows("SELECT note FROM hr.log_t") == [("looking for bob",)]


def test_a_call_of_a_routine_that_sets_package_state_goes_through_its_twin(deployed) -> None:  # type: ignore[no-untyped-def]
    """bump sets package state: a sub-block around its call would undo it when the SELECT after it fails; its twin
    (plsql_twin) keeps it, as Oracle does."""
    objects, outcomes, url = deployed
    assert objects["bumped_user_id"].status is not ObjectStatus.MANUAL, objects["bumped_user_id"].findings
    assert "util_pkg.bump_aurora_try" in objects["bumped_user_id"].depends_on
    assert outcomes["bumped_user_id"].error == ""
    with connect(url) as conn:
        # Oracle: bump counts 1, the SELECT finds no 'bob' (NULL from the handler), the count stays; counted -> 2
        assert conn.rows("SELECT hr.bumped_user_id('bob')") == [(None,)]
        assert conn.rows("SELECT util_pkg.counted()") == [(2,)]


def test_collection_methods_with_empty_parentheses(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """v.COUNT() is v.COUNT (PL/SQL accepts both): it printed cardinality(v)() before, a syntax error."""
    code = """
CREATE OR REPLACE FUNCTION hr.joined(p_names SYS.ODCIVARCHAR2LIST) RETURN VARCHAR2 IS
    TYPE t_list IS TABLE OF VARCHAR2(30);
    v_list t_list := t_list('a', 'b');
    v_text VARCHAR2(200);
BEGIN
    FOR i IN 1 .. v_list.COUNT() LOOP
        v_text := v_text || v_list(i);
    END LOOP;
    RETURN v_text || v_list.LAST() || v_list.FIRST();
END;
/
"""
    routine = next(o for o in convert_plsql(code).objects if o.name == "joined")
    assert "cardinality(v_list), 0)()" not in routine.sql and ")()" not in routine.sql
    assert "FOR i IN 1..coalesce(cardinality(v_list), 0) LOOP" in routine.sql


def test_statements_after_the_only_change_that_cannot_fail_keep_the_block_exact(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """DELETE ...; p_n := SQL%ROWCOUNT; EXCEPTION WHEN OTHERS: the count cannot fail, so the handler runs only when
    the DELETE itself failed (undone in both). A division after the DELETE can fail with the row deleted: each
    statement is then protected on its own (plsql_atomic, AM-PLSQL-124)."""
    code = """
CREATE OR REPLACE PROCEDURE hr.drop_user(p_id NUMBER, p_n OUT NUMBER) IS
BEGIN
    DELETE FROM hr.emp WHERE id = p_id;
    p_n := SQL%ROWCOUNT;
EXCEPTION
    WHEN OTHERS THEN
        p_n := -1;
END;
/
CREATE OR REPLACE PROCEDURE hr.drop_user_ratio(p_id NUMBER, p_n OUT NUMBER) IS
BEGIN
    DELETE FROM hr.emp WHERE id = p_id;
    p_n := 100 / p_id;
EXCEPTION
    WHEN OTHERS THEN
        p_n := -1;
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert objects["drop_user"].status is not ObjectStatus.MANUAL, objects["drop_user"].findings
    assert "AM-PLSQL-124" not in {f.rule_id for f in objects["drop_user"].findings}
    assert {f.rule_id for f in objects["drop_user_ratio"].findings} == {"AM-PLSQL-124"}


def test_a_routine_of_a_package_with_an_initialisation_section_is_not_quiet(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """Its first call runs the package's initialisation section (here an INSERT), inside the protected block."""
    code = """
CREATE OR REPLACE PACKAGE hr.init_pkg IS
    PROCEDURE check_it(p VARCHAR2);
END init_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.init_pkg IS
    PROCEDURE check_it(p VARCHAR2) IS
    BEGIN
        IF p IS NULL THEN RAISE_APPLICATION_ERROR(-20001, 'empty'); END IF;
    END check_it;
BEGIN
    INSERT INTO hr.audit_t (id, note) VALUES (0, 'package started');
END init_pkg;
/
CREATE OR REPLACE FUNCTION hr.emp_name(p_id NUMBER) RETURN VARCHAR2 IS
    v VARCHAR2(30);
BEGIN
    hr.init_pkg.check_it('x');
    SELECT name INTO v FROM hr.emp WHERE id = p_id;
    RETURN v;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
"""
    routine = next(o for o in convert_plsql(code).objects if o.name == "emp_name")
    assert "AM-PLSQL-027" in {f.rule_id for f in routine.findings}


def test_a_supplied_package_that_can_write_is_not_quiet(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """DBMS_UTILITY.FORMAT_ERROR_STACK keeps nothing, DBMS_UTILITY.EXEC_DDL_STATEMENT runs DDL: only the first
    leaves its caller quiet."""
    code = """
CREATE OR REPLACE PACKAGE hr.ddl_pkg IS
    PROCEDURE run_ddl(p VARCHAR2);
END ddl_pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.ddl_pkg IS
    PROCEDURE run_ddl(p VARCHAR2) IS
    BEGIN
        DBMS_UTILITY.EXEC_DDL_STATEMENT(p);
    END run_ddl;
END ddl_pkg;
/
CREATE OR REPLACE FUNCTION hr.emp_name2(p_id NUMBER) RETURN VARCHAR2 IS
    v VARCHAR2(30);
BEGIN
    hr.ddl_pkg.run_ddl('CREATE TABLE hr.x (a NUMBER)');
    SELECT name INTO v FROM hr.emp WHERE id = p_id;
    RETURN v;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    # run_ddl changes what a sub-block would undo: its call goes through its twin, which has no exact form (the
    # supplied call is no statement it can protect): the twin is manual and the caller waits for it
    assert "AM-PLSQL-027" in {f.rule_id for f in objects["run_ddl_aurora_try"].findings}
    assert "AM-PLSQL-026" in {f.rule_id for f in objects["emp_name2"].findings}


def test_a_query_s_fetch_first_rows_moves_no_cursor(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """`FETCH FIRST 1 ROW ONLY` limits a query's rows: the function reading with it changes nothing, so a block
    calling it before a SELECT its handler protects converts as written; a cursor FETCH (here of a cursor named
    `next`) is still not quiet, and a function called with its schema (`hr.next_salary`) is the standalone one."""
    code = """
CREATE OR REPLACE FUNCTION hr.top_salary RETURN NUMBER IS
    v NUMBER;
BEGIN
    SELECT salary INTO v FROM hr.emp ORDER BY salary DESC FETCH FIRST 1 ROW ONLY;
    RETURN v;
END;
/
CREATE OR REPLACE FUNCTION hr.next_salary RETURN NUMBER IS
    CURSOR next IS SELECT salary FROM hr.emp;
    v NUMBER;
BEGIN
    OPEN next;
    FETCH next INTO v;
    CLOSE next;
    RETURN v;
END;
/
CREATE OR REPLACE FUNCTION hr.name_of(p_id NUMBER) RETURN VARCHAR2 IS
    v_top NUMBER;
    v VARCHAR2(30);
BEGIN
    v_top := hr.top_salary;
    SELECT name INTO v FROM hr.emp WHERE id = p_id AND salary <= v_top;
    RETURN v;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
CREATE OR REPLACE FUNCTION hr.name_of_next(p_id NUMBER) RETURN VARCHAR2 IS
    v_top NUMBER;
    v VARCHAR2(30);
BEGIN
    v_top := hr.next_salary;
    SELECT name INTO v FROM hr.emp WHERE id = p_id AND salary <= v_top;
    RETURN v;
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN NULL;
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert objects["name_of"].status is ObjectStatus.CONVERTED, objects["name_of"].findings
    assert "AM-PLSQL-027" in {f.rule_id for f in objects["name_of_next"].findings}
