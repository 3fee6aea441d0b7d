"""Statement readers for scripts and session statements: T-SQL EXEC batches (extended properties,
SQL Agent jobs), SET/USE/ALTER SESSION, server-level objects (users, roles, tablespaces...)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assessments.files.builder import Builder
from assessments.files.extended_properties import apply_properties
from migrate.model import CONTEXT_ACCESS, Feature, Job
from migrate.sqltext.cursor import Cursor, split_top_level
from migrate.sqltext.lexer import TSQL, skip_comments
from migrate.sqltext.split_tsql import split_tsql
from migrate.sqltext.statement import Statement

StatementReader = Callable[[Statement, Builder], None]

AGENT_PROCEDURES = ("SP_ADD_JOB", "SP_ADD_JOBSTEP", "SP_ADD_JOBSCHEDULE")
_CALL_END = frozenset({"EXEC", "EXECUTE", "IF", "COMMIT", "SELECT", "DECLARE", "GOTO", "BEGIN", "END", "SET"})

# SQL Agent schedule frequency codes (msdb.dbo.sysschedules.freq_type), in words.
FREQ_TYPES = {
    "1": "once",
    "4": "daily",
    "8": "weekly",
    "16": "monthly",
    "32": "monthly (relative)",
    "64": "when SQL Server Agent starts",
    "128": "when the computer is idle",
}


def _calls(cur: Cursor) -> list[tuple[str, dict[str, str]]]:
    """Every `[EXEC] [db.]schema.procedure @a = v, 'positional', ...` call in a T-SQL script, with its
    parameters: named ones by name, positional ones as #0, #1... A positional argument may be a bare
    word (`sp_addtype id, 'varchar(11)'`: T-SQL reads it as a string); a word after an argument with
    no comma between starts the next statement (`raiserror(...)` on the following line)."""
    calls: list[tuple[str, dict[str, str]]] = []
    tokens = cur.tokens
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if token.kind == "word" and token.upper.startswith("SP_"):
            params: dict[str, str] = {}
            at += 1
            expect = True  # an argument may start here (after the name or a comma)
            while at < len(tokens) and tokens[at].upper not in _CALL_END:
                arg = tokens[at]
                if tokens[at].text.startswith("@") and at + 2 < len(tokens) and tokens[at + 1].text == "=":
                    params[tokens[at].text.lower()] = _literal(tokens[at + 2].text)
                    at, expect = at + 3, False
                    continue
                if arg.kind == "word" and not expect and arg.upper not in ("OUTPUT", "OUT"):
                    break  # the next statement of the batch
                if arg.kind == "string" or (expect and arg.kind == "word"):
                    params[f"#{len(params)}"] = _literal(arg.text)
                elif expect and arg.kind == "qident":  # [name] or "name"
                    params[f"#{len(params)}"] = arg.text[1:-1].replace(arg.text[-1] * 2, arg.text[-1])
                expect = arg.text == ","
                at += 1
            calls.append((token.upper, params))
            continue
        at += 1
    return calls


def _literal(value: str) -> str:
    """A T-SQL string literal's value (N'..' and '' unescaped); anything else as written."""
    if value[:2].upper() == "N'":
        value = value[1:]
    if value[:1] == "[" and value.endswith("]"):  # @level0name = [Person]: a bracketed name
        return value[1:-1].replace("]]", "]")
    return value[1:-1].replace("''", "'") if value[:1] == "'" and value.endswith("'") else value


