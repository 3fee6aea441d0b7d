"""Regular expressions whose pattern is a parameter (issue 14): Oracle's '.' does not match a newline without the
'n' match parameter, '[^...]' does (SQL Language Reference, Appendix D, Oracle Regular Expression Support; the
match_parameter of REGEXP_LIKE): the routine converts (the pattern read at run time by plsql_regex's helper, in a
WHILE condition and an ELSIF too), gives Oracle's result on newline inputs, also where no PostgreSQL mode alone
would ('.' with '[^'; '#' with 'x'), and NULL on a NULL pattern."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION count_of(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
BEGIN
    RETURN REGEXP_COUNT(p_text, p_pattern);
END;
/
CREATE OR REPLACE FUNCTION lines_of(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
    n NUMBER;
BEGIN
    n := REGEXP_COUNT(p_text, p_pattern, 1, 'm');
    RETURN n;
END;
/
CREATE OR REPLACE FUNCTION first_match(p_text VARCHAR2, p_pattern VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN REGEXP_SUBSTR(p_text, p_pattern);
END;
/
CREATE OR REPLACE FUNCTION replaced(p_text VARCHAR2, p_pattern VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN REGEXP_REPLACE(p_text, p_pattern, '#');
END;
/
CREATE OR REPLACE FUNCTION matches(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
    n NUMBER;
BEGIN
    SELECT COUNT(*) INTO n FROM dual WHERE REGEXP_LIKE(p_text, p_pattern, 'i');
    RETURN n;
END;
/
CREATE OR REPLACE FUNCTION is_match(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
BEGIN
    IF REGEXP_LIKE(p_text, p_pattern) THEN
        RETURN 1;
    END IF;
    RETURN 0;
END;
/
CREATE OR REPLACE FUNCTION second_arm(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
BEGIN
    IF p_text IS NULL THEN
        RETURN -1;
    ELSIF REGEXP_LIKE(p_text, p_pattern) THEN
        RETURN 1;
    END IF;
    RETURN 0;
END;
/
CREATE OR REPLACE FUNCTION count_with(p_text VARCHAR2, p_pattern VARCHAR2, p_mode VARCHAR2) RETURN NUMBER IS
BEGIN
    RETURN REGEXP_COUNT(p_text, p_pattern, 1, p_mode);
END;
/
CREATE OR REPLACE FUNCTION words_with(p_text VARCHAR2, p_mode VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN REGEXP_REPLACE(p_text, '^b.[^x]', '#', 1, 0, p_mode);
END;
/
CREATE OR REPLACE FUNCTION count_n(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
BEGIN
    RETURN REGEXP_COUNT(p_text, p_pattern, 1, 'n') * 10 + REGEXP_COUNT(p_text, p_pattern, 1, 'nm');
END;
/
CREATE OR REPLACE FUNCTION loops(p_text VARCHAR2, p_pattern VARCHAR2) RETURN NUMBER IS
    n NUMBER := 0;
BEGIN
    WHILE REGEXP_LIKE(SUBSTR(p_text, n + 1), p_pattern) LOOP
        n := n + 1;
    END LOOP;
    RETURN n;
END;
/
"""

GUARDED = {"count_of", "lines_of", "first_match", "replaced", "matches", "is_match", "count_with", "words_with"}
DOTALL = "count_n"  # a literal 'n' with a variable pattern: nothing to check (PostgreSQL's 'n' means otherwise)
NL = "chr(10)"


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("regexp"), CODE)
    yield result, report, url
    _dropper.names.put(url.database)


def _one(url, sql: str) -> object:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        conn.execute('SET search_path = "default", public')  # where objects without an owner are created
        return conn.scalar(sql)


def test_pattern_parameters_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    result, report, _url = deployed
    routines = {o.name: o for o in result.objects if o.kind in ("function", "procedure")}
    every = GUARDED | {DOTALL, "loops", "second_arm"}
    assert {n for n in every if routines[n].status is ObjectStatus.MANUAL} == set()
    for name in every:
        ids = {f.rule_id for f in routines[name].findings}
        assert not ids & {"CONV-DOC-001", "CONV-DOC-004"}, name
        assert "aurora_oracle_regex(" in routines[name].sql, name
    assert_clean(report, every)


