"""Format models in PL/SQL: a CONSTANT (local or of a package) is the literal it holds, translated as a literal is;
a parameter or variable is kept, checked at run time before the statement (CONV-ORA-FORMAT-004, see
test_plsql_format_guards.py), since which elements it holds -- some of which PostgreSQL reads differently -- is
known only then."""

from __future__ import annotations

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE PACKAGE fmt_pkg IS
    gc_stamp CONSTANT VARCHAR2(40) := 'YYYY-MM-DD HH24:MI:SS.FF3';
    FUNCTION stamp(p TIMESTAMP) RETURN VARCHAR2;
    FUNCTION day_of(p DATE) RETURN VARCHAR2;
    FUNCTION as_text(p DATE, p_fmt VARCHAR2) RETURN VARCHAR2;
END fmt_pkg;
/
CREATE OR REPLACE PACKAGE BODY fmt_pkg IS
    FUNCTION stamp(p TIMESTAMP) RETURN VARCHAR2 IS
    BEGIN
        RETURN TO_CHAR(p, gc_stamp);
    END stamp;

    FUNCTION day_of(p DATE) RETURN VARCHAR2 IS
        c_day CONSTANT VARCHAR2(20) := 'DD.MM.RRRR';
    BEGIN
        RETURN TO_CHAR(p, c_day);
    END day_of;

    FUNCTION as_text(p DATE, p_fmt VARCHAR2) RETURN VARCHAR2 IS
    BEGIN
        RETURN TO_CHAR(p, p_fmt);
    END as_text;
END fmt_pkg;
/
"""


def test_constant_format_models_convert_and_a_parameter_is_guarded(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path, CODE)
    try:
        _check(result, report, url)
    finally:
        _dropper.names.put(url.database)


def _check(result, report, url) -> None:  # type: ignore[no-untyped-def]
    routines = {o.name: o for o in result.objects if o.kind == "function"}
    assert routines["as_text"].status is not ObjectStatus.MANUAL
    assert "CONV-ORA-FORMAT-004" in {f.rule_id for f in routines["as_text"].findings}
    assert routines["stamp"].status is not ObjectStatus.MANUAL
    assert routines["day_of"].status is not ObjectStatus.MANUAL
    assert "to_char(p, 'DD.MM.YYYY')" in routines["day_of"].sql  # translated as the literal would be
    assert {o.name: o.error for o in report.outcomes if o.name in ("stamp", "day_of")} == {"stamp": "", "day_of": ""}
    with connect(url) as conn:
        got = conn.rows(
            "SELECT fmt_pkg.stamp(TIMESTAMP '2026-12-07 05:10:31.123456'), fmt_pkg.day_of(TIMESTAMP '2026-12-07 05:10:31')"
        )
    assert got == [("2026-12-07 05:10:31.123", "07.12.2026")]
