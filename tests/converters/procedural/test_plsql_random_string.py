"""DBMS_RANDOM.STRING(opt, len) as Oracle documents it: len characters drawn from the set opt names ('U' upper case,
'L' lower, 'A' mixed, 'X' upper case and digits, 'P' printable; anything else upper case); a NULL or non-positive
length gives NULL. Random values cannot be compared with Oracle's: the alphabet and length can. On the real
PostgreSQL."""

from __future__ import annotations

import re

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import clean_database

CODE = """
CREATE OR REPLACE FUNCTION app.token(p_opt VARCHAR2, p_len NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_RANDOM.STRING(p_opt, p_len);
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    yield from clean_database(pg_server, tmp_path_factory, _dropper, CODE, {"token"})


CASES = [("U", 8, r"[A-Z]{8}"), ("l", 5, r"[a-z]{5}"), ("A", 2.6, r"[A-Za-z]{3}"), ("x", 12, r"[A-Z0-9]{12}"),
         ("P", 20, r"[ -~]{20}"), ("Z", 4, r"[A-Z]{4}")]  # fmt: skip


@pytest.mark.parametrize(("opt", "length", "pattern"), CASES, ids=[c[0] + str(c[1]) for c in CASES])
def test_the_alphabet_and_the_length(url, opt: str, length: float, pattern: str) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        values = [conn.rows(f"SELECT app.token('{opt}', {length})")[0][0] for _ in range(5)]
    assert all(re.fullmatch(pattern, v) for v in values), values


@pytest.mark.parametrize("length", ["0", "-3", "NULL"])
def test_no_length_gives_null(url, length: str) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows(f"SELECT app.token('U', {length})") == [(None,)]
