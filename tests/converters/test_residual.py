"""Residual scan: source syntax left in converted PostgreSQL text is a finding; strings, comments, quoted names
and PostgreSQL's own spellings are not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converters.residual import residual_findings
from converters.rewrite import convert_query
from converters.rewrites import PIPELINES
from converters.rewrites.common import Context, RewriteOptions
from converters.rewrites.rules import RULES
from migrate.model import Location, Severity

# (converted text as it might come out, source, what the finding names — or None for no finding)
LEFTOVERS = [
    ("SELECT a FROM t WHERE ROWNUM < 3", "oracle", "ROWNUM"),
    ("SELECT a.rowid FROM t a", "oracle", "ROWID"),  # qualified: still the pseudo-column (no column has the name)
    ("SELECT NVL(a, 0) FROM t", "oracle", "NVL"),
    ("SELECT 1 FROM dual", "oracle", "DUAL"),
    ("SELECT SYSDATE", "oracle", "SYSDATE"),
    ("SELECT a FROM t START WITH a IS NULL CONNECT BY PRIOR a = b", "oracle", "CONNECT BY"),
    ("SELECT a FROM t, u WHERE t.id = u.id(+)", "oracle", "(+)"),
    ("SELECT seq.nextval", "oracle", "NEXTVAL"),
    ("SELECT DECODE(a, 1, 2) FROM t", "oracle", "DECODE"),
    ("SELECT TOP 5 a FROM t", "sqlserver", "TOP"),
    ("SELECT GETDATE()", "sqlserver", "GETDATE"),
    ("SELECT ISNULL(a, 0) FROM t", "sqlserver", "ISNULL"),
    ("SELECT a FROM t WHERE b = @v", "sqlserver", "@v"),
    ("SELECT [name] FROM t", "sqlserver", "[name]"),
    ("SELECT DATEDIFF(day, a, b) FROM t", "sqlserver", "DATEDIFF"),
    # not leftovers
    ("SELECT 'ROWNUM and NVL(x) FROM dual' FROM t", "oracle", None),  # inside a string
    ("SELECT a -- NVL is gone\nFROM t /* SYSDATE */", "oracle", None),  # inside comments
    ('SELECT "rownum", t.top FROM t', "oracle", None),  # quoted name, column named top
    ("SELECT nextval('seq'), arr[1], ARRAY[1, 2] FROM t", "oracle", None),  # PostgreSQL spellings
    ("SELECT arr[1] FROM t", "sqlserver", None),  # an array subscript, not a [bracketed] name
    ("SELECT NVL(a, 0) FROM t", "sqlserver", None),  # NVL means nothing special coming from SQL Server
]


@pytest.mark.parametrize(("sql", "source", "what"), LEFTOVERS)
def test_residual_scan(sql: str, source: str, what: str | None) -> None:
    ctx = Context(options=RewriteOptions(), source=source)
    found = residual_findings(sql, source, ctx)
    if what is None:
        assert found == []
    else:
        assert any(what in f.message for f in found)
        assert {f.rule_id for f in found} == {"CONV-RESIDUAL-001"}


def test_orafce_functions_are_not_leftovers_when_orafce_is_used() -> None:
    ctx = Context(options=RewriteOptions(use_orafce=True), source="oracle")
    assert residual_findings("SELECT nvl(a, 0), add_months(d, 1) FROM t", "oracle", ctx) == []


def test_residual_finding_points_at_the_line_of_the_output() -> None:
    ctx = Context(options=RewriteOptions(location=Location("v.sql", 100)), source="oracle")
    (finding,) = residual_findings("SELECT a\nFROM t\nWHERE ROWNUM < 3", "oracle", ctx)
    assert (str(finding.location), finding.severity) == ("v.sql:102", Severity.HIGH)


def test_unsupported_constructs_are_never_silent() -> None:
    """Whatever the rewrites cannot handle comes back as at least one high finding, never as silent output."""
    for sql in (
        "SELECT CONNECT_BY_ISCYCLE FROM t START WITH a IS NULL CONNECT BY NOCYCLE PRIOR a = b",
        "SELECT a FROM t WHERE ROWNUM BETWEEN 2 AND 5",
        "SELECT a FROM t WHERE x = 1 OR ROWNUM < 3",
    ):
        findings = convert_query(sql, "oracle").findings
        assert any(f.severity >= Severity.HIGH for f in findings), sql


UNRENDERED = [
    ("SELECT NANVL(a, 0) FROM t", "oracle", "Nanvl"),  # sqlglot knows it, PostgreSQL has no nanvl
    ("SELECT SOUNDEX(a) FROM t", "sqlserver", "Soundex"),  # needs the fuzzystrmatch extension
]


@pytest.mark.parametrize(("sql", "source", "what"), UNRENDERED)
def test_calls_sqlglot_writes_under_a_name_postgresql_lacks(sql: str, source: str, what: str) -> None:
    findings = [f for f in convert_query(sql, source).findings if f.rule_id == "CONV-UNSUPPORTED-002"]
    assert len(findings) == 1 and what in findings[0].message


def test_raw_commands_become_findings() -> None:
    result = convert_query("ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD'", "oracle")
    assert "CONV-COMMAND-001" in {f.rule_id for f in result.findings}


def test_a_failing_rewrite_costs_one_statement_not_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(node, ctx):
        raise KeyError("boom")

    monkeypatch.setitem(PIPELINES, "oracle", ((broken,), PIPELINES["oracle"][1]))
    result = convert_query("SELECT NVL(a, 0) FROM t", "oracle")
    assert result.sql == "SELECT NVL(a, 0) FROM t"
    assert [f.rule_id for f in result.findings] == ["CONV-INTERNAL-001"]


WORDS = [
    "SELECT",
    "FROM",
    "WHERE",
    "t",
    "a",
    "b",
    "(",
    ")",
    ",",
    "+",
    "||",
    "(+)",
    "=",
    "'x'",
    "''",
    "NULL",
    "1",
    "ROWNUM",
    "DECODE",
    "NVL",
    "TOP",
    "CONNECT",
    "BY",
    "PRIOR",
    "START",
    "WITH",
    "@v",
    "[x]",
    "JOIN",
    "ON",
    "ORDER",
    "GROUP",
    "CASE",
    "WHEN",
    "THEN",
    "END",
    "DATEDIFF",
    "TO_CHAR",
    ";",
    "--",
    "/*",
    "*/",
    '"',
    "N'y'",
]


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=25), source=st.sampled_from(["oracle", "sqlserver"]))
def test_any_text_comes_back_converted_or_flagged_never_raising(words: list[str], source: str) -> None:
    """Whatever the text, no exception; every finding carries a known rule id, a severity and a location."""
    result = convert_query(" ".join(words), source)
    assert isinstance(result.sql, str)
    for finding in result.findings:
        assert finding.rule_id in RULES or finding.category == "type", finding
        assert finding.location is not None and finding.message
