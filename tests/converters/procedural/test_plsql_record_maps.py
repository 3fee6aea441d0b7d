"""String-keyed maps of records (INDEX BY VARCHAR2 of a RECORD type or a table's %ROWTYPE): elements are JSON
objects read back into the record type. Oracle's results (PL/SQL Language Reference, associative arrays): an
element keeps every field's value, a missing key raises NO_DATA_FOUND, COUNT counts the keys. A field assigned in
place stays manual. On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.people (name VARCHAR2(20) PRIMARY KEY, salary NUMBER(8,2), hired DATE);
CREATE OR REPLACE PACKAGE hr.cache AS
    PROCEDURE put(p_key VARCHAR2, p_a NUMBER, p_b VARCHAR2);
    FUNCTION field_a(p_key VARCHAR2) RETURN NUMBER;
    FUNCTION field_b(p_key VARCHAR2) RETURN VARCHAR2;
    FUNCTION size_of RETURN NUMBER;
    FUNCTION salary_of(p_name VARCHAR2) RETURN NUMBER;
END cache;
/
CREATE OR REPLACE PACKAGE BODY hr.cache AS
    TYPE t_rec IS RECORD (a NUMBER, b VARCHAR2(10), d DATE);
    TYPE t_map IS TABLE OF t_rec INDEX BY VARCHAR2(10);
    g_map t_map;
    PROCEDURE put(p_key VARCHAR2, p_a NUMBER, p_b VARCHAR2) IS
        v t_rec;
    BEGIN
        v.a := p_a;
        v.b := p_b;
        v.d := DATE '2024-02-29';
        g_map(p_key) := v;
    END put;
    FUNCTION field_a(p_key VARCHAR2) RETURN NUMBER IS
    BEGIN
        RETURN g_map(p_key).a;
    EXCEPTION
        WHEN NO_DATA_FOUND THEN
            RETURN -1;
    END field_a;
    FUNCTION field_b(p_key VARCHAR2) RETURN VARCHAR2 IS
        v t_rec;
    BEGIN
        v := g_map(p_key);
        RETURN v.b || '/' || TO_CHAR(v.d, 'YYYY-MM-DD');
    END field_b;
    FUNCTION size_of RETURN NUMBER IS
    BEGIN
        RETURN g_map.COUNT;
    END size_of;
    FUNCTION salary_of(p_name VARCHAR2) RETURN NUMBER IS
        TYPE t_people IS TABLE OF hr.people%ROWTYPE INDEX BY VARCHAR2(20);
        m t_people;
    BEGIN
        FOR r IN (SELECT * FROM hr.people) LOOP
            m(r.name) := r;
        END LOOP;
        RETURN m(p_name).salary;
    END salary_of;
END cache;
/
CREATE OR REPLACE PROCEDURE hr.set_in_place(p_key VARCHAR2) IS
    TYPE t_rec IS RECORD (a NUMBER);
    TYPE t_map IS TABLE OF t_rec INDEX BY VARCHAR2(10);
    m t_map;
BEGIN
    m(p_key).a := 1;
END;
/
"""


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("record_maps"), CODE,
                                        "INSERT INTO hr.people VALUES ('ann', 1200.50, '2020-01-01')")  # fmt: skip
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_maps_of_records_convert_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    assert_clean(report, {"put", "field_a", "field_b", "size_of", "salary_of"})
    assert objects["set_in_place"].status.value == "manual"
    assert "AM-PLSQL-011" in {f.rule_id for f in objects["set_in_place"].findings}


def test_elements_keep_their_fields_in_the_session(deployed) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn:
        conn.execute("CALL cache.put('x', 1.25, 'bee')")
        conn.execute("CALL cache.put('y', NULL, NULL)")
        conn.execute("CALL cache.put('x', 2.5, 'wasp')")  # replaces the element
        assert [conn.rows(q)[0][0] for q in (
            "SELECT cache.field_a('x')", "SELECT cache.field_b('x')", "SELECT cache.field_a('y')",
            "SELECT cache.field_a('z')", "SELECT cache.size_of()", "SELECT cache.salary_of('ann')",
        )] == [2.5, "wasp/2024-02-29", None, -1, 2, 1200.5]  # fmt: skip
