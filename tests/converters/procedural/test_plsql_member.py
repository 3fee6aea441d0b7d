"""`x [NOT] MEMBER [OF] coll` (plsql_member) on the real PostgreSQL, against Oracle's documented results (SQL
Language Reference, Multiset Conditions: TRUE when x is a member, NULL when x is NULL or the nested table is empty;
NOT reverses it)."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE TYPE hr.num_list AS TABLE OF NUMBER;
/
CREATE OR REPLACE FUNCTION hr.member_test(p_value NUMBER, p_elements hr.num_list) RETURN VARCHAR2 IS
BEGIN
    IF p_value MEMBER OF p_elements THEN
        RETURN 'member';
    ELSIF p_value NOT MEMBER p_elements THEN
        RETURN 'not a member';
    END IF;
    RETURN 'null';
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("member"), CODE)
    assert_clean(report, {"member_test"})
    yield url
    _dropper.names.put(url.database)


@pytest.mark.parametrize(
    ("value", "elements", "oracle"),
    [
        ("2", "ARRAY[1, 2, 3]", "member"),
        ("5", "ARRAY[1, 2, 3]", "not a member"),
        ("NULL", "ARRAY[1, 2]", "null"),  # NULL x: NULL
        ("1", "ARRAY[]::numeric[]", "null"),  # an empty nested table: NULL (not FALSE)
        ("5", "ARRAY[1, NULL]", "null"),  # no equal element, a NULL one: NULL, as x = NULL
        ("1", "ARRAY[1, NULL]", "member"),
        ("1", "NULL", "null"),  # a NULL collection
    ],
)
def test_member_condition_as_oracle(url, value: str, elements: str, oracle: str) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows(f"SELECT hr.member_test({value}, {elements})")[0][0] == oracle
