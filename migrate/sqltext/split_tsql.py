"""Cut a T-SQL script (SSMS "Generate Scripts", sqlcmd, sqlpackage output) into statements.

`GO` alone on a line (optionally `GO n`) ends a batch; it is a client command, never sent to the
server (SQL Server docs, "SQL Server Utilities Statements - GO"). A module (CREATE/ALTER PROCEDURE,
FUNCTION, TRIGGER, VIEW) must be alone in its batch and runs to the batch end. Other batches are
cut at top-level `;` and at lines that begin a new DDL statement, since T-SQL does not require `;`.
Batches that start with control flow (BEGIN, IF, DECLARE, EXEC...) stay whole: they are scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from migrate.sqltext.lexer import TSQL, State, scan_line, skip_comments
from migrate.sqltext.statement import Statement

_GO = re.compile(r"^\s*GO(?:\s+(?P<count>\d+))?\s*(?:--.*)?$", re.IGNORECASE)
_SQLCMD = re.compile(r"^\s*:(?:setvar|r|on\s+error|connect|out|error|exit|quit)\b", re.IGNORECASE)
_MODULE_HEAD = re.compile(
    r"^(?:CREATE\s+(?:OR\s+ALTER\s+)?|ALTER\s+)(?:PROC|PROCEDURE|FUNCTION|TRIGGER|VIEW)\b", re.IGNORECASE
)
# Batches of plain DDL: each of these words at the start of a line starts a new statement.
_SPLITTABLE_HEAD = re.compile(
    r"^(?:CREATE|ALTER|DROP|GRANT|DENY|REVOKE|USE|SET|PRINT|INSERT|UPDATE|DELETE|MERGE"
    r"|EXEC(?:UTE)?\s+(?:sys\.)?sp_addextendedproperty)\b",
    re.IGNORECASE,
)
_LINE_STARTS = re.compile(r"^\s*(?:CREATE|ALTER|DROP|GRANT|DENY|REVOKE|USE|SET|PRINT)\s", re.IGNORECASE)
# SSMS "schema and data" exports and SSDT post-deployment scripts write one INSERT per line, without `;`, and a
# GO every so many rows or none at all: a data verb at the start of a line starts a new statement too, unless
# the statement being read may hold one (MERGE ... WHEN MATCHED THEN UPDATE, WITH ..., GRANT SELECT,\n INSERT)
# or holds control flow (IF NOT EXISTS (...)\n INSERT ...), which keeps its lines together.
_DATA_STARTS = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_HOLDS_DATA_VERBS = re.compile(r"^\s*(?:MERGE|WITH|GRANT|DENY|REVOKE)\b", re.IGNORECASE)  # as its first line
_CONTROL_FLOW = re.compile(r"^\s*(?:IF|ELSE|WHILE|BEGIN|END|DECLARE)\b", re.IGNORECASE)


def is_module(text: str) -> bool:
    """A CREATE/ALTER PROCEDURE, FUNCTION, TRIGGER or VIEW: it runs to the end of its batch."""
    return bool(_MODULE_HEAD.match(skip_comments(text, TSQL)))


def split_tsql(text: str, file: str) -> Iterator[Statement]:
    lines = text.split("\n")
    state: State = None
    batch: list[tuple[int, str]] = []
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        number = index + 1
        if state is None and _GO.match(line):
            yield from _batch_statements(batch, file)
            batch = []
            yield Statement(line.strip(), file, number, number, "client")
            continue
        if state is None and not batch and _SQLCMD.match(line):
            yield Statement(line.strip(), file, number, number, "client")
            continue
        batch.append((number, line))
        state = _line_state(line, state)
    if batch:
        problem = "the file ends inside an unterminated string or comment" if state is not None else ""
        for statement in _batch_statements(batch, file):
            yield Statement(statement.text, file, statement.line, statement.end_line, statement.kind, problem)


def _line_state(line: str, state: State) -> State:
    return scan_line(line, 0, state, TSQL, stop_at_semicolon=False).state


def _batch_statements(batch: list[tuple[int, str]], file: str) -> Iterator[Statement]:
    code = _from_first_code(batch)
    if not code:
        return
    head = code[0][1]
    if _MODULE_HEAD.match(head) or not _SPLITTABLE_HEAD.match(head):
        yield _statement(code, file, "block" if _MODULE_HEAD.match(head) else "sql")
        return
    yield from _split_ddl(code, file)


def _from_first_code(batch: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The batch from its first character of code (leading blanks and comments dropped)."""
    state: State = None
    for at, (number, line) in enumerate(batch):
        scan = scan_line(line, 0, state, TSQL, stop_at_semicolon=False)
        if scan.first_code is not None:
            return [(number, line[scan.first_code :]), *batch[at + 1 :]]
        state = scan.state
    return []


def _split_ddl(code: list[tuple[int, str]], file: str) -> Iterator[Statement]:
    """Cut a batch of DDL at top-level `;` and at lines starting a new statement."""
    state: State = None
    current: list[tuple[int, str]] = []
    plain = True  # the current statement has no line of control flow and cannot hold a data verb
    for number, line in code:
        if state is None and current and (_LINE_STARTS.match(line) or (plain and _DATA_STARTS.match(line))):
            yield _statement(current, file, "sql")
            current = []
        if state is None:
            if not current:
                plain = not _HOLDS_DATA_VERBS.match(line)
            if _CONTROL_FLOW.match(line):
                plain = False
        pos = 0
        while True:
            scan = scan_line(line, pos, state, TSQL, stop_at_semicolon=True)
            state = scan.state
            if scan.semicolon is None:
                if line[pos:].strip() or current:
                    current.append((number, line[pos:]))
                break
            current.append((number, line[pos : scan.semicolon + 1]))
            yield _statement(current, file, "sql")
            current, pos = [], scan.semicolon + 1
    if current and skip_comments("\n".join(line for _, line in current), TSQL).strip():
        yield _statement(current, file, "sql")


def _statement(lines: list[tuple[int, str]], file: str, kind: str) -> Statement:
    last = len(lines)
    while last and not lines[last - 1][1].strip():
        last -= 1
    lines = lines[:last]  # one copy, however many blank lines end the batch
    first = next((i for i, (_, line) in enumerate(lines) if skip_comments(line, TSQL).strip()), 0)
    lines = lines[first:]
    text = skip_comments("\n".join(line for _, line in lines), TSQL).rstrip()
    start = lines[0][0] if lines else 0
    end = lines[-1][0] if lines else 0
    return Statement(text, file, start, end, kind)
