"""Object types as real code uses them (round 6, the semver code base): user-defined constructors called with and
without NEW, a package function called without () from a type body, mixed-case routine names, member functions
declared SELF IN OUT that only read SELF, collection attributes (SELF.items.EXTEND, items(items.COUNT)), an
attribute's collection type declared after the object type, and a member function and procedure of one name."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import DeployStatus, ObjectStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE TYPE hr.c6_stack AS OBJECT (
    items hr.c6_nums,
    CONSTRUCTOR FUNCTION c6_stack RETURN SELF AS RESULT,
    MEMBER PROCEDURE push(SELF IN OUT c6_stack, p INTEGER),
    MEMBER FUNCTION depth(SELF IN OUT c6_stack) RETURN INTEGER,
    MEMBER FUNCTION top RETURN INTEGER
);
/
CREATE OR REPLACE TYPE hr.c6_nums AS TABLE OF INTEGER;
/
CREATE OR REPLACE TYPE hr.c6_tok AS OBJECT (
    kind VARCHAR2(30),
    txt  VARCHAR2(100),
    pos  INTEGER,
    CONSTRUCTOR FUNCTION c6_tok(kind VARCHAR2) RETURN SELF AS RESULT,
    CONSTRUCTOR FUNCTION c6_tok(kind VARCHAR2, txt VARCHAR2) RETURN SELF AS RESULT,
    MEMBER FUNCTION show RETURN VARCHAR2
);
/
CREATE OR REPLACE PACKAGE hr.c6_lex AS
    FUNCTION curPos RETURN PLS_INTEGER;
    FUNCTION demo RETURN VARCHAR2;
    FUNCTION stacked RETURN VARCHAR2;
    FUNCTION listed RETURN VARCHAR2;
END;
/
CREATE OR REPLACE TYPE hr.c6_toks AS TABLE OF hr.c6_tok;
/
CREATE OR REPLACE TYPE BODY hr.c6_stack AS
    CONSTRUCTOR FUNCTION c6_stack RETURN SELF AS RESULT IS
    BEGIN
        SELF.items := c6_nums();
        RETURN;
    END;
    MEMBER PROCEDURE push(SELF IN OUT c6_stack, p INTEGER) IS
    BEGIN
        SELF.items.EXTEND;
        items(items.COUNT) := p;
    END;
    MEMBER FUNCTION depth(SELF IN OUT c6_stack) RETURN INTEGER IS
    BEGIN
        RETURN SELF.items.COUNT;
    END;
    MEMBER FUNCTION top RETURN INTEGER IS
    BEGIN
        RETURN items(items.COUNT);
    END;
END;
/
CREATE OR REPLACE TYPE BODY hr.c6_tok AS
    CONSTRUCTOR FUNCTION c6_tok(kind VARCHAR2) RETURN SELF AS RESULT IS
    BEGIN
        SELF.kind := kind;
        SELF.pos := c6_lex.curPos;
        RETURN;
    END;
    CONSTRUCTOR FUNCTION c6_tok(kind VARCHAR2, txt VARCHAR2) RETURN SELF AS RESULT IS
    BEGIN
        SELF.kind := kind;
        SELF.txt := txt;
        SELF.pos := c6_lex.curPos;
        RETURN;
    END;
    MEMBER FUNCTION show RETURN VARCHAR2 IS
    BEGIN
        RETURN kind || ':' || txt || '@' || pos;
    END;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.c6_lex AS
    g_st c6_stack;
    FUNCTION listed RETURN VARCHAR2 IS
        toks c6_toks := c6_toks(c6_tok('a', 'b', 1), c6_tok('c', 'd', 2));
    BEGIN
        RETURN toks(2).show() || toks(1).show;
    END;
    FUNCTION stacked RETURN VARCHAR2 IS
    BEGIN
        g_st := c6_stack();
        g_st.push(5);
        g_st.push(6);
        RETURN g_st.top || '/' || g_st.depth();
    END;
    FUNCTION curPos RETURN PLS_INTEGER IS
    BEGIN
        RETURN 7;
    END;
    FUNCTION demo RETURN VARCHAR2 IS
        s c6_stack := c6_stack();
        t c6_tok;
        a c6_tok;
    BEGIN
        s.push(4);
        s.push(9);
        t := NEW hr.c6_tok('num', 'x');
        a := c6_tok('a', 'b', 3);
        RETURN c6_tok('eof').show || '|' || t.show() || '|' || a.show || '|' || s.depth() || ',' || s.top;
    END;
END;
/
"""


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory, tables):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round6_c"), tables + CODE)
    yield result, report, url
    _dropper.names.put(url.database)


