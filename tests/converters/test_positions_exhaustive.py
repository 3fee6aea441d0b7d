"""SUBSTR and INSTR converted without orafce agree with orafce's oracle.substr / oracle.instr (Oracle's start
position from the end, backwards search, overlapping occurrences) on every combination of short texts, searched
strings, start positions, lengths and occurrences, NULLs included -- the native forms oracle_positions.py writes,
checked against a reference on the real PostgreSQL."""

from __future__ import annotations

from itertools import product

import pytest

from converters.ddl_context import BLOCKING
from converters.rewrite import RewriteOptions, convert_expression, convert_query
from migrate.engines.base import Connection
from tests.converters.documented import options

TEXTS = [None] + ["".join(c) for n in range(1, 6) for c in product("ab", repeat=n)]  # 62 texts
SEARCHED = [None] + ["".join(c) for n in range(1, 4) for c in product("ab", repeat=n)]
POSITIONS = [None, *range(-7, 8)]


def _array(values: list) -> str:  # type: ignore[type-arg]
    return "ARRAY[" + ", ".join("NULL" if v is None else repr(v) for v in values) + "]"


@pytest.fixture(scope="module")
def cases(orafce_db: Connection) -> Connection:
    """Every (s, t, p, n) with at most one NULL among them."""
    orafce_db.execute(
        "CREATE TABLE cases AS SELECT s, t, p, n "
        f"FROM unnest({_array(TEXTS)}::text[]) s, unnest({_array(SEARCHED)}::text[]) t, "
        f"unnest({_array(POSITIONS)}::int[]) p, unnest(ARRAY[NULL, 1, 2, 3]::int[]) n "
        "WHERE num_nulls(s, t, p, n) <= 1"
    )
    return orafce_db


def _native(oracle_call: str) -> str:
    converted = convert_query(f"SELECT {oracle_call} FROM cases", "oracle", options("native"))
    assert not [f for f in converted.findings if f.severity >= BLOCKING], converted.findings
    assert "oracle." not in converted.sql and "instr(" not in converted.sql.replace("regexp_instr(", "")
    return converted.sql.removeprefix("SELECT ").split(" FROM cases")[0]


@pytest.mark.parametrize(
    ("oracle_call", "reference", "where"),
    [
        ("INSTR(s, t, p)", "oracle.instr(s, t, p)", "p IS DISTINCT FROM 0"),
        ("INSTR(s, t, p, 1)", "oracle.instr(s, t, p, 1)", "p IS DISTINCT FROM 0"),
        ("INSTR(s, 'ab', p, n)", "oracle.instr(s, 'ab', p, n)", "p IS DISTINCT FROM 0"),
        ("INSTR(s, 'b', p, n)", "oracle.instr(s, 'b', p, n)", "p IS DISTINCT FROM 0"),
        ("INSTR(s, t, -2)", "oracle.instr(s, t, -2)", "TRUE"),
        ("INSTR(s, 'ab', -3, n)", "oracle.instr(s, 'ab', -3, n)", "TRUE"),
        ("INSTR(s, t, 3)", "oracle.instr(s, t, 3)", "TRUE"),
        ("INSTR(s, t, p + 1)", "oracle.instr(s, t, p + 1)", "p IS DISTINCT FROM -1"),
        # occurrences that may overlap: t unknown, a literal overlapping itself
        ("INSTR(s, t, p, n)", "oracle.instr(s, t, p, n)", "p IS DISTINCT FROM 0"),
        ("INSTR(s, 'aa', 1, n)", "oracle.instr(s, 'aa', 1, n)", "TRUE"),
        ("INSTR(s, t, -1, 2)", "oracle.instr(s, t, -1, 2)", "TRUE"),
    ],
)
def test_native_instr_is_oracle_instr_on_every_case(
    cases: Connection, oracle_call: str, reference: str, where: str
) -> None:
    native = _native(oracle_call)
    differing = cases.rows(
        f"SELECT s, t, p, n, {native} AS got, {reference} AS want FROM cases "
        f"WHERE ({where}) AND ({native}) IS DISTINCT FROM ({reference}) LIMIT 5"
    )
    total = cases.rows(f"SELECT count(*) FROM cases WHERE {where}")[0][0]
    assert total > 10_000
    assert differing == [], f"{oracle_call} -> {native}"