@pytest.mark.parametrize(
    ("call", "oracle"),
    [
        (f"count_of('a' || {NL} || 'b', 'a.b')", 0),  # '.' does not match the newline
        ("count_of('axb a-b', 'a.b')", 2),
        (f"count_of('a' || {NL} || 'b', 'a[^x]b')", 1),  # '[^x]' does (no '.': the pattern as it is)
        (f"count_of('a' || {NL} || 'b', 'a\\sb')", 1),
        (f"lines_of('ab' || {NL} || 'ab', '^ab')", 2),  # 'm': ^ at every line's start
        (f"lines_of('ab' || {NL} || 'ab', '^a.')", 2),
        (f"lines_of('ab' || {NL} || 'ab', 'b.a')", 0),
        (f"first_match('line1' || {NL} || 'line2', '.+')", "line1"),
        (f"first_match('x' || {NL} || 'y', 'x[[:space:]]y')", "x\ny"),
        (f"replaced('a' || {NL} || 'bc', '.')", "#\n##"),
        (f"replaced('a' || {NL} || 'bc', '[^c]')", "###c"),
        (f"matches('A' || {NL} || 'B', 'a.b')", 0),
        ("matches('AxB', 'a.b')", 1),
        (f"is_match('a' || {NL} || 'b', 'a.b')", 0),  # an IF's first condition: the check stands before the IF
        (f"is_match('a' || {NL} || 'b', 'a[^x]b')", 1),
        (f"count_n('a' || {NL} || 'b', 'a.b')", 11),  # 'n': '.' takes the newline (with 'm' as well)
        (f"count_n('ab' || {NL} || 'ab', '^a.')", 12),  # 'm': ^ at the second line too
        # a match parameter from a variable: n (dot matches newline), m (lines), i, c (last one wins), NULL (default)
        (f"count_with('a' || {NL} || 'b', 'a.b', 'n')", 1),
        (f"count_with('a' || {NL} || 'b', 'a.b', NULL)", 0),
        (f"count_with('ab' || {NL} || 'AB', '^ab', 'm')", 1),
        (f"count_with('ab' || {NL} || 'AB', '^ab', 'mi')", 2),
        (f"count_with('ab' || {NL} || 'AB', '^ab', 'ic')", 1),
        (f"count_with('ab' || {NL} || 'AB', 'b.a', 'in')", 1),
        (f"count_with('ab' || {NL} || 'AB', 'b.a', 'i')", 0),
        (f"count_with('ab' || {NL} || 'ab', '^.b', 'nm')", 2),
        (f"count_with('a' || {NL} || 'b', 'a[^x]b', 'm')", 1),
        (f"words_with('b' || {NL} || 'c' || {NL} || 'bxc', NULL)", "b\nc\nbxc"),  # '.' stops at the newline
        (f"words_with('b' || {NL} || 'c' || {NL} || 'bxc', 'n')", "#\nbxc"),  # '.' takes it, '[^x]' the c
        (f"words_with('b' || {NL} || 'c' || {NL} || 'bxc', 'm')", "b\nc\n#"),  # ^ at the third line
        (f"words_with('bxc' || {NL} || 'byc', 'm')", "#\n#"),
    ],
)
def test_newline_inputs_behave_as_in_oracle(deployed, call: str, oracle: object) -> None:  # type: ignore[no-untyped-def]
    got = _one(deployed[2], f"SELECT {call}")
    assert (int(got) if isinstance(oracle, int) else got) == oracle  # type: ignore[call-overload]


def test_null_pattern_gives_null_and_the_forms_no_mode_alone_reads(deployed) -> None:  # type: ignore[no-untyped-def]
    url = deployed[2]
    assert _one(url, "SELECT count_of('abc', NULL)") is None  # Oracle: NULL pattern, NULL result
    assert _one(url, "SELECT first_match('abc', NULL)") is None
    # '.' off newlines and '[^x]' on them in one pattern
    assert int(_one(url, f"SELECT count_of('abc' || {NL} || 'a' || {NL} || {NL}, 'a.[^x]')")) == 1  # type: ignore[call-overload]
    assert int(_one(url, "SELECT count_with('ABC', 'a.[^x]', 'i')")) == 1  # type: ignore[call-overload]
    # Oracle's 'x' ignores white space only: '#' is a character (a comment in PostgreSQL's expanded mode)
    assert int(_one(url, "SELECT count_with('a#b ab', 'a # b', 'x')")) == 1  # type: ignore[call-overload]
    assert int(_one(url, "SELECT count_with('a' || chr(10) || 'c', 'a.[^x]', 'n')")) == 1  # type: ignore[call-overload]
    assert int(_one(url, "SELECT loops('aaab', 'a')")) == 3  # type: ignore[call-overload]
    assert int(_one(url, f"SELECT second_arm('a' || {NL} || 'b', 'a.b')")) == 0  # type: ignore[call-overload]