def read_exec_script(stmt: Statement, cur: Cursor, b: Builder, read: StatementReader) -> None:
    """A T-SQL batch of procedure calls: MS_Description comments, SQL Agent jobs; else flagged."""
    calls = _calls(cur)
    names = {name for name, _ in calls}
    if "SP_ADD_JOB" in names:
        job = _agent_job(calls, stmt)
        b.jobs.append(job)
        b.record(stmt, "job", f"{job.owner}.{job.name}")
        return
    if names == {"SP_EXECUTESQL"} and _dynamic_ddl(calls):
        # SSMS scripts modules as EXEC dbo.sp_executesql @statement = N'CREATE PROCEDURE ...'
        text = _dynamic_ddl(calls)
        read_inner(stmt, text, 0, b, read)
        return
    if names == {"SP_ADDTYPE"} and all(_alias_type_ddl(p) for _, p in calls):
        # the legacy way to create an alias type: read as the CREATE TYPE ... FROM it stands for
        read_inner(stmt, "\n".join(_alias_type_ddl(p) for _, p in calls), 0, b, read)
        return
    if names == {"SP_ADDEXTENDEDPROPERTY"}:
        read, ignored = apply_properties(calls, b)
        if read:
            disposition = "ignored" if ignored else "object"
            named = ", ".join(p.get("@level1name") or p.get("@level0name", "") for _, p in calls)
            b.record(stmt, "comment", named, disposition, ignored)
            return
    b.problem("SCAN-UNSUPPORTED-001", "a T-SQL script batch: it is run by the script, not stored", stmt)
    b.record(stmt, "script", "", "unsupported", "script code, not a schema object")


def _alias_type_ddl(params: dict[str, str]) -> str:
    """sp_addtype @typename, @phystype [, @nulltype] [, @owner] as CREATE TYPE owner.name FROM phystype [NOT] NULL."""
    name, base = params.get("@typename", params.get("#0", "")), params.get("@phystype", params.get("#1", ""))
    nulls = params.get("@nulltype", params.get("#2", "NULL")).upper()
    owner = params.get("@owner", params.get("#3", "dbo"))
    if not name or not base or nulls not in ("NULL", "NOT NULL", "NONULL"):
        return ""
    nullability = "NULL" if nulls == "NULL" else "NOT NULL"
    return f"CREATE TYPE [{owner.replace(']', ']]')}].[{name.replace(']', ']]')}] FROM {base} {nullability}"


def _dynamic_ddl(calls: list[tuple[str, dict[str, str]]]) -> str:
    params = calls[0][1]
    statement = params.get("@statement", params.get("#0", ""))
    head = skip_comments(statement, TSQL).upper()
    return statement if head.startswith(("CREATE", "ALTER", "SET")) else ""


def _agent_job(calls: list[tuple[str, dict[str, str]]], stmt: Statement) -> Job:
    job = next(p for name, p in calls if name == "SP_ADD_JOB")
    steps = [p.get("@command", "") for name, p in calls if name == "SP_ADD_JOBSTEP"]
    schedules = [
        f"{p.get('@name', '')}: {FREQ_TYPES.get(p.get('@freq_type', ''), 'freq_type ' + p.get('@freq_type', '?'))}"
        f" at {p.get('@active_start_time', '0').zfill(6)[:2]}:{p.get('@active_start_time', '0').zfill(6)[2:4]}"
        for name, p in calls
        if name == "SP_ADD_JOBSCHEDULE"
    ]
    return Job(
        owner=job.get("@owner_login_name", ""),
        name=job.get("@job_name", ""),
        kind="sql_agent",
        schedule="; ".join(schedules),
        action="\n".join(steps),
        enabled=job.get("@enabled", "1") != "0",
        location=stmt.location,
    )


# Session settings that change what later statements mean (SQL Server docs, SET ANSI_NULLS /
# SET QUOTED_IDENTIFIER): OFF is deprecated and changes NULL comparison / quoting semantics.
SEMANTIC_SETTINGS = {"ANSI_NULLS": "ON", "QUOTED_IDENTIFIER": "ON", "CONCAT_NULL_YIELDS_NULL": "ON"}


