"""Associative arrays indexed by VARCHAR2 (string-keyed maps) -> jsonb, run on the real PostgreSQL. The Oracle
expectations are those of the PL/SQL Language Reference ("Associative Arrays", "Collection Methods"): reading a
missing element raises NO_DATA_FOUND; a NULL key raises VALUE_ERROR (ORA-06502 "NULL index table key value"), as
does a key longer than the index type or a value longer than the element type; EXISTS(NULL) is FALSE; DELETE(k)
removes one element and DELETE(lo, hi) those whose keys lie in lo..hi; FIRST / NEXT / LAST / PRIOR walk the keys in
NLS_SORT order, BINARY for AMERICAN ('B' < 'a' < 'b')."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import Convert, assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE PACKAGE hr.cache IS
    PROCEDURE put(p_key VARCHAR2, p_value NUMBER);
    FUNCTION get(p_key VARCHAR2) RETURN NUMBER;
    FUNCTION has(p_key VARCHAR2) RETURN NUMBER;
    PROCEDURE drop_key(p_key VARCHAR2);
    PROCEDURE drop_range(p_low VARCHAR2, p_high VARCHAR2);
    FUNCTION size_of RETURN NUMBER;
    FUNCTION get_or(p_key VARCHAR2, p_default NUMBER) RETURN NUMBER;
    FUNCTION keys RETURN VARCHAR2;
    PROCEDURE clear;
END cache;
/
CREATE OR REPLACE PACKAGE BODY hr.cache IS
    TYPE t_map IS TABLE OF NUMBER INDEX BY VARCHAR2(30);
    g_map t_map;
    PROCEDURE put(p_key VARCHAR2, p_value NUMBER) IS
    BEGIN
        g_map(p_key) := p_value;
    END;
    FUNCTION get(p_key VARCHAR2) RETURN NUMBER IS
    BEGIN
        RETURN g_map(p_key);
    END;
    FUNCTION has(p_key VARCHAR2) RETURN NUMBER IS
    BEGIN
        IF g_map.EXISTS(p_key) THEN
            RETURN 1;
        END IF;
        RETURN 0;
    END;
    PROCEDURE drop_key(p_key VARCHAR2) IS
    BEGIN
        g_map.DELETE(p_key);
    END;
    PROCEDURE drop_range(p_low VARCHAR2, p_high VARCHAR2) IS
    BEGIN
        g_map.DELETE(p_low, p_high);
    END;
    FUNCTION size_of RETURN NUMBER IS
    BEGIN
        RETURN g_map.COUNT;
    END;
    FUNCTION get_or(p_key VARCHAR2, p_default NUMBER) RETURN NUMBER IS
    BEGIN
        RETURN g_map(p_key);
    EXCEPTION
        WHEN NO_DATA_FOUND THEN
            RETURN p_default;
    END;
    FUNCTION keys RETURN VARCHAR2 IS
        k VARCHAR2(30);
        s VARCHAR2(4000);
    BEGIN
        k := g_map.FIRST;
        WHILE k IS NOT NULL LOOP
            s := s || k || '=' || g_map(k) || ';';
            k := g_map.NEXT(k);
        END LOOP;
        RETURN s;
    END;
    PROCEDURE clear IS
    BEGIN
        g_map.DELETE;
    END;
END cache;
/
CREATE OR REPLACE FUNCTION hr.tally(a VARCHAR2, b VARCHAR2, c VARCHAR2) RETURN VARCHAR2 IS
    TYPE t_counts IS TABLE OF PLS_INTEGER INDEX BY VARCHAR2(10);
    v t_counts;
    k VARCHAR2(10);
    r VARCHAR2(200);
BEGIN
    IF v.EXISTS(a) THEN v(a) := v(a) + 1; ELSE v(a) := 1; END IF;
    IF v.EXISTS(b) THEN v(b) := v(b) + 1; ELSE v(b) := 1; END IF;
    IF v.EXISTS(c) THEN v(c) := v(c) + 1; ELSE v(c) := 1; END IF;
    k := v.LAST;
    WHILE k IS NOT NULL LOOP
        r := r || k || ':' || v(k) || ',';
        k := v.PRIOR(k);
    END LOOP;
    RETURN v.COUNT || '|' || r;
EXCEPTION
    WHEN VALUE_ERROR THEN
        RETURN 'value_error';
END;
/
CREATE OR REPLACE PACKAGE hr.timers IS
    PROCEDURE start_timer(p_unit VARCHAR2, p_at TIMESTAMP);
    FUNCTION started(p_unit VARCHAR2) RETURN TIMESTAMP;
    FUNCTION running RETURN NUMBER;
END timers;
/
CREATE OR REPLACE PACKAGE BODY hr.timers IS
    TYPE ts_array IS TABLE OF TIMESTAMP INDEX BY VARCHAR2(255);
    g_timers ts_array;
    PROCEDURE start_timer(p_unit VARCHAR2, p_at TIMESTAMP) IS
    BEGIN
        g_timers(p_unit) := p_at;
    END;
    FUNCTION started(p_unit VARCHAR2) RETURN TIMESTAMP IS
    BEGIN
        RETURN g_timers(p_unit);
    END;
    FUNCTION running RETURN NUMBER IS
    BEGIN
        RETURN g_timers.COUNT;
    END;
END timers;
/
CREATE OR REPLACE FUNCTION hr.labels(p_key VARCHAR2) RETURN VARCHAR2 IS
    TYPE t_names IS TABLE OF VARCHAR2(5) INDEX BY VARCHAR2(8);
    v t_names;
BEGIN
    v('x') := 'ex';
    v('n') := NULL;
    IF v.EXISTS(NULL) OR NOT v.EXISTS('n') OR v('n') IS NOT NULL THEN
        RETURN 'wrong';
    END IF;
    RETURN v.COUNT || ':' || v(p_key);
EXCEPTION
    WHEN NO_DATA_FOUND THEN
        RETURN 'no_data_found';
    WHEN VALUE_ERROR THEN
        RETURN 'value_error ' || SQLCODE;
END;
/
CREATE OR REPLACE FUNCTION hr.num_keys(p NUMBER) RETURN VARCHAR2 IS
    TYPE t IS TABLE OF VARCHAR2(10) INDEX BY VARCHAR2(10);
    v t;
BEGIN
    v(p) := 'x';
    RETURN v.FIRST || ':' || v(p) || ':' || CASE WHEN v.EXISTS(p) THEN 'y' END || v.NEXT(p - 1);
END;
/
CREATE OR REPLACE FUNCTION hr.label_put(p_value VARCHAR2) RETURN VARCHAR2 IS
    TYPE t_names IS TABLE OF VARCHAR2(5) INDEX BY VARCHAR2(8);
    v t_names;
BEGIN
    v('k') := p_value;
    RETURN v('k');
EXCEPTION
    WHEN VALUE_ERROR THEN
        RETURN 'value_error';
END;
/
"""

