"""Format models held in parameters and variables (issue 14): the routine converts with a check before the
statement, gives Oracle's text on the models the check admits, raises on the others (never a different text),
and NULL on a NULL model as Oracle does. Where no check can stand, the model stays CONV-ORA-FORMAT-003."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION date_to_string(p_date DATE, p_format VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN TO_CHAR(p_date, p_format);
END;
/
CREATE OR REPLACE FUNCTION stamp_to_string(p_stamp TIMESTAMP, p_format IN VARCHAR2) RETURN VARCHAR2 IS
    v_text VARCHAR2(200);
BEGIN
    v_text := TO_CHAR(p_stamp, p_format);
    RETURN v_text;
END;
/
CREATE OR REPLACE FUNCTION number_to_string(p_value NUMBER, p_format VARCHAR2) RETURN VARCHAR2 IS
    v_format VARCHAR2(40) := p_format;
    v_text VARCHAR2(200);
BEGIN
    SELECT TO_CHAR(p_value, v_format) INTO v_text FROM dual;
    RETURN v_text;
END;
/
CREATE OR REPLACE FUNCTION string_to_date(p_text VARCHAR2, p_format VARCHAR2) RETURN DATE IS
BEGIN
    RETURN TO_DATE(p_text, p_format);
END;
/
CREATE OR REPLACE PROCEDURE log_day(p_date DATE, p_format VARCHAR2) IS
BEGIN
    INSERT INTO audit_t (id, note, created) VALUES (1, TO_CHAR(p_date, p_format), p_date);
END;
/
CREATE OR REPLACE PACKAGE fmt_state IS
    g_format VARCHAR2(40) := 'DD.MM.YYYY';
    FUNCTION by_state(p_date DATE) RETURN VARCHAR2;
END fmt_state;
/
CREATE OR REPLACE PACKAGE BODY fmt_state IS
    FUNCTION by_state(p_date DATE) RETURN VARCHAR2 IS
    BEGIN
        RETURN TO_CHAR(p_date, g_format);
    END by_state;
END fmt_state;
/
CREATE OR REPLACE FUNCTION with_suffix(p_date DATE, p_format VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN TO_CHAR(p_date, p_format || ' HH24');
END;
/
CREATE OR REPLACE FUNCTION in_a_loop(p_date DATE, p_format VARCHAR2) RETURN NUMBER IS
    n NUMBER := 0;
BEGIN
    WHILE TO_CHAR(p_date + n, p_format) <> '01' LOOP
        n := n + 1;
    END LOOP;
    RETURN n;
END;
/
CREATE OR REPLACE FUNCTION in_a_cursor(p_format VARCHAR2) RETURN VARCHAR2 IS
    CURSOR c IS SELECT TO_CHAR(created, p_format) AS t FROM audit_t;
    v VARCHAR2(100);
BEGIN
    OPEN c;
    FETCH c INTO v;
    CLOSE c;
    RETURN v;
END;
/
"""

GUARDED = {"date_to_string", "stamp_to_string", "number_to_string", "string_to_date", "log_day"}
MANUAL = {"by_state": "g_format", "with_suffix": "||", "in_a_loop": "WHILE", "in_a_cursor": "CURSOR"}


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("guards"), TABLES_AND_CODE)
    yield result, report, url
    _dropper.names.put(url.database)


TABLES_AND_CODE = "CREATE TABLE audit_t (id NUMBER, note VARCHAR2(200), created DATE);\n" + CODE


def test_guarded_routines_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    result, report, _url = deployed
    routines = {o.name: o for o in result.objects if o.kind in ("function", "procedure")}
    assert {n for n in GUARDED if routines[n].status is ObjectStatus.MANUAL} == set()
    for name in GUARDED:
        ids = {f.rule_id for f in routines[name].findings}
        assert "CONV-ORA-FORMAT-004" in ids and "CONV-ORA-FORMAT-003" not in ids, name
        assert "ERRCODE = 'UGF01'" in routines[name].sql
    assert_clean(report, GUARDED)


def test_no_guard_where_none_can_stand(deployed) -> None:  # type: ignore[no-untyped-def]
    # package state (another routine may change it), an expression, a loop condition evaluated again, a cursor
    result, _report, _url = deployed
    routines = {o.name: o for o in result.objects if o.kind in ("function", "procedure")}
    for name in MANUAL:
        assert routines[name].status is ObjectStatus.MANUAL, name
        assert "CONV-ORA-FORMAT-003" in {f.rule_id for f in routines[name].findings}, name


def _one(url, sql: str, *params: object) -> object:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        conn.execute('SET search_path = "default", public')  # where objects without an owner are created
        return conn.scalar(sql, params)


