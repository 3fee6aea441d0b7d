"""PL/SQL constructs with no one-to-one PL/pgSQL statement -> what they become, one line per case: the object,
its status, the rule ids it raises and a piece of its SQL (the behaviour on PostgreSQL is in
test_plsql_constructs.py)."""

from __future__ import annotations

import pytest

from tests.converters.procedural.conftest import deploy_objects

# ---- conversion lines: (what, source units, name of the object, its status, rule ids, text its SQL contains)
OUT_FN = ("CREATE OR REPLACE FUNCTION hr.g(a NUMBER, b OUT NUMBER, c IN OUT VARCHAR2) RETURN NUMBER IS\n"
          "BEGIN b := a; c := c || 'x'; RETURN a + 1; END;\n/\n")  # fmt: skip
CALLER = "CREATE OR REPLACE PROCEDURE hr.p IS\n  x NUMBER; y VARCHAR2(9); r NUMBER; t hr.nums := hr.nums(1);\n{decl}\n" \
         "BEGIN\n  {body}\nEND;\n/\nCREATE TYPE hr.nums AS TABLE OF NUMBER;\n/\n"  # fmt: skip

LINES = [
    ("OUT parameters and the RETURN value are OUT parameters", OUT_FN, "g", "converted_with_findings",
     ["AM-PLSQL-060"], "OUT b numeric,\n    INOUT c varchar,\n    OUT result numeric\n)\nLANGUAGE plpgsql"),
    ("RETURN sets the result and returns", OUT_FN, "g", "converted_with_findings", ["AM-PLSQL-060"],
     "result := a + 1;\n    RETURN;\nEND;"),
    ("a parameter named result", OUT_FN.replace("c IN OUT", "result IN OUT").replace("c :=", "result :="), "g",
     "converted_with_findings", ["AM-PLSQL-060"], "OUT return_value numeric"),
    ("no RETURN at the end: falling off fails", OUT_FN.replace("RETURN a + 1;", "IF a > 0 THEN RETURN 1; END IF;"),
     "g", "converted_with_findings", ["AM-PLSQL-060"], "END IF;\n    RAISE EXCEPTION USING ERRCODE = '2F005'"),
    ("a caller reads the row", OUT_FN + CALLER.format(decl="", body="r := g(1, x, y);"), "p", "converted", [],
     "SELECT * INTO x, y, r FROM hr.g(1, y);"),
    ("named notation keeps the input names", OUT_FN + CALLER.format(decl="", body="r := hr.g(c => y, b => x, a => 2);"),
     "p", "converted", [], "SELECT * INTO x, y, r FROM hr.g(c => y, a => 2);"),
    ("RETURN of the call", OUT_FN.replace("hr.g(", "hr.h(").replace("RETURN a + 1", "RETURN g(a, b, c)") + OUT_FN,
     "h", "converted_with_findings", ["AM-PLSQL-060"],
     "SELECT * INTO b, c, aurora_returned FROM hr.g(a, c);\n    result := aurora_returned;\n    RETURN;"),
    ("an IF condition calling it", OUT_FN + CALLER.format(decl="", body="IF g(1, x, y) > 1 THEN r := 1; END IF;"),
     "p", "converted", [], "FROM hr.g(1, y);\n    IF aurora_condition_"),
    ("a call AND may skip", OUT_FN + CALLER.format(decl="", body="IF r > 0 AND g(1, x, y) > 1 THEN r := 1; END IF;"),
     "p", "manual", ["AM-PLSQL-061"], "IF r > 0 AND hr.g(1, x, y) > 1 THEN"),
    ("a call inside an expression", OUT_FN + CALLER.format(decl="", body="r := g(1, x, y) + 1;"), "p", "manual",
     ["AM-PLSQL-061"], "hr.g(1, x, y) + 1"),
    ("an OUT argument that is an array element", OUT_FN + CALLER.format(decl="", body="r := g(1, t(1), y);"), "p",
     "manual", ["AM-PLSQL-061"], "-- r := g(1, t(1), y);"),
    ("a function declared inside the caller", CALLER.format(
        decl="FUNCTION twice(n NUMBER, m OUT NUMBER) RETURN NUMBER IS BEGIN m := n; RETURN n * 2; END;",
        body="r := twice(2, x);"), "p", "converted_with_findings", ["AM-PLSQL-060"], 'SELECT * INTO x, r FROM hr.p_twice(2);'),
]  # fmt: skip