def read_set(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("SET")
    option = cur.word()
    words = [t.upper or t.text.upper() for t in cur.tokens]
    if option in SEMANTIC_SETTINGS and SEMANTIC_SETTINGS[option] not in words:
        b.problem("SCAN-SESSION-001", f"SET {option} OFF: objects created after it behave differently", stmt)
    if option == "SEARCH_PATH":  # PostgreSQL: the first schema is where unqualified names go
        cur.next()
        cur.accept_any("=", "TO")
        token = cur.next()
        if token is not None and token.kind in ("word", "qident", "string"):
            b.current_schema = token.text.strip("'\"") or b.current_schema
    b.record(stmt, "set", option.lower(), "ignored", "session setting of the export script")


# Oracle's PL/SQL compilation parameters: an install script sets them before it creates its units, and
# conditional compilation reads them ($$PLSQL_OPTIMIZE_LEVEL, the flags of PLSQL_CCFLAGS)
COMPILER_PARAMETERS = frozenset({"PLSQL_OPTIMIZE_LEVEL", "PLSQL_CCFLAGS", "PLSQL_CODE_TYPE", "PLSQL_DEBUG",
                                 "PLSQL_WARNINGS", "PLSCOPE_SETTINGS", "NLS_LENGTH_SEMANTICS"})  # fmt: skip


def read_alter_session(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """ALTER SESSION SET CURRENT_SCHEMA = X: unqualified names after it belong to X. ALTER SESSION SET
    PLSQL_OPTIMIZE_LEVEL = 3 PLSQL_CCFLAGS = '...': the compilation parameters of the units the scripts create."""
    words = [t.upper for t in cur.tokens]
    if "CURRENT_SCHEMA" in words:
        at = words.index("CURRENT_SCHEMA") + 2
        if at < len(cur.tokens) and cur.tokens[at].text == "&":  # a SQL*Plus variable with no value: unknown
            b.problem("SCAN-PARTIAL-001", "ALTER SESSION SET CURRENT_SCHEMA names a SQL*Plus variable with no value in "
                      f"the scanned files; what follows is read into schema {b.default_schema or 'DEFAULT'} (set "
                      "source.default_schema to the schema it is created in)", stmt)  # fmt: skip
            b.current_schema = b.default_schema
        elif at < len(cur.tokens):
            b.current_schema = cur.fold(cur.tokens[at])
    for at, word in enumerate(words[:-2]):
        if word in COMPILER_PARAMETERS and cur.tokens[at + 1].text == "=":
            value = cur.tokens[at + 2].text
            value = value[1:-1].replace("''", "'") if value.startswith("'") else value.upper()
            b.compiler.setdefault(word, set()).add(value)
    b.record(stmt, "session", "", "ignored", "session setting of the export script")


def read_raiserror(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """RAISERROR (msg, severity, state, ...): severity 0-10 only prints a message (console output of
    the install script); 11 and above raises an error, which stays for review."""
    cur.accept("RAISERROR")
    span = cur.group()
    args = [cur.text[s:e].strip() for s, e in split_top_level(cur.text, cur.quoting, *span)] if span else []
    if len(args) >= 2 and args[1].isdigit() and int(args[1]) <= 10:
        b.record(stmt, "print", "", "ignored", "an informational message of the install script (severity <= 10)")
        return
    b.problem("SCAN-UNSUPPORTED-001", "RAISERROR raises an error in the script: it is run, not stored", stmt)
    b.record(stmt, "raiserror", "", "unsupported", "an error raised by the script, not a schema object")


def read_use(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("USE")
    database = ".".join(cur.name())
    b.record(stmt, "use", database, "ignored", "selects the database the script runs in")


def read_create_schema(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE", "SCHEMA")
    cur.accept("IF", "NOT", "EXISTS")
    if cur.accept("AUTHORIZATION"):
        pass
    name = (cur.name() or ("",))[-1]
    b.note_schema(name)
    b.record(stmt, "schema", name)


# Server-level object kinds spelled with more than one word (longest first wins).
MULTIWORD_FEATURES = (
    "XML SCHEMA COLLECTION", "REMOTE SERVICE BINDING", "FOREIGN DATA WRAPPER", "PARTITION FUNCTION",
    "PARTITION SCHEME", "MESSAGE TYPE", "FULLTEXT CATALOG", "FULLTEXT INDEX", "MASTER KEY", "SYMMETRIC KEY",
    "ASYMMETRIC KEY", "FOREIGN TABLE", "TEXT SEARCH", "ACCESS METHOD", "EVENT TRIGGER", "EVENT SESSION",
    "SECURITY POLICY", "RESOURCE POOL", "WORKLOAD GROUP", "APPLICATION ROLE", "JAVA SOURCE", "JAVA CLASS",
    "ANALYTIC VIEW", "ATTRIBUTE DIMENSION", "AUDIT POLICY", "DATABASE AUDIT SPECIFICATION",
)  # fmt: skip


# Server-level kinds whose behaviour the target must reproduce: the statement is held as a manual object, its
# text and the reason beside it, instead of only being listed.
HELD_FEATURES = {
    "security_policy": "row-level security: ALTER TABLE ... ENABLE and FORCE ROW LEVEL SECURITY, then per predicate "
    "CREATE POLICY ... USING (EXISTS (SELECT 1 FROM predicate_function(columns))) for a FILTER predicate, WITH CHECK "
    "for a BLOCK predicate; convert the inline predicate function first",
}


def read_feature(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """Server-level objects (users, roles, tablespaces, directories, partition functions, CLR...):
    kept as Features so the report lists them; passwords are never read."""
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    cur.accept_any("PUBLIC", "SMALLFILE", "BIGFILE", "TEMPORARY", "UNDO", "TRUSTED", "PROCEDURAL")
    kind = cur.accept_any(*MULTIWORD_FEATURES) or (cur.next().upper if cur.peek() else "")  # type: ignore[union-attr]
    cur.accept("IF", "NOT", "EXISTS")
    name = ".".join(cur.name())
    key = kind.lower().replace(" ", "_")
    b.features.append(Feature(key, name, _collate(cur), stmt.location))
    if key in HELD_FEATURES:
        b.record(stmt, key, name, "unsupported", HELD_FEATURES[key])
    else:
        b.record(stmt, key, name)


def read_context(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """CREATE [OR REPLACE] CONTEXT namespace USING [schema.]package [SHARING = ...] [INITIALIZED {EXTERNALLY |
    GLOBALLY} | ACCESSED GLOBALLY] (Oracle SQL Language Reference): a Feature whose detail says how the context
    keeps its values (CONTEXT_ACCESS; none of the clauses: ACCESSED LOCALLY) and which package may set them."""
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    cur.accept("CONTEXT")
    name = ".".join(cur.name())
    package = ".".join(cur.name()) if cur.accept("USING") else ""
    rest = " ".join(t.upper for t in cur.tokens[cur.pos :])
    access = next((a for a in CONTEXT_ACCESS[1:] if a in rest), CONTEXT_ACCESS[0])
    b.features.append(Feature("context", name, f"{access} USING {package}" if package else access, stmt.location))
    b.record(stmt, "context", name)


def _collate(cur: Cursor) -> str:
    """`COLLATE name` of a CREATE / ALTER DATABASE: the collation every column without its own compares by."""
    words = [t for t in cur.tokens if t.kind in ("word", "qident")]
    at = next((i for i, t in enumerate(words) if t.upper == "COLLATE"), None)
    if at is None or at + 1 >= len(words):
        return ""
    return "COLLATE " + words[at + 1].text.strip('[]"')


def read_setval(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """pg_dump's `SELECT pg_catalog.setval('s', n, true)`: the sequence's current value."""
    strings = [t for t in cur.tokens if t.kind == "string"]
    numbers = [t for t in cur.tokens if t.kind == "number"]
    if strings and numbers:
        parts = tuple(p.strip('"') for p in strings[0].text.strip("'").split("."))
        schema, name = b.qualify(parts)
        if b.change("sequences", schema, name, lambda s: replace(s, last_value=int(numbers[0].text))):
            b.record(stmt, "sequence", f"{schema}.{name}")
            return
    b.record(stmt, "select", "", "ignored", "pg_dump session setup")


# The statement an existence guard runs: what it creates, or (`IF EXISTS (...) DROP ...`, the old
# sysobjects form too) the drop before a create, which the reader ignores like any DROP.
GUARDED_VERBS = frozenset({"CREATE", "ALTER", "EXEC", "EXECUTE", "DROP"})
_FINAL_END = re.compile(r"\bEND\Z", re.IGNORECASE)


def read_guarded(stmt: Statement, cur: Cursor, b: Builder, read: StatementReader) -> None:
    """SSMS "check for object existence": `IF NOT EXISTS (...) [BEGIN] CREATE ... [END]`, `IF EXISTS (...) DROP ...`.

    The statement inside the guard is what the script creates: it is read in place of the IF,
    at its own line, so the inventory and the ledger name the object rather than the wrapper.
    """
    depth, start = 0, None
    for at, token in enumerate(cur.tokens):
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "op" else 0
        if depth == 0 and at > 0 and token.upper in GUARDED_VERBS:
            start = at
            break
    if start is None:
        b.problem("SCAN-UNSUPPORTED-001", "an IF block in the script: it is run, not stored", stmt)
        b.record(stmt, "script", "", "unsupported", "conditional script code")
        return
    tokens = cur.tokens
    if cur.text is stmt.text:
        end = tokens[-1].end
        if tokens[start - 1].upper == "BEGIN" and tokens[-1].upper == "END":
            end = tokens[-2].end
    else:  # a long block is read by its header only (never every token of it): its END is found in the text
        body = stmt.text.rstrip().rstrip(";").rstrip()
        closing = _FINAL_END.search(body[-20:]) if tokens[start - 1].upper == "BEGIN" else None
        end = len(body) - 20 + closing.start() if closing and len(body) >= 20 else len(body)
        end = len(stmt.text[:end].rstrip())
    read_inner(stmt, stmt.text[tokens[start].start : end], tokens[start].start, b, read)


def read_inner(stmt: Statement, text: str, offset: int, b: Builder, read: StatementReader) -> None:
    """Read `text`, found at `offset` inside `stmt`, as the batch of statements it is (`read`: the reader's
    dispatch, which brought the outer statement here)."""
    lines_before = stmt.line - 1 + stmt.text[:offset].count("\n")
    for inner in split_tsql(text, stmt.file):
        read(replace(inner, line=inner.line + lines_before, end_line=inner.end_line + lines_before), b)


def read_alter_sequence(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """pg_dump's ALTER SEQUENCE s OWNED BY t.c ties a serial's sequence to its column: nothing to move."""
    if any(t.upper == "OWNED" for t in cur.tokens):
        b.record(stmt, "sequence", "", "ignored", "OWNED BY: the sequence goes with its column on the target")
        return
    b.problem("SCAN-UNSUPPORTED-001", "ALTER SEQUENCE changes a sequence after it was created", stmt)
    b.record(stmt, "sequence", "", "unsupported", "ALTER SEQUENCE is not read by the scanner")


def read_database_option(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """ALTER DATABASE ... SET option: kept as a Feature (READ_COMMITTED_SNAPSHOT changes locking)."""
    words = [t.text for t in cur.tokens[2:]]
    setting = " ".join(words[words.index("SET") + 1 :] if "SET" in words else words)
    b.features.append(Feature("database_option", setting[:200], _collate(cur), stmt.location))
    b.record(stmt, "database_option", setting[:80])


def read_partition_function(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """CREATE PARTITION FUNCTION f (type) AS RANGE [LEFT|RIGHT] FOR VALUES (v1, v2, ...)."""
    cur.accept("CREATE", "PARTITION", "FUNCTION")
    name = ".".join(cur.name())
    cur.group()
    cur.accept("AS", "RANGE")
    right = cur.accept_any("LEFT", "RIGHT") == "RIGHT"
    cur.accept("FOR", "VALUES")
    span = cur.group()
    values = [cur.text[s:e].strip() for s, e in split_top_level(cur.text, cur.quoting, *span)] if span else []
    b.partition_functions[name.upper()] = (values, right)
    b.features.append(
        Feature(
            "partition_function", name, f"RANGE {'RIGHT' if right else 'LEFT'}: {len(values)} boundaries", stmt.location
        )
    )
    b.record(stmt, "partition_function", name)


def read_partition_scheme(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """CREATE PARTITION SCHEME s AS PARTITION f [ALL] TO (filegroups)."""
    cur.accept("CREATE", "PARTITION", "SCHEME")
    name = ".".join(cur.name())
    cur.accept("AS", "PARTITION")
    function = ".".join(cur.name())
    b.partition_schemes[name.upper()] = function.upper()
    b.features.append(Feature("partition_scheme", name, function, stmt.location))
    b.record(stmt, "partition_scheme", name)


def read_mview_log(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """CREATE MATERIALIZED VIEW LOG ON t: Oracle's change log for fast refresh; PostgreSQL has none."""
    cur.accept("CREATE", "MATERIALIZED", "VIEW", "LOG", "ON")
    schema, table = b.qualify(cur.name())
    b.features.append(Feature("materialized_view_log", f"{schema}.{table}", "", stmt.location))
    b.record(stmt, "materialized_view_log", f"{schema}.{table}")
