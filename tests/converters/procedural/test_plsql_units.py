"""Whole PL/SQL units -> objects: one line per case with the object it becomes, its status, and the rule ids it
raises; plus the guard that every rule of plsql_rules has a line in these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converters.procedural.plsql_rules import RULES

FN = "CREATE OR REPLACE FUNCTION hr.f RETURN NUMBER IS\n{decl}\nBEGIN\n{body}\nEND;\n/\n"
PROC = "CREATE OR REPLACE PROCEDURE hr.p IS\n{decl}\nBEGIN\n{body}\nEND;\n/\n"
TRIGGER = "CREATE OR REPLACE TRIGGER hr.t BEFORE INSERT OR UPDATE ON hr.emp FOR EACH ROW\nBEGIN\n{body}\nEND;\n/\n"

CASES = [
    # (what, unit text, object kind, status, rule ids raised)
    ("a plain function", FN.format(decl="v NUMBER := 1;", body="RETURN v;"), "function", "converted", []),
    ("syntax error", PROC.format(decl="", body="IF x THEN NULL;"), "procedure", "manual", ["AM-PLSQL-001"]),
    ("wrapped code", "CREATE OR REPLACE PACKAGE BODY hr.w WRAPPED\na000000\nabcd\n/\n", "package_body", "manual",
     ["AM-PLSQL-002"]),
    ("wrapped procedure", "CREATE OR REPLACE PROCEDURE hr.wp wrapped\na000000\n1f\nabcd\n/\n", "procedure", "manual",
     ["AM-PLSQL-002"]),
    # a function that commits becomes a procedure returning `result` (AM-PLSQL-062); an autonomous one stays one
    ("COMMIT in a function", FN.format(decl="", body="COMMIT; RETURN 1;"), "procedure", "converted_with_findings",
     ["AM-PLSQL-062"]),
    # ... a PIPELINED one cannot: its rows are read by a query
    ("COMMIT in a pipelined function", "CREATE OR REPLACE TYPE hr.nums AS TABLE OF NUMBER;\n/\n"
     "CREATE OR REPLACE FUNCTION hr.pf RETURN hr.nums PIPELINED IS\nBEGIN\nCOMMIT;\nPIPE ROW (1);\nRETURN;\nEND;\n/\n",
     "function", "manual", ["AM-PLSQL-004"]),
    ("autonomous transaction", PROC.format(decl="PRAGMA AUTONOMOUS_TRANSACTION;", body="NULL;"), "procedure",
     "converted", []),
    ("RECORD type", PROC.format(decl="TYPE r IS RECORD (a NUMBER, b hr.emp.name%TYPE); v r;", body="v.a := 1;"),
     "procedure", "converted", []),
    ("RECORD field default", PROC.format(decl="TYPE r IS RECORD (a NUMBER := 0);", body="NULL;"), "procedure",
     "converted", []),
    ("RECORD field NOT NULL", PROC.format(decl="TYPE r IS RECORD (a NUMBER NOT NULL := 0);", body="NULL;"),
     "procedure", "manual", ["AM-PLSQL-010"]),
    ("associative array by string of records", PROC.format(
        decl="TYPE r IS RECORD (a NUMBER);\nTYPE m IS TABLE OF r INDEX BY VARCHAR2(30);", body="NULL;"),
     "procedure", "converted", []),
    ("associative array by string of objects", "CREATE TYPE hr.o AS OBJECT (a NUMBER);\n/\n" + PROC.format(
        decl="TYPE m IS TABLE OF hr.o INDEX BY VARCHAR2(30);", body="NULL;"), "procedure", "manual",
     ["AM-PLSQL-011"]),
    ("associative array by string of numbers", PROC.format(decl="TYPE m IS TABLE OF NUMBER INDEX BY VARCHAR2(30);",
                                                            body="NULL;"), "procedure", "converted", []),
    ("nested subprogram", PROC.format(decl="FUNCTION twice(n NUMBER) RETURN NUMBER IS BEGIN RETURN n * 2; END;",
                                      body="DBMS_OUTPUT.PUT_LINE(twice(2));"), "procedure", "converted", []),
    ("nested function writing the outer's variables, called in an expression", PROC.format(
        decl="v NUMBER;\nFUNCTION inner RETURN NUMBER IS BEGIN v := 1; RETURN 2; END;", body="v := inner + 1;"),
     "procedure", "manual", ["AM-PLSQL-061"]),
    ("function with OUT parameter", "CREATE FUNCTION hr.g(p OUT NUMBER) RETURN NUMBER IS BEGIN p := 1; RETURN 2; "
     "END;\n/\n", "function", "converted_with_findings", ["AM-PLSQL-060"]),
    ("pipelined function with OUT parameter", "CREATE TYPE hr.nums AS TABLE OF NUMBER;\n/\nCREATE FUNCTION hr.g(p OUT NUMBER) RETURN hr.nums PIPELINED IS "
     "BEGIN p := 1; RETURN; END;\n/\n", "function", "manual", ["AM-PLSQL-017"]),
    ("PIPE ROW outside a pipelined function", PROC.format(decl="", body="PIPE ROW (1);"), "procedure", "converted",
     []),
    ("unknown type", PROC.format(decl="v NO_SUCH_TYPE;", body="NULL;"), "procedure", "manual", ["AM-PLSQL-020"]),
    ("FORALL over INDICES OF", PROC.format(decl="TYPE t IS TABLE OF NUMBER; v t;",
                                           body="FORALL i IN INDICES OF v DELETE FROM hr.emp WHERE id = v(i);"),
     "procedure", "converted", []),
    ("FORALL over VALUES OF ... BETWEEN", PROC.format(decl="TYPE t IS TABLE OF NUMBER; v t;", body="FORALL i IN "
     "VALUES OF v BETWEEN 1 AND 2 DELETE FROM hr.emp WHERE id = v(i);"), "procedure", "manual", ["AM-PLSQL-019"]),
    ("external routine", "CREATE OR REPLACE FUNCTION hr.ext(p NUMBER) RETURN NUMBER AS LANGUAGE JAVA NAME "
     "'X.y(int) return int';\n/\n", "function", "manual", ["AM-PLSQL-023"]),
    ("UPDATING('col')", TRIGGER.format(body="IF UPDATING('SALARY') THEN :NEW.name := 'x'; END IF;"), "trigger",
     "converted", []),
    ("UPDATING('col') in a statement trigger", "CREATE OR REPLACE TRIGGER hr.st BEFORE UPDATE ON hr.emp\nBEGIN\n"
     "IF UPDATING('SALARY') THEN NULL; END IF;\nEND;\n/\n", "trigger", "manual", ["AM-PLSQL-015"]),
    ("compound trigger", "CREATE OR REPLACE TRIGGER hr.ct FOR INSERT ON hr.emp COMPOUND TRIGGER\n"
     "AFTER STATEMENT IS BEGIN NULL; END AFTER STATEMENT;\nEND;\n/\n", "trigger", "converted", []),
    ("DDL trigger", "CREATE OR REPLACE TRIGGER hr.ddl AFTER CREATE ON SCHEMA\nBEGIN\n  NULL;\nEND;\n/\n",
     "trigger", "manual", ["AM-PLSQL-014"]),
    ("trigger order", "CREATE OR REPLACE TRIGGER hr.t2 BEFORE INSERT ON hr.emp FOR EACH ROW FOLLOWS hr.t1\n"
     "BEGIN\n  :NEW.name := 'x';\nEND;\n/\n", "trigger", "converted_with_findings", ["AM-PLSQL-028"]),
    ("%TYPE of a package variable", "CREATE OR REPLACE PACKAGE hr.pv AS g NUMBER(5); END;\n/\n"
     + PROC.format(decl="v pv.g%TYPE;", body="v := 1;"), "procedure", "converted", []),
    ("trigger returns NEW", TRIGGER.format(body=":NEW.name := UPPER(:NEW.name);"), "trigger", "converted", []),
    ("object type body", "CREATE OR REPLACE TYPE BODY hr.o AS MEMBER FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; "
     "END; END;\n/\n", "type_body", "manual", ["AM-PLSQL-021"]),
    ("package state", "CREATE OR REPLACE PACKAGE hr.pk AS g NUMBER := 0; END;\n/\n", "package",
     "converted_with_findings", ["AM-PLSQL-012"]),
    ("package initialisation", "CREATE OR REPLACE PACKAGE BODY hr.pk2 AS\nBEGIN\n  NULL;\nEND;\n/\n",
     "package_body", "converted", []),
    ("package initialisation that changes rows", "CREATE OR REPLACE PACKAGE BODY hr.pk3 AS\nBEGIN\n"
     "  INSERT INTO hr.audit_t (id) VALUES (1);\nEND;\n/\n", "package_body", "manual", ["AM-PLSQL-013"]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "code", "kind", "status", "expected"), CASES, ids=[c[0] for c in CASES])
def test_unit(convert_plsql, what: str, code: str, kind: str, status: str, expected: list[str]) -> None:
    obj = next(o for o in convert_plsql(code).objects if o.kind == kind)
    assert obj.status.value == status, obj.sql
    assert sorted({f.rule_id for f in obj.findings if f.rule_id.startswith("AM-PLSQL")}) == expected


def test_trigger_function_and_create_trigger(convert_plsql) -> None:
    code = ("CREATE OR REPLACE TRIGGER hr.upd AFTER UPDATE OF salary, dept ON hr.emp FOR EACH ROW\n"
            "WHEN (NEW.salary > OLD.salary)\nBEGIN\n  INSERT INTO hr.audit_t (id, note) VALUES (:NEW.id, 'up');\nEND;\n/\n")  # fmt: skip
    obj = next(o for o in convert_plsql(code).objects if o.kind == "trigger")
    assert "RETURNS trigger" in obj.sql and "RETURN NULL;" in obj.sql
    assert ("CREATE OR REPLACE TRIGGER upd\n    AFTER UPDATE OF salary, dept ON hr.emp\n    FOR EACH ROW\n"
            "    WHEN (new.salary > old.salary)\n    EXECUTE FUNCTION hr.upd_fn();") in obj.sql  # fmt: skip


def test_routine_calling_a_manual_routine_says_it_waits(convert_plsql) -> None:
    code = PROC.format(decl="", body="SAVEPOINT s;") + ("CREATE OR REPLACE PROCEDURE hr.caller IS BEGIN p; END;\n/\n")
    caller = next(o for o in convert_plsql(code).objects if o.name == "caller")
    assert [f.rule_id for f in caller.findings] == ["AM-PLSQL-026"]
    assert "CALL hr.p();" in caller.sql


def test_every_rule_has_a_test_line() -> None:
    here = Path(__file__).parent
    text = "".join(p.read_text(encoding="utf-8") for p in here.glob("test_plsql*.py"))
    assert sorted(r for r in RULES if not re.search(rf"\b{r}\b", text)) == []


def test_record_type_is_a_composite_type_created_before_the_routine(convert_plsql) -> None:
    code = PROC.format(
        decl="TYPE r IS RECORD (a NUMBER, b hr.emp.name%TYPE);\nTYPE rs IS TABLE OF r;\nv rs;",
        body="v.EXTEND; v(1).a := 1;",
    )
    obj = next(o for o in convert_plsql(code).objects if o.kind == "procedure")
    assert obj.sql.startswith("DO $$ BEGIN\n    CREATE TYPE hr.p_r AS (a numeric, b varchar(30));")
    assert "v hr.p_r[] := '{}'::hr.p_r[];" in obj.sql


def test_trigger_referencing_names_are_new_and_old(convert_plsql) -> None:
    code = ("CREATE OR REPLACE TRIGGER hr.ref BEFORE UPDATE ON hr.emp REFERENCING NEW AS n OLD AS o FOR EACH ROW\n"
            "BEGIN\n  :n.salary := :o.salary + 1;\nEND;\n/\n")  # fmt: skip
    obj = next(o for o in convert_plsql(code).objects if o.kind == "trigger")
    assert "new.salary := old.salary + 1;" in obj.sql.lower()


def test_overloaded_package_routines_each_convert_and_get_a_file(convert_plsql, tmp_path) -> None:
    from converters.output import write_output

    code = ("CREATE OR REPLACE PACKAGE BODY hr.ov AS\n"
            "  FUNCTION f(p NUMBER) RETURN NUMBER IS BEGIN RETURN p; END;\n"
            "  FUNCTION f(p VARCHAR2) RETURN VARCHAR2 IS BEGIN RETURN p; END;\nEND;\n/\n")  # fmt: skip
    result = convert_plsql(code)
    first, second = (o.sql for o in result.objects if o.name == "f")
    assert "ov.f(\n    p numeric\n)" in first and "ov.f(\n    p varchar\n)" in second
    write_output(result, tmp_path)
    assert sorted(p.name for p in (tmp_path / "objects" / "function").iterdir()) == ["ov.f.2.sql", "ov.f.sql"]


def test_catalog_source_without_create_converts() -> None:
    from converters.procedural.plsql_units_parse import parse_unit

    unit = parse_unit("PROCEDURE cat (p IN NUMBER) IS\nBEGIN\n  NULL;\nEND cat;\n")
    assert unit.routine is not None and unit.routine.name == "cat"


@pytest.mark.parametrize(
    ("body", "immutable"),
    [
        ("RETURN p * 2;", True),
        ("RETURN p + (SELECT 1 FROM dual);", False),
        ("RETURN p + SYSDATE - SYSDATE;", False),
        # session values: an IMMUTABLE call may be folded once at planning and kept in PL/pgSQL's plans
        ("RETURN p + LENGTH(SYS_CONTEXT('USERENV', 'SESSION_USER'));", False),
        ("RETURN p + (CURRENT_DATE - CURRENT_DATE);", False),
    ],
)
def test_deterministic_is_immutable_only_when_the_body_is_pure(convert_plsql, body: str, immutable: bool) -> None:
    code = f"CREATE OR REPLACE FUNCTION hr.d(p NUMBER) RETURN NUMBER DETERMINISTIC IS BEGIN {body} END;\n/\n"
    obj = next(o for o in convert_plsql(code).objects if o.kind == "function")
    assert ("\nIMMUTABLE\n" in obj.sql) is immutable


def test_a_converter_bug_costs_the_unit_not_the_run(convert_plsql, monkeypatch) -> None:
    from converters.procedural import plsql

    def broken(*args: object) -> None:
        raise IndexError("boom")

    monkeypatch.setitem(plsql.UNITS, "procedure", broken)
    code = PROC.format(decl="", body="NULL;") + FN.format(decl="", body="RETURN 1;")
    result = convert_plsql(code)
    proc = next(o for o in result.objects if o.kind == "procedure")
    assert (proc.status.value, [f.rule_id for f in proc.findings]) == ("manual", ["AM-PLSQL-029"])
    assert next(o for o in result.objects if o.kind == "function").status.value == "converted"


def test_a_unit_before_its_package_spec_still_knows_the_package(convert_plsql) -> None:
    code = ("CREATE OR REPLACE PROCEDURE hr.early IS BEGIN late_pkg.g_n := late_pkg.g_n + 1; END;\n/\n"
            "CREATE OR REPLACE PACKAGE hr.late_pkg AS g_n NUMBER := 0; END;\n/\n")  # fmt: skip
    result = convert_plsql(code)
    early = next(o for o in result.objects if o.name == "early")
    assert "PERFORM late_pkg.set_g_n(late_pkg.g_n() + 1);" in early.sql
    spec = next(o for o in result.objects if o.kind == "package")
    assert "CREATE OR REPLACE FUNCTION late_pkg.g_n()" in spec.sql
