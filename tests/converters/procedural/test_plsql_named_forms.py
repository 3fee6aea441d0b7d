"""Forms real code writes that name things: an object constructor called with named arguments in any order
(`obj_t(name => x, id => y)`: ROW takes them by position, so they are put in the attributes' order) and a
supplied package qualified by its owner (`SYS.DBMS_OUTPUT.PUT_LINE`). On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE TYPE app.item_t AS OBJECT (id NUMBER, name VARCHAR2(30), qty NUMBER);
/
CREATE OR REPLACE FUNCTION app.make_item(p_name VARCHAR2) RETURN VARCHAR2 IS
    v app.item_t;
BEGIN
    v := app.item_t(qty => 3, name => p_name, id => 7);
    SYS.DBMS_OUTPUT.PUT_LINE('made ' || v.name);
    RETURN v.id || ':' || v.name || ':' || v.qty;
END;
/
CREATE OR REPLACE FUNCTION app.make_mixed(p_name VARCHAR2) RETURN VARCHAR2 IS
    v app.item_t;
BEGIN
    v := app.item_t(1, qty => 5, name => p_name);
    RETURN v.id || ':' || v.name || ':' || v.qty;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"make_item", "make_mixed"})


def test_named_constructor_arguments_land_on_their_attributes(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT app.make_item('bolt'), app.make_mixed('nut')") == [("7:bolt:3", "1:nut:5")]


def test_sys_qualified_dbms_output_prints_a_notice(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        notices: list[str] = []
        conn.raw.add_notice_handler(lambda d: notices.append(d.message_primary))
        conn.rows("SELECT app.make_item('gear')")
        assert notices == ["made gear"]
