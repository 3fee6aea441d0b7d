"""DBMS_OUTPUT.PUT builds a line that PUT_LINE or NEW_LINE ends (Oracle: "PUT ... places a partial line in the
buffer"; the line is one line once it ends), also across the routines of one session. Each line is one notice. On
the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE OR REPLACE PROCEDURE app.report(p_name VARCHAR2, p_qty NUMBER) IS
BEGIN
    DBMS_OUTPUT.PUT(p_name || ': ');
    DBMS_OUTPUT.PUT(NULL);
    DBMS_OUTPUT.PUT(p_qty);
    DBMS_OUTPUT.PUT_LINE(' items');
    DBMS_OUTPUT.PUT('total');
    DBMS_OUTPUT.NEW_LINE;
    DBMS_OUTPUT.PUT_LINE(NULL);
END;
/
CREATE OR REPLACE PROCEDURE app.finish IS
BEGIN
    DBMS_OUTPUT.PUT_LINE('done');
END;
/
CREATE OR REPLACE PROCEDURE app.start_then_finish IS
BEGIN
    DBMS_OUTPUT.PUT('started, ');
    app.finish;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"report", "finish", "start_then_finish"})


def _notices(url, sql: str) -> list[str]:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        notices: list[str] = []
        conn.raw.add_notice_handler(lambda d: notices.append(d.message_primary))
        conn.execute(sql)
        return notices


def test_partial_lines_end_with_put_line_or_new_line(url) -> None:  # type: ignore[no-untyped-def]
    assert _notices(url, "CALL app.report('bolts', 2.50)") == ["bolts: 2.5 items", "total", ""]


def test_a_line_started_in_one_routine_ends_in_another(url) -> None:  # type: ignore[no-untyped-def]
    assert _notices(url, "CALL app.start_then_finish()") == ["started, done"]
