"""What utPLSQL, oos-utils and alexandria showed (bench/plsql_corpus.py), each written small and run on the real
PostgreSQL against the result Oracle documents:

- EMPTY_CLOB() / EMPTY_BLOB() are empty values, not NULL (''::text, '\\x'::bytea); TO_CLOB / TO_NCLOB of text
  is the text, TO_BLOB of a RAW the bytes;
- a NULL match parameter of a regular-expression function is Oracle's default mode, as one left out;
- CONNECT BY over DUAL: a name in the condition that is not DUMMY is a variable or parameter, not a column;
- INSTR(s, t, p, n) with t not a literal (or overlapping itself): the n-th occurrence, overlapping ones counted;
- NLS_SESSION_PARAMETERS pinned to a parameter the settings determine: the settings' value;
- SYS_CONTEXT('USERENV', ...) is text, as Oracle's VARCHAR2 (current_schema() is a name);
- SYS.DBMS_ASSERT.f is DBMS_ASSERT.f (SYS owns the supplied packages);
- TZ_OFFSET(SESSIONTIMEZONE), of a region name, of a '+hh:mi' literal: the offset now, as '+hh:mi'.
"""

from __future__ import annotations

import pytest

from converters.output import write_output
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.model import DeployStatus, ObjectStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE PACKAGE lobpk AS
    FUNCTION wrapped(p CLOB) RETURN CLOB;
    FUNCTION empties(p RAW) RETURN VARCHAR2;
    FUNCTION as_lobs(p VARCHAR2, n NUMBER) RETURN CLOB;
END lobpk;
/
CREATE OR REPLACE PACKAGE BODY lobpk AS
    c_start CONSTANT VARCHAR2(9) := '<![CDATA[';
    FUNCTION wrapped(p CLOB) RETURN CLOB IS
        l_result CLOB;
    BEGIN
        IF p IS NOT NULL AND p != EMPTY_CLOB() THEN
            l_result := TO_CLOB(c_start) || p || TO_CLOB(']]>');
        ELSE
            l_result := p;
        END IF;
        RETURN l_result;
    END wrapped;
    FUNCTION empties(p RAW) RETURN VARCHAR2 IS
        b BLOB := EMPTY_BLOB();
        c CLOB := EMPTY_CLOB();
    BEGIN
        IF b IS NULL OR c IS NULL THEN
            RETURN 'null';
        END IF;
        RETURN DBMS_LOB.GETLENGTH(b) || '/' || DBMS_LOB.GETLENGTH(c) || '/' || DBMS_LOB.GETLENGTH(TO_BLOB(p));
    END empties;
    FUNCTION as_lobs(p VARCHAR2, n NUMBER) RETURN CLOB IS
    BEGIN
        RETURN TO_CLOB(p) || '|' || TO_NCLOB(n);
    END as_lobs;
