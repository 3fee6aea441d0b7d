"""Round 6 (a): what the ceyhunkerti-pl, ora-sqldev-tools and plsql_utilities code bases showed, fixed in the general
case and checked on the real PostgreSQL against what Oracle returns:

- a package variable assigned with its own package's name in front (`pkg.g := v` inside pkg's body) no longer
  crashes the converter (internal error KeyError);
- a package variable of an object type: `g.member_procedure(...)` changes it, `g.member_function` and `g.attribute`
  read it, with or without the package name in front; the spec may come before the CREATE TYPE in the export;
- DBMS_DB_VERSION.VERSION / RELEASE / VER_LE_n read as values: the configured release (conversion.oracle_version),
  or AM-PLSQL-100 when it is not set;
- POWER of numbers is a number (numeric), as in Oracle, not a double precision that MOD's % refuses;
- INSTR's native forms take arguments that call pure built-ins (SUBSTR, CHR): evaluated twice, they give the same;
- the collection types Oracle supplies (SYS.ODCIVARCHAR2LIST, ODCINUMBERLIST ...) are arrays, with constructors;
- PRAGMA INLINE among the statements is a comment (a compiler hint);
- DBMS_ASSERT.ENQUOTE_NAME is the converter's own helper with orafce, whose function of that name gives other results;
- SQL text assigned to a package variable and run by EXECUTE IMMEDIATE is package state (it was set as a local);
- the exponent operator ** is power();
- a collection of another package (pkg.v(i), pkg.v.COUNT, pkg.v.EXTEND) and EXTEND / TRIM / DELETE on package state;
- inside SQL, a table alias named like a package variable stays the alias;
- PRODUCT_COMPONENT_VERSION and GLOBAL_NAME are dictionary views (a finding naming the PostgreSQL function).
"""

from __future__ import annotations

import pytest

from converters.output import write_output
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.model import DeployStatus, ObjectStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE PACKAGE tally AS
    g counter_t;
    g_note VARCHAR2(30);
    PROCEDURE reset;
    FUNCTION step(k NUMBER) RETURN NUMBER;
END tally;
/
CREATE OR REPLACE TYPE counter_t AS OBJECT (
    n NUMBER,
    label VARCHAR2(30),
    MEMBER PROCEDURE bump(by_ NUMBER DEFAULT 1),
    MEMBER FUNCTION twice RETURN NUMBER
);
/
CREATE OR REPLACE TYPE BODY counter_t AS
    MEMBER PROCEDURE bump(by_ NUMBER DEFAULT 1) IS
    BEGIN
        self.n := self.n + by_;
    END;
    MEMBER FUNCTION twice RETURN NUMBER IS
    BEGIN
        RETURN n * 2;
    END;
END;
/
CREATE OR REPLACE PACKAGE BODY tally AS
    PROCEDURE reset IS
    BEGIN
        tally.g := counter_t(0, 'x');
        tally.g_note := 'reset';
    END reset;
    FUNCTION step(k NUMBER) RETURN NUMBER IS
    BEGIN
        tally.g.bump(k);
        g.bump;
        tally.g.label := 'y' || tally.g.n;
        RETURN tally.g.twice + g.n + LENGTH(g.label) + LENGTH(tally.g_note);
    END step;
