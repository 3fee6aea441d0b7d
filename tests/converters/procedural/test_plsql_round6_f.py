"""Round 6 (f): what a utility library of the holdout corpus showed, fixed in the general case and checked on the
real PostgreSQL against what Oracle returns:

- SYS.DIUTIL.BOOL_TO_INT / INT_TO_BOOL (an undocumented Oracle-internal package whose two boolean codecs
  applications use; Oracle's diutil.sql: TRUE 1, FALSE 0, NULL NULL; 1 TRUE, 0 FALSE, NULL NULL, any other number
  VALUE_ERROR): exact forms; any other DIUTIL member is a finding naming the package;
- a NUMBER passed by name (`p => n`) to a VARCHAR2 parameter of a routine of the run is converted as Oracle
  converts it (TO_CHAR), as a positional one already was; an integer built-in's result (LENGTH, BOOL_TO_INT) too;
- and to a parameter anchored to a VARCHAR2 column (`p t.col%TYPE`);
- so is one passed to a standalone routine its caller converts before (every standalone routine's parameters are
  read before any unit converts, as package specs already were);
- an exception bound to -6502 with EXCEPTION_INIT catches every condition VALUE_ERROR stands for, and RAISE
  VALUE_ERROR gives SQLCODE -6502;
- a DDL / LOGON / LOGOFF trigger's finding says why PostgreSQL's event triggers are not the same.
"""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.r6f_kv (k VARCHAR2(30), v VARCHAR2(30), kind VARCHAR2(1));
CREATE OR REPLACE PACKAGE hr.r6f_api IS
  PROCEDURE put(p_key VARCHAR2, p_val VARCHAR2 := NULL, p_kind VARCHAR2 := 'X');
  PROCEDURE flag(p_key VARCHAR2, p_on BOOLEAN);
  PROCEDURE put_typed(p_key hr.r6f_kv.k%TYPE, p_val r6f_kv.v%TYPE);
  PROCEDURE amounts(p_key VARCHAR2);
  FUNCTION as_int(p NUMBER) RETURN NUMBER;
  FUNCTION as_bool(p NUMBER) RETURN VARCHAR2;
  FUNCTION checked(p NUMBER) RETURN VARCHAR2;
  FUNCTION raised RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.r6f_api IS
  PROCEDURE put(p_key VARCHAR2, p_val VARCHAR2 := NULL, p_kind VARCHAR2 := 'X') IS
  BEGIN
    INSERT INTO hr.r6f_kv VALUES (p_key, p_val, p_kind);
  END;
  PROCEDURE flag(p_key VARCHAR2, p_on BOOLEAN) IS
    v_n NUMBER := 12.50;
  BEGIN
    put(p_kind => 'B', p_val => sys.diutil.bool_to_int(p_on), p_key => p_key);
    put(p_key || '-len', p_val => LENGTH(p_key));
    put(p_key => p_key || '-num', p_val => v_n);
  END;
  PROCEDURE put_typed(p_key hr.r6f_kv.k%TYPE, p_val r6f_kv.v%TYPE) IS
  BEGIN
    INSERT INTO hr.r6f_kv VALUES (p_key, p_val, 'T');
  END;
  PROCEDURE amounts(p_key VARCHAR2) IS
    v_amount NUMBER := 0.25;
  BEGIN
    put_typed(p_key, v_amount * 2);
    put_typed(p_val => v_amount, p_key => p_key || '-named');
  END;
  FUNCTION as_int(p NUMBER) RETURN NUMBER IS
    b BOOLEAN;
  BEGIN
    IF p IS NOT NULL THEN
      b := p > 0;
    END IF;
    RETURN sys.diutil.bool_to_int(b);
  END;
  FUNCTION checked(p NUMBER) RETURN VARCHAR2 IS
    e_not_bool EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_not_bool, -6502);
  BEGIN
    IF sys.diutil.int_to_bool(p) THEN
      RETURN 'T';
    END IF;
    RETURN 'F';
  EXCEPTION
    WHEN e_not_bool THEN
      RETURN 'not a boolean: ' || p;
  END;
  FUNCTION raised RETURN NUMBER IS
  BEGIN
    RAISE VALUE_ERROR;
  EXCEPTION
    WHEN INVALID_NUMBER THEN
      RETURN 1;
    WHEN OTHERS THEN
      RETURN SQLCODE;
  END;
  FUNCTION as_bool(p NUMBER) RETURN VARCHAR2 IS
  BEGIN
    IF sys.diutil.int_to_bool(p) THEN
      RETURN 'T';
    ELSIF NOT diutil.int_to_bool(p) THEN
      RETURN 'F';
    END IF;
    RETURN 'N';
  EXCEPTION
    WHEN VALUE_ERROR THEN
      RETURN 'VALUE_ERROR ' || SQLCODE;
  END;
