"""The read-only guard: every statement sent on a read-only (source) connection is lexed first, and only a single
SELECT-class statement, or one of the engine's own session statements listed with a reason, goes to the server.

Why a guard on top of the server's own read-only modes: Oracle's SET TRANSACTION READ ONLY lasts one transaction
(a rollback or commit ends it), SQL Server has no read-only session at all (pyodbc's `readonly` and
ApplicationIntent=ReadOnly route or hint, they block nothing on a primary), and PostgreSQL's
default_transaction_read_only can be switched off by any statement (SET, set_config()). The guard is the one rule
that holds on every engine.

The statement is read with the SQL text layer's lexer for the engine (strings, quoted names, q-quotes, dollar quotes,
comments), so a keyword inside a literal or a comment is not code and a keyword hidden behind a comment is still
found. Where the lexer and the server could read a text differently (PostgreSQL nests block comments, the lexer does
not; an E'' string runs further on the server), the lexer sees *more* code than the server runs, never less: the
guard can only refuse too much. Refused: more than one statement (a `;` before the end, or, in T-SQL, any second
statement word), any statement that does not start with SELECT or WITH, and any word of `REFUSED_WORDS` anywhere
(INSERT in a CTE, SELECT INTO, FOR UPDATE, EXEC...). A SELECT that calls a routine which writes (an Oracle function
with an autonomous transaction) is beyond a lexer: the server's read-only transaction is the second line there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from migrate.errors import QueryError
from migrate.sqltext.lexer import QUOTING, Token, tokenize

# Words that make a statement more than a read, anywhere in it, with why.
_REFUSED: tuple[tuple[str, str], ...] = (
    ("INSERT UPDATE DELETE MERGE UPSERT TRUNCATE", "changes rows (also FOR UPDATE, a data-modifying CTE)"),
    ("INTO", "SELECT INTO creates a table (T-SQL, PostgreSQL)"),
    ("CREATE ALTER DROP RENAME GRANT REVOKE DENY AUDIT NOAUDIT PURGE FLASHBACK ASSOCIATE DISASSOCIATE",
     "DDL or a privilege change"),
    ("EXEC EXECUTE CALL DO BEGIN DECLARE PREPARE", "runs code the guard cannot see"),
    ("COMMIT ROLLBACK SAVEPOINT LOCK SET RESET USE SETUSER REVERT",
     "transaction or session control outside the listed session statements"),
    ("COPY LOAD IMPORT BULK BACKUP RESTORE", "reads or writes server files"),
    ("VACUUM ANALYZE REINDEX CLUSTER REFRESH CHECKPOINT DBCC RECONFIGURE SHUTDOWN KILL WAITFOR NOTIFY LISTEN "
     "DISCARD DEALLOCATE EXPLAIN ENABLE DISABLE", "maintenance, server control or a plan table write (EXPLAIN PLAN)"),
    ("NEXTVAL SETVAL SET_CONFIG TXID_CURRENT DBLINK DBLINK_EXEC LO_IMPORT LO_EXPORT LO_UNLINK LO_CREATE "
     "PG_TERMINATE_BACKEND PG_CANCEL_BACKEND PG_RELOAD_CONF PG_ROTATE_LOGFILE PG_SWITCH_WAL PG_CREATE_RESTORE_POINT",
     "a function with a side effect (a sequence, a setting, a file, another session)"),
    ("OPENQUERY OPENROWSET OPENDATASOURCE", "runs a statement on another server"),
)  # fmt: skip
REFUSED_WORDS: dict[str, str] = {word: why for words, why in _REFUSED for word in words.split()}
# Word prefixes refused the same way -> why (routines families with side effects).
REFUSED_PREFIXES: dict[str, str] = {
    "XP_": "SQL Server extended procedures (xp_cmdshell)",
    "SP_": "SQL Server system procedures",
    "UTL_": "Oracle UTL_ packages reach files and the network",
    "PG_ADVISORY": "PostgreSQL advisory locks",
    "PG_CREATE_": "PostgreSQL replication slots and restore points",
    "PG_DROP_": "PostgreSQL replication slots",
    "PG_LOGICAL_": "writes to the WAL",
    "PG_REPLICATION_": "replication origin control",
}
# Oracle's DBMS_ packages are refused but for these, whose functions the validators call and which only compute.
DBMS_ALLOWED: dict[str, str] = {"DBMS_CRYPTO": "HASH: the checksum of a LOB value", "DBMS_LOB": "GETLENGTH, SUBSTR"}

READ_STARTS = frozenset({"SELECT", "WITH"})


@dataclass(frozen=True)
class SessionStatement:
    """A session statement the tool itself sends on a read-only connection, as a pattern over its tokens."""

    pattern: re.Pattern[str]  # over the statement's tokens joined by one blank, words upper-cased
    reason: str


def session(pattern: str, reason: str) -> SessionStatement:
    return SessionStatement(re.compile(pattern), reason)


def check_read_only(sql: str, engine: str, allowed: tuple[SessionStatement, ...] = ()) -> None:
    """Raise QueryError unless `sql` is one SELECT-class statement, or one of `allowed`."""
    tokens = tokenize(sql, QUOTING[engine])
    while tokens and tokens[-1].text == ";":
        tokens.pop()
    if not tokens:
        _refuse(sql, "there is no statement")
    shape = " ".join(t.upper or t.text for t in tokens)
    if any(s.pattern.fullmatch(shape) for s in allowed):
        return
    explained = _explained(tokens, engine)
    if explained is not None:  # EXPLAIN (ANALYZE ...) runs the statement: that statement must be a read
        check_read_only(sql[explained:], engine, ())
        return
    start = tokens[0].upper or tokens[0].text
    if start not in READ_STARTS and not (start == "(" and _first_word(tokens) in READ_STARTS):
        _refuse(sql, f"it starts with {start}, not SELECT or WITH")
    for at, token in enumerate(tokens):
        if token.text == ";":
            _refuse(sql, "it holds more than one statement")
        why = _refused(token, tokens[at - 1] if at else None)
        if why:
            _refuse(sql, f"{token.text} {why}")
        if token.upper == "NEXT" and [t.upper for t in tokens[at + 1 : at + 3]] == ["VALUE", "FOR"]:
            _refuse(sql, "NEXT VALUE FOR advances a sequence")


# EXPLAIN options that only describe how the plan is shown (PostgreSQL); the statement explained is checked itself
EXPLAIN_OPTIONS = frozenset({"ANALYZE", "BUFFERS", "FORMAT", "JSON", "TEXT", "VERBOSE", "COSTS", "TIMING", "SUMMARY",
                             "SETTINGS", "WAL", "TRUE", "FALSE", "ON", "OFF", ","})  # fmt: skip


def _explained(tokens: list[Token], engine: str) -> int | None:
    """Where the statement of a PostgreSQL `EXPLAIN (options) statement` starts, or None."""
    if engine != "postgresql" or len(tokens) < 4 or tokens[0].upper != "EXPLAIN" or tokens[1].text != "(":
        return None
    for at, token in enumerate(tokens[2:], 2):
        if token.text == ")":
            return tokens[at + 1].start if at + 1 < len(tokens) else None
        if (token.upper or token.text) not in EXPLAIN_OPTIONS:
            return None
    return None


def _refused(token: Token, before: Token | None) -> str:
    word = token.upper
    if not word:
        return ""
    member = before is not None and before.text == "."  # t.update_count is a column, seq.NEXTVAL is not
    if word in REFUSED_WORDS and (not member or word == "NEXTVAL"):
        return REFUSED_WORDS[word]
    if word.startswith("DBMS_"):
        return "" if word in DBMS_ALLOWED else "an Oracle DBMS_ package call may write"
    return next((why for prefix, why in REFUSED_PREFIXES.items() if word.startswith(prefix)), "")


def _first_word(tokens: list[Token]) -> str:
    return next((t.upper for t in tokens if t.upper), "")


def _refuse(sql: str, why: str) -> None:
    first_line = " ".join(sql.split())[:160]
    raise QueryError(
        f"refused on a read-only source connection: {why}\n  query: {first_line}",
        "only single SELECT statements are sent to a source; this is a bug in aurora-migrate, please report it",
    )


__all__ = ["REFUSED_WORDS", "SessionStatement", "check_read_only", "session"]