def test_user_constructors_new_and_bare_package_calls_run_as_in_oracle(target) -> None:
    """c6_tok('eof') and NEW c6_tok('num', 'x') run the user constructors (pos from c6_lex.curPos, called without
    () from the type body); c6_tok('a', 'b', 3) is the attribute-value constructor; the stack's push, depth and top
    work on the collection attribute: Oracle returns 'eof:@7|num:x@7|a:b@3|2,9'."""
    result, report, url = target
    failed = {f"{o.schema}.{o.name}": o.error for o in report.outcomes if o.status is not DeployStatus.OK}
    assert failed == {}
    assert [o.qualified_name for o in result.objects if o.status is ObjectStatus.MANUAL] == []
    with connect(url) as conn:
        assert conn.rows("SELECT c6_lex.demo()") == [("eof:@7|num:x@7|a:b@3|2,9",)]
        # a package variable of an object type: its member procedure changes the package state
        assert conn.rows("SELECT c6_lex.stacked()") == [("6/2",)]
        assert conn.rows("SELECT c6_lex.listed()") == [("c:d@2a:b@1",)]  # toks(2).show(): an element's method


def test_calls_are_qualified_and_mixed_case_names_fold(target) -> None:
    result, _, _ = target
    objects = {(o.kind, o.schema, o.name): o for o in result.objects}
    demo = objects[("function", "c6_lex", "demo")]
    assert "t := hr.c6_tok('num', 'x');" in demo.sql  # NEW dropped, the type's own constructor qualified
    assert "hr.c6_tok" in demo.depends_on  # deploys after the constructors
    assert ("function", "c6_lex", "curpos") in objects  # curPos is CURPOS in Oracle: created and called as curpos
    assert "c6_lex.curPos()" in objects[("function", "hr", "c6_tok")].sql
    assert "hr.c6_nums" in objects[("type", "hr", "c6_stack")].depends_on  # its attribute's type, declared after it


METHODS = """
CREATE OR REPLACE TYPE hr.c6_st2 AS OBJECT (
    items hr.c6_nums2,
    MEMBER FUNCTION pop(SELF IN OUT c6_st2) RETURN INTEGER,
    MEMBER PROCEDURE pop(SELF IN OUT c6_st2),
    MEMBER FUNCTION size_of(SELF IN OUT c6_st2) RETURN INTEGER,
    MEMBER FUNCTION sum_with(SELF IN OUT c6_st2, p INTEGER) RETURN INTEGER
);
/
CREATE OR REPLACE TYPE hr.c6_nums2 AS TABLE OF INTEGER;
/
CREATE OR REPLACE PROCEDURE hr.c6_fill(p IN OUT c6_nums2) IS BEGIN p := c6_nums2(1); END;
/
CREATE OR REPLACE TYPE BODY hr.c6_st2 AS
    MEMBER FUNCTION pop(SELF IN OUT c6_st2) RETURN INTEGER IS
        l INTEGER;
    BEGIN
        l := items(items.COUNT);
        items.TRIM;
        RETURN l;
    END;
    MEMBER PROCEDURE pop(SELF IN OUT c6_st2) IS
        l INTEGER;
    BEGIN
        l := SELF.pop();
    END;
    MEMBER FUNCTION size_of(SELF IN OUT c6_st2) RETURN INTEGER IS
    BEGIN
        RETURN NVL(items.COUNT, 0) + LENGTH(TO_CHAR(items.COUNT)) * 0;
    END;
    MEMBER FUNCTION sum_with(SELF IN OUT c6_st2, p INTEGER) RETURN INTEGER IS
    BEGIN
        c6_fill(items);
        RETURN p;
    END;
END;
/
CREATE OR REPLACE FUNCTION hr.c6_summer(s c6_st2) RETURN INTEGER IS
    l c6_st2 := s;
BEGIN
    RETURN l.sum_with(1) + l.size_of();
END;
/
"""


