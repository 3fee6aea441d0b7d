"""Which reader takes a statement: a table keyed on the statement's first words.

Every statement gets exactly one StatementRecord: read into an object, ignored with a reason,
unsupported (kept with its text) or unparsed (kept with its text). A reader that fails on
unexpected input does not stop the scan: the statement is recorded as unparsed with a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import assessments.files.read_code as read_code
import assessments.files.read_data as read_data
import assessments.files.read_objects as read_objects
import assessments.files.read_scripts as read_scripts
import assessments.files.read_tables as read_tables
from assessments.files.builder import Builder
from migrate.sqltext.cursor import Cursor
from migrate.sqltext.lexer import QUOTING
from migrate.sqltext.split_oracle import substitute
from migrate.sqltext.statement import Statement

Reader = Callable[[Statement, Cursor, Builder], None]

# Words between CREATE and the object kind that do not change which reader applies.
MODIFIERS = frozenset(
    {"OR", "REPLACE", "EDITIONABLE", "NONEDITIONABLE", "EDITIONING", "FORCE", "NOFORCE", "PUBLIC", "SHARED",
     "UNIQUE", "BITMAP", "CLUSTERED", "NONCLUSTERED", "COLUMNSTORE", "MULTIVALUE", "GLOBAL", "TEMPORARY", "TEMP",
     "PRIVATE", "UNLOGGED", "RECURSIVE", "CONSTRAINT", "NO", "SECURE", "IMMUTABLE", "BLOCKCHAIN", "SHARDED",
     "DUPLICATED", "TRUSTED", "DEFAULT"}
)  # fmt: skip
CREATE_ALTER = ("ALTER",)  # T-SQL CREATE OR ALTER


def _ignore(reason: str, kind: str) -> Reader:
    def ignore(stmt: Statement, cur: Cursor, b: Builder) -> None:
        b.record(stmt, kind, "", "ignored", reason)

    return ignore


def _unsupported(kind: str, what: str) -> Reader:
    def unsupported(stmt: Statement, cur: Cursor, b: Builder) -> None:
        b.problem("SCAN-UNSUPPORTED-001", f"{what}: not a schema object; kept for review", stmt, kind)
        b.record(stmt, kind, "", "unsupported", what)

    return unsupported


_FEATURE = read_scripts.read_feature


def _exec_script(stmt: Statement, cur: Cursor, b: Builder) -> None:
    read_scripts.read_exec_script(stmt, cur, b, read_statement)  # a batch's inner statements come back here


def _oracle_block(stmt: Statement, cur: Cursor, b: Builder) -> None:
    read_code.read_install_block(stmt, cur, b, read_statement)  # its EXECUTE IMMEDIATE DDL comes back here


def _guarded(stmt: Statement, cur: Cursor, b: Builder) -> None:
    read_scripts.read_guarded(stmt, cur, b, read_statement)


# A BEGIN/DECLARE script: a PL/SQL anonymous block in Oracle, a T-SQL batch in SQL Server.
SCRIPT_READERS: dict[str, Reader] = {
    "oracle": _oracle_block,
    "sqlserver": _exec_script,
    "postgresql": read_code.read_anonymous_block,
}
_DATA = read_data.read_data  # rows move with DMS, not with the schema: counted per table, one record each

# (first words after modifiers are dropped, reader). First match wins; each row says why.
HEAD_READERS: tuple[tuple[tuple[str, ...], Reader], ...] = (
    (("CREATE", "TABLE"), read_tables.read_create_table),
    (("CREATE", "INDEX"), read_objects.read_index),
    (("CREATE", "SEQUENCE"), read_objects.read_sequence),
    (("CREATE", "MATERIALIZED", "VIEW", "LOG"), read_scripts.read_mview_log),  # fast-refresh change log
    (("CREATE", "MATERIALIZED", "VIEW"), read_objects.read_materialized_view),
    (("CREATE", "SNAPSHOT"), read_objects.read_materialized_view),  # Oracle's old name for an MView
    (("CREATE", "VIEW"), read_objects.read_view),
    (("CREATE", "SYNONYM"), read_objects.read_synonym),
    (("CREATE", "DATABASE", "LINK"), read_objects.read_db_link),
    (("CREATE", "TRIGGER"), read_code.read_trigger),
    *(
        ((verb, kind), read_code.read_routine)
        for verb in ("CREATE", "ALTER")
        for kind in ("PROCEDURE", "PROC", "FUNCTION", "PACKAGE", "TYPE", "AGGREGATE")
    ),
    (("ALTER", "TRIGGER"), read_code.read_trigger_state),
    (("DISABLE", "TRIGGER"), read_code.read_trigger_state),  # T-SQL
    (("ENABLE", "TRIGGER"), read_code.read_trigger_state),
    (("ALTER", "TABLE"), read_tables.read_alter_table),
    (("ALTER", "SESSION"), read_scripts.read_alter_session),
    (("COMMENT", "ON"), read_objects.read_comment),
    (("GRANT",), read_objects.read_grant),
    (("CREATE", "SCHEMA"), read_scripts.read_create_schema),
    (("CREATE", "DOMAIN"), read_code.read_domain),  # PostgreSQL: a type like any other user type
    (("CREATE", "CONTEXT"), read_scripts.read_context),  # Oracle application context: how it keeps its values
    (("CREATE", "PARTITION", "FUNCTION"), read_scripts.read_partition_function),  # T-SQL: the boundaries
    (("CREATE", "PARTITION", "SCHEME"), read_scripts.read_partition_scheme),
    *(
        (("CREATE", kind), _FEATURE)
        for kind in (
            "USER",
            "ROLE",
            "LOGIN",
            "TABLESPACE",
            "DIRECTORY",
            "PROFILE",
            "EXTENSION",
            "PARTITION",
            "ASSEMBLY",
            "QUEUE",
            "SERVICE",
            "MESSAGE",
            "CONTRACT",
            "FULLTEXT",
            "XML",
            "DOMAIN",
            "DATABASE",  # after DATABASE LINK above; its collation and options matter to the target
            "CAST",
            "OPERATOR",
            "COLLATION",
            "JAVA",
            "LIBRARY",
            "CLUSTER",
            "DIMENSION",
            "EDITION",
            "LANGUAGE",
            "SERVER",
            "FOREIGN",
            "PUBLICATION",
            "SUBSCRIPTION",
            "EVENT",
            "POLICY",
            "RULE",
            "STATISTICS",
            "TEXT",
            "ACCESS",
            "CONVERSION",
            "APPLICATION",
            "ROUTE",
            "REMOTE",
            "SECURITY",
            "MASTER",
            "CERTIFICATE",
            "SYMMETRIC",
            "ASYMMETRIC",
            "CREDENTIAL",
            "AUDIT",
            "RESOURCE",
            "WORKLOAD",
            "FILEGROUP",
            "ANALYTIC",
            "ATTRIBUTE",
            "HIERARCHY",
        )
    ),  # server-level objects the report lists; the rules decide what they cost
    (("SET",), read_scripts.read_set),
    (("PRINT",), _ignore("console output of the install script", "print")),
    (("RAISERROR",), read_scripts.read_raiserror),  # a message (severity <= 10) or an error the script raises
    (("CHECKPOINT",), _ignore("flushes the source's dirty pages: maintenance of the source", "checkpoint")),
    (("USE",), read_scripts.read_use),
    (("BEGIN",), lambda s, c, b: SCRIPT_READERS[c.quoting.name](s, c, b)),
    (("DECLARE",), lambda s, c, b: SCRIPT_READERS[c.quoting.name](s, c, b)),
    (("DO",), read_code.read_anonymous_block),  # PostgreSQL anonymous block
    (("IF",), _guarded),  # SSMS "check for object existence" wrappers
    (("EXEC",), _exec_script),
    (("EXECUTE",), _exec_script),
    (("SELECT", "PG_CATALOG", ".", "SETVAL"), read_scripts.read_setval),
    (("SELECT", "PG_CATALOG", ".", "SET_CONFIG"), _ignore("pg_dump session setup", "set")),
    (("DROP",), _ignore("drops an object before creating it; the target starts empty", "drop")),
    (("COMMIT",), _ignore("transaction control of the install script", "transaction")),
    (("ROLLBACK",), _ignore("transaction control of the install script", "transaction")),
    (("ANALYZE",), _ignore("statistics are gathered on the target after the load", "statistics")),
    (("VACUUM",), _ignore("maintenance of the source", "statistics")),
    (("ALTER", "SEQUENCE"), read_scripts.read_alter_sequence),
    (("ALTER", "INDEX"), _ignore("index maintenance (rebuild, attach, rename): indexes are created whole", "index")),
    (("ALTER", "AUTHORIZATION"), _ignore("ownership is set when deploying to the target", "authorization")),
    (("ALTER", "DATABASE"), read_scripts.read_database_option),
    (("REVOKE",), _unsupported("revoke", "a privilege revoked")),
    (("DENY",), _unsupported("deny", "a T-SQL DENY (PostgreSQL has no deny; a revoke or a role design)")),
    (("INSERT",), _DATA),
    (("UPDATE", "STATISTICS"), _ignore("statistics are gathered on the target after the load", "statistics")),
    (("UPDATE",), _DATA),
    (("DELETE",), _DATA),
    (("MERGE",), _DATA),
    (("TRUNCATE",), _DATA),
    (("COPY",), _DATA),
)


HEADER_CHARS = 4000
DATA_PROBE_CHARS = 512  # the verb and the table name of a data statement are in its first characters
# HEAD_READERS by first word (first match still wins): one dict look-up per statement, not a walk of every row.
_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], Reader]]] = {}
for _words, _reader in HEAD_READERS:
    _BY_FIRST_WORD.setdefault(_words[0], []).append((_words, _reader))


def reader_for(head: tuple[str, ...]) -> Reader | None:
    rows = _BY_FIRST_WORD.get(head[0], []) if head else []
    return next((reader for words, reader in rows if head[: len(words)] == words), None)


# IF blocks too: an SSDT post-deployment `IF ... BEGIN <10 MB of INSERTs> END` is read by its guard, then split
HEADER_ONLY = (read_code.read_routine, read_code.read_trigger, read_data.read_data, read_scripts.read_guarded)


def head_words(cur: Cursor, limit: int = 6) -> tuple[str, ...]:
    words: list[str] = []
    for token in cur.tokens[:12]:
        word = token.upper or token.text.upper()
        if words and words[0] == "CREATE" and word in MODIFIERS:
            continue
        if (
            words[:1] == ["CREATE"]
            and len(words) == 1
            and word == "ALTER"
            and "OR" in {t.upper for t in cur.tokens[:3]}
        ):
            continue
        words.append(word)
        if len(words) >= limit:
            break
    return tuple(words)


def read_statement(stmt: Statement, b: Builder) -> None:
    if stmt.problem:
        b.problem("SCAN-UNTERMINATED-001", stmt.problem, stmt)
    if stmt.kind == "client":
        read_client(stmt, b)
        return
    stmt = SUBSTITUTE[b.dialect](stmt, b)
    quoting = QUOTING[b.dialect]
    # A data statement is read by its verb and table only: a 50 MB INSERT is never tokenized whole.
    probe = Cursor(stmt.text[:DATA_PROBE_CHARS], quoting) if len(stmt.text) > DATA_PROBE_CHARS else None
    head = head_words(probe or Cursor(stmt.text, quoting))
    reader = reader_for(head)
    if probe is not None and reader is not read_data.read_data:
        # Stored code is kept as text: only its header is read, so only the header is tokenized.
        probe = Cursor(stmt.text[:HEADER_CHARS], quoting) if len(stmt.text) > HEADER_CHARS else None
        head = head_words(probe or Cursor(stmt.text, quoting))
        reader = reader_for(head)
    cur = probe if probe is not None and reader in HEADER_ONLY else Cursor(stmt.text, quoting)
    while cur.tokens and cur.tokens[-1].text in (";", "/"):
        cur.tokens.pop()  # the terminator is the splitter's business
    if (
        head[:1] == ("ALTER",)
        and any(a.upper == "OWNER" and b_.upper == "TO" for a, b_ in zip(cur.tokens, cur.tokens[1:]))
        and not (head[1:2] == ("TABLE",) and len(read_tables.alter_actions(cur)) > 1)  # OWNER TO among others
    ):
        b.record(stmt, head[1].lower(), "", "ignored", "ownership is set when deploying to the target")
        return
    if reader is None:
        _unknown(stmt, cur, b, head)
        return
    if head[:1] == ("ALTER",) and stmt.kind != "block" and head[1:2] != ("TABLE",) and reader is read_code.read_routine:
        if head[1:2] == ("TYPE",) and read_code.changes_type(cur):
            b.problem("SCAN-UNSUPPORTED-001", "ALTER TYPE changes the type (its attributes, methods, limit or "
                      "FINAL): not read, so the type and the columns of its object tables are as its CREATE TYPE "
                      "declares them", stmt)  # fmt: skip
            b.record(stmt, "type", "", "unsupported", "a change of a type (type evolution) is not read")
            return
        b.record(stmt, head[1].lower(), "", "ignored", "recompiles stored code; the target compiles on deploy")
        return
    b.begin()
    try:
        reader(stmt, cur, b)
    except (IndexError, KeyError, ValueError, AttributeError, TypeError) as exc:
        b.problem(
            "SCAN-UNPARSED-001", f"could not read this {' '.join(head[:2])} statement ({type(exc).__name__})", stmt
        )
        b.record(stmt, " ".join(head[:2]).lower(), "", "unparsed", f"reader failed: {exc}")


def _unknown(stmt: Statement, cur: Cursor, b: Builder, head: tuple[str, ...]) -> None:
    first = cur.peek()
    if first is None:
        b.record(stmt, "empty", "", "ignored", "no code: only comments or blanks")
    elif first.kind == "word":
        what = " ".join(head[:2])
        b.problem("SCAN-UNSUPPORTED-001", f"{what}: a statement the scanner does not read", stmt)
        b.record(stmt, head[0].lower(), "", "unsupported", f"{what} is not read by the scanner")
    else:
        b.problem("SCAN-UNPARSED-001", "not a SQL statement the scanner recognises", stmt)
        b.record(stmt, "unknown", "", "unparsed", "does not start with a SQL keyword")


# Client commands (SQL*Plus, sqlcmd, psql, GO): what each is, and why nothing of it migrates.
CLIENT_REASONS = {
    "GO": "T-SQL batch separator (a client command)",
    "/": "SQL*Plus: runs the buffer again (the statement before it already ran)",
    "@": "SQL*Plus: runs another script; scan that file too",
    ":": "sqlcmd command",
    "\\": "psql meta-command",
}


def _substitute_sqlplus(stmt: Statement, b: Builder) -> Statement:
    if not b.define_on or "&" not in stmt.text:
        return stmt
    text, missing = substitute(stmt.text, b.defines)
    for name in sorted(missing - b.undefined):
        b.problem("SCAN-PARTIAL-001", f"SQL*Plus variable &{name} has no DEFINE in the scanned files: the "
                  "statement is read with it unreplaced", stmt)  # fmt: skip
    b.undefined |= missing
    return replace(stmt, text=text)


# Client-side text substitution before a statement reaches the server, per dialect.
SUBSTITUTE: dict[str, Callable[[Statement, Builder], Statement]] = {
    "oracle": _substitute_sqlplus,  # SQL*Plus &variables
    "sqlserver": lambda stmt, b: stmt,  # sqlcmd $(var) is rare in exports: read as written
    "postgresql": lambda stmt, b: stmt,  # psql :var likewise
}


def _define(text: str, b: Builder) -> None:
    """DEFINE name = value / DEFINE name value; SET DEFINE OFF|ON; UNDEFINE name."""
    words = text.replace("=", " = ").split()
    upper = [w.upper() for w in words]
    if upper[:1] in (["DEFINE"], ["DEF"]) and len(words) >= 3:
        value = " ".join(words[3:] if words[2] == "=" else words[2:])
        b.defines[words[1].upper()] = value.strip("'\"")
    elif upper[:2] == ["SET", "DEFINE"] and len(words) > 2:
        b.define_on = upper[2] != "OFF"
    elif upper[:1] == ["UNDEFINE"]:
        for name in upper[1:]:
            b.defines.pop(name, None)


def _connect(stmt: Statement, text: str, b: Builder) -> None:
    """CONNECT user[/password][@db] [AS SYSDBA]: what follows is created in that user's schema. A user written as a
    SQL*Plus variable with no value in the scanned files (`CONNECT &owner/&pwd`, `DEFINE owner = &3`: a script
    argument) names no schema that can be known: what follows goes to the default schema, and the finding says how
    to name it. SYS AS SYSDBA creates users and grants, not the application's objects: no schema change."""
    written = user = text.split()[1].split("/")[0].split("@")[0]
    if b.define_on and "&" in user:
        user, _missing = substitute(user, b.defines)
    if "&" in user:
        b.problem("SCAN-PARTIAL-001", f"CONNECT {written}: the user is a SQL*Plus variable with no value in the "
                  f"scanned files; what follows is read into schema {b.default_schema or 'DEFAULT'} (set "
                  "source.default_schema to the schema it is created in)", stmt)  # fmt: skip
        b.current_schema = b.default_schema
        return
    if "SYSDBA" in text.upper().split() or user.upper() == "SYS":
        return
    b.current_schema = user.strip('"') if user.startswith('"') else user.upper()


def read_client(stmt: Statement, b: Builder) -> None:
    text = stmt.text.strip()
    word = text.split(None, 1)[0].upper().rstrip(";") if text else ""
    _define(text, b)
    if word in ("EXEC", "EXECUTE"):  # SQL*Plus EXEC x: the same as BEGIN x; END;
        call = text.split(None, 1)[1] if " " in text else ""
        block = Statement(f"BEGIN {call.rstrip(';')}; END;", stmt.file, stmt.line, stmt.end_line, "block")
        read_code.read_anonymous_block(block, Cursor(block.text, QUOTING[b.dialect]), b)
        return
    if word in ("CONNECT", "CONN") and len(text.split()) > 1:
        _connect(stmt, text, b)
    if word == "GO" and len(text.split()) > 1 and text.split()[1].isdigit() and int(text.split()[1]) > 1:
        b.problem("SCAN-GO-REPEAT-001", f"'{text}' repeats the batch before it {text.split()[1]} times", stmt)
    reason = CLIENT_REASONS.get(word) or CLIENT_REASONS.get(text[:1]) or f"SQL*Plus command {word}: runs in the client"
    b.record(stmt, "client", word.lower(), "ignored", reason)
