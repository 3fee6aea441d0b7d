"""DBMS_ASSERT inside routines, run on PostgreSQL against Oracle's documented results (PL/SQL Packages and Types
Reference, DBMS_ASSERT; OCI's OCISimpleSqlNameCheck / OCIEnquoteName document the same checks):

- NOOP returns its argument unchanged;
- ENQUOTE_LITERAL adds leading and trailing single quotes, none when the string is already quoted, and raises
  ORA-06502 (VALUE_ERROR) unless every quote but the leading and trailing ones is doubled;
- ENQUOTE_NAME adds double quotes (none when already quoted), upper-cases an unquoted string when capitalize is
  TRUE (the default), and the result must be a valid quoted simple SQL name (ORA-44003 otherwise);
- SIMPLE_SQL_NAME returns the input unchanged when it is a simple SQL name: a letter, then letters, digits, _ $ #,
  or a quoted name with any characters and doubled quotes, blanks around it allowed, length not checked;
  otherwise ORA-44003 (INVALID_SQL_NAME), caught by an EXCEPTION_INIT(e, -44003) handler, SQLCODE -44003;
- QUALIFIED_SQL_NAME: simple names joined by dots, then an optional @ database link (itself a dotted name) and
  @ connection qualifier; otherwise ORA-44004 (INVALID_QUALIFIED_SQL_NAME);
- SCHEMA_NAME and SQL_OBJECT_NAME look in Oracle's data dictionary: they stay manual, with orafce too.
"""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.simple_name(p VARCHAR2) RETURN VARCHAR2 IS
    bad_name EXCEPTION;
    PRAGMA EXCEPTION_INIT(bad_name, -44003);
BEGIN
    RETURN '[' || DBMS_ASSERT.SIMPLE_SQL_NAME(p) || ']';
EXCEPTION
    WHEN bad_name THEN
        RETURN 'bad ' || SQLCODE;
