"""Oracle application contexts on the real PostgreSQL: a local context (CREATE CONTEXT's default) set and cleared
with DBMS_SESSION and read with SYS_CONTEXT in routines, views and a column default, as Oracle documents them
(PL/SQL Packages and Types Reference, DBMS_SESSION; SQL Language Reference, SYS_CONTEXT): case-insensitive names,
NULL for an attribute never set, the value the session's own, at most 256 bytes unless a length of 1 to 4000 is
given. Then the forms that stay flagged (global contexts, client identifiers) and the scanner's reading of CREATE
CONTEXT."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.rewrite import RewriteOptions, convert_expression
from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE CONTEXT app_ctx USING hr.ctx_pkg;
CREATE TABLE hr.emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));
CREATE TABLE hr.notes (id NUMBER, who VARCHAR2(30) DEFAULT SYS_CONTEXT('APP_CTX', 'USER_ID'));
CREATE OR REPLACE PACKAGE hr.ctx_pkg AS
  PROCEDURE set_user(p_id NUMBER);
  PROCEDURE set_attr(p_attr VARCHAR2, p_value VARCHAR2);
  PROCEDURE clear_attr(p_attr VARCHAR2);
  PROCEDURE clear_user;
  PROCEDURE clear_ns;
  PROCEDURE clear_all;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.ctx_pkg AS
  co_namespace CONSTANT VARCHAR2(30) := 'APP_CTX';  -- the namespace as a constant, as packages often name it
  PROCEDURE set_user(p_id NUMBER) IS
  BEGIN
    DBMS_SESSION.SET_CONTEXT(co_namespace, 'USER_ID', p_id);
  END;
  PROCEDURE set_attr(p_attr VARCHAR2, p_value VARCHAR2) IS
  BEGIN
    DBMS_SESSION.SET_CONTEXT(namespace => 'app_ctx', attribute => p_attr, value => p_value);
  END;
  PROCEDURE clear_attr(p_attr VARCHAR2) IS
  BEGIN
    DBMS_SESSION.CLEAR_CONTEXT('APP_CTX', NULL, p_attr);
  END;
  PROCEDURE clear_user IS
  BEGIN
    SYS.DBMS_SESSION.CLEAR_CONTEXT('App_Ctx', attribute => 'user_id');
  END;
  PROCEDURE clear_ns IS
  BEGIN
    DBMS_SESSION.CLEAR_CONTEXT('APP_CTX');
  END;
  PROCEDURE clear_all IS
  BEGIN
    DBMS_SESSION.CLEAR_ALL_CONTEXT('APP_CTX');
  END;
END;
/
CREATE OR REPLACE FUNCTION hr.current_user_id RETURN NUMBER DETERMINISTIC IS
BEGIN
  RETURN SYS_CONTEXT('APP_CTX', 'USER_ID');
END;
/
CREATE OR REPLACE FUNCTION hr.ctx(p_attr VARCHAR2) RETURN VARCHAR2 IS
BEGIN
  RETURN SYS_CONTEXT('app_ctx', p_attr);
END;
/
CREATE OR REPLACE FUNCTION hr.ctx_sized(p_attr VARCHAR2) RETURN VARCHAR2 IS
BEGIN
  RETURN SYS_CONTEXT('APP_CTX', p_attr, 4000) || '|' || SYS_CONTEXT('APP_CTX', p_attr, 10);
END;
/
CREATE OR REPLACE VIEW hr.my_emp AS SELECT id, name FROM hr.emp WHERE id = SYS_CONTEXT('app_ctx', 'user_id');
CREATE OR REPLACE VIEW hr.ctx_note AS
SELECT SYS_CONTEXT('APP_CTX', 'NOTE') AS note, SYS_CONTEXT('APP_CTX', 'note', 5000) AS beyond,
       SYS_CONTEXT('APP_CTX', 'Note', 300) AS sized
FROM dual;
"""
ROUTINES = {"set_user", "set_attr", "clear_attr", "clear_user", "clear_ns", "clear_all", "current_user_id", "ctx",
            "ctx_sized"}  # fmt: skip


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    rows = "INSERT INTO hr.emp VALUES (7, 'Ada'), (8, 'Bob')"
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("contexts"), CODE, rows)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


@pytest.fixture
def conn(deployed):  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as c:
        yield c


