"""NUMBER where PL/SQL wants text, and routines named like built-ins (seen in real code bases, bench/plsql_corpus.py):

- a NUMBER variable, parameter or function result in `||`, TO_CHAR(n) or LPAD / RPAD's first argument is Oracle's
  number text (TO_CHAR without a format: 200.00 -> '200', 0.5 -> '.5', -0.5 -> '-.5'), not PostgreSQL's '200.00';
- a package routine named like a built-in (`bitand`, `to_char`) is the package's routine when the package calls it
  or `pkg.name(...)` is called, and SYS.STANDARD.f / STANDARD.f is the built-in itself;
- a NUMBER passed to a VARCHAR2 parameter of a routine of the run, assigned to a VARCHAR2 variable or returned by a
  VARCHAR2 function is TO_CHAR(n); passed to a PLS_INTEGER parameter it is rounded;
- BITAND(a, b) is one operand: `x + y - BITAND(x, y)` keeps its meaning (PostgreSQL's & binds looser than -).

Run on the real PostgreSQL and compared with what Oracle returns (its documented TO_CHAR / LPAD / BITAND results)."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import DeployStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE PACKAGE numpk AS
    FUNCTION get_month(p_date DATE) RETURN NUMBER;
    FUNCTION month_text(p_date DATE) RETURN VARCHAR2;
    FUNCTION show(p NUMBER, q NUMBER) RETURN VARCHAR2;
    FUNCTION show_int(p PLS_INTEGER) RETURN VARCHAR2;
    FUNCTION bitor32(x INTEGER, y INTEGER) RETURN INTEGER;
END numpk;
/
CREATE OR REPLACE PACKAGE bitpk AS
    FUNCTION to_char(p NUMBER) RETURN VARCHAR2;
    FUNCTION bitor(x PLS_INTEGER, y PLS_INTEGER) RETURN PLS_INTEGER;
    FUNCTION own_text(p NUMBER) RETURN VARCHAR2;
END bitpk;
/
CREATE OR REPLACE PACKAGE BODY numpk AS
    FUNCTION bitor32(x INTEGER, y INTEGER) RETURN INTEGER IS
    BEGIN
        RETURN BITAND(x + y - BITAND(x, y), 4294967295);
    END bitor32;
    FUNCTION get_month(p_date DATE) RETURN NUMBER IS
    BEGIN
        RETURN TO_NUMBER(TO_CHAR(p_date, 'MM'));
    END get_month;
    FUNCTION month_text(p_date DATE) RETURN VARCHAR2 IS
    BEGIN
        RETURN LPAD(get_month(p_date), 2, '0');
    END month_text;
    FUNCTION show(p NUMBER, q NUMBER) RETURN VARCHAR2 IS
        l_amount NUMBER(10, 2) := p;
    BEGIN
        RETURN 'x' || p || '/' || l_amount || '/' || RPAD(q, 4, '*') || '/' || TO_CHAR(l_amount);
    END show;
    FUNCTION show_int(p PLS_INTEGER) RETURN VARCHAR2 IS
    BEGIN
        RETURN LPAD(p, 3, '0');
    END show_int;
END numpk;
/
CREATE OR REPLACE PACKAGE BODY bitpk AS
    FUNCTION bitand(x PLS_INTEGER, y PLS_INTEGER) RETURN PLS_INTEGER IS
    BEGIN
        RETURN sys.standard.bitand(x, y);
    END bitand;
    FUNCTION to_char(p NUMBER) RETURN VARCHAR2 IS
    BEGIN
        RETURN '<' || sys.standard.to_char(p) || '>';
    END to_char;
    FUNCTION bitor(x PLS_INTEGER, y PLS_INTEGER) RETURN PLS_INTEGER IS
    BEGIN
        RETURN x + y - bitand(x, y);
    END bitor;
    FUNCTION own_text(p NUMBER) RETURN VARCHAR2 IS
    BEGIN
        RETURN to_char(p) || standard.to_char(p);
    END own_text;
END bitpk;
/
CREATE OR REPLACE TYPE int_list AS TABLE OF INTEGER
/
CREATE OR REPLACE PACKAGE argpk AS
    FUNCTION first_of(p int_list) RETURN VARCHAR2;
    FUNCTION days_between(a DATE, b DATE) RETURN PLS_INTEGER;
    FUNCTION get_str(p_msg VARCHAR2, p1 VARCHAR2) RETURN VARCHAR2;
    FUNCTION days(p NUMBER) RETURN VARCHAR2;
    FUNCTION take_int(p PLS_INTEGER) RETURN PLS_INTEGER;
    FUNCTION pass_num(n NUMBER) RETURN PLS_INTEGER;
    PROCEDURE put(p IN OUT VARCHAR2, s VARCHAR2);
    FUNCTION build(n NUMBER) RETURN VARCHAR2;
END argpk;
/
CREATE OR REPLACE PACKAGE BODY argpk AS
    FUNCTION days_between(a DATE, b DATE) RETURN PLS_INTEGER IS
    BEGIN
        RETURN take_int(FLOOR(b - a) + 1);
    END days_between;
    FUNCTION first_of(p int_list) RETURN VARCHAR2 IS
        r VARCHAR2(100) := 'i=';
    BEGIN
        put(r, p(1));
        RETURN r;
    END first_of;
    FUNCTION get_str(p_msg VARCHAR2, p1 VARCHAR2) RETURN VARCHAR2 IS
    BEGIN
        RETURN REPLACE(p_msg, '%1', p1);
    END get_str;
    FUNCTION days(p NUMBER) RETURN VARCHAR2 IS
        l NUMBER := p * 1.0;
    BEGIN
        RETURN get_str('%1 days', l);
    END days;
    FUNCTION take_int(p PLS_INTEGER) RETURN PLS_INTEGER IS
    BEGIN
        RETURN p;
    END take_int;
    FUNCTION pass_num(n NUMBER) RETURN PLS_INTEGER IS
    BEGIN
        RETURN take_int(n);
    END pass_num;
    PROCEDURE put(p IN OUT VARCHAR2, s VARCHAR2) IS
    BEGIN
        p := p || s;
    END put;
    FUNCTION build(n NUMBER) RETURN VARCHAR2 IS
        r VARCHAR2(100) := 'n=';
    BEGIN
        put(r, n);
        RETURN r;
    END build;
END argpk;
/
CREATE OR REPLACE FUNCTION txt(p NUMBER) RETURN VARCHAR2 IS
    v VARCHAR2(20);
    n NUMBER(10, 2) := p;
    w VARCHAR2(20) := n;
BEGIN
    v := w;
    IF p > 1 THEN
        RETURN p;
    END IF;
    RETURN v || '|' || n;
END;
/
CREATE OR REPLACE FUNCTION other_text(p NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN bitpk.to_char(p) || BITAND(6, 3) + 1;
END;
/
"""