@pytest.mark.parametrize(
    ("model", "oracle"),
    [
        # Oracle SQL Language Reference, Datetime Format Elements: DD/MM/YYYY digits, HH24/MI/SS, Month padded
        # with blanks to the longest month name (9), Dy abbreviated in the model's capitalisation, lower case
        # elements case-blind for digits and lower case for names, quoted text as written
        ("DD.MM.YYYY", "07.12.2026"),
        ("yyyy-mm-dd hh24:mi:ss", "2026-12-07 05:10:31"),
        ("Month DD, YYYY", "December  07, 2026"),
        ("Dy, DD-MON-YYYY", "Mon, 07-DEC-2026"),
        ("day", "monday   "),
        ('"Q"Q YYYY "week" IW', "Q4 2026 week 50"),
        ('DDTH "of" Month', "07TH of December "),
        ("HH12:MI AM", "05:10 AM"),
    ],
)
def test_admitted_models_give_oracles_text(deployed, model: str, oracle: str) -> None:  # type: ignore[no-untyped-def]
    url = deployed[2]
    assert _one(url, "SELECT date_to_string(TIMESTAMP '2026-12-07 05:10:31', %s)", model) == oracle
    assert _one(url, "SELECT stamp_to_string(TIMESTAMP '2026-12-07 05:10:31', %s)", model) == oracle


@pytest.mark.parametrize(
    ("value", "model", "oracle"),
    [
        ("1234.5", "FM999G990D00", "1,234.50"),  # Number Format Elements: G, D with NLS_NUMERIC_CHARACTERS '.,'
        ("-0.2", "90.99", " -0.20"),  # Results of Number Conversions
        ("123.45", "FM999.009", "123.45"),
        ("1234567890", "9999999999S", "1234567890+"),
    ],
)
def test_admitted_number_models_give_oracles_text(deployed, value: str, model: str, oracle: str) -> None:  # type: ignore[no-untyped-def]
    assert _one(deployed[2], "SELECT number_to_string(%s::numeric, %s)", value, model) == oracle


@pytest.mark.parametrize(
    ("call", "model"),
    [
        ("date_to_string(TIMESTAMP '2026-12-07 05:10:31', %s)", "HH24:MI:SS.FF9"),  # FF9: 9 fraction digits
        ("date_to_string(TIMESTAMP '2026-12-07 05:10:31', %s)", "DDSP"),  # SP: the day spelled (SEVEN)
        ("date_to_string(TIMESTAMP '2026-12-07 05:10:31', %s)", "FMMonth DD, YYYY"),  # Oracle: December 7, 2026
        ("date_to_string(TIMESTAMP '2026-12-07 05:10:31', %s)", "DD-MON-RR"),
        ("number_to_string(1234.5, %s)", "9.9EEEE"),
        ("number_to_string(1234.5, %s)", "L9999"),
        ("string_to_date('07.12.26', %s)", "DD.MM.RR"),  # RR: Oracle's century window
        ("string_to_date('10:30', %s)", "HH24:MI"),  # no year, no month: Oracle takes the current ones
        ("string_to_date('07.12', %s)", "DD.MM"),  # no year
        ("string_to_date('2026', %s)", "YYYY"),  # no month: Oracle takes the current one, PostgreSQL January
    ],
)
def test_models_read_otherwise_raise(deployed, call: str, model: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="reads differently"):
        _one(deployed[2], f"SELECT {call}", model)


def test_null_model_gives_null_and_parsing_and_sql_use_the_model(deployed) -> None:  # type: ignore[no-untyped-def]
    url = deployed[2]
    assert _one(url, "SELECT date_to_string(TIMESTAMP '2026-12-07 05:10:31', NULL)") is None  # Oracle: NULL
    assert _one(url, "SELECT number_to_string(12, NULL)") is None
    assert (
        str(_one(url, "SELECT string_to_date('07.12.2026 05:10', %s)", "DD.MM.YYYY HH24:MI")) == "2026-12-07 05:10:00"
    )
    with connect(url) as conn:
        conn.execute('SET search_path = "default", public')
        conn.execute("CALL log_day(TIMESTAMP '2026-12-07 05:10:31', 'YYYY/MM/DD')")
        assert conn.scalar("SELECT note FROM audit_t WHERE id = 1") == "2026/12/07"


def test_names_that_are_not_the_units_variable_are_not_checked(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    # inside dynamic SQL text, and where a column of the run has the variable's name (inside SQL the column wins),
    # the name is not the variable the check would read: FORMAT-003 as before. An IF's first condition is checked.
    result = convert_plsql("""
CREATE OR REPLACE PROCEDURE dyn(p_fmt VARCHAR2) IS
    v_sql VARCHAR2(200);
BEGIN
    v_sql := 'INSERT INTO hr.audit_t (note) SELECT TO_CHAR(created, p_fmt) FROM hr.audit_t';
    EXECUTE IMMEDIATE v_sql;
END;
/
CREATE OR REPLACE FUNCTION named_like_a_column(name VARCHAR2, p_day DATE) RETURN VARCHAR2 IS
BEGIN
    RETURN TO_CHAR(p_day, name);
END;
/
CREATE OR REPLACE FUNCTION first_of_month(p_day DATE, p_fmt VARCHAR2) RETURN NUMBER IS
BEGIN
    IF TO_CHAR(p_day, p_fmt) = '01' THEN
        RETURN 1;
    ELSIF p_day IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN 0;
END;
/
""")
    routines = {o.name: o for o in result.objects if o.kind in ("function", "procedure")}
    for name in ("dyn", "named_like_a_column"):
        assert "CONV-ORA-FORMAT-003" in {f.rule_id for f in routines[name].findings}, name
    first = routines["first_of_month"]
    assert first.status is not ObjectStatus.MANUAL
    assert first.sql.index("ERRCODE = 'UGF01'") < first.sql.index("IF to_char(p_day, p_fmt) = '01' THEN")
