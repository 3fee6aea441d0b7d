"""Round 6 (b): what two more real code bases showed (a client API course project, a PL/SQL utility library), fixed
in the general case and checked on the real PostgreSQL against what Oracle returns:

- UPDATE t a SET a.col = ...: Oracle lets a SET target name the updated table or its alias, PostgreSQL does not;
- TABLE(v) in FROM of a parameter or variable of a schema-level collection type, and VALUE(t) of its rows;
- INSTR with an occurrence of a local CONSTANT built from CHR(n) (`l_eol CONSTANT VARCHAR2(1) := CHR(10)`);
- a call of a member its package does not declare (the source does not compile on Oracle): a clear finding;
- a string literal that spans lines keeps its value (its lines are not indented with the code around it);
- SQLCODE / SQLERRM outside an exception handler (Oracle: the error a caller's handler handles) is a finding;
- SUBSTR(s, INSTR(s, x) + 1): a start that is a position plus a positive integer is never below 1, no finding.
"""

from __future__ import annotations

import pytest

from converters.output import write_output
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TYPE r6_pair AS OBJECT (k NUMBER, v VARCHAR2(30));
/
CREATE TYPE r6_pairs AS TABLE OF r6_pair;
/
CREATE TYPE r6_numbers AS TABLE OF NUMBER;
/
CREATE OR REPLACE PROCEDURE hr.r6_raise(p_id NUMBER, p_by NUMBER) IS
BEGIN
    UPDATE hr.emp e
       SET e.salary = e.salary + p_by, e.name = e.name || '+'
     WHERE e.id = p_id;
    UPDATE hr.emp SET emp.dept = 7 WHERE emp.id = p_id;
    UPDATE hr.emp_copy c SET (c.name) = (SELECT e.name FROM hr.emp e WHERE e.id = c.id) WHERE c.id = p_id;
END;
/
CREATE OR REPLACE PROCEDURE hr.r6_upsert(p_pairs r6_pairs) IS
BEGIN
    MERGE INTO hr.emp_copy o
    USING (SELECT value(t).k id, value(t).v name FROM TABLE(p_pairs) t) n
    ON (o.id = n.id)
    WHEN MATCHED THEN UPDATE SET o.name = n.name
    WHEN NOT MATCHED THEN INSERT (id, name) VALUES (n.id, n.name);
END;
/
CREATE OR REPLACE FUNCTION hr.r6_named(p_ids r6_numbers) RETURN NUMBER IS
    v_count NUMBER;
BEGIN
    SELECT COUNT(*) INTO v_count FROM hr.emp_copy c WHERE c.id IN (SELECT VALUE(t) FROM TABLE(p_ids) t);
    RETURN v_count;
END;
/
CREATE OR REPLACE FUNCTION hr.r6_first_name(p_pairs r6_pairs) RETURN VARCHAR2 IS
    v_name VARCHAR2(30);
BEGIN
    SELECT VALUE(t).v INTO v_name FROM TABLE(p_pairs) t WHERE VALUE(t).k = 1;
    RETURN v_name;
END;
/
CREATE OR REPLACE FUNCTION hr.r6_line_start(p_text VARCHAR2, p_n NUMBER) RETURN NUMBER IS
    l_eol CONSTANT VARCHAR2(1) := CHR(10);
BEGIN
    RETURN INSTR(p_text, l_eol, 1, p_n) + 1;
END;
/
CREATE OR REPLACE FUNCTION hr.r6_text(p NUMBER) RETURN VARCHAR2 IS
BEGIN
    IF p > 0 THEN
        RETURN 'first
  second

end';
    END IF;
    RETURN NULL;
END;
/
CREATE OR REPLACE FUNCTION hr.r6_code(p NUMBER) RETURN NUMBER IS
BEGIN
    RETURN 1 / p;
EXCEPTION
    WHEN ZERO_DIVIDE THEN
        RETURN SQLCODE;