def test_self_in_out_functions_convert_only_when_they_only_read_self(convert_plsql) -> None:
    """size_of only reads SELF (built-in calls on an attribute): it converts as a function of the object. pop
    (TRIM on an attribute) and sum_with (the attribute passed to a procedure's IN OUT parameter) change the
    caller's object: AM-PLSQL-021. The function pop and the procedure pop would both be c6_st2_pop(self):
    AM-PLSQL-040 on each, instead of a procedure calling itself."""
    objects = convert_plsql(METHODS).objects
    names = {o.name for o in objects if o.kind == "function"}
    assert "c6_st2_size_of" in names and "c6_st2_pop" not in names and "c6_st2_sum_with" not in names
    body = next(o for o in objects if o.name == "c6_st2_body")
    found = sorted((f.rule_id, f.message) for f in body.findings)
    assert [rule for rule, _ in found] == ["AM-PLSQL-021", "AM-PLSQL-040", "AM-PLSQL-040"]
    assert found[0][1].endswith("member function sum_with with SELF IN OUT: the caller's object changes with it")
    assert found[1][1].endswith(": pop is both a member function and a member procedure with as many parameters")
    summer = next(o for o in objects if o.name == "c6_summer")  # calls sum_with, which stayed manual: it waits
    assert [f.message.split(": ")[-1] for f in summer.findings if f.rule_id == "AM-PLSQL-026"] == ["hr.c6_st2_body"]
    assert "hr.c6_st2_body" in summer.depends_on


BARE = """
CREATE OR REPLACE PACKAGE hr.c6_cfg AS
    FUNCTION rate RETURN NUMBER;
END;
/
CREATE OR REPLACE FUNCTION hr.c6_use RETURN NUMBER IS
    v NUMBER;
    w NUMBER;
BEGIN
    SELECT c6_cfg.rate * 2 INTO v FROM dual;
    SELECT c6_cfg.salary INTO w FROM hr.emp c6_cfg WHERE c6_cfg.id = 1;
    RETURN v + w + c6_cfg.rate;
END;
/
"""


def test_a_package_function_without_parentheses_is_called_unless_a_table_alias_has_the_name(convert_plsql) -> None:
    """pkg.f with no () calls the function in PL/SQL and in SQL; in a query where pkg is a table alias,
    pkg.salary is that table's column, as Oracle resolves it."""
    sql = next(o for o in convert_plsql(BARE).objects if o.name == "c6_use").sql
    assert "SELECT c6_cfg.rate() * 2\n    INTO STRICT v;" in sql
    assert "SELECT c6_cfg.salary FROM hr.emp AS c6_cfg WHERE c6_cfg.id = 1\n    INTO STRICT w;" in sql
    assert "RETURN v + w + c6_cfg.rate();" in sql


STATE = """
CREATE OR REPLACE TYPE hr.c6_list AS TABLE OF VARCHAR2(10);
/
CREATE OR REPLACE PACKAGE hr.c6_pk AS
    FUNCTION run RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.c6_pk AS
    TYPE t_loc IS TABLE OF VARCHAR2(10);
    g_a t_loc;
    g_b c6_list;
    FUNCTION run RETURN VARCHAR2 IS
    BEGIN
        g_a := t_loc();
        g_a.EXTEND;
        g_a(g_a.COUNT) := 'x';
        g_b := c6_list('p', 'q', 'r');
        g_b.TRIM;
        g_b.EXTEND(2);
        g_b(g_b.COUNT) := 'y';
        RETURN g_a(1) || g_b(1) || g_b(g_b.COUNT) || g_b.COUNT || NVL(g_b(3), '-');
    END;
END;
/
"""


def test_collection_methods_on_package_variables_change_the_package_state(pg_server, _dropper, tmp_path, tables):
    """EXTEND / TRIM on a package variable, of a package's TABLE OF type or a schema-level one (an array domain),
    set the package state through its accessor: Oracle returns 'xpy4-' (p q, two new elements, the last one y)."""
    result, report, url = deploy_oracle(pg_server, tmp_path, tables + STATE)
    try:
        assert [o.error for o in report.outcomes if o.name == "run"] == [""]
        run = next(o for o in result.objects if o.name == "run")
        assert (
            "PERFORM c6_pk.set_g_b(coalesce((c6_pk.g_b()), '{}') || array_fill(NULL::varchar(10), ARRAY[2]));"
            in run.sql
        )
        with connect(url) as conn:
            assert conn.rows("SELECT c6_pk.run()") == [("xpy4-",)]
    finally:
        _dropper.names.put(url.database)


