"""Round 10 general rules, each run on the real PostgreSQL: Oracle names holding '#' (`r#wid`, `p#`) in PL/SQL
code, which PostgreSQL reads as an operator unless they are quoted."""

from __future__ import annotations

import pytest

from converters.names import quote_hash_names
from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

HASH_NAMES = """
CREATE TABLE hr.t#1 (id NUMBER, r#wid VARCHAR2(10));
CREATE OR REPLACE PACKAGE hr.p# AS
  TYPE RecID IS RECORD (r#wid VARCHAR2(20), id NUMBER);
  PROCEDURE go(p#x IN NUMBER);
  FUNCTION got(p#x IN NUMBER) RETURN VARCHAR2;
END;
/
CREATE OR REPLACE PACKAGE BODY hr.p# AS
  PROCEDURE go(p#x IN NUMBER) IS
    l#r RecID;
    v#n NUMBER := 1;
  BEGIN
    l#r.r#wid := 'a' || p#x;
    v#n := v#n + p#x;
    INSERT INTO t#1 (id, r#wid) VALUES (v#n, l#r.R#WID);
  END;
  FUNCTION got(p#x IN NUMBER) RETURN VARCHAR2 IS
    l#r RecID;
  BEGIN
    SELECT max(r#wid) INTO l#r.r#wid FROM t#1 WHERE id = p#x + 1;
    RETURN l#r.r#wid;
  END;
END;
/
"""


@pytest.fixture(scope="module")
def hash_names(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round10"), HASH_NAMES)
    yield report, url
    _dropper.names.put(url.database)


def test_names_with_a_hash_are_quoted_and_run(hash_names) -> None:  # type: ignore[no-untyped-def]
    report, url = hash_names
    assert_clean(report, {"go", "got"})
    with connect(url) as conn:
        conn.execute('CALL "p#".go(4)')
        assert conn.rows('SELECT id, "r#wid" FROM hr."t#1"') == [(5, "a4")]
        assert conn.rows('SELECT "p#".got(4)') == [("a4",)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('x := r#wid + "a#b"; -- c#d', 'x := "r#wid" + "a#b"; -- c#d'),
        (
            "AS $b$\n#variable_conflict use_column\nBEGIN L#R.x := t#1.c; END $b$",
            'AS $b$\n#variable_conflict use_column\nBEGIN "l#r".x := "t#1".c; END $b$',
        ),
        ("SELECT j #>> '{a}', j#>>'{a}', a # b, 'p#x'", "SELECT j #>> '{a}', j#>>'{a}', a # b, 'p#x'"),
        ("CALL p#(1); SELECT x# FROM y", 'CALL "p#"(1); SELECT "x#" FROM y'),
    ],
)
def test_only_names_are_quoted(text: str, quoted: str) -> None:
    """Operators, strings, comments, quoted names and PL/pgSQL's `#variable_conflict` keep their text."""
    assert quote_hash_names(text) == quoted
