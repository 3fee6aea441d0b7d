"""The deploy gate checks every routine with plpgsql_check, whatever search_path a routine carries: a package
function whose SET search_path leaves out its own package schema used to make the check of the whole deploy fail
(its name, printed under one search_path, was not found under the other), so every routine passed unchecked."""

from __future__ import annotations

from migrate.engines import connect
from migrate.model import DeployStatus
from migrate.routine_check import check_routines
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE TABLE hr.price_t (id NUMBER PRIMARY KEY, amount NUMBER);
CREATE OR REPLACE PACKAGE hr.Pricing_Pkg AS
    FUNCTION Net_Price(p_id NUMBER) RETURN NUMBER;
    PROCEDURE Broken(p_id NUMBER);
END Pricing_Pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.Pricing_Pkg AS
    FUNCTION Net_Price(p_id NUMBER) RETURN NUMBER IS
        v NUMBER;
    BEGIN
        SELECT amount INTO v FROM hr.price_t WHERE id = p_id;
        RETURN v;
    END Net_Price;
    PROCEDURE Broken(p_id NUMBER) IS
    BEGIN
        UPDATE hr.no_such_table SET amount = 0 WHERE id = p_id;
    END Broken;
END Pricing_Pkg;
/
"""


def test_each_routine_is_checked_and_a_missing_table_fails_its_routine(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path, CODE)
    _dropper.names.put(url.database)  # dropped at the end of the session
    outcomes = {o.name: o for o in report.outcomes if o.kind in ("function", "procedure")}
    assert outcomes["net_price"].status is DeployStatus.OK, outcomes["net_price"].error
    assert outcomes["broken"].status is DeployStatus.ERROR
    assert "no_such_table" in outcomes["broken"].error


def test_the_check_finds_each_routine_whatever_the_sessions_search_path(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """The check reads each routine by oid: under a session search_path that has the package schema, a routine's
    printed name is unqualified, and its own SET search_path (without that schema) could not find it again."""
    result, report, url = deploy_oracle(pg_server, tmp_path, CODE)
    try:
        keyed = {(o.kind, o.schema, o.name): o for o in report.outcomes}
        objects = [o for o in result.objects if (o.kind, o.schema, o.name) in keyed and o.kind == "function"]
        outcomes = [keyed[(o.kind, o.schema, o.name)] for o in objects]
        with connect(url) as conn:
            conn.execute("SET search_path = pricing_pkg, public")  # the package schema
            checked, how = check_routines(conn, objects, outcomes)
        assert how.startswith("plpgsql_check") and "could not" not in how, how
        assert [o.status for o in checked] == [DeployStatus.OK]
    finally:
        _dropper.names.put(url.database)


COMMITS = """
CREATE TABLE hr.stock_t (id NUMBER PRIMARY KEY, qty NUMBER);
CREATE OR REPLACE PACKAGE hr.Stock_Pkg AS
    PROCEDURE Take(p_id NUMBER, p_qty NUMBER);
END Stock_Pkg;
/
CREATE OR REPLACE PACKAGE BODY hr.Stock_Pkg AS
    PROCEDURE Take(p_id NUMBER, p_qty NUMBER) IS
        v_left NUMBER;
    BEGIN
        UPDATE stock_t SET qty = qty - p_qty WHERE id = p_id;
        WITH stock_t AS (SELECT 1 AS qty FROM dual)
        SELECT qty INTO v_left FROM stock_t;
        COMMIT;
    END Take;
END Stock_Pkg;
/
"""


def test_a_procedure_that_commits_names_its_owners_tables(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """A procedure with COMMIT cannot carry SET search_path; its unqualified tables of the owner's schema are
    written qualified (where Oracle resolves them), so it runs whatever the caller's search_path; a WITH name stays."""
    result, report, url = deploy_oracle(pg_server, tmp_path, COMMITS, "INSERT INTO hr.stock_t VALUES (1, 10)")
    try:
        take = next(o for o in result.objects if o.name == "take")
        assert "UPDATE hr.stock_t SET" in take.sql and "FROM stock_t" in take.sql
        assert "AM-PLSQL-025" not in {f.rule_id for f in take.findings}
        assert {o.name: o.status for o in report.outcomes}["take"] is DeployStatus.OK
        with connect(url) as conn:
            conn.execute("SET search_path = public")
            conn.execute("CALL stock_pkg.take(1, 3)")
            assert conn.rows("SELECT qty FROM hr.stock_t") == [(7,)]
    finally:
        _dropper.names.put(url.database)