@pytest.mark.parametrize(("what", "code", "name", "status", "rules", "text"), LINES, ids=[c[0] for c in LINES])
def test_conversion(convert_plsql, what: str, code: str, name: str, status: str, rules: list[str], text: str) -> None:
    obj = next(o for o in convert_plsql(code).objects if o.name == name)
    assert (obj.status.value, sorted({f.rule_id for f in obj.findings if f.rule_id.startswith("AM-PLSQL")})) == (
        status, rules), obj.sql  # fmt: skip
    assert text in obj.sql


TRIGGER = "CREATE OR REPLACE TRIGGER hr.t {timing} ON hr.emp{level}\nBEGIN\n  IF UPDATING({col}) THEN NULL; END IF;\nEND;\n/\n"

TRIGGER_LINES = [
    # (what, timing, level, UPDATING argument, status, rules, text the SQL contains)
    ("UPDATE OF the one tested column: UPDATING", "BEFORE UPDATE OF salary", " FOR EACH ROW", "'SALARY'",
     "converted", [], "IF (TG_OP = 'UPDATE') THEN"),
    ("other columns: statement triggers mark the SET list", "BEFORE INSERT OR UPDATE", " FOR EACH ROW", "'salary'",
     "converted", [], "BEFORE UPDATE OF salary ON hr.emp\n    FOR EACH STATEMENT\n"
     "    EXECUTE FUNCTION hr.t_updating_fn('mark', 'SALARY');"),
    ("a column the table does not have: false", "AFTER UPDATE", " FOR EACH ROW", "'NOPE'", "converted", [],
     "IF false THEN"),
    ("an AFTER statement trigger", "AFTER UPDATE", "", "'SALARY'", "converted", [],
     "CREATE OR REPLACE TRIGGER t_9_pop\n    AFTER UPDATE ON hr.emp"),
    ("a BEFORE statement trigger", "BEFORE UPDATE", "", "'SALARY'", "manual", ["AM-PLSQL-015"],
     "UPDATING('SALARY')"),
    ("a column named at run time", "AFTER UPDATE", " FOR EACH ROW", "'SAL' || 'ARY'", "manual", ["AM-PLSQL-015"],
     "UPDATING('SAL' || 'ARY')"),
]  # fmt: skip


COMPOUND = ("CREATE OR REPLACE TRIGGER hr.ct FOR UPDATE ON hr.emp COMPOUND TRIGGER\n{decl}\n"
            "BEFORE EACH ROW IS BEGIN {row} END BEFORE EACH ROW;\n"
            "AFTER STATEMENT IS BEGIN {stmt} END AFTER STATEMENT;\nEND;\n/\n")  # fmt: skip