HIERARCHY = """
CREATE OR REPLACE TYPE hr.c6_shape AS OBJECT (
    name VARCHAR2(20),
    MEMBER FUNCTION area RETURN NUMBER,
    MEMBER FUNCTION label RETURN VARCHAR2,
    MEMBER FUNCTION plain RETURN VARCHAR2
) NOT FINAL;
/
CREATE OR REPLACE TYPE hr.c6_square UNDER hr.c6_shape (
    side NUMBER,
    OVERRIDING MEMBER FUNCTION area RETURN NUMBER
);
/
CREATE OR REPLACE TYPE BODY hr.c6_shape AS
    MEMBER FUNCTION area RETURN NUMBER IS BEGIN RETURN 0; END;
    MEMBER FUNCTION label RETURN VARCHAR2 IS BEGIN RETURN name || '=' || area(); END;
    MEMBER FUNCTION plain RETURN VARCHAR2 IS BEGIN RETURN name; END;
END;
/
CREATE OR REPLACE TYPE BODY hr.c6_square AS
    OVERRIDING MEMBER FUNCTION area RETURN NUMBER IS BEGIN RETURN side * side; END;
END;
/
CREATE OR REPLACE TYPE hr.c6_shapes AS TABLE OF hr.c6_shape;
/
CREATE OR REPLACE FUNCTION hr.c6_first_name(p c6_shapes) RETURN VARCHAR2 IS
BEGIN
    RETURN p(1).plain();
END;
/
CREATE OR REPLACE FUNCTION hr.c6_make RETURN VARCHAR2 IS
    s c6_shape := NEW c6_square('sq', 2);
BEGIN
    RETURN s.name;
END;
/
CREATE OR REPLACE FUNCTION hr.c6_side(q c6_square) RETURN NUMBER IS
    d c6_debug;
BEGIN
    RETURN q.side;
END;
/
"""


def test_type_inheritance_is_found_and_priced_with_the_calls_a_subtype_overrides(convert_plsql) -> None:
    """A subtype (UNDER) has no composite-type form: AM-PLSQL-140 on it, AM-PLSQL-141 on its body. In the
    supertype, label() calls area(), which the subtype overrides: Oracle runs c6_square's area for a square held
    in a c6_shape, a converted call would run c6_shape's, so label stays manual (AM-PLSQL-141); area and plain
    (no call of an overridden method) convert."""
    objects = {(o.kind, o.name): o for o in convert_plsql(HIERARCHY).objects}
    square = objects[("type", "c6_square")]
    assert square.status is ObjectStatus.MANUAL
    assert [f.rule_id for f in square.findings] == ["AM-PLSQL-140"]
    assert square.findings[0].message.endswith("type HR.C6_SQUARE UNDER c6_shape")
    assert square.findings[0].effort_hours == 3.0
    body = objects[("type_body", "c6_square_body")]
    assert [(f.rule_id, f.message.split(": ")[-1]) for f in body.findings] == [
        ("AM-PLSQL-141", "type body of c6_square, a subtype of c6_shape")
    ]
    label = objects[("function", "c6_shape_label")]
    assert label.status is ObjectStatus.MANUAL
    assert [f.message.split(": ")[-1] for f in label.findings] == ["call of area, which subtype c6_square overrides"]
    assert objects[("function", "c6_shape_area")].status is ObjectStatus.CONVERTED
    assert objects[("function", "c6_shape_plain")].status is ObjectStatus.CONVERTED
    # a collection of the supertype: plain() is no subtype's override, so the call converts
    assert objects[("function", "c6_first_name")].status is ObjectStatus.CONVERTED
    assert objects[("domain", "c6_shapes")].depends_on == ("hr", "hr.c6_shape")  # the type, not its methods
    make = objects[("function", "c6_make")]
    assert make.status is ObjectStatus.MANUAL
    assert [f.message.split(": ")[-1] for f in make.findings if f.rule_id == "AM-PLSQL-141"] == [
        "constructor of subtype c6_square"
    ]
    side = objects[("function", "c6_side")]  # a parameter of the subtype; a type that is nowhere in the run
    assert sorted((f.rule_id, f.message.split(": ")[-1]) for f in side.findings) == [
        ("AM-PLSQL-020", "c6_debug (neither an Oracle type nor a type of this run)"),
        ("AM-PLSQL-141", "declared with subtype c6_square"),
    ]
