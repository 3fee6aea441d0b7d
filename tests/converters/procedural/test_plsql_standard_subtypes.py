"""STANDARD's unconstrained subtypes (TIMESTAMP_UNCONSTRAINED, DSINTERVAL_UNCONSTRAINED ...) are the types they stand
for, and DBMS_LOB.SUBSTR's INTEGER amount and offset take a NUMBER as Oracle does (rounded): on the real
PostgreSQL, with Oracle's results."""

from __future__ import annotations

from migrate.engines import connect
from migrate.model import ObjectStatus

CODE = """
CREATE OR REPLACE FUNCTION ts_text(a TIMESTAMP_UNCONSTRAINED, b TIMESTAMP_TZ_UNCONSTRAINED,
                                   d DSINTERVAL_UNCONSTRAINED, y YMINTERVAL_UNCONSTRAINED) RETURN VARCHAR2 IS
BEGIN
    RETURN TO_CHAR(a + d, 'YYYY-MM-DD HH24:MI:SS') || '|' || TO_CHAR(b, 'YYYY') || '|' || TO_CHAR(a + y, 'YYYY-MM');
END;
/
CREATE OR REPLACE FUNCTION lob_find(p CLOB, pat VARCHAR2, o NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_LOB.INSTR(p, pat, o, 1) || '|' || DBMS_LOB.INSTR(p, pat, o);
END;
/
CREATE OR REPLACE FUNCTION lob_part(p CLOB, n NUMBER, o NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_LOB.SUBSTR(p, n) || '|' || DBMS_LOB.SUBSTR(p, n, o);
END;
/
"""


def test_unconstrained_subtypes_and_lob_positions_run_as_oracle(convert_plsql, pg_url) -> None:
    objects = {o.name: o for o in convert_plsql(CODE).objects}
    assert all(objects[n].status is not ObjectStatus.MANUAL for n in ("ts_text", "lob_part", "lob_find"))
    with connect(pg_url) as conn:
        conn.execute('CREATE SCHEMA IF NOT EXISTS "default"')
        conn.execute(objects["ts_text"].sql)
        conn.execute(objects["lob_part"].sql)
        got = conn.scalar("SELECT \"default\".ts_text('2024-01-31 10:00:00', '2024-05-01 00:00:00+00', "
                          "INTERVAL '1 day 2 hours', INTERVAL '1 year 1 month')")  # fmt: skip
        assert got == "2024-02-01 12:00:00|2024|2025-02"
        # DBMS_LOB.INSTR(lob, pattern, offset, 1): the position from the LOB's start, 0 when not found, NULL for a
        # NULL pattern or an offset below 1
        conn.execute(objects["lob_find"].sql)
        found = [conn.scalar(f"SELECT \"default\".lob_find('a,b,c', {p}, {o})")
                 for p, o in (("','", 1), ("','", 3), ("';'", 1), ("','", 0), ("NULL", 1))]  # fmt: skip
        assert found == ["2|2", "4|4", "0|0", "|", "|"]
        # amount 2.5 -> 3 and offset 1.5 -> 2: an INTEGER parameter rounds the NUMBER passed
        assert conn.scalar("SELECT \"default\".lob_part('abcdef', 2.5, 1.5)") == "abc|bcd"


PIPELINED = """
CREATE OR REPLACE TYPE int_nt AS TABLE OF INTEGER
/
CREATE OR REPLACE PACKAGE nums AS
    TYPE name_list IS TABLE OF VARCHAR2(30);
    FUNCTION int_stream(p_start IN INTEGER, p_end IN INTEGER) RETURN int_nt PIPELINED;
    FUNCTION names RETURN name_list PIPELINED;
    FUNCTION total(p_end IN INTEGER) RETURN NUMBER;
    FUNCTION joined RETURN VARCHAR2;
END nums;
/
CREATE OR REPLACE PACKAGE BODY nums AS
    FUNCTION int_stream(p_start IN INTEGER, p_end IN INTEGER) RETURN int_nt PIPELINED IS
    BEGIN
        FOR i IN p_start .. p_end LOOP
            PIPE ROW (i);
        END LOOP;
        RETURN;
    END int_stream;
    FUNCTION names RETURN name_list PIPELINED IS
    BEGIN
        PIPE ROW ('b');
        PIPE ROW ('a');
        RETURN;
    END names;
    FUNCTION total(p_end IN INTEGER) RETURN NUMBER IS
        l_sum NUMBER;
    BEGIN
        SELECT SUM(column_value) INTO l_sum FROM TABLE(int_stream(1, p_end));
        RETURN l_sum;
    END total;
    FUNCTION joined RETURN VARCHAR2 IS
        l_out VARCHAR2(100);
    BEGIN
        FOR r IN (SELECT n.column_value AS v FROM TABLE(nums.names) n ORDER BY 1) LOOP
            l_out := l_out || r.v;
        END LOOP;
        RETURN l_out;
    END joined;
END nums;
/
"""


def test_table_of_a_pipelined_function_reads_its_rows(convert_plsql, pg_url) -> None:
    """SELECT ... FROM TABLE(f(...)): the rows the PIPELINED function pipes, one scalar each named COLUMN_VALUE."""
    result = convert_plsql(PIPELINED)
    objects = {o.name: o for o in result.objects}
    assert all(objects[n].status is not ObjectStatus.MANUAL for n in ("int_stream", "names", "total", "joined"))
    with connect(pg_url) as conn:
        conn.execute('CREATE SCHEMA IF NOT EXISTS "default"')
        for obj in result.objects:
            if obj.name in ("int_nt", "nums", "int_stream", "names", "total", "joined"):
                conn.execute(obj.sql)
        assert conn.scalar("SELECT nums.total(4)") == 10
        assert conn.scalar("SELECT nums.joined()") == "ab"


EMPTY = """
CREATE OR REPLACE TYPE name_nt AS TABLE OF VARCHAR2(30)
/
CREATE OR REPLACE FUNCTION emptiness(p name_nt) RETURN VARCHAR2 IS
BEGIN
    IF p IS NOT EMPTY THEN
        RETURN 'not empty';
    ELSIF p IS EMPTY THEN
        RETURN 'empty';
    END IF;
    RETURN 'null';
END;
/
"""


def test_is_empty_on_a_collection(convert_plsql, pg_url) -> None:
    """IS [NOT] EMPTY: TRUE / FALSE whatever NULL elements the collection holds, NULL for a NULL collection."""
    result = convert_plsql(EMPTY)
    objects = {o.name: o for o in result.objects}
    assert objects["emptiness"].status is not ObjectStatus.MANUAL
    with connect(pg_url) as conn:
        conn.execute('CREATE SCHEMA IF NOT EXISTS "default"')
        for obj in result.objects:
            if obj.name in ("name_nt", "emptiness"):
                conn.execute(obj.sql)
        got = [conn.scalar(f'SELECT "default".emptiness({v})') for v in ("'{a}'", "'{NULL}'", "'{}'", "NULL")]
        assert got == ["not empty", "not empty", "empty", "null"]
