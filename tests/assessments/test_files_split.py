"""The statement splitters: where statements end, what kind they are, and the line they start on."""

from __future__ import annotations

import pytest

from migrate.sqltext.split_oracle import split_oracle
from migrate.sqltext.split_postgres import split_postgres
from migrate.sqltext.split_tsql import split_tsql

SPLIT = {"oracle": split_oracle, "sqlserver": split_tsql, "postgresql": split_postgres}


def cut(dialect: str, text: str) -> list[tuple[str, int, str]]:
    return [(s.kind, s.line, s.text) for s in SPLIT[dialect](text, "f.sql")]


CASES = [
    # (dialect, script, expected [(kind, line, text)])
    ("oracle", "CREATE TABLE t (a INT);", [("sql", 1, "CREATE TABLE t (a INT);")]),
    (
        "oracle",
        "SELECT 1 FROM dual; SELECT 2 FROM dual;",
        [("sql", 1, "SELECT 1 FROM dual;"), ("sql", 1, "SELECT 2 FROM dual;")],
    ),
    (
        "oracle",
        "PROMPT Don't stop\nCREATE TABLE t (a INT);",
        [("client", 1, "PROMPT Don't stop"), ("sql", 2, "CREATE TABLE t (a INT);")],
    ),
    (
        "oracle",
        "REM x\nSET DEFINE OFF\nSPOOL a.log\nWHENEVER SQLERROR EXIT\n@other.sql\n@@rel.sql\nDEFINE x = 1",
        [
            ("client", n, t)
            for n, t in enumerate(
                [
                    "REM x",
                    "SET DEFINE OFF",
                    "SPOOL a.log",
                    "WHENEVER SQLERROR EXIT",
                    "@other.sql",
                    "@@rel.sql",
                    "DEFINE x = 1",
                ],
                1,
            )
        ],
    ),
    ("oracle", "SET TRANSACTION READ ONLY;", [("sql", 1, "SET TRANSACTION READ ONLY;")]),
    (
        "oracle",
        "CREATE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/\n",
        [("block", 1, "CREATE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;")],
    ),
    (
        "oracle",
        "CREATE OR REPLACE\nPACKAGE BODY k AS\n x NUMBER;\nEND;\n/",
        [("block", 1, "CREATE OR REPLACE\nPACKAGE BODY k AS\n x NUMBER;\nEND;")],
    ),
    ("oracle", "BEGIN\n  x := 'a;/\n/';\nEND;\n/", [("block", 1, "BEGIN\n  x := 'a;/\n/';\nEND;")]),
    ("oracle", "BEGIN x := q'[it's; done]'; END;\n/", [("block", 1, "BEGIN x := q'[it's; done]'; END;")]),
    ("oracle", "/* a; b\n c; */ CREATE TABLE t (a INT); -- ;\n", [("sql", 2, "CREATE TABLE t (a INT);")]),
    ("oracle", 'CREATE TABLE "a;b" (x INT)\n/', [("sql", 1, 'CREATE TABLE "a;b" (x INT)')]),
    ("oracle", "CREATE TABLE t (a INT);\n/\n", [("sql", 1, "CREATE TABLE t (a INT);"), ("client", 2, "/")]),
    (
        "oracle",
        "EXEC dbms_stats.gather_schema_stats('HR');",
        [("client", 1, "EXEC dbms_stats.gather_schema_stats('HR');")],
    ),
    ("oracle", "CREATE TYPE t AS OBJECT (a NUMBER);\n/", [("block", 1, "CREATE TYPE t AS OBJECT (a NUMBER);")]),
    (
        "sqlserver",
        "CREATE TABLE t (a int)\nGO\nSET ANSI_NULLS ON\nGO",
        [
            ("sql", 1, "CREATE TABLE t (a int)"),
            ("client", 2, "GO"),
            ("sql", 3, "SET ANSI_NULLS ON"),
            ("client", 4, "GO"),
        ],
    ),
    (
        "sqlserver",
        "CREATE PROC p AS\nSELECT 1;\nSELECT 2;\nGO 5",
        [("block", 1, "CREATE PROC p AS\nSELECT 1;\nSELECT 2;"), ("client", 4, "GO 5")],
    ),
    ("sqlserver", "SELECT 'GO\nGO' AS x\nGO", [("sql", 1, "SELECT 'GO\nGO' AS x"), ("client", 3, "GO")]),
    (
        "sqlserver",
        "/* GO\n*/ CREATE TABLE [a]]]\n(b int)\ngo",
        [("sql", 2, "CREATE TABLE [a]]]\n(b int)"), ("client", 4, "go")],
    ),
    (
        "sqlserver",
        "CREATE TABLE a (x int)\nCREATE TABLE b (y int);\nGO",
        [("sql", 1, "CREATE TABLE a (x int)"), ("sql", 2, "CREATE TABLE b (y int);"), ("client", 3, "GO")],
    ),
    (
        "sqlserver",
        ":setvar db x\nUSE [x]\nGO",
        [("client", 1, ":setvar db x"), ("sql", 2, "USE [x]"), ("client", 3, "GO")],
    ),
    (
        "postgresql",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
        [("sql", 1, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;")],
    ),
    (
        "postgresql",
        "\\connect db\nCOPY t (a) FROM stdin;\n1;2\n\\.\nSET x = 1;",
        [
            ("client", 1, "\\connect db"),
            ("sql", 2, "COPY t (a) FROM stdin;\n-- 1 data rows on lines 3-3, ended by \\."),
            ("sql", 5, "SET x = 1;"),
        ],
    ),
]


@pytest.mark.parametrize(("dialect", "script", "expected"), CASES)
def test_split(dialect: str, script: str, expected: list[tuple[str, int, str]]) -> None:
    assert cut(dialect, script) == expected


PROBLEMS = [
    # (dialect, script, line of the flagged statement, words in the problem)
    ("oracle", "CREATE PROCEDURE p IS BEGIN NULL;\nCREATE TABLE t (a INT);", 1, "next CREATE"),
    ("oracle", "CREATE TABLE t (a VARCHAR2(10) DEFAULT 'x);\n", 1, "unterminated string"),
    ("oracle", "BEGIN\n  NULL;\n  IF x THEN", 1, "PL/SQL block"),
    ("sqlserver", "SELECT '\nGO", 1, "unterminated"),
    ("postgresql", "CREATE FUNCTION f() AS $$ x", 1, "dollar quote"),
]


@pytest.mark.parametrize(("dialect", "script", "line", "words"), PROBLEMS)
def test_split_flags_unterminated(dialect: str, script: str, line: int, words: str) -> None:
    flagged = [s for s in SPLIT[dialect](script, "f.sql") if s.problem]
    assert [s.line for s in flagged] == [line] and words in flagged[0].problem


def test_split_keeps_every_line_of_code_once() -> None:
    script = "CREATE TABLE a (x INT);\nPROMPT p\nCREATE PROCEDURE p IS BEGIN NULL; END;\n/\nGRANT SELECT ON a TO b;"
    texts = [s.text for s in split_oracle(script, "f.sql")]
    assert texts == [
        "CREATE TABLE a (x INT);",
        "PROMPT p",
        "CREATE PROCEDURE p IS BEGIN NULL; END;",
        "GRANT SELECT ON a TO b;",
    ]


def test_dbms_metadata_without_terminators_splits_cleanly() -> None:
    script = 'CREATE TABLE "A"."T" ("X" NUMBER)\n\nCREATE OR REPLACE PACKAGE "A"."K" AS\n  x NUMBER;\nEND k;\nCREATE INDEX "A"."I" ON "A"."T" ("X")'
    cut = list(split_oracle(script, "f.sql"))
    assert [(s.kind, s.line, s.problem) for s in cut] == [("sql", 1, ""), ("block", 3, ""), ("sql", 6, "")]


def test_a_block_after_a_units_own_end_starts_a_new_statement() -> None:
    """A worksheet that runs a test block right after a package body without a `/` between them: the block starts
    where the body's own `END name;` ended it. A BEGIN after a routine's END inside the body is the package's
    initialisation section, and stays in the body."""
    script = (
        "CREATE OR REPLACE PACKAGE BODY app.p AS\n"
        "  PROCEDURE p IS BEGIN NULL; END p;\n"
        "  PROCEDURE x IS BEGIN NULL; END x;\n"
        "BEGIN\n"
        "  x;\n"
        "END p;\n"
        "begin\n"
        "  p.x;\n"
        "end;\n"
    )
    got = [(s.kind, s.line, s.text.split("\n")[-1]) for s in split_oracle(script, "f.sql")]
    assert got == [("block", 1, "END p;"), ("block", 7, "end;")]
    assert not any(s.problem for s in split_oracle(script, "f.sql"))


def test_sqlplus_command_abbreviations_are_client_commands() -> None:
    """SQL*Plus takes its commands by their shortest forms (PRO[MPT], PAU[SE], DEF[INE], ...): a script that writes
    `pro` must not have its next statements swallowed into one; COMMENT and CLOSE-like words stay SQL."""
    script = "pro\npro Installing\npau\ndef schema = scott\ncreate table t (a number);\ncomment on table t is 'x';\n"
    got = [(s.kind, s.text) for s in split_oracle(script, "f.sql")]
    assert got == [
        ("client", "pro"),
        ("client", "pro Installing"),
        ("client", "pau"),
        ("client", "def schema = scott"),
        ("sql", "create table t (a number);"),
        ("sql", "comment on table t is 'x';"),
    ]


def test_a_privilege_list_over_lines_is_one_grant() -> None:
    """`GRANT\\n  create table,\\n  create trigger\\nTO app;`: the CREATE lines are privileges, not new statements."""
    script = "grant\n  create table,\n  create trigger\nto app;\ncreate table t (a number);\n"
    got = [(s.kind, s.line, s.problem) for s in split_oracle(script, "f.sql")]
    assert got == [("sql", 1, ""), ("sql", 5, "")]
