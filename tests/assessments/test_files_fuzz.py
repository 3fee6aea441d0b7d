"""Property tests: whatever the script holds, the scan finishes, and every statement is accounted for."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scan import scan_files

ORACLE_PIECES = [
    ("CREATE TABLE s.t{n} (a NUMBER(10) NOT NULL, b VARCHAR2(20 CHAR) DEFAULT 'x;y', CONSTRAINT t{n}_pk PRIMARY KEY (a));", "table"),
    ("PROMPT creating t{n} -- don't stop", "client"),
    ("CREATE OR REPLACE PROCEDURE s.p{n} IS\nBEGIN\n  UPDATE s.t SET b = 'a;\n/' WHERE a = 1;\nEND;\n/", "procedure"),
    ("CREATE SEQUENCE s.q{n} START WITH 1 NOCACHE;", "sequence"),
    ("/* a comment; with / and CREATE TABLE inside */", None),
    ("CREATE OR REPLACE VIEW s.v{n} AS SELECT q'[it's]' AS x FROM dual;", "view"),
    ("GRANT SELECT ON s.t TO r{n};", "grant"),
    ("BEGIN\n  NULL;\nEND;\n/", "anonymous_block"),
    ("-- just a line comment", None),
]  # fmt: skip
SQLSERVER_PIECES = [
    ("CREATE TABLE [dbo].[t{n}]([a] [int] IDENTITY(1,1) NOT NULL, [b] [nvarchar](max) NULL)\nGO", "table"),
    ("SET ANSI_NULLS ON\nGO", "set"),
    ("CREATE PROCEDURE dbo.p{n} AS\nBEGIN\n  SELECT 'GO;' AS x;\n  SELECT 2\nEND\nGO", "procedure"),
    ("/* GO\n*/\nCREATE VIEW dbo.v{n} AS SELECT 1 AS x\nGO", "view"),
    ("CREATE SEQUENCE dbo.q{n} AS int START WITH 1\nGO", "sequence"),
]  # fmt: skip


def scan_text(text: str, dialect: str) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.sql"
        path.write_text(text, encoding="utf-8")
        return scan_files([path], dialect)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(len(ORACLE_PIECES))), min_size=1, max_size=12))
def test_oracle_scripts_of_any_order_are_fully_accounted_for(picks: list[int]) -> None:
    pieces = [ORACLE_PIECES[p] for p in picks]
    text = "\n".join(piece.format(n=n) for n, (piece, _) in enumerate(pieces))
    inv = scan_text(text, "oracle")
    kinds = [r.kind for r in inv.statements if r.kind != "client" or r.name != ""]
    expected = [kind for _, kind in pieces if kind is not None]
    assert [k for k in kinds if k not in ("client",)] == [k for k in expected if k != "client"]
    # the only findings: one per anonymous block, which is script code, not an object; comments alone are no SQL
    empty = [] if expected else ["SCAN-EMPTY-001", "SCAN-EMPTY-002"]
    assert [f.rule_id for f in inv.findings] == ["SCAN-UNSUPPORTED-001"] * expected.count("anonymous_block") + empty


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(len(SQLSERVER_PIECES))), min_size=1, max_size=10))
def test_sqlserver_scripts_of_any_order_are_fully_accounted_for(picks: list[int]) -> None:
    pieces = [SQLSERVER_PIECES[p] for p in picks]
    text = "\n".join(piece.format(n=n) for n, (piece, _) in enumerate(pieces))
    inv = scan_text(text, "sqlserver")
    assert [r.kind for r in inv.statements if r.kind != "client"] == [kind for _, kind in pieces]
    assert inv.findings == ()


SQLISH = st.text(alphabet=list("abcCREATETABLE ();,'\"/*-\n\t[]$qQ@#.=GOBEGINEND&0123456789"), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SQLISH, st.sampled_from(["oracle", "sqlserver", "postgresql"]))
def test_garbage_never_stops_the_scan(text: str, dialect: str) -> None:
    inv = scan_text(text, dialect)
    assert all(r.location is not None and r.location.line >= 1 for r in inv.statements)
    assert all(r.text for r in inv.statements if r.disposition in ("unparsed", "unsupported"))
