"""Cursor parameters with defaults (`CURSOR c(p NUMBER := 2)`): PL/pgSQL cursors have none, so where the cursor is
opened (OPEN, a cursor FOR loop) without them the defaults are written in; Oracle evaluates them at that point too
(PL/SQL Language Reference, explicit cursors: "Cursor Parameters with Default Values"). On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE TABLE hr.nums (x NUMBER);
CREATE OR REPLACE FUNCTION hr.counted(p_which NUMBER) RETURN VARCHAR2 IS
    CURSOR c (p_min NUMBER := 2, p_max NUMBER DEFAULT 4) IS
        SELECT COUNT(*) AS n FROM hr.nums WHERE x BETWEEN p_min AND p_max;
    v NUMBER;
    v_loop NUMBER := 0;
BEGIN
    IF p_which = 0 THEN
        OPEN c;
    ELSIF p_which = 1 THEN
        OPEN c(1);
    ELSE
        OPEN c(1, 10);
    END IF;
    FETCH c INTO v;
    CLOSE c;
    FOR r IN c(3) LOOP
        v_loop := r.n;
    END LOOP;
    RETURN v || '/' || v_loop;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("cursor_defaults"), CODE,
                                         "INSERT INTO hr.nums SELECT generate_series(1, 10)")  # fmt: skip
    assert_clean(report, {"counted"})
    yield url
    _dropper.names.put(url.database)


@pytest.mark.parametrize(("which", "oracle"), [(0, "3/2"), (1, "4/2"), (2, "10/2")])
def test_defaults_fill_the_parameters_left_out(url, which: int, oracle: str) -> None:  # type: ignore[no-untyped-def]
    """c: 2..4 (3 rows); c(1): 1..4 (4); c(1, 10): 10; the loop's c(3): 3..4 (2)."""
    with connect(url) as conn:
        assert conn.rows(f"SELECT hr.counted({which})")[0][0] == oracle
