"""`WHERE ROWNUM <= p_limit` with a routine's variable as the bound: Oracle keeps as many rows as the comparison
admits (2.5 keeps 2, NULL or a negative bound none, `< 2.5` keeps 2); PostgreSQL's LIMIT would round 2.5 up and
read NULL as no limit. On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE TABLE app.items (id NUMBER PRIMARY KEY);
CREATE OR REPLACE FUNCTION app.first_at_most(p_limit NUMBER) RETURN NUMBER IS
    n NUMBER;
BEGIN
    SELECT COUNT(*) INTO n FROM (SELECT id FROM app.items WHERE ROWNUM <= p_limit);
    RETURN n;
END;
/
CREATE OR REPLACE FUNCTION app.first_below(p_limit NUMBER) RETURN NUMBER IS
    n NUMBER := 0;
BEGIN
    FOR r IN (SELECT id FROM app.items WHERE ROWNUM < p_limit) LOOP
        n := n + 1;
    END LOOP;
    RETURN n;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    for url in clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"first_at_most", "first_below"}):
        with connect(url) as conn:
            conn.execute("INSERT INTO app.items SELECT g FROM generate_series(1, 5) g")
        yield url


# (bound, rows kept by ROWNUM <= bound, rows kept by ROWNUM < bound), counted as Oracle's comparison admits
CASES = [("3", 3, 2), ("2.5", 2, 2), ("0", 0, 0), ("-1", 0, 0), ("NULL", 0, 0), ("9", 5, 5), ("1", 1, 0)]


@pytest.mark.parametrize(("bound", "at_most", "below"), CASES, ids=[c[0] for c in CASES])
def test_a_variable_bound_keeps_the_rows_oracle_keeps(url, bound: str, at_most: int, below: int) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows(f"SELECT app.first_at_most({bound}), app.first_below({bound})") == [(at_most, below)]