COMPOUND_LINES = [
    # (what, declarations, BEFORE EACH ROW body, AFTER STATEMENT body, status, rules, text the SQL contains)
    ("a constant is declared in each function", "c CONSTANT NUMBER := 1;", ":NEW.salary := c;", "NULL;",
     "converted", [], "FOR EACH ROW\n    EXECUTE FUNCTION hr.ct_before_row_fn();"),
    ("a variable one statement point uses is its own", "v NUMBER := 0;", "NULL;", "v := v + 1;", "converted", [],
     "DECLARE\n    v numeric := 0;\nBEGIN\n    v := v + 1;"),
    ("a variable the rows share lives in a frame per statement", "v NUMBER := 0;", "v := v + 1;", "NULL;",
     "converted", [], "PERFORM set_config('aurora_compound.hr_ct_v_' || aurora_level, CASE WHEN v IS NULL"),
    # DBMS_OUTPUT.PUT_LINE(v) of a NUMBER prints TO_CHAR(v): a low finding on numbers past 38 digits
    ("a variable two points share", "v NUMBER := 0;", "v := 1;", "DBMS_OUTPUT.PUT_LINE(v);",
     "converted_with_findings", [],
     "v := CASE WHEN current_setting('aurora_compound.hr_ct_v_' || aurora_level, true) LIKE 'v%'"),
    ("a shared variable typed by a column's %TYPE", "v hr.emp.name%TYPE;", "v := 'x';", "NULL;", "converted", [],
     "THEN substr(current_setting('aurora_compound.hr_ct_v_' || aurora_level, true), 2)::varchar(30) END;"),
    ("a shared variable typed by another's %TYPE", "w NUMBER; v w%TYPE;", "v := 1;", "NULL;", "manual",
     ["AM-PLSQL-014"], "its type is only known as %TYPE"),
    ("a cursor opened in one point, fetched in another", "CURSOR c IS SELECT id FROM hr.emp; n NUMBER;",
     "OPEN c;", "FETCH c INTO n;", "manual", ["AM-PLSQL-014"], "cursor c is used across timing points"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "decl", "row", "stmt", "status", "rules", "text"), COMPOUND_LINES,
                         ids=[c[0] for c in COMPOUND_LINES])  # fmt: skip
def test_compound_trigger(convert_plsql, what, decl, row, stmt, status, rules, text) -> None:
    obj = next(o for o in convert_plsql(COMPOUND.format(decl=decl, row=row, stmt=stmt)).objects if o.kind == "trigger")
    assert (obj.status.value, sorted({f.rule_id for f in obj.findings if "PLSQL" in f.rule_id})) == (status, rules)
    assert text in obj.sql


@pytest.mark.parametrize(("what", "timing", "level", "col", "status", "rules", "text"), TRIGGER_LINES,
                         ids=[c[0] for c in TRIGGER_LINES])  # fmt: skip
def test_updating_column(convert_plsql, what, timing, level, col, status, rules, text) -> None:
    code = TRIGGER.format(timing=timing, level=level, col=col)
    obj = next(o for o in convert_plsql(code).objects if o.kind == "trigger")
    assert (obj.status.value, sorted({f.rule_id for f in obj.findings if "PLSQL" in f.rule_id})) == (status, rules)
    assert text in obj.sql


OBJ = "CREATE OR REPLACE TYPE hr.o AS OBJECT (a NUMBER, {spec});\n/\nCREATE OR REPLACE TYPE BODY hr.o AS\n{body}\nEND;\n/\n"

