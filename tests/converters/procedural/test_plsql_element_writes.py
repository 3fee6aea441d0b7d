"""`v(i) := x` on a collection converted to an array (plsql_elements). Oracle: an INDEX BY table keeps only the
elements written (COUNT counts them; a gap is no element), a nested table raises SUBSCRIPT_BEYOND_COUNT past its
COUNT. A PostgreSQL array would fill a gap with NULLs and count them: a write that would leave one raises instead,
and a nested table raises Oracle's error. On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE OR REPLACE PACKAGE app.lists IS
    TYPE t_names IS TABLE OF VARCHAR2(20) INDEX BY PLS_INTEGER;
    TYPE t_parsed IS RECORD (name VARCHAR2(20), lov t_names);
    FUNCTION filled(p_n PLS_INTEGER) RETURN NUMBER;
    FUNCTION with_gap(p_at PLS_INTEGER) RETURN NUMBER;
    FUNCTION nested(p_at PLS_INTEGER) RETURN VARCHAR2;
    FUNCTION in_record RETURN VARCHAR2;
    FUNCTION selected(p_at PLS_INTEGER) RETURN NUMBER;
    g_names t_names;
    FUNCTION remember(p_at PLS_INTEGER) RETURN NUMBER;
    PROCEDURE put_at(p_list IN OUT t_names, p_at PLS_INTEGER);
    FUNCTION through_parameter(p_at PLS_INTEGER) RETURN NUMBER;
    TYPE t_pairs IS TABLE OF t_parsed INDEX BY PLS_INTEGER;
    FUNCTION fields(p_at PLS_INTEGER) RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY app.lists IS
    FUNCTION filled(p_n PLS_INTEGER) RETURN NUMBER IS
        v t_names;
    BEGIN
        FOR i IN 1 .. p_n LOOP
            v(i) := 'n' || i;
        END LOOP;
        v(v.COUNT + 1) := 'last';
        v(1) := 'first again';
        RETURN v.COUNT;
    END;
    FUNCTION with_gap(p_at PLS_INTEGER) RETURN NUMBER IS
        v t_names;
    BEGIN
        v(1) := 'a';
        v(p_at) := 'b';
        RETURN v.COUNT;
    END;
    FUNCTION nested(p_at PLS_INTEGER) RETURN VARCHAR2 IS
        TYPE t_list IS TABLE OF VARCHAR2(20);
        v t_list := t_list('a', 'b');
    BEGIN
        v(p_at) := 'x';
        RETURN v(1) || v(2);
    EXCEPTION
        WHEN OTHERS THEN
            RETURN SQLERRM;
    END;
    FUNCTION selected(p_at PLS_INTEGER) RETURN NUMBER IS
        v t_names;
    BEGIN
        SELECT 'a' INTO v(1) FROM dual;
        SELECT 'b' INTO v(p_at) FROM dual;
        RETURN v.COUNT;
    END;
    FUNCTION remember(p_at PLS_INTEGER) RETURN NUMBER IS
    BEGIN
        g_names(p_at) := 'n' || p_at;
        RETURN g_names.COUNT;
    END;
    PROCEDURE put_at(p_list IN OUT t_names, p_at PLS_INTEGER) IS
    BEGIN
        p_list(p_at) := 'p' || p_at;
    END;
    FUNCTION through_parameter(p_at PLS_INTEGER) RETURN NUMBER IS
        v t_names;
    BEGIN
        put_at(v, 1);
        put_at(v, p_at);
        RETURN v.COUNT;
    END;
    FUNCTION fields(p_at PLS_INTEGER) RETURN NUMBER IS
        v t_pairs;
    BEGIN
        v(1).name := 'a';
        v(p_at).name := 'b';
        RETURN v.COUNT;
    END;
    FUNCTION in_record RETURN VARCHAR2 IS
        p t_parsed;
    BEGIN
        p.lov(1) := 'one';
        p.lov(2) := 'two';
        RETURN p.lov.COUNT || ':' || p.lov(2);
    END;
END;
/
"""
ROUTINES = {
    "filled",
    "with_gap",
    "nested",
    "in_record",
    "selected",
    "remember",
    "put_at",
    "through_parameter",
    "fields",
}


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, ROUTINES)


def test_dense_fills_count_as_in_oracle(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT lists.filled(3), lists.filled(0), lists.with_gap(2)") == [(4, 1, 2)]


@pytest.mark.parametrize("at", [5, 0, -1])
def test_a_write_that_would_leave_a_gap_raises(url, at: int) -> None:  # type: ignore[no-untyped-def]
    """Oracle: COUNT 2 (elements 1 and 5). An array would count 5: the write is refused, not miscounted."""
    with connect(url) as conn, pytest.raises(Exception, match="would leave a gap"):
        conn.rows(f"SELECT lists.with_gap({at})")


def test_a_nested_table_raises_oracles_errors(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT lists.nested(2), lists.nested(3), lists.nested(0)") == [
            ("ax", "ORA-06533: Subscript beyond count", "ORA-06532: Subscript outside of limit")
        ]


def test_a_records_collection_field(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT lists.in_record()") == [("2:two",)]


def test_select_into_an_element_is_checked_too(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT lists.selected(2)") == [(2,)]
        with pytest.raises(Exception, match="would leave a gap"):
            conn.rows("SELECT lists.selected(4)")


def test_a_package_collections_element_is_checked_too(url) -> None:  # type: ignore[no-untyped-def]
    """The package variable lives for the session: 1 and 2 fill it, 5 would leave a gap."""
    with connect(url) as conn:
        assert conn.rows("SELECT lists.remember(1), lists.remember(2), lists.remember(1)") == [(1, 2, 2)]
        with pytest.raises(Exception, match="would leave a gap"):
            conn.rows("SELECT lists.remember(5)")


def test_a_collection_parameters_element_is_checked_too(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT lists.through_parameter(2)") == [(2,)]
        with pytest.raises(Exception, match="would leave a gap"):
            conn.rows("SELECT lists.through_parameter(3)")


def test_a_field_of_an_element_is_checked_too(url) -> None:  # type: ignore[no-untyped-def]
    """v(i).f := x creates element i in Oracle (its other fields NULL): 1 then 2 is two elements; 1 then 4 would
    leave a gap the array would count."""
    with connect(url) as conn:
        assert conn.rows("SELECT lists.fields(2), lists.fields(1)") == [(2, 1)]
        with pytest.raises(Exception, match="would leave a gap"):
            conn.rows("SELECT lists.fields(4)")
