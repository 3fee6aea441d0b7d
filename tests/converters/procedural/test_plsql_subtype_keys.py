"""Maps keyed by a SUBTYPE (`INDEX BY t_name` where t_name is VARCHAR2(n) or a column's %TYPE) and record types
with anchored or collection fields: the key's length and the fields' types are the ones the subtypes name. On the
real PostgreSQL, behaviour as Oracle documents it (a missing key raises NO_DATA_FOUND)."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE TABLE app.templates (name VARCHAR2(30) PRIMARY KEY, body VARCHAR2(200));
CREATE OR REPLACE PACKAGE app.vars IS
    SUBTYPE t_name IS VARCHAR2(20);
    SUBTYPE t_param IS app.templates.name%TYPE;
    TYPE t_map IS TABLE OF VARCHAR2(100) INDEX BY t_name;
    TYPE t_lov IS TABLE OF t_param INDEX BY PLS_INTEGER;
    TYPE t_options IS TABLE OF t_param INDEX BY t_param;
    TYPE t_parsed IS RECORD (name t_param, lov t_lov, options t_options);
    FUNCTION lookup(p_key VARCHAR2) RETURN VARCHAR2;
    FUNCTION parsed_count RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY app.vars IS
    FUNCTION lookup(p_key VARCHAR2) RETURN VARCHAR2 IS
        m t_map;
    BEGIN
        m('a') := 'first';
        m('b') := 'second';
        RETURN m(p_key);
    EXCEPTION
        WHEN NO_DATA_FOUND THEN
            RETURN 'missing';
    END;
    FUNCTION parsed_count RETURN NUMBER IS
        p t_parsed;
    BEGIN
        p.name := 'xy';
        RETURN LENGTH(p.name);
    END;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"lookup", "parsed_count"})


def test_a_map_keyed_by_a_subtype(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT vars.lookup('b'), vars.lookup('z')") == [("second", "missing")]


def test_a_record_with_anchored_and_collection_fields(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT vars.parsed_count()") == [(2,)]
        assert conn.rows(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'vars.t_parsed'::regclass"
            " AND attnum > 0 ORDER BY attnum"
        ) == [("character varying(30)",), ("character varying(30)[]",), ("vars.t_options",)]