END;
/
CREATE OR REPLACE FUNCTION hr.literal(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN SYS.DBMS_ASSERT.ENQUOTE_LITERAL(str => p);
EXCEPTION
    WHEN VALUE_ERROR THEN
        RETURN 'value error ' || SQLCODE;
END;
/
CREATE OR REPLACE FUNCTION hr.quoted(p VARCHAR2, cap BOOLEAN) RETURN VARCHAR2 IS
    v VARCHAR2(200);
BEGIN
    IF cap IS NULL THEN
        v := DBMS_ASSERT.ENQUOTE_NAME(p);
    ELSE
        v := DBMS_ASSERT.ENQUOTE_NAME(p, cap);
    END IF;
    RETURN v;
EXCEPTION
    WHEN OTHERS THEN
        RETURN 'error ' || SQLCODE;
END;
/
CREATE OR REPLACE FUNCTION hr.qualified(p VARCHAR2) RETURN VARCHAR2 IS
    bad_name EXCEPTION;
    PRAGMA EXCEPTION_INIT(bad_name, -44004);
BEGIN
    RETURN DBMS_ASSERT.QUALIFIED_SQL_NAME(p);
EXCEPTION
    WHEN bad_name THEN
        RETURN 'bad ' || SQLCODE || ' ' || SQLERRM;
END;
/
CREATE OR REPLACE FUNCTION hr.unchecked(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_ASSERT.NOOP(p) || '!';
END;
/
CREATE OR REPLACE PROCEDURE hr.count_rows(p_table VARCHAR2, p_count OUT NUMBER) IS
BEGIN
    EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM ' || DBMS_ASSERT.SIMPLE_SQL_NAME(p_table) INTO p_count;
END;
/
CREATE OR REPLACE PACKAGE hr.names AS
    FUNCTION column_list(p_first VARCHAR2, p_second VARCHAR2) RETURN VARCHAR2;
END names;
/
CREATE OR REPLACE PACKAGE BODY hr.names AS
    FUNCTION column_list(p_first VARCHAR2, p_second VARCHAR2) RETURN VARCHAR2 IS
    BEGIN
        RETURN DBMS_ASSERT.ENQUOTE_NAME(p_first) || ', ' || DBMS_ASSERT.ENQUOTE_NAME(p_second, FALSE);
    END;
END names;
/
"""
ROUTINES = {"simple_name", "literal", "quoted", "qualified", "unchecked", "count_rows"}


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("dbms_assert"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_the_routines_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _ = deployed
    assert {n: objects[n].status for n in ROUTINES if objects[n].status is ObjectStatus.MANUAL} == {}
    assert_clean(report, ROUTINES)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("emp", "[emp]"),  # returned unchanged, not upper-cased
        ("Emp_1$#", "[Emp_1$#]"),
        ("Straße_2", "[Straße_2]"),  # letters of the character set, not only ASCII ones
        ("  emp  ", "[  emp  ]"),  # blanks around it are allowed and kept
        ('"my table"', '["my table"]'),  # quoted: any characters
        ('"a ""quoted"" name"', '["a ""quoted"" name"]'),  # doubled quotes inside
        ("x" * 200, "[" + "x" * 200 + "]"),  # the length is not checked
        ("1emp", "bad -44003"),  # starts with a digit
        ("_emp", "bad -44003"),
        ("emp; DROP TABLE x", "bad -44003"),
        ("a.b", "bad -44003"),  # a qualified name is not a simple one
        ('"a"b"', "bad -44003"),  # an undoubled quote inside
        ('"abc', "bad -44003"),
        (None, "bad -44003"),
    ],
)
def test_simple_sql_name(deployed, name, expected) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn:
        assert conn.rows("SELECT hr.simple_name(%s)", (name,)) == [(expected,)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "'abc'"),
        ("it''s", "'it''s'"),  # paired quotes are kept as they are
        ("'abc'", "'abc'"),  # already quoted: no more quotes
        ("'it''s'", "'it''s'"),
        ("it's", "value error -6502"),  # ENQUOTE_LITERAL('it''s'): the value holds one unpaired quote
        ("'a'b'", "value error -6502"),
        ("'abc", "value error -6502"),
    ],
)
def test_enquote_literal(deployed, text, expected) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn:
        assert conn.rows("SELECT hr.literal(%s)", (text,)) == [(expected,)]


@pytest.mark.parametrize(
    ("name", "cap", "expected"),
    [
        ("emp", None, '"EMP"'),  # capitalize defaults to TRUE
        ("emp", True, '"EMP"'),
        ("Emp", False, '"Emp"'),  # always quoted, case kept
        ('"emp"', None, '"emp"'),  # already quoted: unchanged, not upper-cased
        ("my table", None, '"MY TABLE"'),
        ('a""b', False, '"a""b"'),
        ('a"b', None, "error -44003"),  # the result is no valid quoted name
    ],
)
def test_enquote_name(deployed, name, cap, expected) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn:
        assert conn.rows("SELECT hr.quoted(%s, %s)", (name, cap)) == [(expected,)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("emp", "emp"),  # <simple name> {'.' <simple name>} ['@' <dblink>]: returned unchanged
        ("hr.emp", "hr.emp"),
        ('hr."My Table".col', 'hr."My Table".col'),
        ('"a.b"', '"a.b"'),  # the dot inside a quoted name is part of it
        ("hr.emp@remote", "hr.emp@remote"),
        ("hr.emp@remote.example.com", "hr.emp@remote.example.com"),
        ("hr.emp@remote@conn", "hr.emp@remote@conn"),  # a database link with its connection qualifier
        ("hr..emp", "bad -44004 ORA-44004: invalid qualified SQL name"),
        ("hr.", "bad -44004 ORA-44004: invalid qualified SQL name"),
        ("hr.1emp", "bad -44004 ORA-44004: invalid qualified SQL name"),
        ("emp@a@b@c", "bad -44004 ORA-44004: invalid qualified SQL name"),
        ("emp; DROP TABLE x", "bad -44004 ORA-44004: invalid qualified SQL name"),
        (None, "bad -44004 ORA-44004: invalid qualified SQL name"),
    ],
)
def test_qualified_sql_name(deployed, name, expected) -> None:  # type: ignore[no-untyped-def]
    """SQLCODE and SQLERRM in the EXCEPTION_INIT handler give Oracle's number and message."""
    with connect(deployed[2]) as conn:
        assert conn.rows("SELECT hr.qualified(%s)", (name,)) == [(expected,)]


def test_noop_returns_its_argument(deployed) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn:
        assert conn.rows("SELECT hr.unchecked('x; y'), hr.unchecked(NULL)") == [("x; y!", "!")]


def test_a_package_function_calls_the_helpers_of_its_schema(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, url = deployed
    assert objects["names"].status is not ObjectStatus.MANUAL, objects["names"].findings
    assert [o.error for o in report.outcomes if o.name == "names"] == [""]
    with connect(url) as conn:
        assert conn.rows("SELECT names.column_list('emp_id', 'Name')") == [('"EMP_ID", "Name"',)]


def test_a_checked_table_name_in_dynamic_sql(deployed) -> None:  # type: ignore[no-untyped-def]
    """The usual use: the name is checked before it is pasted into the statement."""
    with connect(deployed[2]) as conn:
        conn.execute("CREATE TABLE public.tiny (n integer); INSERT INTO public.tiny VALUES (1), (2)")
        conn.execute("SET search_path = public")
        assert conn.rows("CALL hr.count_rows('tiny', NULL)") == [(2,)]
        with pytest.raises(Exception, match="ORA-44003"):
            conn.rows("CALL hr.count_rows('tiny t, tiny', NULL)")


def test_schema_name_and_sql_object_name_stay_manual(convert_plsql) -> None:
    """Both look the name up in Oracle's data dictionary, which PostgreSQL's catalog does not stand in for."""
    code = """
CREATE OR REPLACE FUNCTION hr.owner_of(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_ASSERT.SCHEMA_NAME(p) || DBMS_ASSERT.SQL_OBJECT_NAME(p);
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "owner_of")
    assert routine.status is ObjectStatus.MANUAL
    assert "CONV-ORA-PACKAGE-001" in {f.rule_id for f in routine.findings}
    with_orafce = convert_plsql(code, use_orafce=True)  # orafce's look in PostgreSQL's catalog: not the same
    routine = next(o for o in with_orafce.objects if o.name == "owner_of")
    assert routine.status is ObjectStatus.MANUAL
    assert [f.message.count("PostgreSQL's catalog") for f in routine.findings] == [1, 1]