@pytest.mark.parametrize(
    "oracle_call",
    ["SUBSTR(s, p)", "SUBSTR(s, p, n)", "SUBSTR(s, p, n - 2)", "SUBSTR(s, -3)", "SUBSTR(s, -3, n)", "SUBSTR(s, 0, n)",
     "SUBSTR(s, p + 1, 2)", "SUBSTR(s, 2, n)",
     # a text or start that may not be read twice (a subquery, a routine's call): read once in a scalar subquery
     "SUBSTR((SELECT s), p, n)", "SUBSTR(s, (SELECT p))", "SUBSTR((SELECT s), -2)"],
)  # fmt: skip
def test_native_substr_is_oracle_substr_on_every_case(cases: Connection, oracle_call: str) -> None:
    """Oracle: SUBSTR gives NULL for an empty result (orafce gives ''); a length below 1 gives NULL."""
    native = _native(oracle_call)
    reference = "nullif(oracle." + oracle_call.lower() + ", '')"
    length = oracle_call.split(",")[-1].strip(" )") if oracle_call.count(",") == 2 else ""
    negative = f" AND NOT coalesce({length} < 0, false)" if length and not length.isdigit() else ""
    differing = cases.rows(
        f"SELECT s, p, n, {native} AS got, {reference} AS want FROM cases "
        f"WHERE ({native}) IS DISTINCT FROM ({reference}){negative} LIMIT 5"
    )
    assert differing == [], f"{oracle_call} -> {native}"
    if negative:  # orafce rejects a negative length; Oracle gives NULL
        assert cases.rows(f"SELECT count(*) FROM cases WHERE {length} < 0 AND ({native}) IS NOT NULL") == [(0,)]


def test_a_start_position_of_zero_finds_nothing(cases: Connection) -> None:
    """Oracle's position is nonzero: 0 finds nothing (0), NULL with a NULL argument (orafce reads 0 as 1)."""
    native = _native("INSTR(s, t, p)")
    got = cases.rows(f"SELECT DISTINCT s IS NULL OR t IS NULL, {native} FROM cases WHERE p = 0 ORDER BY 1")
    assert got == [(False, 0), (True, None)]
    literal = _native("INSTR(s, 'a', 0)")
    assert cases.rows(f"SELECT DISTINCT s IS NULL, {literal} FROM cases ORDER BY 1") == [(False, 0), (True, None)]


@pytest.mark.parametrize(
    "oracle_call",
    [
        "INSTR(s, t, f(p))",  # a routine may be volatile: not repeated
        "INSTR(s, t, (SELECT 1 FROM dual))",
    ],
)
def test_positions_without_an_exact_native_form_stay_flagged(oracle_call: str) -> None:
    converted = convert_query(f"SELECT {oracle_call} FROM cases", "oracle", options("native"))
    assert "CONV-ORA-FUNC-001" in {f.rule_id for f in converted.findings if f.severity >= BLOCKING}


def test_a_substr_read_once_needs_a_subquery_which_a_check_cannot_hold() -> None:
    """SUBSTR(f(s), p): the text is read twice for a start that may be negative, so it is read once in a scalar
    subquery; a CHECK constraint (or an index, a default) cannot hold one: CONV-ORA-SUBSTR-001 there."""
    converted = convert_expression("SUBSTR(f(s), p) = 'x'", "oracle", RewriteOptions(object_kind="check"))
    assert "CONV-ORA-SUBSTR-001" in {f.rule_id for f in converted.findings}