TYPE_LINES = [
    # (what, method in the spec, its body, the object it becomes, its status, rules, text the SQL contains)
    ("a member function takes self first", "MEMBER FUNCTION f(p NUMBER) RETURN NUMBER",
     "MEMBER FUNCTION f(p NUMBER) RETURN NUMBER IS BEGIN RETURN a + p; END;", "o_f", "converted", [],
     "hr.o_f(\n    self hr.o,\n    p numeric\n)\nRETURNS numeric"),
    ("an attribute named alone is self's", "MEMBER FUNCTION f RETURN NUMBER",
     "MEMBER FUNCTION f RETURN NUMBER IS BEGIN RETURN a * 2; END;", "o_f", "converted", [], "RETURN self.a * 2;"),
    ("a member procedure returns the changed object", "MEMBER PROCEDURE p",
     "MEMBER PROCEDURE p IS BEGIN a := 1; END;", "o_p", "converted", [], "self.a := 1;\n    RETURN self;"),
    ("a member procedure with an OUT parameter", "MEMBER PROCEDURE p(x OUT NUMBER)",
     "MEMBER PROCEDURE p(x OUT NUMBER) IS BEGIN x := a; END;", "o_body", "manual", ["AM-PLSQL-021"], ""),
    ("SQL naming an attribute alone", "MEMBER FUNCTION f RETURN NUMBER",
     "MEMBER FUNCTION f RETURN NUMBER IS v NUMBER; BEGIN SELECT COUNT(*) INTO v FROM hr.emp WHERE id = a; "
     "RETURN v; END;", "o_body", "manual", ["AM-PLSQL-021"], ""),
    ("a static function", "STATIC FUNCTION s RETURN NUMBER", "STATIC FUNCTION s RETURN NUMBER IS BEGIN RETURN 1; "
     "END;", "o_s", "converted", [], "CREATE OR REPLACE FUNCTION hr.o_s()"),
    ("SELF written out in a constructor", "CONSTRUCTOR FUNCTION o(SELF IN OUT NOCOPY o, x NUMBER) RETURN SELF AS "
     "RESULT", "CONSTRUCTOR FUNCTION o(SELF IN OUT NOCOPY o, x NUMBER) RETURN SELF AS RESULT IS BEGIN SELF.a := x; "
     "RETURN; END;", "o", "converted", [], "hr.o(\n    x numeric\n)\nRETURNS hr.o"),
    ("SELF IN OUT written out in a member procedure", "MEMBER PROCEDURE p(SELF IN OUT NOCOPY o)",
     "MEMBER PROCEDURE p(SELF IN OUT NOCOPY o) IS BEGIN a := 2; END;", "o_p", "converted", [],
     "hr.o_p(\n    self hr.o\n)\nRETURNS hr.o"),
    ("a member function changing SELF", "MEMBER FUNCTION f(SELF IN OUT o) RETURN NUMBER",
     "MEMBER FUNCTION f(SELF IN OUT o) RETURN NUMBER IS BEGIN a := 1; RETURN 1; END;", "o_body", "manual",
     ["AM-PLSQL-021"], ""),
    ("a user constructor", "CONSTRUCTOR FUNCTION o(x VARCHAR2) RETURN SELF AS RESULT",
     "CONSTRUCTOR FUNCTION o(x VARCHAR2) RETURN SELF AS RESULT IS BEGIN a := LENGTH(x); RETURN; END;", "o",
     "converted", [], "DECLARE\n    self hr.o;\nBEGIN\n    self.a := length(x);\n    RETURN self;"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "spec", "body", "name", "status", "rules", "text"), TYPE_LINES,
                         ids=[c[0] for c in TYPE_LINES])  # fmt: skip
def test_type_body_method(convert_plsql, what, spec, body, name, status, rules, text) -> None:
    result = convert_plsql(OBJ.format(spec=spec, body=body))
    obj = next(o for o in result.objects if o.name == name and o.kind in ("function", "procedure", "type_body"))
    assert (obj.status.value, sorted({f.rule_id for f in obj.findings if "PLSQL" in f.rule_id})) == (status, rules)
    assert text in obj.sql


HANDLED = ("CREATE OR REPLACE PACKAGE hr.hp AS g NUMBER := 0; END;\n/\n"
           "CREATE OR REPLACE PROCEDURE hr.p IS\n  v NUMBER;\n  e EXCEPTION;\n  PRAGMA EXCEPTION_INIT(e, {code});\n"
           "BEGIN\n  hp.g := hp.g + 1;\n  v := 0;\n  SELECT id INTO v FROM hr.emp WHERE id = 0;\n"
           "EXCEPTION\n  WHEN {name} THEN NULL;\nEND;\n/\n")  # fmt: skip

NARROWING = [
    # (what, the exception the handler catches, status, rules)
    ("NO_DATA_FOUND: the state change runs before the block", "-20001", "NO_DATA_FOUND", "converted", []),
    ("a user exception", "-20001", "e", "converted", []),
    # an assignment can raise these too: each statement protected on its own (plsql_atomic)
    ("OTHERS: an assignment can raise it too", "-20001", "OTHERS", "converted_with_findings", ["AM-PLSQL-124"]),
    ("a user exception for VALUE_ERROR", "-6502", "e", "converted_with_findings", ["AM-PLSQL-124"]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "code", "name", "status", "rules"), NARROWING, ids=[c[0] for c in NARROWING])
