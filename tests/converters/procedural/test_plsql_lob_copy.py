"""DBMS_LOB.COPY into a CLOB variable, as Oracle documents it (PL/SQL Packages and Types Reference, DBMS_LOB):
`amount` characters of the source from `src_offset` written over the destination from `dest_offset`, an amount
past the source's end copying to its end, a gap past the destination's end filled with spaces, VALUE_ERROR for a
NULL argument and INVALID_ARGVAL (ORA-21560) for an offset or amount below 1. On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE OR REPLACE FUNCTION app.copied(p_dest CLOB, p_src CLOB, p_amount NUMBER, p_dest_at NUMBER,
                                      p_src_at NUMBER) RETURN CLOB IS
    l_result CLOB;
BEGIN
    DBMS_LOB.CREATETEMPORARY(l_result, FALSE, DBMS_LOB.CALL);
    IF p_dest IS NOT NULL THEN
        DBMS_LOB.APPEND(l_result, p_dest);
    END IF;
    DBMS_LOB.COPY(l_result, p_src, p_amount, p_dest_at, p_src_at);
    RETURN l_result;
EXCEPTION
    WHEN VALUE_ERROR THEN
        RETURN 'VALUE_ERROR';
    WHEN OTHERS THEN
        RETURN SQLERRM;
END;
/
CREATE OR REPLACE FUNCTION app.appended(p_template CLOB, p_tail CLOB) RETURN CLOB IS
    l_result CLOB;
BEGIN
    DBMS_LOB.CREATETEMPORARY(l_result, TRUE);
    DBMS_LOB.COPY(l_result, p_template, DBMS_LOB.GETLENGTH(p_template));
    DBMS_LOB.COPY(l_result, p_tail, DBMS_LOB.GETLENGTH(p_tail), DBMS_LOB.GETLENGTH(l_result) + 1, 1);
    RETURN l_result;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"copied", "appended"})


# (dest, src, amount, dest_offset, src_offset) -> the destination Oracle leaves
CASES = [
    ("'abcdef'", "'XYZ'", 2, 3, 1, "abXYef"),  # overwrites in the middle
    ("'abc'", "'XYZ'", 10, 2, 2, "aYZ"),  # an amount past the source's end copies to its end
    ("'ab'", "'XYZ'", 3, 5, 1, "ab  XYZ"),  # a gap past the destination's end: spaces
    ("NULL", "'hello'", 5, 1, 1, "hello"),  # into the empty temporary LOB
    ("'abc'", "'XYZ'", 1.6, 1, 1, "XYc"),  # an amount rounds to INTEGER (2)
    ("'ab'", "NULL", 1, 1, 1, "VALUE_ERROR"),
    ("'ab'", "'XYZ'", 0, 1, 1, "ORA-21560: argument 3 is null, invalid, or out of range"),
    ("'ab'", "'XYZ'", 1, 1, 0, "ORA-21560: argument 5 is null, invalid, or out of range"),
]


@pytest.mark.parametrize(("dest", "src", "amount", "dest_at", "src_at", "expected"), CASES,
                         ids=[f"{c[0]}<-{c[1]}:{c[2]},{c[3]},{c[4]}" for c in CASES])  # fmt: skip
def test_copy_as_oracle_documents_it(url, dest, src, amount, dest_at, src_at, expected) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows(f"SELECT app.copied({dest}, {src}, {amount}, {dest_at}, {src_at})") == [(expected,)]


def test_the_append_idiom(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT app.appended('Hello, ', 'world')") == [("Hello, world",)]


PERSISTENT = """
CREATE TABLE app.docs (id NUMBER PRIMARY KEY, body CLOB);
CREATE OR REPLACE PROCEDURE app.add_line(p_id NUMBER, p_text VARCHAR2) IS
    l_body CLOB;
BEGIN
    SELECT body INTO l_body FROM app.docs WHERE id = p_id FOR UPDATE;
    DBMS_LOB.WRITEAPPEND(l_body, LENGTH(p_text), p_text);
END;
/
"""


def test_a_write_through_a_tables_locator_stays_manual(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    """Oracle's WRITEAPPEND on a locator selected FOR UPDATE changes the row; a PostgreSQL variable is a copy, so
    converting the call would leave the row unchanged: the procedure is kept for a person, with the reason."""
    obj = next(o for o in convert_plsql(PERSISTENT).objects if o.name == "add_line")
    assert obj.status.value == "manual"
    assert any("may be a table's" in f.message for f in obj.findings if f.rule_id == "AM-PLSQL-009")
