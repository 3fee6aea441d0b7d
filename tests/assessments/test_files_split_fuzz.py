"""Property tests of the three splitters: whatever the text (nesting, long tokens, control characters, random bytes),
they finish, and the statements they cut are the input's own text, in order, with nothing but blanks, comments and
terminators left between them: no text is lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.sqltext.lexer import QUOTING, State, scan_line, tokenize
from migrate.sqltext.split_oracle import split_oracle
from migrate.sqltext.split_postgres import split_postgres
from migrate.sqltext.split_tsql import split_tsql
from migrate.sqltext.statement import Statement

SPLIT = {"oracle": split_oracle, "sqlserver": split_tsql, "postgresql": split_postgres}
COPY_NOTE = " data rows on lines "


def _copy_rows(statement: Statement) -> tuple[str, bool]:
    """A COPY ... FROM stdin statement carries a note about its data rows instead of the rows."""
    head, sep, note = statement.text.rpartition("\n-- ")
    return (head, True) if sep and COPY_NOTE in note and note.endswith("ended by \\.") else (statement.text, False)


def _code_starts(text: str, dialect: str) -> set[int]:
    """Where the lexer sees code begin (token starts): a comment's own characters are never among them."""
    return {token.start for token in tokenize(text, QUOTING[dialect])}


def assert_covers(text: str, dialect: str) -> list[Statement]:
    statements = list(SPLIT[dialect](text, "f.sql"))
    lines = [line.rstrip("\r") for line in text.split("\n")]  # the splitters read lines without their \r
    plain = "\n".join(lines)
    # what a splitter may leave between statements besides blanks and comments: the SQL*Plus `/` line ending a block
    slash = {"oracle": lambda line: line.strip() == "/"}.get(dialect, lambda line: False)
    gaps = "\n".join(" " * len(line) if slash(line) else line for line in lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    pos = 0
    code = _code_starts(plain, dialect)
    for statement in statements:
        body, copy = _copy_rows(statement)
        at = plain.find(body, max(pos, starts[statement.line - 1]))
        while at >= 0 and not _only_blanks_and_comments(gaps[pos:at], dialect, closed=True):
            at = plain.find(body, at + 1)  # the same text inside a comment before it: not this one
        # `/**/ /`: a match that starts inside a comment is not the statement; prefer one where code starts
        later = at
        while later >= 0 and not (later in code and _only_blanks_and_comments(gaps[pos:later], dialect, closed=True)):
            later = plain.find(body, later + 1)
        at = later if later >= 0 else at
        assert at >= 0, (
            f"statement at line {statement.line} is not the input's text after the one before it, or "
            f"text was lost before it: {body[:80]!r}"
        )
        pos = at + len(body)
        if copy:  # its rows run from the next line to the line `\.` (or the end), which end_line names: blank them
            assert statement.end_line > len(lines) or lines[statement.end_line - 1] == "\\."
            rows = range(statement.line + body.count("\n"), min(statement.end_line, len(lines)))
            assert "\\." not in [lines[i] for i in rows][:-1]
            plain, gaps = (_blank(x, starts, rows) for x in (plain, gaps))
        assert 1 <= statement.line <= max(statement.end_line, 1) <= len(lines) + 1
    assert _only_blanks_and_comments(gaps[pos:], dialect, closed=False), f"text lost at the end: {plain[pos:][:120]!r}"
    return statements


def _blank(text: str, starts: list[int], rows: range) -> str:
    if not rows:
        return text
    begin, end = starts[rows.start], starts[rows.stop] - 1
    return text[:begin] + " " * (end - begin) + text[end:]


def _only_blanks_and_comments(gap: str, dialect: str, closed: bool) -> bool:
    """No code in `gap` as the splitters' lexer reads it; a comment in it must end in it unless the file does."""
    state: State = None
    for line in gap.split("\n"):
        scan = scan_line(line, 0, state, QUOTING[dialect], stop_at_semicolon=False)
        if scan.first_code is not None:
            return False
        state = scan.state
    return state is None or not closed


DIALECTS = st.sampled_from(sorted(SPLIT))
SQL_CHARS = [*"abcqQNE$_ ();,'\"/*-\n\r\t[]@#.=&\\:0123456789", "GO", "BEGIN", "END", "CREATE ", "\\.", "$$"]
PIECES = [
    "CREATE TABLE t (a INT);",
    "CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/",
    "BEGIN\n  IF x THEN y; END IF;\nEND;\n/",
    "INSERT INTO t VALUES (1, 'a;b', 0x0A0B);",
    "INSERT [dbo].[t] ([a]) VALUES (N'x')",
    "GO",
    "GO 5",
    "/* a /* nested */ comment */",
    "-- a line comment ; GO",
    "q'[it's ; here]'",
    "$tag$ body; $$ $tag$;",
    "COPY t (a) FROM stdin;\n1\n2\n\\.",
    "\\connect db",
    "PROMPT Don't",
    "SET DEFINE OFF",
    "/",
    "CREATE VIEW v AS SELECT 1 AS x",
    "IF NOT EXISTS (SELECT 1 FROM t)\nINSERT INTO t VALUES (1)",
]


def _nested(depth: int) -> str:
    return "SELECT " + "(" * depth + "1" + ")" * depth + " FROM dual;\n" + "/* " * depth + "x" + " */" * depth


@st.composite
def scripts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PIECES),
                st.lists(st.sampled_from(SQL_CHARS), max_size=60).map("".join),
                st.text(max_size=40),  # any unicode, control characters included
                st.binary(max_size=40).map(lambda b: b.decode("latin-1")),  # random bytes, read as a fallback would
                st.integers(1, 300).map(_nested),  # deep nesting of parentheses and comments
                st.integers(1, 20_000).map(lambda n: "SELECT '" + "x" * n + "' FROM t;"),  # long tokens
                st.integers(1, 20_000).map(lambda n: '"' + "y" * n),  # an unclosed long identifier
            ),
            max_size=12,
        )
    )
    separator = draw(st.sampled_from(["\n", "\r\n", " ", ""]))
    return separator.join(parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scripts(), DIALECTS)
def test_splitters_lose_no_text(text: str, dialect: str) -> None:
    assert_covers(text, dialect)


@settings(max_examples=150, deadline=None)
@given(st.text(), DIALECTS)
def test_splitters_take_any_text(text: str, dialect: str) -> None:
    assert_covers(text, dialect)