END tally;
/
"""


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round6_a"), CODE)
    yield result, report, url
    _dropper.names.put(url.database)


def test_a_package_variable_named_with_its_package_converts_and_deploys_clean(target) -> None:
    result, report, _ = target
    objects = {o.name: o for o in result.objects}
    assert objects["reset"].status is ObjectStatus.CONVERTED
    assert "PERFORM tally.set_g(" in objects["reset"].sql
    assert {o.name: o.status for o in report.outcomes if o.name in ("reset", "step")} == {
        "reset": DeployStatus.OK,
        "step": DeployStatus.OK,
    }


def test_member_procedures_and_attributes_of_a_package_object_variable(target) -> None:
    """Oracle: g = (0, 'x'); bump(3) -> 3; bump -> 4; label 'y4'; twice 8 + n 4 + LENGTH('y4') 2 + LENGTH('reset')
    5 = 19, and g keeps (4, 'y4') for the next call of the session."""
    _, _, url = target
    with connect(url) as conn:
        conn.execute("CALL tally.reset()")
        assert conn.rows("SELECT tally.step(3)") == [(19,)]
        assert conn.rows("SELECT (tally.g()).n, (tally.g()).label") == [(4, "y4")]
        assert conn.rows("SELECT tally.step(1)") == [(12 + 6 + 2 + 5,)]  # g (4, y4): bump(1) 5, bump 6, label y6


def _deployed(result, make_database, folder, orafce: bool = False):  # type: ignore[no-untyped-def]
    """Write `result` and deploy it (plpgsql_check on) to a fresh database: (report, open connection's URL)."""
    write_output(result, folder)
    url = make_database()
    with connect(url) as conn:
        conn.execute("CREATE EXTENSION plpgsql_check")
        if orafce:
            conn.execute("CREATE EXTENSION orafce")
        return deploy(folder, conn), url


VERSION_CODE = """
CREATE OR REPLACE FUNCTION hr.release_text RETURN VARCHAR2 IS
BEGIN
    IF dbms_db_version.ver_le_12 THEN
        RETURN dbms_db_version.version || '.' || sys.dbms_db_version.release || ' old';
    END IF;
    RETURN dbms_db_version.version || '.' || dbms_db_version.release;
END;
/
"""


@pytest.mark.parametrize("version, expected", [("12.2", "12.2 old"), ("19", "19.0")])
def test_dbms_db_version_read_as_a_value_is_the_configured_release(
    convert_plsql, make_database, tmp_path, version, expected
) -> None:
    """DBMS_DB_VERSION's constants on Oracle 12.2: VERSION 12, RELEASE 2, VER_LE_12 TRUE; on 19.0: 19, 0, FALSE."""
    result = convert_plsql(VERSION_CODE, oracle_version=version)
    routine = next(o for o in result.objects if o.name == "release_text")
    assert routine.status is ObjectStatus.CONVERTED
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert [o.error for o in report.outcomes if o.name == "release_text"] == [""]
    with connect(url) as conn:
        assert conn.rows("SELECT hr.release_text()") == [(expected,)]


def test_dbms_db_version_with_no_configured_release_is_a_priced_finding(convert_plsql) -> None:
    routine = next(o for o in convert_plsql(VERSION_CODE).objects if o.name == "release_text")
    assert routine.status is ObjectStatus.MANUAL
    assert {f.rule_id for f in routine.findings} == {"AM-PLSQL-100"}
    assert all(f.effort_hours > 0 for f in routine.findings)


def test_power_of_numbers_is_an_exact_number(convert_plsql, make_database, tmp_path) -> None:
    """Oracle: POWER(10, 20) = 100000000000000000000 exactly (a NUMBER; PostgreSQL's power(int, int) is a double,
    1e+20), and MOD(FLOOR(n / POWER(32, i - 1)), 32) takes it (PostgreSQL has no double precision % integer):
    1000 in base 32 is 31, 8."""
    code = """
CREATE OR REPLACE FUNCTION hr.digit32(p_n NUMBER, p_i NUMBER) RETURN NUMBER IS
BEGIN
    RETURN MOD(FLOOR(p_n / POWER(32, p_i - 1)), 32);
END;
/
CREATE OR REPLACE FUNCTION hr.big(p_e NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN TO_CHAR(POWER(10, p_e) + 1);
END;
/
"""
    result = convert_plsql(code)
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert {o.name: o.error for o in report.outcomes if o.name in ("digit32", "big")} == {"digit32": "", "big": ""}
    with connect(url) as conn:
        assert conn.rows("SELECT hr.digit32(1000, 2), hr.digit32(1000, 1)") == [(31, 8)]
        assert conn.rows("SELECT hr.big(20)") == [("100000000000000000001",)]


def test_instr_backwards_in_a_substring_of_a_built_in_converts_natively(convert_plsql, make_database, tmp_path) -> None:
    """INSTR(SUBSTR(s, a, n), CHR(10), -1): the last line feed of the piece (Oracle: 'ab' LF 'cd' LF 'ef' gives 6
    from 1 for 8, 2 from 2 for 4, 0 from 7 for 2; NULL for a NULL text). SUBSTR and CHR are built-ins, evaluated
    twice without harm."""
    code = """
CREATE OR REPLACE FUNCTION hr.last_lf(p VARCHAR2, p_from NUMBER, p_len NUMBER) RETURN NUMBER IS
BEGIN
    RETURN INSTR(SUBSTR(p, p_from, p_len), CHR(10), -1);
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "last_lf")
    assert routine.status is not ObjectStatus.MANUAL
    assert "oracle.instr" not in routine.sql and "strpos(" in routine.sql
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert [o.error for o in report.outcomes if o.name == "last_lf"] == [""]
    text = "'ab' || chr(10) || 'cd' || chr(10) || 'ef'"
    with connect(url) as conn:
        got = conn.rows(
            f"SELECT hr.last_lf({text}, 1, 8), hr.last_lf({text}, 2, 4), hr.last_lf({text}, 7, 2), "
            "hr.last_lf(NULL, 1, 2)"
        )
        assert got == [(6, 2, 0, None)]


def test_oracle_supplied_odci_lists_are_arrays(convert_plsql, make_database, tmp_path) -> None:
    """SYS.ODCIVARCHAR2LIST is VARRAY(32767) OF VARCHAR2(4000), SYS.ODCINUMBERLIST of NUMBER. Oracle: the list
    ('a', 'b') extended with 'c' has 3 elements, the last 'c'; an empty one has COUNT 0; a PIPELINED function of
    ODCINUMBERLIST returns its rows (1, 2, 3 for n = 3)."""
    code = """
CREATE OR REPLACE FUNCTION hr.three RETURN sys.odcivarchar2list IS
    l sys.odcivarchar2list := sys.odcivarchar2list('a', 'b');
BEGIN
    l.EXTEND;
    l(l.COUNT) := 'c';
    RETURN l;
END;
/
CREATE OR REPLACE FUNCTION hr.empty_count RETURN NUMBER IS
    l odcinumberlist := odcinumberlist();
BEGIN
    RETURN l.COUNT;
END;
/
CREATE OR REPLACE FUNCTION hr.upto(n NUMBER) RETURN sys.odcinumberlist PIPELINED IS
BEGIN
    FOR i IN 1 .. n LOOP
        PIPE ROW(i);
    END LOOP;
END;
/
"""
    result = convert_plsql(code)
    names = ("three", "empty_count", "upto")
    assert all(o.status is not ObjectStatus.MANUAL for o in result.objects if o.name in names)
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert {o.name: o.error for o in report.outcomes if o.name in names} == dict.fromkeys(names, "")
    with connect(url) as conn:
        assert conn.rows("SELECT hr.three(), hr.empty_count()") == [(["a", "b", "c"], 0)]
        assert conn.rows("SELECT * FROM hr.upto(3)") == [(1,), (2,), (3,)]


def test_pragma_inline_among_the_statements_is_a_comment(convert_plsql, make_database, tmp_path) -> None:
    """PRAGMA INLINE (f, 'YES') before a statement is a compiler hint: quad(3) = 12 with or without it. Another
    PRAGMA there is no PL/SQL Oracle compiles: a finding."""
    code = """
CREATE OR REPLACE FUNCTION hr.twice(n NUMBER) RETURN NUMBER IS
BEGIN
    RETURN n * 2;
END;
/
CREATE OR REPLACE FUNCTION hr.quad(n NUMBER) RETURN NUMBER IS
BEGIN
    PRAGMA INLINE (twice, 'YES');
    RETURN twice(twice(n));
END;
/
CREATE OR REPLACE PROCEDURE hr.odd IS
BEGIN
    PRAGMA AUTONOMOUS_TRANSACTION;
    NULL;
END;
/
"""
    result = convert_plsql(code)
    objects = {o.name: o for o in result.objects}
    assert objects["quad"].status is ObjectStatus.CONVERTED
    assert "-- PRAGMA INLINE (twice, 'YES');" in objects["quad"].sql
    assert [f.rule_id for f in objects["odd"].findings] == ["AM-PLSQL-019"]
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert [o.error for o in report.outcomes if o.name == "quad"] == [""]
    with connect(url) as conn:
        assert conn.rows("SELECT hr.quad(3)") == [(12,)]


def test_dbms_assert_enquote_name_with_orafce_is_the_native_form(convert_plsql) -> None:
    """Oracle's DBMS_ASSERT.ENQUOTE_NAME('abc', FALSE) is '"abc"' (always quoted); orafce's gives abc: not the same
    function, so the routine calls the converter's own helper (test_plsql_dbms_assert runs it), never orafce's."""
    code = """
CREATE OR REPLACE FUNCTION hr.quoted(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_ASSERT.ENQUOTE_NAME(p, FALSE);
END;
/
"""
    routine = next(o for o in convert_plsql(code, use_orafce=True).objects if o.name == "quoted")
    assert routine.status is ObjectStatus.CONVERTED
    assert "RETURN hr.aurora_assert_enquote_name(p, FALSE);" in routine.sql
    assert "dbms_assert." not in routine.sql.lower()  # orafce's schema is not called


def test_sql_text_in_a_package_variable_is_package_state(convert_plsql, make_database, tmp_path) -> None:
    """g_sql := '...'; EXECUTE IMMEDIATE g_sql; with g_sql a package variable: Oracle runs the text and g_sql keeps
    it for the session (last_sql() returns it afterwards). It was assigned as if it were a local variable."""
    code = """
CREATE OR REPLACE PACKAGE runner AS
    g_sql VARCHAR2(200);
    PROCEDURE run_it;
    FUNCTION last_sql RETURN VARCHAR2;
END runner;
/
CREATE OR REPLACE PACKAGE BODY runner AS
    PROCEDURE run_it IS
    BEGIN
        g_sql := 'INSERT INTO hr.audit_t (id, note) VALUES (1, ''x'')';
        EXECUTE IMMEDIATE g_sql;
    END run_it;
    FUNCTION last_sql RETURN VARCHAR2 IS
    BEGIN
        RETURN g_sql;
    END last_sql;
END runner;
/
"""
    result = convert_plsql(code)
    run_it = next(o for o in result.objects if o.name == "run_it")
    assert "PERFORM runner.set_g_sql(" in run_it.sql
    assert [f.rule_id for f in run_it.findings] == ["AM-PLSQL-008"]
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert {o.name: o.error for o in report.outcomes if o.name in ("run_it", "last_sql")} == {
        "run_it": "",
        "last_sql": "",
    }
    with connect(url) as conn:
        conn.execute("CALL runner.run_it()")
        assert conn.rows("SELECT runner.last_sql(), (SELECT count(*) FROM hr.audit_t)") == [
            ("INSERT INTO hr.audit_t (id, note) VALUES (1, 'x')", 1)
        ]


def test_the_exponent_operator_is_power(convert_plsql, make_database, tmp_path) -> None:
    """PL/SQL's ** binds tighter than unary minus: -2 ** 2 = -4; 2 ** -1 = .5; (1 + 1) ** 3 = 8; a call and a
    variable as operands: twice(3) ** p_e = 36 for p_e = 2. The sum for p_e = 2: -4 + .5 + 8 + 36 = 40.5."""
    code = """
CREATE OR REPLACE FUNCTION hr.twice(n NUMBER) RETURN NUMBER IS
BEGIN
    RETURN n * 2;
END;
/
CREATE OR REPLACE FUNCTION hr.powers(p_e NUMBER) RETURN NUMBER IS
    l_half NUMBER := 2 ** -1;
BEGIN
    RETURN -2 ** 2 + l_half + (1 + 1) ** 3 + twice(3) ** p_e;
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "powers")
    assert routine.status is ObjectStatus.CONVERTED
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert [o.error for o in report.outcomes if o.name == "powers"] == [""]
    with connect(url) as conn:
        assert conn.rows("SELECT hr.powers(2) = 40.5") == [(True,)]


def test_a_collection_of_another_package(convert_plsql, make_database, tmp_path) -> None:
    """cfg.g_list(2), cfg.g_list.COUNT, cfg.g_list.LAST from another package read the package's collection:
    'b', 3 and 3 for t_list('a', 'b', 'c'); cfg.g_list(1) := 'z' changes it for the session; cfg.g_list.EXTEND
    (from another package) and g_list.EXTEND (in its own) add an element each: pick(5) is then 'e55'."""
    code = """
CREATE OR REPLACE PACKAGE cfg AS
    TYPE t_list IS TABLE OF VARCHAR2(30);
    g_list t_list := t_list('a', 'b', 'c');
    PROCEDURE add(p VARCHAR2);
END cfg;
/
CREATE OR REPLACE PACKAGE BODY cfg AS
    PROCEDURE add(p VARCHAR2) IS
    BEGIN
        g_list.EXTEND;
        g_list(g_list.COUNT) := p;
    END add;
END cfg;
/
CREATE OR REPLACE PACKAGE reader AS
    FUNCTION pick(i NUMBER) RETURN VARCHAR2;
    PROCEDURE change_first;
END reader;
/
CREATE OR REPLACE PACKAGE BODY reader AS
    FUNCTION pick(i NUMBER) RETURN VARCHAR2 IS
    BEGIN
        RETURN cfg.g_list(i) || cfg.g_list.COUNT || cfg.g_list.LAST;
    END pick;
    PROCEDURE change_first IS
    BEGIN
        cfg.g_list(1) := 'z';
        cfg.g_list.EXTEND;
        cfg.g_list(cfg.g_list.COUNT) := 'd';
        cfg.add('e');
    END change_first;
END reader;
/
"""
    result = convert_plsql(code)
    names = ("pick", "change_first", "add")
    assert all(o.status is not ObjectStatus.MANUAL for o in result.objects if o.name in names)
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert {o.name: o.error for o in report.outcomes if o.name in names} == dict.fromkeys(names, "")
    with connect(url) as conn:
        assert conn.rows("SELECT reader.pick(2)") == [("b33",)]
        conn.execute("CALL reader.change_first()")
        assert conn.rows("SELECT reader.pick(1), reader.pick(5)") == [("z55", "e55")]


def test_a_table_alias_named_like_a_package_variable_stays_the_table(convert_plsql, make_database, tmp_path) -> None:
    """Inside SQL, e.name is the column of the table aliased e, even when the package has a variable e (Oracle
    resolves the alias first): name_of(7) is the employee's name."""
    code = """
CREATE OR REPLACE PACKAGE names AS
    e NUMBER := 0;
    FUNCTION name_of(p_id NUMBER) RETURN VARCHAR2;
END names;
/
CREATE OR REPLACE PACKAGE BODY names AS
    FUNCTION name_of(p_id NUMBER) RETURN VARCHAR2 IS
        l_name VARCHAR2(30);
    BEGIN
        SELECT e.name INTO l_name FROM hr.emp e WHERE e.id = p_id;
        RETURN l_name || e;
    END name_of;
END names;
/
"""
    result = convert_plsql(code)
    report, url = _deployed(result, make_database, tmp_path / "out")
    assert [o.error for o in report.outcomes if o.name == "name_of"] == [""]
    with connect(url) as conn:
        conn.execute("INSERT INTO hr.emp (id, name) VALUES (7, 'Ada')")
        assert conn.rows("SELECT names.name_of(7)") == [("Ada0",)]


def test_the_product_version_view_is_a_dictionary_finding(convert_plsql) -> None:
    """PRODUCT_COMPONENT_VERSION (the release, as V$VERSION) is an Oracle dictionary view: a finding naming
    version(), not a deploy failure on a relation that does not exist."""
    code = """
CREATE OR REPLACE FUNCTION hr.release_full RETURN VARCHAR2 IS
    l_version VARCHAR2(100);
BEGIN
    SELECT version INTO l_version FROM product_component_version WHERE product LIKE 'Oracle Database%';
    RETURN l_version;
END;
/
"""
    routine = next(o for o in convert_plsql(code).objects if o.name == "release_full")
    assert routine.status is ObjectStatus.MANUAL
    assert [f.rule_id for f in routine.findings if f.severity.name == "HIGH"] == ["CONV-ORA-DICT-001"]
    assert "version()" in routine.findings[0].message