END;
/
CREATE OR REPLACE FUNCTION hr.r6_after_dot(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN SUBSTR(p, INSTR(p, '.') + 1);
END;
/
CREATE OR REPLACE FUNCTION hr.r6_sum(p_ids r6_numbers) RETURN NUMBER IS
    v_sum NUMBER;
BEGIN
    SELECT SUM(column_value) INTO v_sum FROM TABLE(p_ids);
    RETURN v_sum;
END;
/
"""

ROUTINES = {
    "r6_raise",
    "r6_upsert",
    "r6_named",
    "r6_first_name",
    "r6_sum",
    "r6_line_start",
    "r6_text",
    "r6_code",
    "r6_after_dot",
}


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory, tables):
    rows = "INSERT INTO hr.emp (id, name, salary, dept) VALUES (1, 'Ann', 100, 1), (2, 'Bob', 200, 2);"
    rows += "INSERT INTO hr.emp_copy VALUES (1, 'old'), (3, 'three');"
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round6_b"), tables + CODE, rows)
    yield result, report, url
    _dropper.names.put(url.database)


def test_the_routines_deploy_clean(target) -> None:
    _, report, _ = target
    assert_clean(report, ROUTINES)


def test_a_start_after_a_position_needs_no_finding(target) -> None:
    result, _, _ = target
    assert [f.rule_id for o in result.objects if o.name == "r6_after_dot" for f in o.findings] == []


def test_update_set_targets_named_by_alias_or_table(target) -> None:
    """Oracle: after r6_raise(1, 5) Ann earns 105 as 'Ann+' in dept 7, and emp_copy row 1 is named 'Ann+'."""
    _, _, url = target
    with connect(url) as conn:
        conn.execute("CALL hr.r6_raise(1, 5)")
        assert conn.rows("SELECT name, salary, dept FROM hr.emp WHERE id = 1") == [("Ann+", 105, 7)]
        assert conn.rows("SELECT name FROM hr.emp_copy WHERE id = 1") == [("Ann+",)]
        assert conn.rows("SELECT name, salary, dept FROM hr.emp WHERE id = 2") == [("Bob", 200, 2)]


CALLS = [
    # TABLE(collection of objects): its attributes are the columns; VALUE(t).attr reads one
    ("the collection's rows merged", "CALL hr.r6_upsert(ARRAY[ROW(3, 'new')::\"default\".r6_pair, ROW(4, 'four')::\"default\".r6_pair])",
     "SELECT id, name FROM hr.emp_copy WHERE id > 2 ORDER BY id", [(3, "new"), (4, "four")]),
    # VALUE(t) of a collection of scalars is the element; an empty collection has no rows
    ("IN (SELECT VALUE(t) FROM TABLE(v) t)", "", "SELECT hr.r6_named(ARRAY[1, 3, 9])", [(2,)]),
    ("of an empty collection", "", "SELECT hr.r6_named('{}')", [(0,)]),
    # VALUE(t).attr in the WHERE clause too
    ("VALUE(t).attr in WHERE", "", "SELECT hr.r6_first_name(ARRAY[ROW(2, 'b')::\"default\".r6_pair, ROW(1, 'a')::\"default\".r6_pair])",
     [("a",)]),
    # the one column of a collection of scalars is COLUMN_VALUE
    ("COLUMN_VALUE without an alias", "", "SELECT hr.r6_sum(ARRAY[1, 2, 4.5])", [(7.5,)]),
    # INSTR('a' || CHR(10) || 'bc' || CHR(10) || 'd', CHR(10), 1, 2) = 5; no second line end: 0
    ("INSTR of a CHR(10) constant", "", "SELECT hr.r6_line_start(E'a\\nbc\\nd', 2)", [(6,)]),
    # SUBSTR('a.b', INSTR('a.b', '.') + 1) = 'b'; no dot: INSTR is 0, SUBSTR from 1 is the whole text
    ("after the dot", "", "SELECT hr.r6_after_dot('a.b'), hr.r6_after_dot('ab')", [("b", "ab")]),
    ("SQLCODE in the handler", "", "SELECT hr.r6_code(0)", [(-1476,)]),
    ("a literal over several lines", "", "SELECT hr.r6_text(1)", [("first\n  second\n\nend",)]),
    ("INSTR of a CHR(10) constant, not found", "", "SELECT hr.r6_line_start(E'a\\nbc', 2)", [(1,)]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "before", "sql", "expected"), CALLS, ids=[c[0] for c in CALLS])
def test_the_routines_return_what_oracle_returns(
    target, what: str, before: str, sql: str, expected: list[tuple]
) -> None:
    _, _, url = target
    with connect(url) as conn:
        if before:
            conn.execute(before)
        assert conn.rows(sql) == expected, what


def test_a_constant_that_can_overlap_itself_counts_overlapping_occurrences(
    convert_plsql, make_database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """CHR(32) || CHR(32) overlaps itself: INSTR('   ', '  ', 1, 2) = 2 in Oracle (a regular expression would find
    one occurrence); the native form counts overlapping occurrences as Oracle does."""
    code = """
CREATE OR REPLACE FUNCTION hr.r6_spaces(p VARCHAR2) RETURN NUMBER IS
    l_two CONSTANT VARCHAR2(2) := CHR(32) || CHR(32);
BEGIN
    RETURN INSTR(p, l_two, 1, 2);
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "r6_spaces")
    assert "CONV-ORA-FUNC-001" not in [f.rule_id for f in routine.findings]
    with connect(make_database()) as conn:
        write_output(result, tmp_path / "out")
        report = deploy(tmp_path / "out", conn)
        assert [o.error for o in report.outcomes if o.name == "r6_spaces"] == [""]
        assert conn.rows("SELECT hr.r6_spaces('   '), hr.r6_spaces('a  b')") == [(2, 0)]


