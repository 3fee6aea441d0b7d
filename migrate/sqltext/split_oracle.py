"""Cut an Oracle script (SQL*Plus, SQL Developer, DBMS_METADATA) into statements.

SQL*Plus rules kept here (SQL*Plus User's Guide, "Running SQL Commands / PL/SQL Blocks"):
* a SQL statement ends at a `;` outside strings and comments, or at a `/` alone on a line;
* a PL/SQL unit (CREATE PROCEDURE/FUNCTION/PACKAGE/TYPE/TRIGGER, DECLARE, BEGIN) holds `;` inside
  and ends only at a `/` alone on a line;
* SQL*Plus commands (PROMPT, SET, REM, SPOOL, @file...) take one line, continued by a trailing `-`.
A new top-level CREATE while a statement is still open means its terminator is missing: the open
statement is cut there and flagged, so one missing `/` does not swallow the rest of the file. So does a line
starting an anonymous block (BEGIN, DECLARE) right after a unit's closing `END name;` (a worksheet's test call
after the unit it tests): nothing may follow that END in the unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from migrate.sqltext.lexer import ORACLE, State, scan_line, skip_comments, tokenize
from migrate.sqltext.statement import Statement

# SQL*Plus commands, by first word. Each is client-side: it never reaches the database.
SQLPLUS_COMMANDS = frozenset(
    {
        "PROMPT", "REM", "REMARK", "SET", "SPOOL", "WHENEVER", "DEFINE", "UNDEFINE", "DEF", "EXIT", "QUIT",
        "CONNECT", "CONN", "DISCONNECT", "SHOW", "SHO", "COLUMN", "COL", "TTITLE", "BTITLE", "BREAK",
        "COMPUTE", "CLEAR", "PAUSE", "ACCEPT", "VARIABLE", "VAR", "PRINT", "HOST", "START", "DESC",
        "DESCRIBE", "TIMING", "REPHEADER", "REPFOOTER", "STORE", "EXEC", "EXECUTE", "PASSWORD",
    }
)  # fmt: skip
# Their shortest forms (SQL*Plus User's Guide, "SQL*Plus Command Reference": PRO[MPT], DEF[INE] ...): a first
# word that is a prefix of the command at least this long is the command.
SQLPLUS_ABBREVIATIONS = {
    "PROMPT": 3, "REMARK": 3, "SPOOL": 3, "DEFINE": 3, "UNDEFINE": 5, "SHOW": 3, "COLUMN": 3, "TTITLE": 3,
    "BTITLE": 3, "BREAK": 3, "COMPUTE": 4, "CLEAR": 2, "PAUSE": 3, "ACCEPT": 3, "VARIABLE": 3, "PRINT": 3,
    "HOST": 2, "START": 3, "DESCRIBE": 4, "TIMING": 4, "REPHEADER": 4, "REPFOOTER": 4, "EXECUTE": 4,
    "PASSWORD": 5, "CONNECT": 4, "DISCONNECT": 4,
}  # fmt: skip
# SET starts SQL too: these SET statements go to the database.
SQL_SET_WORDS = frozenset({"TRANSACTION", "ROLE", "CONSTRAINT", "CONSTRAINTS"})

# PL/SQL units: `;` does not end them (SQL*Plus enters PL/SQL mode on these heads).
_BLOCK_HEAD = re.compile(
    r"^(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NON)?EDITIONABLE\s+|EDITIONING\s+)?"
    r"(?:PROCEDURE|FUNCTION|PACKAGE|TYPE|TRIGGER|LIBRARY|JAVA|AND\s+(?:RESOLVE|COMPILE)\s+JAVA)"
    r"|DECLARE|BEGIN|<<)\b",
    re.IGNORECASE,
)
_NEW_STATEMENT = re.compile(r"^\s*CREATE\s", re.IGNORECASE)
_PRIVILEGES = re.compile(r"^\s*(?:GRANT|REVOKE|AUDIT|NOAUDIT)\b", re.IGNORECASE)
_ENDS = re.compile(r"\bEND\b[^;]*;\s*(?:--.*)?$", re.IGNORECASE)  # a line ending `END [name];`
_NEW_BLOCK = re.compile(r"^\s*(?:BEGIN|DECLARE)\b", re.IGNORECASE)
_UNIT_NAME = re.compile(
    r"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NON)?EDITIONABLE\s+)?(?:PROCEDURE|FUNCTION|PACKAGE\s+BODY|PACKAGE|TRIGGER)"
    r"\s+(?:\"?[\w$#]+\"?\s*\.\s*)?\"?([\w$#]+)\"?",
    re.IGNORECASE,
)


def is_sqlplus_command(stripped: str) -> bool:
    if stripped.startswith("@"):
        return True
    words = stripped.split(None, 2)
    first = words[0].upper().rstrip(";") if words else ""
    if first == "SET" and len(words) > 1 and words[1].upper() in SQL_SET_WORDS:
        return False
    if first in SQLPLUS_COMMANDS:
        return True
    return any(first == c[: len(first)] and len(first) >= n for c, n in SQLPLUS_ABBREVIATIONS.items())


class _Open:
    """The statement being collected."""

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.parts = [text]
        self.block: bool | None = None

    def grants(self) -> bool:
        """A GRANT / REVOKE / AUDIT whose privilege list goes on over lines: `CREATE TABLE,` there is a privilege."""
        return bool(_PRIVILEGES.match(skip_comments(self.parts[0], ORACLE)))

    def is_block(self) -> bool:
        if self.block is None:
            self.block = bool(_BLOCK_HEAD.match(skip_comments("\n".join(self.parts), ORACLE)))
        return self.block


def split_oracle(text: str, file: str) -> Iterator[Statement]:
    lines = text.split("\n")
    state: State = None
    current: _Open | None = None
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        number = index + 1
        index += 1
        stripped = line.strip()
        if state is None and current is None and stripped:
            if stripped == "/":
                yield Statement("/", file, number, number, "client")
                continue
            if is_sqlplus_command(stripped):
                command, index = _command_lines(lines, index - 1)
                yield Statement(command, file, number, index, "client")
                continue
        if state is None and current is not None and stripped == "/":
            yield _finish(current, file, number - 1, "block" if current.is_block() else "sql")
            current = None
            continue
        if state is None and current is not None and _NEW_STATEMENT.match(line) and not current.grants():
            yield _cut_at_create(current, file, number - 1)
            current = None
        elif state is None and current is not None and _NEW_BLOCK.match(line) and _unit_ended(current):
            yield _finish(current, file, number - 1, "block")
            current = None
        pos = 0
        while True:
            if current is None:
                scan = scan_line(line, pos, state, ORACLE, stop_at_semicolon=True)
                if scan.first_code is None:
                    state = scan.state
                    break
                current = _Open(number, line[scan.first_code :])
                start, state = scan.first_code, None  # code starts at top level
            else:  # a statement from earlier lines goes on (one cut on this line starts a new one above)
                start = pos
                current.parts.append(line[pos:] if pos else line)  # not "is not line": "" and ")" are shared objects
            scan = scan_line(line, start, state, ORACLE, stop_at_semicolon=not bool(current.block))
            state = scan.state
            if scan.semicolon is None or current.is_block():
                if scan.semicolon is not None:  # became a block at this `;`: keep scanning the line
                    state = scan_line(line, scan.semicolon + 1, None, ORACLE, stop_at_semicolon=False).state
                break
            _cut_last(current, line, pos, scan.semicolon)
            yield _finish(current, file, number, "sql")
            current, pos = None, scan.semicolon + 1
            if not line[pos:].strip():
                break
    if current is not None:
        yield _finish_at_end(current, file, len(lines), state)


_MISSING_END = "not ended by ';' or '/', and incomplete: cut where the next CREATE starts"


def _cut_at_create(current: _Open, file: str, end_line: int) -> Statement:
    """A statement still open when a new CREATE starts. DBMS_METADATA without SQLTERMINATOR writes
    objects this way, so a complete one is not a problem; a PL/SQL unit with no END is."""
    kind = "block" if current.is_block() else "sql"
    text = "\n".join(current.parts).rstrip()
    problem = _MISSING_END if kind == "block" and not _looks_complete(text) else ""
    return _finish(current, file, end_line, kind, problem)


def _unit_ended(current: _Open) -> bool:
    """The open statement is a CREATE PROCEDURE / FUNCTION / PACKAGE [BODY] / TRIGGER whose text ends with
    `END name;`, name the unit's own: its end (a package body's initialisation section starts with BEGIN, but
    after its routines' `END routine;`, not after the package's own END)."""
    last = next((part for part in reversed(current.parts) if part.strip()), "")
    if not current.is_block() or not _ENDS.search(last):  # cheap first: most BEGIN lines follow no END
        return False
    head = _UNIT_NAME.match(skip_comments("\n".join(current.parts[:8]), ORACLE))
    tail = skip_comments("\n".join(current.parts[-4:]), ORACLE)
    words = [t.upper or t.text for t in tokenize(tail[-400:], ORACLE)]
    return head is not None and words[-3:] == ["END", head.group(1).upper(), ";"]


def _cut_last(current: _Open, line: str, pos: int, semicolon: int) -> None:
    """Keep the last part only up to (and including) the `;` that ends the statement."""
    last = current.parts[-1]
    if last is line or (pos == 0 and last == line):
        current.parts[-1] = line[: semicolon + 1]
    else:
        current.parts[-1] = last[: len(last) - (len(line) - semicolon - 1)]


def _command_lines(lines: list[str], index: int) -> tuple[str, int]:
    """A SQL*Plus command and its `-` continuation lines; returns the text and the next index."""
    taken = [lines[index].rstrip("\r")]
    index += 1
    while taken[-1].rstrip().endswith(" -") and index < len(lines):
        taken.append(lines[index].rstrip("\r"))
        index += 1
    return "\n".join(taken).strip(), index


def _finish(current: _Open, file: str, end_line: int, kind: str, problem: str = "") -> Statement:
    text = "\n".join(current.parts).rstrip()
    return Statement(text, file, current.line, max(end_line, current.line), kind, problem)


def _finish_at_end(current: _Open, file: str, last_line: int, state: State) -> Statement:
    text = "\n".join(current.parts).rstrip()
    end = current.line + text.count("\n")
    kind = "block" if current.is_block() else "sql"
    if state is not None:
        problem = f"the file ends inside an unterminated {_STATE_NAMES.get(state[0], 'quote')}"
    elif kind == "block" and not _looks_complete(text):
        problem = "the file ends inside a PL/SQL block (no closing END; and no '/')"
    else:
        problem = ""  # DBMS_METADATA without SQLTERMINATOR writes the last statement bare
    return Statement(text, file, current.line, end, kind, problem)


def _looks_complete(text: str) -> bool:
    """A block cut by the end of the file is whole if it ends as PL/SQL units end: `END [name];`,
    or it is a type spec / forward declaration (`...);`, `TABLE OF x;`), which has no END."""
    words = [t.upper or t.text for t in tokenize(text[-400:], ORACLE)]
    if words[-1:] != [";"]:
        return False
    spec = re.match(r"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NON)?EDITIONABLE\s+)?TYPE\s+(?!BODY)", text, re.IGNORECASE)
    return bool(spec) or "END" in words[-3:-1]


_STATE_NAMES = {"str": "string", "q": "q-quoted string", "ident": "quoted identifier", "block": "/* comment"}


# SQL*Plus substitution: &name or &&name, ended by a non-name character or a '.' that is consumed.
# SQL*Plus replaces these textually before it parses anything, inside strings too (SQL*Plus User's
# Guide, "Using Substitution Variables"); that is why scripts use SET DEFINE OFF around text with &.
_SUBSTITUTION = re.compile(r"&&?([A-Za-z0-9_$#]+)\.?")


def substitute(text: str, defines: dict[str, str]) -> tuple[str, set[str]]:
    """`text` with known &variables replaced, and the names that have no value."""
    missing: set[str] = set()

    def value(match: re.Match[str]) -> str:
        name = match.group(1).upper()
        if name in defines:
            return defines[name]
        missing.add(name)
        return match.group(0)

    return _SUBSTITUTION.sub(value, text), missing
