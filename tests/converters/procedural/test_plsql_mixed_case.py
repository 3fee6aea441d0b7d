"""Names written in mixed case without quotes are Oracle's upper-case names (Membre is MEMBRE): a %TYPE anchor on
such a table and column, and a package procedure with an OUT parameter called by its mixed-case name, convert and
run on the real PostgreSQL (the anchor used to keep "Membre"."Date_adhesion", which PostgreSQL could not find)."""

from __future__ import annotations

from datetime import datetime

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.Membre (Id_membre NUMBER(6) PRIMARY KEY, Date_adhesion DATE, Duree NUMBER(2));
CREATE OR REPLACE FUNCTION hr.FinValidite(Num_adhe NUMBER) RETURN DATE IS
    V_datedeb hr.Membre.Date_adhesion%TYPE;
    V_duree Membre.Duree%TYPE;
BEGIN
    SELECT Date_adhesion, Duree INTO V_datedeb, V_duree FROM Membre WHERE Id_membre = Num_adhe;
    RETURN ADD_MONTHS(V_datedeb, V_duree);
END;
/
CREATE OR REPLACE PACKAGE hr.Counts AS
    PROCEDURE getCount(p_n OUT NUMBER);
    FUNCTION twice RETURN NUMBER;
END Counts;
/
CREATE OR REPLACE PACKAGE BODY hr.Counts AS
    PROCEDURE getCount(p_n OUT NUMBER) IS
    BEGIN
        SELECT COUNT(*) INTO p_n FROM hr.Membre;
    END getCount;
    FUNCTION twice RETURN NUMBER IS
        v NUMBER;
    BEGIN
        GetCount(v);
        RETURN v * 2;
    END twice;
END Counts;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("mixed"), CODE,
                                         "INSERT INTO hr.membre VALUES (1, '2024-01-31', 1)")  # fmt: skip
    assert_clean(report, {"finvalidite", "getcount", "twice"})
    yield url
    _dropper.names.put(url.database)


def test_anchored_to_a_mixed_case_table(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT hr.finvalidite(1)") == [(datetime(2024, 2, 29),)]  # ADD_MONTHS from a month's end


def test_out_parameter_of_a_mixed_case_package_procedure(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert int(conn.rows("SELECT counts.twice()")[0][0]) == 2