def test_handler_narrowing(convert_plsql, what, code, name, status, rules) -> None:
    obj = next(o for o in convert_plsql(HANDLED.format(code=code, name=name)).objects if o.name == "p")
    assert (obj.status.value, sorted({f.rule_id for f in obj.findings if "PLSQL" in f.rule_id})) == (status, rules)


OVERLOADS = ("CREATE OR REPLACE PACKAGE hr.ov AS\n  FUNCTION f(a NUMBER) RETURN NUMBER;\n"
             "  FUNCTION f(a NUMBER, b OUT NUMBER) RETURN NUMBER;\n  PROCEDURE p;\nEND;\n/\n"
             "CREATE OR REPLACE PACKAGE BODY hr.ov AS\n  FUNCTION f(a NUMBER) RETURN NUMBER IS BEGIN RETURN a; END;\n"
             "  FUNCTION f(a NUMBER, b OUT NUMBER) RETURN NUMBER IS BEGIN b := a; RETURN a; END;\n"
             "  PROCEDURE p IS x NUMBER; y NUMBER; BEGIN {call} END;\nEND;\n/\n")  # fmt: skip


@pytest.mark.parametrize(
    ("call", "status", "text"),
    [
        ("x := f(1);", "converted_with_findings", "x := ov.f(1);"),
        ("x := f(1, y);", "converted_with_findings", "SELECT * INTO y, x FROM ov.f(1);"),
        ("x := f(a => 1, b => y);", "converted_with_findings", "SELECT * INTO y, x FROM ov.f(a => 1);"),
    ],
)
def test_overloads_with_and_without_out_parameters(convert_plsql, call: str, status: str, text: str) -> None:
    """The call resolves to the right overload; but PostgreSQL identifies a function by its IN parameters only, so
    f(a) and f(a, OUT b) would be one function there: both stay manual (AM-PLSQL-040) and the caller waits."""
    objects = convert_plsql(OVERLOADS.format(call=call)).objects
    obj = next(o for o in objects if o.name == "p")
    assert obj.status.value == status, obj.sql
    assert text in obj.sql and {f.rule_id for f in obj.findings} == {"AM-PLSQL-026"}
    overloads = [o for o in objects if o.name == "f"]
    assert len(overloads) == 2 and all("AM-PLSQL-040" in {f.rule_id for f in o.findings} for o in overloads)


SAVING = ("CREATE OR REPLACE PACKAGE hr.sv AS g NUMBER := 0; END;\n/\n"
          "CREATE OR REPLACE PROCEDURE hr.p IS\n  TYPE t IS TABLE OF NUMBER; v t := t(1, 2);\n  e EXCEPTION;\n"
          "  PRAGMA EXCEPTION_INIT(e, -24381);\nBEGIN\n  sv.g := sv.g + 1;\n  DBMS_OUTPUT.PUT_LINE('go');\n"
          "  FORALL i IN 1 .. v.COUNT SAVE EXCEPTIONS\n    INSERT INTO hr.emp (id) VALUES (v(i));\n"
          "EXCEPTION\n  WHEN {name} THEN NULL;\nEND;\n/\n")  # fmt: skip


@pytest.mark.parametrize(("name", "status"), [("e", "converted"), ("OTHERS", "manual")])
def test_save_exceptions_after_statements_that_cannot_raise_what_is_caught(convert_plsql, name, status) -> None:
    obj = next(o for o in convert_plsql(SAVING.format(name=name)).objects if o.name == "p")
    assert obj.status.value == status, obj.sql
    if status == "converted":  # the count and the line run first; the handler catches the final ORA-24381 only
        assert "PERFORM sv.set_g(sv.g() + 1);\n    RAISE NOTICE" in obj.sql
        assert "RAISE EXCEPTION USING ERRCODE = 'UB381'" in obj.sql and "WHEN SQLSTATE 'UB381' THEN" in obj.sql