def test_a_member_the_package_does_not_declare_is_a_finding(convert_plsql) -> None:
    """Oracle refuses `pkg.missing` when pkg's spec has no such member (PLS-00302): no behaviour to keep."""
    code = """
CREATE OR REPLACE PACKAGE hr.r6_api AS
    c_code CONSTANT NUMBER := -20001;
    PROCEDURE present;
END r6_api;
/
CREATE OR REPLACE PACKAGE BODY hr.r6_api AS
    PROCEDURE present IS BEGIN NULL; END present;
END r6_api;
/
CREATE OR REPLACE PROCEDURE hr.r6_good IS BEGIN r6_api.present; RAISE_APPLICATION_ERROR(r6_api.c_code, 'x'); END;
/
CREATE OR REPLACE TRIGGER hr.r6_bad BEFORE DELETE ON hr.emp
BEGIN
    r6_api.missing();
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert [f.rule_id for f in objects["r6_good"].findings] == []
    bad = objects["r6_bad"]
    assert [f.rule_id for f in bad.findings] == ["AM-PLSQL-120"]
    assert "r6_api.missing" in bad.findings[0].message


def test_table_of_a_name_nothing_declares_is_a_finding(convert_plsql) -> None:
    """TABLE(p_idz) where the parameter is p_ids: Oracle refuses the unit (PLS-00201); a declared collection, a
    column of a table of the run, or a routine of the run converts as before."""
    code = """
CREATE TYPE r6_ids AS TABLE OF NUMBER;
/
CREATE OR REPLACE PROCEDURE hr.r6_typo(p_ids r6_ids) IS
BEGIN
    DELETE FROM hr.emp_copy c WHERE c.id IN (SELECT VALUE(t) FROM TABLE(p_idz) t);
END;
/
CREATE OR REPLACE PROCEDURE hr.r6_right(p_ids r6_ids) IS
BEGIN
    DELETE FROM hr.emp_copy c WHERE c.id IN (SELECT VALUE(t) FROM TABLE(p_ids) t);
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert [f.rule_id for f in objects["r6_typo"].findings][:1] == ["AM-PLSQL-121"]
    assert "p_idz" in objects["r6_typo"].findings[0].message
    assert [f.rule_id for f in objects["r6_right"].findings] == []
    assert "IN (SELECT t.column_value FROM unnest(p_ids) AS t(column_value))" in objects["r6_right"].sql


def test_sqlcode_outside_a_handler_reads_the_published_error(convert_plsql) -> None:
    """A procedure that logs SQLCODE / SQLERRM for its caller's handler reads what a converted handler published
    (test_plsql_error_readers runs it); a trigger reading them has no calling handler to publish: manual."""
    code = """
CREATE OR REPLACE PROCEDURE hr.r6_log_error(p_where VARCHAR2) IS
BEGIN
    IF SQLCODE != 0 THEN
        INSERT INTO hr.audit_t (note) VALUES (p_where || ': ' || SQLERRM);
    END IF;
END;
/
CREATE OR REPLACE TRIGGER hr.r6_emp_error AFTER INSERT ON hr.emp FOR EACH ROW
BEGIN
    INSERT INTO hr.audit_t (note) VALUES (SQLERRM);
END;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    routine = objects["r6_log_error"]
    assert sorted({f.rule_id for f in routine.findings}) == ["AM-PLSQL-018", "AM-PLSQL-125"]
    assert "current_setting('aurora_migrate.sqlcode', true)" in routine.sql
    trigger = next(o for name, o in objects.items() if name.startswith("r6_emp_error"))
    assert trigger.status is ObjectStatus.MANUAL
    assert "AM-PLSQL-122" in {f.rule_id for f in trigger.findings}