ROUTINES = {"put", "get", "has", "drop_key", "drop_range", "size_of", "get_or", "keys", "clear", "tally",
            "start_timer", "started", "running", "labels", "label_put", "num_keys"}  # fmt: skip


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("maps"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_maps_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    # (AM-PLSQL-018: SQLCODE of errors other than Oracle's predefined ones is -1, advice only)
    assert {
        n: [f.rule_id for f in objects[n].findings if f.rule_id.startswith("AM-") and f.rule_id != "AM-PLSQL-018"]
        for n in ROUTINES
    } == {n: [] for n in ROUTINES}
    assert_clean(report, ROUTINES)


def test_a_package_cache_puts_gets_deletes_and_counts(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    with connect(url) as conn:
        conn.execute(
            "CALL cache.put('b', 2); CALL cache.put('a', 1.5); CALL cache.put('B', -3); CALL cache.put('b', 20)"
        )
        # 'b' assigned twice is one element; COUNT is 3
        assert conn.rows("SELECT cache.size_of(), cache.get('b'), cache.get('a'), cache.has('a'), cache.has('z')") == [
            (3, 20, 1.5, 1, 0)
        ]
        # BINARY order: 'B' (66) < 'a' (97) < 'b' (98); a NUMBER's text as Oracle's TO_CHAR: 1.5, -3
        assert conn.rows("SELECT cache.keys()") == [("B=-3;a=1.5;b=20;",)]
        conn.execute("CALL cache.drop_key('a'); CALL cache.drop_key(NULL)")  # DELETE(NULL) does nothing
        assert conn.rows("SELECT cache.keys(), cache.get_or('a', -1)") == [("B=-3;b=20;", -1)]
        conn.execute("CALL cache.put('c', 3); CALL cache.put('d', 4); CALL cache.drop_range('b', 'c')")
        assert conn.rows("SELECT cache.keys()") == [("B=-3;d=4;",)]
        conn.execute("CALL cache.drop_range('d', 'B')")  # lo > hi: nothing
        assert conn.rows("SELECT cache.size_of()") == [(2,)]
        conn.execute("CALL cache.clear()")
        assert conn.rows("SELECT cache.size_of(), cache.keys() IS NULL") == [(0, True)]


def test_a_missing_key_raises_no_data_found(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    with connect(url) as conn:
        conn.execute("CALL cache.put('x', 1)")
        with pytest.raises(Exception) as raised:
            conn.rows("SELECT cache.get('y')")
        assert getattr(raised.value, "sqlstate", None) == "P0002"  # NO_DATA_FOUND (ORA-01403)
    with connect(url) as conn:
        assert conn.rows("SELECT hr.labels('x'), hr.labels('zz')") == [("2:ex", "no_data_found")]


def test_null_and_long_keys_and_values_raise_value_error(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    with connect(url) as conn:
        # NULL ('' is NULL in Oracle) or a key longer than VARCHAR2(8): ORA-06502, SQLCODE -6502
        assert conn.rows("SELECT hr.labels(NULL), hr.labels(''), hr.labels('abcdefghi'), hr.labels('abcdefgh')") == [
            ("value_error -6502", "value_error -6502", "value_error -6502", "no_data_found")
        ]
        # an element of VARCHAR2(5): a longer value raises VALUE_ERROR, a NULL one is stored and read back NULL
        assert conn.rows("SELECT hr.label_put('abcdef'), hr.label_put('abcde'), hr.label_put(NULL) IS NULL") == [
            ("value_error", "abcde", True)
        ]
        assert conn.rows("SELECT hr.tally('a', NULL, 'b')") == [("value_error",)]


def test_a_number_key_is_its_oracle_text(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    with connect(url) as conn:
        # Oracle converts a NUMBER subscript to VARCHAR2 with TO_CHAR: 0.5 is '.5'; NEXT('-.5') is '.5'; the keys
        # are strings, so NEXT('9') is NULL with '10' the only key ('10' < '9')
        assert conn.rows("SELECT hr.num_keys(0.5), hr.num_keys(10)") == [(".5:x:y.5", "10:x:y")]


def test_a_local_map_walked_backwards_with_last_and_prior(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    with connect(url) as conn:
        # counts per key, walked LAST .. PRIOR: 'b' > 'B' in BINARY order
        assert conn.rows("SELECT hr.tally('b', 'B', 'b'), hr.tally('x', 'x', 'x')") == [("2|b:2,B:1,", "1|x:3,")]


def test_a_timestamp_valued_map_round_trips(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    with connect(url) as conn:
        conn.execute(
            "CALL timers.start_timer('load', TIMESTAMP '2024-02-29 13:45:07.123456'); "
            "CALL timers.start_timer('none', NULL); CALL timers.start_timer('late', TIMESTAMP '1999-12-31 23:59:59')"
        )
        assert conn.rows(
            "SELECT timers.started('load')::text, timers.started('none') IS NULL, timers.started('late')::text, "
            "timers.running()"
        ) == [("2024-02-29 13:45:07.123456", True, "1999-12-31 23:59:59", 3)]


RECORDS = """
CREATE OR REPLACE FUNCTION hr.rec_map RETURN NUMBER IS
    TYPE r IS RECORD (a NUMBER);
    TYPE t IS TABLE OF r INDEX BY VARCHAR2(10);
    v t;
BEGIN
    v('k').a := 1;
    RETURN v.COUNT;
END;
/
CREATE OR REPLACE FUNCTION hr.first_key RETURN VARCHAR2 IS
    TYPE t IS TABLE OF NUMBER INDEX BY VARCHAR2(10);
    v t;
BEGIN
    v('a') := 1;
    RETURN v.FIRST;
END;
/
"""


def test_record_fields_in_place_and_linguistic_order_stay_manual(convert_plsql: Convert) -> None:
    objects = {o.name: o for o in convert_plsql(RECORDS, nls_language="GERMAN").objects}
    # a record element's field assigned in place (plsql_record_maps); GERMAN's NLS_SORT orders keys linguistically
    assert "AM-PLSQL-011" in [f.rule_id for f in objects["rec_map"].findings]
    assert "AM-PLSQL-011" in [f.rule_id for f in objects["first_key"].findings]
    american = {o.name: o for o in convert_plsql(RECORDS).objects}
    assert "AM-PLSQL-011" not in [f.rule_id for f in american["first_key"].findings]


SHARED = """
CREATE OR REPLACE PACKAGE hr.names IS
    TYPE t_map IS TABLE OF VARCHAR2(40) INDEX BY VARCHAR2(10);
    g_names t_map;
END names;
/
CREATE OR REPLACE PACKAGE hr.users IS
    FUNCTION label(p_code VARCHAR2) RETURN VARCHAR2;
    PROCEDURE load(p_code VARCHAR2);
END users;
/
CREATE OR REPLACE PACKAGE BODY hr.users IS
    FUNCTION label(p_code VARCHAR2) RETURN VARCHAR2 IS
    BEGIN
        IF names.g_names.EXISTS(p_code) THEN
            RETURN names.g_names(p_code) || ' of ' || names.g_names.COUNT;
        END IF;
        names.g_names(p_code) := 'new ' || p_code;
        RETURN '-';
    END;
    PROCEDURE load(p_code VARCHAR2) IS
        v names.t_map;
    BEGIN
        SELECT name INTO v(p_code) FROM hr.emp WHERE id = 1;
    END;
END users;
/
"""


def test_a_map_of_another_package_and_an_into_target(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """A map in a package spec, read and written from another package through its accessors; SELECT INTO an
    element has no one-statement form: AM-PLSQL-011."""
    result, report, url = deploy_oracle(pg_server, tmp_path, SHARED)
    try:
        objects = {o.name: o for o in result.objects}
        assert "AM-PLSQL-011" in [f.rule_id for f in objects["load"].findings]
        assert_clean(report, {"label"})
        with connect(url) as conn:
            assert conn.rows("SELECT users.label('a'), users.label('a'), users.label('b'), users.label('b')") == [
                ("-", "new a of 1", "-", "new b of 2")
            ]
    finally:
        _dropper.names.put(url.database)


def test_a_map_of_a_column_type_and_of_a_collection(convert_plsql: Convert) -> None:
    objects = {
        o.name: o
        for o in convert_plsql("""
CREATE OR REPLACE FUNCTION hr.by_name(p VARCHAR2) RETURN VARCHAR2 IS
    TYPE t IS TABLE OF hr.emp.name%TYPE INDEX BY VARCHAR2(30);
    v t;
BEGIN
    v(p) := p;
    RETURN v(p);
END;
/
CREATE OR REPLACE FUNCTION hr.nested RETURN NUMBER IS
    TYPE t_list IS TABLE OF NUMBER;
    TYPE t IS TABLE OF t_list INDEX BY VARCHAR2(30);
    v t;
BEGIN
    RETURN v.COUNT;
END;
/
""").objects
    }
    # the column's type (VARCHAR2(30): varchar(30)) is the element; a collection element stays manual
    assert "aurora_v_value varchar(30);" in objects["by_name"].sql
    assert [f.rule_id for f in objects["by_name"].findings if f.rule_id.startswith("AM-")] == []
    assert "AM-PLSQL-011" in [f.rule_id for f in objects["nested"].findings]


ELAPSED = """
CREATE OR REPLACE PACKAGE hr.clock IS
    PROCEDURE start_at(p_unit VARCHAR2, p_at TIMESTAMP);
    FUNCTION seconds_to(p_unit VARCHAR2, p_at TIMESTAMP) RETURN NUMBER;
END clock;
/
CREATE OR REPLACE PACKAGE BODY hr.clock IS
    TYPE ts_array IS TABLE OF TIMESTAMP INDEX BY VARCHAR2(100);
    g_starts ts_array;
    PROCEDURE start_at(p_unit VARCHAR2, p_at TIMESTAMP) IS
    BEGIN
        g_starts(p_unit) := p_at;
    END;
    FUNCTION seconds_to(p_unit VARCHAR2, p_at TIMESTAMP) RETURN NUMBER IS
        l_interval INTERVAL DAY TO SECOND;
    BEGIN
        l_interval := p_at - (g_starts(p_unit));
        RETURN EXTRACT(DAY FROM l_interval) * 86400 + EXTRACT(SECOND FROM l_interval);
    END;
END clock;
/
"""


def test_a_timestamp_element_minus_a_timestamp_is_an_interval(pg_server, tmp_path, _dropper) -> None:  # type: ignore[no-untyped-def]
    """Logger's timers: TIMESTAMP - TIMESTAMP is an INTERVAL DAY TO SECOND in Oracle, the element too."""
    _result, report, url = deploy_oracle(pg_server, tmp_path, ELAPSED)
    try:
        assert_clean(report, {"start_at", "seconds_to"})
        with connect(url) as conn:
            conn.execute("CALL clock.start_at('a', TIMESTAMP '2024-02-28 23:59:58.5')")
            # 1 day and 1.5 seconds later: EXTRACT(DAY) 1, EXTRACT(SECOND) 1.5
            assert conn.rows("SELECT clock.seconds_to('a', TIMESTAMP '2024-03-01 00:00:00')") == [(86401.5,)]
    finally:
        _dropper.names.put(url.database)