FORALL = ("CREATE OR REPLACE PROCEDURE hr.p IS\n  TYPE t IS TABLE OF NUMBER{index};\n  v t;\nBEGIN\n"
          "  FORALL i IN INDICES OF v\n    DELETE FROM hr.emp WHERE id = v(i);\nEND;\n/\n")  # fmt: skip


# an INDEX BY table's array has no gaps either: its writes are checked (plsql_elements); one keyed by text is a map
@pytest.mark.parametrize(
    ("index", "status"),
    [("", "converted"), (" INDEX BY PLS_INTEGER", "converted"), (" INDEX BY VARCHAR2(10)", "manual")],
)
def test_indices_of_needs_a_collection_without_gaps(convert_plsql, index: str, status: str) -> None:
    obj = next(o for o in convert_plsql(FORALL.format(index=index)).objects if o.name == "p")
    assert obj.status.value == status, obj.sql


INIT_PACKAGE = (
    "CREATE OR REPLACE PACKAGE hr.lx AS\n  FUNCTION eof RETURN BOOLEAN;\nEND;\n/\n"
    "CREATE OR REPLACE PACKAGE BODY hr.lx AS\n  g_pos PLS_INTEGER;\n"
    "  FUNCTION eof RETURN BOOLEAN IS BEGIN RETURN TRUE; END;\nBEGIN\n  g_pos := 1;\nEND;\n/\n"
)


def test_a_routine_guarded_by_the_initialisation_section_waits_for_the_body(convert_plsql) -> None:
    """eof reads no package state, but its guard calls lx.aurora_init(), which the body object creates: without
    the dependency it deployed before (or without) the body and failed with 'function does not exist'."""
    objects = {o.name: o for o in convert_plsql(INIT_PACKAGE).objects}
    assert "lx.aurora_init()" in objects["eof"].sql
    assert objects["lx_body"].qualified_name in objects["eof"].depends_on


CONSTANT_PATTERNS = (
    "CREATE OR REPLACE PACKAGE hr.rx AS\n  c_word CONSTANT VARCHAR2(20) := 'a.c[^x]';\n"
    "  FUNCTION pkg_hits(s VARCHAR2) RETURN NUMBER;\n  FUNCTION local_hits(s VARCHAR2) RETURN NUMBER;\nEND;\n/\n"
    "CREATE OR REPLACE PACKAGE BODY hr.rx AS\n"
    "  FUNCTION pkg_hits(s VARCHAR2) RETURN NUMBER IS BEGIN RETURN REGEXP_COUNT(s, c_word); END;\n"
    "  FUNCTION local_hits(s VARCHAR2) RETURN NUMBER IS\n    c_dot CONSTANT VARCHAR2(10) := 'a.c';\n"
    "  BEGIN\n    RETURN REGEXP_COUNT(s, c_dot);\n  END;\nEND;\n/\n"
)


def test_a_regular_expression_from_a_string_constant_converts_as_its_literal(convert_plsql, pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle: '.' does not match a newline, '[^x]' does. A pattern held in a package or local CONSTANT is the
    literal it always is, so it converts exactly (before: CONV-DOC-001, the pattern 'is not a literal')."""
    result = convert_plsql(CONSTANT_PATTERNS)
    objects = {o.name: o for o in result.objects}
    for name in ("pkg_hits", "local_hits"):
        assert objects[name].status.value == "converted", objects[name].sql
    deploy_objects(pg, result)
    text = "abc a" + chr(10) + "c ab" + chr(10) + "x"
    assert pg.scalar("SELECT rx.pkg_hits(%s)", (text,)) == 1  # 'abc ' only: 'a\nc' fails at '.', 'b\nx'... no 'c'
    assert pg.scalar("SELECT rx.local_hits(%s)", (text,)) == 1  # 'abc'; 'a\nc' does not match 'a.c'