def test_package_routines_named_like_built_ins_stay_calls(convert_plsql) -> None:
    objects = {o.name: o.sql for o in convert_plsql(CODE).objects}
    assert "RETURN (x & y);" in objects["bitand"]  # SYS.STANDARD.BITAND is the built-in
    assert "x + y - bitpk.bitand(x, y)" in objects["bitor"]
    assert "bitpk.to_char(p)" in objects["own_text"] and "bitpk.to_char(p)" in objects["other_text"]


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory):
    _, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("plsql_numtext"), CODE)
    yield report, url
    _dropper.names.put(url.database)


def test_every_routine_deploys_clean(target) -> None:
    report, _ = target
    routines = [o for o in report.outcomes if o.kind in ("function", "procedure")]
    assert len(routines) == 19
    assert {o.name: o.error for o in routines if o.status is not DeployStatus.OK} == {}


CALLS = [
    # TO_CHAR(n) without a format: no trailing zeros, no zero before the point; LPAD / RPAD pad TO_CHAR(n)
    ("NUMBER parameter, NUMBER(10,2) variable, RPAD, TO_CHAR", "SELECT numpk.show(200.00, 0.50)", "x200/200/.5**/200"),
    ("negative fractions", "SELECT numpk.show(-0.5, -1.25)", "x-.5/-.5/-1.2/-.5"),
    ("LPAD of a NUMBER function result", "SELECT numpk.month_text('2024-03-05')", "03"),
    ("LPAD of a PLS_INTEGER", "SELECT numpk.show_int(7)", "007"),
    ("SYS.STANDARD.TO_CHAR in a package routine named TO_CHAR", "SELECT bitpk.to_char(1.50)", "<1.5>"),
    ("the package's TO_CHAR and STANDARD.TO_CHAR", "SELECT bitpk.own_text(2.0)", "<2>2"),
    # BITAND(6, 3) = 2; 6 + 3 - 2 = 7 = 6 OR 3
    ("a package BITAND called inside the package", "SELECT bitpk.bitor(6, 3)::text", "7"),
    # INTEGER is NUMBER(38) (a numeric here): BITAND of two INTEGER parameters, as oos-utils' bitor32
    ("BITAND of INTEGER parameters", "SELECT numpk.bitor32(12, 10)::text", "14"),
    ("pkg.to_char from another unit; BITAND(6, 3) + 1", 'SELECT "default".other_text(0.25)', "<.25>3"),
    # a NUMBER passed to a VARCHAR2 parameter is TO_CHAR(n); to a PLS_INTEGER one it is rounded (half away from 0)
    ("NUMBER to a VARCHAR2 parameter", "SELECT argpk.days(2.50)", "2.5 days"),
    ("NUMBER to a VARCHAR2 parameter of a procedure", "SELECT argpk.build(0.50)", "n=.5"),
    # a NUMBER assigned to (or initialising) a VARCHAR2 variable, or returned by a VARCHAR2 function, is TO_CHAR(n)
    ("NUMBER assigned to VARCHAR2", 'SELECT "default".txt(0.50)', ".5|.5"),
    ("NUMBER returned as VARCHAR2", 'SELECT "default".txt(2.0)', "2"),
    ("an element of a TABLE OF INTEGER to a VARCHAR2 parameter", "SELECT argpk.first_of('{7}')", "i=7"),
    ("DATE - DATE (days) to a PLS_INTEGER parameter",
     "SELECT argpk.days_between('2024-01-01', '2024-01-10 12:00:00')::text", "10"),
    ("NUMBER to a PLS_INTEGER parameter", "SELECT argpk.pass_num(2.5)::text || argpk.pass_num(-2.5)::text", "3-3"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql", "expected"), CALLS, ids=[c[0] for c in CALLS])
def test_number_text_as_oracle(target, what: str, sql: str, expected: str) -> None:
    with connect(target[1]) as conn:
        assert conn.scalar(sql) == expected
