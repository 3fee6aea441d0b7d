"""More of what real code bases showed (bench/plsql_corpus.py), each on its own: orafce's INSTR, EXCEPTION_INIT of an
Oracle error PostgreSQL never raises, RAWTOHEX, CHR(0)."""

from __future__ import annotations

from converters.output import write_output
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.model import ObjectStatus


def test_instr_with_a_variable_start_converts_natively_and_with_orafce(
    convert_plsql, make_database, need_extensions, tmp_path
) -> None:
    """Oracle's documented example: INSTR('CORPORATE FLOOR', 'OR', 3, 2) = 14 (the second OR from position 3), and
    INSTR('CORPORATE FLOOR', 'OR', -3, 2) = 2 (backwards from the third character from the end)."""
    code = """
CREATE OR REPLACE FUNCTION hr.second_or(p VARCHAR2, p_from NUMBER) RETURN NUMBER IS
BEGIN
    RETURN INSTR(p, 'OR', p_from, 2);
END;
/
"""
    native = convert_plsql(code)
    assert native.objects[-1].status is not ObjectStatus.MANUAL
    assert "regexp_instr" in native.objects[-1].sql
    with_orafce = convert_plsql(code, use_orafce=True)
    routine = next(o for o in with_orafce.objects if o.name == "second_or")
    assert "oracle.instr(p, 'OR', CAST(trunc(p_from) AS INT), 2)" in routine.sql
    for name, result in (("native", native), ("orafce", with_orafce)):
        with connect(make_database()) as conn:
            if name == "orafce":
                need_extensions("orafce")
                conn.execute("CREATE EXTENSION orafce")
            write_output(result, tmp_path / name)
            report = deploy(tmp_path / name, conn)
            assert [o.error for o in report.outcomes if o.name == "second_or"] == [""]
            got = conn.rows("SELECT hr.second_or('CORPORATE FLOOR', 3), hr.second_or('CORPORATE FLOOR', -3)")
            assert got == [(14, 2)], name


def test_an_exception_init_with_no_postgresql_condition_is_flagged_where_it_is_used(convert_plsql) -> None:
    """EXCEPTION_INIT(e, -1760): PostgreSQL raises nothing that is ORA-01760. A declaration nobody handles or
    raises converts (utPLSQL's spec declares a dozen); a handler or RAISE naming it is AM-PLSQL-022."""
    code = """
CREATE OR REPLACE PACKAGE hr.errs AS
    e_invalid_package EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_invalid_package, -6550);
    FUNCTION quiet(p NUMBER) RETURN NUMBER;
    FUNCTION handles(p NUMBER) RETURN NUMBER;
END errs;
/
CREATE OR REPLACE PACKAGE BODY hr.errs AS
    FUNCTION quiet(p NUMBER) RETURN NUMBER IS BEGIN RETURN p; END quiet;
    FUNCTION handles(p NUMBER) RETURN NUMBER IS
    BEGIN
        RETURN 1 / p;
    EXCEPTION
        WHEN e_invalid_package THEN RETURN 0;
    END handles;
END errs;
/
"""
    objects = {o.name: o for o in convert_plsql(code).objects}
    assert objects["errs"].status is not ObjectStatus.MANUAL
    assert objects["quiet"].status is ObjectStatus.CONVERTED
    assert objects["handles"].status is ObjectStatus.MANUAL
    assert [f.rule_id for f in objects["handles"].findings] == ["AM-PLSQL-022"]


def test_rawtohex_of_a_raw_is_its_upper_case_hex(convert_plsql, make_database, tmp_path) -> None:
    """RAWTOHEX(UTL_RAW.CAST_TO_RAW('Az')) = '417A' in Oracle (RAW bytes written as upper-case hex digits)."""
    code = """
CREATE OR REPLACE FUNCTION hr.hex_of(p VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN RAWTOHEX(UTL_RAW.CAST_TO_RAW(p));
END;
/
"""
    result = convert_plsql(code)
    routine = next(o for o in result.objects if o.name == "hex_of")
    assert "upper(encode(convert_to(p, 'UTF8'), 'hex'))" in routine.sql
    write_output(result, tmp_path / "out")
    with connect(make_database()) as conn:
        report = deploy(tmp_path / "out", conn)
        assert [o.error for o in report.outcomes if o.name == "hex_of"] == [""]
        assert conn.rows("SELECT hr.hex_of('Az')") == [("417A",)]


def test_chr_0_is_a_finding_not_a_run_time_error(convert_plsql) -> None:
    """Oracle strings can hold CHR(0); PostgreSQL text cannot ("null character not permitted")."""
    code = """
CREATE OR REPLACE FUNCTION hr.nul_marker RETURN VARCHAR2 IS
BEGIN
    RETURN 'a' || CHR(0);
END;
/
"""
    routine = next(o for o in convert_plsql(code).objects if o.name == "nul_marker")
    assert routine.status is ObjectStatus.MANUAL
    assert any("CHR(0)" in f.message for f in routine.findings if f.rule_id == "CONV-ORA-FUNC-001")


def test_overloads_with_one_postgresql_signature_stay_manual(convert_plsql) -> None:
    """f(DATE) and f(TIMESTAMP) are two routines in Oracle but one signature in PostgreSQL (timestamp, modifiers
    ignored): the second CREATE OR REPLACE would replace the first. Overloads PostgreSQL tells apart convert."""
    code = """
CREATE OR REPLACE PACKAGE BODY hr.ov AS
    FUNCTION f(d DATE) RETURN VARCHAR2 IS BEGIN RETURN 'date'; END f;
    FUNCTION f(t TIMESTAMP) RETURN VARCHAR2 IS BEGIN RETURN 'timestamp'; END f;
    FUNCTION g(n NUMBER) RETURN VARCHAR2 IS BEGIN RETURN 'number'; END g;
    FUNCTION g(s VARCHAR2) RETURN VARCHAR2 IS BEGIN RETURN 'text'; END g;
    PROCEDURE p(a NUMBER, b OUT NUMBER) IS BEGIN b := a; END p;
    PROCEDURE p(a NUMBER) IS BEGIN NULL; END p;
END ov;
/
"""
    routines = [o for o in convert_plsql(code).objects if o.kind in ("function", "procedure")]
    statuses = [(o.name, o.status, [f.rule_id for f in o.findings]) for o in routines]
    manual = [(n, rules) for n, status, rules in statuses if status is ObjectStatus.MANUAL]
    assert manual == [("f", ["AM-PLSQL-040"]), ("f", ["AM-PLSQL-040"])]
    assert len(statuses) == 6
