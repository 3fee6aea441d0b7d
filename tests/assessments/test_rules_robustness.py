"""No text, however broken, stops the rule scan: it becomes findings, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.rules import detect
from migrate.model import Inventory, Location, Routine, RoutineKind, Schema, SourceInfo, View

# fragments real exports contain, so generated text reaches the tokenizer's and parser's edge cases
FRAGMENTS = [
    "SELECT", "FROM", "WHERE", "(", ")", "'", "''", '"', "[", "]", "--", "/*", "*/", "\n", ";", "BEGIN", "END",
    "CONNECT BY", "(+)", "||", "+", "@@ROWCOUNT", "#t", "q'[", "N'", "EXECUTE IMMEDIATE", "CASE WHEN", "DECODE(",
    "x", "1", "1.5e3", ":=", "%ROWTYPE", "$$", "GO", "/", "é", "\x00",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)


@pytest.mark.parametrize("engine", ["oracle", "sqlserver", "postgresql"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_gives_findings_not_exceptions(engine: str, text: str) -> None:
    schema = Schema(
        "S",
        views=(View("S", "V", text, location=Location("v.sql", 1)),),
        routines=(Routine("S", "P", RoutineKind.PROCEDURE, text, location=Location("p.sql", 1)),),
    )
    findings, _ = detect(Inventory(SourceInfo(engine), schemas=(schema,)))
    assert all(f.rule_id and f.location is not None for f in findings)


def test_deeply_nested_view_is_reported_not_crashed() -> None:
    query = "SELECT " + "(" * 3000 + "1" + ")" * 3000 + " FROM dual"
    findings, _ = detect(Inventory(SourceInfo("oracle"), schemas=(Schema("S", views=(View("S", "V", query),)),)))
    assert "ORA-PARSE-001" in {f.rule_id for f in findings}  # and the token rules still ran (FROM DUAL)
    assert "ORA-DUAL-001" in {f.rule_id for f in findings}
