"""Oracle regular expressions known only at run time, inside routines (plsql_regex): a pattern built from a variable
(`'[^' || p_delim || ']+'`, the string-splitting idiom) or a match parameter passed in. Oracle's documented modes
(SQL Language Reference, REGEXP_LIKE: i, c (the last wins), n, m, x; '.' does not match a newline without n) on the
real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.nth_item(p_list VARCHAR2, p_delim VARCHAR2, p_n NUMBER) RETURN VARCHAR2 IS
BEGIN
    RETURN REGEXP_SUBSTR(p_list, '[^' || p_delim || ']+', 1, p_n);
END;
/
CREATE OR REPLACE FUNCTION hr.matches(p_text VARCHAR2, p_pattern VARCHAR2, p_flags VARCHAR2) RETURN NUMBER IS
BEGIN
    IF REGEXP_LIKE(p_text, p_pattern, p_flags) THEN
        RETURN 1;
    END IF;
    RETURN 0;
END;
/
CREATE OR REPLACE FUNCTION hr.squeeze(p_text VARCHAR2, p_chars VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN REGEXP_REPLACE(p_text, '[' || p_chars || ']+', ' ');
END;
/
"""
ROUTINES = {"nth_item", "matches", "squeeze"}
NL = "chr(10)"


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("regex"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def test_the_routines_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    for name in ROUTINES:
        assert objects[name].status is ObjectStatus.CONVERTED, (name, objects[name].findings)
    assert_clean(report, ROUTINES)


CASES = [
    ("the second item", "SELECT hr.nth_item('a,b,c', ',', 2)", "b"),
    ("'.' is literal in a bracket", "SELECT hr.nth_item('x.y.z', '.', 3)", "z"),
    ("'.' does not match a newline", f"SELECT hr.matches('a' || {NL} || 'b', 'a.b', NULL)", 0),
    ("'n': '.' matches a newline", f"SELECT hr.matches('a' || {NL} || 'b', 'a.b', 'n')", 1),
    ("'[^x]' matches a newline", f"SELECT hr.matches('a' || {NL} || 'b', 'a[^x]b', NULL)", 1),
    ("'.' and '[^x]' together", f"SELECT hr.matches('a' || {NL} || 'b' || {NL}, 'a[^x]b.', NULL)", 0),
    ("'i'", "SELECT hr.matches('ABC', '^abc$', 'i')", 1),
    ("the last of 'i' and 'c' wins", "SELECT hr.matches('ABC', '^abc$', 'ic')", 0),
    ("'m': ^ at a line", f"SELECT hr.matches('a' || {NL} || 'b', '^b', 'm')", 1),
    ("no 'm': ^ at the start only", f"SELECT hr.matches('a' || {NL} || 'b', '^b', NULL)", 0),
    ("'x' ignores white space", "SELECT hr.matches('ab', 'a b', 'x')", 1),
    ("'x': '#' is a character", "SELECT hr.matches('a#b', '^a#b$', 'x')", 1),
    ("a NULL pattern matches nothing", "SELECT hr.matches('a', NULL, NULL)", 0),
    ("characters from a variable", "SELECT hr.squeeze('a  b--c', ' -')", "a b c"),
]


@pytest.mark.parametrize(("what", "sql", "expected"), CASES, ids=[c[0] for c in CASES])
def test_oracle_modes_at_run_time(deployed, what: str, sql: str, expected: object) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn:
        assert conn.rows(sql)[0][0] == expected, what


def test_a_match_parameter_oracle_refuses_raises(deployed) -> None:  # type: ignore[no-untyped-def]
    with connect(deployed[2]) as conn, pytest.raises(Exception, match="illegal argument"):
        conn.rows("SELECT hr.matches('a', 'a', 'z')")


def test_an_unbalanced_bracket_raises(deployed) -> None:  # type: ignore[no-untyped-def]
    """A NULL delimiter leaves '[^]+': the ']' is a member of the list, which never closes (ORA-12726 in Oracle)."""
    with connect(deployed[2]) as conn, pytest.raises(Exception, match="brackets"):
        conn.rows("SELECT hr.nth_item('abc', NULL, 1)")