END;
/
CREATE OR REPLACE FUNCTION hr.r6f_a_caller(p NUMBER) RETURN VARCHAR2 IS
BEGIN
  RETURN r6f_z_label(p, 2.50) || '/' || r6f_z_label(p_text => 0.5, p_num => p);
END;
/
CREATE OR REPLACE FUNCTION hr.r6f_z_label(p_num NUMBER, p_text VARCHAR2) RETURN VARCHAR2 IS
BEGIN
  RETURN p_num || ':' || p_text;
END;
/
CREATE OR REPLACE FUNCTION hr.r6f_other RETURN NUMBER IS
BEGIN
  RETURN sys.diutil.attribute_count(1);
END;
/
"""

ROUTINES = {
    "checked",
    "raised",
    "put",
    "put_typed",
    "amounts",
    "flag",
    "as_int",
    "as_bool",
    "r6f_a_caller",
    "r6f_z_label",
}


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory, tables):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round6_f"), tables + CODE)
    yield result, report, url
    _dropper.names.put(url.database)


def test_the_routines_deploy_clean(target) -> None:
    _, report, _ = target
    assert_clean(report, ROUTINES)


def test_another_diutil_member_is_a_finding_naming_the_package(target) -> None:
    result, _, _ = target
    other = next(o for o in result.objects if o.name == "r6f_other")
    messages = [f.message for f in other.findings if f.rule_id == "AM-PLSQL-009"]
    assert messages and "DIUTIL.ATTRIBUTE_COUNT" in messages[0] and "Oracle-internal" in messages[0]


CALLS = [
    # BOOL_TO_INT: TRUE 1, FALSE 0, NULL NULL
    ("bool_to_int", "SELECT r6f_api.as_int(5), r6f_api.as_int(-5), r6f_api.as_int(NULL)", [(1, 0, None)]),
    # INT_TO_BOOL: 1 TRUE (1.0 is 1 in Oracle's NUMBER), 0 FALSE, NULL NULL (neither branch), else VALUE_ERROR
    ("int_to_bool", "SELECT r6f_api.as_bool(1), r6f_api.as_bool(1.0), r6f_api.as_bool(0), "
     "r6f_api.as_bool(NULL)", [("T", "T", "F", "N")]),
    # a standalone function called (by position and by name) before it converts: TO_CHAR(2.50) = '2.5', '.5'
    ("NUMBER to a VARCHAR2 parameter", "SELECT hr.r6f_a_caller(7)", [("7:2.5/7:.5",)]),
    # EXCEPTION_INIT(e, -6502): e is VALUE_ERROR, whatever PostgreSQL condition stands for it
    ("EXCEPTION_INIT -6502", "SELECT r6f_api.checked(1), r6f_api.checked(3)", [("T", "not a boolean: 3")]),
    # RAISE VALUE_ERROR: SQLCODE -6502, not INVALID_NUMBER's
    ("RAISE VALUE_ERROR", "SELECT r6f_api.raised()", [(-6502,)]),
    ("int_to_bool of 2", "SELECT r6f_api.as_bool(2), r6f_api.as_bool(-0.5)",
     [("VALUE_ERROR -6502", "VALUE_ERROR -6502")]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), CALLS, ids=[c[0] for c in CALLS])
def test_diutil_codecs_return_what_oracle_returns(target, what: str, sql: str, expected: list[tuple]) -> None:
    _, _, url = target
    with connect(url) as conn:
        assert conn.rows(sql) == expected, what


def test_named_number_arguments_reach_a_varchar2_parameter_as_oracle_text(target) -> None:
    """Oracle: flag('k', TRUE) stores '1' (kind B), LENGTH('k') = 1 as '1', and 12.50 as TO_CHAR gives '12.5'."""
    _, _, url = target
    with connect(url) as conn:
        conn.execute("CALL r6f_api.flag('k', true)")
        conn.execute("CALL r6f_api.flag('f', false)")
        rows = conn.rows("SELECT k, v, kind FROM hr.r6f_kv ORDER BY k")
        assert rows == [("f", "0", "B"), ("f-len", "1", "X"), ("f-num", "12.5", "X"),
                        ("k", "1", "B"), ("k-len", "1", "X"), ("k-num", "12.5", "X")]  # fmt: skip


def test_a_ddl_trigger_says_why_an_event_trigger_is_not_the_same(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """AFTER DDL ON SCHEMA logging ORA_SQL_TXT: an event trigger sees other text and fires for other commands."""
    code = """