END lobpk;
/
CREATE OR REPLACE FUNCTION hr.nth_char(p VARCHAR2, n NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN REGEXP_SUBSTR(p, '(.)(.)', 1, n, NULL, 2);
END;
/
CREATE OR REPLACE FUNCTION hr.spelled(p VARCHAR2) RETURN VARCHAR2 IS
    l_out VARCHAR2(200);
BEGIN
    FOR r IN (SELECT SUBSTR(p, LEVEL, 1) AS ch, LEVEL AS pos FROM dual CONNECT BY LEVEL <= LENGTH(p)) LOOP
        l_out := l_out || r.pos || r.ch;
    END LOOP;
    RETURN l_out;
END;
/
CREATE OR REPLACE FUNCTION hr.session_offset RETURN VARCHAR2 IS
BEGIN
    RETURN TZ_OFFSET(SESSIONTIMEZONE);
END;
/
CREATE OR REPLACE FUNCTION hr.region_offsets RETURN VARCHAR2 IS
BEGIN
    RETURN TZ_OFFSET('Asia/Kolkata') || ' ' || TZ_OFFSET('UTC') || ' ' || TZ_OFFSET('-08:00');
END;
/
CREATE OR REPLACE FUNCTION hr.decimal_char RETURN VARCHAR2 IS
    v VARCHAR2(1);
    t VARCHAR2(40);
BEGIN
    SELECT SUBSTR(p.value, 1, 1) INTO v FROM nls_session_parameters p WHERE p.parameter = 'NLS_NUMERIC_CHARACTERS';
    SELECT value INTO t FROM sys.nls_session_parameters WHERE parameter = 'NLS_TERRITORY' AND value IS NOT NULL;
    RETURN v || ' ' || t;
END;
/
CREATE OR REPLACE FUNCTION hr.nls_count RETURN NUMBER IS
    n NUMBER;
BEGIN
    SELECT COUNT(*) INTO n FROM nls_session_parameters;
    RETURN n;
END;
/
CREATE OR REPLACE FUNCTION hr.token_count(p_text VARCHAR2, p_sep VARCHAR2) RETURN NUMBER IS
    l_count PLS_INTEGER := 0;
BEGIN
    LOOP
        EXIT WHEN INSTR(p_text, p_sep, 1, l_count + 1) = 0;
        l_count := l_count + 1;
    END LOOP;
    RETURN l_count;
END;
/
CREATE OR REPLACE FUNCTION hr.echo(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN p;
END;
/
CREATE OR REPLACE FUNCTION hr.my_schema RETURN VARCHAR2 IS
BEGIN
    RETURN hr.echo(SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA'));
END;
/
CREATE OR REPLACE FUNCTION hr.zone_offset(p_zone VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN TZ_OFFSET(p_zone);
END;
/
"""


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("plsql_round6_d"), CODE)
    yield result, report, url
    _dropper.names.put(url.database)


def test_every_routine_but_a_zone_variable_deploys_clean(target) -> None:
    result, report, _ = target
    routines = [o for o in report.outcomes if o.kind in ("function", "procedure")]
    failed = {o.name: o.error for o in routines if o.status not in (DeployStatus.OK, DeployStatus.SKIPPED_MANUAL)}
    assert failed == {}
    manual = {o.name for o in result.objects if o.status is ObjectStatus.MANUAL}
    # TZ_OFFSET('-08:00') is itself: a variable may be an offset, read reversed; all of NLS_SESSION_PARAMETERS'
    # rows are more than the settings say
    assert manual == {"zone_offset", "nls_count"}


def test_tz_offset_of_a_zone_that_is_not_a_literal_is_a_finding(target) -> None:
    result, _, _ = target
    routine = next(o for o in result.objects if o.name == "zone_offset")
    assert [f.message for f in routine.findings if f.rule_id == "CONV-ORA-FUNC-001"] == [
        "Oracle function has no PostgreSQL equivalent in this profile: "
        "TZ_OFFSET of a zone that is not a literal: an offset reads the other way"
    ]


def test_nls_session_parameters_without_a_parameter_the_settings_know_is_a_finding(target) -> None:
    result, _, _ = target
    routine = next(o for o in result.objects if o.name == "nls_count")
    assert [f.rule_id for f in routine.findings if f.severity.value == "high"] == ["CONV-ORA-DICT-001"]


CALLS = [
    ("an empty CLOB is not NULL and not wrapped", "SELECT lobpk.wrapped('') IS NULL, lobpk.wrapped('')", (False, "")),
    ("a NULL CLOB stays NULL", "SELECT lobpk.wrapped(NULL) IS NULL, 0", (True, 0)),
    ("TO_CLOB of a constant and a literal", "SELECT lobpk.wrapped('a'), 0", ("<![CDATA[a]]>", 0)),
    ("EMPTY_BLOB / EMPTY_CLOB have length 0, TO_BLOB keeps the bytes", "SELECT lobpk.empties('\\x0a0b'), 0", ("0/0/2", 0)),
    ("TO_NCLOB of a NUMBER is its TO_CHAR text", "SELECT lobpk.as_lobs('x', 2.50), 0", ("x|2.5", 0)),
    ("a NULL match parameter is the default mode", "SELECT hr.nth_char('abcd', 2), hr.nth_char('ab', 2)", ("d", None)),
    ("'.' with a NULL match parameter skips no newline: no match over one",
     "SELECT hr.nth_char(E'a\\nb', 1), 0", (None, 0)),
    # the root row (LEVEL 1) is returned whatever CONNECT BY says: LEVEL <= NULL still gives one row
    ("CONNECT BY LEVEL <= LENGTH(parameter) over DUAL", "SELECT hr.spelled('abc'), hr.spelled(NULL)", ("1a2b3c", "1")),
    ("NLS_SESSION_PARAMETERS for a parameter the settings give (AMERICA)", "SELECT hr.decimal_char(), 0",
     (". AMERICA", 0)),
    ("... or a session's oracle_userenv setting",
     "SELECT set_config('oracle_userenv.nls_numeric_characters', ',.', false), hr.decimal_char()", (",.", ", AMERICA")),
    # Oracle counts overlapping occurrences: INSTR('AAAA', 'AA', 1, 3) = 3
    ("INSTR with a variable string and occurrence", "SELECT hr.token_count('a;b;;c', ';'), hr.token_count('AAAA', 'AA')",
     (3, 3)),
    # SYS_CONTEXT returns VARCHAR2 (current_schema() a name, which no VARCHAR2 parameter takes); in a definer's
    # rights routine the current schema is its owner's
    ("SYS_CONTEXT passed to a VARCHAR2 parameter", "SELECT hr.my_schema(), 0", ("hr", 0)),
    ("TZ_OFFSET(SESSIONTIMEZONE)", "SET TIME ZONE 'America/St_Johns'; SELECT hr.session_offset(), 0", None),
    ("TZ_OFFSET of a region, of UTC, of an offset", "SELECT hr.region_offsets(), 0", ("+05:30 +00:00 -08:00", 0)),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), CALLS, ids=[c[0] for c in CALLS])
def test_runs_as_in_oracle(target, what: str, sql: str, expected: tuple[object, object] | None) -> None:
    with connect(target[2]) as conn:
        if expected is None:  # the session zone's offset depends on the date: Newfoundland is -03:30 or -02:30
            *setup, query = sql.split("; ")
            for statement in setup:
                conn.execute(statement)
            assert conn.rows(query)[0][0] in ("-03:30", "-02:30")
            return
        assert conn.rows(sql) == [expected]


def test_a_sys_qualified_supplied_package_is_the_same_package(convert_plsql, make_database, tmp_path) -> None:
    """SYS owns the supplied packages: SYS.DBMS_ASSERT.QUALIFIED_SQL_NAME is DBMS_ASSERT's, which converts to the
    converter's own helper with or without orafce (test_plsql_dbms_assert runs its rules)."""
    code = """
CREATE OR REPLACE FUNCTION hr.checked_name(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN CASE WHEN p IS NOT NULL THEN SYS.DBMS_ASSERT.QUALIFIED_SQL_NAME(p) END;
END;
/
"""
    for orafce in (False, True):
        routine = next(o for o in convert_plsql(code, use_orafce=orafce).objects if o.name == "checked_name")
        assert routine.status is ObjectStatus.CONVERTED, routine.findings
        assert "hr.aurora_assert_qualified_sql_name(p)" in routine.sql
    result = convert_plsql(code)
    with connect(make_database()) as conn:
        write_output(result, tmp_path / "out")
        report = deploy(tmp_path / "out", conn)
        assert [o.error for o in report.outcomes if o.name == "checked_name"] == [""]
        assert conn.rows("SELECT hr.checked_name('hr.emp'), hr.checked_name(NULL)") == [("hr.emp", None)]


def test_a_routine_the_specification_declares_and_the_body_lacks_is_a_finding_on_the_body(convert_plsql) -> None:
    """Oracle does not compile such a body (PLS-00323): the converted body says so; the routines it has convert."""
    result = convert_plsql("""
CREATE OR REPLACE PACKAGE hr.half AS
    PROCEDURE pause(p_seconds IN NUMBER);
    FUNCTION twice(p NUMBER) RETURN NUMBER;
END half;
/
CREATE OR REPLACE PACKAGE BODY hr.half AS
    FUNCTION helper(p NUMBER) RETURN NUMBER;
    FUNCTION twice(p NUMBER) RETURN NUMBER IS BEGIN RETURN helper(p); END twice;
    FUNCTION helper(p NUMBER) RETURN NUMBER IS BEGIN RETURN p * 2; END helper;
END half;
/
""")
    objects = {o.name: o for o in result.objects}
    body = [(f.rule_id, f.message.rsplit(": ", 1)[-1]) for f in objects["half_body"].findings]
    assert ("AM-PLSQL-160", "half.pause") in body
    assert [r for r, _ in body].count("AM-PLSQL-160") == 1  # helper's forward declaration is defined later
    assert objects["twice"].status is ObjectStatus.CONVERTED


def test_product_component_version_is_a_dictionary_view_finding(convert_plsql) -> None:
    """Seen once a NULL match parameter no longer kept the routine manual: the view must be said, not fail at deploy."""
    result = convert_plsql("""
CREATE OR REPLACE FUNCTION hr.db_release RETURN NUMBER IS
    l_release VARCHAR2(10);
BEGIN
    SELECT REGEXP_SUBSTR(a.version, '\\d+\\.(\\d+)', 1, 1, NULL, 1) INTO l_release
    FROM product_component_version a WHERE a.product LIKE 'Oracle Database%' AND ROWNUM = 1;
    RETURN TO_NUMBER(l_release);
END;
/
""")
    routine = next(o for o in result.objects if o.name == "db_release")
    assert routine.status is ObjectStatus.MANUAL
    assert [f.rule_id for f in routine.findings if f.severity.value == "high"] == ["CONV-ORA-DICT-001"]
