"""The T-SQL statement parser: where statements start and end without `;` (one line per rule of _starts_new), a
fuzz of the batch splitter + parser + converter (never crashes, consumes every token, the ledger reconciles), and
the proof that the converter's fast path for trivial expressions equals the query rewriter's answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.procedural.tsql_parse import Node, Parser, lex
from converters.rewrite import RewriteOptions, convert_expression
from migrate.sqltext.split_tsql import split_tsql


def kinds(text: str) -> list[str]:
    return [_shape(n) for n in Parser(lex(text)).parse_block()]


def _shape(node: Node) -> str:
    inner = [_shape(n) for n in node.body]
    other = [_shape(n) for n in node.orelse]
    return node.kind + (f"[{' '.join(inner)}]" if inner else "") + (f"/[{' '.join(other)}]" if other else "")


# (T-SQL body, statement kinds the parser finds)
CASES = [
    ("SET @a = 1 SET @b = 2", ["set", "set"]),
    ("UPDATE t SET a = 1 WHERE b = 2 SET @x = @@ROWCOUNT", ["update", "set"]),  # SET inside UPDATE, then a new SET
    ("INSERT INTO t (a) SELECT a FROM s SELECT 1", ["insert", "select"]),  # INSERT's own SELECT, then a new one
    ("INSERT INTO t VALUES (1) SELECT 1", ["insert", "select"]),
    ("SELECT a FROM t UNION ALL SELECT b FROM s", ["select"]),
    ("SELECT a FROM t WITH (NOLOCK) WHERE a = 1", ["select"]),
    ("SELECT TOP 5 WITH TIES a FROM t ORDER BY a", ["select"]),
    ("WITH c AS (SELECT 1 AS a) SELECT a FROM c", ["with"]),
    ("SELECT 1 ;WITH c AS (SELECT 1 AS a) DELETE FROM c", ["select", "with"]),
    (
        "MERGE t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET b = s.b WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a);",
        ["merge"],
    ),
    ("SELECT a FROM t ORDER BY a OFFSET 5 ROWS FETCH NEXT 5 ROWS ONLY", ["select"]),
    ("DECLARE c CURSOR FOR SELECT a FROM t FOR UPDATE OPEN c", ["declare", "open"]),
    ("DROP TABLE IF EXISTS #t CREATE TABLE #t (a int)", ["drop", "create"]),
    ("SET @a = CASE WHEN @b = 1 THEN 2 ELSE 3 END SET @c = 1", ["set", "set"]),
    ("IF @a = 1 SET @b = 1 ELSE SET @b = 2", ["if[set]/[set]"]),
    ("IF @a = 1 BEGIN SET @b = 1; RETURN END ELSE IF @a = 2 PRINT 'x'", ["if[block[set return]]/[if[print]]"]),
    ("WHILE @i < 3 BEGIN SET @i += 1 IF @i = 2 BREAK END", ["while[block[set if[break]]]"]),
    ("BEGIN TRY SELECT 1 END TRY BEGIN CATCH THROW; END CATCH", ["try[select]/[throw]"]),
    ("BEGIN TRAN UPDATE t SET a = 1 COMMIT TRAN", ["tran", "update", "commit"]),
    ("RAISERROR('x', 16, 1) WITH NOWAIT RETURN", ["raiserror", "return"]),
    ("EXEC dbo.p @a = 1, @b = @c OUTPUT SELECT 1", ["exec", "select"]),
    ("INSERT INTO #t EXEC dbo.p", ["insert"]),
    ("lbl: GOTO lbl", ["label", "goto"]),
    ("IF NOT UPDATE(a) OR UPDATE(b) UPDATE t SET a = 1", ["if[update]"]),  # UPDATE(col) in a trigger condition
    ("BEGIN SET @a = 1", ["block[set]"]),  # no END: a problem, not a crash
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_statements_are_found(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


WORDS = ["BEGIN", "END", "IF", "ELSE", "WHILE", "SELECT", "SET", "@a", "=", "1", "(", ")", ";", "TRY", "CATCH",
         "INSERT", "INTO", "t", "UPDATE", "DELETE", "FROM", "CASE", "WHEN", "THEN", "GO", "\n", "'x'", "N'y'", "[b]",
         "--c\n", "/*", "*/", "EXEC", "DECLARE", "CURSOR", "FOR", "FETCH", "NEXT", "RETURN", "THROW", ",", "#t"]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), max_size=60))
@settings(max_examples=300, deadline=None)
def test_parser_never_crashes_and_reads_every_token(words: list[str]) -> None:
    lexed = lex(" ".join(words))
    parser = Parser(lexed)
    nodes = parser.parse_block()
    while not parser.done:  # a stray END at top level stops a block: the caller goes on, as the converter does
        parser.pos += 1
        nodes += parser.parse_block()
    assert parser.pos >= len(lexed.tokens)


@given(st.lists(st.sampled_from(WORDS), max_size=40))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_units_convert_and_the_ledger_reconciles(tmp_path: Path, words: list[str]) -> None:
    script = tmp_path / "fuzz.sql"
    body = " ".join(words)
    script.write_text(f"CREATE PROCEDURE dbo.p @a int AS\n{body}\nGO\nCREATE FUNCTION dbo.f () RETURNS int AS "
                      f"BEGIN {body} END\nGO\n", encoding="utf-8")  # fmt: skip
    statements = list(split_tsql(script.read_text(encoding="utf-8"), str(script)))
    assert statements
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    assert result.ledger.reconciles


# the fast path (tsql_scope._TRIVIAL and the unit's variables) against the rewriter itself
TRIVIAL = ["0", "1", "42", "123456789012345678", "'abc'", "'a b, c: (d)!'", "''", "v_total", "p_id"]


@pytest.mark.parametrize("text", TRIVIAL)
def test_trivial_expressions_are_what_the_rewriter_returns(text: str) -> None:
    assert convert_expression(text, "sqlserver", RewriteOptions(procedural=True)).sql == text