def test_everything_converts_and_deploys_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in (*ROUTINES, "my_emp", "ctx_note", "notes", "app_ctx"):
        assert objects[name].status is not ObjectStatus.MANUAL, (name, objects[name].findings)
    assert_clean(report, ROUTINES | {"my_emp", "ctx_note", "notes"})
    # the writes carry the low finding that a ROLLBACK undoes them; the CREATE CONTEXT that any SQL may set them
    assert {f.rule_id for f in objects["set_user"].findings} >= {"AM-PLSQL-127"}
    assert [(f.rule_id, f.severity.value) for f in objects["app_ctx"].findings] == [("AM-DDL-054", "low")]
    assert not {f.rule_id for n in ROUTINES for f in objects[n].findings} & {"AM-PLSQL-128", "CONV-ORA-CONTEXT-002"}


def test_a_value_set_is_read_at_once_by_routines_views_and_defaults(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL ctx_pkg.set_user(7)")
    assert conn.scalar("SELECT hr.current_user_id()") == 7
    assert conn.rows("SELECT id, name FROM hr.my_emp") == [(7, "Ada")]  # compared with a NUMBER: read as one
    conn.execute("INSERT INTO hr.notes (id) VALUES (1)")
    assert conn.scalar("SELECT who FROM hr.notes WHERE id = 1") == "7"  # the DEFAULT reads it too


def test_names_are_case_insensitive(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL ctx_pkg.set_attr('Colour', 'Blue')")
    assert conn.rows("SELECT hr.ctx('COLOUR'), hr.ctx('colour'), hr.ctx('Colour')") == [("Blue", "Blue", "Blue")]


def test_an_attribute_never_set_is_null(conn) -> None:  # type: ignore[no-untyped-def]
    assert conn.rows("SELECT hr.ctx('NEVER'), hr.current_user_id()") == [(None, None)]
    assert conn.rows("SELECT id FROM hr.my_emp") == []


def test_another_session_does_not_see_the_value(deployed, conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL ctx_pkg.set_user(8)")
    with connect(deployed[2]) as other:
        assert other.rows("SELECT id FROM hr.my_emp") == []
        other.execute("CALL ctx_pkg.set_user(7)")
        assert other.rows("SELECT id FROM hr.my_emp") == [(7,)]
    assert conn.rows("SELECT id FROM hr.my_emp") == [(8,)]


def test_clear_context_of_one_attribute_and_of_all(conn) -> None:  # type: ignore[no-untyped-def]
    def both() -> tuple:  # type: ignore[type-arg]
        return tuple(conn.rows("SELECT hr.ctx('A'), hr.ctx('B')")[0])

    for clear, left in [("clear_attr('a')", (None, "2")), ("clear_all()", (None, None)), ("clear_ns()", (None, None)),
                        ("clear_attr(NULL)", (None, None))]:  # fmt: skip
        conn.execute("CALL ctx_pkg.set_attr('A', '1'); CALL ctx_pkg.set_attr('b', '2')")
        assert both() == ("1", "2")
        conn.execute(f"CALL ctx_pkg.{clear}")
        assert both() == left, clear
    conn.execute("CALL ctx_pkg.set_user(7); CALL ctx_pkg.set_attr('A', '1'); CALL ctx_pkg.clear_user()")
    assert conn.rows("SELECT hr.current_user_id(), hr.ctx('A')") == [(None, "1")]


def test_at_most_256_bytes_unless_a_length_is_given(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute("CALL ctx_pkg.set_attr('NOTE', %s)", ("x" * 4000,))
    assert conn.rows("SELECT length(note), length(beyond), length(sized) FROM hr.ctx_note") == [(256, 256, 300)]
    assert conn.scalar("SELECT hr.ctx_sized('NOTE')") == "x" * 4000 + "|" + "x" * 10
    # bytes, not characters: 'é' is two bytes in AL32UTF8, and a cut never keeps part of a character
    conn.execute("CALL ctx_pkg.set_attr('NOTE', %s)", ("a" + "é" * 300,))
    assert conn.scalar("SELECT note FROM hr.ctx_note") == "a" + "é" * 127
    assert conn.scalar("SELECT octet_length(sized) FROM hr.ctx_note") == 299


def test_a_rollback_undoes_the_value_where_oracle_keeps_it(conn) -> None:  # type: ignore[no-untyped-def]
    """The difference AM-PLSQL-127 reports: the setting is transactional."""
    conn.execute("CALL ctx_pkg.set_user(7)")
    conn.execute("BEGIN; CALL ctx_pkg.set_user(8)")
    assert conn.scalar("SELECT hr.current_user_id()") == 8
    conn.execute("ROLLBACK")
    assert conn.scalar("SELECT hr.current_user_id()") == 7


def test_a_deterministic_function_reading_a_context_is_not_immutable(deployed, conn):  # type: ignore[no-untyped-def]
    assert "IMMUTABLE" not in deployed[0]["current_user_id"].sql
    assert conn.scalar("SELECT provolatile FROM pg_proc WHERE proname = 'current_user_id'") == "v"


def _converted(convert_plsql, code: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    objects = convert_plsql(code).objects
    return {o.name: (o.status.value, sorted({f.rule_id for f in o.findings})) for o in objects}


PROC = "CREATE OR REPLACE PROCEDURE hr.p IS\nBEGIN\n  {0};\nEND;\n/\n"
FN = "CREATE OR REPLACE FUNCTION hr.f RETURN VARCHAR2 IS\nBEGIN\n  RETURN {0};\nEND;\n/\n"
LOCAL = "CREATE CONTEXT app_ctx USING hr.p;\n"
GLOBAL = "CREATE CONTEXT app_ctx USING hr.p ACCESSED GLOBALLY;\n"
EXTERNAL = "CREATE OR REPLACE CONTEXT app_ctx USING hr.p INITIALIZED EXTERNALLY;\n"

FLAGGED = [
    # (what, code, object, status, rule ids)
    ("a global context's write", GLOBAL + PROC.format("DBMS_SESSION.SET_CONTEXT('APP_CTX', 'A', 'x')"), "p",
     "manual", ["AM-PLSQL-009"]),
    ("a global context's read", GLOBAL + FN.format("SYS_CONTEXT('APP_CTX', 'A')"), "f", "manual",
     ["CONV-ORA-CONTEXT-001"]),
    ("a global context itself", GLOBAL, "app_ctx", "manual", ["AM-DDL-054"]),
    ("a context initialized by the client", EXTERNAL + FN.format("SYS_CONTEXT('APP_CTX', 'A')"), "f", "manual",
     ["CONV-ORA-CONTEXT-001"]),
    ("SET_CONTEXT with a client identifier", LOCAL + PROC.format(
        "DBMS_SESSION.SET_CONTEXT('APP_CTX', 'A', 'x', client_id => 'c1')"), "p", "manual", ["AM-PLSQL-009"]),
    ("SET_CONTEXT with a username", LOCAL + PROC.format(
        "DBMS_SESSION.SET_CONTEXT('APP_CTX', 'A', 'x', 'SCOTT')"), "p", "manual", ["AM-PLSQL-009"]),
    ("CLEAR_CONTEXT with a client identifier", LOCAL + PROC.format(
        "DBMS_SESSION.CLEAR_CONTEXT('APP_CTX', 'c1', 'A')"), "p", "manual", ["AM-PLSQL-009"]),
    ("a namespace known at run time", LOCAL + PROC.format("DBMS_SESSION.SET_CONTEXT(USER, 'A', 'x')"), "p",
     "manual", ["AM-PLSQL-009"]),
    ("a positional argument after a named one", LOCAL + PROC.format(
        "DBMS_SESSION.SET_CONTEXT(namespace => 'APP_CTX', 'A', 'x')"), "p", "manual", ["AM-PLSQL-009"]),
    ("a namespace Oracle provides", LOCAL + PROC.format("DBMS_SESSION.SET_CONTEXT('USERENV', 'A', 'x')"), "p",
     "manual", ["AM-PLSQL-009"]),
    ("a length that is no integer literal", LOCAL + FN.format("SYS_CONTEXT('APP_CTX', 'A', 10.5)"), "f", "manual",
     ["CONV-ORA-CONTEXT-001"]),
    ("a local context's write", LOCAL + PROC.format("DBMS_SESSION.SET_CONTEXT('APP_CTX', 'A', NULL, NULL)"), "p",
     "converted_with_findings", ["AM-PLSQL-127"]),
    ("a write of a context not in the run", PROC.format("DBMS_SESSION.CLEAR_ALL_CONTEXT('APP_CTX')"), "p",
     "converted_with_findings", ["AM-PLSQL-127", "AM-PLSQL-128"]),
    ("a read of a context not in the run", FN.format("SYS_CONTEXT('APP_CTX', 'A')"), "f",
     "converted_with_findings", ["CONV-ORA-CONTEXT-002"]),
    ("USERENV as before", FN.format("SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')"), "f", "converted", []),
]  # fmt: skip


@pytest.mark.parametrize(("what", "code", "name", "status", "rules"), FLAGGED, ids=[c[0] for c in FLAGGED])
def test_what_converts_and_what_stays_flagged(convert_plsql, what, code, name, status, rules):  # type: ignore[no-untyped-def]
    assert _converted(convert_plsql, code)[name] == (status, rules)


LOCAL_CONTEXT = RewriteOptions(app_contexts=(("APP_CTX", "ACCESSED LOCALLY"),))
READS = [
    # (SYS_CONTEXT call, options, a piece of the PostgreSQL text)
    ("SYS_CONTEXT('app_ctx', 'user_id')", LOCAL_CONTEXT, "'APP_CTX', 'USER_ID'"),
    ("SYS_CONTEXT('APP_CTX', v)", LOCAL_CONTEXT, "'APP_CTX', upper(v)"),
    ("SYS_CONTEXT('APP_CTX', 'A', 0)", LOCAL_CONTEXT, "<= 256 THEN 256"),  # out of range: the default
    ("SYS_CONTEXT('APP_CTX', 'A', 4000)", LOCAL_CONTEXT, "<= 4000 THEN 4000"),
    ("SYS_CONTEXT('APP_CTX', 'A', -1)", LOCAL_CONTEXT, "<= 256 THEN 256"),
    ("SYS_CONTEXT('APP_CTX', 'A', 5)", RewriteOptions(nls_characterset="WE8MSWIN1252"), ", 'A'), 5)"),
]


@pytest.mark.parametrize(("oracle", "options", "piece"), READS, ids=[r[0] for r in READS])
def test_reads(oracle: str, options: RewriteOptions, piece: str) -> None:
    assert piece in convert_expression(oracle, "oracle", options).sql


def test_a_read_in_an_index_expression_is_flagged() -> None:
    options = RewriteOptions(object_kind="index", app_contexts=LOCAL_CONTEXT.app_contexts)
    found = convert_expression("SYS_CONTEXT('APP_CTX', 'A')", "oracle", options).findings
    assert [f.rule_id for f in found] == ["CONV-IMMUTABLE-001"]


def test_a_multibyte_character_set_other_than_al32utf8_is_flagged() -> None:
    options = RewriteOptions(nls_characterset="JA16SJIS", app_contexts=LOCAL_CONTEXT.app_contexts)
    found = convert_expression("SYS_CONTEXT('APP_CTX', 'A')", "oracle", options).findings
    assert [f.rule_id for f in found] == ["CONV-ORA-CONTEXT-001"]


def test_the_scanner_reads_how_a_context_keeps_its_values(tmp_path: Path) -> None:
    path = tmp_path / "contexts.sql"
    path.write_text(LOCAL + GLOBAL.replace("app_ctx", "g_ctx") + EXTERNAL.replace("app_ctx", "e_ctx")
                    + 'CREATE OR REPLACE CONTEXT "I_CTX" USING "HR"."P" INITIALIZED GLOBALLY;\n')  # fmt: skip
    features = scan_files([path], "oracle", lambda *a, **k: None).features
    assert [(f.kind, f.name, f.detail) for f in features] == [
        ("context", "APP_CTX", "ACCESSED LOCALLY USING HR.P"),
        ("context", "G_CTX", "ACCESSED GLOBALLY USING HR.P"),
        ("context", "E_CTX", "INITIALIZED EXTERNALLY USING HR.P"),
        ("context", "I_CTX", "INITIALIZED GLOBALLY USING HR.P"),
    ]


def test_a_number_variable_or_result_reads_the_value_as_a_number(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    code = LOCAL + (
        "CREATE OR REPLACE FUNCTION hr.f RETURN NUMBER IS\n  v NUMBER;\nBEGIN\n"
        "  v := SYS_CONTEXT('APP_CTX', 'A');\n  RETURN SYS_CONTEXT('APP_CTX', 'B');\nEND;\n/\n"
    )
    sql = next(o.sql for o in convert_plsql(code).objects if o.name == "f")
    assert "v := CAST((SELECT" in sql and "RETURN CAST((SELECT" in sql and sql.count("AS numeric);") == 2