CREATE OR REPLACE TRIGGER hr.r6f_ddl AFTER DDL ON SCHEMA
DECLARE
  v_lines ora_name_list_t;
  v_n NUMBER;
BEGIN
  v_n := ora_sql_txt(v_lines);
  INSERT INTO hr.r6f_kv VALUES (ora_dict_obj_name, v_n, 'D');
END;
/
"""
    result = convert_plsql(code)
    trigger = next(o for o in result.objects if o.name == "r6f_ddl")
    messages = [f.message for f in trigger.findings if f.rule_id == "AM-PLSQL-014"]
    assert messages and "current_query()" in messages[0] and "ORA_SQL_TXT" in messages[0]


def test_a_number_reaches_a_parameter_anchored_to_a_varchar2_column_as_oracle_text(target) -> None:
    """p r6f_kv.v%TYPE is a VARCHAR2: Oracle passes TO_CHAR(0.25 * 2) = '.5' and TO_CHAR(0.25) = '.25'."""
    _, _, url = target
    with connect(url) as conn:
        conn.execute("CALL r6f_api.amounts('a')")
        rows = conn.rows("SELECT k, v FROM hr.r6f_kv WHERE kind = 'T' ORDER BY k")
        assert rows == [("a", ".5"), ("a-named", ".25")]


def test_a_package_of_the_run_named_diutil_is_its_own(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """Oracle resolves an unqualified DIUTIL to the schema's own package first: its function is called, not
    replaced; SYS.DIUTIL stays the supplied one."""
    code = """
CREATE OR REPLACE PACKAGE hr.diutil IS
  FUNCTION bool_to_int(b BOOLEAN) RETURN NUMBER;
END;
/
CREATE OR REPLACE FUNCTION hr.r6f_own(b BOOLEAN) RETURN NUMBER IS
BEGIN
  RETURN diutil.bool_to_int(b) + sys.diutil.bool_to_int(b);
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "r6f_own")
    assert "diutil.bool_to_int(b)" in routine.sql and "((b)::integer)" in routine.sql


def test_a_userenv_parameter_with_no_equivalent_is_named(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """SYS_CONTEXT('USERENV', 'OS_USER'): the client's OS user never reaches PostgreSQL; the finding names it."""
    code = """
CREATE OR REPLACE FUNCTION hr.r6f_os RETURN VARCHAR2 IS
BEGIN
  RETURN sys_context('userenv', 'os_user');
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "r6f_os")
    messages = [f.message for f in routine.findings if f.rule_id == "CONV-ORA-FUNC-001"]
    assert messages and "SYS_CONTEXT('USERENV', 'OS_USER')" in messages[0]
